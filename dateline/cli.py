"""The `dateline` command. Thin: it reads inputs, calls the API and prints; logic lives elsewhere."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime

from . import cli_stories
from .config import ConfigError, Settings, load_settings
from .errors import DatelineError
from .model import Article, Page
from .pipeline import StageFailed, process_many
from .render import (
    progress_bar,
    render_actor,
    render_report,
    render_stats,
    table_header,
    table_row,
    to_markdown,
    to_text,
    write_rows,
    write_search_hits,
)
from .sources import Fetcher, Skipped, SourceError
from .sources.http import USER_AGENT
from .sources.select import iter_pages
from .store import ArticleFilter, Store, open_store
from .store.store import redact
from .version import __version__

_DEFAULTS = Settings()  # what help texts print; the values themselves are applied by load_settings


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
    # Defaults come from Settings, after dateline.toml and DATELINE_* (see cmd_extract).
    ex.add_argument("--jobs", "-j", type=int,
                    help=f"worker processes (output order is kept; default {_DEFAULTS.jobs})")
    ex.add_argument("--time-limit", type=float, help=f"seconds per document (default {_DEFAULTS.time_limit:g})")
    ex.add_argument("--timeout", type=float, help=f"seconds for fetching a URL (default {_DEFAULTS.fetch_timeout:g})")
    ex.add_argument("--config", help="a dateline.toml to read settings from (default: ./dateline.toml if present)")
    ex.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                    help="progress bar on stderr (auto: when stderr is a terminal)")
    an = sub.add_parser("analyze", help="extract and enrich pages: entities, actors, places, times, quotes",
                        description="Extract the article from each INPUT (as `extract` reads it) and print it with "
                                    "its entities, actors, places, times and quotes, each with start and end offsets "
                                    "into the article's body.")
    an.add_argument("inputs", nargs="+", metavar="INPUT")
    an.add_argument("--format", choices=["json", "jsonl", "table"], default=None,
                    help="output format (default: json for one input, jsonl for several; table: one line per item)")
    an.add_argument("--text", action="store_true",
                    help="the inputs are clean article text, taken as given (offsets into the input)")
    an.add_argument("--published", type=_date_arg, help="the publication date that anchors relative times")
    an.add_argument("--url", help="the URL the page came from (for a single file or stdin)")
    an.add_argument("--time-limit", type=float, help=f"seconds per document (default {_DEFAULTS.time_limit:g})")
    an.add_argument("--config", help="a dateline.toml to read settings from (default: ./dateline.toml if present)")
    _add_store_commands(sub)
    return parser


def _db_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite path or postgresql:// URL (default: $DATELINE_DB, dateline.toml, ./dateline.db)")
    p.add_argument("--config", help="a dateline.toml to read settings from (default: ./dateline.toml if present)")


def _filter_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_day_or_time_arg, help="published on or after this day (YYYY-MM-DD) or time")
    p.add_argument("--until", type=_day_or_time_arg, help="published on or before this day (YYYY-MM-DD) or time")
    p.add_argument("--site", help="only articles from this domain (subdomains included)")
    p.add_argument("--lang", type=_lang_arg, help="only articles in this language (ISO 639-1, e.g. en or pt-BR)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _lang_arg(text: str) -> str:
    from .iso639 import check_language

    try:
        return check_language(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _day_or_time_arg(text: str) -> date | datetime:
    """A bare day filters by the day the article printed (all of it); a time by the instant."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else _date_arg(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _port_arg(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port: {text!r} (use 1-65535)")
    return int(text)


def _day_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day: {text!r} (use YYYY-MM-DD)") from None


