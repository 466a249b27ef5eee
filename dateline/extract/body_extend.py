"""The story beyond its best container: sections in sibling and cousin containers that continue it.

Scores fade with depth, so a long guide whose sections each sit a few wrappers down loses all
but its densest section. From the chosen container the story is read on outwards, sibling by
sibling and then one level up, for as long as what follows reads like more of it: a heading with
sentences under it, or plain sentences, and few links. Empty or tiny boxes between (an ad label, a sign-up
box the walk skipped) are read past; anything else ends the story in that direction, and the
levels above are only read on where the story ran to the edge of the level below. Another
story (its own <article> or <h1>) always ends it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml.html import HtmlElement

from .body_blocks import SOFT_SKIP_TAGS, Block

_LEVELS = 3  # how far above the chosen container the story may be read on
_MAX_LINKS = 0.2  # link density of a section that continues a story
_PLAIN_LINKS = 0.1  # of plain paragraphs that do
_INTERRUPTION = 200  # characters of a box between two sections that the story reads past
_GAPS = 2  # such boxes in a row
_SENTENCE = 80  # characters of a block that reads as running text
_SENTENCE_END = re.compile(r"[.!?。！？…:;\"'”»)]\s*$")
_SCRAPS = 0.4  # share of a section's text in short lines that are neither sentences, list items nor rows
_RUN = 2  # sections in a row that continue a story


@dataclass
class Measures:
    """Sums over an element's blocks, from the scorer's prefix sums."""

    blocks: list[Block]
    start: dict
    end: dict
    chars: Callable[[HtmlElement], int]
    density: Callable[[HtmlElement], float]
    value: Callable[[HtmlElement], float]


def continuations(top: HtmlElement, chosen: list[HtmlElement], m: Measures) -> list[HtmlElement]:
    members = {id(el) for el in chosen}
    out: list[HtmlElement] = []
    open_ends = {1: True, -1: True}
    el = top
    for _ in range(_LEVELS):
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        kids = [k for k in parent if k in m.start]
        if el not in kids:
            break
        here = kids.index(el)
        for step in (1, -1):
            if open_ends[step]:
                run, open_ends[step] = _read_on(kids, here, step, members, m)
                # One box with a heading after a story is its author's bio, a donation call, an
                # offer; a story's own sections come in runs.
                if len(run) >= _RUN:
                    out += run
                    members.update(id(r) for r in run)
                elif run:
                    open_ends[step] = False
        if not any(open_ends.values()):
            break
        el = parent
    return out


def _read_on(kids: list[HtmlElement], here: int, step: int, members: set[int],
             m: Measures) -> tuple[list[HtmlElement], bool]:
    """The sections that continue the story from kids[here] in one direction, and whether the
    story runs on to the edge of this level."""
    run: list[HtmlElement] = []
    gaps = 0
    j = here + step
    while 0 <= j < len(kids):
        sib = kids[j]
        j += step
        if id(sib) in members:
            continue
        n = m.chars(sib)
        if n == 0:
            continue  # furniture the walk skipped
        if _other_story(sib) or sib.tag in SOFT_SKIP_TAGS:
            return run, False
        if _continues(sib, m):
            run.append(sib)
            gaps = 0
        elif n < _INTERRUPTION and gaps < _GAPS:
            gaps += 1
        else:
            return run, False
    return run, True


def _other_story(el: HtmlElement) -> bool:
    return el.tag in ("article", "h1") or next(el.iter("article", "h1"), None) is not None


def _continues(el: HtmlElement, m: Measures) -> bool:
    """A section of the story: a heading, then sentences, lists or tables, few links."""
    if m.density(el) >= _MAX_LINKS or m.value(el) <= 0:
        return False
    blocks = m.blocks[m.start[el]:m.end[el]]
    if blocks[0].kind != "heading":
        # Plain prose: the paragraphs before a "read more" fold, the rest of a story after a box.
        return m.density(el) < _PLAIN_LINKS and all(b.kind == "paragraph" and _is_sentence(b) for b in blocks)
    if len(blocks) < 2:
        return False
    body = blocks[1:]
    if not any(b.kind == "paragraph" and _is_sentence(b) for b in body):
        return False
    # Polls, sign-up forms and widgets have headings too, over short lines of interface.
    scraps = sum(len(b.text) for b in body if b.kind != "list" and b.tag != "tr" and not _is_sentence(b))
    return scraps <= _SCRAPS * sum(len(b.text) for b in body)


def _is_sentence(b: Block) -> bool:
    return len(b.text) >= _SENTENCE and bool(_SENTENCE_END.search(b.text))
