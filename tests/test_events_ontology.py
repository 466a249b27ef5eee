"""The event ontology tables: CAMEO codes and scores, PLOVER types and the bridge both ways, FIPS codes."""

import re
from pathlib import Path

import pytest

from dateline.config import ConfigError
from dateline.errors import DatelineError
from dateline.events import plover
from dateline.events.cameo import cameo_code, cameo_codes, goldstein, quad_class, quad_class_of_root
from dateline.events.fips import fips_of
from dateline.events.plover import load_ontology
from dateline.model import EVENT_TYPES

# --- CAMEO --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code, score", [
    ("043", 2.8), ("042", 1.9), ("044", 2.5), ("046", 7.0), ("190", -10.0), ("112", -2.0),
    ("0874", 10.0), ("057", 8.0), ("011", -0.1), ("1823", -10.0), ("182", -9.5), ("145", -7.5), ("163", -8.0),
])
def test_goldstein_scores_are_gdelts(code, score):
    assert goldstein(code) == score


@pytest.mark.parametrize("code, quad", [
    ("010", 1), ("043", 1), ("057", 1), ("061", 2), ("0874", 2), ("090", 3), ("112", 3), ("139", 3),
    ("141", 4), ("173", 4), ("193", 4), ("2042", 4),
])
def test_quad_classes(code, quad):
    assert quad_class(code) == quad


def test_table_covers_cameo_1_1b3():
    table = cameo_codes()
    assert len(table) == 311  # GDELT's CAMEO.goldsteinscale.txt, every 2-, 3- and 4-digit code
    roots = {f"{n:02d}" for n in range(1, 21)}
    assert {entry.root for entry in table.values()} == roots and roots <= set(table)
    for code in ("010", "0211", "043", "1121", "193", "204", "2042", "0256", "1056", "1246"):
        assert code in table
    assert cameo_code("042").name == "Make a visit" and cameo_code("043").name == "Host a visit"
    assert cameo_code("04").name == "Consult" and cameo_code("112").name == "Accuse, not specified below"
    for entry in table.values():  # every line is consistent with itself
        assert entry.code.startswith(entry.root) and 2 <= len(entry.code) <= 4
        assert entry.quad_class == quad_class_of_root(entry.root)
        assert -10.0 <= entry.goldstein <= 10.0 and entry.name.strip() == entry.name != ""


def test_unknown_codes_fall_back_to_the_parent_then_the_root():
    assert cameo_code("0435").code == "043"  # no 4-digit codes under 043: its 3-digit parent
    assert goldstein("0435") == 2.8
    assert cameo_code("1955").code == "195"
    assert cameo_code("047").code == "04" and goldstein("047") == 1.0  # no 047: the root
    assert cameo_code("0479").code == "04"
    assert cameo_code("1121").code == "1121"  # a code in the table is itself
    assert cameo_code(" 043 ").code == "043"


@pytest.mark.parametrize("code", ["", "4", "43", "21", "99", "00", "12345", "abc", "04a", "４３"])
def test_non_codes_have_no_entry(code):
    assert cameo_code(code) is None and quad_class(code) is None and goldstein(code) is None


def test_leading_zeros_are_part_of_the_code():
    assert cameo_code("43") is None  # "43" is not "043"
    assert cameo_code("04") is not None and cameo_code("4") is None


# --- PLOVER -------------------------------------------------------------------------------------------


def test_every_event_type_is_described():
    ontology = load_ontology()
    assert tuple(ontology.types) == EVENT_TYPES
    for name, event_type in ontology.types.items():
        assert event_type.name == name and event_type.definition
        assert -10.0 <= event_type.intensity <= 10.0
        assert len(set(event_type.modes)) == len(event_type.modes)


def test_intensities_order_cooperation_above_conflict():
    types = load_ontology().types
    assert types["ASSAULT"].intensity == -9.3 and types["RETREAT"].intensity == 7.6  # the manual's scores
    assert types["CONSULT"].intensity == 2.1 and types["REQUEST"].intensity == -5.0
    cooperation = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT")
    assert all(types[name].intensity > 0 for name in cooperation)
    assert all(types[name].intensity < 0 for name in EVENT_TYPES if name not in cooperation)
    assert types["ASSAULT"].intensity == min(t.intensity for t in types.values())


def test_modes_from_the_manual():
    types = load_ontology().types
    assert {"phone", "visit", "host", "third-party", "multilateral", "meet"} <= set(types["CONSULT"].modes)
    assert {"beat", "firearms", "explosives", "aerial", "unconventional"} <= set(types["ASSAULT"].modes)
    assert {"demo", "riot", "strike-hun", "obstruct"} <= set(types["PROTEST"].modes)
    assert set(types["ACCUSE"].modes) == {"investigate", "disapprove"}
    assert types["AGREE"].modes == ()


def test_contexts():
    contexts = load_ontology().contexts
    assert {"political", "military", "economic", "diplomatic", "legal", "humanitarian", "crime"} <= set(contexts)
    assert not {"future", "historical", "hypothetical"} & set(contexts)  # Event flags, not contexts
    assert len(set(contexts)) == len(contexts)


