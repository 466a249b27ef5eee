"""The pages the web UI's tests serve: the bundled examples, the shared page dump (when present)
and a hostile page (tests/pages/hostile/) whose title, metadata, text and links try to run script."""

from __future__ import annotations

from conftest import EXAMPLES, ROOT, SHARED

from dateline.config import Settings
from dateline.ingest import ingest

FULL = Settings(stages="extract,enrich,events", write_process=False)
SHARED_DUMP = SHARED / "examples" / "page-dump-1.txt"
HOSTILE = ROOT / "tests" / "pages" / "hostile"
HOSTILE_TITLE_START = "Harbour board <img"


def ingest_ui_corpus(url: str) -> None:
    """Ingest the corpus into the store at `url`, with enrichment and events."""
    sources = [str(EXAMPLES), str(HOSTILE)] + ([str(SHARED_DUMP)] if SHARED_DUMP.exists() else [])
    report = ingest(sources, url, settings=FULL)
    assert report.articles >= 6 and report.errors == 0, report
