"""The article body: which blocks of the DOM are the story, in reading order.

A ladder of signals, each checked against the others:
1. Content scoring on the DOM: the page flattened into blocks with furniture subtrees skipped
   (body_blocks), the story's container found by text and link density (body_score), the
   blocks inside it cleaned of what is still not the story (body_clean). When it finds little,
   a second walk that trusts fewer class names gets a say.
2. JSON-LD articleBody, when the DOM confirms it: the blocks whose text it contains are the
   story, with the DOM's paragraph breaks and headings (the JSON string has neither reliably).
   It wins over scoring only where scoring found no more than it (JSON bodies are often cut).
3. The JSON-LD articleBody text itself, when the DOM holds little (script-rendered pages).
4. trafilatura (fast mode) on the same tree, only when all of the above found next to nothing.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..model import Paragraph
from .body_blocks import Block, flatten
from .body_clean import body_bylines, clean_blocks, text_key
from .body_popups import remove_hover_cards
from .body_rescue import outweighing, template_twins
from .body_score import select_blocks
from .structured import Structured

# Below this much text, scoring is unsure and the fallbacks get a say; below the second,
# it found next to nothing. (A short story that scoring found is better than a longer
# text another extractor found around it: measured on AEB.)
_UNSURE_CHARS = 400
_NOTHING_CHARS = 150

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


@dataclass
class BodyResult:
    paragraphs: list[Paragraph] = field(default_factory=list)
    evidence: str = "none"
    bylines: list[str] = field(default_factory=list)  # byline lines at the story's edges, left out of paragraphs
    selected: list[Block] = field(default_factory=list)  # what scoring chose, before cleaning, when it won


def extract_body(
    tree: HtmlElement,
    structured: Structured,
    url: str | None = None,
    title: str | None = None,
    authors: tuple[str, ...] | list[str] = (),
) -> BodyResult:
    """Runs last on a page, so it may clean the tree in place (it does not need to)."""
    body = tree.find("body")
    if body is None:
        body = tree
    remove_hover_cards(body)
    walker = flatten(body)
    selected = select_blocks(walker)
    sections = template_twins(walker.soft_pruned, selected)
    if sections:
        walker = flatten(body, rescued=sections)
        selected = select_blocks(walker)
    scored_clean = clean_blocks(selected, title, authors)
    scored_chars = sum(len(b.text) for b in scored_clean)
    evidence = "content scoring"
    if scored_chars < _UNSURE_CHARS or outweighing(walker.soft_pruned, selected):
        # Furniture names can be wrong ("widget" around a blog post): walk again, trusting fewer.
        relaxed = flatten(body, prune=False)
        relaxed_selected = select_blocks(relaxed)
        relaxed_clean = clean_blocks(relaxed_selected, title, authors)
        relaxed_chars = sum(len(b.text) for b in relaxed_clean)
        if relaxed_chars > scored_chars:
            walker, selected, scored_clean, scored_chars = relaxed, relaxed_selected, relaxed_clean, relaxed_chars
            evidence = "content scoring (relaxed)"
    blocks = walker.blocks
    bylines = [] if authors else body_bylines(selected)

    ld_text = _ld_article_body(structured)
    if ld_text:
        matched = _blocks_in(blocks, ld_text, selected)
        matched_chars = sum(len(b.text) for b in matched)
        ld_chars = len(_SPACES.sub(" ", ld_text).strip())
        # The DOM agrees with the JSON-LD body: most of it is there, and it is not a stub
        # of a longer story the scoring found (paywalled JSON often carries the lede only).
        if matched_chars >= 0.7 * ld_chars and matched_chars >= 0.85 * scored_chars:
            cleaned = clean_blocks(matched, title, authors)
            if cleaned:
                return BodyResult(_paragraphs(cleaned), "json-ld articleBody", bylines)

    if scored_chars >= _UNSURE_CHARS:
        return BodyResult(_paragraphs(scored_clean), evidence, bylines, selected)

    # The DOM holds little: a page rendered by scripts still states its story in JSON-LD.
    if ld_text and len(ld_text) > max(scored_chars * 1.5, _UNSURE_CHARS):
        return BodyResult([Paragraph(p) for p in _split_ld(ld_text)], "json-ld articleBody (not in the DOM)")
    if scored_chars < _NOTHING_CHARS:
        # Our scoring found next to nothing: a second opinion from trafilatura's rules.
        fallback = _trafilatura(tree)
        if fallback and sum(len(p.text) for p in fallback) > max(scored_chars * 2, 100):
            return BodyResult(fallback, "trafilatura fallback")
    if scored_clean:
        return BodyResult(_paragraphs(scored_clean), evidence + ", little text", bylines, selected)
    return BodyResult([], "no body found")


def _paragraphs(blocks: list[Block]) -> list[Paragraph]:
    return [Paragraph(b.text, b.kind) for b in blocks]


def _ld_article_body(structured: Structured) -> str | None:
    art = structured.article()
    if not art:
        return None
    value = art.get("articleBody") or art.get("text")
    if isinstance(value, list):
        value = " ".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str) or len(value) < 200:
        return None
    if "<" in value:
        value = _TAGS.sub(" ", value)
    return html_lib.unescape(value)


def _split_ld(text: str) -> list[str]:
    return [_SPACES.sub(" ", p).strip() for p in text.split("\n") if p.strip()]


_SHORT_LINE = 20  # characters of an opening or closing line that the JSON-LD body must hold to be taken


def _blocks_in(blocks: list[Block], ld_text: str, story: list[Block]) -> list[Block]:
    """Blocks whose text is part of the JSON-LD body; short ones only between long matches. The
    JSON often leaves the story's subheadings out: a heading between its matches that the content
    scoring also took as the story's, over text of the JSON (not over a box's own), is kept."""
    # Compared on letters and digits only: the JSON often differs from the DOM in spaces
    # around removed links, entities and quote marks.
    norm = text_key(ld_text)
    flags = []
    for b in blocks:
        flags.append(len(b.text) >= 12 and text_key(b.text) in norm)
    longs = [i for i, b in enumerate(blocks) if flags[i] and len(b.text) >= 60]
    if not longs:
        return []
    first, last = longs[0], longs[-1]
    # A short opening or closing line of the story ("'That's correct,' Volker said.") runs on from
    # the first or last long match, with nothing between that the JSON does not hold.
    while last + 1 < len(blocks) and flags[last + 1] and len(blocks[last + 1].text) >= _SHORT_LINE:
        last += 1
    while first > 0 and flags[first - 1] and len(blocks[first - 1].text) >= _SHORT_LINE:
        first -= 1
    out: list[Block] = []
    seen: set[str] = set()
    in_story = {id(b) for b in story}
    for i in range(first, last + 1):
        b = blocks[i]
        if (flags[i] or _heads_matched(blocks, flags, i, in_story)) and b.text not in seen:
            seen.add(b.text)
            out.append(b)
    return out


def _heads_matched(blocks: list[Block], flags: list[bool], i: int, in_story: set[int]) -> bool:
    if blocks[i].kind != "heading" or id(blocks[i]) not in in_story:
        return False
    j = i + 1
    while j < len(blocks) and blocks[j].kind == "heading":
        j += 1
    return j < len(blocks) and flags[j]


def _trafilatura(tree: HtmlElement) -> list[Paragraph]:
    try:
        import trafilatura
    except ImportError:  # trafilatura is a dependency, but the ladder works without it
        return []
    try:
        text = trafilatura.extract(tree, fast=True, include_comments=False, include_tables=True)
    except Exception:  # a fallback must never break extraction
        return []
    if not text:
        return []
    return [Paragraph(line.strip()) for line in text.split("\n") if line.strip()]
