"""Nominal phrases that may name actors, read off a parsed sentence's tokens.

A phrase is a run of nominal tokens ("former US president Joe Biden", "Russian and US diplomats",
"Qatar's emir") cut into pieces: country words (the country table), role words (the role lexicon),
names (proper nouns), honorifics, "former" markers, possessive marks, conjunctions and other words.
Only part-of-speech tags, entity labels and lemmas are read, token by token: no subtree walks, so a
20,000-word sentence costs what twenty 1,000-word ones do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .countries import CountryTable, CountryWord, fold
from .roles import NamedGroup, Role, RoleLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

COUNTRY, ROLE, NAME, HONORIFIC, FORMER, POSSESSIVE, AND, OTHER, GROUP = (
    "country", "role", "name", "honorific", "former", "possessive", "and", "other", "group")

NOMINAL = frozenset({"PROPN", "NOUN", "ADJ", "NUM"})
# Words that say a role has ended ("former US president", "ex-minister", "ousted President").
FORMER_WORDS = frozenset({"former", "ex", "ousted", "deposed", "toppled", "late"})
# Forms of address that stand before a name but are no part of it.
HONORIFICS = frozenset({"sheikh", "shaikh", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame",
                        "lord", "lady", "madam", "mister", "hajji", "haji", "mullah", "highness", "excellency",
                        "majesty"})
_HONORIFIC_STEMS = frozenset(h.rstrip(".") for h in HONORIFICS)
# Small words inside names: "Tamim bin Hamad Al-Thani", "Ludwig van Beethoven", "Jose dos Santos".
NAME_LINKS = frozenset({"bin", "bint", "ibn", "al", "el", "de", "del", "da", "dos", "das", "van", "von", "der",
                        "la", "le", "abu", "-"})
SIDE_WORDS = frozenset({"anti", "pro"})
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
# Entities that are never actors: inside them no country, role or name is read ("10:29 PM" is no premier).
NOT_ACTORS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
MAX_PHRASE_TOKENS = 24  # a longer run is a list or a headline in capitals, not a phrase


@dataclass
class Piece:
    kind: str
    start: int  # token indices into the Doc, [start, end)
    end: int
    country: CountryWord | None = None
    role: Role | None = None
    group: NamedGroup | None = None
    label: str = ""  # the entity label over a name, if any


@dataclass
class Phrase:
    pieces: list[Piece] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end


class TokenFacts:
    """Per token of one Doc: its lemma, the entity over it, the country or role words starting there."""

    def __init__(self, doc: Doc, countries: CountryTable, roles: RoleLexicon,
                 groups: dict[str, NamedGroup] | None = None) -> None:
        self.doc = doc
        n = len(doc)
        # One pass over the tokens: making spaCy Token objects is the dearest part of reading a long Doc.
        self.lemmas: list[str] = []
        self.raw: list[str] = []
        self.lower: list[str] = []
        self.pos: list[str] = []
        self.tag: list[str] = []
        self.spaced: list[bool] = []
        for t in doc:
            lower = t.lower_
            self.lemmas.append(t.lemma_.lower() or lower)
            self.raw.append(t.text)
            self.lower.append(lower)
            self.pos.append(t.pos_)
            self.tag.append(t.tag_)
            self.spaced.append(bool(t.whitespace_))
        self.folded = [w if w.isascii() else fold(w) for w in self.lower]
        self.ent_label = [""] * n
        self.ent_start = list(range(n))
        self.ent_end = list(range(1, n + 1))
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_label[i], self.ent_start[i], self.ent_end[i] = ent.label_, ent.start, ent.end
        self.countries, self.roles = countries, roles
        # Named groups whose names hold role words: "Moro Islamic Liberation Front" is one group, not a front.
        self.group_at: dict[int, tuple[int, NamedGroup]] = {}
        for ent in doc.ents if groups else ():
            group = groups.get(fold(ent.text)) if groups else None
            if group is not None:
                self.group_at[ent.start] = (ent.end, group)
        self._country: dict[int, tuple[int, CountryWord] | None] = {}

    def country_at(self, i: int) -> tuple[int, CountryWord] | None:
        """The longest name in the country table that starts at token i, unless a personal name holds it
        ("Jordan" in "Michael Jordan")."""
        if i in self._country:
            return self._country[i]
        found = self.countries.longest_at(self.folded, self.spaced, self.raw, i, len(self.raw))
        if found is not None and self.ent_label[i] == "PERSON":
            ent_start, ent_end = self.ent_start[i], self.ent_end[i]
            if ent_end - ent_start > found[0] - i and not self._all_country_words(ent_start, ent_end):
                found = None
        self._country[i] = found
        return found

    def sided(self, i: int) -> bool:
        """"anti-Syria", "pro-Russian": the country word says whose side, not whose people it is."""
        if i >= 2 and self.raw[i - 1] == "-" and not self.spaced[i - 2] and not self.spaced[i - 1]:
            return self.lower[i - 2] in SIDE_WORDS
        return i >= 1 and self.lower[i - 1].rstrip("-") in SIDE_WORDS and self.raw[i - 1].endswith("-")

    def _all_country_words(self, start: int, end: int) -> bool:
        """Whether country words fill the span, so that the tagger's "person" is a people ("Bosnian Serbs")."""
        while start < end:
            found = self.countries.longest_at(self.folded, self.spaced, self.raw, start, end)
            if found is None:
                return False
            start = found[0]
        return True

    def role_at(self, i: int) -> tuple[int, Role] | None:
        """The longest role term that starts at token i; not inside a personal name ("Martin Luther King")."""
        found = self.roles.longest(self.lemmas, i)
        if found is None and self.lower[i] != self.lemmas[i]:
            words = self.lower[i:i + self.roles.max_words]
            found = self.roles.longest([w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words], 0)
            found = (found[0] + i, found[1]) if found else None
        if found is not None and self.ent_label[i] == "PERSON" and self.ent_start[i] < i:
            return None
        return found


