"""Extraction: a page (HTML or a plain-text dump) to an `Article` with evidence per field."""

from __future__ import annotations

import os
import re

from ..config import Settings
from ..model import Article, Page
from .decode import MAX_GUNZIPPED_BYTES, NotText, decode
from .guard import TimeLimitExceeded, time_limit
from .html import extract_html
from .parse import NotHTML
from .textdump import extract_text

DEFAULT_TIME_LIMIT: float = Settings.time_limit  # seconds per document; the number lives in Settings only

_HTML_SIGNS = re.compile(r"<(!doctype\s+html|html|head|body|div|p|article|meta|title|span|table|br)\b", re.I)


def looks_like_html(text: str) -> bool:
    """A text is HTML when markup opens it or runs through it, not when it merely mentions a tag."""
    head = text[:5000].lstrip()
    if head[:1] == "<" and _HTML_SIGNS.match(head):
        return True
    return len(_HTML_SIGNS.findall(text[:20000])) >= 3


def extract(
    content: str | bytes | os.PathLike[str],
    url: str | None = None,
    *,
    input_name: str | None = None,
    content_type: str | None = None,
    time_limit_s: float | None = DEFAULT_TIME_LIMIT,
    fetched_at: str | None = None,
) -> Article:
    """Extract the article from HTML or a text dump.

    `content` is the page as bytes (the charset is found: BOM, header, meta, detection), as
    text (a str is the page itself, never a file name), or a `pathlib.Path` to a file (read
    as sources read files, .gz opened; its name becomes `input` unless `input_name` is given).
    `fetched_at` (ISO 8601), when the page was fetched from its site, dates a byline's
    "3 hours ago". Never raises for bad input: an unusable page or unreadable file comes back
    with `is_article=False` and a `reason` that says what was wrong. Content of another type
    is a programming error: TypeError.
    """
    if isinstance(content, os.PathLike):
        path = os.fspath(content)
        input_name = input_name if input_name is not None else path
        try:
            with open(path, "rb") as fh:
                content = fh.read(MAX_GUNZIPPED_BYTES)
        except OSError as exc:
            return _failed(input_name, url, f"cannot read {path} ({exc.strerror or exc})")
    elif isinstance(content, (bytearray, memoryview)):
        content = bytes(content)
    elif not isinstance(content, (str, bytes)):
        raise TypeError(f"extract() takes the page as bytes, str or a Path, not {type(content).__name__}")
    try:
        with time_limit(time_limit_s):
            return _extract(content, url, input_name, content_type, fetched_at)
    except TimeLimitExceeded:
        return _failed(input_name, url, f"gave up after the time limit of {time_limit_s:g} s")
    except ExtractionFailed as exc:
        return _failed(input_name, url, exc.message)
    except RecursionError:
        return _failed(input_name, url, "the document is nested too deeply to process")
    except MemoryError:
        return _failed(input_name, url, "the document is too large to process")
    except Exception as exc:  # a bug of ours on one page must not cost the rest of a batch
        return _failed(input_name, url, f"extraction failed ({type(exc).__name__}: {exc}); please report this page")


class ExtractionFailed(Exception):
    """The page cannot be worked on at all (as opposed to "not an article"): `code` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def extract_checked(page: Page) -> Article:
    """`extract_page` for the pipeline: no time limit of its own (the pipeline's holds), and a page
    that cannot be read raises ExtractionFailed("not_a_page", ...) instead of coming back."""
    return _extract(page.content, page.url, page.source, page.content_type, _fetch_time(page))


def _fetch_time(page: Page) -> str | None:
    # Only a page fetched over HTTP (live or from a WARC) has a fetch time that dates "3 hours ago";
    # a file's is when it was read.
    return page.fetched_at if page.status is not None else None


def extract_page(page: Page, time_limit_s: float | None = DEFAULT_TIME_LIMIT) -> Article:
    """`extract` of a page as a source delivered it."""
    return extract(page.content, page.url, input_name=page.source, content_type=page.content_type,
                   time_limit_s=time_limit_s, fetched_at=_fetch_time(page))


def _extract(content: str | bytes, url: str | None, input_name: str | None, content_type: str | None,
             fetched_at: str | None) -> Article:
    """The extraction itself; input that is no page at all is ExtractionFailed("not_a_page")."""
    try:
        return _extract_page(content, url, input_name, content_type, fetched_at)
    except (NotText, NotHTML) as exc:
        raise ExtractionFailed("not_a_page", f"not a page: {exc}") from None


def _extract_page(content: str | bytes, url: str | None, input_name: str | None, content_type: str | None,
                  fetched_at: str | None) -> Article:
    evidence_encoding = None
    if isinstance(content, bytes):
        decoded = decode(content, content_type)
        text, evidence_encoding = decoded.text, f"{decoded.encoding} ({decoded.evidence})"
    else:
        text = content
        if not text.strip():
            raise NotText("an empty file")
    if looks_like_html(text):
        art = extract_html(text, url, fetched_at)
        art.evidence.setdefault("format", "html")
    else:
        art = extract_text(text, url)
        art.evidence.setdefault("format", "text dump")
    art.input = input_name
    if evidence_encoding:
        art.evidence["encoding"] = evidence_encoding
    return art


def _failed(input_name: str | None, url: str | None, reason: str) -> Article:
    return Article(input=input_name, url=url, is_article=False, reason=reason)


__all__ = ["ExtractionFailed", "extract", "extract_checked", "extract_page", "looks_like_html"]
