"""Structured data a page carries about itself: JSON-LD, microdata, OpenGraph and meta tags.

Read once per page into `Structured`, which every field extractor consults before it
looks at the visible DOM.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

ARTICLE_TYPES = {
    "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    "scholarlyarticle", "techarticle", "report", "socialmediaposting", "posting", "webpage",
    "askpublicnewsarticle", "satiricalarticle", "medicalscholarlyarticle", "creativework",
}
# The types that say "this page is a story"; WebPage and CreativeWork say nothing of the kind.
NEWS_ARTICLE_TYPES = ARTICLE_TYPES - {"webpage", "creativework"}
# How specific a type is: a NewsArticle outranks a generic WebPage on the same page.
_TYPE_RANK = {"webpage": 1, "creativework": 1, "socialmediaposting": 2, "article": 3, "blogposting": 3, "report": 3}

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def first_value(values: list[str] | None) -> str | None:
    """The first of a page's values for a name (meta, link rel, itemprop), None when it has none."""
    return values[0] if values else None


def _loads_lenient(text: str) -> Any:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.replace("<![CDATA[", "").replace("]]>", "").strip().rstrip(";")
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text)), strict=False)
    except ValueError:
        return None


def _walk(obj: Any, depth: int = 0) -> Iterator[dict]:
    """Every JSON-LD object with an @type, including those inside @graph and lists."""
    if depth > 8:
        return
    if isinstance(obj, list):
        for item in obj:
            yield from _walk(item, depth + 1)
    elif isinstance(obj, dict):
        if "@type" in obj:
            yield obj
        for key in ("@graph", "mainEntity", "itemListElement", "hasPart"):
            if key in obj:
                yield from _walk(obj[key], depth + 1)


def ld_types(obj: dict) -> set[str]:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return {str(x).lower().rsplit("/", 1)[-1] for x in types if x}


def _type_rank(obj: dict) -> int:
    types = ld_types(obj) & ARTICLE_TYPES
    if not types:
        return 0
    return max(_TYPE_RANK.get(t, 4) for t in types)


@dataclass
class Structured:
    jsonld: list[dict] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property → contents
    microdata: dict[str, list[str]] = field(default_factory=dict)  # itemprop → values (article scope first)
    links: dict[str, list[str]] = field(default_factory=dict)  # rel → hrefs
    html_lang: str | None = None
    title_tag: str | None = None

    def meta_first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name.lower(), ()):
                if value and value.strip():
                    return value.strip()
        return None

    def declared_language(self) -> str | None:
        """The language tag the page declares, as written ("en-GB", "de_DE"); the region matters
        to dates (day or month first), the language to everything else."""
        return self.html_lang or self.meta_first("content-language", "og:locale", "language", "dc.language")

    def article(self) -> dict | None:
        """The JSON-LD object that describes the article itself, the most specific type first."""
        best, best_rank = None, 0
        for obj in self.jsonld:
            rank = _type_rank(obj)
            if rank > best_rank:
                best, best_rank = obj, rank
        return best



def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _itemprop_value(el: HtmlElement) -> str:
    for attr in ("content", "datetime", "href", "src"):
        value = el.get(attr)
        if value:
            return value.strip()
    return _text(el)


def read_structured(tree: HtmlElement) -> Structured:
    s = Structured()
    s.html_lang = (tree.get("lang") or tree.get("xml:lang") or "").strip() or None
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _loads_lenient(script.text or "")
        if data is not None:
            s.jsonld.extend(_walk(data))
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content is not None:
            s.meta.setdefault(key.strip().lower(), []).append(" ".join(content.split()))
    for link in tree.iter("link"):
        rel, href = (link.get("rel") or "").lower(), link.get("href")
        if rel and href:
            for r in rel.split():
                s.links.setdefault(r, []).append(href.strip())
    for el in tree.iterfind(".//*[@itemprop]"):
        if el.tag == "meta" and el.getparent() is not None and el.getparent().tag == "head":
            continue
        for prop in (el.get("itemprop") or "").split():
            if prop in ("articleBody", "text"):
                continue  # the body is the DOM's business; do not copy it here
            s.microdata.setdefault(prop, []).append(_itemprop_value(el))
    title = tree.find(".//title")
    if title is not None:
        s.title_tag = _text(title) or None
    return s