def _date_arg(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _add_store_commands(sub: argparse._SubParsersAction) -> None:
    ing = sub.add_parser("ingest", help="run pages through the pipeline into the database",
                         description="Ingest each SOURCE: files, directories, globs, '-', article URLs, RSS/Atom "
                                     "feeds, sitemaps, lists of URLs, WARC/ARC files, JSON Lines or CSV corpora.")
    ing.add_argument("sources", nargs="+", metavar="SOURCE")
    _db_flags(ing)
    ing.add_argument("--since", type=_date_arg, help="skip feed and sitemap items older than this date")
    ing.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                     help="corpus column for a field, e.g. --map text=body --map published=date")
    ing.add_argument("--include", action="append", default=[], metavar="GLOB",
                     help="read only the files of folders and patterns that match (e.g. '*.html'; repeatable)")
    ing.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                     help="skip the files of folders and patterns that match (e.g. '*.json'; repeatable)")
    ing.add_argument("--max-pages", type=_positive_int, metavar="N",
                     help="stop after N pages not stored yet (run again for the next N)")
    ing.add_argument("--refresh", action="store_true", help="fetch URLs again even if they are stored (conditional GET)")
    ing.add_argument("--batch-size", type=int, help=f"pages per transaction (default {_DEFAULTS.batch_size})")
    ing.add_argument("--jobs", "-j", type=int, help=f"extraction processes (default {_DEFAULTS.jobs})")
    ing.add_argument("--stages", help=f"the pipeline: stage names in order, comma-separated (default: {_DEFAULTS.stages})")
    ing.add_argument("--user-agent", help="the User-Agent for fetching")
    ing.add_argument("--host-delay", type=float,
                     help=f"seconds between two requests to one host (default {_DEFAULTS.host_delay:g})")
    ing.add_argument("--concurrency", type=int, help=f"hosts fetched at once (default {_DEFAULTS.concurrency})")
    ing.add_argument("--quiet", "-q", action="store_true", default=None, help="no progress bar and no summary")
    ing.add_argument("--log-format", choices=["text", "json"], help="errors and the summary as text or JSON lines")
    ing.add_argument("--progress", choices=["auto", "always", "never"], default="auto")

    rep = sub.add_parser("reprocess", help="re-derive the articles from the stored raw pages (no fetching)",
                         description="Run the stored raw pages through the pipeline again (no fetching), with "
                                     "this dateline's extraction; articles that come out the same are left as they are.")
    _db_flags(rep)
    rep.add_argument("--stage", help="re-run only this stage and the stages that depend on it, on the stored "
                                     "articles (default: the whole pipeline, from the raw pages)")
    rep.add_argument("--stages", help=f"the pipeline: stage names in order, comma-separated (default: {_DEFAULTS.stages})")
    rep.add_argument("--outdated-only", action="store_true",
                     help="only what another version of the stage derived (or, for a later stage, "
                          "what it derived from another body)")
    rep.add_argument("--jobs", "-j", type=int, help=f"extraction processes (default {_DEFAULTS.jobs})")
    rep.add_argument("--quiet", "-q", action="store_true", default=None)
    rep.add_argument("--progress", choices=["auto", "always", "never"], default="auto")

    err = sub.add_parser("errors", help="list the failures stored by ingest runs",
                         description="List the failures stored by ingest runs, newest first (reads the "
                                     "database; never creates one).")
    _db_flags(err)
    err.add_argument("--limit", type=int, default=50)
    err.add_argument("--format", choices=["table", "jsonl"], default="table")

    se = sub.add_parser("search", help="full-text search over titles and bodies",
                        description='Full-text search. QUERY: words (all must occur), "a phrase", a OR b, '
                                    '-word or NOT word to exclude, prefix*, title:word. Its words may be '
                                    'given as one argument or several; one beginning with "-" is a word to '
                                    'exclude, not an option (or put the query after --).')
    se.add_argument("query", nargs="*", metavar="QUERY")
    _db_flags(se)
    _filter_flags(se)
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--format", choices=["table", "jsonl"], default="table")

    ex = sub.add_parser("export", help="write the stored articles as JSON Lines, CSV or Parquet (streaming)",
                        description="Write the stored articles, filtered, as JSON Lines, CSV or Parquet, "
                                    "streaming (reads the database; never creates one).")
    _db_flags(ex)
    _filter_flags(ex)
    ex.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    ex.add_argument("--out", help="output file (default: stdout; required for parquet)")

    acs = sub.add_parser("actors", help="list the actor knowledge base (who the articles name)",
                         description="List the actors of the knowledge base that enrichment builds, those named "
                                     "in the most articles first (never creates a database).")
    _db_flags(acs)
    acs.add_argument("--country", metavar="CODE", help="only actors of this country or organisation code (RUS, UNO...)")
    acs.add_argument("--sector", metavar="CODE", help="only actors of this sector (GOV, MIL, REB, MED...)")
    acs.add_argument("--kind", choices=["person", "organisation", "group", "state"])
    acs.add_argument("--name", help="only actors whose name or an alias contains this")
    acs.add_argument("--limit", type=_positive_int, default=50)
    acs.add_argument("--format", choices=["table", "jsonl"], default="table")

    evs = sub.add_parser("events", help="list the events the articles report (who did what to whom, when, where)",
                         description="List the stored events, latest date first, with filters; as a table, JSON "
                                     "Lines, CSV or GDELT 2.0 event rows (tab-separated, no header unless --header; "
                                     "never creates a database).")
    _db_flags(evs)
    evs.add_argument("--actor", metavar="CODE", help="an actor's country (RUS), country and sector (RUSGOV) or id")
    evs.add_argument("--recipient", metavar="CODE", help="a recipient's code, as --actor")
    evs.add_argument("--type", metavar="TYPE", help="a PLOVER event type (CONSULT, ACCUSE...)")
    evs.add_argument("--country", metavar="CODE", help="either side's country, or the place's")
    evs.add_argument("--since", type=_day_arg, help="events dated on or after this day (YYYY-MM-DD)")
    evs.add_argument("--until", type=_day_arg, help="events dated on or before this day (YYYY-MM-DD)")
    evs.add_argument("--query", metavar="TEXT", help="only events a mention's sentence of which contains TEXT")
    evs.add_argument("--limit", type=_positive_int, help="at most N events (default: 50 for the table, all otherwise)")
    evs.add_argument("--format", choices=["table", "jsonl", "csv", "gdelt"], default="table")
    evs.add_argument("--header", action="store_true", help="gdelt: a first row with GDELT's column names")

    one = sub.add_parser("actor", help="one actor: its aliases, roles and latest articles",
                         description="Show one actor of the knowledge base by id, name or alias "
                                     "(\"Lavrov\", \"Sergei Lavrov\", person:sergei-lavrov): the names articles call "
                                     "it by, the roles they give it with their dates, and its latest articles.")
    one.add_argument("name", nargs="+", metavar="NAME")
    _db_flags(one)
    one.add_argument("--format", choices=["text", "json"], default="text")

    st = sub.add_parser("stats", help="counts by site, language and day; errors by reason",
                        description="Counts of what the database holds: pages by kind, articles by site, "
                                    "language and day, errors by stage and reason (never creates a database).")
    _db_flags(st)
    st.add_argument("--top", type=_positive_int, metavar="N", help="the N largest rows of each count (default: all)")
    st.add_argument("--format", choices=["table", "json"], default="table")

    cli_stories.add_parsers(sub, _db_flags, _day_arg, _positive_int)

    sv = sub.add_parser("serve", help="serve the REST API over the database (docs at /docs)",
                        description="Serve the REST API (/api/..., described at /docs and /openapi.json) over the "
                                    "database until interrupted. The ingest endpoints need the bearer token of the "
                                    "serve_token setting (DATELINE_SERVE_TOKEN); without one they are off.")
    _db_flags(sv)
    sv.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=_port_arg, default=8000, help="the port to listen on (default 8000)")
    sv.add_argument("--check", action="store_true",
                    help="open the database and check the address, print where it would serve, and exit")
    sv.add_argument("--no-cache", action="store_true",
                    help="render every answer afresh (the default keeps rendered answers until the data changes; "
                         "setting serve_cache_mb)")


