"""Readers for TABARI/PETRARCH-format dictionaries: actors, agents, discards, the coding ontology,
and the text conventions every dictionary file shares (the verbs file: `petrarch_verbs.py`).

The formats are those of the KEDS/TABARI family as PETRARCH 1 and 2 and UD-PETRARCH read them:

- every file: `#` comments to the line's end (not inside `[...]`: `[###]` is a code), `<!-- -->`
  blocks, words joined by `_` or spaces, a trailing `_` (TABARI's "stop") dropped;
- actors: `NAME [CODE]`, synonyms on `+NAME` lines, codes on following lines, a code restricted
  by date (`[CODE >date]`, `[CODE <date]`, `[CODE date-date]`, TABARI's YYMMDD dates too);
- agents: `NAME {PLURALS} [~CODE]` (suffix) or `[CODE~]` (prefix); no braces: the regular plural
  is made, `{}`: none; `!SET! = A, B` substitutions;
- discards: phrases; a leading `+` discards the whole story, none the sentence;
- the PETRARCH internal coding ontology: `CODE:0xVALUE` sums.

A malformed entry raises nothing by itself: it is kept as a `ConfigError` naming the file and line
in `problems`, and the rest of the file loads. `strict=True` raises the first one.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError

Words = tuple[str, ...]


@dataclass(frozen=True)
class DateRestriction:
    """A code that holds only on some dates (YYYYMMDD integers, bounds as TABARI reads them)."""

    code: str
    after: int | None = None  # `>date`: strictly after
    before: int | None = None  # `<date`: strictly before
    start: int | None = None  # `date-date`: inclusive range
    end: int | None = None

    def holds(self, date: int) -> bool:
        if self.after is not None and not date > self.after:
            return False
        if self.before is not None and not date < self.before:
            return False
        if self.start is not None and self.end is not None:
            return self.start <= date <= self.end
        return True


@dataclass
class Actor:
    """One actor entry: its names (the first is the entry's own) and its codes."""

    names: list[Words]
    default: str | None = None
    restricted: list[DateRestriction] = field(default_factory=list)
    line: int = 0

    def code_on(self, date: int | None) -> str | None:
        """The code in force on `date`: the first restriction that holds, else the plain code."""
        if date is not None:
            for r in self.restricted:
                if r.holds(date):
                    return r.code
        return self.default


@dataclass(frozen=True)
class Agent:
    names: tuple[Words, ...]
    code: str  # without the tilde
    prefix: bool  # `[CODE~]`: the code goes before the actor's
    line: int = 0


@dataclass
class ActorDictionary:
    actors: list[Actor] = field(default_factory=list)
    problems: list[ConfigError] = field(default_factory=list)


@dataclass
class AgentDictionary:
    agents: list[Agent] = field(default_factory=list)
    problems: list[ConfigError] = field(default_factory=list)


@dataclass
class Discards:
    sentence: list[Words] = field(default_factory=list)
    story: list[Words] = field(default_factory=list)
    problems: list[ConfigError] = field(default_factory=list)


def read_text(path: Path) -> str:
    """A dictionary file's text, gzipped or not (production dictionaries ship gzipped)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def content_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) without comments: `#` to the line's end, `<!-- ... -->` blocks."""
    out: list[tuple[int, str]] = []
    in_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        stripped = line.strip()
        if stripped.startswith("<!"):
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("#"):
            continue  # a comment line, unlike a blank one, does not end a synset
        out.append((number, strip_comment(line)))
    return out


def strip_comment(line: str) -> str:
    """The line up to a `#` that is not inside brackets (`[###]` is a code, not a comment)."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "#" and depth == 0:
            return line[:i].rstrip()
    return line.rstrip()


def words_of(name: str) -> Words:
    """An entry's words: `_` and spaces both separate, a trailing `_` (TABARI's "stop") is dropped."""
    return tuple(w for w in re.split(r"[\s_]+", name.strip().upper()) if w)


# ---- dates ----

def parse_date(text: str, origin: str) -> int:
    """YYYYMMDD or TABARI's YYMMDD (years before 30 are 20xx) as an integer."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 7, 8):
        raise ConfigError(f"{origin}: bad date {text!r} in a date restriction")
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{2000 + year if year < 30 else 1900 + year}{digits[2:]}"
    elif len(digits) == 7:  # a day lost a digit in some production entries: read it as the first of the month
        digits = digits[:6] + "01"
    return int(digits)


def parse_code(body: str, origin: str) -> DateRestriction:
    """`CODE`, `CODE >date`, `CODE <date` or `CODE date-date` (the text inside the brackets)."""
    body = body.strip()
    m = re.fullmatch(r"(\S*?)\s*([<>])\s*(\d+)", body)
    if m:
        code, sign, date = m.groups()
        if not code:
            raise ConfigError(f"{origin}: date restriction without a code: [{body}]")
        d = parse_date(date, origin)
        return DateRestriction(code, after=d) if sign == ">" else DateRestriction(code, before=d)
    m = re.fullmatch(r"(\S*?)\s*(\d+)\s*-\s*(\d+)", body)
    if m:
        code, a, b = m.groups()
        if not code:
            raise ConfigError(f"{origin}: date restriction without a code: [{body}]")
        return DateRestriction(code, start=parse_date(a, origin), end=parse_date(b, origin))
    if not body or " " in body:
        raise ConfigError(f"{origin}: malformed code [{body}]")
    return DateRestriction(body)


