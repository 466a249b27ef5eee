"""Actors: where a titled person's country comes from when the phrase names none. Evidence about the
person (an apposition, a possessive, an earlier or later mention, the knowledge base) comes before a bare
country word nearby; a country word that belongs to another party of the sentence (an object, a place of
a meeting, a currency) gives nobody its country; a state's own actor takes the country of the home actors
it deals with."""

from __future__ import annotations

import pytest

from dateline.enrich.actors import resolve_actors
from dateline.enrich.actors_known import KnownActors
from dateline.enrich.nlp import load_pipeline
from dateline.model import Actor, ActorMention


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def person(mentions: list[ActorMention], name: str) -> Actor:
    for m in mentions:
        if m.actor is not None and m.actor.kind == "person" and name in (m.actor.name or ""):
            return m.actor
    raise AssertionError(f"no person {name!r} in {[m.text for m in mentions]}")


@pytest.mark.parametrize("text", [
    # (a name the bundled table of well-known figures does not hold: it would say the country)
    "Foreign Minister Ivan Petrenko said on Wednesday that his talks with Turkey had gone well.",
    "Foreign Minister Ivan Petrenko met his counterpart in Istanbul on Thursday.",
    "Foreign Minister Ivan Petrenko spoke on a visit to Turkey about the war.",
    "Archbishop Emeka Obi called for sanctions against Ghana after the trial.",
    "President Tom Hale praised Chile for its reforms.",
    "Ousted president Paul Marin is accused of taking US$ 5 million from the treasury.",
])
def test_a_country_word_of_another_party_gives_no_country(nlp, text):
    mentions = resolve_actors(nlp(text))
    titled = next(m for m in mentions if m.actor is not None and m.actor.kind == "person")
    assert titled.actor.country is None, (text, titled.actor.country)


def test_evidence_about_the_person_comes_first(nlp):
    before = resolve_actors(nlp("Sergei Lavrov, Russia's foreign minister, arrived on Tuesday. Foreign Minister "
                                "Sergei Lavrov said the talks in Ankara with Turkey went well."))
    assert person(before, "Lavrov").country == "RUS"
    later = resolve_actors(nlp("Foreign Minister Sergei Lavrov praised Turkey as a host. Russia's Sergei Lavrov "
                               "then flew home."))
    assert person(later, "Lavrov").country == "RUS"
    apposed = resolve_actors(nlp("Foreign Minister Sergei Lavrov, Russia's top diplomat, praised Turkey."))
    assert person(apposed, "Lavrov").country == "RUS"
    known = KnownActors.of([Actor("person:sergei-lavrov", "Sergei Lavrov", "person", "RUS", "GOV",
                                  "foreign minister")])
    alone = resolve_actors(nlp("Foreign Minister Sergei Lavrov praised Turkey as a host."), known=known)
    assert person(alone, "Lavrov").country == "RUS"


def test_a_later_mention_replaces_a_country_only_the_context_gave(nlp):
    mentions = resolve_actors(nlp("President Ali Nour spoke about the economy of Mali. Niger's Ali Nour "
                                  "then left for home."))
    assert person(mentions, "Ali Nour").country == "NER"


@pytest.mark.parametrize(("text", "country"), [
    ("President Ali Nour eased a curfew imposed in Chad after the riots.", "TCD"),
    ("Opposition parties in Malawi want President Joseph Banda to resign.", "MWI"),
    ("Planning Minister Ana Costa said Angola would open its markets.", "AGO"),
    ("President Jean Tamba banned Gabonese opposition parties from the vote.", "GAB"),
    ("President Emile Kaba thanked the Guinean people for their patience.", "GIN"),
])
def test_the_context_still_answers_where_it_is_about_the_country(nlp, text, country):
    mentions = resolve_actors(nlp(text))
    titled = next(m for m in mentions if m.actor is not None and m.actor.kind == "person")
    assert titled.actor.country == country, text


def test_home_actors_lend_no_country_to_a_foreign_counterpart_or_a_named_group(nlp):
    # a named armed group's country is the group's, not the president's
    mentions = resolve_actors(nlp("President Tom Hale put sanctions on Hamas leaders."))
    assert person(mentions, "Tom Hale").country is None
    # home actors of two countries: no answer
    mentions = resolve_actors(nlp("President Tom Hale met Iraqi opposition leaders and Syrian rebels."))
    assert person(mentions, "Tom Hale").country is None


def test_a_speaker_is_no_party_to_what_the_quote_names(nlp):
    mentions = resolve_actors(nlp("\u201cWe will not decide over the heads of Ukrainians,\u201d said Secretary of State "
                                  "Ana Ruiz."))
    assert person(mentions, "Ana Ruiz").country is None
    # but a speaker who reports its own deed takes part in it
    mentions = resolve_actors(nlp("The Fijian rebels said they will free Prime Minister Tom Vula on Sunday."))
    assert person(mentions, "Tom Vula").country == "FJI"
