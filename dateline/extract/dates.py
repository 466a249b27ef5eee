"""Publication and modification dates of a page.

PLACEHOLDER: JSON-LD and meta tags only.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from .structured import Structured


@dataclass
class DateResult:
    published: str | None = None  # ISO 8601; with the UTC offset when the page gives one
    modified: str | None = None
    published_evidence: str | None = None
    modified_evidence: str | None = None


def find_dates(tree: HtmlElement, structured: Structured, url: str | None = None) -> DateResult:
    result = DateResult()
    art = structured.article() or {}
    if isinstance(art.get("datePublished"), str):
        result.published, result.published_evidence = art["datePublished"], "json-ld"
    else:
        value = structured.meta_first("article:published_time")
        if value:
            result.published, result.published_evidence = value, "meta"
    if isinstance(art.get("dateModified"), str):
        result.modified, result.modified_evidence = art["dateModified"], "json-ld"
    return result
