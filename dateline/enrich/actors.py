"""Actors: the people, organisations, states and groups a document names, as canonical PLOVER-style actors.

`resolve_actors(doc, places=None, known=None)` reads one parsed spaCy Doc (parsed once, shared with
places and quotes) and returns its ActorMentions in text order. Evidence comes from the text: titles
("Foreign Minister Sergei Lavrov"), possessives ("Russia's foreign minister"), appositions ("Qatar's
emir, Sheikh Tamim"), "of" phrases ("King Hassan of Morocco"), demonyms ("Russian and US diplomats"),
capitals and seats standing for governments ("Moscow", "the Pentagon"), organisations ("NATO"). Later
mentions join earlier ones (actors_book.py); `known`, a read-only snapshot of the knowledge base,
answers for bare names; a titled actor with no country left takes the nearest country word of its
sentence that no other actor holds ("context"). Pure and linear in the length of the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from ..model import Actor, ActorMention, Entity
from .actors_book import ActorBook
from .actors_claims import Claim, read_phrase
from .actors_known import KnownActors
from .actors_phrases import TokenFacts, phrases
from .countries import load_countries
from .roles import load_groups, load_roles

if TYPE_CHECKING:
    from spacy.tokens import Doc

PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
# "King Hassan of Morocco", "Rebels in the Ivory Coast": a country that follows names the actor's country.
OF_WORDS = {"of": ("possessive", 0.85), "in": ("context", 0.6), "from": ("context", 0.6),
            "throughout": ("context", 0.6), "across": ("context", 0.6)}
# Words of a part of a country between the preposition and the country: "Albanians of southern Serbia".
COMPASS = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                     "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
                     "north-western", "south-eastern", "south-western"})
# Prepositions whose object is a counterpart or a destination, not the actor's home: "talks with Turkey",
# "sanctions against Nigeria", "a visit to Qatar", "sanctions on Iran".
COUNTERPART_PREPS = frozenset({"with", "against", "to", "toward", "towards", "into", "on", "onto", "upon",
                               "between", "versus", "vs", "vs."})
# Words of meeting and travel: "met in Istanbul", "talks in Doha", "a summit at Sharm el-Sheikh".
MEETING_WORDS = frozenset({"meet", "meeting", "talk", "talks", "visit", "summit", "conference", "negotiation",
                           "negotiate", "host", "arrive", "travel", "trip", "tour", "fly", "stop", "stopover",
                           "gathering", "session", "forum", "hold"})
CURRENCY_SIGNS = frozenset({"$", "US$", "\u00a3", "\u20ac"})
CURRENCY_WORDS = frozenset({"dollar", "pound", "euro", "cent", "franc", "rupee", "yuan", "yen"})
OWN_SUBJECTS = frozenset({"they", "we", "he", "she", "it", "i"})
REPORTING_VERBS = frozenset({"say", "tell", "report", "add", "state", "announce", "confirm", "quote", "claim"})
# A state's own actors, and the home actors of a country they deal with (CAMEO agent codes).
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "SPY"})
HOME_SECTORS = frozenset({"OPP", "CVL", "REB", "LEG", "PTY", "EDU", "MED", "LAB", "BUS", "AGR", "HLH", "REL",
                          "REF", "CRM"})
MAX_SENTENCE_PHRASES = 2000  # past this a "sentence" is a dump, not prose: its later phrases are not read


def resolve_actors(doc: Doc, *, places: Iterable[Any] | None = None,
                   known: KnownActors | None = None) -> list[ActorMention]:
    """The actor mentions of one parsed document, in text order.

    `places`: the places stage's mentions (anything with `start`, `end` character offsets and a
    `country`, or a `place` that has one), so that "Samarra" can give its country to an actor.
    """
    groups = load_groups()
    facts = TokenFacts(doc, load_countries(), load_roles(), groups)
    book = ActorBook(known)
    place_codes = _place_countries(doc, places)
    mentions: list[ActorMention] = []
    persons_before: list[str] = []  # person actor ids of the previous sentence
    sentences = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]  # a pipeline without a parser
    for index, sent in enumerate(sentences):
        claims = _sentence_claims(sent, doc, facts, groups, place_codes)
        persons: list[str] = []
        events: list[tuple[int, Claim | int]] = [(c.start, c) for c in claims]
        events += [(i, i) for i in range(sent.start, sent.end) if facts.lower[i] in PRONOUNS]
        events.sort(key=lambda pair: pair[0])
        for _, item in events:
            if isinstance(item, Claim):
                resolved = book.resolve(item, _context_country(doc, item, claims))
                if resolved is None:
                    continue
                actor, signal, confidence = resolved
                if not actor.name:
                    actor.name = doc[item.start:item.end].text
                mentions.append(_mention(doc, item.start, item.end, actor, signal, confidence, index))
                if actor.kind == "person":
                    persons.append(actor.id)
            else:
                target = book.pronoun_target(persons or persons_before)
                if target is not None:
                    mentions.append(_mention(doc, item, item + 1, target, "coreference", 0.6, index))
        persons_before = persons
    return mentions


def named_entities(doc: Doc) -> list[Entity]:
    """The tagger's named entities of a parsed document, as the model's Entity spans."""
    return [Entity(e.start_char, e.end_char, e.text, label=e.label_) for e in doc.ents]


def _mention(doc: Doc, start: int, end: int, actor: Actor, signal: str, confidence: float,
             sentence: int) -> ActorMention:
    span = doc[start:end]
    return ActorMention(span.start_char, span.end_char, span.text, actor=actor, signal=signal,
                        confidence=round(confidence, 2), sentence=sentence)


def _sentence_claims(sent: Any, doc: Doc, facts: TokenFacts, groups: Any,
                     place_codes: dict[int, str]) -> list[Claim]:
    found = []
    for number, phrase in enumerate(phrases(sent, facts)):
        if number >= MAX_SENTENCE_PHRASES:
            break
        found.append((phrase, read_phrase(phrase, doc, groups)))
    claims: list[Claim] = []
    skip: set[int] = set()
    for _, phrase_claims in found:
        # "their embassies": whose, a pronoun does not say
        phrase_claims[:] = [c for c in phrase_claims
                            if not (c.start > 0 and doc[c.start - 1].tag_ == "PRP$" and c.name is None)]
    for k, (phrase, phrase_claims) in enumerate(found):
        if k in skip:
            continue
        after = k + 1
        if after < len(found) and phrase_claims and _attach_of(doc, phrase, phrase_claims[-1], *found[after]):
            skip.add(after)
            after += 1
        if after < len(found) and phrase_claims and found[after][1]:
            _apposition(doc, phrase_claims[-1], found[after][0], found[after][1][0])
        for claim in phrase_claims:
            claim.definite = claim.start > 0 and doc[claim.start - 1].lower_ == "the"
            if claim.kind == "place":
                code = place_codes.get(claim.start)
                if code is None:
                    continue
                claim.kind, claim.country, claim.signal, claim.country_fixed = "state", code, "place", True
                claim.name = None
            claims.append(claim)
    _share_across_and(doc, claims)
    return claims


def _attach_of(doc: Doc, phrase: Any, claim: Claim, following: Any, following_claims: list[Claim]) -> bool:
    """"the emir of Qatar": the country after "of" / "in" / "from" becomes the actor's; its phrase is used up."""
    # a people named by its demonym lives where "of" says: "the Albanians of southern Serbia" (CAMEO codes an
    # ethnic group by the country it lives in)
    people = claim.kind == "group" and claim.signal == "demonym" and claim.plural
    if (claim.country is not None and not people) or claim.kind not in ("person", "group") or not following_claims:
        return False
    if not (claim.titled or claim.sector):
        return False
    gap = doc[phrase.end:following.start]
    words = [t.lower_ for t in gap if t.lower_ not in COMPASS]
    if not words or words[0] not in OF_WORDS or len(words) > 2 or (len(words) == 2 and words[1] != "the"):
        return False
    if people and words[0] != "of":
        return False
    first = following_claims[0]
    if first.kind not in ("state",) or first.country is None or first.signal == "demonym":
        return False
    signal, confidence = OF_WORDS[words[0]]
    claim.country, claim.country_fixed, claim.end = first.country, True, first.end
    if claim.signal in ("title", "ner") or signal == "possessive":
        claim.signal = signal if claim.signal != "title" else claim.signal
    claim.confidence = min(claim.confidence, confidence) if signal == "context" else max(claim.confidence,
                                                                                        confidence)
    return words[0] == "of"  # "the emir of Qatar" is one actor; "rebels in Chad" leaves Chad a mention too


