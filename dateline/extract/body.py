"""The article body: which blocks of the DOM are the story, in reading order.

PLACEHOLDER: paragraphs are every <p>; content scoring comes next.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..model import Paragraph
from .structured import Structured


@dataclass
class BodyResult:
    paragraphs: list[Paragraph] = field(default_factory=list)
    evidence: str = "none"


def extract_body(
    tree: HtmlElement,
    structured: Structured,
    url: str | None = None,
    title: str | None = None,
    authors: tuple[str, ...] | list[str] = (),
) -> BodyResult:
    """Runs last on a page, so it may clean the tree in place."""
    paragraphs = []
    for p in tree.iter("p"):
        text = " ".join(p.text_content().split())
        if len(text) > 40:
            paragraphs.append(Paragraph(text))
    return BodyResult(paragraphs, "paragraph tags")
