"""The stages strung together: Page → Article (→ enrichment, events and stories as they land).

No I/O here: sources deliver pages, the caller stores or prints what comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .extract import DEFAULT_TIME_LIMIT, extract_page
from .model import Article, Page


def process(page: Page, time_limit_s: float | None = DEFAULT_TIME_LIMIT) -> Article:
    return extract_page(page, time_limit_s=time_limit_s)


def process_many(pages: Iterable[Page], time_limit_s: float | None = DEFAULT_TIME_LIMIT) -> Iterator[Article]:
    for page in pages:
        yield process(page, time_limit_s)
