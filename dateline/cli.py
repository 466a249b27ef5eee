"""The `dateline` command. Thin: it reads inputs, calls the API and prints; logic lives elsewhere."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from . import __version__
from .model import Article, Page
from .pipeline import DEFAULT_TIME_LIMIT, process
from .render import table_header, table_row, to_markdown, to_text
from .sources import Fetcher, SourceError, iter_paths, read_file, read_stdin


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline", description="News pages to a structured record of what happened.")
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract the article from pages (HTML or text dumps)",
                        description="Extract the article from each INPUT: a file, a directory (recursively), "
                                    "'-' for stdin, or an http(s) URL.")
    ex.add_argument("inputs", nargs="+", metavar="INPUT")
    ex.add_argument("--format", choices=["json", "jsonl", "markdown", "text", "table"], default=None,
                    help="output format (default: json for one input, jsonl for several; "
                         "table: one summary line per page)")
    ex.add_argument("--url", help="the URL the page came from (for a single file or stdin)")
    ex.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (output order is kept)")
    ex.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="seconds per document")
    ex.add_argument("--timeout", type=float, default=20.0, help="seconds for fetching a URL")
    ex.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                    help="progress bar on stderr (auto: when stderr is a terminal)")
    return parser


# An input expands to pages or to a failure; failures are reported and the batch goes on.
Item = tuple[str, Page | SourceError]


def _expand(inputs: Sequence[str], url: str | None, fetcher_timeout: float) -> Iterator[Item]:
    fetcher: Fetcher | None = None
    try:
        for target in inputs:
            if target == "-":
                page = read_stdin()
                page.url = url
                yield target, page
            elif target.startswith(("http://", "https://")):
                fetcher = fetcher or Fetcher(timeout=fetcher_timeout)
                try:
                    yield target, fetcher.fetch(target)
                except SourceError as exc:
                    yield target, exc
            else:
                for path in iter_paths(target):
                    try:
                        page = read_file(path)
                        page.url = url
                        yield path, page
                    except SourceError as exc:
                        yield path, exc
    finally:
        if fetcher is not None:
            fetcher.__exit__()


def _run_one(args: tuple[Page, float]) -> Article:
    page, limit = args
    return process(page, time_limit_s=limit)


def _articles(items: Iterator[Item], jobs: int, limit: float) -> Iterator[tuple[str, Article | SourceError]]:
    if jobs <= 1:
        for name, item in items:
            yield name, item if isinstance(item, SourceError) else process(item, time_limit_s=limit)
        return
    # Pages go to workers in order and come back in order; read failures pass through untouched.
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        window: list[tuple[str, object]] = []
        for name, item in items:
            window.append((name, item if isinstance(item, SourceError) else pool.submit(_run_one, (item, limit))))
            if len(window) >= jobs * 4:
                head_name, head = window.pop(0)
                yield head_name, head if isinstance(head, SourceError) else head.result()  # type: ignore[union-attr]
        for name, head in window:
            yield name, head if isinstance(head, SourceError) else head.result()  # type: ignore[union-attr]


def _progress(enabled: bool, total: int | None):
    from tqdm import tqdm

    return tqdm(total=total, unit="page", disable=not enabled, file=sys.stderr, dynamic_ncols=True)


def cmd_extract(args: argparse.Namespace) -> int:
    many = len(args.inputs) > 1 or any(t != "-" and not t.startswith(("http://", "https://"))
                                       and not _is_file(t) for t in args.inputs)
    fmt = args.format or ("jsonl" if many else "json")
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    failures = 0
    out = sys.stdout
    first_json = True
    if fmt == "json" and many:
        out.write("[")
    elif fmt == "table":
        out.write(table_header() + "\n")
    with _progress(show and many, None) as bar:
        for name, result in _articles(_expand(args.inputs, args.url, args.timeout), max(1, args.jobs), args.time_limit):
            bar.update(1)
            if isinstance(result, SourceError):
                failures += 1
                bar.write(f"dateline: error: {result}", file=sys.stderr)
                art = Article(input=name, is_article=False, reason=str(result))
            else:
                art = result
                if not art.is_article and art.reason and art.reason.startswith(("not a page", "gave up")):
                    bar.write(f"dateline: {name}: {art.reason}", file=sys.stderr)
            if fmt == "jsonl":
                out.write(art.to_json() + "\n")
            elif fmt == "json":
                if many:
                    out.write(("\n" if first_json else ",\n") + art.to_json(indent=2))
                    first_json = False
                else:
                    out.write(art.to_json(indent=2) + "\n")
            elif fmt == "table":
                out.write(table_row(art) + "\n")
            elif fmt == "markdown":
                out.write(to_markdown(art) + "\n")
            else:
                out.write(to_text(art) + "\n")
            out.flush()
    if fmt == "json" and many:
        out.write("\n]\n")
    return 1 if failures else 0


def _is_file(target: str) -> bool:
    import os

    return os.path.isfile(target)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            return cmd_extract(args)
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
