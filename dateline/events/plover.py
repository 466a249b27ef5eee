"""The PLOVER event ontology: the types with their definitions, modes and intensities, the contexts, and
the bridge to CAMEO both ways.

Read from data/plover.toml (its header documents the format and names the sources), or from a user's own
file in the same format, which replaces it. A file that cannot be used is a ConfigError naming the file and
the line (TOML syntax) or the key (anything else), never a half-loaded ontology.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..config import ConfigError
from ..model import EVENT_TYPES
from .cameo import cameo_codes

DATA = Path(__file__).parent / "data" / "plover.toml"

INTENSITY_RANGE = (-10.0, 10.0)


@dataclass(frozen=True)
class EventType:
    name: str  # one of model.EVENT_TYPES
    definition: str
    modes: tuple[str, ...]
    intensity: float  # -10 (conflict) ... +10 (cooperation)


@dataclass(frozen=True, eq=False)
class Ontology:
    types: dict[str, EventType]
    contexts: tuple[str, ...]
    # CAMEO code or prefix -> (type, mode); the longest listed prefix of a code decides.
    cameo_map: dict[str, tuple[str, str | None]]
    # (type, mode or None) -> the CAMEO code an event so coded gets.
    cameo_defaults: dict[tuple[str, str | None], str]

    def plover_of_cameo(self, code: str) -> tuple[str, str | None] | None:
        """The PLOVER (type, mode) of a CAMEO code; None for codes PLOVER does not code (01, 02) or non-codes."""
        code = code.strip()
        for length in range(min(len(code), 4), 1, -1):
            found = self.cameo_map.get(code[:length])
            if found is not None:
                return found
        return None

    def cameo_of(self, type: str, mode: str | None = None) -> str:
        """The CAMEO code for an event coded by PLOVER type and mode; a mode without a code of its own gets the type's."""
        if type not in self.types:
            raise ValueError(f"not a PLOVER event type: {type!r}")
        return self.cameo_defaults.get((type, mode)) or self.cameo_defaults[(type, None)]


def load_ontology(path: str | Path | None = None) -> Ontology:
    """The ontology from `path`, or the bundled one (read once) when None."""
    if path is None:
        return _bundled()
    return _load(Path(path))


@cache
def _bundled() -> Ontology:
    return _load(DATA)


def _load(path: Path) -> Ontology:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such ontology file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the ontology file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:  # its message gives the line and column
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return _Reader(path).ontology(document)


class _Reader:
    """Checks a parsed ontology file key by key, so that each error names the key at fault."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key}: {problem}")

    def ontology(self, document: dict[str, Any]) -> Ontology:
        unknown = sorted(set(document) - {"contexts", "types", "cameo"})
        if unknown:
            raise self.fail(unknown[0], "unknown key (expected contexts, types and cameo)")
        contexts = tuple(self.words(document.get("contexts"), "contexts"))
        types, defaults = self.types(document.get("types"))
        cameo_map = self.cameo_map(document.get("cameo"), types)
        ontology = Ontology(types, contexts, cameo_map, defaults)
        self.check_round_trip(ontology)
        return ontology

    def types(self, table: object) -> tuple[dict[str, EventType], dict[tuple[str, str | None], str]]:
        if not isinstance(table, dict):
            raise self.fail("types", "missing: one [types.NAME] table per event type is required")
        for name in table:
            if name not in EVENT_TYPES:
                raise self.fail(f"types.{name}", f"not an event type (expected one of {', '.join(EVENT_TYPES)})")
        types: dict[str, EventType] = {}
        defaults: dict[tuple[str, str | None], str] = {}
        for name in EVENT_TYPES:
            if name not in table:
                raise self.fail(f"types.{name}", "missing: every event type needs a table")
            types[name], type_defaults = self.event_type(name, table[name])
            defaults.update(type_defaults)
        return types, defaults

    def event_type(self, name: str, entry: object) -> tuple[EventType, dict[tuple[str, str | None], str]]:
        key = f"types.{name}"
        if not isinstance(entry, dict):
            raise self.fail(key, "must be a table")
        unknown = sorted(set(entry) - {"definition", "intensity", "modes", "cameo", "mode_cameo"})
        if unknown:
            raise self.fail(f"{key}.{unknown[0]}", "unknown key")
        definition = entry.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            raise self.fail(f"{key}.definition", "missing or empty")
        intensity = entry.get("intensity")
        low, high = INTENSITY_RANGE
        if isinstance(intensity, bool) or not isinstance(intensity, int | float) or not low <= intensity <= high:
            raise self.fail(f"{key}.intensity", f"must be a number from {low:g} to {high:g}, not {intensity!r}")
        modes = tuple(self.words(entry.get("modes", []), f"{key}.modes"))
        if "cameo" not in entry:
            raise self.fail(f"{key}.cameo", "missing: every type needs the CAMEO code of the type with no mode")
        defaults: dict[tuple[str, str | None], str] = {(name, None): self.code(entry["cameo"], f"{key}.cameo")}
        mode_cameo = entry.get("mode_cameo", {})
        if not isinstance(mode_cameo, dict):
            raise self.fail(f"{key}.mode_cameo", "must be a table of mode = \"CAMEO code\"")
        for mode, code in mode_cameo.items():
            if mode not in modes:
                raise self.fail(f"{key}.mode_cameo.{mode}", f"not one of the type's modes {list(modes)}")
            defaults[(name, mode)] = self.code(code, f"{key}.mode_cameo.{mode}")
        return EventType(name, definition.strip(), modes, float(intensity)), defaults

    def cameo_map(self, table: object, types: dict[str, EventType]) -> dict[str, tuple[str, str | None]]:
        if not isinstance(table, dict):
            raise self.fail("cameo", "missing: a [cameo] table of CAMEO code = \"TYPE\" or \"TYPE mode\"")
        mapping: dict[str, tuple[str, str | None]] = {}
        for code, value in table.items():
            key = f"cameo.{code}"
            self.code(code, key)
            if not isinstance(value, str):
                raise self.fail(key, f'must be "TYPE" or "TYPE mode", not {value!r}')
            name, _, mode = value.strip().partition(" ")
            if name not in types:
                raise self.fail(key, f"{name!r} is not an event type of this ontology")
            if mode and mode not in types[name].modes:
                raise self.fail(key, f"{mode!r} is not a mode of {name} {list(types[name].modes)}")
            mapping[code] = (name, mode or None)
        return mapping

    def check_round_trip(self, ontology: Ontology) -> None:
        # A type's CAMEO code must read back as that type, or CAMEO-coded and PLOVER-coded events disagree.
        for (name, mode), code in ontology.cameo_defaults.items():
            found = ontology.plover_of_cameo(code)
            if found is None or found[0] != name:
                key = f"types.{name}.cameo" if mode is None else f"types.{name}.mode_cameo.{mode}"
                reads = "no type" if found is None else found[0]
                raise self.fail(key, f"CAMEO {code} reads back as {reads} in [cameo], not {name}")

    def code(self, value: object, key: str) -> str:
        if not isinstance(value, str) or value not in cameo_codes():
            raise self.fail(key, f"{value!r} is not a CAMEO 1.1b3 event code (a quoted string such as \"042\")")
        return value

    def words(self, value: object, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(word, str) and word.strip() for word in value):
            raise self.fail(key, "must be a list of words")
        if len(set(value)) != len(value):
            raise self.fail(key, "lists a word twice")
        return [word.strip() for word in value]
