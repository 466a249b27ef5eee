"""Story clustering and story summaries on the written examples of tests/stories_examples.py."""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from stories_examples import (
    ALL,
    DROUGHT,
    DROUGHT_EVENTS,
    MINISTER_RESIGN,
    MINISTER_TRADE,
    UNRELATED,
    WIRE,
)

from dateline.stories import term_table
from dateline.stories.cluster import ClusterSettings, ClusterState, StoryArticle, _enrichment_marks, _lead, assign
from dateline.stories.cluster_terms import words_and_marks
from dateline.stories.summary import first_sentences, lead_sentence, summarize, timeline


def _stories(articles: list[StoryArticle], state: ClusterState | None = None) -> dict[str, str]:
    state = state or ClusterState()
    return {a.article_id: state.story_id(a.story_id) for a in assign(articles, state)}


def test_each_example_ends_in_its_own_story() -> None:
    story = _stories(ALL)
    assert story["wire-1"] == story["wire-2"] == story["wire-3"]
    assert story["drought-1"] == story["drought-2"] == story["drought-3"]
    assert story["solberg-trade"] != story["solberg-deputy"]
    assert len({story[a.id] for a in ALL}) == 5  # ferry, trade deal, deputy, drought, football
    assert story["football"] not in {story["wire-1"], story["drought-1"], story["solberg-trade"]}


def test_the_same_without_any_enrichment() -> None:
    bare = [replace(a, actors=(), places=(), event_keys=(), duplicate_group=None) for a in ALL]
    story = _stories(bare)
    assert story["wire-1"] == story["wire-2"] == story["wire-3"]
    assert story["drought-1"] == story["drought-2"] == story["drought-3"]
    assert story["solberg-trade"] != story["solberg-deputy"]
    assert len(set(story.values())) == 5


def test_a_duplicate_group_counts_once() -> None:
    state = ClusterState()
    assignments = assign(WIRE, state)
    story = state.stories[assignments[0].story_id]
    assert len(story.members) == 3 and story.unique_members == 1
    assert [a.new_story for a in assignments] == [True, False, False]


def test_ids_are_stable_when_an_article_is_added_again() -> None:
    state = ClusterState()
    first = _stories(ALL, state)
    again = _stories([DROUGHT[1], WIRE[2], MINISTER_TRADE], state)
    assert again == {k: first[k] for k in again}
    assert all(len(s.members) == len(set(s.members)) for s in state.stories.values())
    # The same articles in the same order give the same ids in a fresh state.
    assert _stories(ALL) == first


def test_a_story_fades_and_a_long_running_one_keeps_gathering() -> None:
    settings = ClusterSettings(fade_days=3)
    state = ClusterState()
    # Each day's article is at most two days after the last: the story keeps gathering past fade_days.
    ids = {a.story_id for a in assign(DROUGHT, state, settings)}
    assert len(ids) == 1
    month_later = replace(DROUGHT[2], id="drought-late", published=DROUGHT[2].published + timedelta(days=30))
    late = assign([month_later], state, settings)[0]
    assert late.new_story and late.story_id not in ids


def test_the_candidate_index_stays_bounded() -> None:
    settings = ClusterSettings(posting_limit=4, candidate_limit=3)
    state = ClusterState()
    copies = [replace(UNRELATED, id=f"match-{n}", published=UNRELATED.published + timedelta(days=10 * n))
              for n in range(12)]  # the same report every ten days: a new story each time (faded)
    assignments = assign(copies, state, settings)
    assert all(a.new_story for a in assignments)
    assert max(len(postings) for postings in state.index.values()) <= 4


def test_names_and_numbers_are_marks_and_headline_case_is_not() -> None:
    words, marks = words_and_marks("Ferry Sinks Off Skarvik", "A ferry sank off Skarvik island, said Erik Lindqvist, 44.")
    assert {"n:skarvik", "n:erik_lindqvist", "#44"} <= set(marks)
    assert "n:sinks" not in marks and "n:ferry" not in marks
    assert "ferry" in words and "said" not in words


def test_story_summary_of_the_wire_and_the_drought() -> None:
    wire = summarize(WIRE)
    assert wire.title in {a.title for a in WIRE}
    assert wire.articles == 3 and wire.unique_articles == 1
    assert set(wire.outlets) == {"norlandpress.example", "dailyharbour.example", "northpost.example"}
    assert wire.summary.startswith("PORT HALVERSEN (Norland Press) - A passenger ferry carrying 212 people sank")
    assert wire.summary.count("ferry") == 1  # one unique article: one lead sentence

    drought = summarize(DROUGHT, DROUGHT_EVENTS)
    assert "Morvath" in drought.title or "Osterdal" in drought.title
    assert drought.first_published == DROUGHT[0].published and drought.last_published == DROUGHT[2].published
    assert drought.actors[0] == "Hanne Vik" and drought.places[:2] == ("Lake Morvath", "Osterdal")
    assert drought.summary.startswith("The Morvath dam") and drought.summary.count(".") >= 3
    assert [e.date for e in drought.timeline] == ["2026-07-01", "2026-07-02"]  # a repeated event once