def _apposition(doc: Doc, claim: Claim, following: Any, other: Claim) -> bool:
    """"Qatar's emir, Sheikh Tamim ..." and "Lavrov, Russia's foreign minister, ...": a comma between a
    nameless role and a bare name makes them one actor."""
    gap = [t.lower_ for t in doc[claim.end:following.start]]
    if not gap or gap[0] != "," or len(gap) > 2 or (len(gap) == 2 and gap[1] not in ("the", "a", "an")):
        return False
    role_side, name_side = (claim, other) if claim.name is None else (other, claim)
    if role_side.kind != "person" or role_side.name is not None or role_side.role is None:
        return False
    # the tagger calls some surnames organisations ("Lavrov"); beside a person's title they are people
    tagged_as_org = name_side.kind == "organisation" and name_side.label == "ORG" and not name_side.country
    if (name_side.kind != "person" and not tagged_as_org) or not name_side.name or name_side.country_fixed:
        return False
    if name_side.role:  # "Foreign Minister Sergei Lavrov, Russia's top diplomat": the title stays, the country joins
        if name_side.kind != "person" or not role_side.country_fixed:
            return False
        name_side.country, name_side.country_fixed = role_side.country, True
        name_side.signal, name_side.confidence = "apposition", 0.85
        role_side.name = name_side.name
        return True
    name_side.kind = "person"
    name_side.role, name_side.sector, name_side.former = role_side.role, role_side.sector, role_side.former
    name_side.country, name_side.country_fixed = role_side.country, role_side.country_fixed
    name_side.titled, name_side.signal, name_side.confidence = True, "apposition", 0.85
    role_side.name = name_side.name
    return True


