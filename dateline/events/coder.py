"""The event coder: from an enriched article's parse, the events its sentences report.

For each frame (`clauses`) whose trigger the lexicon knows, the coder picks the entry that fits
best (phrasal words present, object constraint met, most words), resolves the subjects and
recipients to the actors enrichment found (pronouns to the nearest fitting actor before them),
then dates and places the event (`setting`: the time and place mentions of its own clause, else of
its sentence, else its paragraph, each flagged by its source). Pure: an article, its enrichment and
its Doc in, events out.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from ..enrich.actors_book import unidentified_in
from ..model import Actor, ActorMention, Article, Enrichment, Event, EventMention, PlaceMention, Span, TimeExpr
from .cameo import cameo_code
from .clauses import (
    PRONOUNS,
    Frame,
    Phrase,
    closing_attribution,
    conditional,
    conjuncts,
    infinitive,
    is_pronoun,
    part_extent,
    sentence_frames,
)
from .identity import date_range, merge_events, stable_id
from .inferred import domestic_target, home_institution, host_state, is_visit, located, placed_in, protest_target
from .lexicon import DEFAULT_RECIPIENT, Entry, Lexicon
from .plover import Ontology, load_ontology
from .salience import confidence, governed_by_coded, matrix_lemma, says_that, standing
from .setting import after_place_preposition, event_date, event_place, token_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

S = TypeVar("S", bound=Span)
T = TypeVar("T")

# Verbs that carry an event noun without adding an event of their own ("held talks", "launched an attack").
# Anything else that governs a coded noun and is coded itself ("hosted talks") takes the noun's sides.
# "its invasion", "their withdrawal": the possessive stands for the pronoun it is the form of.
POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she", "our": "we"}
PLURAL_PRONOUNS = frozenset({"they", "them", "we", "us"})
PERSON_PRONOUNS = frozenset({"he", "him", "she", "her"})
# An event dated this long before its article is background ("hosted talks in March 2022").
HISTORICAL_AFTER = timedelta(days=30)
# Matrix types that make the event of their "to" clause planned, hypothetical or refused.
XCOMP_FLAGS = {"AGREE": "future", "THREATEN": "hypothetical", "REQUEST": "hypothetical", "REJECT": "negated",
               "SUPPORT": "hypothetical"}
# Object heads that only measure out what the verb acts on ("suspended part of its aid").
PARTITIVES = frozenset({"part", "some", "most", "all", "half", "portion", "share", "bulk", "rest", "much",
                        "number", "dozen", "hundred", "thousand", "million", "batch", "shipment", "tranche"})
# Object heads that stand for the coming or going of their "of" phrase ("allow the return of inspectors").
MOVEMENT_NOUNS = frozenset({"return", "entry", "arrival", "deployment", "presence", "passage", "departure",
                            "withdrawal", "release", "transfer"})
# Object heads named by what they hold: "suspended part of a military aid program" suspends aid,
# "violated the ceasefire agreement" the ceasefire.
CONTAINER_HEADS = frozenset({"program", "programme", "package", "scheme", "plan", "project", "shipment",
                             "delivery", "payment", "funding", "fund", "mission", "operation", "flight",
                             "agreement", "accord", "deal", "pact"})
# The verbal event CAMEO codes for an action said to be coming: an intent to cooperate (03x) for a
# cooperative action, a threat (13x) for a hostile one.
INTENT_CODES = {"CONSULT": ("AGREE", "036"), "SUPPORT": ("AGREE", "032"), "COOPERATE": ("AGREE", "031"),
                "AID": ("AGREE", "033"), "CONCEDE": ("AGREE", "035"), "RETREAT": ("AGREE", "035"),
                "PROTEST": ("THREATEN", "133"), "SANCTION": ("THREATEN", "132"), "COERCE": ("THREATEN", "137"),
                "MOBILIZE": ("THREATEN", "138"), "ASSAULT": ("THREATEN", "138")}
# Verbs that report what someone said, for "X said Y must ...".
SPEECH_VERBS = frozenset({"say", "tell", "insist", "declare", "state", "reiterate", "add", "stress", "announce",
                          "argue", "write", "maintain", "conclude", "assert", "emphasise", "emphasize", "remind"})
# Types whose events are kept when no one is named as doing them, only who suffered them.
UNATTRIBUTED_TYPES = frozenset({"ASSAULT", "COERCE"})
# ... and modes: an investigation of someone ("was put under investigation in Italy") is the authorities'.
UNATTRIBUTED_MODES = frozenset({"investigate"})
# Prepositions inside an object that name the other side ("contact with", "aid to", "a plan against").
OBJECT_PREPOSITIONS = frozenset({"with", "to", "against", "on", "for", "toward", "towards"})
# The time and place mentions of a sentence tried for an event: the nearest to its trigger.
NEAREST = 12


@dataclass
class _Context:
    """What the coder knows of one article while it reads it."""

    article: Article
    enrichment: Enrichment
    doc: Doc
    lexicon: Lexicon
    ontology: Ontology
    mention_starts: list[int] = field(default_factory=list)
    mentions: list[ActorMention] = field(default_factory=list)
    times: list[tuple[int, TimeExpr, Token]] = field(default_factory=list)
    places: list[tuple[int, PlaceMention, Token]] = field(default_factory=list)
    _starts: dict[int, list[int]] = field(default_factory=dict)
    recent_groups: list[tuple[int, list[Actor]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions = sorted((m for m in self.enrichment.actors if m.actor is not None), key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        # Read once per article, looked up by offset: a sentence of thousands of verbs stays linear.
        dated = [t for t in self.enrichment.times if t.type in ("DATE", "TIME") and t.value and t.value[:1].isdigit()]
        self.times = _anchored(self.doc, sorted(dated, key=lambda t: t.start))
        located = [p for p in self.enrichment.places if p.place is not None and after_place_preposition(self.doc, p)]
        self.places = _anchored(self.doc, sorted(located, key=lambda p: p.start))

    def near(self, items: list[tuple[int, T, Token]], start: int, end: int, around: int) -> list[tuple[T, Token]]:
        """The items in [start, end), at most NEAREST, the nearest to `around` first."""
        starts = self._starts.get(id(items))
        if starts is None:
            starts = self._starts[id(items)] = [at for at, _, _ in items]
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        at = min(max(bisect.bisect_left(starts, around), lo), hi)
        window = items[max(lo, at - NEAREST):min(hi, at + NEAREST)]
        inside = sorted(window, key=lambda x: abs(x[0] - around))[:NEAREST]
        return [(item, token) for _, item, token in inside]

    def mentions_in(self, start: int, end: int) -> list[ActorMention]:
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def mention_covering(self, start: int, end: int) -> ActorMention | None:
        hi = bisect.bisect_right(self.mention_starts, start)
        best = None
        for m in self.mentions[max(0, hi - 8):hi]:
            if m.start <= start and end <= m.end and (best is None or m.end - m.start < best.end - best.start):
                best = m
        return best


def _anchored(doc: Doc, items: Sequence[S]) -> list[tuple[int, S, Token]]:
    """Each span with the token it starts in."""
    out = []
    for item in items:
        token = token_at(doc, item.start)
        if token is not None:
            out.append((item.start, item, token))
    return out


def code_article(article: Article, enrichment: Enrichment, doc: Doc, lexicon: Lexicon,
                 ontology: Ontology | None = None) -> list[Event]:
    """The events `article`'s body reports, in the order of their first mention; the sentences that
    tell one happening are mentions of one event (`identity.merge_events`)."""
    context = _Context(article, enrichment, doc, lexicon, ontology or load_ontology())
    nouns = lexicon.nouns()
    events: list[Event] = []
    for index, sentence in enumerate(doc.sents):
        frames = sentence_frames(sentence, lambda t: t.lemma_.lower() in nouns)
        coded: dict[int, tuple[Frame, Entry]] = {}
        for frame in frames:
            entry = best_entry(frame, lexicon)
            if entry is not None and entry.type == "PROTEST" and says_that(frame):
                entry = VERBAL_PROTEST  # "the authorities are failing refugees, a rights group protested"
            if entry is not None:
                coded[frame.trigger.i] = (frame, entry)
        for frame, entry in _without_carried_nouns(coded):
            event = _event(context, frame, entry, index, coded)
            if event is not None:
                events.append(event)
                said = _statement_event(context, frame, event, coded)
                if said is not None:
                    events.append(said)
            if frame.subjects:
                actors = _actors_of(context, frame.subjects, frame)
                if actors:
                    context.recent_groups.append((frame.trigger.idx, actors))
        for frame in frames:
            demand = _demand_event(context, frame, index, coded)
            if demand is not None:
                events.append(demand)
    # the same happening told in several sentences is one event with several mentions
    return [_with_stable_id(event) for event in merge_events(events)]


def _with_stable_id(event: Event) -> Event:
    event.id = stable_id(event)
    return event


# "X said Y must do Z": a demand of X to Y, whatever Z is (REQUEST, CAMEO 100).
DEMAND = Entry(kind="verb", words=("must",), type="REQUEST", mode=None, cameo="100", reciprocal=False,
               recipient=("object",), objects=frozenset(), contexts=(), examples=(), origin="coder")


# "X protested that ...": words of complaint, not a demonstration (CAMEO 111, criticize or denounce).
VERBAL_PROTEST = Entry(kind="verb", words=("protest",), type="ACCUSE", mode=None, cameo="111", reciprocal=False,
                       recipient=("against", "over", "object"), objects=frozenset(), contexts=(), examples=(),
                       origin="coder")


def _demand_event(context: _Context, frame: Frame, index: int,
                  coded: dict[int, tuple[Frame, Entry]]) -> Event | None:
    speech = frame.parent
    if (not frame.obligation or frame.negated or speech is None or frame.relation != "ccomp"
            or speech.lemma not in SPEECH_VERBS or speech.trigger.i in coded):
        return None
    # the speaker demands, the one who must act receives the demand
    said = replace(frame, subjects=speech.subjects, objects=frame.subjects, preps={}, obligation=False,
                   hypothetical=False, future=False, intent=False, parent=speech.parent, relation=speech.relation)
    event = _event(context, said, DEMAND, index, coded)
    if event is None or not event.recipients:
        return None
    event.mentions[0].rule = "said that another must"
    return event


def best_entry(frame: Frame, lexicon: Lexicon) -> Entry | None:
    """The entry that fits the frame best, or None: every word after the head must be a particle or
    a preposition of the frame, an object constraint must be met; more words win."""
    present = set(frame.particles) | {word for key in frame.preps for word in (key, *key.split())}
    # what the verb acts on: its objects, the "part of X" inside them, and its prepositions' objects
    # ("went on strike", "engaged in ethnic cleansing")
    heads = [h for p in frame.objects for h in p.heads]
    heads += [h for p in frame.preps.get("as", []) for h in p.heads]  # "held civilians as human shields"
    heads += [g for h in heads if h.lemma_.lower() in PARTITIVES | MOVEMENT_NOUNS for c in h.children
              if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    heads += [c for h in heads if h.lemma_.lower() in CONTAINER_HEADS for c in h.children if c.dep_ == "compound"]
    if not frame.objects:  # ("renewed negotiations on future relations" is no renewal of relations)
        heads += [h for ps in frame.preps.values() for p in ps for h in p.heads]
    object_lemmas = {h.lemma_.lower() for h in heads}
    best: Entry | None = None
    best_score = -1
    for entry in lexicon.candidates(frame.kind, frame.lemma):
        if any(w not in present for w in entry.words[1:]):
            continue
        # the objects of the entry's own prepositions meet its object words ("placed X under investigation")
        own = {h.lemma_.lower() for w in entry.words[1:] for p in frame.preps.get(w, []) for h in p.heads}
        if entry.objects and not (entry.objects & (object_lemmas | own)):
            continue
        score = 2 * len(entry.words) + (1 if entry.objects else 0)
        if score > best_score:
            best, best_score = entry, score
    return best


def _without_carried_nouns(coded: dict[int, tuple[Frame, Entry]]) -> list[tuple[Frame, Entry]]:
    """Coded frames minus the nouns a coded verb carries ("hosted talks between X and Y" is one event:
    the verb's, which takes the noun's sides as its recipients)."""
    out = []
    for frame, entry in coded.values():
        if frame.kind == "noun" and frame.light_verb is not None and frame.light_verb.i in coded:
            verb_frame = coded[frame.light_verb.i][0]
            for prep in ("between", "with"):
                if prep in frame.preps and prep not in verb_frame.preps:
                    verb_frame.preps[prep] = frame.preps[prep]
            continue
        out.append((frame, entry))
    return out


# -- actors ---------------------------------------------------------------------------------------


def _is_political(actor: Actor) -> bool:
    return bool(actor.country or actor.sector)


def _head_actors(context: _Context, head: Token, frame: Frame) -> list[Actor]:
    """The actors one coordinated part names: the mention over its head, else those among its
    modifiers ("Russian and US diplomats"); a pronoun's antecedent."""
    if is_pronoun(head) or head.lower_ in POSSESSIVE_PRONOUNS or head.lower_ in ("both", "each"):
        return _antecedent(context, head, frame)
    start, end = part_extent(head)
    head_start, head_end = head.idx, head.idx + len(head.text)
    covering = context.mention_covering(head_start, head_end)
    found: list[ActorMention] = []
    if covering is not None:
        found.append(covering)
        # modifiers coordinated before it ("Russian and US diplomats": Russian)
        found += [m for m in context.mentions_in(start, covering.start) if _coordinated_modifier(context.doc, m)]
    else:
        # its modifiers ("Hezbollah positions") and an "of" phrase ("the army of Mali") before the
        # places hung on it ("Hezbollah positions in southern Lebanon")
        found = context.mentions_in(start, head_end)
    if not any(m.actor is not None and m.actor.country and m.signal != "context" for m in found):
        # whose they are, when the words before the head say not, or only by a guess from the context
        # ("leaders of Romania's new government"; not "the Turkish and Greek sides of Cyprus")
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":  # (not the clauses hung on its object)
                for obj in child.children:
                    if obj.dep_ == "pobj":  # ("scores of Sierra Leonean and Liberian refugees": each part)
                        # (not the places hung on it: "the residence of the US consul general in Istanbul")
                        found += _nearest(context.doc, [m for part in conjuncts(obj)
                                                        for m in context.mentions_in(*part_extent(part))], obj)
    if covering is None and not found:  # "struck positions in southern Lebanon": where the side is says whose
        # (not the sides of a clause hung below: "sanctions on the faction that controls Afghanistan for its
        # support of X" are on the faction)
        found = [m for m in context.mentions_in(start, end) if not _in_clause_below(context.doc, m, head)]
        # the nearest phrase's sides: "assistance to the US-led war against Iraq" is assistance to the US
        found = _nearest(context.doc, found, head)
    actors: list[Actor] = []
    for m in sorted(found, key=lambda m: m.start):
        if m.actor is not None and m.actor not in actors and _is_political(m.actor):
            actors.append(m.actor)
    return actors


