"""Places in an article: the names spaCy and the gazetteer find, each geocoded to a GeoNames place.

`resolve_places(doc, dateline_place=, site_country=)` reads one parsed article (the Doc that
actors and quotes share): spaCy's GPE and LOC entities are the names; a PERSON or ORG entity
that the gazetteer knows becomes a place when its context says so ("in Kenner", "a Doha-based
firm", "Macon, Ga.", the dateline); nationalities (NORP) are not places. Each name is then resolved
by places_rank.py. `resolve_spans(text, spans)` resolves names a caller has found (the benchmark's
gold spans); there a nationality given as a place ("American") means its country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import PLACE_KINDS, Place, PlaceMention
from .gazetteer import ADMIN1, CITY, COUNTRY, Gazetteer, load_gazetteer, normalise, short_form
from .places_rank import Name, by_population, resolve_names

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PLACE_LABELS = ("GPE", "LOC")
RELABELLED = ("PERSON", "ORG", "FAC", "NORP")  # what spaCy's small model calls a town it does not know
# Words before a name that make it a place ("in Kenner", "near Alexandria").
PLACE_BEFORE = frozenset("in at near from to outside across into throughout around toward towards via".split())
MAX_NAMES = 2000  # a page is not a gazetteer: past this many names the rest are left unresolved
MAX_NAME_CHARS = 80
WELL_KNOWN = 100_000  # a town the tagger missed is taken for a place only when it is this big
# ", Texas" / ", Ga." / ", Saudi Arabia" right after a name: its qualifier.
QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z][\w'’-]*\.?|of|the|[A-Z]\.)(?:\s?(?:[A-Z][\w'’-]*\.?|of|the|[A-Z]\.)){0,3})")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
# Names the gazetteer lacks that are built on one it has (see _part_of), in normalised form.
PART_SUFFIXES = frozenset("township twp station valley province region district village city delta".split())
PART_PREFIXES = frozenset("north south east west northern southern eastern western central greater downtown "
                          "n s e w".split())
FEATURE_WORDS = frozenset("coast side end shore bank sea ocean river lake island islands mountains plains valley "
                          "county city".split())
PART_TOWN = 1000  # a town taken for "<town> Township" or "<town> Station" is at least this big
DERIVED = (("ian", ("ia", "io", "")), ("an", ("a", "as", "")), ("er", ("",)), ("i", ("",)), ("n", ("",)))
APPROXIMATE = 0.6  # the confidence of a place found for a name built on its name


@dataclass
class ResolvedPlaces:
    mentions: list[PlaceMention]
    focus: Place | None


def resolve_places(doc: Doc, *, dateline_place: str | None = None, site_country: str | None = None) -> ResolvedPlaces:
    """The place names in a parsed article, geocoded, and the article's focus place.

    `dateline_place` is the place printed before the story ("DOHA"), `site_country` the ISO code
    (alpha-2 or alpha-3) of the country the site is from, when known.
    """
    gaz = load_gazetteer()
    found = detect(doc, gaz, dateline_place)
    return _resolve(gaz, doc.text, found, dateline_place, site_country)


def resolve_spans(text: str, spans: list[tuple[int, int]], *, dateline_place: str | None = None,
                  site_country: str | None = None) -> ResolvedPlaces:
    """Geocode place names found by someone else, given as (start, end) offsets into `text`."""
    gaz = load_gazetteer()
    found = [(start, end, "gold") for start, end in spans]
    return _resolve(gaz, text, found, dateline_place, site_country, demonyms=True)


def detect(doc: Doc, gaz: Gazetteer, dateline_place: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, how) of each place name in the Doc."""
    found: list[tuple[int, int, str]] = []
    dateline_key = normalise(dateline_place) if dateline_place else None
    # one name, one sense: a name the tagger calls a place once is a place wherever it stands
    tagged = {normalise(e.text) for e in doc.ents if e.label_ in PLACE_LABELS}
    # words of the people the text names in full: "Obama" after "Barack Obama" is the man
    people = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    whole = doc.text  # once: spaCy joins every token each time it is asked for
    for ent in doc.ents:
        if len(found) >= MAX_NAMES:
            break
        text = ent.text
        if ent.label_ in PLACE_LABELS:
            key = normalise(text)
            if key in gaz.demonyms and not gaz.lookup(text):
                continue  # "Russian" tagged as a place
            found.extend(_split_listed(ent, gaz))
        elif ent.label_ in RELABELLED and _could_be_place(ent, gaz, people) and (
                (ent.label_ != "NORP" and normalise(text) in tagged) or _reads_as_place(ent, gaz, dateline_key, whole)):
            found.append((ent.start_char, ent.end_char, "ner relabelled"))
    found.extend(_untagged(doc, gaz, {start for start, _, _ in found}, tagged))
    return [_trimmed(whole, start, end, how) for start, end, how in found]


