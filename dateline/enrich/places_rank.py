"""Which place a name means: each candidate scored on its size and on what the article says around it.

A candidate's score adds its population (log scale) and its kind (a country or a state named
bare is usually meant as one) to the support it gets from the article: a qualifier right after
the name ("Paris, Texas"), the countries and regions the article names or implies, the dateline
place, the site's country, and nearness to the places already resolved. Two passes: the first
reads the unambiguous evidence, the second adds nearness to the first pass's picks. One name means
one place within an article, unless a qualifier says otherwise.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .gazetteer import ADMIN1, ADMIN2, CITY, CONTINENT, COUNTRY, Gazetteer, normalise

EARTH_KM = 6371.0088

# Weights of the score, in units of one order of magnitude of population.
KIND_BONUS = {CONTINENT: 3.0, COUNTRY: 3.0, ADMIN1: 1.5, ADMIN2: 0.0, CITY: 0.0}
CAPITAL_BONUS = 1.0  # a national capital is named in the world's news beyond its size
ALT_NAME_PENALTY = 1.0  # the name is one of the place's alternate names, not its own
CAPITAL_COUNTRY_SPLIT = 0.5  # a province named like its capital: the city is meant
COUNTRY_SUPPORT = 3.0  # times the share of the article's country evidence for the candidate's country
REGION_SUPPORT = 2.0  # the candidate lies in a region the article names
DATELINE_SUPPORT = 2.5  # the candidate is, or lies in the country/region of, the dateline place
SITE_SUPPORT = 1.5  # the candidate lies in the site's country
NEAR_KM, NEAR_BONUS = 50.0, 2.0  # within reach of another place the article names
AROUND_KM, AROUND_BONUS = 250.0, 1.0
HOLDS_BONUS = 2.0  # a country or region that holds a town the article names (as NEAR_BONUS for towns)
COHERENCE = 1.0  # per other name of the article that can be read as lying with the candidate
COHERENCE_CAP = 4.0
CLOSE_FIT = 3.0  # another name can be read within NEAR_KM of the candidate: three times a shared region
# Bounds that keep a long page cheap: the names and candidates that coherence compares.
COHERENCE_NAMES, COHERENCE_POOL = 60, 25


@dataclass
class Name:
    """A place name to resolve: where it is, its lookup key, its candidates and what restricts them."""

    start: int
    end: int
    text: str
    key: str
    candidates: tuple[int, ...]
    qualifier: tuple[int, ...] = ()  # places a following ", Texas" allows
    pick: int | None = None
    signal: str = ""
    confidence: float = 0.0
    scores: dict[int, float] = field(default_factory=dict)


@dataclass
class Context:
    """What the article says about where it is."""

    countries: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # ISO alpha-2 → evidence
    regions: defaultdict[int, float] = field(default_factory=lambda: defaultdict(float))  # admin1 place → evidence
    dateline: int | None = None
    site_country: str | None = None
    anchors: list[tuple[str, int]] = field(default_factory=list)  # (name key, place) picked so far
    pools: list[Pool] = field(default_factory=list)  # the readings of each distinct name


@dataclass
class Pool:
    """The readings of one distinct name, arranged to tell fast whether a candidate lies with them."""

    key: str
    weight: float
    countries: set[str]
    regions: set[tuple[str, str]]  # (country, admin1) of its towns, counties and regions
    points: list[tuple[float, float]]  # its towns and counties


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def by_population(gaz: Gazetteer, candidates: tuple[int, ...]) -> int | None:
    """The population baseline: the biggest candidate (countries and regions first on a tie)."""
    if not candidates:
        return None
    return max(candidates, key=lambda p: (gaz.population[p], -gaz.kind[p], -gaz.ids[p]))


def resolve_names(gaz: Gazetteer, names: list[Name], dateline: int | None = None,
                  site_country: str | None = None) -> None:
    """Set `pick`, `signal` and `confidence` of every name in place."""
    for name in names:
        name.candidates = prune(gaz, name.key, name.candidates)
    context = Context(dateline=dateline, site_country=site_country)
    gather(gaz, names, context)
    context.pools = pools(gaz, names)
    for final in (False, True):
        picks: dict[tuple[str, tuple[int, ...]], int] = {}
        for name in names:
            if not name.candidates:
                continue
            group = (name.key, name.qualifier)
            if group in picks:
                copy = next(n for n in names if (n.key, n.qualifier) == group and n.pick is not None)
                name.pick, name.signal, name.confidence, name.scores = copy.pick, copy.signal, copy.confidence, copy.scores
                continue
            choose(gaz, name, context)
            if name.pick is not None:
                picks[group] = name.pick
        if not final:
            context.anchors = [(n.key, n.pick) for n in names if n.pick is not None and n.confidence >= 0.7]


def prune(gaz: Gazetteer, key: str, candidates: tuple[int, ...]) -> tuple[int, ...]:
    """Leave out a province or county whose town bears its name ("Istanbul", "Milano", "Los Angeles"):
    news means the town. US states stay: "New York" and "Washington" are as often the state."""
    cities = {(gaz.country[p], gaz.admin1[p]) for p in candidates if gaz.kind[p] == CITY}
    return tuple(p for p in candidates if not (
        (gaz.kind[p] == ADMIN1 and gaz.country[p] != "US" or gaz.kind[p] == ADMIN2)
        and (gaz.country[p], gaz.admin1[p]) in cities))


def gather(gaz: Gazetteer, names: list[Name], context: Context) -> None:
    """The article's evidence on countries and regions: names that can only be in one country, the
    countries and regions it names, qualifiers, the dateline and the site's country."""
    for name in names:
        pool = name.qualifier or name.candidates
        if not pool:
            continue
        countries = {gaz.country[p] for p in pool if gaz.country[p]}
        top = by_population(gaz, pool)
        if len(countries) == 1:
            context.countries[next(iter(countries))] += 1.0
        elif top is not None and gaz.kind[top] == COUNTRY:
            context.countries[gaz.country[top]] += 0.5
        regions = {gaz.region_of(p) for p in pool}
        if len(regions) == 1 and None not in regions:
            region = next(iter(regions))
            assert region is not None
            context.regions[region] += 1.0
        elif top is not None and gaz.kind[top] == ADMIN1:
            context.regions[top] += 0.5
    if context.dateline is not None:
        context.countries[gaz.country[context.dateline]] += 2.0
        region = gaz.region_of(context.dateline)
        if region is not None:
            context.regions[region] += 2.0
    if context.site_country:
        context.countries[context.site_country] += 1.0