# An input expands to pages or to a failure; failures are reported and the batch goes on.
Item = tuple[str, Page | SourceError]


def _expand(inputs: Sequence[str], url: str | None, settings: Settings) -> Iterator[Item]:
    """The pages of the inputs, read by the sources package (records of a WARC or corpus one by one)."""
    fetcher: Fetcher | None = None

    def make_fetcher() -> Fetcher:
        nonlocal fetcher
        fetcher = fetcher or Fetcher(timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                                     user_agent=settings.user_agent or USER_AGENT, min_delay=settings.host_delay)
        return fetcher

    try:
        for name, item in iter_pages(inputs, fetcher=make_fetcher, url=url):
            if isinstance(item, Skipped):
                print(f"dateline: {name}: skipped " + ", ".join(f"{n} {reason}" for reason, n in item.counts.items()),
                      file=sys.stderr)
                continue
            yield name, item
    finally:
        if fetcher is not None:
            fetcher.close()


def _articles(items: Iterator[Item], settings: Settings) -> Iterator[tuple[str, Article | SourceError | ExtractFailure]]:
    """Extract pages in input order; read failures travel along as tags and come back in place.
    A page extraction could not work on comes back as a non-article whose reason says why."""

    def tagged() -> Iterator[tuple[tuple[str, SourceError | None], Page | None]]:
        for name, item in items:
            if isinstance(item, SourceError):
                yield (name, item), None
            else:
                yield (name, None), item

    for (name, failure), done in process_many(tagged(), settings):
        if failure is not None or done is None:
            yield name, failure or SourceError(f"{name}: nothing read")
        elif done.failure is not None or done.article is None:
            page = done.page
            yield name, ExtractFailure(Article(input=page.source, url=page.url, is_article=False,
                                               reason=done.failure.message if done.failure else "no article"))
        else:
            yield name, done.article


