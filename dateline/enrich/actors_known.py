"""A read-only snapshot of the actor knowledge base: name or alias -> canonical Actor.

The store fills it (KnownActors.of(actors)) before a run; the actors stage only reads it, so the stage
stays a pure function of its input. A surname alone ("Lavrov") finds a person when no other known
person shares it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import replace

from ..model import NAMED_ACTOR_KINDS, Actor, ActorMention
from .countries import fold


def surname(name: str) -> str:
    """The last word of a person's name, folded: "Sergei Lavrov" -> "lavrov", "Al-Thani" -> "al-thani"."""
    words = fold(name).split()
    return words[-1] if words else ""


class KnownActors(Mapping[str, Actor]):
    """Folded names and aliases to actors; immutable once made."""

    __slots__ = ("_by_name", "_by_surname")
    _by_name: dict[str, Actor]
    _by_surname: dict[str, Actor]

    def __init__(self, by_name: Mapping[str, Actor] | None = None) -> None:
        names = {fold(k): v for k, v in (by_name or {}).items()}
        surnames: dict[str, set[str]] = {}
        people: dict[str, Actor] = {}
        for actor in names.values():
            if actor.kind == "person":
                people[actor.id] = actor
                for name in (actor.name, *actor.aliases):
                    if len(fold(name).split()) > 1:
                        surnames.setdefault(surname(name), set()).add(actor.id)
        object.__setattr__(self, "_by_name", names)
        object.__setattr__(self, "_by_surname", {s: people[next(iter(ids))] for s, ids in surnames.items()
                                                  if len(ids) == 1})

    @classmethod
    def of(cls, actors: Iterable[Actor]) -> KnownActors:
        """A snapshot holding each actor under its name and every alias (the first actor wins a clash)."""
        by_name: dict[str, Actor] = {}
        for actor in actors:
            for name in (actor.name, *actor.aliases):
                by_name.setdefault(fold(name), actor)
        return cls(by_name)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("KnownActors is read-only")

    def __getitem__(self, name: str) -> Actor:
        return self._by_name[fold(name)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def find(self, name: str) -> Actor | None:
        """The actor called `name`, by full name or alias, else by a surname only one known person has."""
        key = fold(name)
        actor = self._by_name.get(key)
        if actor is None and " " not in key:
            actor = self._by_surname.get(key)
        return actor


def learn(actors: MutableMapping[str, Actor], mentions: Iterable[ActorMention]) -> bool:
    """Add to `actors` (id -> Actor, what a snapshot is made from) the people and organisations an
    article named, with the names it called them by and the role it gave them; whether anything
    changed. Whether a role has ended is for each article's own words to say, so `former` is not kept."""
    changed = False
    for mention in mentions:
        actor = mention.actor
        if actor is None or actor.kind not in NAMED_ACTOR_KINDS:
            continue
        known = actors.get(actor.id)
        names = {actor.name, *actor.aliases} - ({known.name, *known.aliases} if known else set())
        if known is None or names or (actor.role and actor.role != known.role):
            kept = {known.name, *known.aliases} if known else set()
            actors[actor.id] = replace(actor, former=False, aliases=sorted((names | kept) - {actor.name}))
            changed = True
    return changed
