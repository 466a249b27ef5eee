"""The one ingest loop: sources → pipeline → store, in batches, with progress, resume and errors as rows.

Resuming is idempotence: a page whose URL and content are already stored is skipped before
extraction, and a URL from a feed, sitemap or list that is already stored is not fetched again
(unless `refresh`), so running the same command again continues where a killed run stopped.

`reprocess` is this same loop over one more kind of source: the pages already stored
(`StoredPages`), run again through the whole pipeline or through one stage and what depends on it.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .config import Settings
from .enrich.actors_known import KnownActors, learn
from .model import Page, Processed
from .pipeline import Pipeline, parse_stages, process_many, process_pipeline
from .render import progress_bar, report_counts
from .sources import SourceError
from .sources.errors import Skipped
from .sources.refs import PageRef
from .sources.select import iter_source
from .store import BatchCounts, ErrorRow, Store, open_store
from .store.write_process import WriteProcess, start_write_process
from .urls import normalise_url

if TYPE_CHECKING:
    from .sources.http import Fetcher

CHUNK = 64  # pages looked up in the store together; URLs looked up and fetched together


@dataclass
class IngestReport:
    pages: int = 0  # pages read or fetched
    articles: int = 0  # new articles stored
    updated: int = 0  # known URLs that served new content: the article's new version
    non_articles: int = 0
    duplicates: int = 0  # the same content as an article already stored (its URL was added)
    unchanged: int = 0  # already stored with the same content, or not modified since: skipped
    errors: int = 0
    seconds: float = 0.0
    skipped: dict[str, int] = field(default_factory=dict)  # records passed over on purpose, by reason

    def add_counts(self, counts: BatchCounts) -> None:
        """Fold in what the store said of a batch it wrote."""
        self.articles += counts.articles_added
        self.updated += counts.articles_updated
        self.non_articles += counts.non_articles
        self.duplicates += counts.duplicates
        self.unchanged += counts.skipped
        self.errors += counts.errors

    @property
    def stored(self) -> int:
        """Pages that are in the store after the run: written now, or found there already."""
        return self.articles + self.updated + self.non_articles + self.duplicates + self.unchanged

    def nothing_stored(self) -> str | None:
        """Why the run stored nothing (the one line a failed ingest ends with); None when it stored something."""
        if self.stored:
            return None
        skipped = sum(self.skipped.values())
        if self.errors:
            return (f"nothing ingested: {self.errors} error{'s' if self.errors != 1 else ''} and no page stored"
                    + (f" ({skipped} files skipped)" if skipped else ""))
        if skipped:
            return f"nothing ingested: no page in the sources ({skipped} files skipped, none a page)"
        return "nothing ingested: no page in the sources"

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "pages_per_second": round(self.rate, 1)}


# Called with what happens during a run: ("error", {...}), ("batch", counts), ("skipped", {...}).
OnEvent = Callable[[str, dict[str, Any]], None]


def no_events(kind: str, data: dict[str, Any]) -> None:
    pass


@dataclass
class StoredPages:
    """A source of the pages already in the store, to run through the pipeline again.

    `stage`: re-run that stage and what depends on it (None: the whole pipeline); with
    `outdated_version`, only what that version of the stage has not derived.
    """

    store: Store
    stage: str | None = None
    outdated_version: str | None = None
    batch_size: int = 500

    def __iter__(self) -> Iterator[Processed]:
        return self.store.iter_stored_pages(self.stage, self.outdated_version, batch_size=self.batch_size)

    def count(self) -> int:
        return self.store.count_stored_pages(self.stage, self.outdated_version)


# A `Page` in hand (a page posted to the REST API) is a source too: it goes through like a file's page.
Source = str | StoredPages | Page


class _Ingest:
    def __init__(self, store: Store, settings: Settings, *, since: datetime | None, mapping: dict[str, str] | None,
                 refresh: bool, on_event: OnEvent, include: Sequence[str] = (), exclude: Sequence[str] = ()):
        self.store = store
        self.include = include
        self.exclude = exclude
        self.settings = settings
        self.since = since
        self.mapping = mapping
        self.refresh = refresh
        self.on_event = on_event
        self.report = IngestReport()
        self.batch: list[Processed] = []
        self.failures: list[ErrorRow] = []
        self._fetcher: Fetcher | None = None
        self.writer = _BatchWriter(store, on_event)
        # A run that reaches half a batch is long enough for a writer process (two cores or more):
        # started then, it is up by the time the first batch is full.
        in_process = settings.write_process and (os.cpu_count() or 1) > 1
        self.process_at = max(1, settings.batch_size // 2) if in_process else None

    # --- reading ------------------------------------------------------------------------------

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from .sources.http import USER_AGENT, Fetcher

            self._fetcher = Fetcher(timeout=self.settings.fetch_timeout, user_agent=self.settings.user_agent or USER_AGENT,
                                    max_bytes=self.settings.max_bytes, min_delay=self.settings.host_delay,
                                    max_workers=self.settings.concurrency)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def pages(self, specs: Iterable[Source]) -> Iterator[Page | Processed]:
        """Pages not stored yet (and stored pages from a StoredPages source), in source order;
        failures become error rows on the way.

        Pages in hand are gathered in chunks, so that the store is asked about a whole chunk
        in one query; URLs to fetch are gathered in chunks fetched concurrently.
        """
        pages: list[Page] = []
        refs: list[PageRef] = []
        for spec in specs:
            if isinstance(spec, StoredPages):
                yield from self._new(pages)
                yield from self._fetch(refs)
                pages, refs = [], []
                yield from spec
                continue
            if isinstance(spec, Page):
                yield from self._fetch(refs)
                refs = []
                pages.append(spec)
                continue
            for item in iter_source(spec, fetcher=lambda: self.fetcher, since=self.since, mapping=self.mapping,
                                    include=self.include, exclude=self.exclude):
                if isinstance(item, SourceError):
                    url = getattr(item, "url", None)  # a FetchError knows its URL: it failed on the network
                    self.fail(getattr(item, "source", None) or spec, url, "fetch" if url else "read", str(item))
                    continue
                if isinstance(item, Skipped):
                    for reason, count in item.counts.items():
                        self.report.skipped[reason] = self.report.skipped.get(reason, 0) + count
                    self.on_event("skipped", {"source": item.source, "counts": item.counts})
                    continue
                if isinstance(item, PageRef):
                    yield from self._new(pages)
                    pages = []
                    refs.append(item)
                else:
                    yield from self._fetch(refs)
                    refs = []
                    pages.append(item)
                if len(pages) >= CHUNK:
                    yield from self._new(pages)
                    pages = []
                if len(refs) >= CHUNK:
                    yield from self._fetch(refs)
                    refs = []
        yield from self._new(pages)
        yield from self._fetch(refs)

    def _new(self, pages: list[Page]) -> Iterator[Page]:
        if not pages:
            return
        known = self.store.known_pages([(page.url, page.content_hash, page.source) for page in pages])
        for page, is_known in zip(pages, known, strict=True):
            if is_known:
                self.report.unchanged += 1
            else:
                yield page

    def _fetch(self, refs: list[PageRef]) -> Iterator[Page]:
        """Fetch the URLs not stored yet (all of them, conditionally, with `refresh`)."""
        if not refs:
            return
        versions = self.store.known_urls([ref.url for ref in refs])
        wanted: list[tuple[PageRef, str | None, str | None]] = []
        for ref in refs:
            known = versions.get(normalise_url(ref.url))
            if known is not None and not self.refresh:
                self.report.unchanged += 1
                continue
            wanted.append((ref, known.etag if known else None, known.last_modified if known else None))
        if not wanted:
            return
        for (ref, _etag, _modified), result in self.fetcher.fetch_each(wanted, key=lambda w: (w[0].url, w[1], w[2])):
            if isinstance(result, SourceError):
                self.fail(ref.source, ref.url, "fetch", str(result))
            elif result.status == 304:
                self.report.unchanged += 1
            else:
                result.source = ref.source  # the feed, sitemap or list that named the URL
                yield result

    # --- writing ------------------------------------------------------------------------------

    def fail(self, source: str | None, url: str | None, stage: str, reason: str) -> None:
        self.report.errors += 1
        self.failures.append(ErrorRow(source=source, url=url, stage=stage, reason=reason))
        self.on_event("error", {"source": source, "url": url, "stage": stage, "reason": reason})

    def add(self, item: Processed) -> None:
        self.report.pages += 1
        if item.failure is not None:
            self.on_event("error", {"source": item.page.source, "url": item.page.url, "stage": item.failure.stage,
                                    "code": item.failure.code, "reason": item.failure.message})
        self.batch.append(item)
        if self.report.pages == self.process_at:
            self.writer.start_process()
        if len(self.batch) >= self.settings.batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand the batch (and the failures so far) to the writer; the next batch is extracted meanwhile."""
        if self.batch or self.failures:
            self.writer.submit(self.batch, self.failures)
            self.batch, self.failures = [], []

    def totals(self) -> IngestReport:
        """The report so far: what this thread counted, plus what the writer has committed."""
        report = replace(self.report, skipped=dict(self.report.skipped))
        report.add_counts(self.writer.counts)
        return report