def test_timeline_is_in_date_order() -> None:
    assert [e.article_id for e in timeline(DROUGHT_EVENTS)] == ["drought-1", "drought-2"]


def test_the_headline_most_outlets_share_is_the_title() -> None:
    variants = [replace(MINISTER_RESIGN, id=f"r{n}", title=title, duplicate_group=None) for n, title in enumerate([
        "LIVE: politics today",
        "Deputy transport minister Ostrand resigns over bridge contract",
        "Ostrand resigns as deputy transport minister over bridge contract",
        "Bridge contract: deputy minister Ostrand resigns",
    ])]
    assert "Ostrand" in summarize(variants).title and "LIVE" not in summarize(variants).title


def _trimmed(article: StoryArticle, suffix: str) -> StoryArticle:
    """Another outlet's version: its own id, the last paragraph dropped."""
    return replace(article, id=article.id + suffix, body=article.body.rsplit("\n", 1)[0], duplicate_group=None)


def test_a_bridging_article_merges_two_stories_and_the_bigger_keeps_its_id() -> None:
    settings = ClusterSettings(join_threshold=0.6, merge_threshold=0.3)
    state = ClusterState()
    first, second = assign(DROUGHT[:2], state, settings)
    assert first.new_story and second.new_story  # strict: the second day looks like another story
    roundup = replace(DROUGHT[1], id="drought-roundup", body=DROUGHT[0].body + "\n" + DROUGHT[1].body)
    bridge = assign([roundup], state, settings)[0]
    absorbed = ({first.story_id, second.story_id} - {bridge.story_id}).pop()
    assert bridge.merged == (absorbed,)
    assert state.story_id(absorbed) == bridge.story_id
    assert sorted(state.stories[bridge.story_id].members) == ["drought-1", "drought-2", "drought-roundup"]


def test_a_story_that_mixed_two_events_is_regrouped() -> None:
    # One topic for all, and any story takes any article: the regrouping has to tell them apart.
    settings = ClusterSettings(topic_threshold=0.0, join_threshold=0.0, split_threshold=0.3, split_every=4)
    state = ClusterState()
    mixed = [MINISTER_TRADE, MINISTER_RESIGN, _trimmed(MINISTER_TRADE, "-2"), _trimmed(MINISTER_RESIGN, "-2")]
    assignments = assign(mixed, state, settings)
    assert len(state.topics) == 1
    # The deputy's join agreed less than split_threshold: the regrouping undid it at once.
    assert not assignments[1].new_story and assignments[1].split_off == assignments[1].story_id
    groups = {state.story_id(state.story_of_article[a.id]) for a in mixed}
    assert len(groups) == 2
    assert state.story_of_article["solberg-trade"] == state.story_of_article["solberg-trade-2"] == assignments[0].story_id
    assert state.story_of_article["solberg-deputy"] == state.story_of_article["solberg-deputy-2"] == assignments[1].story_id


def test_the_regrouping_moves_members_and_retires_an_emptied_story() -> None:
    # Without the regrouping (split_every=0) the strict join opens a story per article...
    strict = ClusterSettings(topic_threshold=0.0, join_threshold=0.99, split_every=0)
    state = ClusterState()
    first = assign(DROUGHT, state, strict)
    assert all(a.new_story for a in first)
    # ...and one regrouping gathers them: the biggest group keeps the oldest story's id.
    regroup = replace(strict, split_every=4, split_threshold=0.05)
    late = assign([replace(DROUGHT[2], id="drought-4", published=DROUGHT[2].published + timedelta(hours=5))],
                  state, regroup)[0]
    ids = {state.story_id(state.story_of_article[a.id]) for a in DROUGHT} | {late.story_id}
    assert ids == {first[0].story_id}
    assert set(late.merged) | {first[0].story_id} >= {a.story_id for a in first}
    assert sorted(state.stories[first[0].story_id].members) == ["drought-1", "drought-2", "drought-3", "drought-4"]


def test_faded_stories_are_forgotten_and_the_rest_kept() -> None:
    state = ClusterState()
    story = _stories(ALL, state)
    forgotten = state.forget_before(DROUGHT[0].published)  # the March stories faded by July
    assert story["drought-1"] not in forgotten and story["wire-1"] in forgotten
    assert set(state.stories) == {story["drought-1"]}
    assert set(state.story_of_article) == {"drought-1", "drought-2", "drought-3"}
    later = replace(DROUGHT[2], id="drought-4", published=DROUGHT[2].published + timedelta(days=1))
    assert assign([later], state)[0].story_id == story["drought-1"]


