"""When and where a coded event happened: the time and place mentions of its own clause, else of a
clause it depends on, else of its sentence or paragraph; the publication date and the dateline's place
last, each flagged by its source. Pure: the coder's reading of one article in, a date or a place out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Place, PlaceMention, TimeExpr
from .clauses import Frame

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .coder import _Context

PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "to"})
PLACE_NOUNS = frozenset({"city", "town", "village", "region", "province", "district", "sector", "capital", "area",
                         "outskirts", "suburb", "part", "state", "county", "port", "enclave", "island", "heart",
                         "centre", "center", "neighbourhood", "neighborhood", "camp", "border", "coast"})


def clause_frame_of(token: Token, frame: Frame) -> bool:
    """Whether the token belongs to the frame's clause: its nearest verbal (or trigger) ancestor is
    the frame's trigger, its light verb, or a clause the frame depends on (not through reported speech)."""
    owners = {frame.trigger.i}
    if frame.light_verb is not None:
        owners.add(frame.light_verb.i)
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.i in owners:
            return True
        if current.pos_ in ("VERB", "AUX") or current.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return False
    return False


def _ancestry(frame: Frame) -> list[Frame]:
    chain = [frame]
    while chain[-1].parent is not None and chain[-1].relation in ("xcomp", "conj", "advcl", "relcl", "dobj",
                                                                    "nsubjpass", "pobj", "nsubj") \
            and len(chain) < 6:
        chain.append(chain[-1].parent)
    return chain


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def event_date(context: _Context, frame: Frame) -> tuple[str | None, str, str]:
    """(value, granularity, source): the clause's own time expression, else one of a clause it depends on
    (not a reporting verb's: "Lavrov said Wednesday" does not date the meeting he spoke of), else the publication date."""
    sentence = frame.sentence
    times = context.near(context.times, sentence.start_char, sentence.end_char, frame.trigger.idx)
    for owner in _ancestry(frame):
        for t, token in times:
            if clause_frame_of(token, owner):
                return _day(t), t.granularity or "day", "sentence"
    if frame.kind == "noun":
        for t, token in times:
            if _ago_right_after(t, token, frame.trigger):
                return _day(t), t.granularity or "day", "sentence"
    published = context.article.published_at
    if published is not None:
        return published.date().isoformat(), "day", "publication date"
    return None, "", "none"


def _ago_right_after(time: TimeExpr, token: Token, noun: Token) -> bool:
    """A time counted back ("three years ago") right after an event noun's phrase, which the parser hung
    on a verb that is not in the past: "seeking to avoid condemnation of Moscow's invasion of its
    neighbour three years ago" dates the invasion, as nothing but a past can be "ago"."""
    phrase_end = max(t.idx + len(t.text) for t in noun.subtree)
    if not time.text.lower().endswith(" ago") or not 0 <= time.start - phrase_end <= 2:
        return False
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb.pos_ in ("VERB", "AUX") and verb.tag_ not in ("VBD", "VBN")


def _day(time: TimeExpr) -> str:
    value = time.value or ""
    return value[:10] if "T" in value else value


def event_place(context: _Context, frame: Frame, dateline: bool = True) -> tuple[Place | None, str]:
    """Where it happened: a place in the frame's clause after in/at, else any such place in the
    sentence that is not one of the sides, else in the paragraph; the dateline's place last."""
    sentence = frame.sentence
    located = context.near(context.places, sentence.start_char, sentence.end_char, frame.trigger.idx)
    for owner in _ancestry(frame):
        for p, token in located:
            if clause_frame_of(token, owner):
                return p.place, "sentence"
    paragraph = _paragraph_places(context, sentence.start_char)
    if paragraph is not None:
        return paragraph, "paragraph"
    dateline_place = _dateline_place(context) if dateline else None
    if dateline_place is not None:
        return dateline_place, "dateline"
    return None, "none"


def after_place_preposition(doc: Doc, mention: PlaceMention) -> bool:
    token = token_at(doc, mention.start)
    if token is None:
        return False
    head = token
    while head.dep_ in ("compound", "amod", "appos", "conj") and head.head.i != head.i:
        head = head.head
    # "near the town of Samarra", "in a residential sector of eastern Beirut": the place noun stands for it
    while (head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in PLACE_NOUNS
           and head.head.head.i != head.head.i):
        head = head.head.head
    if head.dep_ != "pobj":
        return False
    preposition = head.head
    if preposition.lower_ == "of" and preposition.head.dep_ == "prep":  # "outside of", "out of"
        preposition = preposition.head
    return preposition.lower_ in PLACE_PREPOSITIONS


def _paragraph_places(context: _Context, at: int) -> Place | None:
    body = context.article.body or ""
    start = body.rfind("\n\n", 0, at) + 1
    end = body.find("\n\n", at)
    end = len(body) if end < 0 else end
    for p, _ in context.near(context.places, start, min(end, at), start):
        return p.place
    return None


def _dateline_place(context: _Context) -> Place | None:
    dateline = context.article.dateline
    if dateline is None or not dateline.place:
        return None
    name = dateline.place.lower()
    for p in context.enrichment.places:
        if p.place is not None and p.text.lower() == name:
            return p.place
    return None
