"""Re-derive what is stored, with this dateline version: the stored pages as one more source of
the one ingest loop (no fetching)."""

from __future__ import annotations

from .config import Settings
from .ingest import IngestReport, OnEvent, StoredPages, ingest, no_events
from .pipeline import Pipeline, parse_stages, process_pipeline
from .store import Store, open_store


def reprocess(db: str | Store, *, settings: Settings | None = None, stage: str | None = None,
              outdated_only: bool = False, on_event: OnEvent = no_events, progress: bool = False) -> IngestReport:
    """Run the stored pages through the pipeline again: all of it, or `stage` and the stages that
    depend on it (the stored articles are their input, extraction is not run again).
    `outdated_only`: only what the current version of that stage (default: extraction) has not derived."""
    settings = settings or Settings()
    pipeline: Pipeline = process_pipeline(settings, parse_stages(settings.stages))
    first = stage or pipeline.names[0]
    only = pipeline.downstream(first)
    version = next(s.version for s in pipeline.stages if s.name == first)
    store = db if isinstance(db, Store) else open_store(db)
    try:
        source = StoredPages(store, first, version if outdated_only else None, batch_size=settings.batch_size)
        total = source.count() if progress else None
        report = ingest([source], store, settings=settings, on_event=on_event, progress=progress,
                        only=None if only == pipeline.names else only, total=total)
        if "events" in only and not outdated_only:
            store.rebuild_event_identity()  # every article re-coded: events merged again from scratch, in order
        if "stories" in only and not outdated_only:
            store.rebuild_duplicates()  # every article fingerprinted again: groups rebuilt in publication order
            store.rebuild_stories()  # and stories clustered again, in publication order
        return report
    finally:
        if not isinstance(db, Store):
            store.close()
