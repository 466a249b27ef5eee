"""Hover cards inside the story's sentences: a name in a paragraph carries a hidden card of
headlines about that person ("Jane Doe — Governor doubles down on … / State drops … / MORE") that
a script shows on hover. Flattened, the card cuts the sentence in two and puts a list of
headlines in the middle of the lede.

A card is an element inside a paragraph, not a link itself, made almost entirely of several
links with a headline's worth of text between them, while the paragraph has prose of its own
around it. Removed from the tree before the story is read, its tail text kept.
"""

from __future__ import annotations

from lxml.html import HtmlElement

_MIN_LINKS = 3
_MIN_LINK_CHARS = 80
_LINK_SHARE = 0.8
_MIN_PROSE = 20  # the paragraph's own text beside the card
_LONGEST_PARAGRAPH = 3000


def remove_hover_cards(root: HtmlElement) -> None:
    cards: list[HtmlElement] = []
    for p in root.iter("p"):
        p_len = len(" ".join(p.text_content().split()))
        if p_len > _LONGEST_PARAGRAPH:
            continue  # broken markup: a <p> around half the page
        found = [el for el in p.iterdescendants()
                 if isinstance(el.tag, str) and el.tag != "a" and 0 < _card_length(el) <= p_len - _MIN_PROSE]
        # The innermost card: the wrapper around it also holds the name the card belongs to.
        found_set = set(found)
        cards.extend(el for el in found if not any(d in found_set for d in el.iterdescendants()))
    for el in cards:
        el.drop_tree()  # keeps the tail: the sentence goes on after the card


def _card_length(el: HtmlElement) -> int:
    """The text length of `el` when it is a card of links, else 0."""
    links = [a for a in el.iter("a")]
    if len(links) < _MIN_LINKS:
        return 0
    link_chars = sum(len(" ".join(a.text_content().split())) for a in links)
    total = len(" ".join(el.text_content().split()))
    if link_chars < _MIN_LINK_CHARS or link_chars < _LINK_SHARE * total:
        return 0
    return total