def _joins(facts: TokenFacts, i: int, end: int) -> bool:
    """Whether token i links the nominal tokens around it: "and" or a hyphen between two of them."""
    if i + 1 >= end or i == 0:
        return False
    near = facts.pos[i + 1] in NOMINAL or facts.lower[i + 1] in FORMER_WORDS
    return facts.pos[i - 1] in NOMINAL and near


def phrases(sent: Span, facts: TokenFacts) -> Iterator[Phrase]:
    """The nominal phrases of one sentence, left to right."""
    doc = facts.doc
    current = Phrase()
    i, end = sent.start, sent.end
    while i < end:
        piece = _piece(doc, i, end, facts)
        if piece is None or (current.pieces and piece.start - current.start > MAX_PHRASE_TOKENS):
            if current.pieces:
                yield current
                current = Phrase()
            i = i + 1 if piece is None else i
            if piece is None:
                continue
        assert piece is not None
        last = current.pieces[-1] if current.pieces else None
        if last is not None and piece.kind == NAME and last.kind == NAME and not _new_name(facts, piece.start):
            last.end = piece.end
        else:
            current.pieces.append(piece)
        i = piece.end
    if current.pieces:
        yield current


def _inside_name(facts: TokenFacts, i: int, end: int) -> bool:
    """A hyphen written tight between two proper nouns ("Al-Thani") belongs to the name."""
    return (0 < i < end - 1 and not facts.spaced[i - 1] and not facts.spaced[i]
            and facts.pos[i - 1] == "PROPN" and facts.pos[i + 1] == "PROPN")


def _new_name(facts: TokenFacts, i: int) -> bool:
    """Whether a name token starts a new entity of a kind that is not a person's (so "NATO Turkey" splits)."""
    return facts.ent_start[i] == i and facts.ent_label[i] in ("GPE", "ORG") and facts.ent_label[i - 1] == "PERSON"


def _piece(doc: Doc, i: int, end: int, facts: TokenFacts) -> Piece | None:
    lower, pos, tag, text, label = facts.lower[i], facts.pos[i], facts.tag[i], facts.raw[i], facts.ent_label[i]
    if label in NOT_ACTORS:
        return Piece(OTHER, i, i + 1) if pos in NOMINAL else None
    if i in facts.group_at:
        end_of_group, group = facts.group_at[i]
        return Piece(GROUP, i, end_of_group, group=group, label=label)
    nominal = pos in NOMINAL or bool(label)  # "forced" (a verb) is no "force"
    country, role = (facts.country_at(i), facts.role_at(i)) if nominal else (None, None)
    if country and facts.sided(i):
        return Piece(OTHER, i, country[0])  # "pro-Iranian Hizbollah" is no Iranian group
    if lower in SIDE_WORDS and i + 1 < end and facts.raw[i + 1] == "-":
        return Piece(OTHER, i, i + 1)
    if country and (not role or country[0] >= role[0]):
        return Piece(COUNTRY, i, country[0], country=country[1])
    if role:
        return Piece(ROLE, i, role[0], role=role[1])
    if lower in FORMER_WORDS:
        return Piece(FORMER, i, i + 1)
    if lower in ("'s", "\u2019s", "'") and tag == "POS":
        return Piece(POSSESSIVE, i, i + 1)
    if text == "-" and i > 0 and facts.lower[i - 1] in FORMER_WORDS:
        return Piece(FORMER, i, i + 1)  # "ex-president"
    if text == "-" and i + 1 < end and facts.lower[i + 1] == "led":
        return Piece(OTHER, i, i + 1)  # "Saudi-led forces" are the Saudi forces ("-backed" says nothing so)
    if text == "-" and _inside_name(facts, i, end):
        return Piece(NAME, i, i + 1, label=label)
    if lower in ("and", "&") or text == "-":
        return Piece(AND, i, i + 1) if _joins(facts, i, end) else None
    if lower.rstrip(".") in _HONORIFIC_STEMS and pos == "PROPN":
        return Piece(HONORIFIC, i, i + 1)
    if pos == "PROPN" or (label in NAME_LABELS and pos not in ("PUNCT", "DET", "ADP", "VERB", "AUX")
                          and not text.islower()):
        return Piece(NAME, i, i + 1, label=label)
    if lower in NAME_LINKS and 0 < i < end - 1 and facts.pos[i - 1] == "PROPN" and facts.pos[i + 1] == "PROPN":
        return Piece(NAME, i, i + 1, label=label)
    if pos in NOMINAL:
        return Piece(OTHER, i, i + 1)
    if tag in ("VBG", "VBN") and _participle_modifier(facts, i, end):
        return Piece(OTHER, i, i + 1)  # "Jordan's visiting King Abdullah", "the exiled leader"
    return None


def _participle_modifier(facts: TokenFacts, i: int, end: int) -> bool:
    """A participle between a determiner or possessive and a noun modifies that noun; after a noun it is
    the verb of a clause ("rebels attacking government forces")."""
    return (i + 1 < end and facts.pos[i + 1] in NOMINAL
            and (i == 0 or facts.pos[i - 1] not in ("NOUN", "PROPN", "PRON", "NUM")))
