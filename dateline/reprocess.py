"""Re-derive articles from the raw pages already stored, with this dateline version: no fetching."""

from __future__ import annotations

import time

from .config import Settings
from .extract import extraction_failed
from .ingest import IngestReport, _update
from .pipeline import process_many
from .render import progress_bar
from .store import Processed, Store, open_store


def reprocess(db: str | Store, *, settings: Settings | None = None, outdated_only: bool = False,
              progress: bool = False) -> IngestReport:
    settings = settings or Settings()
    store = db if isinstance(db, Store) else open_store(db)
    report = IngestReport()
    started = time.monotonic()
    bar = progress_bar(progress, total=store.count_raw_pages(outdated_only))
    batch: list[tuple[int, Processed]] = []

    def flush() -> None:
        items = list(batch)
        batch.clear()  # cleared first: a failed write is not tried again on the way out
        report.add_counts(store.replace_articles(items))

    try:
        pages = store.iter_raw_pages(batch_size=settings.batch_size, outdated_only=outdated_only)
        for (page_id, page), article in process_many(((item, item[1]) for item in pages), jobs=settings.jobs,
                                                     time_limit_s=settings.time_limit):
            report.pages += 1
            failed = extraction_failed(article)
            batch.append((page_id, Processed(page, article, article.reason if failed else None,
                                             "extract" if failed else None)))
            if len(batch) >= settings.batch_size:
                flush()
            _update(bar, report)
    finally:
        if batch:
            flush()
        report.seconds = time.monotonic() - started
        bar.close()
        if not isinstance(db, Store):
            store.close()
    return report
