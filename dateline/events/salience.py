"""How central and how sure an event mention is: whether its clause is the sentence's news or the
content, circumstance or background of another, and the confidence that follows.

A sentence usually reports one piece of news and others around it: "Italy announced a suspension of
air links, a day after a Serbian jet shot down a helicopter" is news of a sanction; "refused to meet"
is news of a refusal, not of a meeting. Pure: frames in, judgements out.
"""

from __future__ import annotations

from ..model import Actor
from .clauses import PHASE_VERBS, Frame, closing_attribution, is_pronoun
from .lexicon import Entry

# Words that open a clause or phrase of the time or cause of another event.
BACKGROUND_MARKS = frozenset({"after", "before", "since", "as", "when", "while", "because", "following", "amid",
                              "until", "once"})


def says_that(frame: Frame) -> bool:
    """Whether a verb reports what was said: it has a clause of reported speech."""
    return frame.kind == "verb" and (any(c.dep_ == "ccomp" for c in frame.trigger.children)
                                     or closing_attribution(frame.trigger))


def matrix_lemma(frame: Frame) -> str | None:
    """The verb whose "to" clause the frame is, past verbs of phase ("prepared to resume shelling": prepare)."""
    parent = frame.parent
    while parent is not None and frame.relation == "xcomp" and parent.lemma in PHASE_VERBS:
        frame, parent = parent, parent.parent
    return parent.lemma if parent is not None and frame.relation == "xcomp" else None


def governed_by_coded(frame: Frame, coded: dict[int, tuple[Frame, Entry]]) -> bool:
    """Whether a coded frame above it takes this frame as its content ("threatened to shell",
    "demanded that X withdraw"), through to- and that-clauses and the nouns they carry."""
    current, parent = frame, frame.parent
    while parent is not None:
        # "refused to allow X to land and evacuate": a conjunct stands where its first one stands
        if current.relation != "conj":
            if current.relation not in ("xcomp", "ccomp", "dobj", "pobj", "advcl", "acl"):
                return False
            if parent.trigger.i in coded:
                return True
            if current.relation == "ccomp" and carries_coded(parent, coded):
                return True  # "reiterated its demand that Israel ease restrictions": what was demanded
        current, parent = parent, parent.parent
    return False


def standing(frame: Frame) -> Frame:
    """The frame whose place in the sentence an event takes: for a noun a light verb carries ("reiterated
    its demand that ...", "issued a warning"), the verb's; else its own."""
    parent = frame.parent
    if frame.light_verb is not None and parent is not None and parent.trigger.i == frame.light_verb.i:
        return parent
    return frame


def carries_coded(frame: Frame, coded: dict[int, tuple[Frame, Entry]]) -> bool:
    return any(d.light_verb is not None and d.light_verb.i == frame.trigger.i and d.trigger.i in coded
               for d in frame.dependents)


def background(frame: Frame) -> bool:
    """Whether the frame tells the circumstance of another ("one day after a jet shot down a helicopter",
    "following the attack"): a subordinate clause of time or cause, or an event noun after such a preposition."""
    if frame.relation == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in frame.trigger.children)
    head = frame.trigger.head
    return frame.kind == "noun" and frame.trigger.dep_ == "pobj" and head.lower_ in BACKGROUND_MARKS


def confidence(frame: Frame, actors: list[Actor], recipients: list[Actor], entry: Entry, governed: bool) -> float:
    """How sure a mention is, from how complete it is (named sides, a specific entry) and how central."""
    score = 0.5
    if recipients:
        score += 0.2
    if len(entry.words) > 1 or entry.objects:
        score += 0.1
    if any(is_pronoun(h) for p in frame.subjects for h in p.heads):
        score -= 0.1
    if not actors:
        score -= 0.2
    place = standing(frame)
    if frame.kind == "noun" and place is frame:
        score -= 0.1
    if frame.hypothetical or frame.future:
        score -= 0.1  # it may not happen; the statement that it will is surer
    if place.parent is not None and place.relation not in ("conj",):
        score -= 0.1  # an embedded clause's event is less sure, and less often the sentence's news
    if governed:
        score -= 0.2  # "refused to meet": the refusal is the news, the meeting is what was refused
    if background(place):
        score -= 0.2  # "announced sanctions after a jet shot down a helicopter": the sanctions are the news
    return round(max(0.1, min(score, 0.95)), 2)
