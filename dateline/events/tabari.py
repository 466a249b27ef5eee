"""Readers for TABARI/PETRARCH-format dictionaries: verbs, actors, agents, discards.

The formats are those of the KEDS/TABARI family as PETRARCH 1 and 2 and UD-PETRARCH read them:

- verbs: synsets (`&NAME` then `+member` lines), verb blocks (`--- NAME [code] ---`, then verb lines
  `WORD {FORMS} [code]`, multi-word verbs with the verb marked `+`, and patterns `- words * words
  [code]`); `_` joins two pattern elements that must be adjacent, a space lets words come between;
  `{...}` and `(...)` (the PETRARCH 2 noun and prepositional phrases) also join their words;
- actors: `NAME [CODE]`, synonyms on `+NAME` lines, codes on following lines, a code restricted
  by date (`[CODE >date]`, `[CODE <date]`, `[CODE date-date]`);
- agents: `NAME {PLURALS} [~CODE]` (suffix) or `[CODE~]` (prefix), `!SET! = A, B` substitutions;
- discards: phrases; a leading `+` discards the whole story, none the sentence.

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


@dataclass(frozen=True)
class Element:
    """One element of a verb pattern: a word, a synset, or a marker (`*`, `$`, `+`, `%`, `^`)."""

    kind: str  # "word" | "synset" | "verb" | "source" | "target" | "compound" | "skip"
    text: str = ""
    joined: bool = False  # must directly follow the previous element (in reading order)
    grouped: bool = False  # joined inside a `{...}` / `(...)` phrase: a determiner may come between
    loose: bool = False  # inside `{...}` before its head noun (the last word): adjectives may come between


@dataclass(frozen=True)
class Pattern:
    lower: tuple[Element, ...]  # before the verb, in sentence order
    upper: tuple[Element, ...]  # after the verb, in sentence order
    code: str
    line: int = 0
    verb_joined: bool = False  # `WORD_*`: the last lower element directly before the verb

    @property
    def weight(self) -> int:
        """How specific the pattern is: its words and markers (TABARI tries longer patterns first)."""
        return len(self.lower) + len(self.upper)


@dataclass(frozen=True)
class Verb:
    """A verb form in a block: the verb word, the words that must precede and follow it."""

    word: str
    before: Words = ()
    after: Words = ()
    code: str | None = None  # the verb line's own code, else the block's


@dataclass
class VerbBlock:
    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    line: int = 0


@dataclass
class VerbDictionary:
    blocks: list[VerbBlock] = field(default_factory=list)
    synsets: dict[str, list[Words]] = field(default_factory=dict)  # members, synsets expanded
    dialect: str = "petrarch1"  # "petrarch2" when patterns use `{}` / `()` phrases
    problems: list[ConfigError] = field(default_factory=list)


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


# ---- verbs ----

BLOCK = re.compile(r"^---\s*(.+?)\s*\[([^\]]*)\]")
CODE_AT_END = re.compile(r"\[([^\]]*)\]\s*$")


def read_verbs(path: Path, strict: bool = False) -> VerbDictionary:
    out = VerbDictionary()
    raw_synsets: dict[str, list[str]] = {}
    block: VerbBlock | None = None
    synset: str | None = None
    for number, line in content_lines(read_text(path)):
        origin = f"{path.name}:{number}"
        stripped = line.strip()
        if not stripped:
            synset = None
            continue
        try:
            if stripped.startswith("&"):
                synset, block = stripped.split()[0].upper().rstrip("_"), None
                raw_synsets[synset] = []
            elif stripped.startswith("+") and synset is not None:
                raw_synsets[synset].append(stripped[1:].strip())
            elif stripped.startswith("---"):
                synset = None
                block = _block_line(stripped, origin, number)
                out.blocks.append(block)
            elif block is None:
                raise ConfigError(f"{origin}: {stripped!r} is outside any verb block or synset")
            elif stripped.startswith(("-", "*")):
                block.patterns.append(parse_pattern(stripped.lstrip("-").strip(), origin, number))
            else:
                block.verbs.extend(parse_verb_line(stripped, origin))
        except ConfigError as exc:
            if strict:
                raise
            out.problems.append(exc)
    out.synsets = expand_synsets(raw_synsets)
    if any(("{" in e.text or "(" in e.text) for b in out.blocks for p in b.patterns for e in p.lower + p.upper) or \
            re.search(r"^-.*[({]", read_text(path), re.M):
        out.dialect = "petrarch2"
    return out


def _block_line(line: str, origin: str, number: int) -> VerbBlock:
    m = BLOCK.match(line)
    if not m or not m.group(1).strip():
        raise ConfigError(f"{origin}: a verb block starts `--- NAME [code] ---`, not {line!r}")
    return VerbBlock(m.group(1).strip().upper(), m.group(2).strip(), line=number)


def parse_verb_line(line: str, origin: str) -> list[Verb]:
    """`WORD`, `WORD {FORMS}`, `WORD [code]`, or a multi-word verb `WIRE_+TAP {WIRE_+TAPPED}`."""
    code_match = CODE_AT_END.search(line)
    code = code_match.group(1).strip() if code_match else None
    body = line[: code_match.start()] if code_match else line
    if body.count("{") != body.count("}"):
        raise ConfigError(f"{origin}: unbalanced braces in verb line {line!r}")
    m = re.fullmatch(r"\s*([^{]+?)\s*(?:\{([^}]*)\})?\s*", body)
    if not m:
        raise ConfigError(f"{origin}: malformed verb line {line!r}")
    main, forms = m.group(1), m.group(2)
    explicit = forms.split() if forms else []
    verbs = [_verb(main, code)]
    if not explicit and "+" not in main.lstrip("+") and " " not in main.strip():
        verbs += [_verb(f, code) for f in regular_forms(main.strip().upper().rstrip("_"))]
    elif not explicit:
        verbs += [_verb(f, code) for f in _multiword_forms(main)]
    verbs += [_verb(f, code) for f in explicit]
    return verbs


def _verb(text: str, code: str | None) -> Verb:
    """A verb from `A_+B_C` (the verb is B) or `+A_B` / `A B` (the verb is the first word)."""
    parts = [p for p in re.split(r"[\s_]+", text.strip().upper()) if p]
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    head = marked[0] if marked else 0
    parts = [p.lstrip("+") for p in parts]
    return Verb(parts[head], tuple(parts[:head]), tuple(parts[head + 1:]), code)


def _multiword_forms(main: str) -> list[str]:
    """Regular forms of a multi-word verb with no forms given: inflect its marked (or first) word."""
    parts = re.split(r"([\s_]+)", main.strip().upper())
    words = [i for i, p in enumerate(parts) if p.strip() and not re.fullmatch(r"[\s_]+", p)]
    marked = [i for i in words if parts[i].startswith("+")] or words[:1]
    i = marked[0]
    base = parts[i].lstrip("+")
    return ["".join(parts[:i] + ["+" + f] + parts[i + 1:]) for f in regular_forms(base)]


def regular_forms(base: str) -> list[str]:
    """-S, -ED and -ING forms of a regular English verb, the way PETRARCH generates them."""
    if base.endswith("E"):
        return [base + "S", base + "D", base[:-1] + "ING"]
    if re.search(r"[^AEIOU]Y$", base):
        return [base[:-1] + "IES", base[:-1] + "IED", base + "ING"]
    if re.search(r"(S|X|Z|CH|SH)$", base):
        return [base + "ES", base + "ED", base + "ING"]
    return [base + "S", base + "ED", base + "ING"]


MARKERS = {"*": "verb", "$": "source", "+": "target", "%": "compound", "^": "skip"}


def parse_pattern(text: str, origin: str, number: int) -> Pattern:
    """`words * words [code]`: elements before and after the verb marker `*`."""
    m = CODE_AT_END.search(text)
    if not m:
        raise ConfigError(f"{origin}: pattern {text!r} has no [code]")
    body = text[: m.start()]
    elements = tokenize_pattern(body, origin)
    verbs = [i for i, e in enumerate(elements) if e.kind == "verb"]
    if len(verbs) != 1:
        raise ConfigError(f"{origin}: pattern {text!r} needs exactly one `*`")
    i = verbs[0]
    upper = list(elements[i + 1:])
    return Pattern(tuple(elements[:i]), tuple(upper), m.group(1).strip(), number, elements[i].joined)


def tokenize_pattern(body: str, origin: str) -> list[Element]:
    """Elements with `joined` set when nothing may come between them and the previous one."""
    if body.count("{") != body.count("}") or body.count("(") != body.count(")"):
        raise ConfigError(f"{origin}: unbalanced brackets in pattern {body!r}")
    out = _tokenized(body)
    # In a noun phrase `{A B C}` C is the head: its modifiers A, B may have other adjectives between them.
    for start, end in _brace_groups(body, out):
        for j in range(start + 1, end - 1):
            out[j] = Element(out[j].kind, out[j].text, out[j].joined, out[j].grouped, loose=True)
    return out


def _brace_groups(body: str, elements: list[Element]) -> list[tuple[int, int]]:
    """(first, end) element indices of each `{...}` group."""
    groups: list[tuple[int, int]] = []
    count = 0
    start: int | None = None
    for token in re.findall(r"[{}()]|_|\s+|[^\s_{}()]+", body):
        if token == "{":
            start = count
        elif token == "}" and start is not None:
            groups.append((start, count))
            start = None
        elif token not in "()_" and not token.isspace():
            count += 1
    return [g for g in groups if g[1] <= len(elements)]


def _tokenized(body: str) -> list[Element]:
    out: list[Element] = []
    depth = 0
    joined_next = False
    group_start = False  # the first element inside `{...}` / `(...)` may follow a gap
    for token in re.findall(r"[{}()]|_|\s+|[^\s_{}()]+", body):
        if token in "{(":
            depth += 1
            group_start = True
            continue
        if token in "})":
            depth -= 1
            continue
        if token == "_":
            joined_next = True
            continue
        if token.isspace():
            continue
        grouped = depth > 0 and not group_start and not joined_next
        joined = joined_next or grouped
        joined_next = group_start = False
        word = token.upper()
        if word in MARKERS:
            out.append(Element(MARKERS[word], word, joined, grouped))
        elif word.startswith("&"):
            out.append(Element("synset", word.rstrip("_"), joined, grouped))
        else:
            out.append(Element("word", word, joined, grouped))
    return out


def expand_synsets(raw: dict[str, list[str]]) -> dict[str, list[Words]]:
    """Each synset's members as word tuples, members naming another synset replaced by its own."""
    def members(name: str, seen: frozenset[str]) -> list[Words]:
        out: list[Words] = []
        for member in raw.get(name, []):
            text = member.strip().strip("()").upper()
            if text.startswith("&"):
                inner = text.rstrip("_")
                if inner not in seen:
                    out += members(inner, seen | {inner})
            else:
                words = words_of(text)
                if words:
                    out.append(words)
        return out
    return {name: members(name, frozenset({name})) for name in raw}


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


