"""Matching a TABARI/PETRARCH verb pattern against the words around a verb.

A pattern's lower part is matched backwards from the verb through the words before it, its upper
part forwards through the verb's phrase. Words may come between two elements unless the dictionary
joined them (`_`, or inside `{...}` / `(...)`); a synset matches any of its members, each member's
words adjacent; `$` and `+` take the next coded actor phrase (before the verb: the nearest one) as
source and target; `%` asks for a coordinated subject; `^` lets one phrase go by.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from .petrarch_verbs import Element, Pattern
from .tabari import Words

# A coded phrase as the matcher sees it: its first and last token and its codes.
PhraseAt = Callable[[int], "tuple[int, int, list[str]] | None"]


@dataclass
class Bindings:
    source: list[str] | None = None
    target: list[str] | None = None
    used: set[int] = field(default_factory=set)  # tokens of phrases the markers took


@dataclass(frozen=True)
class Context:
    words: Sequence[str]  # the sentence's words, upper case
    lemmas: Sequence[str]
    lower: Sequence[int]  # token indices before the verb (sentence order)
    upper: Sequence[int]  # token indices of the verb's phrase after it (sentence order)
    synsets: dict[str, list[Words]]
    phrase_at: PhraseAt
    compound_subject: bool
    use_lemmas: bool = False
    determiners: frozenset[int] = frozenset()  # tokens a `{...}` / `(...)` phrase lets through
    nouns: frozenset[int] = frozenset()  # what `^` skips: the next noun phrase
    adjectives: frozenset[int] = frozenset()
    vocabulary: frozenset[str] | None = None  # the sentence's words (and lemmas): a quick test first


def word_matches(ctx: Context, i: int, word: str) -> bool:
    if ctx.words[i] == word:
        return True
    return ctx.use_lemmas and ctx.lemmas[i] == word


def seq_at(ctx: Context, region: Sequence[int], k: int, words: Words, step: int = 1) -> int | None:
    """Index in `region` just after `words` matched from region[k], each word adjacent to the last
    (`step` -1 when the region runs backwards)."""
    for n, word in enumerate(words):
        j = k + n
        if j >= len(region) or not word_matches(ctx, region[j], word):
            return None
        if n and region[j] != region[j - 1] + step:
            return None
    return k + len(words)


def match_pattern(pattern: Pattern, ctx: Context) -> Bindings | None:
    """Bindings when `pattern` matches, else None."""
    if ctx.vocabulary is not None and not required_words(pattern) <= ctx.vocabulary:
        return None
    if any(e.kind == "compound" for e in pattern.lower) and not ctx.compound_subject:
        return None
    b = Bindings()
    if not _forward(pattern.upper, 0, ctx, list(ctx.upper), 0, b):
        return None
    lower_rev = list(reversed(ctx.lower))
    elements = list(reversed([e for e in pattern.lower if e.kind != "compound"]))
    # In reverse, an element is joined to the one after it in the sentence: shift the flags.
    joins = [e.joined for e in pattern.lower if e.kind != "compound"][1:] + [pattern.verb_joined]
    joins = list(reversed(joins))
    if not _backward(elements, joins, 0, ctx, lower_rev, 0, b):
        return None
    return b


@cache
def required_words(pattern: Pattern) -> frozenset[str]:
    """The pattern's literal words: a sentence without one of them cannot match it."""
    return frozenset(e.text for e in pattern.lower + pattern.upper if e.kind == "word")


def _forward(elements: Sequence[Element], k: int, ctx: Context, region: list[int], pos: int, b: Bindings,
             gap_ok: bool = False) -> bool:
    if k == len(elements):
        return True
    e = elements[k]
    if e.kind == "skip":
        after = _skip_phrase(ctx, region, pos, forward=True)
        return after is not None and _forward(elements, k + 1, ctx, region, after, b, gap_ok=True)
    if e.kind == "compound":
        return _forward(elements, k + 1, ctx, region, pos, b)
    joined = e.joined and not gap_ok
    starts = _joined_starts(ctx, region, pos, e.grouped, e.loose) if joined else range(pos, len(region))
    for s in starts:
        end = _element_at(e, ctx, region, s, b, forward=True)
        if end is not None and _forward(elements, k + 1, ctx, region, end, b):
            return True
    return False


def _backward(elements: Sequence[Element], joins: Sequence[bool], k: int, ctx: Context, region: list[int],
              pos: int, b: Bindings) -> bool:
    """`region` runs backwards from the verb; element k must end at region[pos] when joined."""
    if k == len(elements):
        return True
    e = elements[k]
    if e.kind == "skip":
        after = _skip_phrase(ctx, region, pos, forward=False)
        return after is not None and _backward(elements, [False] * len(joins), k + 1, ctx, region, after, b)
    grouped = e.grouped or (k > 0 and elements[k - 1].grouped)
    starts = _joined_starts(ctx, region, pos, grouped) if joins[k] else range(pos, len(region))
    for s in starts:
        end = _element_at(e, ctx, region, s, b, forward=False)
        if end is not None and _backward(elements, joins, k + 1, ctx, region, end, b):
            return True
    return False


def _skip_phrase(ctx: Context, region: list[int], pos: int, forward: bool) -> int | None:
    """The region index past the next noun and the nouns right after it (`their Ent populations`);
    what follows the noun (`of the Prince`) is left for the next element."""
    for s in range(pos, len(region)):
        if region[s] not in ctx.nouns:
            continue
        n = s + 1
        while n < len(region) and region[n] in ctx.nouns and abs(region[n] - region[n - 1]) == 1:
            n += 1
        return n
    return None


def _joined_starts(ctx: Context, region: list[int], pos: int, grouped: bool, loose: bool = False) -> list[int]:
    """Where a joined element may start: right here, or past determiners inside a phrase group
    (and past adjectives before a noun phrase's head)."""
    out = [pos]
    passable = ctx.determiners | ctx.adjectives if loose else ctx.determiners
    while grouped and pos < len(region) and region[pos] in passable:
        pos += 1
        out.append(pos)
    return out


def _element_at(e: Element, ctx: Context, region: list[int], s: int, b: Bindings, forward: bool) -> int | None:
    """The region index after element `e` placed at region[s] (in the walking direction)."""
    if s >= len(region):
        return None
    if e.kind in ("source", "target"):
        phrase = ctx.phrase_at(region[s])
        if phrase is None:
            return None
        first, last, codes = phrase
        if not codes:
            return None
        if e.kind == "source":
            b.source = codes
        else:
            b.target = codes
        b.used.update(range(first, last + 1))
        edge = last if forward else first
        n = s
        while n < len(region) and (region[n] <= edge if forward else region[n] >= edge):
            n += 1
        return n
    alternatives: list[Words]
    if e.kind == "synset":
        alternatives = sorted(ctx.synsets.get(e.text, []), key=len, reverse=True)
    else:
        alternatives = [(e.text,)]
    for words in alternatives:
        if forward:
            end = seq_at(ctx, region, s, words)
        else:
            end = seq_at(ctx, region, s, tuple(reversed(words)), step=-1)
        if end is not None:
            return end
    return None
