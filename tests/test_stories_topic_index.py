"""The topic index and its reverse: forgetting a topic edits only its own terms, and leaves the
index exactly as a walk over every term would."""

from __future__ import annotations

import pickle
import random
from collections import deque
from datetime import timedelta

from stories_examples import ALL, DROUGHT

from dateline.stories import topic_index
from dateline.stories.cluster import ClusterSettings, ClusterState, assign


def _walked(index: dict[str, deque[str]], live: set[str]) -> dict[str, deque[str]]:
    """What forgetting gave before the reverse map: every term's postings filtered."""
    kept = {term: [t for t in postings if t in live] for term, postings in index.items()}
    return {term: deque(topics, maxlen=index[term].maxlen) for term, topics in kept.items() if topics}


def test_dropping_topics_equals_filtering_every_posting_list() -> None:
    rng = random.Random(3)
    words = [f"{a}{b}" for a in ("drought", "ferry", "quake", "tariff", "strike") for b in ("", "s", "ing", "ed")]
    index: dict[str, deque[str]] = {}
    filed: dict[str, dict[str, None]] = {}
    for n in range(300):  # topics filed under a few words each; lists of 4 lose their oldest
        topic_index.add(index, filed, rng.sample(words, 5), f"topic-{n % 40}", posting_limit=4)
    # Exact: a topic that dropped out of a list is not filed under its term (a topic that dropped
    # out of all of its lists keeps an empty entry until it is dropped itself).
    assert {topic: terms for topic, terms in filed.items() if terms} == topic_index.reverse(index)
    assert any(not terms for terms in filed.values())
    live = {f"topic-{n}" for n in range(40) if n % 3}
    expected = _walked(index, live)
    topic_index.drop(index, filed, {f"topic-{n}" for n in range(40) if not n % 3}, live)
    assert list(index) == list(expected)  # the same terms, in the same order
    assert {term: list(p) for term, p in index.items()} == {term: list(p) for term, p in expected.items()}
    assert all(p.maxlen == 4 for p in index.values())
    assert not any(f"topic-{n}" in filed for n in range(0, 40, 3))


def test_the_reverse_of_an_index_finds_every_term_a_topic_is_filed_under() -> None:
    index: dict[str, deque[str]] = {}
    filed: dict[str, dict[str, None]] = {}
    topic_index.add(index, filed, ["drought", "rationing", "reservoir"], "topic-a", posting_limit=2)
    topic_index.add(index, filed, ["drought", "ferry"], "topic-b", posting_limit=2)
    topic_index.add(index, filed, ["drought", "ferry"], "topic-b", posting_limit=2)  # filed once
    assert {t: list(terms) for t, terms in topic_index.reverse(index).items()} == {
        "topic-a": ["drought", "rationing", "reservoir"], "topic-b": ["drought", "ferry"]}
    assert filed == topic_index.reverse(index)
    topic_index.add(index, filed, ["drought"], "topic-c", posting_limit=2)  # topic-a drops out of "drought"
    assert list(filed["topic-a"]) == ["rationing", "reservoir"]
    assert filed == topic_index.reverse(index)


def test_a_state_read_back_forgets_as_the_kept_one() -> None:
    # The reverse map is not saved: a state read back makes it again from its index.
    settings = ClusterSettings(split_every=2)
    kept = ClusterState()
    assign(ALL, kept, settings)
    restored = pickle.loads(pickle.dumps(kept))
    assert "_filed" not in restored.__dict__
    when = DROUGHT[0].published
    assert restored.forget_before(when) == kept.forget_before(when) != []
    assert restored.index == kept.index
    assert set(restored.index) and all(set(p) <= set(restored.topics) for p in restored.index.values())
    later = when + timedelta(days=30)
    assert restored.forget_before(later) == kept.forget_before(later)
    assert not restored.index and not kept.index
