"""dateline: news pages to a structured record of what happened."""

from __future__ import annotations

from .errors import DatelineError
from .extract import extract, extract_page
from .model import Article, Dateline, Image, Page, Paragraph
from .store import open_store
from .version import __version__

__all__ = ["Article", "Dateline", "DatelineError", "Image", "Page", "Paragraph", "__version__", "extract", "extract_page",
           "open_store"]