class ExtractFailure:
    """A page that extraction could not work on: printed as a non-article, and reported."""

    def __init__(self, article: Article) -> None:
        self.article = article


def cmd_extract(args: argparse.Namespace) -> int:
    settings = load_settings({"jobs": args.jobs, "time_limit": args.time_limit, "fetch_timeout": args.timeout,
                              "stages": "extract"}, config_path=args.config)  # `analyze` enriches
    many = len(args.inputs) > 1 or any(t != "-" and not t.startswith(("http://", "https://"))
                                       and not os.path.isfile(t) for t in args.inputs)
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    failures = 0
    out = sys.stdout
    first_json = True
    items = _expand(args.inputs, args.url, settings)
    if not many:  # one input that is an archive, a corpus or a URL list holds many pages
        head = list(itertools.islice(items, 2))
        many = len(head) > 1
        items = itertools.chain(head, items)
    fmt = args.format or ("jsonl" if many else "json")
    if fmt == "json" and many:
        out.write("[")
    elif fmt == "table":
        out.write(table_header() + "\n")
    with progress_bar(show and many) as bar:
        for name, result in _articles(items, settings):
            bar.update(1)
            if isinstance(result, SourceError):
                failures += 1
                bar.write(f"dateline: error: {result}", file=sys.stderr)
                art = Article(input=name, is_article=False, reason=str(result))
            elif isinstance(result, ExtractFailure):
                art = result.article
                bar.write(f"dateline: {name}: {art.reason}", file=sys.stderr)
            else:
                art = result
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


def cmd_analyze(args: argparse.Namespace) -> int:
    from .analyze import analyze, analyze_text

    settings = load_settings({"time_limit": args.time_limit}, config_path=args.config)
    published = args.published.isoformat() if args.published else None
    fmt = args.format or ("json" if len(args.inputs) == 1 and args.inputs[0] != "-" and os.path.isfile(args.inputs[0])
                          else "jsonl")
    failures = 0
    for name, item in _expand(args.inputs, args.url, settings):
        try:
            if isinstance(item, SourceError):
                raise item
            if args.text:
                content = item.content.decode("utf-8", "replace") if isinstance(item.content, bytes) else item.content
                result = analyze_text(content, published=published, settings=settings)
            else:
                result = analyze(item.content, url=item.url, published=published, settings=settings)
        except (SourceError, StageFailed) as exc:
            failures += 1
            print(f"dateline: {name}: {exc}", file=sys.stderr)
            continue
        record = {**result.article.to_dict(), "input": name, **result.enrichment.to_dict(),
                  "events": [event.to_dict() for event in result.events]}
        if fmt == "table":
            for kind in ("actors", "places", "times", "quotes", "events"):
                for found in record[kind]:
                    span = found["mentions"][0]["trigger"] if kind == "events" else found
                    print("\t".join([name, kind, f"{span['start']}-{span['end']}", span["text"][:80],
                                     _analysis_value(kind, found)]))
        else:
            print(json.dumps(record, ensure_ascii=False, indent=2 if fmt == "json" else None))
        sys.stdout.flush()
    return 1 if failures else 0


def _analysis_value(kind: str, found: dict) -> str:
    """What an item was resolved to, in a few words, for the table."""
    if kind == "actors":
        actor = found.get("actor") or {}
        return " ".join(str(v) for v in (actor.get("country"), actor.get("sector"), actor.get("name")) if v)
    if kind == "places":
        place = found.get("place") or {}
        return " ".join(str(v) for v in (place.get("name"), place.get("country"), place.get("geonameid")) if v)
    if kind == "times":
        return f"{found.get('type')} {found.get('value')}"
    if kind == "events":
        return _event_summary(found)
    speaker = found.get("speaker") or {}
    return f"{found.get('kind')} quote, speaker: {speaker.get('text') or '—'}"


