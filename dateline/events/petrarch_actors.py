"""Actor phrases of a parsed sentence coded with TABARI actors and agents dictionaries.

Dictionary names are found in the sentence's words, longest first; a noun phrase's code is its
first actor's code (the one in force on the record's date) with the phrase's agents added: a
suffix agent (`[~GOV]`) after it, a prefix agent (`[NGO~]`) before it, a code already there not
repeated; agents with no actor give `---` plus their codes. Coordinated actors (`A and B`) give
one code each; a conjunct with agents only takes its siblings' actor (`Danish media and
government`), the way a reader distributes shared modifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from .tabari import Actor, Agent, Words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

T = TypeVar("T")
# Dependencies that leave a noun phrase: another conjunct, a clause, an apposition.
OUTSIDE_PHRASE = {"conj", "cc", "preconj", "relcl", "acl", "appos", "punct", "advcl", "ccomp", "parataxis", "mark"}
# Dependencies that keep a word inside its head's noun phrase when climbing to the head.
INSIDE_PHRASE = {"compound", "amod", "nmod", "poss", "det", "nummod", "case", "flat", "quantmod", "predet", "npadvmod"}


def split_word(word: str) -> list[str]:
    """A dictionary word cut the way spaCy's English tokenizer cuts text (hyphens, n't, 's)."""
    if word.endswith("N'T") and len(word) > 3:
        return [word[:-3], "N'T"]
    if word.endswith("'S") and len(word) > 2:
        return [word[:-2], "'S"]
    parts = re.split(r"(?<=[A-Z0-9])(-)(?=[A-Z0-9])", word)
    return [p for p in parts if p]


def tokens_of(words: Words) -> Words:
    return tuple(p for w in words for p in split_word(w))


class PhraseIndex(Generic[T]):
    """Word sequences to payloads, looked up longest first at a position of a sentence."""

    def __init__(self) -> None:
        self._by_first: dict[str, dict[Words, list[T]]] = {}

    def add(self, words: Words, payload: T) -> None:
        """A name; a name given twice keeps both payloads (production files repeat names)."""
        words = tokens_of(words)
        if words:
            self._by_first.setdefault(words[0], {}).setdefault(words, []).append(payload)

    def longest(self, words: Sequence[str], i: int) -> tuple[int, list[T]] | None:
        """(length, payloads) of the longest entry starting at words[i]."""
        best: tuple[int, list[T]] | None = None
        for entry, payloads in self._by_first.get(words[i], {}).items():
            n = len(entry)
            if (best is None or n > best[0]) and tuple(words[i:i + n]) == entry:
                best = (n, payloads)
        return best


def code_on(actors: Sequence[Actor], date: int | None) -> str | None:
    """The code of a name on `date`: a date restriction of any entry with the name that holds,
    else the first entry's plain code."""
    if date is not None:
        for actor in actors:
            for r in actor.restricted:
                if r.holds(date):
                    return r.code
    return next((a.default for a in actors if a.default is not None), None)


def has_code(code: str, part: str) -> bool:
    """Whether `part` is already in `code` at a three-letter boundary (GMWGOV holds GOV, not WGO)."""
    return any(code[i:i + len(part)] == part for i in range(0, len(code), 3))


@dataclass(frozen=True, eq=False)  # one match is one place in the sentence: identity is equality
class Match:
    start: int  # token indices, end exclusive
    end: int
    actors: tuple[Actor, ...] = ()  # the entries with this name (usually one)
    agent: Agent | None = None


@dataclass(frozen=True)
class Coded:
    """One code of a noun phrase, with the tokens it came from."""

    code: str
    head: int  # the phrase head's token index
    tokens: frozenset[int]


class ActorCoder:
    """The actors and agents dictionaries indexed for lookup in a sentence's words."""

    def __init__(self, actors: Iterable[Actor], agents: Iterable[Agent], split_slash: bool) -> None:
        self.actors: PhraseIndex[Actor] = PhraseIndex()
        self.agents: PhraseIndex[Agent] = PhraseIndex()
        for actor in actors:
            for name in actor.names:
                self.actors.add(name, actor)
        for agent in agents:
            for name in agent.names:
                self.agents.add(name, agent)
        self.split_slash = split_slash

    def matches(self, doc: Doc) -> list[Match]:
        """Dictionary names in `doc`, left to right, each the longest at its place (actors win ties)."""
        words = [t.text.upper() for t in doc]
        out: list[Match] = []
        i = 0
        while i < len(words):
            actor = self.actors.longest(words, i)
            agent = self.agents.longest(words, i)
            if actor and (not agent or actor[0] >= agent[0]):
                out.append(Match(i, i + actor[0], actors=tuple(actor[1])))
                i += actor[0]
            elif agent:
                out.append(Match(i, i + agent[0], agent=agent[1][0]))
                i += agent[0]
            else:
                i += 1
        return out


