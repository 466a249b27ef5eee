"""The TABARI/PETRARCH verbs dictionary: synsets, verb blocks, verb forms and patterns.

- synsets: `&NAME` then `+member` lines (a member may name another synset, or be several words);
- verb blocks: `--- NAME [code] ---`, then verb lines `WORD {FORMS} [code]` (regular forms are
  made when none are given), multi-word verbs with the verb marked `+` (`WIRE_+TAP`, `+BREAK_DOWN`);
- patterns: `- words * words [code]`; `_` joins two elements that must be adjacent, a space lets
  words come between; `{...}` and `(...)` (PETRARCH 2's noun and prepositional phrases) join their
  words; markers `$` source, `+` target, `%` compound subject, `^` skip a noun phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError
from .tabari import Words, content_lines, read_text, words_of


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


# ---- verbs ----

BLOCK = re.compile(r"^---\s*(.+?)\s*\[([^\]]*)\]")
CODE_AT_END = re.compile(r"\[([^\]]*)\]\s*$")


def read_verbs(path: Path, strict: bool = False) -> VerbDictionary:
    out = VerbDictionary()
    raw_synsets: dict[str, list[str]] = {}
    block: VerbBlock | None = None
    synset: str | None = None
    phrases = False  # PETRARCH 2's `{...}` / `(...)` phrase groups seen in a pattern
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
                phrases = phrases or bool(re.search(r"[({]", stripped))
                block.patterns.append(parse_pattern(stripped.lstrip("-").strip(), origin, number))
            else:
                block.verbs.extend(parse_verb_line(stripped, origin))
        except ConfigError as exc:
            if strict:
                raise
            out.problems.append(exc)
    out.synsets = expand_synsets(raw_synsets)
    out.dialect = "petrarch2" if phrases else "petrarch1"
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
