"""Actors: sectors and countries from the role lexicon, the organisation table and the shape of a phrase
(CAMEO agent codes), in our own words."""

from __future__ import annotations

import pytest

from dateline.enrich.actors import resolve_actors
from dateline.enrich.countries import load_countries
from dateline.enrich.nlp import load_pipeline
from dateline.model import ActorMention


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def holding(mentions: list[ActorMention], text: str) -> tuple[str | None, str | None]:
    hits = [m for m in mentions if text in m.text and m.actor is not None]
    assert hits, f"no mention holds {text!r}: {[m.text for m in mentions]}"
    actor = max(hits, key=lambda m: len(m.text)).actor
    assert actor is not None
    return actor.country, actor.sector


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("Malian government forces shelled the town on Monday.", "government forces", ("MLI", "MIL")),
    ("Nairobi's security chief banned the march.", "security chief", ("KEN", "COP")),
    ("A terror group based in Chad claimed the attack.", "terror group", ("TCD", "REB")),
    ("Teachers throughout Kenya went on strike on Monday.", "Teachers", ("KEN", "EDU")),
    ("Ethnic Serb fighters operating in Kosovo laid down their arms.", "fighters", ("XKX", "REB")),
    ("The Hungarians of southern Slovakia asked for more schools.", "Hungarians", ("SVK", "CVL")),
    ("The International Labour Organization urged Qatar to protect workers.", "International Labour",
     ("ILO", "LAB")),
    ("The UN refugee agency opened two camps.", "refugee agency", ("UNHCR", "REF")),
    ("NATO said it would send more ships.", "NATO", ("NATO", "MIL")),
    ("The World Health Organization warned of a new strain.", "World Health", ("WHO", "HLH")),
    ("Hamas leader Ismail Haniyeh rejected the plan.", "Ismail Haniyeh", ("PSE", "REB")),
    ("Syria's al-Qaeda chief Abu Omar urged attacks.", "Abu Omar", ("SYR", "REB")),
    ("Activists marched against the party's leader Ali Sow in Senegal.", "Ali Sow", ("SEN", "PTY")),
])
def test_sector_and_country(nlp, text, words, expected):
    assert holding(resolve_actors(nlp(text)), words) == expected


def test_a_word_that_only_modifies_makes_no_actor(nlp):
    mentions = resolve_actors(nlp("I was ready to tackle the Terror Level 100 list."))
    assert [m.text for m in mentions] == []


def test_organisations_of_the_table_carry_their_kind():
    table = load_countries()
    assert table.kind_of("ILO") == "igo"
    assert table.get("UNHCR").sector == "REF"
    assert table.get("RUS").sector == ""


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("Iran threatened to shell Iraqi towns near the border.", "towns", ("IRQ", "CVL")),
    ("Algerian landowners began a sit-in outside the ministry.", "landowners", ("DZA", "CVL")),
])
def test_places_and_people_that_cameo_codes_as_civilians(nlp, text, words, expected):
    assert holding(resolve_actors(nlp(text)), words) == expected


def test_a_town_without_a_country_is_a_place_not_an_actor(nlp):
    mentions = resolve_actors(nlp("The family left town after the funeral."))
    assert [m.text for m in mentions] == []


@pytest.mark.parametrize(("text", "words", "country"), [
    ("The government of Mozambique accepted demands from Shona rebels.", "rebels", "MOZ"),
    ("Turkish police stopped a march by students at a university in Sivas.", "students", "TUR"),
    ("The Gabonese government ordered the opposition newspaper Le Soir to close.", "Le Soir", "GAB"),
    ("British Foreign Secretary Jane Doe said that the Chadian government and the rebels in Tibesti must "
     "agree.", "rebels", "TCD"),
])
def test_home_actors_take_the_country_of_the_state_that_deals_with_them(nlp, text, words, country):
    assert holding(resolve_actors(nlp(text)), words)[0] == country


def test_a_reporting_source_after_the_fact_and_another_clause_lend_no_country(nlp):
    # the police who report the news are no party to it
    mentions = resolve_actors(nlp("Togo opened its border to most migrants ordered out of Ghana, Togo police said."))
    assert holding(mentions, "migrants")[0] == "GHA"
    mentions = resolve_actors(nlp("Senators told lawmakers that the Ukrainian president wanted protesters jailed."))
    assert holding(mentions, "lawmakers")[0] is None


@pytest.mark.parametrize("text", [
    "A prominent anti-Syria journalist was killed in Beirut.",
    "Pro-Russian separatists seized the town hall.",
])
def test_a_country_after_anti_or_pro_names_a_side_not_a_nationality(nlp, text):
    mentions = resolve_actors(nlp(text))
    assert all(m.actor is None or m.actor.country not in ("SYR", "RUS") for m in mentions), text


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("Rebels rejected the deployment of a regional peacekeeping force.", "peacekeeping force", ("IGO", "MIL")),
    ("Police closed the polling stations in East Jerusalem.", "East Jerusalem", ("PSE", None)),
])
def test_table_facts(nlp, text, words, expected):
    assert holding(resolve_actors(nlp(text)), words) == expected


def test_a_demonym_before_population_is_an_ethnic_group_living_where_the_context_says(nlp):
    text = "Militias attacked the Hungarian population of the district in Slovakia, according to the UN."
    assert holding(resolve_actors(nlp(text)), "Hungarian population")[0] == "SVK"


@pytest.mark.parametrize(("text", "words", "country"), [
    ("A Peruvian judge ordered former president Luis Vera to appear for questioning.", "Luis Vera", "PER"),
    ("Judge Ana Rocha opened inquiries into 12 Bolivian government officials.", "Ana Rocha", "BOL"),
])
def test_courts_and_police_judge_their_own_officials(nlp, text, words, country):
    assert holding(resolve_actors(nlp(text)), words)[0] == country


def test_an_unnamed_rights_or_aid_group_is_a_non_governmental_organisation(nlp):
    assert holding(resolve_actors(nlp("A human rights group said the trial was unfair.")), "rights group") == \
        ("NGO", "NGO")
    # a named one keeps its own code, a country word its country
    assert holding(resolve_actors(nlp("Human rights organization Amnesty International protested.")),
                   "Amnesty")[0] == "AMN"
    assert holding(resolve_actors(nlp("Two Swedish aid groups sent food.")), "aid groups")[0] == "SWE"