class _BatchWriter:
    """Commits batches in a thread of its own, so the database works while the next batch is extracted.

    Once `start_process` was called (a run long enough to be worth it), the thread hands every
    batch to a writer process (store/write_process.py), so that the Python work of storing runs
    beside extraction, not under its GIL. Without one, only compression and the database's own
    work, which release the GIL, overlap extraction. At most two batches wait. After a failure
    nothing more is written, and the failure is raised in the ingest loop; the writer keeps its
    own counts (no shared counters between threads).
    """

    def __init__(self, store: Store, on_event: OnEvent):
        self.store = store
        self.process: WriteProcess | None = None
        self.on_event = on_event
        self.counts = BatchCounts()
        self.failed: BaseException | None = None
        self.queue: queue.Queue[tuple[list[Processed], list[ErrorRow]] | None] = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, name="dateline-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.failed is not None:
                continue  # drain: the loop is stopping
            batch, failures = item
            target: Store | WriteProcess = self.process or self.store
            try:
                if failures:
                    target.record_errors(failures)
                if batch:
                    counts = target.write_batch(batch)
                    self.counts.add(counts)
                    self.on_event("batch", asdict(counts))
            except BaseException as exc:  # noqa: BLE001 - handed to the ingest loop
                self.failed = exc

    def start_process(self) -> None:
        """Write the coming batches from a process of its own (where the store allows one)."""
        if self.process is None:
            self.process = start_write_process(self.store)

    def submit(self, batch: list[Processed], failures: list[ErrorRow]) -> None:
        self.raise_failure()
        self.queue.put((batch, failures))

    def stop(self) -> None:
        """Write what is queued and end the thread (and the writer process); never raises."""
        self.queue.put(None)
        self.thread.join()
        if self.process is not None:
            self.process.close()

    def raise_failure(self) -> None:
        if self.failed is not None:
            raise self.failed


