"""Events coded with a user's TABARI/PETRARCH dictionaries, as dateline `Event`s.

With the setting `event_dictionaries` (a folder of verbs, actors, agents and discards files), the
events stage codes each article with `petrarch.DictionaryCoder` instead of dateline's lexicon, so
users of those coders keep their actor codes and verb patterns and get dateline's store, search,
identity and exports. A coded triple becomes an event: its CAMEO code gives the PLOVER type and
mode through the ontology (CAMEO 01 and 02, statements and appeals, have no PLOVER type and are
left out), an actor code ("USAGOV") an actor of that country and sector, the publication date its
date. The trigger and its sentence are the evidence, as for the lexicon's events.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ..model import Actor, Article, Event, EventMention, Span
from .coder import cameo_details
from .identity import stable_id
from .petrarch import CodedEvent, DictionaryCoder
from .plover import Ontology

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Actor codes that stand for no actor in PETRARCH output.
NO_ACTOR = ("---", "")


def dictionary_events(article: Article, doc: Doc, coder: DictionaryCoder, ontology: Ontology) -> list[Event]:
    """The events `coder` finds in the parsed body `doc`, in text order."""
    published = article.published_at
    day = published.strftime("%Y%m%d") if published else None
    events = []
    sentence_starts = [sentence.start for sentence in doc.sents]
    for coded in coder.code_doc(doc, day):
        event = _event(article, doc, coded, ontology, sentence_starts)
        if event is not None:
            events.append(event)
    return events


def actor_of_code(code: str) -> Actor | None:
    """"USAGOV" → the US government: three letters of country (or ---), then three of sector."""
    code = code.strip()
    if code in NO_ACTOR or code.startswith('"'):
        return None
    country, sector = code[:3], code[3:6] or None
    return Actor(id=f"code:{code}", name=code, kind="state" if sector is None else "group",
                 country=None if country == "---" else country, sector=sector)


def _event(article: Article, doc: Doc, coded: CodedEvent, ontology: Ontology,
           sentence_starts: list[int]) -> Event | None:
    mapped = ontology.plover_of_cameo(coded.code)
    source = actor_of_code(coded.source)
    if mapped is None or source is None:
        return None
    kind, mode = mapped
    target = actor_of_code(coded.target)
    code, quad, goldstein, intensity, mode = cameo_details(ontology, kind, mode, coded.code)
    trigger = doc.char_span(coded.start, coded.end, alignment_mode="expand")
    sentence = trigger.sent if trigger is not None else doc[:]
    body = article.body or ""  # (not doc.text: spaCy joins every token for it)
    text = body[sentence.start_char:sentence.end_char].rstrip()
    sentence_index = max(0, bisect.bisect_right(sentence_starts, sentence.start) - 1)
    published = article.published_at
    mention = EventMention(
        sentence=Span(sentence.start_char, sentence.start_char + len(text), text),
        trigger=Span(coded.start, coded.end, body[coded.start:coded.end]),
        sentence_index=sentence_index,
        rule=f"dictionary pattern line {coded.pattern_line}" if coded.pattern_line else f"dictionary verb {coded.verb}",
        confidence=0.6 if coded.pattern_line else 0.5, published=article.published)
    event = Event(
        id="", type=kind, mode=mode, actors=[source], recipients=[target] if target else [],
        cameo=code, quad_class=quad, goldstein=goldstein, intensity=intensity,
        date=published.date().isoformat() if published else None, date_granularity="day" if published else "",
        date_source="publication date" if published else "none", mentions=[mention])
    event.id = stable_id(event)
    return event
