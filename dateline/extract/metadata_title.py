"""The headline and the standfirst: structured data's title confirmed by the page's <h1>, the
subtitle from JSON-LD, the element next to the headline, or the description.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from lxml import etree
from lxml.html import HtmlElement

from .metadata_site import strip_site
from .metadata_text import clean_text, in_furniture, plain_text, same_words, word_tokens
from .structured import Structured, first_value

_H1 = etree.XPath("//h1")
_SKIP_TAGS = {"script", "style", "noscript", "template", "button", "svg"}
# Kicker and headline often sit in sibling spans: keep them apart as words.
_SEP_TAGS = {"br", "span", "div", "p", "small", "time"}


# A kicker (overline) printed inside the headline element: a label above the headline, not part of it.
_KICKER_CLASS = re.compile(r"kicker|overline|eyebrow|dachzeile|topline|roofline|spitzmarke|pre-?title|super-?title|"
                           r"over-?title|headline-?intro", re.I)


def _is_kicker(el: HtmlElement) -> bool:
    return el.get("aria-hidden") == "true" or bool(_KICKER_CLASS.search(el.get("class") or ""))


def _el_text(el: HtmlElement, without_kicker: bool = False) -> str:
    """Visible text of an element; child elements are kept apart by a space ("Kicker<br>Headline")."""
    parts: list[str] = []

    def walk(node: HtmlElement, depth: int) -> None:
        if node.text:
            parts.append(node.text)
        for ch in node:
            if without_kicker and depth == 0 and isinstance(ch.tag, str) and _is_kicker(ch):
                if ch.tail:
                    parts.append(ch.tail)
                continue
            if isinstance(ch.tag, str) and ch.tag not in _SKIP_TAGS and depth < 20:
                sep = ch.tag in _SEP_TAGS
                if sep:
                    parts.append(" ")
                walk(ch, depth + 1)
                if sep:
                    parts.append(" ")
            if ch.tail:
                parts.append(ch.tail)

    walk(el, 0)
    return " ".join("".join(parts).split())


_KICKER_SEP = re.compile(r"\s*[:|]\s+|\s+[-–—]\s+")


def _drop_kicker(title: str, candidates: list[tuple[str, str]]) -> str:
    """"Kicker: Headline" when another signal gives the headline alone: the kicker is a label, not the title."""
    m = _KICKER_SEP.search(title)
    if m is None or title[:1] in "\"'‘“„«‹»":
        return title  # a quotation before the colon is part of the headline
    tail_tokens = word_tokens(title[m.end():])
    if len(tail_tokens) < 3 or len(word_tokens(title[:m.start()])) > 6:
        return title
    for _, text in candidates:
        if word_tokens(text) == tail_tokens:
            return text
    return title


def _section_names(structured: Structured, art: dict) -> list[str]:
    names: list[str] = []
    sec = art.get("articleSection") if art else None
    for v in sec if isinstance(sec, list) else [sec]:
        if isinstance(v, str):
            names.append(v)
    for key, values in structured.meta.items():
        if "section" in key or "category" in key:
            names.extend(values)
    return [" ".join(word_tokens(n)) for n in names if n and len(n) <= 40]


# "Headline-Politics", "Headline | World": the section a title ends with, glued by a dash or a bar.
_SECTION_TAIL = re.compile(r"\s*[-–—|｜ㅣ·:]\s*([^-–—|｜ㅣ·:]{1,40})$")


def _strip_section(title: str, sections: list[str]) -> str:
    m = _SECTION_TAIL.search(title)
    if m and sections and " ".join(word_tokens(m.group(1))) in sections and len(word_tokens(title[:m.start()])) >= 2:
        return title[:m.start()].strip()
    return title


def choose_title(tree: HtmlElement, structured: Structured, art: dict, site_names: list[str]) -> tuple[str | None, str]:
    candidates: list[tuple[str, str]] = []  # (signal, text) in order of trust
    sections = _section_names(structured, art)
    for signal, value in (
        ("json-ld headline", art.get("headline")),
        ("og:title", structured.meta_first("og:title")),
        ("microdata headline", first_value(structured.microdata.get("headline"))),
        ("twitter:title", structured.meta_first("twitter:title")),
        ("json-ld name", art.get("name") if art else None),
        ("<title>", structured.title_tag),
    ):
        text = clean_text(value)
        if text:
            stripped = _strip_section(strip_site(text, site_names), sections)
            candidates.append((signal, stripped))
    h1s: list[str] = []
    headlines: dict[str, str] = {}  # h1 text -> the same without the kicker printed inside it
    for el in _H1(tree)[:8]:
        text = _el_text(el)
        if text and 3 <= len(text) <= 400:
            h1s.append(text)
            bare = _el_text(el, without_kicker=True)
            if bare != text and len(word_tokens(bare)) >= 3:
                headlines[text] = bare
    # The visible headline wins when structured data confirms it: the page shows it to readers.
    # Microdata on the <h1> itself confirms nothing about a kicker inside it: only a title the page
    # states elsewhere with the kicker (og:title "Kicker: Headline") keeps the kicker in.
    for signal, text in sorted(candidates, key=lambda c: c[0] == "microdata headline"):
        for h in h1s:
            if same_words(h, text):
                if h in headlines and signal == "microdata headline":
                    return headlines[h], f"h1 confirmed by {signal}, without its kicker"
                return _drop_kicker(text, candidates), f"h1 confirmed by {signal}"
    # Structured candidates: the one most signals agree on.
    if candidates:
        votes: dict[str, int] = {}
        first: dict[str, tuple[int, str, str]] = {}
        for i, (signal, text) in enumerate(candidates):
            key = " ".join(word_tokens(text))
            if not key:
                continue
            votes[key] = votes.get(key, 0) + 1
            first.setdefault(key, (i, signal, text))
        if votes:
            best = max(votes, key=lambda k: (votes[k], -first[k][0]))
            _, signal, text = first[best]
            # A lone <title> is a weak signal: an <h1> that shares most of its words is the headline
            # as shown (the <title> may be cut short or carry an unrecognised site name).
            if signal == "<title>":
                t_words = Counter(word_tokens(text))
                for h in h1s:
                    h_words = Counter(word_tokens(h))
                    if h_words and sum((h_words & t_words).values()) >= 0.6 * max(sum(h_words.values()), 3):
                        return h, "h1 (close to <title>)"
            return text, signal
    if h1s:
        return h1s[0], "h1"
    return None, ""


_SUBTITLE_CLASS = re.compile(r"sub-?title|sub-?headline|standfirst|(?:^|[\s_-])dek(?:$|[\s_-])|summary|lead|intro|teaser-?text|abstract", re.I)
_SUBTITLE_TAGS = {"p", "div", "h2", "span"}


_CAPTION_CLASS = re.compile(r"caption|credit|copyright", re.I)


def _caption_keys(tree: HtmlElement, with_alts: bool) -> set[str]:
    """The words of every image caption (and alt text): a photo's caption is no standfirst. Sites
    reuse the description as the alt of their share image, so a description is held against the
    visible captions only."""
    keys: set[str] = set()
    # (Captions marked by a class only are left out of a standfirst's text by `_without_media`.)
    for el in itertools.islice(tree.iter("figcaption", "img") if with_alts else tree.iter("figcaption"), 300):
        text = el.get("alt") if el.tag == "img" else plain_text(el)
        if text and len(text) >= 20:
            keys.add(" ".join(word_tokens(text)))
    return keys


def _is_caption(text: str, caption_keys: set[str]) -> bool:
    key = " ".join(word_tokens(text))
    # A caption shown twice (desktop and mobile copies) is still a caption.
    return any(c and (key == c or key.replace(c, "").strip() == "") for c in caption_keys if c in key)


def _without_media(el: HtmlElement) -> str:
    """The element's own text, without the figures, captions and credits inside it."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for ch in node:
            if isinstance(ch.tag, str) and ch.tag not in _SKIP_TAGS and ch.tag not in ("figure", "figcaption") \
                    and not _CAPTION_CLASS.search(ch.get("class") or ""):
                walk(ch)
            if ch.tail:
                parts.append(ch.tail)

    walk(el)
    return " ".join("".join(parts).split())


