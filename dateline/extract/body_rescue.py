"""Parts of a story that the walk skipped for a furniture word in their class.

The walk skips an element named like furniture ("widget", "toolbar", "gallery") unless it holds
many paragraphs, so a short story or one section of a long one can fall to a name. Two kinds of
skipped element say so:

- Template twins, walked after all. Page builders wrap every section of a long article in the same component ("builder-widget",
"module-text"), and a class word that usually means furniture ("widget") then prunes each short
section while the one long section, full of paragraphs, survives: a guide comes out as its intro.
A skipped element is a section of the story when the page built it from the same template as the
story's own text: the same chain of tags and classes down from the ancestor they share.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .body_blocks import Block

_DEEPEST = 8  # template chains longer than this are not compared


def _signature(el: HtmlElement) -> tuple[str, str]:
    return str(el.tag), (el.get("class") or "").strip()


def template_twins(skipped: list[HtmlElement], story: list[Block]) -> frozenset[HtmlElement]:
    """The skipped elements that repeat the template of the story's longest block."""
    if not skipped or not story:
        return frozenset()
    anchor = max(story, key=lambda b: len(b.text) if b.kind == "paragraph" else 0).owner
    chain = [anchor]
    for ancestor in anchor.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        chain.append(ancestor)
    depth = {id(el): i for i, el in enumerate(chain)}
    twins = []
    for el in skipped:
        if not el.get("class"):
            continue
        path = [el]
        parent = el.getparent()
        while parent is not None and id(parent) not in depth and len(path) <= _DEEPEST:
            path.append(parent)
            parent = parent.getparent()
        if parent is None or id(parent) not in depth:
            continue
        shared = depth[id(parent)]
        if shared < len(path):
            continue  # the story's side of the shared ancestor is shallower than this element
        story_side = chain[shared - len(path):shared]
        if all(_signature(a) == _signature(b) for a, b in zip(path, story_side, strict=True)):
            twins.append(el)
    return frozenset(twins)


# A skipped element with more prose than the chosen story, and at least _MIN_PROSE
# characters of it, outweighs the story.
_OUTWEIGH = 1.0
_MIN_PROSE = 400
_SENTENCE = 60


def outweighing(skipped: list[HtmlElement], story: list[Block]) -> frozenset[HtmlElement]:
    chosen = sum(len(b.text) for b in story)
    floor = max(_MIN_PROSE, _OUTWEIGH * chosen)
    return frozenset(el for el in skipped if _prose(el, floor) >= floor)


def _prose(el: HtmlElement, enough: float) -> int:
    """Characters in the element's paragraphs that read as text, not as links (counting stops at enough)."""
    total = 0
    for p in el.iter("p"):
        n = len(p.text_content().strip())
        if n < _SENTENCE:
            continue
        linked = sum(len(a.text_content().strip()) for a in p.iter("a"))
        if linked < 0.3 * n:
            total += n
            if total >= enough:
                break
    return total
