"""The actors of one document, and how a later mention joins an earlier one.

A claim with a name joins the person of that full name, or the one person whose surname it is; a
titled name joins the one nameless actor with the same role ("Russia's foreign minister" ... "Foreign
Minister Sergei Lavrov"); "the minister" joins the one actor whose role ends with "minister"; the
knowledge base answers for names the document leaves bare. Ambiguity joins nothing.

Actor ids, stable across articles so that the store can keep one row per actor: "person:sergei-lavrov"
(a named person), "role:RUS:foreign-minister" (a title whose holder the document does not name), "RUS"
(a state), "UNO" / "NATO" (an organisation in the country table), "RUS:GOV" (a country's sector: "Russian
diplomats", "Moscow"), "---:REB" (a sector with no country), "group:taliban" (a named group), "org:app"
(any other organisation).
"""

from __future__ import annotations

import re

from ..model import Actor
from .actors_claims import Claim
from .actors_known import KnownActors, surname
from .actors_leaders import find_figure, find_titled
from .countries import fold, load_countries

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", fold(text)).strip("-")


def _group_name(country: str | None, sector: str | None) -> str:
    """"Russia GOV": a group is its country's and its sector's."""
    held = load_countries().get(country)
    if held is None:
        return ""  # no country: the words of its first mention name it ("the rebels")
    return " ".join(part for part in (held.name, sector) if part)


def _state_name(code: str) -> str:
    """"Turkey" for TUR: the name of a state met only through one of its places ("Istanbul")."""
    held = load_countries().get(code)
    return held.name if held is not None else code


def _group_id(country: str | None, sector: str | None) -> str:
    return f"{country or '---'}:{sector or '---'}"


def government_of(country: str) -> Actor | None:
    """The government of a state ("Indonesia GOV"), as a mention of it resolves; None for a code that is
    not a state's."""
    if load_countries().kind_of(country) != "state":
        return None
    return Actor(_group_id(country, "GOV"), _group_name(country, "GOV"), kind="group", country=country,
                 sector="GOV", role="government")


def unidentified_in(country: str) -> Actor | None:
    """Someone unnamed acting in a country ("a roadside bomb near Samarra"): the doer event coders give
    violence nobody is named for. None for a code that is not a state's."""
    held = load_countries().get(country)
    if held is None or held.kind != "state":
        return None
    return Actor(f"{country}:UNK", f"unidentified ({held.name})", kind="group", country=country)