def _trimmed(text: str, start: int, end: int, how: str) -> tuple[int, int, str]:
    """A name without a leading "the" or a trailing possessive: "the United States", "Boone County's"."""
    name = text[start:end]
    if (the := _LEADING_THE.match(name)) and end - start - the.end() > 2:
        start += the.end()
    if name.endswith(("'s", "’s")) and end - start > 4:
        end -= 2
    return start, end, how


def _untagged(doc: Doc, gaz: Gazetteer, known: set[int], tagged: set[str]) -> list[tuple[int, int, str]]:
    """Proper nouns the tagger left out that the gazetteer knows as a well-known place, where the
    words around them say place ("between Moscow and Kyiv", "in Kyiv"), or that it tags as a place
    elsewhere in the text."""
    out: list[tuple[int, int, str]] = []
    for token in doc:
        if len(out) >= MAX_NAMES:
            break
        if token.ent_type_ or token.pos_ != "PROPN" or not token.is_title or token.idx in known:
            continue
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # part of a longer name the tagger did not take as a place
        if token.i > 0 and doc[token.i - 1].pos_ == "PROPN":
            continue
        if normalise(token.text) in tagged and gaz.lookup(token.text):
            out.append((token.idx, token.idx + len(token.text), "gazetteer"))
            continue
        places = [p for p in gaz.lookup(token.text)
                  if gaz.kind[p] in (COUNTRY, ADMIN1) or gaz.population[p] >= WELL_KNOWN]
        if not places or token.text.casefold() in gaz.demonyms:
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after_place = before is not None and before.lower_ in ("and", "or") and token.i > 1 and \
            doc[token.i - 2].ent_type_ in PLACE_LABELS
        if after_place or (before is not None and before.lower_ in PLACE_BEFORE and before.pos_ == "ADP"):
            out.append((token.idx, token.idx + len(token.text), "gazetteer"))
    return out