def pools(gaz: Gazetteer, names: list[Name]) -> list[Pool]:
    out: dict[str, Pool] = {}
    for name in names:
        if name.key in out or not name.candidates:
            continue
        if len(out) >= COHERENCE_NAMES:
            break
        pool = name.qualifier or name.candidates
        # places that bear the name as their own: an alternate name's bearer says little of where
        own = tuple(p for p in pool if normalise(gaz.names[p]) == name.key) or pool
        top = sorted(own, key=lambda p: -gaz.population[p])[:COHERENCE_POOL]
        out[name.key] = Pool(
            name.key, 1.0 if len(pool) == 1 else 0.6,
            {gaz.country[p] for p in top if gaz.country[p]},
            {(gaz.country[p], gaz.admin1[p]) for p in top if gaz.kind[p] >= ADMIN1 and gaz.admin1[p]},
            [(gaz.lat[p], gaz.lon[p]) for p in top if gaz.kind[p] >= ADMIN2])
    return list(out.values())


def coherence(gaz: Gazetteer, place: int, key: str, pools: list[Pool]) -> float:
    """How many of the article's other names can be read as lying with `place`: in its region or
    within reach of it (a whole point each), or only in its country (a quarter)."""
    total = 0.0
    kind, country, region = gaz.kind[place], gaz.country[place], (gaz.country[place], gaz.admin1[place])
    lat, lon = gaz.lat[place], gaz.lon[place]
    for pool in pools:
        if pool.key == key:
            continue
        if kind == COUNTRY:
            fit = 1.0 if country in pool.countries else 0.0
        elif kind == CONTINENT:
            fit = 0.0
        elif kind >= ADMIN2 and any(abs(a - lat) < 0.5 and abs(b - lon) < 0.7 and (a, b) != (lat, lon)
                                    and distance_km(lat, lon, a, b) < NEAR_KM for a, b in pool.points):
            fit = CLOSE_FIT
        elif region in pool.regions:
            fit = 1.0
        elif kind >= ADMIN2 and any(abs(a - lat) < 2.5 and abs(b - lon) < 3.5
                                    and distance_km(lat, lon, a, b) < AROUND_KM for a, b in pool.points):
            fit = 1.0
        else:
            fit = 0.25 if country in pool.countries else 0.0
        total += pool.weight * fit
    return min(COHERENCE_CAP, COHERENCE * total)


