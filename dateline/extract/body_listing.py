"""The headlines of a listing page's entries, which the article cleaner drops as links.

On a story, a heading that is one link is a teaser for another story. On a page that is not a
story (a section front, a tag page, a search result) those teasers are the page's main text:
each entry's headline goes back in front of the summary that the body kept.
"""

from __future__ import annotations

from ..model import Paragraph
from .body_blocks import Block

_LONGEST_HEADLINE = 200
_REACH = 3  # blocks from a headline to its summary (a date line may sit between)


def with_headlines(selected: list[Block], kept: list[Paragraph]) -> list[Paragraph]:
    """`kept` (the body, in the order of `selected`) with each entry's headline put back."""
    out: list[Paragraph] = []
    j = 0
    for i, b in enumerate(selected):
        if j < len(kept) and b.text == kept[j].text:
            out.append(kept[j])
            j += 1
        elif j < len(kept) and b.kind == "heading" and b.tag != "h1" and len(b.text) <= _LONGEST_HEADLINE and _heads_summary(
                selected, i, kept[j]):
            out.append(Paragraph(b.text, "heading"))
    out.extend(kept[j:])
    return out


def _heads_summary(selected: list[Block], i: int, summary: Paragraph) -> bool:
    if summary.kind == "heading":
        return False
    for b in selected[i + 1:i + 1 + _REACH]:
        if b.kind == "heading":
            return False
        if b.text == summary.text:
            return True
    return False
