"""The role lexicon: titles, groups and institutions with their sector ("foreign minister" -> GOV).

Read once from data/roles.tsv. Terms are lemma sequences as spaCy's English lemmatizer gives them,
so "diplomats" finds "diplomat" and "Foreign Ministers" finds "foreign minister".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "roles.tsv"

STRONG, WEAK, QUALIFIER = "strong", "weak", "qualifier"


@dataclass(frozen=True)
class Role:
    term: str
    sector: str
    role: str  # the canonical role: "foreign minister" for "minister of foreign affairs"
    strength: str  # STRONG | WEAK | QUALIFIER


class RoleLexicon:
    def __init__(self, roles: list[Role]) -> None:
        self.roles = {role.term: role for role in roles}
        for role in roles:  # the tokenizer splits "secretary-general" into "secretary - general"
            if "-" in role.term:
                self.roles.setdefault(role.term.replace("-", " - "), role)
        self.first_words = frozenset(term.split()[0] for term in self.roles)
        self.max_words = max(len(term.split()) for term in self.roles)

    def get(self, term: str) -> Role | None:
        return self.roles.get(term)

    def longest(self, words: Sequence[str], start: int) -> tuple[int, Role] | None:
        """The longest term that starts at words[start]: (its end, the role), or None."""
        if words[start] not in self.first_words:
            return None
        for end in range(min(len(words), start + self.max_words), start, -1):
            role = self.roles.get(" ".join(words[start:end]))
            if role is not None:
                return end, role
        return None


def read_roles(path: Path = DATA) -> list[Role]:
    roles = []
    header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        term, sector, role, strength = (line.split("\t") + [""] * 4)[:4]
        term = term.strip()
        roles.append(Role(term, sector.strip(), role.strip() or term, strength.strip() or STRONG))
    return roles


@cache
def load_roles() -> RoleLexicon:
    """The project's role lexicon, read once per process."""
    return RoleLexicon(read_roles())


GROUPS = Path(__file__).parent / "data" / "actor_groups.tsv"


@dataclass(frozen=True)
class NamedGroup:
    """An armed, political or militant group known by name: "Taliban" is AFG REB."""

    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str


@cache
def load_groups() -> dict[str, NamedGroup]:
    """Each name and alias of the named groups (data/actor_groups.tsv), folded, to its group."""
    from .countries import fold

    groups: dict[str, NamedGroup] = {}
    header = True
    for line in GROUPS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        names, country, sector = (line.split("\t") + [""] * 3)[:3]
        aliases = tuple(n.strip() for n in names.split("|") if n.strip())
        group = NamedGroup(aliases[0], aliases[1:], country.strip(), sector.strip())
        for alias in aliases:
            groups.setdefault(fold(alias), group)
    return groups
