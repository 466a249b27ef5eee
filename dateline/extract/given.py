"""An article from fields a source already extracted (a corpus row), without any HTML.

The text is split into paragraphs, the date normalised like any page's, and the fields
derived from the body (dateline, agency, lede, language) come from the same `finish` the
HTML path uses, so a corpus article looks like a crawled one downstream.
"""

from __future__ import annotations

import re

from ..model import Article, Page, Paragraph
from .datetext import parse_date_text, parse_date_value
from .html import finish

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_AUTHOR_SPLIT = re.compile(r"\s*[;|\n]\s*")


def article_from_given(page: Page) -> Article:
    given = page.given
    paragraphs = [Paragraph(p) for p in split_paragraphs(given.get("text", ""))]
    art = Article(
        input=page.source,
        url=page.url,
        title=_clean(given.get("title")),
        site_name=_clean(given.get("source")),
        authors=[a for a in _AUTHOR_SPLIT.split(given.get("authors", "")) if a],
        paragraphs=paragraphs,
    )
    art.evidence["format"] = "corpus"
    art.evidence["body"] = "corpus"
    for name in ("title", "site_name", "authors"):
        if getattr(art, name):
            art.evidence[name] = "corpus"
    published = normalise_date(given.get("published"))
    if published:
        art.published = published
        art.evidence["published"] = "corpus"
    finish(art, declared_language=given.get("language"))
    art.is_article = bool(art.paragraphs)
    art.reason = None if art.is_article else "the corpus row has no text"
    return art


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs when the text has them (single newlines inside a block
    are line wraps); otherwise every line is a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _BLANK_LINE.search(text):
        blocks = [" ".join(b.split("\n")) for b in _BLANK_LINE.split(text)]
    else:
        blocks = text.split("\n")
    return [p for p in (_SPACES.sub(" ", b).strip() for b in blocks) if p]


def normalise_date(value: str | None) -> str | None:
    """ISO 8601 from what a corpus writes: ISO, epoch seconds, RFC 2822 or free text."""
    if not value or not value.strip():
        return None
    found = parse_date_value(value.strip()) or parse_date_text(value)
    return found[0] if found else None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return _SPACES.sub(" ", " ".join(value.split())).strip() or None
