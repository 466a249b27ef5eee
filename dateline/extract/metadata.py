"""Title, subtitle, authors, section, tags, site name, canonical URL and images of a page.

PLACEHOLDER: OpenGraph and JSON-LD headline only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..model import Image
from .structured import Structured


@dataclass
class Metadata:
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)  # people only
    agency: str | None = None  # an organisation byline: Reuters, AP, dpa
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None  # declared by the page, ISO 639-1
    canonical_url: str | None = None
    images: list[Image] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)


def read_metadata(tree: HtmlElement, structured: Structured, url: str | None = None) -> Metadata:
    md = Metadata()
    art = structured.article() or {}
    if isinstance(art.get("headline"), str):
        md.title, md.evidence["title"] = art["headline"].strip(), "json-ld"
    else:
        md.title = structured.meta_first("og:title") or structured.title_tag
        md.evidence["title"] = "meta"
    md.site_name = structured.meta_first("og:site_name")
    if structured.html_lang:
        md.language = structured.html_lang.split("-")[0].lower()
    canon = structured.links.get("canonical")
    md.canonical_url = canon[0] if canon else structured.meta_first("og:url")
    return md
