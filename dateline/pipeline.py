"""The stages strung together: Page → Article (→ enrichment, events and stories as they land).

No I/O here: sources deliver pages, the caller stores or prints what comes back.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from .extract import DEFAULT_TIME_LIMIT, extract_page
from .model import Article, Page

T = TypeVar("T")


def process(page: Page, time_limit_s: float | None = DEFAULT_TIME_LIMIT) -> Article:
    if page.given.get("text"):
        # A corpus row is already extracted: build the article from its fields.
        from .extract.given import article_from_given

        return article_from_given(page)
    return extract_page(page, time_limit_s=time_limit_s)


def _process_args(args: tuple[Page, float | None]) -> Article:
    return process(*args)


def _ignore_interrupts() -> None:
    # Ctrl-C goes to the whole process group; the parent decides what to keep, workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_many(
    items: Iterable[tuple[T, Page | None]],
    jobs: int = 1,
    time_limit_s: float | None = DEFAULT_TIME_LIMIT,
) -> Iterator[tuple[T, Article | None]]:
    """Process pages in input order, in `jobs` processes; each item carries a tag the caller gets back.

    Items whose page is None pass through untouched (a read failure the caller reports).
    """
    if jobs <= 1:
        for tag, page in items:
            yield tag, None if page is None else process(page, time_limit_s)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    try:
        window: deque[tuple[T, Future[Article] | None]] = deque()
        for tag, page in items:
            window.append((tag, None if page is None else pool.submit(_process_args, (page, time_limit_s))))
            if len(window) >= jobs * 4:
                head_tag, head = window.popleft()
                yield head_tag, None if head is None else head.result()
        while window:
            head_tag, head = window.popleft()
            yield head_tag, None if head is None else head.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