def test_forgetting_leaves_no_link_to_what_it_dropped() -> None:
    # forget_before looks only at what faded: the rest of the state must still point at live
    # stories and topics (the index, the topics' story lists, the duplicate groups, the merges).
    state = ClusterState()
    assign(ALL, state, ClusterSettings(split_every=2))
    unchanged = pickle.dumps(state)
    assert state.forget_before(WIRE[0].published - timedelta(days=1)) == []  # nothing faded yet
    assert pickle.dumps(state) == unchanged
    state.forget_before(DROUGHT[0].published)  # the March stories faded by July
    assert set(state.topics) == {state.stories[s].topic for s in state.stories}
    assert all(state.stories[s].topic == t for t, topic in state.topics.items() for s in topic.stories)
    assert all(set(postings) <= set(state.topics) for postings in state.index.values())
    assert "dup-ferry" not in state.story_of_group
    assert all(state.story_id(s) in state.stories for s in [*state.story_of_group.values(), *state.merged_into.values()])


def test_a_pickled_state_goes_on_as_the_kept_one() -> None:
    # The store pickles the state after each batch: the next batch must see no difference.
    settings = ClusterSettings(split_every=2)
    kept = ClusterState()
    assign(ALL[:5], kept, settings)
    restored = pickle.loads(pickle.dumps(kept))
    rest = [*ALL[5:], _trimmed(DROUGHT[0], "-2"), _trimmed(MINISTER_TRADE, "-2")]
    assert assign(rest, restored, settings) == assign(rest, kept, settings)
    assert restored.story_of_article == kept.story_of_article


def test_term_counts_and_the_index_stay_bounded() -> None:
    state = ClusterState(term_limit=300)
    assign(ALL, state)
    assert len(state.frequencies) <= 300
    story = state.story_id(state.story_of_article["drought-3"])
    state.forget_before(DROUGHT[-1].published + timedelta(days=1))  # everything faded
    assert not state.stories and not state.topics and not state.index
    assert story not in state.stories


@pytest.mark.parametrize("make", [term_table.new_table, term_table.PythonTermTable], ids=["in use", "python"])
def test_pruning_drops_the_rarest_terms_first(make: Callable[[], term_table.Table]) -> None:
    # Terms used by 1, 2-3 and 4+ articles: a limit that the 2+ still exceed drops the 2-3 too.
    frequencies = Counter({f"once {n}": 1 for n in range(50)})
    frequencies.update({f"twice {n}": 2 + n % 2 for n in range(30)})
    frequencies.update({f"often {n}": 4 + n for n in range(20)})
    table = make()
    for times in range(1, 24):
        assert table.count([term for term, n in frequencies.items() if n >= times]).min() == times
    terms = list(frequencies)
    assert table.lookup(terms).tolist() == list(frequencies.values())
    assert table.pruned(100) is table  # few enough already
    assert table.pruned(40).lookup(terms).tolist() == [n if n >= 4 else 0 for n in frequencies.values()]
    assert table.pruned(60).lookup(terms).tolist() == [n if n >= 2 else 0 for n in frequencies.values()]
    assert len(table.pruned(10)) <= 10
    state = ClusterState(term_limit=300)
    assign(ALL, state)
    assert 0 < len(state.frequencies) <= 300


def test_a_state_saved_with_the_counts_by_term_reads_back() -> None:
    # States pickled before the term table held a Counter of terms: they go on as if just counted.
    settings = ClusterSettings(split_every=2)
    kept = ClusterState()
    assign(ALL[:5], kept, settings)
    old = pickle.loads(pickle.dumps(kept))
    terms = [term for article in ALL[:5]  # (what clustering counts of each: the lead's terms, enrichment's marks)
             for part in (*words_and_marks(article.title, _lead(article.body, settings.body_chars)),
                          _enrichment_marks(article))
             for term in part]
    counts = dict(zip(terms, kept.frequencies.lookup(terms).tolist(), strict=True))
    old.__dict__["frequencies"] = Counter({term: n for term, n in counts.items() if n})
    restored = pickle.loads(pickle.dumps(old))
    assert restored.frequencies.lookup(terms).tolist() == kept.frequencies.lookup(terms).tolist()
    rest = ALL[5:]
    assert assign(rest, restored, settings) == assign(rest, kept, settings)


def test_a_lead_sentence_is_no_date_stamp_and_keeps_its_abbreviations() -> None:
    body = ("Published Thursday, August 4, 2011 5:55PM EDT\n"
            "The quake struck 75 kilometers west of Manokwari, the U.S. Geological Survey said on Friday. "
            "A girl was killed.")
    assert lead_sentence(body) == (
        "The quake struck 75 kilometers west of Manokwari, the U.S. Geological Survey said on Friday.")


def test_the_first_sentences_stop_at_the_count_asked() -> None:
    text = 'The U.S. Army said on Friday. Mr. Smith left early.  "We are done," he said.\n\nA line without an end'
    assert first_sentences(text, 2) == ["The U.S. Army said on Friday.", "Mr. Smith left early."]
    assert first_sentences(text, 10) == ["The U.S. Army said on Friday.", "Mr. Smith left early.",
                                         '"We are done," he said.', "A line without an end"]
    assert first_sentences("  \n ", 3) == []
