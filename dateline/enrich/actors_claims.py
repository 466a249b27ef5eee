"""What one nominal phrase says about the actors it names: claims of name, role, country and sector.

"former US president Joe Biden" claims a person named Joe Biden, role president, country USA, former;
"Russian and US diplomats" claims two groups, RUS and USA, both diplomats (GOV); "Qatar's emir" a
nameless person, emir of QAT. Claims hold the in-text evidence only; actors_book.py joins them to
actors across the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actors_phrases import AND, COUNTRY, FORMER, GROUP, HONORIFIC, NAME, OTHER, POSSESSIVE, ROLE, Phrase, Piece
from .countries import CAPITAL, DEMONYM, SEAT, fold
from .countries import NAME as OWN_NAME
from .roles import QUALIFIER, WEAK, NamedGroup, Role, load_roles

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Role words that name a body rather than one person: "the government", "the army", "Turkey's foreign ministry".
BODY_WORDS = frozenset({
    "government", "administration", "cabinet", "ministry", "authority", "presidency", "embassy", "consulate",
    "state", "military", "army", "force", "navy", "police", "patrol", "gendarmerie", "intelligence", "service",
    "agency", "court", "tribunal", "judiciary", "parliament", "legislature", "senate", "assembly", "party",
    "insurgency", "opposition", "company", "firm", "corporation", "bank", "newspaper", "paper", "broadcaster",
    "television", "radio", "population", "clergy", "church", "mosque", "university", "school", "hospital",
    "union", "gang", "regime", "junta", "delegation", "militia", "front", "artillery", "office", "department",
    "peacekeeping", "forces", "authorities", "troops", "peacekeepers", "rebels", "refugees", "armed forces",
    "security forces", "organization", "organisation", "group", "movement", "faction", "network"})
# Words that make a demonym before them an ethnic group rather than a nationality.
PEOPLE_ROLES = frozenset({"population"})
# Places that CAMEO codes as their people (CVL) when a country names them: "Iraqi towns", "a Bosnian village".
PLACE_ROLES = frozenset({"town", "village"})
# Prepositions before a place that make it the place of something rather than an actor ("talks in Moscow").
LOCATIVE = frozenset({"in", "at", "to", "from", "into", "near", "outside", "inside", "across", "around", "via",
                      "through", "toward", "towards", "throughout", "within", "over", "on"})


@dataclass
class Claim:
    start: int  # token indices of the mention
    end: int
    kind: str  # person | group | organisation | state | place
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    former: bool = False
    signal: str = "ner"
    confidence: float = 0.5
    titled: bool = False  # a role, title or honorific stands before the name
    definite: bool = False  # "the minister"
    plural: bool = False
    label: str = ""  # the NER label over a name
    country_fixed: bool = False  # the phrase itself names the country


def sector_of(roles: list[Role]) -> tuple[str | None, str | None]:
    """The sector and the canonical role of a phrase's role words: the last one heads; a weak head
    ("leader", "official") takes the sector of a stronger word before it ("rebel leaders" are REB)."""
    if not roles:
        return None, None
    head = roles[-1]
    if head.strength == WEAK:
        for role in reversed(roles[:-1]):
            if role.strength != WEAK:
                return role.sector or None, head.role
    return head.sector or None, head.role


def _text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def read_phrase(phrase: Phrase, doc: Doc, groups: dict[str, NamedGroup]) -> list[Claim]:
    """The claims of one phrase: possessor and possessed read apart, conjuncts that share a head split."""
    pieces = phrase.pieces
    marks = [k for k, p in enumerate(pieces) if p.kind == POSSESSIVE]
    if marks:
        cut = marks[-1]
        owners = read_pieces(pieces[:cut], doc, groups)
        owned = [p for p in pieces[cut + 1:] if p.kind != POSSESSIVE]
        if not any(p.kind in (ROLE, NAME) for p in owned):
            return owners
        owned_claims = read_pieces(owned, doc, groups)
        if not owned_claims:  # "Algeria's first multi-party elections"
            return owners
        owner = owners[-1] if owners else None
        if owner is not None and owner.kind == "person" and owner.country:
            for claim in owned_claims:  # "former US president Joe Biden's administration"
                if claim.country is None and claim.kind == "group":
                    claim.country, claim.country_fixed, claim.signal = owner.country, True, "possessive"
        if owner is not None and owner.kind == "group" and owner.sector:
            for claim in owned_claims:  # "the party's leader" is PTY, "the rebels' commander" REB
                if claim.kind == "person" and claim.role and _weak_or_none([load_roles().get(claim.role)]):
                    claim.sector = owner.sector
        if owner is not None and owner.kind == "person":
            for claim in owned_claims:  # the phrase names the group: "Zoran Djindjic's opposition coalition"
                if claim.kind == "group":
                    claim.start = owner.start
            return owners + owned_claims
        if owner is not None and owner.kind in ("state", "organisation", "group") and owner.country:
            for claim in owned_claims:  # a country's own branch of a group: "Iraq's al-Qaeda frontman" is IRQ
                if (claim.country is None or claim.signal == "organisation") and claim.kind in ("person", "group"):
                    claim.country, claim.country_fixed, claim.signal = owner.country, True, "possessive"
                    claim.start, claim.confidence = owner.start, 0.9
            return owned_claims
        return owners + owned_claims
    return read_pieces(pieces, doc, groups)


def read_pieces(pieces: list[Piece], doc: Doc, groups: dict[str, NamedGroup]) -> list[Claim]:
    segments: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.kind == AND:
            segments.append([])
        else:
            segments[-1].append(piece)
    segments = [s for s in segments if s]
    # "Russian and US diplomats": country-only conjuncts share the head of the last one.
    if len(segments) > 1 and all(all(p.kind in (COUNTRY, OTHER) for p in s) for s in segments[:-1]):
        last = read_segment(segments[-1], doc, groups)
        head = last[-1] if last else None
        if head is not None and head.kind == "group" and head.country_fixed and head.signal == "title":
            shared = []
            for segment in segments[:-1]:
                for piece in segment:
                    if piece.kind == COUNTRY and piece.country is not None:
                        shared.append(Claim(piece.start, piece.end, "group", country=piece.country.country.code,
                                            sector=head.sector, role=head.role, former=head.former,
                                            signal="demonym", confidence=0.85, plural=True, country_fixed=True))
            return shared + last
    claims = []
    for segment in segments:
        claims.extend(read_segment(segment, doc, groups))
    return claims


def read_segment(pieces: list[Piece], doc: Doc, groups: dict[str, NamedGroup]) -> list[Claim]:
    heads = [k for k, p in enumerate(pieces) if p.kind in (NAME, ROLE, COUNTRY, GROUP)]
    if not heads:
        return []
    head = pieces[heads[-1]]
    if head.kind == GROUP:
        assert head.group is not None
        group = head.group
        return [Claim(pieces[0].start if pieces[0].kind != OTHER else head.start, head.end, "group",
                      name=group.name, country=group.country, sector=group.sector, signal="organisation",
                      confidence=0.8, country_fixed=True, label=head.label)]
    former = any(p.kind == FORMER for p in pieces)
    start = next((p.start for p in pieces if p.kind != OTHER or p.kind == FORMER), pieces[0].start)
    before = pieces[:heads[-1]]
    roles = [p.role for p in before if p.kind == ROLE and p.role is not None]
    # "ethnic Albanian guerrillas": a people's name, not a nationality; where they are is for the context
    countries = [p for p in before if p.kind == COUNTRY and not _ethnic(doc, p)]
    if head.kind == ROLE and head.role is not None and head.role.role in PEOPLE_ROLES:
        # "the Albanian population": a people, living where the context says
        countries = [p for p in countries if p.country is not None and p.country.how != DEMONYM]
    owners = [p.group for p in before if p.kind == GROUP and p.group is not None]
    if head.kind == NAME:
        # a word that only ever modifies is no title: "Terror Level" is no terrorist named Level
        titles = [r for r in roles if r.strength != QUALIFIER and r.role not in PLACE_ROLES]
        claims = _named(head, pieces, before, titles, countries, former, start, doc, groups)
        if owners and claims and claims[-1].kind == "person" and _weak_or_none(titles):
            # "Hamas leader X", "the al-Qaeda frontman X": a member of the group, of its sector
            claim = claims[-1]
            claim.sector = owners[-1].sector or claim.sector
            if claim.country is None:
                claim.country, claim.country_fixed, claim.signal = owners[-1].country, True, "organisation"
        return claims
    if head.kind == ROLE:
        assert head.role is not None
        # a role word used as an adjective before other words only describes them: "the general public"
        # as is a word that only ever modifies ("terror" in "the terror level")
        modifies = (doc[head.start].pos_ == "ADJ" or head.role.strength == QUALIFIER) \
            and any(p.kind == OTHER for p in pieces[heads[-1] + 1:])
        if modifies and not countries and not owners:
            return []
        if head.role.role in PLACE_ROLES and not countries:
            return []  # "left town": a place; "Iraqi towns" are their people
        sector, role = sector_of([*roles, head.role])
        plural = doc[head.end - 1].tag_ in ("NNS", "NNPS")
        body = plural or head.role.role.split()[-1] in BODY_WORDS or head.role.term.split()[-1] in BODY_WORDS
        claim = Claim(start, head.end, "group" if body else "person", sector=sector, role=role, former=former,
                      signal="title", confidence=0.6 if modifies else 0.8, titled=True, plural=plural)
        names = [p for p in before if p.kind == NAME]
        if sector is None and not (names or countries or owners):
            return []  # "a human rights group": no country, no sector, nothing to code
            claim.name = _text(doc, names[0].start, names[-1].end) + " " + _text(doc, head.start, head.end)
        if countries:
            _take_country(claim, countries)
        elif any(r.role in ("peacekeeper", "peacekeepers") for r in (*roles, head.role)) and not owners:
            # peacekeepers no country names serve an intergovernmental body (CAMEO: PEACEKEEPING_TROOPS IGO)
            claim.country, claim.country_fixed = "IGO", True
        elif head.role.sector == "NGO" and not owners:  # "a human rights group": CAMEO's unnamed NGO
            claim.country, claim.country_fixed = "NGO", True
        elif owners:  # "Hamas leaders", "al-Qaeda fighters": the group's country and sector
            claim.country, claim.country_fixed, claim.signal = owners[-1].country, True, "organisation"
            if head.role.strength == WEAK:
                claim.sector = owners[-1].sector
        return [claim]
    locative = _locative(doc, pieces[0].start)
    return _countries([p for p in pieces if p.kind == COUNTRY], pieces, doc, locative)


def _named(head: Piece, pieces: list[Piece], before: list[Piece], roles: list[Role], countries: list[Piece],
           former: bool, start: int, doc: Doc, groups: dict[str, NamedGroup]) -> list[Claim]:
    text = _text(doc, head.start, head.end)
    if any(c.isdigit() for c in text):
        return []
    group = groups.get(fold(text))
    if group is not None:
        return [Claim(start, head.end, "group", name=group.name, country=group.country, sector=group.sector,
                      signal="organisation", confidence=0.8, country_fixed=True, label=head.label)]
    titled = bool(roles) or any(p.kind == HONORIFIC for p in before)
    if head.label == "NORP" and not titled:  # a people: "Iraqi Kurds", "Shiites"
        claim = Claim(start, head.end, "group", name=text, sector="CVL", signal="ner", confidence=0.5,
                      plural=True, label=head.label)
        if countries:
            word = countries[0].country
            assert word is not None
            claim.country, claim.country_fixed, claim.signal, claim.confidence = word.country.code, True, "demonym", 0.7
        return [claim]
    if head.label in ("GPE", "LOC", "FAC") and not titled:
        return [Claim(head.start, head.end, "place", name=text, label=head.label, confidence=0.3)]
    # A name the tagger leaves unlabelled after a country word is an institution: "the Kenya Anti-Corruption
    # Commission"; people are tagged.
    unlabelled_institution = head.label == "" and bool(countries) and not roles
    kind = "organisation" if (head.label == "ORG" or unlabelled_institution) and not titled else "person"
    sector, role = sector_of(roles)
    claim = Claim(start if (roles or countries) else head.start, head.end, kind, name=text, sector=sector,
                  role=role, former=former, signal="title" if roles else "demonym" if countries else "ner",
                  confidence=0.9 if roles else 0.4, titled=titled, label=head.label)
    if countries:
        _take_country(claim, countries)
    return [claim]


def _take_country(claim: Claim, countries: list[Piece]) -> None:
    """The country of a titled phrase: the country word nearest its head ("U.S. Secretary of State")."""
    word = countries[-1].country
    assert word is not None
    claim.country, claim.country_fixed = word.country.code, True
    if word.how == SEAT and word.sector and claim.sector is None:
        claim.sector = word.sector


def _countries(found: list[Piece], pieces: list[Piece], doc: Doc, locative: bool) -> list[Claim]:
    """Country words with no role or name to attach to: the states, organisations and capitals themselves.
    Adjacent ones are one actor named by the first ("Bosnian Serbs" is BIH)."""
    claims: list[Claim] = []
    last_end = -1
    modifier = pieces[-1].kind == OTHER  # "US foreign policy": the country word only modifies
    for piece in found:
        word = piece.country
        assert word is not None
        if piece.start == last_end and claims:
            claims[-1].end = last_end = piece.end
            if doc[piece.end - 1].tag_ in ("NNS", "NNPS") and piece is found[-1] and not modifier:
                claims[-1].kind, claims[-1].sector, claims[-1].plural = "group", "CVL", True  # "Bosnian Serbs"
                claims[-1].signal, claims[-1].confidence = "demonym", 0.7
            continue
        last_end = piece.end
        code, country = word.country.code, word.country
        claim = Claim(piece.start, piece.end, "state" if country.kind == "state" else "organisation",
                      name=country.name, country=code, signal="country", confidence=0.9, country_fixed=True)
        if country.kind != "state":
            claim.signal = "organisation"
            if word.how == OWN_NAME and country.sector:  # "the UN refugee agency" is REF, "NATO" MIL
                claim.sector = country.sector
        if word.how == DEMONYM:
            claim.signal, claim.confidence = "demonym", 0.5
            if piece.start > 0 and doc[piece.start - 1].lower_ == "ethnic":
                # "ethnic Albanians in Serbia": a people, not a state; where they live is for the context
                claims.append(Claim(piece.start, piece.end, "group", sector="CVL", signal="demonym",
                                    confidence=0.5, plural=True))
                continue
            if doc[piece.end - 1].tag_ in ("NNS", "NNPS") and piece is found[-1] and not modifier:
                claim.kind, claim.sector, claim.plural, claim.confidence = "group", "CVL", True, 0.7
        elif word.how in (CAPITAL, SEAT):
            if locative and word.how == CAPITAL:
                claim.signal, claim.confidence = "place", 0.4
            else:
                claim.signal, claim.confidence, claim.sector = "metonym", 0.7, word.sector or "GOV"
                claim.kind = "group" if country.kind == "state" else claim.kind
                claim.name = None  # the actor is the government ("Russia GOV"), not the city
        if modifier and claim.signal in ("country", "organisation"):
            claim.confidence = 0.5
        claims.append(claim)
    return claims


def _weak_or_none(roles: Sequence[Role | None]) -> bool:
    """Whether a phrase's role words name no sector of their own: none, or only weak ones ("leader")."""
    return all(role is None or role.strength == WEAK for role in roles)


def _ethnic(doc: Doc, piece: Piece) -> bool:
    assert piece.country is not None
    return piece.country.how == DEMONYM and piece.start > 0 and doc[piece.start - 1].lower_ == "ethnic"


def _locative(doc: Doc, start: int) -> bool:
    if start == 0:
        return False
    k = start - 1
    if k > 0 and doc[k].lower_ == "the":
        k -= 1
    return doc[k].lower_ in LOCATIVE