@pytest.mark.parametrize("code, expected", [
    ("01", None), ("010", None), ("0211", None), ("02", None),  # statements and appeals: not PLOVER events
    ("030", ("AGREE", None)), ("0341", ("AGREE", None)),
    ("040", ("CONSULT", None)), ("041", ("CONSULT", "phone")), ("042", ("CONSULT", "visit")),
    ("043", ("CONSULT", "host")), ("044", ("CONSULT", "third-party")), ("046", ("CONSULT", "negotiate")),
    ("051", ("SUPPORT", None)), ("061", ("COOPERATE", None)), ("073", ("AID", "humanitarian")),
    ("081", ("CONCEDE", None)), ("0831", ("CONCEDE", None)), ("083", ("CONCEDE", None)),
    ("084", ("RETREAT", None)), ("0841", ("RETREAT", "release")), ("087", ("RETREAT", None)),
    ("0871", ("RETREAT", "ceasefire")),
    ("091", ("ACCUSE", "investigate")), ("100", ("REQUEST", None)), ("1053", ("REQUEST", "yield")),
    ("111", ("ACCUSE", "disapprove")), ("1123", ("ACCUSE", "disapprove")),
    ("125", ("REJECT", "meet")), ("138", ("THREATEN", "violence")),
    ("141", ("PROTEST", "demo")), ("1423", ("PROTEST", "strike-hun")), ("145", ("PROTEST", "riot")),
    ("154", ("MOBILIZE", "troops")), ("163", ("SANCTION", "sever")), ("173", ("COERCE", "arrest")),
    ("180", ("ASSAULT", None)), ("1831", ("ASSAULT", "suicide-attack")), ("190", ("ASSAULT", None)),
    ("193", ("ASSAULT", "firearms")), ("195", ("ASSAULT", "aerial")),
    ("200", ("ASSAULT", "unconventional")), ("2041", ("ASSAULT", "unconventional")),
    ("99", None), ("", None), ("abc", None),
])
def test_plover_of_cameo(code, expected):
    assert load_ontology().plover_of_cameo(code) == expected


def test_every_cameo_code_reads_as_a_known_type_and_mode():
    ontology = load_ontology()
    for code in cameo_codes():
        found = ontology.plover_of_cameo(code)
        if code[:2] in ("01", "02"):
            assert found is None, code
            continue
        assert found is not None, code
        name, mode = found
        assert name in ontology.types and (mode is None or mode in ontology.types[name].modes), code


def test_cameo_of_plover_types_and_modes():
    ontology = load_ontology()
    assert ontology.cameo_of("CONSULT", "visit") == "042"
    assert ontology.cameo_of("CONSULT", "host") == "043"
    assert ontology.cameo_of("CONSULT", "meet") == "040"
    assert ontology.cameo_of("CONSULT", "third-party") == "044"
    assert ontology.cameo_of("CONSULT") == "040"
    assert ontology.cameo_of("ACCUSE", None) == "112"
    assert ontology.cameo_of("ASSAULT", None) == "190"
    assert ontology.cameo_of("ASSAULT", "aerial") == "195"
    assert ontology.cameo_of("CONSULT", "no-such-mode") == "040"  # falls back to the type's code
    with pytest.raises(ValueError, match="CRIME"):
        ontology.cameo_of("CRIME")


def test_every_type_and_mode_has_a_cameo_code_that_maps_back_to_the_type():
    ontology = load_ontology()
    for name, event_type in ontology.types.items():
        for mode in (None, *event_type.modes):
            code = ontology.cameo_of(name, mode)
            assert code in cameo_codes(), (name, mode)
            assert ontology.plover_of_cameo(code)[0] == name, (name, mode, code)
        # the type's own code reads back as the type (a mode may come with it: 112 is ACCUSE disapprove)
        assert ontology.plover_of_cameo(ontology.cameo_of(name))[0] == name


def test_modes_with_a_cameo_code_of_their_own_round_trip():
    ontology = load_ontology()
    for mode, code in [("phone", "041"), ("visit", "042"), ("host", "043"), ("third-party", "044")]:
        assert ontology.cameo_of("CONSULT", mode) == code
        assert ontology.plover_of_cameo(code) == ("CONSULT", mode)
    # the modes CAMEO has no code of its own for borrow a neighbour's, and read back as that neighbour
    borrowed = {
        (name, mode): ontology.plover_of_cameo(code)
        for (name, mode), code in ontology.cameo_defaults.items()
        if ontology.plover_of_cameo(code) != (name, mode)
    }
    assert borrowed == {
        ("CONSULT", "multilateral"): ("CONSULT", None),
        ("CONSULT", "meet"): ("CONSULT", None),
        ("RETREAT", "resign"): ("RETREAT", None),
        ("ACCUSE", None): ("ACCUSE", "disapprove"),
        ("THREATEN", "arrest"): ("THREATEN", "violence"),
        ("PROTEST", "strike-gen"): ("PROTEST", "boycott"),
        ("PROTEST", "strike-lim"): ("PROTEST", "boycott"),
        ("MOBILIZE", "weapons"): ("MOBILIZE", "troops"),
        ("COERCE", "censor"): ("COERCE", "restrict"),
        ("COERCE", "withhold"): ("COERCE", None),
        ("ASSAULT", "execute"): ("ASSAULT", "beat"),
        ("ASSAULT", "primitive"): ("ASSAULT", None),
    }