def _share_across_and(doc: Doc, claims: list[Claim]) -> None:
    """"Qatar's emir, X and Prime Minister Y": a titled person with no country shares the one of the titled
    person just before it across "and"."""
    for before, claim in zip(claims, claims[1:], strict=False):
        if (claim.kind == "person" and claim.titled and claim.country is None and before.kind == "person"
                and before.country and before.sector == claim.sector and claim.start - before.end == 1
                and doc[before.end].lower_ == "and"):
            claim.country, claim.country_fixed = before.country, True
            claim.signal, claim.confidence = "context", 0.6


def _context_country(doc: Doc, claim: Claim, claims: list[Claim]) -> str | None:
    """A country for a titled actor whose phrase names none, from the rest of its sentence.

    First the nearest free country word: one that names no actor of its own (a modifier, "US foreign
    policy"; a bare state; a place where something happens, "a curfew in Sudan"). A country word is not
    free when it belongs to another party of the sentence: the object of a verb or of a preposition of
    direction or counterpart ("sanctions against Nigeria", "talks with Turkey", "a visit to Qatar",
    "controls Afghanistan"), the place of a meeting or visit ("met in Istanbul"), a currency ("US$
    50 million"), or a word bound by a hyphen ("Syrian-backed", "Russian-made": whose help or make, not
    whose people). Else, for a state's own actor (government, forces, police, courts), the country of the
    home actors it deals with: a country's opposition, people, rebels, students or press, named with their
    country ("President X banned Ugandan opposition candidates")."""
    if claim.country is not None or not (claim.titled or claim.sector):
        return None
    if (claim.sector in HOME_SECTORS or claim.sector == "GOV") and not _reporting(doc, claim):
        # "the government ordered the opposition newspaper ...": a country's own people, dealt with by its
        # government, police or courts; its officials, dealt with by its police or courts
        state = {c.country for c in claims if c is not claim and c.country and c.country_fixed
                 and c.sector in ("GOV", "COP", "JUD") and _home(claim.sector, c.sector)
                 and c.kind in ("group", "person")
                 and load_countries().kind_of(c.country) == "state" and not _reporting(doc, c)
                 and _one_clause(doc, claim, c)}
        if len(state) == 1:
            return state.pop()
    free = [c for c in claims if c.kind == "state" and c.country and c.signal in ("country", "demonym", "place")
            and c is not claim and not (c.end < len(doc) and doc[c.end].text == "-")
            and not _belongs_elsewhere(doc, c)]
    if free:
        nearest = min(free, key=lambda c: abs(c.start - claim.start))
        return nearest.country
    if claim.sector not in STATE_SECTORS or _reporting(doc, claim):  # a quote's speaker is no party to it
        return None
    home = [c for c in claims if c is not claim and c.country and c.country_fixed and _home(c.sector, claim.sector)
            and c.kind in ("group", "person") and c.signal != "organisation"
            and load_countries().kind_of(c.country) == "state" and not _reporting(doc, c)
            and _one_clause(doc, claim, c)]
    if not home or len({c.country for c in home}) > 1:
        return None
    return home[0].country