def _in_clause_below(doc: Doc, mention: ActorMention, head: Token) -> bool:
    token = token_at(doc, mention.start)
    while token is not None and token.i != head.i and token.head.i != token.i:
        if token.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return True
        token = token.head
    return False


def _nearest(doc: Doc, mentions: list[ActorMention], head: Token) -> list[ActorMention]:
    """The mentions under the fewest prepositions below `head`."""
    depths = [_prepositions_below(doc, m, head) for m in mentions]
    least = min(depths, default=0)
    return [m for m, depth in zip(mentions, depths, strict=True) if depth == least]


def _prepositions_below(doc: Doc, mention: ActorMention, head: Token) -> int:
    token, count = token_at(doc, mention.start), 0
    while token is not None and token.i != head.i and token.head.i != token.i:
        count += token.dep_ == "prep"
        token = token.head
    return count


def _coordinated_modifier(doc: Doc, mention: ActorMention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and any(t.dep_ in ("amod", "compound", "nmod") and
                                    any(c.dep_ == "conj" for c in t.children) for t in span)


def _antecedent(context: _Context, pronoun: Token, frame: Frame) -> list[Actor]:
    """The actors a pronoun stands for: for they/them the last group of two or more (or a plural
    group), for he/she the nearest person before it that is not this frame's own subject."""
    word = POSSESSIVE_PRONOUNS.get(pronoun.lower_, pronoun.lower_)
    before = pronoun.idx
    own = {a.id for p in frame.subjects for h in p.heads if h.i != pronoun.i
           for a in _head_actors_plain(context, h)}
    if word in PLURAL_PRONOUNS or word in ("both", "each"):
        for at, group in reversed(context.recent_groups):
            if at < before and len(group) > 1:
                return list(group)
        if word in ("both", "each"):
            return []
        kinds: tuple[str, ...] = ("group", "organisation", "state")  # "Palestinian leaders said they would ..."
    else:
        kinds = ("person",) if word in PERSON_PRONOUNS else ("state", "organisation", "group")
    hi = bisect.bisect_left(context.mention_starts, before)
    for m in reversed(context.mentions[max(0, hi - 30):hi]):
        if m.actor is not None and m.actor.kind in kinds and m.actor.id not in own and _is_political(m.actor):
            return [m.actor]
    return []


def _head_actors_plain(context: _Context, head: Token) -> list[Actor]:
    m = context.mention_covering(head.idx, head.idx + len(head.text))
    return [m.actor] if m is not None and m.actor is not None else []


def _actors_of(context: _Context, phrases: Sequence[Phrase], frame: Frame) -> list[Actor]:
    actors: list[Actor] = []
    for phrase in phrases:
        for head in phrase.heads:
            for actor in _head_actors(context, head, frame):
                if actor not in actors:
                    actors.append(actor)
    return actors


def _recipients(context: _Context, frame: Frame, entry: Entry) -> list[Actor]:
    """Who the event is done to, where the entry says to look: its own preposition first ("side
    with"), then its list; the first place that names an actor."""
    # (an own preposition that holds the entry's object word names the deed: "placed X under investigation")
    order = [w for w in entry.words[1:] if w in frame.preps
             and not any(h.lemma_.lower() in entry.objects for p in frame.preps[w] for h in p.heads)]
    order += list(entry.recipient)
    for place in order:
        phrases = frame.objects if place == "object" else frame.preps.get(place, [])
        found = _actors_of(context, phrases, frame) if phrases else []
        if found:
            return found
    return []


_WHEN_OR_WHERE = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC"})


def _names_a_recipient(frame: Frame, entry: Entry) -> bool:
    """Whether a preposition where the entry looks for its recipient names one, resolved or not ("the
    invasion of its neighbour", "an attack on its rivals"). Not an object: what is imposed or
    enhanced is mostly a thing ("martial law", "political freedoms"); not when or where ("on
    Monday", "in Basra")."""
    return any(not all(head.ent_type_ in _WHEN_OR_WHERE for head in phrase.heads)
               for slot in entry.recipient if slot not in ("object", "in", "at", "inside", "into")
               for phrase in frame.preps.get(slot, ()))


def _first_actor_before(context: _Context, frame: Frame) -> list[Actor]:
    """When the subject's words resolve to no actor ("The Bush administration", "Doctors from two
    American aid groups"), the first actor named between the subject's start and the verb, the
    side a reader takes the subject for."""
    start = min(p.start for p in frame.subjects)
    for m in context.mentions_in(start, frame.trigger.idx):
        if m.actor is not None and _is_political(m.actor) and m.signal != "place":
            return [m.actor]
    return []


def _named_just_before(context: _Context, frame: Frame) -> list[Actor]:
    """A main verb the parser gave no subject ("With the signing of a memorandum, the Sudanese government
    and the SPLM have agreed ..."): the sides named between the last comma and the verb, when no other verb
    stands there."""
    start = frame.sentence.start
    for token in reversed(frame.sentence[:frame.trigger.i - start]):
        if token.text in (",", ";", ":"):
            break
        if token.pos_ == "VERB":
            return []
        start = token.i
    begin = frame.trigger.doc[start].idx
    return [m.actor for m in context.mentions_in(begin, frame.trigger.idx)
            if m.actor is not None and _is_political(m.actor) and m.signal != "place"]


def _object_recipients(context: _Context, frame: Frame) -> list[Actor]:
    """The side named inside the object when the object is none ("boycott all contact with the
    United States", "offered its troops to Lebanon")."""
    found: list[Actor] = []
    # (also inside what the verb is for: "mobilized reservists for a possible war against Iraq")
    for phrase in [*frame.objects, *frame.preps.get("for", [])]:
        for head in phrase.heads:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in OBJECT_PREPOSITIONS:
                    pobjs = [Phrase(conjuncts(g)) for g in child.children if g.dep_ == "pobj"]
                    found += [a for a in _actors_of(context, pobjs, frame) if a not in found]
    return found


def _within_object(context: _Context, frame: Frame, entry: Entry, actors: list[Actor]) -> list[Actor]:
    """Last, the first other side named anywhere inside what the verb acts on ("prevented the demonstration
    staged by students", "reneged on his commitment to the Zambian people")."""
    phrases = list(frame.objects) + [p for w in (*entry.words[1:], *entry.recipient) for p in frame.preps.get(w, [])]
    for phrase in phrases:
        for head in phrase.heads:
            end = head.right_edge.idx + len(head.right_edge.text)
            for m in context.mentions_in(head.left_edge.idx, end):
                if (m.actor is not None and m.actor not in actors and _is_political(m.actor)
                        and m.text.lower() not in POSSESSIVE_PRONOUNS and m.text.lower() not in PRONOUNS):
                    return [m.actor]
    return []


def _complement_recipients(context: _Context, frame: Frame) -> list[Actor]:
    """The recipient a verb's clause names when the verb itself has none: the subject of its "that"
    clause ("demanded that the US cancel"), else who its "to" clause acts on ("offered to hand over
    to Britain", "agreed to provide aid for Romania", "blocked a road to show their anger at the United
    States"), else who must act to stop what it threatens ("threatened to launch an offensive unless
    Baghdad accepted")."""
    if frame.kind == "verb" and closing_attribution(frame.trigger):  # "X are failing refugees, a group protested"
        reported = frame.parent
        while reported is not None and reported.kind != "verb":
            reported = reported.parent
        return _actors_of(context, reported.subjects, reported) if reported is not None else []
    place = standing(frame)
    dependents = place.dependents + (frame.dependents if place is not frame else [])
    for child in dependents:
        if child.kind != "verb":
            continue
        said = child.relation == "ccomp" or (child.relation == "acl" and frame.kind == "noun"
                                             and any(c.dep_ == "mark" for c in child.trigger.children))
        if child.relation in ("ccomp", "advcl", "acl") and child.subjects and child.subjects is not frame.subjects \
                and (said or conditional(child.trigger)):
            found = _actors_of(context, child.subjects, child)  # "threatened ... if the United States goes ahead"
        elif child.relation == "xcomp" or (child.relation == "advcl" and infinitive(child.trigger)):
            found = []
            # ("sent arms to help defend Lithuania": whom the helped deed is done to)
            helped = [c for c in child.dependents if c.relation == "xcomp" and child.lemma in ("help", "assist")]
            for acting in (child, *helped):
                for phrases in (acting.objects, *(acting.preps[p] for p in DEFAULT_RECIPIENT[1:] if p in acting.preps)):
                    found = found or _actors_of(context, phrases, acting)
            if not found:
                found = [a for c in child.dependents if c.relation == "advcl" and c.subjects
                         and conditional(c.trigger) for a in _actors_of(context, c.subjects, c)]
        else:
            continue
        if found:
            return found
    return []


# -- the event ------------------------------------------------------------------------------------


def _event(context: _Context, frame: Frame, entry: Entry, index: int,
           coded: dict[int, tuple[Frame, Entry]]) -> Event | None:
    actors = _actors_of(context, frame.subjects, frame)
    # ("reneged on his commitment to the Zambian people": not the doer, named again by "his")
    recipients = [a for a in _recipients(context, frame, entry) if a not in actors]
    if not actors and frame.kind == "noun" and "of" in frame.preps and "of" not in entry.recipient:
        actors = _actors_of(context, frame.preps["of"], frame)  # "the withdrawal of French troops"
    if not recipients:
        recipients = [a for a in _object_recipients(context, frame) if a not in actors]
    if not recipients:
        recipients = [a for a in _complement_recipients(context, frame) if a not in actors]
    if not recipients:
        recipients = _within_object(context, frame, entry, actors)
    reciprocal = False
    between = frame.preps.get("between")
    if not actors and between:  # "the talks between Moscow and Kyiv"
        sides = _actors_of(context, between, frame)
        actors, recipients, reciprocal = sides[:1], sides[1:], len(sides) > 1
    elif between and not recipients:  # "Turkey hosted talks between Moscow and Kyiv"
        recipients = _actors_of(context, between, frame)
    if entry.reciprocal and not recipients and len(actors) > 1:  # "Lavrov and Rubio met"
        actors, recipients, reciprocal = actors[:1], actors[1:], True
    if not actors and frame.kind == "verb" and frame.subjects:
        actors = _first_actor_before(context, frame)
    elif not actors and frame.kind == "verb" and frame.parent is None and not frame.passive:
        actors = _named_just_before(context, frame)
    if not actors and entry.type == "RETREAT" and frame.passive:
        # "guerrillas have been demobilized", "troops were pulled out": a retreat is the moved side's own
        actors = _actors_of(context, frame.surface_subjects, frame)
    recipients = [a for a in recipients if a not in actors]
    # violence by someone unnamed ("a roadside bomb killed two US soldiers") is still an event
    if not actors and not (recipients and (entry.type in UNATTRIBUTED_TYPES or entry.mode in UNATTRIBUTED_MODES)):
        return None
    date_value, granularity, date_source = event_date(context, frame)
    negated, future, hypothetical = frame.negated, frame.future, frame.hypothetical
    governed = governed_by_coded(frame, coded)
    if frame.parent is not None and frame.relation == "xcomp" and frame.parent.trigger.i in coded:
        flag = XCOMP_FLAGS.get(coded[frame.parent.trigger.i][1].type)
        future = future or flag == "future"
        hypothetical = hypothetical or flag == "hypothetical"
        negated = negated or flag == "negated"
    published = context.article.published_at
    pub_day = published.date() if published else None
    start, end = date_range(date_value) or (None, None)
    if start and pub_day and start > pub_day and frame.trigger.tag_ not in ("VBD", "VBN"):
        future = True  # "meet on Thursday", said on Wednesday
    historical = bool(end and pub_day and not future and end < pub_day - HISTORICAL_AFTER)
    # (the dateline says where the story was filed: no place for background told from there)
    place, place_source = event_place(context, frame, dateline=not historical)
    if place is not None:
        actors = [located(a, place) for a in actors]
        recipients = [located(a, place) for a in recipients]
    recipients = [home_institution(a, actors) for a in recipients]
    rule = entry.rule
    named = list(actors)
    if not actors and place is not None and place.country and place_source == "sentence":
        # violence nobody is named for: by someone unidentified in the country where it happened
        doer = unidentified_in(place.country)
        if doer is not None:
            actors, rule = [doer], f"{rule}, doer inferred: unidentified, where it happened"
    if entry.type == "MOBILIZE" and not recipients and place is not None and place_source == "sentence":
        recipients = host_state(actors, place)  # "strengthened its forces in Lebanon"
    if entry.type == "PROTEST" and not recipients:
        recipients = protest_target(actors, place)
        if recipients:
            rule = f"{rule}, target inferred: the government where it was held"
    told = list(recipients)  # (a side only inferred makes the mention no surer)
    if not any(r.country for r in recipients):  # none named, or only people of no country ("Tamil civilians")
        home = domestic_target(entry.type, actors, place if place_source == "sentence" else None,
                               target_named=not recipients and _names_a_recipient(frame, entry))
        placed = [placed_in(r, home[0].country) for r in recipients] or home if home else []
        if any(r.country for r in placed):
            recipients, rule = placed, f"{rule}, target inferred: the state where it was done"
    mode = entry.mode
    if entry.type == "CONSULT" and mode in (None, "meet") and place is not None \
            and is_visit(actors, recipients, place):
        mode = "visit"
    cameo = entry.cameo
    cameo_code, quad, goldstein, intensity, mode = cameo_details(context.ontology, entry.type, mode, cameo)
    sentence = frame.sentence
    trigger = _trigger_span(frame, context.article.body or "")
    body = context.article.body or ""
    text = body[sentence.start_char:sentence.end_char].rstrip()
    mention = EventMention(
        sentence=Span(sentence.start_char, sentence.start_char + len(text), text),
        trigger=trigger, sentence_index=index, rule=rule,
        quote_speaker=_quote_speaker(context, trigger), confidence=confidence(frame, named, told, entry, governed),
        published=context.article.published,
    )
    event = Event(
        id="", type=entry.type, mode=mode, contexts=list(entry.contexts), actors=actors, recipients=recipients,
        reciprocal=reciprocal or (entry.reciprocal and bool(recipients)),  # a meeting, a call, a clash
        cameo=cameo_code, quad_class=quad, goldstein=goldstein, intensity=intensity,
        date=date_value, date_granularity=granularity, date_source=date_source,
        place=place, place_source=place_source,
        future=future, hypothetical=hypothetical, negated=negated, historical=historical,
        mentions=[mention],
    )
    event.id = stable_id(event)
    return event


def _statement_event(context: _Context, frame: Frame, event: Event,
                     coded: dict[int, tuple[Frame, Entry]]) -> Event | None:
    """The verbal event a sentence about an action not yet taken reports, as CAMEO codes it: "Finland
    will give Tanzania a grant" is an intent to give aid (AGREE 033), "they would boycott the talks" a
    threat (THREATEN 133). ("X said Y must ..." is a demand: `_demand_event`.)
    The action itself stays an event of its own, flagged future or hypothetical. None when a coded
    verb above already says it ("agreed to meet", "threatened to strike") or when it is negated."""
    if event.negated or governed_by_coded(frame, coded):
        return None
    if frame.intent and event.type in INTENT_CODES:
        # "will withdraw its force unless X holds elections": whatever the action, an ultimatum (CAMEO 139)
        kind, cameo = ("THREATEN", "139") if frame.ultimatum else INTENT_CODES[event.type]
        if event.type in ("ASSAULT", "COERCE") and matrix_lemma(frame) == "prepare":
            kind, cameo = "MOBILIZE", "150"  # "the army prepared to resume shelling": a force posture
        actors, recipients = event.actors, event.recipients
    else:
        return None
    cameo_code_, quad, goldstein, intensity, mode = cameo_details(context.ontology, kind, None, cameo)
    published = context.article.published_at
    first = event.mentions[0]
    # (as sure as the action would be if it had happened: the statement is a fact of the text)
    mention = replace(first, rule=f"{first.rule}, said as {kind.lower()}", confidence=min(0.95, first.confidence + 0.1))
    said = Event(id="", type=kind, mode=mode, actors=list(actors), recipients=list(recipients),
                 cameo=cameo_code_, quad_class=quad, goldstein=goldstein, intensity=intensity,
                 date=published.date().isoformat() if published else None,
                 date_granularity="day" if published else "",
                 date_source="publication date" if published else "none", mentions=[mention])
    said.id = stable_id(said)
    return said


def _trigger_span(frame: Frame, body: str) -> Span:
    token = frame.trigger
    start, end = token.idx, token.idx + len(token.text)
    if frame.kind == "verb":
        for child in token.children:
            if child.dep_ in ("aux", "auxpass", "neg", "prt") and child.i > token.i - 4:
                start, end = min(start, child.idx), max(end, child.idx + len(child.text))
    return Span(start, end, body[start:end])  # (not doc.text: spaCy joins every token for it)


def _quote_speaker(context: _Context, trigger: Span) -> str | None:
    for quote in context.enrichment.quotes:
        if quote.overlaps(trigger.start, trigger.end):
            return quote.speaker_actor or (quote.speaker.text if quote.speaker else None)
    return None


def cameo_details(ontology: Ontology, event_type: str, mode: str | None, cameo: str | None
                  ) -> tuple[str | None, int | None, float | None, float | None, str | None]:
    """(CAMEO code, quad class, Goldstein score, PLOVER intensity, mode) of a coded event: the entry's
    CAMEO code, else the ontology's for the type and mode; a mode the CAMEO code implies fills a missing one."""
    code = cameo or ontology.cameo_of(event_type, mode)
    found = cameo_code(code) if code else None
    if mode is None and code:
        implied = ontology.plover_of_cameo(code)
        if implied is not None and implied[0] == event_type:
            mode = implied[1]
    kind = ontology.types.get(event_type)
    return (code, found.quad_class if found else None, found.goldstein if found else None,
            kind.intensity if kind else None, mode)