# ---- a folder ----

@dataclass
class DictionarySet:
    verbs: VerbDictionary
    actors: ActorDictionary
    agents: AgentDictionary
    discards: Discards
    ontology: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[ConfigError]:
        return self.verbs.problems + self.actors.problems + self.agents.problems + self.discards.problems


def kind_of(path: Path) -> str | None:
    """Which dictionary a file holds, from its name as PETRARCH's configurations name them."""
    name = path.name.lower().removesuffix(".gz")
    if not name.endswith(".txt"):
        return None
    if "actor" in name:
        return "actors"
    if "agent" in name:
        return "agents"
    if "discard" in name:
        return "discards"
    if "ontology" in name:
        return "ontology"
    if "verb" in name or name.startswith("cameo"):
        return "verbs"
    return None


def read_folder(folder: Path, strict: bool = False) -> DictionarySet:
    """Every dictionary in `folder`; several actor files (Phoenix ships three) are read together."""
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such dictionary folder")
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        kind = kind_of(path)
        if kind:
            files.setdefault(kind, []).append(path)
    if "verbs" not in files or "actors" not in files:
        raise ConfigError(f"{folder}: a dictionary folder needs a verbs file and an actors file")
    verbs = VerbDictionary()
    for p in files["verbs"]:
        part = read_verbs(p, strict)
        verbs.blocks += part.blocks
        verbs.synsets.update(part.synsets)
        verbs.problems += part.problems
        verbs.dialect = part.dialect
    actors = ActorDictionary()
    for p in files["actors"]:
        a = read_actors(p, strict)
        actors.actors += a.actors
        actors.problems += a.problems
    agents = AgentDictionary()
    for p in files.get("agents", []):
        g = read_agents(p, strict)
        agents.agents += g.agents
        agents.problems += g.problems
    discards = Discards()
    for p in files.get("discards", []):
        d = read_discards(p, strict)
        discards.sentence += d.sentence
        discards.story += d.story
    ontology: dict[str, int] = {}
    for p in files.get("ontology", []):
        ontology.update(read_ontology(p, strict))
    return DictionarySet(verbs, actors, agents, discards, ontology)