def _event_summary(event: dict) -> str:
    """"RUS CONSULT/meet USA 2025-02-27 Istanbul future": who did what to whom, when, where, how said."""
    def names(actors: list[dict]) -> str:
        return "+".join(" ".join(v for v in (a.get("country"), a.get("sector")) if v) or a.get("name", "?")
                        for a in actors) or "—"
    flags = [f for f in ("future", "hypothetical", "negated", "historical", "reciprocal") if event.get(f)]
    kind = event["type"] + (f"/{event['mode']}" if event.get("mode") else "")
    place = (event.get("place") or {}).get("name") or ""
    return " ".join(v for v in (names(event["actors"]), kind, names(event["recipients"]), event.get("date") or "",
                                place, *flags) if v)


def _settings(args: argparse.Namespace) -> Settings:
    flags = {name: getattr(args, name, None) for name in
             ("db", "batch_size", "jobs", "stages", "user_agent", "host_delay", "concurrency", "quiet", "log_format")}
    return load_settings(flags, config_path=getattr(args, "config", None))


def _show_progress(args: argparse.Namespace, settings: Settings) -> bool:
    if settings.quiet or settings.log_format == "json":
        return args.progress == "always"
    return args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest, json_event_logger
    from .sources.corpus import parse_mapping

    settings = _settings(args)
    try:
        mapping = parse_mapping(args.map) if args.map else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    on_event = json_event_logger() if settings.log_format == "json" else _text_events(settings.quiet)
    report = ingest(args.sources, settings.db, settings=settings, since=args.since, mapping=mapping,
                    refresh=args.refresh, on_event=on_event, progress=_show_progress(args, settings),
                    include=args.include, exclude=args.exclude, max_pages=args.max_pages)
    if settings.log_format == "json":
        on_event("done", report.to_dict())
    elif not settings.quiet:
        print(render_report(report, redact(settings.db)), file=sys.stderr)
    failed = report.nothing_stored()
    if failed:
        if settings.log_format == "json":
            on_event("failed", {"reason": failed})
        print(f"dateline: error: {failed}", file=sys.stderr)
        return 1
    return 0


def _text_events(quiet: bool):
    def log(kind: str, data: dict) -> None:
        if kind == "error" and not quiet:
            where = data.get("url") or data.get("source") or "input"
            print(f"dateline: {data['stage']} error: {where}: {data['reason']}", file=sys.stderr)

    return log


def cmd_reprocess(args: argparse.Namespace) -> int:
    from .reprocess import reprocess

    settings = _settings(args)
    report = reprocess(settings.db, settings=settings, stage=args.stage, outdated_only=args.outdated_only,
                       on_event=_text_events(settings.quiet), progress=_show_progress(args, settings))
    if not settings.quiet:
        print(render_report(report, redact(settings.db), verb="reprocessed"), file=sys.stderr)
    return 0


def _filter(args: argparse.Namespace) -> ArticleFilter:
    return ArticleFilter(since=args.since, until=args.until, site=args.site, lang=args.lang)


def _open_for_reading(args: argparse.Namespace) -> Store:
    """The store of a read command: never created nor given tables here (a missing one is an error)."""
    return open_store(_settings(args).db, create=False)