def _split_listed(ent: Span, gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """An entity "Paris, Texas" as its two names, each resolved (the second qualifies the first)."""
    text = ent.text
    if "," in text and not gaz.lookup(text):
        out = []
        at = ent.start_char
        for part in text.split(","):
            stripped = part.strip()
            if stripped:
                begin = at + part.index(stripped)
                out.append((begin, begin + len(stripped), "ner"))
            at += len(part) + 1
        return out
    return [(ent.start_char, ent.end_char, "ner")]


def _could_be_place(ent: Span, gaz: Gazetteer, people: set[str]) -> bool:
    """Whether the gazetteer knows the entity as a place and the text does not name it as someone:
    a surname of a person named in full, an acronym that is no country's or state's ("CDC")."""
    candidates = gaz.lookup(ent.text)
    if not candidates or (len(ent) == 1 and ent[0].lower_ in people):
        return False
    return not _abbreviated(ent.text) or any(gaz.kind[p] in (COUNTRY, ADMIN1) for p in candidates)


def _reads_as_place(ent: Span, gaz: Gazetteer, dateline_key: str | None, text: str) -> bool:
    """Whether the words around an entity spaCy took for a person or organisation make it a place
    (`text`: the Doc's text)."""
    doc = ent.doc
    if ent.label_ == "NORP" or normalise(ent.text) in gaz.demonyms:
        return False
    if dateline_key and normalise(ent.text) == dateline_key and ent.start_char < 200:
        return True
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in PLACE_BEFORE and (before != "to" or doc[ent.start - 1].pos_ == "ADP"):  # not "to Lavrov's aide"
        return True
    after = text[ent.end_char:ent.end_char + 8]
    if after.startswith(("-based", "-born", "–based")):
        return True
    qualifier = QUALIFIER.match(text, ent.end_char)
    return bool(qualifier and any(gaz.kind[p] in (COUNTRY, ADMIN1) for p in gaz.lookup(qualifier.group(1))))


def _resolve(gaz: Gazetteer, text: str, found: list[tuple[int, int, str]], dateline_place: str | None,
             site_country: str | None, demonyms: bool = False) -> ResolvedPlaces:
    names: list[Name] = []
    how: list[str] = []
    inexact: set[int] = set()
    for start, end, detected_by in sorted(found)[:MAX_NAMES]:
        surface = text[start:end]
        lookup = _LEADING_THE.sub("", surface)[:MAX_NAME_CHARS]
        candidates = gaz.lookup(lookup)
        key = normalise(lookup)
        if demonyms and key in gaz.demonyms:  # a nationality given as a place means its country
            candidates = (gaz.demonyms[key],)
        if not candidates and key.endswith(" s"):  # "Turkey's"
            candidates = gaz.lookup(lookup[:-2])
        approximate = not candidates
        if not candidates:
            candidates = _part_of(gaz, key, demonyms)
        if _abbreviated(lookup):  # "US", "N.Y.", "EU": a country or a state, not the town Eu
            candidates = tuple(p for p in candidates if gaz.kind[p] in (COUNTRY, ADMIN1))
        names.append(Name(start, end, surface, key, candidates))
        how.append(detected_by)
        if approximate and candidates:
            inexact.add(len(names) - 1)
    _qualify(gaz, text, names)
    dateline = _dateline(gaz, dateline_place, site_country)
    resolve_names(gaz, names, dateline, _alpha2(gaz, site_country))
    for i in inexact:  # the place holds or names what was meant, it is not it
        names[i].confidence = round(names[i].confidence * APPROXIMATE, 3)
    mentions = [PlaceMention(n.start, n.end, n.text, place=_place(gaz, n.pick) if n.pick is not None else None,
                             signal=n.signal, confidence=n.confidence, detected_by=d)
                for n, d in zip(names, how, strict=True)]
    focus = _focus(mentions, dateline_place)
    return ResolvedPlaces(mentions, focus)


def _part_of(gaz: Gazetteer, key: str, derived: bool) -> tuple[int, ...]:
    """For a name the gazetteer lacks, the places of the name it is built on: "Readington Township",
    "Greer Station" and "Salinas Valley" are at their town, "South Los Angeles" and "Northern
    Europe" lie in theirs; where `derived` (names given as places), a people of a region or a
    well-known town ("Ohioans", "Texan", "Dagestani", "Londoners") means it. Only for a name the
    gazetteer does not know at all."""
    words = key.split()
    tries: list[tuple[str, int, bool]] = []  # (name, least population of a town for it, its own name only)
    if len(words) > 1 and words[-1] in PART_SUFFIXES:
        tries.append((" ".join(words[:-1]), PART_TOWN, True))
    if len(words) > 1 and words[0] in PART_PREFIXES:
        tries.append((" ".join(words[1:]), WELL_KNOWN, True))  # a town's quarter is a big town's
    if derived and len(words) == 1 and len(key) > 4:
        tries += [(base, WELL_KNOWN, False) for base in _bases(key[:-1] if key.endswith("s") else key)]
    for attempt, least, own in tries:
        found = gaz.index.get(attempt)
        if found is None or attempt in FEATURE_WORDS:  # "East Coast" is no part of Coast province
            continue
        places = (found,) if isinstance(found, int) else found
        # built on a place's own name, not on an alias: "Central America" is not in the United States
        kept = tuple(p for p in places if (gaz.kind[p] != CITY or gaz.population[p] >= least)
                     and (not own or attempt in (normalise(gaz.names[p]), normalise(short_form(gaz.names[p]) or ""))))
        if kept:
            return kept
    return ()


def _bases(stem: str) -> list[str]:
    """What a word for a people may be made from: "ohioan" ← ohio, "texan" ← texas, "ontarian" ←
    ontario, "dagestani" ← dagestan, "londoner" ← london."""
    out = []
    for ending, bases in DERIVED:
        if stem.endswith(ending) and len(stem) > len(ending) + 2:
            root = stem[: -len(ending)]
            out += [root + b for b in bases]
    return out


def _abbreviated(surface: str) -> bool:
    letters = surface.replace(".", "").replace(" ", "")
    return (len(letters) <= 3 and letters.isupper()) or ("." in surface.rstrip(".") and len(letters) <= 4)


def _qualify(gaz: Gazetteer, text: str, names: list[Name]) -> None:
    """A name followed by ", <region or country>" keeps the candidates that lie there."""
    for name in names:
        match = QUALIFIER.match(text, name.end)
        if not match:
            continue
        words = match.group(1)
        # the longest leading part of ", New South Wales and ..." that names a region or country
        for cut in range(len(words), 0, -1):
            if cut < len(words) and words[cut] not in " .":
                continue
            holders = [p for p in gaz.lookup(words[:cut]) if gaz.kind[p] in (COUNTRY, ADMIN1)]
            if holders:
                break
        else:
            continue
        inside = tuple(c for c in name.candidates if c not in holders and any(_lies_in(gaz, c, h) for h in holders))
        if inside:
            name.qualifier = inside


def _lies_in(gaz: Gazetteer, place: int, holder: int) -> bool:
    if gaz.kind[holder] == COUNTRY:
        return gaz.country[place] == gaz.country[holder]
    return gaz.country[place] == gaz.country[holder] and gaz.admin1[place] == gaz.admin1[holder]


def _dateline(gaz: Gazetteer, dateline_place: str | None, site_country: str | None) -> int | None:
    """The place a dateline names: the biggest of that name (a dateline names a well-known place, or
    one in the site's country)."""
    if not dateline_place:
        return None
    candidates = gaz.lookup(dateline_place.split(",")[0])
    home = _alpha2(gaz, site_country)
    local = tuple(p for p in candidates if home and gaz.country[p] == home and gaz.kind[p] == CITY)
    return by_population(gaz, local or candidates)


def _alpha2(gaz: Gazetteer, code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if code in gaz.countries:
        return code
    return next((c.iso2 for c in gaz.countries.values() if c.iso3 == code), None)


def _place(gaz: Gazetteer, place: int) -> Place:
    iso2 = gaz.country[place] or None
    country = gaz.countries.get(iso2) if iso2 else None
    region = gaz.region_of(place)
    return Place(
        geonameid=gaz.ids[place], name=gaz.names[place], kind=PLACE_KINDS[gaz.kind[place]],
        country=country.iso3 if country else None, country_code=iso2,
        admin1=gaz.names[region] if region is not None else None, admin1_code=gaz.admin1[place] or None,
        lat=gaz.lat[place], lon=gaz.lon[place], population=gaz.population[place])


def _focus(mentions: list[PlaceMention], dateline_place: str | None) -> Place | None:
    """The article's main place: the most named town or region (the dateline's counts once more,
    the first named wins a tie); a country only when the article names no town or region."""
    resolved = [m for m in mentions if m.place is not None]
    if not resolved:
        return None
    local = [m for m in resolved if m.place and m.place.kind in ("city", "admin1", "admin2")] or resolved
    votes: Counter[int] = Counter()
    first: dict[int, int] = {}
    by_id: dict[int, PlaceMention] = {}
    dateline_key = normalise(dateline_place) if dateline_place else None
    for order, mention in enumerate(local):
        assert mention.place is not None
        gid = mention.place.geonameid
        votes[gid] += 1 + (dateline_key is not None and normalise(mention.text) == dateline_key)
        first.setdefault(gid, order)
        by_id.setdefault(gid, mention)
    best = max(votes, key=lambda gid: (votes[gid], -first[gid]))
    for mention in resolved:
        if mention.place is not None and mention.place.geonameid == best:
            mention.focus = True
    return by_id[best].place
