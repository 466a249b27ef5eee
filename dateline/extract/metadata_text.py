"""What the metadata readers share: strings as the page meant them, their words, an element's
plain text, and whether an element is page furniture (a teaser, a comment, a caption) rather
than the article.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from lxml.html import HtmlElement

from ..writing_systems import UNSPACED_CHARS

_WORD = re.compile(r"\w+")
_CJK = re.compile(f"([{UNSPACED_CHARS}])")


def clean_text(text: Any) -> str | None:
    """A string as the page meant it: entities decoded (JSON-LD often carries them), spaces collapsed."""
    if not isinstance(text, str):
        return None
    if "&" in text:
        text = htmllib.unescape(text)
    text = " ".join(text.split())
    return text or None


def word_tokens(text: str) -> list[str]:
    """The words of a text, case-folded, to compare titles and names; each CJK character is a word."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(_CJK.sub(r" \1 ", text))


def plain_text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def same_words(a: str, b: str) -> bool:
    return word_tokens(a) == word_tokens(b)


# Classes and ids of furniture around an element: its byline or standfirst is not the article's.
_SKIP_CLASS = re.compile(r"comment|related|teaser|recommend|more-|footer|bildautor|image|photo|foto|caption|"
                         r"avatar|follow|bio\b|bio-|description|social|share|newsletter|mediabox|card|"
                         r"copyright|credit|sidebar|widget|promo|readmore|read-more", re.I)


def in_furniture(el: HtmlElement, lenient: bool = False, article: Collection[HtmlElement] = ()) -> bool:
    """Inside a teaser, a comment, a photo credit or a related story: its byline or standfirst is not the article's.

    `lenient` passes the class words that also name the article's own parts ("credit-bar", "main-card").
    `article` holds the elements around the headline: one of them is the article or the page, whatever
    its classes say ("sticky-sidebar-parent", "node--promoted"), so the walk stops there.
    """
    node, depth = el, 0
    # <body> and <html> name the page's template ("sidebar-primary", "has-comments"), not a part of it.
    while node is not None and depth < 8 and node.tag not in ("body", "html") and node not in article:
        cls = _role_classes((node.get("class") or "") + " " + (node.get("id") or ""))
        if lenient:
            cls = _AMBIGUOUS_CLASS.sub(" ", cls)
        if _is_entry_footer(node, cls):
            # WordPress themes print the post's own byline in the footer of its <article>.
            node, depth = node.getparent(), depth + 1
            continue
        if node.tag in ("aside", "footer", "nav", "figure", "figcaption") and depth > 0:
            return True
        if cls.strip() and _SKIP_CLASS.search(cls):
            return True
        node, depth = node.getparent(), depth + 1
    return False


_AMBIGUOUS_CLASS = re.compile(r"credit|card", re.I)
# State modifiers say what an element has or lacks ("hasnt-bio", "no-image", "with-sidebar"), not what it is.
_STATE_CLASS = re.compile(r"^(?:has|hasnt|has-no|no|not|is-not|without|with|show|hide)-", re.I)


def _role_classes(cls: str) -> str:
    return " ".join(c for c in cls.split() if not _STATE_CLASS.match(c))


def _is_entry_footer(node: HtmlElement, cls: str) -> bool:
    if node.tag != "footer" and "footer" not in cls.lower():
        return False
    parent = node.getparent()
    return parent is not None and (parent.tag == "article" or "hentry" in (parent.get("class") or "").split())
