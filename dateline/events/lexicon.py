"""The event lexicon: which verbs and nouns report which PLOVER event, read from TOML files.

The bundled lexicon is `dateline/events/lexicon/*.toml`, one file per event type; a user adds their
own files (setting `event_lexicon`, a file or a folder) and their entries come first. The format,
documented at the top of each bundled file, is:

    type = "CONSULT"                 # the PLOVER type every entry of the file codes

    [[entry]]
    verb = "meet"                    # a lemma, then the particles or prepositions it needs: "side with"
    mode = "meet"                    # optional: the PLOVER mode
    cameo = "040"                    # optional: the CAMEO code (default: the ontology's for type and mode)
    reciprocal = true                # optional: "X and Y met" codes X → Y, both ways
    recipient = ["with", "object"]   # optional: where the recipient is, in order ("object", a preposition)
    object = ["sanction", "embargo"] # optional: the entry needs one of these object lemmas
    contexts = ["diplomatic"]        # optional
    example = "Russian and US diplomats will meet in Istanbul on Thursday."

`noun = "talks"` instead of `verb` makes a nominal entry ("the talks between X and Y", "held talks
with X"). `verb` and `noun` may be lists of synonyms sharing the entry. Every entry has an example
sentence, which the test suite codes to the entry's type.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import ConfigError
from ..model import EVENT_TYPES

BUNDLED = Path(__file__).parent / "lexicon"
# Where a recipient is looked for when an entry does not say; not "in" or "at", which say where.
DEFAULT_RECIPIENT = ("object", "with", "to", "against", "on", "for", "from", "toward", "towards", "into", "over")
_KEYS = {"verb", "noun", "mode", "cameo", "reciprocal", "recipient", "object", "contexts", "example", "examples",
         "source"}


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: a verb or noun (with its particles/prepositions) and the event it reports."""

    kind: str  # "verb" or "noun"
    words: tuple[str, ...]  # ("side", "with")
    type: str
    mode: str | None
    cameo: str | None
    reciprocal: bool
    recipient: tuple[str, ...]
    objects: frozenset[str]
    contexts: tuple[str, ...]
    examples: tuple[str, ...]
    origin: str  # file name, for error messages and the mention's rule

    @property
    def head(self) -> str:
        return self.words[0]

    @property
    def rule(self) -> str:
        return f"{self.kind} {' '.join(self.words)}"


@dataclass
class Lexicon:
    entries: list[Entry]

    def __post_init__(self) -> None:
        self._by_head: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            self._by_head.setdefault((entry.kind, entry.head), []).append(entry)

    def candidates(self, kind: str, lemma: str) -> list[Entry]:
        return self._by_head.get((kind, lemma), [])

    def nouns(self) -> frozenset[str]:
        return frozenset(head for kind, head in self._by_head if kind == "noun")


def _as_list(value: object, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{where}: {key} must be a string or a list of strings")


def _entries(table: dict[str, object], event_type: str, origin: str, index: int) -> Iterable[Entry]:
    where = f"{origin}, entry {index + 1}"
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(sorted(unknown))}")
    kinds = [k for k in ("verb", "noun") if k in table]
    if len(kinds) != 1:
        raise ConfigError(f"{where}: give exactly one of verb or noun")
    examples = _as_list(table.get("examples", table.get("example", [])), "example", where)
    if not examples:
        raise ConfigError(f"{where}: every entry needs an example sentence")
    kind = kinds[0]
    for phrase in _as_list(table[kind], kind, where):
        words = tuple(phrase.lower().split())
        if not words:
            raise ConfigError(f"{where}: empty {kind}")
        yield Entry(
            kind=kind, words=words, type=event_type,
            mode=str(table["mode"]) if table.get("mode") else None,
            cameo=str(table["cameo"]) if table.get("cameo") else None,
            reciprocal=bool(table.get("reciprocal", False)),
            recipient=tuple(_as_list(table.get("recipient", list(DEFAULT_RECIPIENT)), "recipient", where)),
            objects=frozenset(w.lower() for w in _as_list(table.get("object", []), "object", where)),
            contexts=tuple(_as_list(table.get("contexts", []), "contexts", where)),
            examples=tuple(examples), origin=origin,
        )


def read_lexicon_file(path: Path) -> list[Entry]:
    """The entries of one lexicon file; ConfigError naming the file and entry when it is malformed."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"event lexicon {path}: cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"event lexicon {path}: not valid TOML ({exc})") from None
    event_type = data.get("type")
    if event_type not in EVENT_TYPES:
        raise ConfigError(f"event lexicon {path}: type = {event_type!r} is not a PLOVER type "
                          f"({', '.join(EVENT_TYPES)})")
    tables = data.get("entry", [])
    if not isinstance(tables, list):
        raise ConfigError(f"event lexicon {path}: entries are written [[entry]]")
    return [e for i, t in enumerate(tables) for e in _entries(t, event_type, path.name, i)]


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.toml"))
    if path.is_file():
        return [path]
    raise ConfigError(f"event lexicon {path}: no such file or folder")


@cache
def load_lexicon(extra: str | None = None) -> Lexicon:
    """The bundled lexicon, after the entries of `extra` (a user's file or folder of TOML files)."""
    entries: list[Entry] = []
    if extra:
        for path in _files(Path(extra)):
            entries += read_lexicon_file(path)
    for path in _files(BUNDLED):
        entries += read_lexicon_file(path)
    return Lexicon(entries)