def ingest(
    sources: Iterable[Source],
    db: str | Store | None = None,
    *,
    settings: Settings | None = None,
    since: datetime | None = None,
    mapping: dict[str, str] | None = None,
    refresh: bool = False,
    on_event: OnEvent = no_events,
    progress: bool = False,
    only: Sequence[str] | None = None,
    total: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_pages: int | None = None,
) -> IngestReport:
    """Read every page of `sources`, run it through the pipeline and write what comes out to the store.

        report = dateline.ingest(["crawl/", "https://example.com/feed.xml"], "news.db")
        print(report.articles, "new,", report.errors, "errors")

    `sources` is a list (a single string would be read letter by letter) of: file paths and
    folders (read recursively) and globs of HTML pages, text dumps, .gz files, WARC archives and
    JSONL/CSV corpora; http(s) URLs of a page, a feed or a sitemap (the URLs they list are
    fetched); "-" for stdin; `Page` objects in hand; and `StoredPages` to run pages already stored
    through again.
    Pages already stored with the same content are skipped, so a run that was stopped resumes
    with the same call.

    `db`: a SQLite path, a postgresql:// URL or an open `Store` (left open; one opened here is
    closed); None takes `settings.db`. `settings`: stages, batch size, time limit, fetch
    timeout, user agent (`Settings()` by default). `since`: feed and sitemap entries dated
    before this are passed over (undated ones are kept). `mapping`: corpus column -> field,
    e.g. {"headline": "title"}. `refresh`: fetch known URLs again (conditionally: ETag,
    Last-Modified). `on_event(kind, data)`: called for each "error", "skipped" and committed
    "batch" (the latter from the writer thread). `progress`: a progress bar on stderr.
    `only`: run just these stages (reprocess of one stage); `total`: pages expected, for the bar.
    `include`/`exclude`: globs the files found in folders and by patterns must pass; `max_pages`:
    stop after this many pages not stored yet (a re-run goes on with the next ones).

    Returns an `IngestReport`: pages read, articles added and updated, non-articles,
    duplicates, unchanged (skipped), errors, skipped records by reason, and seconds.

    A page or source that fails (an unreadable file, an unreachable URL, a page that cannot be
    extracted) does not stop the run: it is counted in `errors` and kept as an error row in the store
    (`Store.errors()`). What stops it raises: `StoreError` when the database cannot be opened
    or written (`StoreBusy` when another process holds the SQLite lock too long); what was
    already processed is committed first, unless the database itself failed.
    """
    settings = settings or Settings()
    store = db if isinstance(db, Store) else open_store(db or settings.db)
    run = _Ingest(store, settings, since=since, mapping=mapping, refresh=refresh, on_event=on_event,
                  include=include, exclude=exclude)
    started = time.monotonic()
    bar = progress_bar(progress, total=total if max_pages is None else min(total or max_pages, max_pages))
    try:
        pages = run.pages(sources)
        if max_pages is not None:
            pages = itertools.islice(pages, max_pages)
        work = ((item, item) for item in pages)
        known = _KnownActors.of_run(store, settings, only)
        for _, item in process_many(work, settings, only=only, known_actors=known and known.snapshot):
            if item is None:
                continue
            run.add(item)
            if known is not None:
                known.learn(item)
            if not bar.disable:
                _update(bar, run.totals())
    finally:
        # Whatever stops the run (Ctrl-C, a bug), what was already processed is committed,
        # unless the database itself failed.
        try:
            if run.writer.failed is None:
                run.flush()
        finally:
            run.writer.stop()
            run.close()
            if not isinstance(db, Store):
                store.close()
            report = run.totals()
            report.seconds = time.monotonic() - started
            _update(bar, report)
            bar.close()
    run.writer.raise_failure()
    return report