def choose(gaz: Gazetteer, name: Name, context: Context) -> None:
    pool = name.qualifier or name.candidates
    if len(pool) == 1:
        name.pick, name.confidence = pool[0], 0.95 if not name.qualifier else 0.97
        name.signal = "qualifier" if name.qualifier else "only"
        return
    scores: dict[int, float] = {}
    bases: dict[int, float] = {}
    reasons: dict[int, defaultdict[str, float]] = {}
    own = own_evidence(gaz, name)
    total = sum(context.countries.values()) - sum(own.values())
    for place in pool:
        why: defaultdict[str, float] = defaultdict(float)
        base = math.log10(gaz.population[place] + 100) + KIND_BONUS[gaz.kind[place]]
        if normalise(gaz.names[place]) != name.key:
            base -= ALT_NAME_PENALTY
        if place in gaz.capitals:
            base += CAPITAL_BONUS
        country = gaz.country[place]
        if total > 0:
            share = (context.countries[country] - own[country]) / total
            why["context"] += COUNTRY_SUPPORT * max(0.0, share)
        region = gaz.region_of(place)
        if region is not None and region != place and context.regions[region] > 0:
            why["context"] += REGION_SUPPORT
        if context.dateline is not None and dateline_holds(gaz, context.dateline, place):
            why["dateline"] += DATELINE_SUPPORT
        if context.site_country and country == context.site_country:
            why["site country"] += SITE_SUPPORT
        why["context"] += coherence(gaz, place, name.key, context.pools)
        if context.anchors and gaz.kind[place] >= ADMIN2:
            near = nearest_km(gaz, place, name.key, context.anchors)
            why["context"] += NEAR_BONUS if near < NEAR_KM else AROUND_BONUS if near < AROUND_KM else 0.0
        elif context.anchors and gaz.kind[place] in (COUNTRY, ADMIN1) and holds_anchor(gaz, place, name.key, context.anchors):
            why["context"] += HOLDS_BONUS
        bases[place] = base
        scores[place] = base + sum(why.values())
        reasons[place] = why
    ranked = sorted(scores, key=lambda p: (-scores[p], -gaz.population[p]))
    best = ranked[0]
    margin = scores[best] - scores[ranked[1]] if len(ranked) > 1 else 5.0
    name.pick, name.scores = best, scores
    name.confidence = round(1 / (1 + math.exp(-margin)), 3)
    if name.qualifier:
        name.signal = "qualifier"
    elif best == max(bases, key=bases.__getitem__) or not any(reasons[best].values()):
        name.signal = "population"  # size and kind alone pick it
    else:
        name.signal = max(reasons[best], key=reasons[best].__getitem__)


def own_evidence(gaz: Gazetteer, name: Name) -> defaultdict[str, float]:
    """The country evidence this name gave itself, so that it does not vote for its own reading."""
    pool = name.qualifier or name.candidates
    countries = {gaz.country[p] for p in pool if gaz.country[p]}
    top = by_population(gaz, pool)
    own: defaultdict[str, float] = defaultdict(float)
    if len(countries) == 1:
        own[next(iter(countries))] += 1.0
    elif top is not None and gaz.kind[top] == COUNTRY:
        own[gaz.country[top]] += 0.5
    return own


def dateline_holds(gaz: Gazetteer, dateline: int, place: int) -> bool:
    """Whether `place` is the dateline place or lies in its country or region."""
    if place == dateline:
        return True
    if gaz.kind[place] == COUNTRY:
        return gaz.country[place] == gaz.country[dateline]
    return gaz.country[place] == gaz.country[dateline] and gaz.admin1[place] == gaz.admin1[dateline]


def holds_anchor(gaz: Gazetteer, place: int, key: str, anchors: list[tuple[str, int]]) -> bool:
    """Whether a town or county the article names lies in this country or region."""
    for anchor_key, anchor in anchors:
        if anchor_key != key and gaz.kind[anchor] >= ADMIN2 and gaz.country[anchor] == gaz.country[place] and (
                gaz.kind[place] == COUNTRY or gaz.admin1[anchor] == gaz.admin1[place]):
            return True
    return False


def nearest_km(gaz: Gazetteer, place: int, key: str, anchors: list[tuple[str, int]]) -> float:
    best = math.inf
    lat, lon = gaz.lat[place], gaz.lon[place]
    for anchor_key, anchor in anchors:
        if anchor_key == key or gaz.kind[anchor] <= ADMIN1:
            continue
        if abs(gaz.lat[anchor] - lat) > 3 or abs(gaz.lon[anchor] - lon) > 4:
            continue
        best = min(best, distance_km(lat, lon, gaz.lat[anchor], gaz.lon[anchor]))
    return best
