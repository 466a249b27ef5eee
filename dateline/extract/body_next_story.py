"""Where the story ends because the next one begins: pages that load the following article under
the first (endless scroll) put it in an <article> of its own, with its own headline.

The story's <article> is the one whose headline is the page's title. Blocks in another <article>
that has a headline of its own (h1 or h2), comes after the story and is neither inside the
story's nor around it are a different story. Nothing is cut when no single <article> holds the title (a live blog's entries
are <article>s too, under a headline outside them all).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from .body_blocks import Block

_STORY_CHARS = 300  # the titled <article> holds the story, not only its headline


def drop_next_stories(blocks: list[Block], title_key: str, text_key: Callable[[str], str]) -> list[Block]:
    if not title_key or len(blocks) < 2:
        return blocks
    articles: dict[HtmlElement, None] = {}
    owner_article: list[HtmlElement | None] = []
    for b in blocks:
        art = _article_of(b.owner)
        owner_article.append(art)
        if art is not None:
            articles.setdefault(art, None)
    if len(articles) < 2:
        return blocks
    titled = [a for a in articles if _has_headline(a, lambda t: text_key(t) == title_key)]
    if len(titled) != 1:
        return blocks
    story = titled[0]
    in_story = [i for i, art in enumerate(owner_article) if art is not None and _within(art, {story})]
    if sum(len(blocks[i].text) for i in in_story) < _STORY_CHARS:
        return blocks  # the titled <article> is a header; the story's text is elsewhere
    last = in_story[-1]
    # Only what comes after the story: an <article> before it is no continuation of the page.
    others = {a for i, a in enumerate(owner_article) if i > last and a is not None and a is not story
              and not _related(a, story) and _has_headline(a, lambda t: True)}
    if not others:
        return blocks
    return [b for i, (b, art) in enumerate(zip(blocks, owner_article, strict=True))
            if i <= last or not _within(art, others)]


def _article_of(el: HtmlElement) -> HtmlElement | None:
    for node in (el, *el.iterancestors()):
        if node.tag == "article":
            return node
    return None


def _has_headline(article: HtmlElement, accept: Callable[[str], bool]) -> bool:
    for h in article.iter("h1", "h2"):
        text = " ".join(h.text_content().split())
        if text and accept(text):
            return True
    return False


def _related(a: HtmlElement, b: HtmlElement) -> bool:
    """One holds the other."""
    return any(x is b for x in a.iterancestors()) or any(x is a for x in b.iterancestors())


def _within(art: HtmlElement | None, others: set[HtmlElement]) -> bool:
    node = art
    while node is not None:
        if node in others:
            return True
        node = node.getparent()
    return False