def _home(sector: str | None, state: str | None) -> bool:
    """Whether an actor of `sector` is home ground for a state actor of sector `state`: a country's people
    for its government, police, courts and forces; its officials too for its police and courts, which
    judge and arrest at home ("a Chilean judge ... government officials")."""
    return sector in HOME_SECTORS or (sector == "GOV" and state in ("JUD", "COP"))


def _one_clause(doc: Doc, first: Claim, second: Claim) -> bool:
    """Whether two actors take part in one clause: the clause of one holds the other, reported speech
    ("told lawmakers that the Ukrainian president ...") being a clause of its own."""
    a, b = doc[first.start:first.end].root, doc[second.start:second.end].root
    return _clause(a) in _reach(b) or _clause(b) in _reach(a) or _own_deed(a, b) or _own_deed(b, a)


def _own_deed(speaker: Any, other: Any) -> bool:
    """"The rebels said they will free the prime minister": a speaker who reports its own deed (the reported
    clause's subject is a pronoun) takes part in that clause."""
    verb = speaker.head
    if speaker.dep_ != "nsubj" or verb.lemma_.lower() not in REPORTING_VERBS:
        return False
    token = other
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.i == verb.i:
            return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in OWN_SUBJECTS for c in token.children)
        token = token.head
    return False


def _clause(token: Any) -> Any:
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _reach(token: Any) -> list[Any]:
    """A token and the words it hangs on, up to the head of the reported clause it stands in."""
    chain = [token]
    while token.head.i != token.i and token.dep_ not in ("ccomp", "parataxis"):
        token = token.head
        chain.append(token)
    return chain


def _reporting(doc: Doc, claim: Claim) -> bool:
    """Whether the actor only reports the sentence, after the fact ("..., Benin police said", "according to
    the police"): a source, no
    party to it (a speaker before the fact, "rebels said they will free him", speaks of its own deed)."""
    token = doc[claim.start:claim.end].root
    if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according":
        return True  # "..., according to the US government"
    if token.dep_ != "nsubj" or token.head.lemma_.lower() not in REPORTING_VERBS:
        return False
    return any(child.dep_ == "ccomp" and child.i < token.i for child in token.head.children)


def _belongs_elsewhere(doc: Doc, claim: Claim) -> bool:
    """Whether a country word names another party of its sentence (see _context_country)."""
    span = doc[claim.start:claim.end]
    token = span.root
    if claim.end < len(doc) and (doc[claim.end].text in CURRENCY_SIGNS or doc[claim.end].lemma_.lower()
                                 in CURRENCY_WORDS):
        return True
    # a conjunct ("to Croatia and Ecuador") stands where the first one stands
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ in ("dobj", "dative", "iobj", "oprd"):  # a state as the object: "controls Afghanistan"
        return True
    # a modifier stands where the noun it modifies stands: "talks with Turkish officials"; the object of a
    # verb may be the actor's own ("Trump reversed US policy"), so only prepositions are read from there on
    while token.dep_ in ("amod", "compound", "poss", "nmod", "case", "conj", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        prep = token.head
        word = prep.lower_
        if word in COUNTERPART_PREPS:
            return True
        if word in ("in", "at"):
            governor = prep.head
            near = [governor, *(c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))]
            return any(t.lemma_.lower() in MEETING_WORDS for t in near)
    return False


@cache
def _alpha3(code: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country else None


def _place_countries(doc: Doc, places: Iterable[Any] | None) -> dict[int, str]:
    """Token index where a place mention starts -> its country's alpha-3 code."""
    if not places:
        return {}
    codes: dict[int, str] = {}
    for place in places:
        country = getattr(place, "country", None) or getattr(getattr(place, "place", None), "country", None)
        if not country:
            continue
        code = _alpha3(country.upper()) if len(country) == 2 else country.upper()
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if code and span is not None:
            codes[span.start] = code
    return codes
