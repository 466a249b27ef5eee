"""Content scoring: which container of the DOM holds the story.

Readability's idea on our flat blocks: every paragraph-like block with enough text scores
(commas, length) and passes the score up to its container and, fading, to the ancestors
above; a container's score is discounted by its link density. The best container (or an
ancestor shared by several near-best ones) is then widened where it is only a fragment of
the story, joined by its twins (same tag and class: a story cut into chunks by figures) and
by siblings that score well.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from .body_blocks import CONTAINER_TAGS, Block, Walker
from .body_extend import Measures, continuations

_COMMAS = (",", "，", "、", "،", "،")
_MIN_BLOCK = 25
# A best container with less prose than this may be one piece of a story cut into wrappers.
_FRAGMENT = 2000.0
# A class or id that names the story ("article-body") tips a close call; it cannot outvote text.
_HINT_BONUS = 10.0
_SURE_BONUS = 25.0
# Link density above which a box between two parts of a story is a list of links, not part of it.
_SANDWICH_LINKS = 0.3
_DIGITS = re.compile(r"\d+")
_SUMMARY_TAGS = frozenset({"h2", "h3", "h4"})
_TAG_PRIOR = {"div": 5, "article": 8, "main": 5, "section": 3, "td": 3, "pre": 3, "blockquote": 3,
              "form": -3, "ol": -3, "ul": -3, "dl": -3, "li": -3, "table": -3, "body": -5, "header": -8}


def _block_score(b: Block) -> float:
    text = b.text
    n = len(text)
    commas = sum(text.count(c) for c in _COMMAS)
    # CJK text is dense: count its characters at three times their weight.
    if n and ord(text[n // 2]) >= 0x2E80:
        n *= 3
    return 1.0 + commas + min(n / 100.0, 3.0)


def _prose_value(b: Block, n: int, linky: bool) -> float:
    """What a block says about its container: prose for, link lists and interface scraps against."""
    if linky:
        return -float(n)
    if b.kind == "heading" or b.kind == "list":
        return 0.0  # list items: a story's bullet points, or a list of teasers
    if n < _MIN_BLOCK:
        return -5.0
    if b.link_chars > 0.1 * n:
        return 0.0  # prose with links: a story's, or a teaser's headline and summary
    return float(n)


def select_blocks(walker: Walker) -> list[Block]:
    """The blocks of the story's container(s), in reading order, not yet cleaned."""
    blocks = walker.blocks
    if not blocks:
        return []
    start, end = walker.start, walker.end
    # Prefix sums over block positions: text, link chars and prose value of any element in O(1).
    text_pre = [0]
    link_pre = [0]
    value_pre = [0.0]
    block_scores: list[float] = []
    for b in blocks:
        n = len(b.text)
        text_pre.append(text_pre[-1] + n)
        link_pre.append(link_pre[-1] + b.link_chars)
        linky = b.link_chars > 0.5 * n
        block_scores.append(0.0 if n < _MIN_BLOCK or b.kind == "heading" or linky else _block_score(b))
        value_pre.append(value_pre[-1] + _prose_value(b, n, linky))

    def density(el: HtmlElement) -> float:
        s, e = start.get(el, 0), end.get(el, 0)
        n = text_pre[e] - text_pre[s]
        return (link_pre[e] - link_pre[s]) / n if n else 1.0

    def chars(el: HtmlElement) -> int:
        return text_pre[end[el]] - text_pre[start[el]]

    def value(el: HtmlElement) -> float:
        return value_pre[end[el]] - value_pre[start[el]]

    scores: dict[HtmlElement, float] = {}
    hints = set(walker.content_hint)
    sure = set(walker.sure_hint)
    for b, s in zip(blocks, block_scores, strict=True):
        if not s:
            continue
        target = b.owner if b.tag in CONTAINER_TAGS else b.owner.getparent()
        level = 0
        while target is not None and level < 5:
            if target not in scores:
                bonus = _SURE_BONUS if target in sure else _HINT_BONUS if target in hints else 0.0
                scores[target] = _TAG_PRIOR.get(target.tag, 0) + bonus
            scores[target] += s / (1 if level == 0 else 2 if level == 1 else level * 3)
            target = target.getparent()
            level += 1
    if not scores:
        return []

    final = {el: sc * (1.0 - density(el)) for el, sc in scores.items() if el in start}
    if not final:
        return []
    ranked = sorted(final.items(), key=lambda kv: kv[1], reverse=True)
    top, top_score = ranked[0]

    # Several near-best candidates under one ancestor: the story is split, take the ancestor.
    alternatives = [el for el, sc in ranked[1:6] if sc >= 0.75 * top_score]
    if len(alternatives) >= 3:
        parent = top.getparent()
        while parent is not None and parent.tag not in ("body", "html"):
            inside = sum(1 for a in alternatives if _contains(start, end, parent, a))
            if inside >= 3:
                top = parent
                break
            parent = parent.getparent()
    # A lone child says nothing of its own: its parent is the same container, maybe with more.
    parent = top.getparent()
    while parent is not None and parent.tag not in ("body", "html") and len(parent) == 1:
        top, parent = parent, parent.getparent()
    top_score = final.get(top, top_score)
    top = _widen(top, start, end, value_pre)
    top_score = final.get(top, top_score)

    chosen = [top] + _twins(top, start, end, value_pre)
    parent = top.getparent()
    if parent is not None:
        threshold = max(10.0, top_score * 0.2)
        for sib in parent:
            if sib is top or sib not in start:
                continue
            sc = final.get(sib, 0.0)
            if sc >= threshold:
                chosen.append(sib)
                continue
            if sib.tag == "p" or sib.tag in _SUMMARY_TAGS:
                n = chars(sib)
                ld = density(sib)
                if sib.tag != "p":
                    if n > 150 and ld < 0.25:
                        chosen.append(sib)  # a standfirst set in a heading tag, beside the story
                elif (n > 80 and ld < 0.25) or (0 < n <= 80 and ld == 0):
                    chosen.append(sib)
    if parent is not None:
        chosen += _sandwiched(parent, chosen, start, end, density)
    chosen += continuations(top, chosen, Measures(blocks, start, end, chars, density, value))
    ranges = sorted((start[el], end[el]) for el in chosen)
    out: list[Block] = []
    last = -1
    for s, e in ranges:
        for i in range(max(s, last), e):
            out.append(blocks[i])
        last = max(last, e)
    return out