def read_subtitle(tree: HtmlElement, structured: Structured, art: dict, title: str | None) -> tuple[str | None, str]:
    subtitle, signal = _subtitle(tree, structured, art, title)
    if subtitle and _is_caption(subtitle, _caption_keys(tree, with_alts=signal.startswith("standfirst"))):
        return None, ""
    return subtitle, signal


def _subtitle(tree: HtmlElement, structured: Structured, art: dict, title: str | None) -> tuple[str | None, str]:
    alt = clean_text(art.get("alternativeHeadline")) if art else None
    if alt and (not title or not same_words(alt, title)):
        return alt, "json-ld alternativeHeadline"
    # A standfirst sits next to the headline: look only in the h1's neighbourhood, not the whole page.
    h1s = _H1(tree)
    if h1s:
        scope = h1s[0]
        for _ in range(3):
            parent = scope.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            scope = parent
        seen_h1, budget = False, 300
        for el in scope.iter(*_SUBTITLE_TAGS, "h1"):
            # The standfirst follows the headline; what comes before it is a kicker or navigation.
            if el is h1s[0]:
                seen_h1 = True
                continue
            if not seen_h1:
                continue
            budget -= 1
            if budget < 0:
                break
            cls = el.get("class")
            if ((cls and _SUBTITLE_CLASS.search(cls)) or el.get("itemprop") in ("alternativeHeadline", "description")) \
                    and not in_furniture(el):
                text = _without_media(el)
                if 20 <= len(text) <= 600 and (not title or not same_words(text, title)):
                    return text, "standfirst next to the headline"
    desc = clean_text(art.get("description")) if art else None
    desc = desc or structured.meta_first("og:description", "description", "twitter:description")
    if desc and (not title or not same_words(desc, title)):
        return clean_text(desc), "description"
    return None, ""