def cmd_errors(args: argparse.Namespace) -> int:
    with _open_for_reading(args) as store:
        rows = [row.to_dict() for row in store.errors(limit=args.limit)]
    write_rows(rows, args.format, ("last_seen", "count", "stage", "code", "source", "url", "reason"))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    if not query.strip():
        raise UsageError("search: a query is needed (see dateline search --help)")
    with _open_for_reading(args) as store:
        hits = store.search(query, _filter(args), limit=args.limit)
    write_search_hits(hits, args.format, color=sys.stdout.isatty())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .store.export import export

    if args.format == "parquet" and not args.out:
        raise UsageError("--format parquet needs --out FILE")
    with _open_for_reading(args) as store:
        n = export(store, args.format, args.out or sys.stdout, _filter(args))
    print(f"dateline: exported {n} articles" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open_for_reading(args) as store:
        stats = store.stats(top=args.top)
    if args.format == "json":
        print(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        print(render_stats(stats.to_dict()))
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    with _open_for_reading(args) as store:
        found = store.actors(country=args.country, sector=args.sector, kind=args.kind, name=args.name,
                             limit=args.limit)
    rows = [{k: v for k, v in a.to_dict().items() if k not in ("aliases", "roles", "recent")} for a in found]
    write_rows(rows, args.format, ("id", "name", "kind", "country", "sector", "articles", "mentions", "last_seen"))
    return 0


def cmd_actor(args: argparse.Namespace) -> int:
    name = " ".join(args.name)
    with _open_for_reading(args) as store:
        found = store.actor(name)
    if found is None:
        print(f"dateline: no actor called {name!r} in the knowledge base (try: dateline actors --name ...)",
              file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(found.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        print(render_actor(found.to_dict()))
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from .render_events import write_events
    from .store import EventFilter

    where = EventFilter(actor=args.actor, recipient=args.recipient, type=args.type, country=args.country,
                        since=args.since, until=args.until, query=args.query,
                        limit=args.limit or (50 if args.format == "table" else None))
    with _open_for_reading(args) as store:
        found = store.events(where)
        sources = store.event_sources([m.article_id for e in found for m in e.mentions if m.article_id is not None])
    write_events(found, args.format, sources, sys.stdout, header=args.header)
    return 0


def _with_store(command: Callable[[argparse.Namespace, Store], int]) -> Callable[[argparse.Namespace], int]:
    """A command of cli_stories, run on the store opened for reading."""
    def run(args: argparse.Namespace) -> int:
        with _open_for_reading(args) as store:
            return command(args, store)
    return run


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    settings = _settings(args)
    if args.no_cache:
        settings.serve_cache_mb = 0
    return serve(settings, host=args.host, port=args.port, check_only=args.check)


class UsageError(DatelineError):
    """A command line that cannot run as given (exit status 2, as argparse uses)."""


COMMANDS = {"extract": cmd_extract, "analyze": cmd_analyze, "ingest": cmd_ingest, "reprocess": cmd_reprocess, "errors": cmd_errors,
            "search": cmd_search, "export": cmd_export, "stats": cmd_stats, "actors": cmd_actors, "actor": cmd_actor,
            "events": cmd_events, "serve": cmd_serve,
            "stories": _with_store(cli_stories.cmd_stories), "story": _with_store(cli_stories.cmd_story),
            "bench": _with_store(cli_stories.cmd_bench_clusters)}


def _search_argv(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`search`'s arguments with the query's words after "--": a word beginning with "-" (a word to
    exclude) that is none of the subcommand's options is part of the query, not an unknown option."""
    if not argv or argv[0] != "search":
        return argv
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    options = sub.choices["search"]._option_string_actions
    flags: list[str] = []
    words: list[str] = []
    rest = argv[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        name = arg.split("=", 1)[0]
        if name.startswith("--") and name not in options:  # an abbreviation, as argparse allows
            matches = [o for o in options if o.startswith(name)]
            name = matches[0] if len(matches) == 1 else name
        if arg == "--":
            words += rest[i + 1:]
            break
        if arg.startswith("-") and name in options:
            flags.append(arg)
            if "=" not in arg and options[name].nargs != 0 and i + 1 < len(rest):
                flags.append(rest[i + 1])
                i += 1
        else:
            words.append(arg)
        i += 1
    return ["search", *flags, "--", *words]


def _subparser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of a subcommand (the main one when there is none), for its own usage line."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args, extra = parser.parse_known_args(_search_argv(parser, list(sys.argv[1:] if argv is None else argv)))
    if extra:  # an unknown option is the subcommand's error, with its usage
        _subparser(parser, args.command).error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("dateline: interrupted; what was committed is kept, run the same command again to continue",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except (UsageError, ConfigError) as exc:
        if isinstance(exc, UsageError):
            print(_subparser(parser, args.command).format_usage().rstrip(), file=sys.stderr)
        print(redact(f"dateline: {exc}"), file=sys.stderr)
        return 2
    # Any error a user can cause (a busy or unreachable database, an unreadable source...); OSError:
    # a full disk, an unwritable --out.
    except (DatelineError, OSError) as exc:
        print(redact(f"dateline: error: {exc}"), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug of ours: say what happened, keep the traceback for those who ask
        if os.environ.get("DATELINE_DEBUG"):
            raise
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):  # one line, never the SQL and its parameters
            from .store.store import describe_db_error

            print(f"dateline: error: {describe_db_error(exc, 'the database', 'database error in')}", file=sys.stderr)
            return 1
        first = (str(exc).splitlines() or [""])[0][:500]
        print(redact(f"dateline: internal error: {type(exc).__name__}: {first} (set DATELINE_DEBUG=1 for the "
                     "traceback, and please report it)"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