def _widen(top: HtmlElement, start: dict, end: dict, value_pre: list[float]) -> HtmlElement:
    """Climb from the best container while the parent adds clearly more prose than clutter.

    The densest container is often one part of a story cut up by figures, slides or ads into
    wrappers deeper than the scores reach.
    """
    def value(el: HtmlElement) -> float:
        return value_pre[end[el]] - value_pre[start[el]]

    best, current = top, value(top)
    if current >= _FRAGMENT:
        return top  # a story of its own size: siblings may still join, ancestors not
    parent = top.getparent()
    while parent is not None and parent in start and parent.tag not in ("body", "html"):
        v = value(parent)
        if v >= 2 * current and v - current >= 300:
            best, current = parent, v
        parent = parent.getparent()
    return best


def _twins(top: HtmlElement, start: dict, end: dict, value_pre: list[float]) -> list[HtmlElement]:
    """Containers with the same tag and class as the best one, near it: the rest of a story
    that a template cut into chunks ("article__chunk" after each figure)."""
    cls = top.get("class")
    if not cls:
        return []
    shape = _class_shape(cls)
    ancestor = top.getparent()
    for _ in range(4):
        if ancestor is None or ancestor.tag in ("body", "html"):
            return []
        # The number-free comparison only where the class has numbers: it is a regex per element.
        twins = [el for el in ancestor.iter(top.tag)
                 if el is not top and el in start and (el.get("class") == cls or (
                     shape != cls and _class_shape(el.get("class") or "") == shape))]
        if twins:
            return [el for el in twins if value_pre[end[el]] - value_pre[start[el]] > 0
                    and not _contains(start, end, top, el) and not _contains(start, end, el, top)]
        ancestor = ancestor.getparent()
    return []


def _class_shape(cls: str) -> str:
    """A class without its numbers: "story-body story-body-2" is a twin of "story-body story-body-1"."""
    return _DIGITS.sub("", cls)


def _contains(start: dict, end: dict, outer: HtmlElement, inner: HtmlElement) -> bool:
    if outer not in start or inner not in start:
        return False
    return start[outer] <= start[inner] and end[inner] <= end[outer]


def _sandwiched(parent: HtmlElement, chosen: list[HtmlElement], start: dict, end: dict,
                density: Callable[[HtmlElement], float]) -> list[HtmlElement]:
    """Siblings between two chosen parts of the story: a table of pros and cons, a list of specs,
    a box of key facts. They score little (short cells, list items) but the story runs on around
    them; link lists between the parts stay out."""
    members = {id(el) for el in chosen}
    kids = [el for el in parent if el in start]
    picked = [i for i, el in enumerate(kids) if id(el) in members]
    if len(picked) < 2:
        return []
    # One short line between the parts is a caption, a date or a label, not a part of the story.
    return [el for el in kids[picked[0] + 1:picked[-1]]
            if id(el) not in members and end[el] - start[el] >= 2 and density(el) < _SANDWICH_LINKS]
