"""What a sentence does not say of an event's sides, as event coders infer it: a group's country from
where it acted, the government a protest at home is against, the state where forces are built up, and
whether a meeting was a visit. Each inference is one small rule; the coder notes in the mention's rule
where one gave a side.
"""

from __future__ import annotations

from ..enrich.actors_book import government_of
from ..enrich.countries import load_countries
from ..model import Actor, Place

# Deeds done to others, not words (CAMEO's material quad classes): such a deed falls on where it is
# done. (A retreat, a resignation, a surrender is the doer's own; aid and cooperation go to a partner the
# sentence names or not; protests and forces have their own rules.)
MATERIAL_TYPES = frozenset({"CONCEDE", "SANCTION", "COERCE", "ASSAULT"})


def located(actor: Actor, place: Place) -> Actor:
    """A group with no country of its own ("police", "protesters") takes the country of where it acted."""
    return placed_in(actor, place.country)


def placed_in(actor: Actor, country: str | None) -> Actor:
    """A group with no country of its own, of the state `country`."""
    if actor.country or actor.kind != "group" or not country:
        return actor
    return Actor(id=f"{actor.id}@{country}", name=actor.name, kind=actor.kind, country=country,
                 sector=actor.sector, role=actor.role, former=actor.former, aliases=list(actor.aliases))


# A state's own institutions, which a sentence names bare ("outside Parliament", "the courts").
INSTITUTION_SECTORS = frozenset({"LEG", "GOV", "JUD", "COP"})


def home_institution(actor: Actor, doers: list[Actor]) -> Actor:
    """An institution named with no country ("landowners began a hunger strike outside Parliament") is
    the one of the state its doers are all of."""
    countries = {a.country for a in doers if a.country}
    if actor.country or actor.kind != "group" or actor.sector not in INSTITUTION_SECTORS or len(countries) != 1:
        return actor
    country = next(iter(countries))
    if load_countries().kind_of(country) != "state":
        return actor
    return Actor(id=f"{actor.id}@{country}", name=actor.name, kind=actor.kind, country=country,
                 sector=actor.sector, role=actor.role, former=actor.former, aliases=list(actor.aliases))


def host_state(actors: list[Actor], place: Place) -> list[Actor]:
    """The state where forces are moved or built up, when it is not the mover's own."""
    if not place.country or any(a.country == place.country for a in actors) or not actors:
        return []
    government = government_of(place.country)
    return [government] if government is not None else []


def protest_target(actors: list[Actor], place: Place | None) -> list[Actor]:
    """PLOVER's target for a protest that names no one it is against: the government of the country it
    is held in, when the protesters are that country's own ("students staged demonstrations throughout
    Indonesia" → Indonesia GOV). Protesters abroad, or of several countries, name no such target."""
    countries = {a.country for a in actors if a.country}
    home = place.country if place is not None and place.country else None
    if home is None and len(countries) == 1:
        home = next(iter(countries))
    if home is None or not countries <= {home}:
        return []
    government = government_of(home)
    return [government] if government is not None else []


def is_visit(actors: list[Actor], recipients: list[Actor], place: Place) -> bool:
    """A meeting held in the recipient's country and not in the actor's is a visit."""
    home = {a.country for a in actors}
    return bool(place.country and place.country not in home and any(r.country == place.country for r in recipients))


def domestic_target(kind: str, actors: list[Actor], place: Place | None, target_named: bool = False) -> list[Actor]:
    """Who a deed that names no one it is done to falls on, as event coders code it: the state where it
    is done ("imposed a curfew in Basra" → Iraq), else the doer's own when the doer is of one state
    ("the Iraqi government imposed martial law" → Iraq). Words (a demand, a refusal) have an addressee
    that the sentence must name. When the sentence names whom, in words no actor was found for
    (`target_named`: "Moscow's invasion of its neighbour"), the doer's own state is no guess to make."""
    if kind not in MATERIAL_TYPES or not actors:
        return []
    countries = {a.country for a in actors if a.country}
    home = place.country if place is not None and place.country else None
    if home is None and len(countries) == 1 and not target_named:
        home = next(iter(countries))
    held = load_countries().get(home)
    if held is None or held.kind != "state":
        return []
    return [Actor(held.code, held.name, kind="state", country=held.code)]