class _KnownActors:
    """The actor knowledge base as the enrich stage sees it: read from the store when the run
    starts, then, in a run of one process, added to from every article enriched, so that an article
    resolves the actors of the articles before it (worker processes keep the first snapshot).
    A snapshot is rebuilt at most once per ten times its last build took, so a large knowledge
    base costs the run little."""

    def __init__(self, store: Store, pipeline: Pipeline | None) -> None:
        self.pipeline = pipeline  # None with worker processes
        # Whether a role has ended is for each article's own words to say ("former"), not the snapshot.
        self.actors = {actor.id: replace(actor, former=False) for actor in store.known_actors()}
        self.changed = False
        self.next_build = 0.0
        self.snapshot = self._build()

    @classmethod
    def of_run(cls, store: Store, settings: Settings, only: Sequence[str] | None) -> _KnownActors | None:
        names = parse_stages(settings.stages)
        if "enrich" not in (only if only is not None else names):
            return None
        return cls(store, process_pipeline(settings, names) if settings.jobs <= 1 else None)

    def _build(self) -> KnownActors:
        started = time.monotonic()
        snapshot = KnownActors.of(self.actors.values())
        self.next_build = time.monotonic() + 10 * (time.monotonic() - started)
        self.changed = False
        return snapshot

    def learn(self, item: Processed) -> None:
        """Add what this article said of its people and organisations; give the stage a new snapshot."""
        found = item.outputs.get("enrich")
        if self.pipeline is None or found is None:
            return
        self.changed = learn(self.actors, found.actors) or self.changed
        if self.changed and time.monotonic() >= self.next_build:
            self.snapshot = self._build()
            self.pipeline.use_known_actors(self.snapshot)


def _update(bar, report: IngestReport) -> None:
    if bar.disable:
        return
    bar.n = report.pages
    bar.set_postfix_str(report_counts(report), refresh=False)  # the words of the summary
    bar.refresh()


def json_event_logger(stream=None) -> OnEvent:
    """Events as JSON lines (for scripts): {"event": "error", "source": ..., "reason": ...}."""
    out = stream or sys.stderr
    lock = threading.Lock()  # the writer thread logs its commits too

    def log(kind: str, data: dict[str, Any]) -> None:
        line = json.dumps({"event": kind, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), **data}, ensure_ascii=False,
                          default=str)
        with lock:
            out.write(line + "\n")
            out.flush()

    return log
