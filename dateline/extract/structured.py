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


# Windows-1252's characters for the bytes 0x80-0x9f; a byte it leaves undefined reads as Latin-1.
_MISREAD_BYTE = {b.decode("cp1252"): b[0] for b in (bytes([i]) for i in range(0x80, 0xa0))
                 if b not in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")}
_C1 = "".join(_MISREAD_BYTE) + "".join(map(chr, range(0x80, 0xa0)))
# A UTF-8 sequence whose bytes were read one character each: a lead byte (Â-ô), then continuation
# bytes (0x80-0xbf, with 0x80-0x9f as Windows-1252 shows them).
_MISREAD_RUN = re.compile(f"[\u00c2-\u00f4][\u00a0-\u00bf{_C1}]{{1,3}}")


def repair_double_encoding(text: str) -> str:
    """Text whose UTF-8 bytes were read as Windows-1252 (or Latin-1) and encoded again, as some
    publishing systems write their JSON-LD, made whole: "â€”" is "—" again. Only a text with a sure
    sign of it is changed: a run with a byte that text never holds (0x80-0x9f), the usual lead of
    such a run (Â, Ã), or three bytes of one character; then every run that decodes as UTF-8 is
    mended. "ÉTÉ»" and "résumé»" alone are left as they are."""
    if text.isascii() or not any(_sure_sign(m.group()) for m in _MISREAD_RUN.finditer(text)):
        return text
    return _MISREAD_RUN.sub(_repair_run, text)


def _sure_sign(run: str) -> bool:
    return len(run) >= 3 or run[0] in "ÂÃ" or any(c in _C1 for c in run)


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    try:
        return bytes(_MISREAD_BYTE.get(c, ord(c)) for c in run).decode("utf-8")
    except UnicodeError:
        return run


def _repaired(obj: Any) -> Any:
    if isinstance(obj, str):
        return repair_double_encoding(obj)
    if isinstance(obj, list):
        return [_repaired(item) for item in obj]
    if isinstance(obj, dict):
        return {key: _repaired(value) for key, value in obj.items()}
    return obj


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
            s.jsonld.extend(_walk(_repaired(data)))
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