@dataclass
class SentenceActors:
    """The actor and agent matches of one sentence and the phrases they make."""

    doc: Doc
    matches: list[Match]
    date: int | None
    coder: ActorCoder
    new_actor_length: int = 0  # PETRARCH's option: an uncoded phrase this short is an actor, quoted

    def __post_init__(self) -> None:
        self.at: dict[int, Match] = {i: m for m in self.matches for i in range(m.start, m.end)}
        self._coded: dict[int, list[Coded]] = {}  # phrase head → codes; patterns ask again and again

    def phrase_head(self, token: Token) -> Token:
        """The head noun of the phrase `token` is part of (`Osgiliath` in `Osgiliath soldiers` → soldiers)."""
        while token.dep_ in INSIDE_PHRASE and token.head.i != token.i:
            token = token.head
        return token

    def phrase_tokens(self, head: Token, keep_appositions: bool = False) -> list[int]:
        """The head's phrase: its subtree without conjuncts, clauses and appositions."""
        out: list[int] = []
        todo = [head]
        while todo:
            t = todo.pop()
            out.append(t.i)
            # Below the head, coordination stays inside (`the ambassadors of A, B and C`).
            todo.extend(c for c in t.children if c.dep_ not in OUTSIDE_PHRASE
                        or (t.i != head.i and c.dep_ in ("conj", "cc"))
                        or (keep_appositions and c.dep_ == "appos"))
        return sorted(out)

    def conjuncts(self, head: Token) -> list[Token]:
        """`head` and the phrases coordinated with it (`A, B and C`), in sentence order."""
        out = [head]
        todo = [c for c in head.children if self._is_conjunct(head, c)]
        while todo:
            t = todo.pop(0)
            out.append(t)
            todo.extend(c for c in t.children if self._is_conjunct(t, c))
        return sorted(out, key=lambda t: t.i)

    def _is_conjunct(self, head: Token, child: Token) -> bool:
        """A conjunct, or a named apposition in a coordination (a parser's reading of `A, the B, C and D`)."""
        if child.dep_ == "conj":
            return True
        coordinated = any(c.dep_ in ("cc", "conj") for c in [*head.children, *child.children])
        return child.dep_ == "appos" and coordinated and child.i in self.at

    def conjunct_groups(self, head: Token) -> list[tuple[Token, list[int]]]:
        """(token, phrase tokens) for each conjunct of the phrase headed by `head`.

        Two parser misreadings of a coordinated subject are mended: `A and the evil B` read as a
        modifier `A and the evil` of B (the last conjunct then ends with the head), and `A and the
        awful B` with B as an apposition of A (an apposition right after a conjunct belongs to it)."""
        left = next((c for c in head.children if c.dep_ in ("nmod", "compound") and c.i < head.i
                     and any(x.dep_ == "conj" for x in c.children)), None)
        if left is not None:
            chain = self.conjuncts(left)
            outside = {t.i for t in left.subtree}
            own = [i for i in self.phrase_tokens(head) if i not in outside]
            return [(t, self.phrase_tokens(t)) for t in chain[:-1]] + [
                (head, sorted(set(self.phrase_tokens(chain[-1])) | set(own)))]
        groups: list[tuple[Token, list[int]]] = []
        for t in self.conjuncts(head):
            tokens = self.phrase_tokens(t)
            if t.dep_ == "appos" and groups and tokens[0] == groups[-1][1][-1] + 1:
                groups[-1] = (groups[-1][0], sorted(set(groups[-1][1]) | set(tokens)))
                continue
            groups.append((t, tokens))
        return groups

    def code_phrase(self, head: Token) -> list[Coded]:
        """Codes of the phrase headed by `head`, one per coordinated actor."""
        if head.i not in self._coded:
            self._coded[head.i] = self._code_phrase(head)
        return self._coded[head.i]

    def _code_phrase(self, head: Token) -> list[Coded]:
        parts = [(t, tokens, self._code_one(tokens)) for t, tokens in self.conjunct_groups(head)]
        donor = next(((t, tokens, p) for t, tokens, p in parts if p and p[0][1] is not None), None)
        out: list[Coded] = []
        for conjunct, tokens, part in parts:
            if not part:
                out.extend(self._new_actor(conjunct))
                continue
            phrase = frozenset(tokens)
            if part[0][1] is None and donor is not None:  # agents only: the sibling's actor and modifiers are shared
                modifiers = self.modifiers_of(donor[0], donor[1])
                for actor_code, _, _ in donor[2]:
                    code = self._compose(actor_code, modifiers + part[0][2])
                    out.extend(Coded(c, conjunct.i, phrase) for c in self._split(code))
                continue
            for actor_code, _, agents in part:
                out.extend(Coded(c, conjunct.i, phrase) for c in self._split(self._compose(actor_code, agents)))
        return list(dict.fromkeys(out))

    def _new_actor(self, head: Token) -> list[Coded]:
        """The phrase's own words as a quoted actor, when `new_actor_length` allows one this long."""
        if self.new_actor_length <= 0 or head.pos_ not in ("NOUN", "PROPN"):
            return []
        tokens = self.phrase_tokens(head, keep_appositions=True)  # `X's head Minerva McGonagall` is one name
        words = [self.doc[i].text.upper() for i in tokens if self.doc[i].tag_ != "POS" and not self.doc[i].is_punct]
        if not 0 < len(words) <= self.new_actor_length:
            return []
        return [Coded('"' + " ".join(words) + '"', head.i, frozenset(tokens))]

    def _code_one(self, tokens: list[int]) -> list[tuple[str, Actor | None, list[Agent]]]:
        """(actor code, actor, agents) for each actor of one conjunct: its first actor and the actors
        coordinated with that one (`the ambassadors of A, B and C`)."""
        found = list(dict.fromkeys(self.at[i] for i in tokens if i in self.at))
        actors = [m for m in found if m.actors]
        agents = [m.agent for m in found if m.agent is not None]
        if not actors:
            return [("---", None, agents)] if agents else []
        first = actors[0]
        chosen = [first] + [m for m in actors[1:] if self._coordinated(m, first)]
        out: list[tuple[str, Actor | None, list[Agent]]] = []
        for m in chosen:
            code = code_on(m.actors, self.date)
            if code is None:
                continue
            out.append((code, m.actors[0], agents))
        return out

    def modifiers_of(self, head: Token, tokens: list[int]) -> list[Agent]:
        """The agents of a phrase other than its head word's own (`Islamist` in `Islamist media`):
        what a coordinated agent borrows with the actor."""
        out: list[Agent] = []
        for m in dict.fromkeys(self.at[i] for i in tokens if i in self.at):
            if m.agent is not None and not m.start <= head.i < m.end:
                out.append(m.agent)
        return out

    def _coordinated(self, m: Match, first: Match) -> bool:
        """Whether actor match `m` is a conjunct of `first` (`the ambassadors of A, B and C`)."""
        anchor = self.doc[m.end - 1]
        target = range(first.start, first.end)
        t = anchor
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            if t.i in target:
                return True
        return False

    def _compose(self, actor_code: str, agents: list[Agent]) -> str:
        code = actor_code
        prefix = ""
        for agent in dict.fromkeys(agents):
            if has_code(code, agent.code) or has_code(prefix, agent.code):
                continue
            if agent.prefix:
                prefix += agent.code
            else:
                code += agent.code
        return prefix + code

    def _split(self, code: str) -> list[str]:
        """`FRO/BIL/SAM` as three actors when the dictionaries' dialect reads it so (PETRARCH 1)."""
        if self.coder.split_slash and "/" in code:
            return [c for c in code.split("/") if c]
        return [code]

    def coded_phrase_at(self, i: int) -> list[Coded]:
        """Codes of the phrase containing token i, if a name is there."""
        if i not in self.at:
            token = self.doc[i]
            if self.new_actor_length > 0 and token.pos_ in ("NOUN", "PROPN"):
                return self.code_phrase(self.phrase_head(token))
            return []
        return self.code_phrase(self.phrase_head(self.doc[i]))
