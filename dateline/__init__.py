"""dateline: news pages to a structured record of what happened.

    import dateline

    article = dateline.extract(html, url="https://example.com/news/1")
    analysis = dateline.analyze(html, url="https://example.com/news/1")  # + actors, places, times, quotes
    for event in dateline.events(analysis):  # who did what to whom, when and where (PLOVER, CAMEO)
        print(event.type, [a.name for a in event.actors], event.date)
    report = dateline.ingest(["crawl/", "https://example.com/feed.xml"], "news.db")
    with dateline.open_store("news.db") as store:
        hits = store.search("gas storage", dateline.ArticleFilter(lang="en"))
"""

from __future__ import annotations

import sys as _sys
import types as _types
from typing import Any as _Any

from .analyze import Analysis, analyze
from .analyze import events as _events
from .config import Settings
from .errors import DatelineError
from .extract import extract, extract_page
from .ingest import ingest
from .model import Article, Dateline, Enrichment, Event, EventMention, Failure, Image, Page, Paragraph, Processed
from .pipeline import Pipeline
from .reprocess import reprocess
from .store import ArticleFilter, open_store
from .version import __version__


class _CallableEvents(_types.ModuleType):
    """The `dateline.events` package, callable as `analyze.events`: importing a submodule of the
    package (as the pipeline does) puts the package where the function stood on `dateline`."""

    def __call__(self, *args: _Any, **kwargs: _Any) -> _Any:
        return _events(*args, **kwargs)


from . import events  # noqa: E402

_sys.modules[events.__name__].__class__ = _CallableEvents

# `ingest` and `reprocess` are imported here, not on first use: importing the submodules of
# the same names later would otherwise put the modules where the functions stand.

__all__ = [
    "Analysis",
    "Article",
    "ArticleFilter",
    "Dateline",
    "DatelineError",
    "Enrichment",
    "Event",
    "EventMention",
    "Failure",
    "Image",
    "Page",
    "Paragraph",
    "Pipeline",
    "Processed",
    "Settings",
    "__version__",
    "analyze",
    "events",
    "extract",
    "extract_page",
    "ingest",
    "open_store",
    "reprocess",
]
