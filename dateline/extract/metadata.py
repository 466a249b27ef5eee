"""Title, subtitle, authors, section, tags, site name, canonical URL and images of a page.

Structured data (JSON-LD, microdata, OpenGraph, meta) is read first; the visible page
(the <h1>, bylines, rel=author links, figures) confirms or fills in. Every field records
the signal it came from in `evidence`.

This module fills in `Metadata` and reads the small fields itself (section, tags, language,
canonical URL); the rest live beside it: `metadata_title`, `metadata_authors`,
`metadata_site`, `metadata_images`, and `metadata_text` for what they share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from ..model import Image
from .language import normalise_code
from .metadata_authors import read_authors
from .metadata_images import read_images
from .metadata_site import is_site_name, read_site_names
from .metadata_text import clean_text
from .metadata_title import choose_title, read_subtitle
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
    site_names: list[str] = field(default_factory=list)  # what the page calls its own site: og:site_name, host

    def names_site(self, name: str) -> bool:
        """Whether a byline names the site itself ("Reuters" on reuters.com): no second source then."""
        return bool(name.strip()) and is_site_name(name, self.site_names)


# --- tags ---------------------------------------------------------------------------------------

def _as_list(value: Any) -> list[str]:
    """Keywords as a list: a comma- or semicolon-joined string is split, also where it is one
    element of a list or one of several article:tag metas."""
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"\s*[,;]\s*", value) if v.strip()]
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            if isinstance(v, dict):
                v = v.get("name")
            out.extend(_as_list(v) if isinstance(v, str) else [])
        return out
    return []


def _dedupe(items: list[str]) -> list[str]:
    out, seen = [], set()
    for i in items:
        k = i.casefold()
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


# --- the contract -------------------------------------------------------------------------------

def read_metadata(tree: HtmlElement, structured: Structured, url: str | None = None) -> Metadata:
    md = Metadata()
    art = structured.article() or {}
    ev = md.evidence
    site_names = read_site_names(structured, url)
    md.site_names = site_names

    md.site_name = clean_text(structured.meta_first("og:site_name", "application-name"))
    if md.site_name:
        ev["site_name"] = "og:site_name"
    else:
        pub = art.get("publisher") if art else None
        if isinstance(pub, dict) and clean_text(pub.get("name")):
            md.site_name, ev["site_name"] = clean_text(pub.get("name")), "json-ld publisher"

    md.title, signal = choose_title(tree, structured, art, site_names)
    if md.title:
        ev["title"] = signal

    md.authors, md.agency, signal = read_authors(tree, structured, art, site_names)
    if md.authors:
        ev["authors"] = signal
    if md.agency:
        ev["agency"] = signal

    md.subtitle, signal = read_subtitle(tree, structured, art, md.title)
    if md.subtitle:
        ev["subtitle"] = signal

    section = None
    if art:
        sec = art.get("articleSection")
        if isinstance(sec, list):
            sec = sec[0] if sec else None
        section = clean_text(sec)
        if section:
            ev["section"] = "json-ld"
    if not section:
        section = clean_text(structured.meta_first("article:section", "section", "parsely-section", "cxenseparse:recs:category"))
        if section:
            ev["section"] = "meta"
    md.section = section

    tags: list[str] = []
    if art:
        tags = _as_list(art.get("keywords"))
        if tags:
            ev["tags"] = "json-ld keywords"
    if not tags:
        tags = _as_list(list(structured.meta.get("article:tag", [])))
        if tags:
            ev["tags"] = "article:tag"
    if not tags:
        kw = structured.meta_first("news_keywords", "keywords", "parsely-tags")
        if kw:
            tags = _as_list(kw)
            ev["tags"] = "meta keywords"
    md.tags = _dedupe([clean_text(t) or "" for t in tags if clean_text(t)])[:30]

    lang = structured.declared_language()
    if not lang and art and isinstance(art.get("inLanguage"), str):
        lang = art["inLanguage"]
    md.language = normalise_code(lang)
    if md.language:
        ev["declared_language"] = "html lang" if structured.html_lang else "meta"

    canon = structured.links.get("canonical")
    if canon and canon[0].strip():
        md.canonical_url = urljoin(url, canon[0]) if url else canon[0]
        ev["canonical_url"] = "rel=canonical"
    else:
        og_url = structured.meta_first("og:url")
        if og_url:
            md.canonical_url = og_url
            ev["canonical_url"] = "og:url"

    md.images = read_images(tree, structured, art, url)
    if md.images:
        ev["images"] = "og:image, json-ld image, figures"
    return md
