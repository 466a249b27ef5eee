"""dateline: news pages to a structured record of what happened.

    import dateline

    article = dateline.extract(html, url="https://example.com/news/1")
    report = dateline.ingest(["crawl/", "https://example.com/feed.xml"], "news.db")
    with dateline.open_store("news.db") as store:
        hits = store.search("gas storage", dateline.ArticleFilter(lang="en"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import DatelineError
from .extract import extract, extract_page
from .model import Article, Dateline, Failure, Image, Page, Paragraph, Processed
from .store import ArticleFilter, open_store
from .version import __version__

if TYPE_CHECKING:
    from .ingest import ingest
    from .pipeline import Pipeline
    from .reprocess import reprocess

# Imported on first use: the ingest loop and the pipeline bring the sources, the fetcher and tqdm.
_LAZY = {"ingest": "ingest", "reprocess": "reprocess", "Pipeline": "pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")


__all__ = [
    "Article",
    "ArticleFilter",
    "Dateline",
    "DatelineError",
    "Failure",
    "Image",
    "Page",
    "Paragraph",
    "Pipeline",
    "Processed",
    "Settings",
    "__version__",
    "extract",
    "extract_page",
    "ingest",
    "open_store",
    "reprocess",
]