class ActorBook:
    def __init__(self, known: KnownActors | None) -> None:
        self.known = known
        self.actors: dict[str, Actor] = {}
        self._names: dict[str, str] = {}  # folded full name -> actor id
        self._surnames: dict[str, set[str]] = {}
        self._guessed: set[int] = set()  # people whose country only the context gave: own evidence replaces it

    def _add(self, actor: Actor) -> Actor:
        held = self.actors.get(actor.id)
        if held is not None:
            return held
        self.actors[actor.id] = actor
        if actor.kind == "person" and actor.name:
            self._index(actor, actor.name)
        return actor

    def _index(self, actor: Actor, name: str) -> None:
        self._names.setdefault(fold(name), actor.id)
        if len(fold(name).split()) > 1:
            self._surnames.setdefault(surname(name), set()).add(actor.id)

    def _fill(self, actor: Actor, claim: Claim) -> None:
        """Evidence a later mention adds to an actor that lacked it."""
        if claim.country and (actor.country is None or (id(actor) in self._guessed and claim.country_fixed)):
            actor.country = claim.country
            self._guessed.discard(id(actor))
        if actor.role is None and claim.role:
            actor.role = claim.role
        if actor.sector is None and claim.sector:
            actor.sector = claim.sector
        if claim.former and actor.role == claim.role:
            actor.former = True
        if claim.name and claim.name != actor.name and claim.name not in actor.aliases:
            actor.aliases.append(claim.name)
            if actor.kind == "person":
                self._index(actor, claim.name)

    def resolve(self, claim: Claim, context_country: str | None) -> tuple[Actor, str, float] | None:
        """The actor of a claim, the signal that tied them and how sure the tie is."""
        if claim.kind == "person" and claim.name:
            return self._person(claim, context_country)
        if claim.kind == "person":
            return self._nameless(claim, context_country)
        if claim.kind == "group":
            if claim.name and claim.signal == "organisation":
                actor = self._add(Actor(f"group:{slug(claim.name)}", claim.name, "group", claim.country,
                                        claim.sector))
                return actor, claim.signal, claim.confidence
            country, signal, confidence = claim.country, claim.signal, claim.confidence
            if country is None and claim.definite:
                joined = self._by_role(claim)
                if joined is not None:
                    return joined, "coreference", 0.6
            if country is None and context_country and claim.sector:
                country, signal, confidence = context_country, "context", 0.5
            actor = self._add(Actor(_group_id(country, claim.sector), claim.name or _group_name(country, claim.sector),
                                    "group", country, claim.sector, claim.role))
            return actor, signal, confidence
        if claim.kind == "organisation" and claim.name and claim.signal != "organisation":
            return self._organisation(claim)
        if claim.kind in ("state", "organisation") and claim.country:
            # an organisation named by its own name keeps its own id with the table's sector ("UNHCR" REF)
            whole = claim.sector is None or (claim.kind == "organisation" and claim.signal == "organisation")
            name = (claim.name or _state_name(claim.country)) if whole else _group_name(claim.country, claim.sector)
            actor_id = claim.country if whole else _group_id(claim.country, claim.sector)
            kind = ("state" if claim.kind == "state" else "organisation") if whole else "group"
            return self._add(Actor(actor_id, name, kind, claim.country, claim.sector)), claim.signal, claim.confidence
        return None

    def _met(self, name: str) -> str | None:
        """The id of an actor this article named so already, or whose surname alone this is."""
        key = fold(name)
        actor_id = self._names.get(key)
        if actor_id is None and " " not in key:
            ids = self._surnames.get(key, set())
            actor_id = next(iter(ids)) if len(ids) == 1 else None
        return actor_id

    def _organisation(self, claim: Claim) -> tuple[Actor, str, float] | None:
        """A name the tagger calls an organisation: a person met before ("Trump" tagged ORG), a known
        actor, or an organisation of its own."""
        assert claim.name
        actor_id = self._met(claim.name)
        if actor_id is not None:
            actor = self.actors[actor_id]
            self._fill(actor, claim)
            return actor, "coreference", 0.6
        known = self.known.find(claim.name) if self.known else None
        if known is not None:
            return self._add(_copy(known)), "knowledge base", 0.8
        actor = self._add(Actor(f"org:{slug(claim.name)}", claim.name, "organisation", claim.country, claim.sector))
        return actor, claim.signal, claim.confidence

    def _person(self, claim: Claim, context_country: str | None) -> tuple[Actor, str, float] | None:
        assert claim.name
        actor_id = self._met(claim.name)
        if actor_id is not None:
            actor = self.actors[actor_id]
            self._fill(actor, claim)
            own = claim.signal if claim.titled or claim.country_fixed else "coreference"
            return actor, own, max(claim.confidence, 0.7)
        if claim.role:
            named = self._name_role_holder(claim)
            if named is not None:
                return named, claim.signal, 0.85
        if not claim.titled and claim.label not in ("PERSON", ""):
            return None
        known = self.known.find(claim.name) if self.known else None
        if known is not None:
            actor = self._add(_copy(known))
            self._index(actor, claim.name)
            self._fill(actor, claim)
            signal = claim.signal if claim.titled or claim.country_fixed else "knowledge base"
            return actor, signal, 0.8
        if not claim.titled and claim.label != "PERSON":
            return None
        actor = self._add(Actor(f"person:{slug(claim.name)}", claim.name, "person", claim.country, claim.sector,
                                claim.role, claim.former))
        self._fill(actor, claim)
        figure = find_figure(claim.name) if actor.country is None else None
        if figure is None and actor.country is None and claim.titled and claim.role:
            figure = find_titled(claim.name, claim.role)  # "President Reagan"
        if figure is not None:  # a well-known figure the text names without a country
            actor.country, actor.sector = figure.country, actor.sector or figure.sector
            actor.role = actor.role or figure.role
            return actor, "knowledge base", 0.75
        if actor.country is None and claim.titled and context_country:
            actor.country = context_country
            self._guessed.add(id(actor))
            return actor, "context", 0.5
        return actor, claim.signal, claim.confidence

    def _name_role_holder(self, claim: Claim) -> Actor | None:
        """The one nameless actor that holds the claim's role (and country, if the claim names one)."""
        holders = [a for a in self.actors.values() if a.kind == "person" and a.id.startswith("role:")
                   and a.role == claim.role and (claim.country is None or a.country == claim.country)]
        if len(holders) != 1:
            return None
        actor = holders[0]
        actor.name = claim.name or actor.name
        del self.actors[actor.id]  # named now: the id a person keeps across articles
        actor.id = f"person:{slug(actor.name)}"
        self.actors.setdefault(actor.id, actor)
        self._index(actor, actor.name)
        self._fill(actor, claim)
        return actor

    def _by_role(self, claim: Claim) -> Actor | None:
        """"the minister": the one actor whose role ends with the claim's role."""
        if not claim.role:
            return None
        word = claim.role.split()[-1]
        holders = [a for a in self.actors.values() if a.role and a.role.split()[-1] == word
                   and a.kind == claim.kind]
        return holders[0] if len(holders) == 1 else None

    def _nameless(self, claim: Claim, context_country: str | None) -> tuple[Actor, str, float] | None:
        if claim.country is None:
            joined = self._by_role(claim)
            if joined is not None:
                return joined, "coreference", 0.6
        country, signal, confidence = claim.country, claim.signal, claim.confidence
        if country is None and context_country:
            country, signal, confidence = context_country, "context", 0.5
        same = [a for a in self.actors.values() if a.kind == "person" and a.role == claim.role
                and a.country == country and country is not None]
        if len(same) == 1:
            return same[0], signal, confidence
        actor_id = f"role:{country or '---'}:{slug(claim.role or 'person')}"
        name = claim.name or ""
        actor = self._add(Actor(actor_id, name, "person", country, claim.sector, claim.role, claim.former))
        return actor, signal, confidence

    def pronoun_target(self, candidates: list[str]) -> Actor | None:
        ids = list(dict.fromkeys(candidates))
        return self.actors[ids[0]] if len(ids) == 1 else None


def _copy(actor: Actor) -> Actor:
    """A document's own copy of a known actor: the snapshot stays as the store gave it."""
    return Actor(actor.id, actor.name, actor.kind, actor.country, actor.sector, actor.role, actor.former,
                 list(actor.aliases))