# ---- actors ----

def read_actors(path: Path, strict: bool = False) -> ActorDictionary:
    out = ActorDictionary()
    current: Actor | None = None
    for number, line in content_lines(read_text(path)):
        origin = f"{path.name}:{number}"
        if not line.strip():
            continue
        try:
            current = _actor_line(line, current, out, origin, number)
        except ConfigError as exc:
            if strict:
                raise
            out.problems.append(exc)
    return out


def _actor_line(line: str, current: Actor | None, out: ActorDictionary, origin: str, number: int) -> Actor | None:
    stripped = line.strip()
    codes = re.findall(r"\[([^\]]*)\]", stripped)
    if stripped.count("[") != stripped.count("]"):
        raise ConfigError(f"{origin}: unbalanced brackets in {stripped!r}")
    name = re.sub(r"\[[^\]]*\]", "", stripped).strip()
    if name.startswith("+"):
        if current is None:
            raise ConfigError(f"{origin}: synonym {name!r} before any actor")
        current.names.append(words_of(name[1:]))
    elif name:
        current = Actor(names=[words_of(name)], line=number)
        out.actors.append(current)
    elif current is None:
        raise ConfigError(f"{origin}: code {stripped!r} before any actor")
    for body in codes:
        assert current is not None
        restriction = parse_code(body, origin)
        if restriction == DateRestriction(restriction.code):
            if current.default is None:
                current.default = restriction.code
        else:
            current.restricted.append(restriction)
    return current


# ---- agents ----

def read_agents(path: Path, strict: bool = False) -> AgentDictionary:
    out = AgentDictionary()
    substitutions: dict[str, list[str]] = {}
    for number, line in content_lines(read_text(path)):
        origin = f"{path.name}:{number}"
        stripped = line.strip()
        if not stripped:
            continue
        try:
            if re.match(r"!\w+!\s*=", stripped):
                key, values = stripped.split("=", 1)
                substitutions[key.strip().upper()] = [v.strip().upper() for v in values.split(",") if v.strip()]
                continue
            out.agents.append(_agent_line(stripped, substitutions, origin, number))
        except ConfigError as exc:
            if strict:
                raise
            out.problems.append(exc)
    return out


def _agent_line(line: str, substitutions: dict[str, list[str]], origin: str, number: int) -> Agent:
    m = re.fullmatch(r"(.+?)\s*(\{[^}]*\})?\s*\[\s*([^\]]*?)\s*\]\s*", line)
    if not m or "~" not in m.group(3):
        raise ConfigError(f"{origin}: an agent needs NAME [~CODE] or NAME [CODE~], not {line!r}")
    name, plurals, body = m.groups()
    prefix = body.endswith("~")
    code = body.strip("~ ")
    if not code or "~" in code:
        raise ConfigError(f"{origin}: malformed agent code [{body}]")
    bases = _substituted(name.strip().upper(), substitutions)
    names: list[Words] = [words_of(b) for b in bases]
    if plurals is None:  # no braces: the regular plural is made; `{}` says there is none
        names += [words_of(p) for b in bases for p in [plural_of(b)]]
    else:
        names += [words_of(p) for p in plurals.strip("{}").split()]
    return Agent(tuple(dict.fromkeys(n for n in names if n)), code, prefix, number)


def _substituted(name: str, substitutions: dict[str, list[str]]) -> list[str]:
    for key, values in substitutions.items():
        if key in name:
            return [v for value in values for v in _substituted(name.replace(key, value, 1), substitutions)]
    return [name]


def plural_of(name: str) -> str:
    """The regular English plural of the last word of `name` (PETRARCH makes these for agents)."""
    stem = name.rstrip("_")
    if re.search(r"(S|X|Z|CH|SH)$", stem):
        return stem + "ES"
    if re.search(r"[^AEIOU]Y$", stem):
        return stem[:-1] + "IES"
    if stem.endswith("MAN"):
        return stem[:-3] + "MEN"
    return stem + "S"


# ---- discards ----

def read_discards(path: Path, strict: bool = False) -> Discards:
    out = Discards()
    for _number, line in content_lines(read_text(path)):
        text = line.split(";", 1)[0].strip()
        if not text:
            continue
        if text.startswith("+"):
            out.story.append(words_of(text[1:]))
        else:
            out.sentence.append(words_of(text))
    return out


# ---- the PETRARCH internal coding ontology ----

def read_ontology(path: Path, strict: bool = False) -> dict[str, int]:
    """CAMEO code → PICO value (`CODE:0xA+0xB-0xFFFF # comment`); PETRARCH 2 negates in this space."""
    out: dict[str, int] = {}
    for number, line in content_lines(read_text(path)):
        text = line.strip()
        if not text:
            continue
        code, sep, expression = text.partition(":")
        terms = re.findall(r"([+-]?)\s*0x([0-9A-Fa-f]+)", expression)
        if not sep or not terms:
            if strict:
                raise ConfigError(f"{path.name}:{number}: an ontology line is CODE:0xVALUE, not {text!r}")
            continue
        out.setdefault(code.strip(), sum(int(v, 16) * (-1 if sign == "-" else 1) for sign, v in terms))
    return out
