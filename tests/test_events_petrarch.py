"""The TABARI/PETRARCH dictionary readers and the dictionary coder, on a small invented dictionary set."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.config import ConfigError
from dateline.events.petrarch import DictionaryCoder
from dateline.events.petrarch_dictionaries import read_folder
from dateline.events.petrarch_verbs import read_verbs
from dateline.events.tabari import read_actors, read_agents

VERBS = """\
<!-- A small verbs dictionary -->
&TIETYPES
+MILITARY
+ECONOMIC
+SWISS FRANCS

--- RESTORE  [064]  ---
RESTORE    # a comment
- * DIPLOMATIC_TIES  [901]
- * &TIETYPES TIES  [902]

--- OPPOSE  [112] ---
OPPOSE

--- WELCOME  [041] ---
WELCOME

--- MEET  [031:032] ---
MEET {MEETS MET MEETING}

--- FREE  [066] ---
FREE
- + * FROM $  [067]

--- DELAY  [120] ---
DELAY
- % * [191]
"""

ACTORS = """\
ARNOR_  [ARN]
GONDOR [GON]
+MINAS_TIRITH
MORDOR [MOR]
THE_SHIRE [FRO/BIL/SAM]
GOLLUM  # one actor, three codes over time
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
"""

AGENTS = """\
!PERSON! = MAN, MEN
GOVERNMENT  [~GOV]
SOLDIER  [~MIL]
MEDIA {}  [~MED]
CONGRESS!PERSON! [~LEG]
MSF {} [NGO~]
"""

DISCARDS = """\
# '+' discards the story
+TYPHOON
BASEBALL
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dictionaries")
    (root / "Test.verbs.txt").write_text(VERBS, encoding="utf-8")
    (root / "Test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (root / "Test.agents.txt").write_text(AGENTS, encoding="utf-8")
    (root / "Test.discards.txt").write_text(DISCARDS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def coder(folder: Path) -> DictionaryCoder:
    return DictionaryCoder.from_folder(folder)


def triples(coder: DictionaryCoder, text: str, date: str = "19950101") -> set[tuple[str, str, str]]:
    return {e.triple() for e in coder.code(text, date)}


def test_a_folder_loads_every_dictionary(folder: Path) -> None:
    d = read_folder(folder)
    assert d.problems == []
    assert [b.name for b in d.verbs.blocks] == ["RESTORE", "OPPOSE", "WELCOME", "MEET", "FREE", "DELAY"]
    assert d.verbs.dialect == "petrarch1"
    assert d.verbs.synsets["&TIETYPES"] == [("MILITARY",), ("ECONOMIC",), ("SWISS", "FRANCS")]
    forms = {v.word for v in d.verbs.blocks[0].verbs}
    assert forms == {"RESTORE", "RESTORES", "RESTORED", "RESTORING"}
    assert {v.word for v in d.verbs.blocks[3].verbs} >= {"MET", "MEETING"}
    gollum = d.actors.actors[4]
    assert gollum.names == [("GOLLUM",), ("SMEAGOL",)]
    assert d.discards.story == [("TYPHOON",)] and d.discards.sentence == [("BASEBALL",)]


def test_agents_plurals_substitutions_and_prefixes(folder: Path) -> None:
    agents = {a.names[0]: a for a in read_agents(folder / "Test.agents.txt").agents}
    assert ("SOLDIERS",) in agents[("SOLDIER",)].names  # the regular plural is made
    assert agents[("MEDIA",)].names == (("MEDIA",),)  # `{}`: no plural
    assert ("CONGRESSMEN",) in agents[("CONGRESSMAN",)].names  # !PERSON! substituted
    assert agents[("MSF",)].prefix and agents[("MSF",)].code == "NGO"


def test_simple_sentence_is_coded_with_its_evidence(coder: DictionaryCoder) -> None:
    events = coder.code("Arnor restored relations with Gondor on Monday.", "19950101")
    assert [e.triple() for e in events] == [("ARN", "GON", "064")]
    assert events[0].verb == "restored" and events[0].start == len("Arnor ")


def test_actor_codes_depend_on_the_records_date(coder: DictionaryCoder) -> None:
    text = "Gollum restored relations with Gondor."
    assert triples(coder, text, "19950101") == {("HOB", "GON", "064")}
    assert triples(coder, text, "19970101") == {("HOBGOV", "GON", "064")}
    assert triples(coder, text, "20010101") == {("HOBREB", "GON", "064")}


def test_agents_add_their_codes_to_the_actor(coder: DictionaryCoder) -> None:
    assert triples(coder, "Soldiers from Gondor opposed Arnor.") == {("GONMIL", "ARN", "112")}
    assert triples(coder, "The Arnor government opposed Mordor.") == {("ARNGOV", "MOR", "112")}
    assert triples(coder, "Congressmen opposed Mordor.") == {("---LEG", "MOR", "112")}
    assert triples(coder, "MSF Arnor opposed Mordor.") == {("NGOARN", "MOR", "112")}


def test_patterns_with_a_synset_choose_the_code(coder: DictionaryCoder) -> None:
    assert triples(coder, "Arnor restored diplomatic ties with Gondor.") == {("ARN", "GON", "901")}
    assert triples(coder, "Arnor restored economic ties with Gondor.") == {("ARN", "GON", "902")}
    assert triples(coder, "Arnor restored full military ties with Gondor.") == {("ARN", "GON", "902")}
    # not a member of the synset: the verb's own code
    assert triples(coder, "Arnor restored cultural ties with Gondor.") == {("ARN", "GON", "064")}


def test_a_passive_agent_is_the_source(coder: DictionaryCoder) -> None:
    assert triples(coder, "Gondor was opposed by Arnor.") == {("ARN", "GON", "112")}


def test_coordinated_actors_are_each_coded(coder: DictionaryCoder) -> None:
    assert triples(coder, "Arnor and Gondor welcomed the talks with Mordor.") == {
        ("ARN", "MOR", "041"), ("GON", "MOR", "041")}
    assert triples(coder, "Mordor welcomed the talks with Arnor and Minas Tirith.") == {
        ("MOR", "ARN", "041"), ("MOR", "GON", "041")}


def test_a_two_way_code_gives_both_events(coder: DictionaryCoder) -> None:
    assert triples(coder, "Arnor met Gondor in Minas Tirith.") == {("ARN", "GON", "031"), ("GON", "ARN", "032")}


def test_discards_drop_the_sentence(coder: DictionaryCoder) -> None:
    assert triples(coder, "Arnor restored relations with Gondor after a typhoon.") == set()
    assert triples(coder, "Arnor restored baseball games with Gondor.") == set()


def test_a_malformed_line_is_named_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "Broken.actors.txt"
    path.write_text("ARNOR [ARN]\nGONDOR [GON\nMORDOR [MOR]\nSMEAGOL [HOB >95x]\n", encoding="utf-8")
    actors = read_actors(path)
    assert [a.names[0] for a in actors.actors] == [("ARNOR",), ("MORDOR",), ("SMEAGOL",)]
    messages = [str(p) for p in actors.problems]
    assert messages[0].startswith("Broken.actors.txt:2: unbalanced brackets")
    assert messages[1].startswith("Broken.actors.txt:4:")
    with pytest.raises(ConfigError, match=r"Broken.actors.txt:2"):
        read_actors(path, strict=True)


def test_a_pattern_without_a_code_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "Bad.verbs.txt"
    path.write_text("--- RESTORE [064] ---\nRESTORE\n- * TIES\n- * DIPLOMATIC TIES [901]\n", encoding="utf-8")
    verbs = read_verbs(path)
    assert [str(p) for p in verbs.problems] == ["Bad.verbs.txt:3: pattern '* TIES' has no [code]"]
    assert [p.code for p in verbs.blocks[0].patterns] == ["901"]


def test_a_folder_without_verbs_is_refused(tmp_path: Path) -> None:
    (tmp_path / "Only.actors.txt").write_text("ARNOR [ARN]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="verbs file"):
        DictionaryCoder.from_folder(tmp_path)


def test_pattern_markers_place_source_and_target(coder: DictionaryCoder) -> None:
    # `+ * FROM $`: the subject is the target, the phrase after FROM the source
    assert triples(coder, "Arnor was freed from Mordor.") == {("MOR", "ARN", "067")}


def test_a_compound_pattern_codes_among_the_subjects(coder: DictionaryCoder) -> None:
    assert triples(coder, "Arnor and Gondor delayed the talks.") == {("ARN", "GON", "191"), ("GON", "ARN", "191")}


def test_a_slash_code_is_several_actors_in_petrarch1(coder: DictionaryCoder) -> None:
    assert triples(coder, "The Shire opposed Mordor.") == {("FRO", "MOR", "112"), ("BIL", "MOR", "112"),
                                                           ("SAM", "MOR", "112")}


def test_new_actor_length_quotes_a_short_uncoded_phrase(coder: DictionaryCoder) -> None:
    text = "The Ministry of Magic opposed Arnor."
    assert triples(coder, text) == set()
    coded = {e.triple() for e in coder.code(text, "19950101", {"new_actor_length": 4})}
    assert coded == {('"THE MINISTRY OF MAGIC"', "ARN", "112")}
    assert {e.triple() for e in coder.code(text, "19950101", {"new_actor_length": 3})} == set()


P2_VERBS = """--- CLASH  [190] ---
CLASH
- * (OVER EFFORTS)  [110]

--- ABANDON  [1121] ---
ABANDON
- * {NEW &TIETYPES RELATIONS}  [1951]

&TIETYPES
+MILITARY
+ECONOMIC
"""

ONTOLOGY = """# CAMEO code: PICO value
050:0x0080#DiplomaticCoop
110:0x1007f#0xFFFF+0x0080
"""


@pytest.fixture(scope="module")
def coder2(tmp_path_factory: pytest.TempPathFactory) -> DictionaryCoder:
    """A PETRARCH-2 style set: phrase patterns and an internal coding ontology."""
    root = tmp_path_factory.mktemp("petrarch2")
    (root / "P2.verbs.txt").write_text(P2_VERBS, encoding="utf-8")
    (root / "P2.actors.txt").write_text(ACTORS, encoding="utf-8")
    (root / "P2.Internal_Coding_Ontology.txt").write_text(ONTOLOGY, encoding="utf-8")
    return DictionaryCoder.from_folder(root)


def test_petrarch2_phrase_patterns(coder2: DictionaryCoder) -> None:
    assert coder2.dialect == "petrarch2"
    assert triples(coder2, "Arnor clashed over the efforts of Gondor.") == {("ARN", "GON", "110")}
    assert triples(coder2, "Arnor clashed with Gondor.") == {("ARN", "GON", "190")}
    # the head noun's modifiers may have other adjectives between them, not the head itself
    assert triples(coder2, "Arnor abandoned new global economic relations with Gondor.") == {("ARN", "GON", "1951")}
    assert triples(coder2, "Arnor abandoned new economic trade relations with Gondor.") == {("ARN", "GON", "1121")}
    # one slash code stays one actor in this dialect
    assert triples(coder2, "The Shire clashed with Gondor.") == {("FRO/BIL/SAM", "GON", "190")}


def test_a_negated_verb_moves_through_the_ontology(coder2: DictionaryCoder) -> None:
    assert triples(coder2, "Arnor did not clash over the efforts of Gondor.") == {("ARN", "GON", "050")}


def test_verb_interaction_combines_a_verb_with_its_complements_event(tmp_path: Path) -> None:
    (tmp_path / "P2.verbs.txt").write_text(
        "--- SAY [010] ---\nSAY {SAYS SAID SAYING}\n- * {NO EVIDENCE} [141]\n\n"
        "--- ATTACK [190] ---\nATTACK\n- * (WITH {AIR STRIKES}) [195]\n", encoding="utf-8")
    (tmp_path / "P2.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "P2.ontology.txt").write_text("010:0x1000\n015:0x10a0\n190:0x00A0\n", encoding="utf-8")
    coder = DictionaryCoder.from_folder(tmp_path)
    text = "Arnor said that Gondor attacked Mordor."
    # by default the complement is part of the saying (UD-PETRARCH)
    assert triples(coder, text) == {("ARN", "GON", "010")}
    # PETRARCH 2: 0x1000 + 0x00A0 = 015, aimed at the complement's source
    combined = {e.triple() for e in coder.code(text, "19950101", {"verb_interaction": True})}
    assert combined == {("ARN", "GON", "015")}


def test_the_events_stage_codes_with_a_users_dictionaries(folder: Path) -> None:
    """`event_dictionaries`: the pipeline's events come from the user's dictionaries, as dateline Events."""
    from dateline.analyze import analyze_text
    from dateline.config import Settings

    settings = Settings(event_dictionaries=str(folder))
    text = "Gondor will restore relations with Mordor. The soldiers of Arnor oppose Mordor."
    events = analyze_text(text, published="1996-03-01", language="en", settings=settings).events
    triples = {(e.actors[0].name, e.recipients[0].name if e.recipients else None, e.cameo) for e in events}
    assert ("GON", "MOR", "064") in triples
    assert ("ARNMIL", "MOR", "112") in triples
    oppose = next(e for e in events if e.cameo == "112")
    assert oppose.type == "ACCUSE" and oppose.actors[0].country == "ARN" and oppose.actors[0].sector == "MIL"
    assert oppose.mentions[0].trigger.text == "oppose"
    assert oppose.mentions[0].sentence.text == "The soldiers of Arnor oppose Mordor."
    assert oppose.date == "1996-03-01" and oppose.date_source == "publication date"