def test_bundled_ontology_is_read_once():
    assert load_ontology() is load_ontology()


# --- a user's own ontology ----------------------------------------------------------------------------


def _bundled_text() -> str:
    return plover.DATA.read_text(encoding="utf-8")


def test_a_users_file_in_the_same_format_replaces_the_bundled_one(tmp_path):
    text = _bundled_text().replace('"044" = "CONSULT third-party"', '"044" = "CONSULT meet"')
    text = text.replace("intensity = 2.1", "intensity = 3.0")
    path = tmp_path / "my-plover.toml"
    path.write_text(text, encoding="utf-8")
    ontology = load_ontology(path)
    assert ontology.plover_of_cameo("044") == ("CONSULT", "meet")
    assert ontology.types["CONSULT"].intensity == 3.0
    assert load_ontology(str(path)).types["CONSULT"].intensity == 3.0  # a string path too
    assert load_ontology().plover_of_cameo("044") == ("CONSULT", "third-party")  # the bundled one is untouched


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    # the first line that starts so: the header's comments show the format with the same words
    text, replaced = re.subn("^" + re.escape(old), new, _bundled_text(), count=1, flags=re.MULTILINE)
    assert replaced == 1
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, where", [
    ('cameo = "040"\n', "", r"types\.CONSULT\.cameo: missing"),  # a type without a CAMEO default
    ('cameo = "040"\n', 'cameo = "999"\n', r"types\.CONSULT\.cameo: '999' is not a CAMEO"),
    ('cameo = "040"\n', "cameo = 40\n", r"types\.CONSULT\.cameo: 40 is not a CAMEO"),  # not quoted
    ('cameo = "040"\n', 'cameo = "120"\n', r"types\.CONSULT\.cameo: CAMEO 120 reads back as REJECT"),
    ("[types.AGREE]", "[types.CRIME]", r"types\.CRIME: not an event type"),
    ("[types.AGREE]", "[types.AGREEMENT]", r"types\.AGREEMENT: not an event type"),
    ("intensity = 2.1", "intensity = 12", r"types\.CONSULT\.intensity: must be a number from -10 to 10"),
    ("intensity = 2.1", 'intensity = "high"', r"types\.CONSULT\.intensity"),
    ('visit = "042"', 'visiting = "042"', r"types\.CONSULT\.mode_cameo\.visiting: not one of the type's modes"),
    ('"042" = "CONSULT visit"', '"042" = "CONSULT visiting"', r"cameo\.042: 'visiting' is not a mode of CONSULT"),
    ('"042" = "CONSULT visit"', '"042" = "CONFER"', r"cameo\.042: 'CONFER' is not an event type"),
    ('"042" = "CONSULT visit"', '"0422" = "CONSULT visit"', r"cameo\.0422: '0422' is not a CAMEO"),
    ('"042" = "CONSULT visit"', '"042" = 4', r"cameo\.042: must be"),
    ('contexts = [', 'context = [', r"context: unknown key"),
])
def test_a_malformed_file_names_the_file_and_the_key(tmp_path, old, new, where):
    path = _broken(tmp_path, old, new)
    with pytest.raises(ConfigError, match=re.escape(str(path)) + ": " + where):
        load_ontology(path)


def test_a_type_left_out_is_named(tmp_path):
    text = _bundled_text()
    start, end = text.index("\n[types.AGREE]\n"), text.index("\n[types.CONSULT]\n")
    path = tmp_path / "short.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ConfigError, match=r"types\.AGREE: missing"):
        load_ontology(path)


def test_bad_toml_gives_the_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('contexts = ["political"]\n\n[types.AGREE]\ndefinition = "Agree\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(str(path)) + r": not valid TOML .*line 4") as caught:
        load_ontology(path)
    assert isinstance(caught.value, DatelineError)  # the CLI reports it as a message, not a traceback


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"nowhere\.toml: no such ontology file"):
        load_ontology(tmp_path / "nowhere.toml")


# --- FIPS ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("iso3, fips", [
    ("DEU", "GM"), ("GBR", "UK"), ("USA", "US"), ("RUS", "RS"), ("TUR", "TU"), ("QAT", "QA"),
    ("UKR", "UP"), ("SAU", "SA"), ("CHN", "CH"), ("ISR", "IS"), ("PSE", "WE"), ("XKX", "KV"),
    ("SSD", "OD"), ("SRB", "RI"), ("AUT", "AU"), ("AUS", "AS"), ("ESP", "SP"), ("JPN", "JA"),
])
def test_fips_of_countries(iso3, fips):
    assert fips_of(iso3) == fips


def test_fips_of_what_is_not_a_country():
    assert fips_of("UNO") is None and fips_of("NATO") is None and fips_of("") is None
    assert fips_of("deu") == "GM"  # case does not matter
