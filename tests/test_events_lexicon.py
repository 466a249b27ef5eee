"""The bundled event lexicon: every entry's example sentences code to the entry's PLOVER type, every
entry's CAMEO code and mode fit the ontology, a malformed lexicon file is a ConfigError naming the file,
and a user's own lexicon folder adds entries that code."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dateline.analyze import analyze_text
from dateline.config import ConfigError, Settings
from dateline.events.cameo import cameo_code
from dateline.events.lexicon import Entry, load_lexicon, read_lexicon_file
from dateline.events.plover import load_ontology

ENTRIES = load_lexicon().entries
PUBLISHED = "2025-03-01"


@cache
def coded_types(sentence: str) -> tuple[str, ...]:
    """The event types the coder finds in one sentence (each example is analysed once)."""
    return tuple(event.type for event in analyze_text(sentence, published=PUBLISHED, language="en").events)


def _entry_id(entry: Entry) -> str:
    return f"{entry.origin}:{entry.rule}"


CASES = [pytest.param(entry, example, id=f"{_entry_id(entry)}:{n}")
         for entry in ENTRIES for n, example in enumerate(entry.examples)]


@pytest.mark.parametrize(("entry", "example"), CASES)
def test_example_codes_to_the_entry_type(entry: Entry, example: str) -> None:
    types = coded_types(example)
    assert entry.type in types, f"{example!r} coded {types or 'no event'}, not {entry.type}"


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_entry_fits_the_ontology(entry: Entry) -> None:
    ontology = load_ontology()
    if entry.mode is not None:
        assert entry.mode in ontology.types[entry.type].modes
    if entry.cameo is not None:
        assert cameo_code(entry.cameo) is not None, f"{entry.cameo} is not a CAMEO code"
        plover = ontology.plover_of_cameo(entry.cameo)
        assert plover is not None and plover[0] == entry.type, f"CAMEO {entry.cameo} reads as {plover}"


def test_every_type_has_entries() -> None:
    from dateline.model import EVENT_TYPES

    assert {e.type for e in ENTRIES} == set(EVENT_TYPES)
    assert all(e.examples for e in ENTRIES)


# -- malformed files ------------------------------------------------------------------------------

GOOD_ENTRY = '[[entry]]\nverb = "heckle"\nexample = "Georgian protesters heckled the prime minister."\n'


@pytest.mark.parametrize(("text", "problem"), [
    ('type = "PROTEST"\n[[entry]\nverb = "heckle"\n', "not valid TOML"),
    ('type = "HECKLE"\n' + GOOD_ENTRY, "not a PLOVER type"),
    ('type = "PROTEST"\n[[entry]]\nverb = "heckle"\n', "example"),
    ('type = "PROTEST"\n[[entry]]\nverb = "heckle"\nnoun = "heckling"\nexample = "Protesters heckled him."\n',
     "exactly one of verb or noun"),
    ('type = "PROTEST"\n' + GOOD_ENTRY + 'loudness = 3\n', "unknown key loudness"),
])
def test_malformed_lexicon_file_is_a_config_error_naming_it(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "my_protests.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_lexicon_file(path)
    assert "my_protests.toml" in str(raised.value)
    assert problem in str(raised.value)
    with pytest.raises(ConfigError, match="my_protests.toml"):
        load_lexicon(extra=str(tmp_path))


def test_missing_user_lexicon_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file or folder"):
        load_lexicon(extra=str(tmp_path / "absent"))


# -- a user's own lexicon -------------------------------------------------------------------------


def test_user_lexicon_folder_adds_an_entry_that_codes(tmp_path: Path) -> None:
    folder = tmp_path / "lexicon"
    folder.mkdir()
    sentence = "Georgian protesters heckled the prime minister in Tbilisi on Sunday."
    (folder / "heckle.toml").write_text(
        'type = "PROTEST"\n\n[[entry]]\nverb = "heckle"\nmode = "demo"\ncameo = "141"\n'
        f'example = "{sentence}"\n', encoding="utf-8")
    lexicon = load_lexicon(extra=str(folder))
    added = [e for e in lexicon.entries if e.origin == "heckle.toml"]
    assert [e.rule for e in added] == ["verb heckle"]
    assert lexicon.entries[0] is added[0]  # the user's entries come first
    assert len(lexicon.entries) == len(ENTRIES) + 1
    assert "PROTEST" not in coded_types(sentence)  # the bundled lexicon alone does not code it
    settings = Settings(event_lexicon=str(folder))
    events = analyze_text(sentence, published=PUBLISHED, language="en", settings=settings).events
    assert [(e.type, e.cameo, e.mentions[0].rule) for e in events] == [("PROTEST", "141", "verb heckle")]
