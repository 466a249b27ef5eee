"""One SOURCE argument to the work items it stands for: pages in hand, URLs to fetch, or failures.

A source is "-" (stdin), a URL (an article, a feed or a sitemap), a directory (recursively), a
glob, or a file: a WARC/ARC archive, a JSON Lines or CSV corpus, a list of URLs, a feed or sitemap
file, or a page. What a file is comes from its name first and its first bytes second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from ..model import Page
from .errors import Skipped, SourceError
from .files import read_file, read_stdin
from .globs import expand_paths
from .refs import PageRef

if TYPE_CHECKING:
    from .http import Fetcher

Item = Page | PageRef | SourceError | Skipped


def iter_source(
    spec: str,
    *,
    fetcher: Callable[[], Fetcher],
    since: datetime | None = None,
    mapping: dict[str, str] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Iterator[Item]:
    """The work items of one source argument, in order; `fetcher` is called only if the network is needed.
    `include`/`exclude`: globs that the files found in a directory or by a pattern must pass."""
    if spec == "-":
        from .discover import discover_page

        page = read_stdin()
        # A list of URLs (or a feed, a sitemap) on stdin is read as it is in a file.
        listed = discover_page(page, "-", since, fetcher=fetcher)
        if listed is not None:
            yield from listed
        else:
            yield page
    elif spec.startswith(("http://", "https://")):
        from .discover import discover_url

        yield from discover_url(spec, fetcher(), since=since)
    else:
        for path in expand_paths([spec], include, exclude):
            if isinstance(path, (SourceError, Skipped)):
                yield path
            else:
                yield from _file_items(path, fetcher, since, mapping)


def _file_items(path: str, fetcher: Callable[[], Fetcher], since: datetime | None,
                mapping: dict[str, str] | None) -> Iterator[Item]:
    from .corpus import NOT_A_PAGE_JSON, iter_corpus, looks_like_corpus, sniff_json
    from .warc import WarcReader, looks_like_archive, sniff_archive

    try:
        if looks_like_archive(path) or sniff_archive(path)[0]:
            reader = WarcReader(path)
            yield from reader
            if reader.skipped:
                yield Skipped(path, reader.skipped)
            return
    except OSError as exc:
        yield SourceError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    if looks_like_corpus(path):
        yield from iter_corpus(path, mapping)
        return
    json_kind = sniff_json(path, mapping)
    if json_kind == "corpus":
        yield from iter_corpus(path, mapping)
        return
    if json_kind == "other":
        # Metadata, gold files, API dumps beside the pages: not a page, and not a corpus of articles.
        yield Skipped(path, {NOT_A_PAGE_JSON: 1})
        return
    from .discover import discover_file

    listed = discover_file(path, since=since, fetcher=fetcher)
    if listed is not None:
        yield from listed
        return
    try:
        yield read_file(path)
    except SourceError as exc:
        yield exc


def iter_pages(
    specs: Iterable[str],
    *,
    fetcher: Callable[[], Fetcher],
    url: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Iterator[tuple[str, Page | SourceError | Skipped]]:
    """(name, item) for every page the source arguments stand for, in order, URLs fetched on the
    way: what `dateline extract` works on. A WARC or corpus gives one page per record, a URL list
    or feed one per URL. `url` is the address of a page that came without one (a file, stdin)."""
    for spec in specs:
        for item in iter_source(spec, fetcher=fetcher, mapping=mapping):
            if isinstance(item, PageRef):
                try:
                    yield item.url, fetcher().fetch(item.url)
                except SourceError as exc:
                    yield item.url, exc
            elif isinstance(item, Page):
                if url and not item.url:
                    item.url = url
                yield item.source or spec, item
            elif isinstance(item, Skipped):
                yield item.source, item
            else:
                yield getattr(item, "url", None) or spec, item
