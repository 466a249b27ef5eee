"""Articles from plain-text page dumps: the text of a page as scraped or copied.

PLACEHOLDER.
"""

from __future__ import annotations

from ..model import Article, Paragraph


def extract_text(text: str, url: str | None = None) -> Article:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    art = Article(url=url, title=lines[0] if lines else None)
    art.paragraphs = [Paragraph(line) for line in lines[1:]]
    art.body = "\n\n".join(p.text for p in art.paragraphs)
    art.is_article = bool(art.body)
    return art
