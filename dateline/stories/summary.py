"""What a story shows a reader, computed from its member articles (pure functions, no I/O).

- the title: the most representative headline, the one whose words the other headlines share most;
- the summary: a few lead sentences, one per unique article, most representative first;
- its time span, outlets, main actors and places, counts of articles and unique articles;
- its timeline: the events its articles report, once each, in date order.

A duplicate group (the same wire copy on three sites) counts once everywhere except in the
outlets and the article count: a copy adds no sentence, headline vote, actor or event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .cluster import StoryArticle
from .cluster_terms import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+|\d+")
# A sentence ends at . ! ? followed by space and a capital or a quote; abbreviations like "U.S."
# stay inside (a lower-case or no space after the dot).
_SENTENCE_END = re.compile(
    r"(?<![A-Z]\.[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)"
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z])|\n+")


@dataclass(frozen=True)
class TimelineEntry:
    """One event of the story: when, what (a short description) and which article reported it first."""

    date: str          # ISO date or datetime, as precise as known
    description: str
    article_id: str
    key: str = ""      # the event's identity key (events.identity), to count a report of it once


@dataclass(frozen=True)
class StorySummary:
    title: str
    summary: str
    first_published: datetime | None
    last_published: datetime | None
    outlets: tuple[str, ...]
    actors: tuple[str, ...]
    places: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...]
    articles: int
    unique_articles: int


def summarize(members: Sequence[StoryArticle], events: Sequence[TimelineEntry] = (),
              sentences: int = 3, top: int = 5) -> StorySummary:
    """The story of `members` as a reader sees it; `events` are the members' reported events."""
    unique = unique_articles(members)
    published = [a.published for a in members if a.published is not None]
    return StorySummary(
        title=representative_title(unique),
        summary=summary_text(unique, sentences),
        first_published=min(published, default=None),
        last_published=max(published, default=None),
        outlets=outlets(members),
        actors=main_entities([a.actors for a in unique], top),
        places=main_entities([a.places for a in unique], top),
        timeline=timeline(events),
        articles=len(members),
        unique_articles=len(unique),
    )


def unique_articles(members: Sequence[StoryArticle]) -> list[StoryArticle]:
    """One article per duplicate group (the earliest published), in the order given otherwise."""
    chosen: dict[str, StoryArticle] = {}
    for article in members:
        key = article.duplicate_group or "article:" + article.id
        kept = chosen.get(key)
        if kept is None or _earlier(article, kept):
            chosen[key] = article
    kept_ids = {a.id for a in chosen.values()}
    return [a for a in members if a.id in kept_ids]


def _earlier(a: StoryArticle, b: StoryArticle) -> bool:
    return a.published is not None and (b.published is None or a.published < b.published)


def _content_words(text: str) -> set[str]:
    return {w for w in map(str.lower, _WORD.findall(text)) if w not in STOP_WORDS and len(w) > 1}


def representative_title(unique: Sequence[StoryArticle]) -> str:
    """The headline that shares most words with the others (a tie: the shorter, then the earlier).

    Each headline scores the share of its words that other headlines also use, summed over them,
    so an odd or partial headline ("Live updates", a kicker) loses to the common account.
    """
    titles = [a.title.strip() for a in unique if a.title.strip()]
    if not titles:
        return ""
    if len(titles) == 1:
        return titles[0]
    word_sets = [_content_words(t) for t in titles]
    document_frequency = Counter(w for words in word_sets for w in words)

    def support(index: int) -> float:
        words = word_sets[index]
        if not words:
            return 0.0
        return sum(document_frequency[w] - 1 for w in words) / len(words) ** 0.5

    best = max(range(len(titles)), key=lambda i: (support(i), -len(titles[i]), -i))
    return titles[best]


def first_sentences(text: str, count: int) -> list[str]:
    """The first `count` sentences (as splitting the whole text would give them, without reading
    past them: this runs for every story a batch touches)."""
    text = text.strip()
    parts: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        part = text[start:end.start()].strip()
        start = end.end()
        if part:
            parts.append(part)
            if len(parts) == count:
                return parts
    part = text[start:].strip()
    if part:
        parts.append(part)
    return parts[:count]


def lead_sentence(text: str) -> str:
    """The first sentence of the first few that reads as a lead: a date stamp, a byline or a
    kicker ("Published Thursday, August 4, 2011 5:55PM EDT") is not one."""
    for sentence in first_sentences(text, 4):
        tokens = sentence.split()
        # (a word of letters has no digit: only the others are looked into, character by character)
        with_digits = sum(1 for token in tokens if not token.isalpha() and any(ch.isdigit() for ch in token))
        if len(tokens) >= 8 and with_digits <= len(tokens) / 4:
            return sentence
    return ""


def summary_text(unique: Sequence[StoryArticle], sentences: int = 3) -> str:
    """`sentences` lead sentences, one per article, from the most central articles, in time order.

    A lead sentence is the reporter's own summary; taking each from another article gives the
    story's development, and skipping near-repeats keeps two outlets' leads from saying it twice.
    """
    if not unique:
        return ""
    words_of = [_content_words(a.title + " " + a.body[:600]) for a in unique]
    vocabulary = Counter(w for words in words_of for w in words)

    def centrality(index: int) -> float:
        words = words_of[index]
        return sum(vocabulary[w] - 1 for w in words) / (len(words) ** 0.5 or 1.0)

    ranked = [unique[i] for i in sorted(range(len(unique)), key=lambda i: -centrality(i))]
    picked: list[tuple[StoryArticle, str]] = []
    for article in ranked:
        lead = lead_sentence(article.body)
        if not lead or any(_overlap(lead, other) > 0.6 for _, other in picked):
            continue
        picked.append((article, lead))
        if len(picked) == sentences:
            break
    picked.sort(key=lambda pair: (pair[0].published is None, pair[0].published or datetime.min))
    return " ".join(lead if lead[-1] in ".!?\"”’" else lead + "." for _, lead in picked)


def _overlap(a: str, b: str) -> float:
    words_a, words_b = _content_words(a), _content_words(b)
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / min(len(words_a), len(words_b))


def outlets(members: Sequence[StoryArticle]) -> tuple[str, ...]:
    """The sites that carried the story, most articles first (copies count: they are coverage)."""
    counts = Counter(a.site for a in members if a.site)
    return tuple(site for site, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def main_entities(per_article: Sequence[Sequence[str]], top: int) -> tuple[str, ...]:
    """The entities most articles name (each article votes once per entity)."""
    counts = Counter(entity for entities in per_article for entity in set(entities))
    return tuple(entity for entity, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top])


def timeline(events: Sequence[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    """Events in date order, each happening once (by key; without a key, by date and description)."""
    seen: set[tuple[str, ...]] = set()
    entries = []
    for entry in sorted(events, key=lambda e: (e.date, e.description)):
        identity = (entry.key,) if entry.key else (entry.date, entry.description.lower())
        if identity in seen:
            continue
        seen.add(identity)
        entries.append(entry)
    return tuple(entries)
