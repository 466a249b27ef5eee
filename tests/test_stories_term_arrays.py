"""The bulk comparisons of story clustering give what the dict loops they replace give."""

from __future__ import annotations

import math
import pickle
import random
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from stories_examples import ALL

from dateline.stories.cluster import ClusterState, _Centroid, assign
from dateline.stories.cluster_terms import weigh, words_and_marks
from dateline.stories.term_arrays import TermArrays


@dataclass(frozen=True)
class _Member:
    words: dict[str, float]


def _vector(rng: random.Random, vocabulary: list[str], size: int) -> dict[str, float]:
    return {term: rng.random() for term in rng.sample(vocabulary, size)}


def test_links_are_the_dot_products_and_the_shared_terms() -> None:
    rng = random.Random(7)
    vocabulary = [f"t{n}" for n in range(400)]
    arrays = TermArrays()
    members = [_Member(_vector(rng, vocabulary, rng.choice([0, 1, 5, 60, 200]))) for _ in range(30)]
    for step in range(40):
        window = members[step % 7:step % 7 + 24]
        vector = _vector(rng, vocabulary, rng.choice([0, 3, 80]))
        dots, shared = arrays.links(vector, "topic", window)
        assert shared == [len(vector.keys() & m.words.keys()) for m in window]
        for dot, member in zip(dots, window, strict=True):
            assert math.isclose(dot, sum(vector[t] * member.words[t] for t in vector.keys() & member.words.keys()),
                                rel_tol=1e-12, abs_tol=1e-15)


def test_the_numbering_starts_afresh_past_its_limit() -> None:
    rng = random.Random(3)
    vocabulary = [f"t{n}" for n in range(1000)]
    arrays = TermArrays(limit=300)
    for _ in range(30):
        window = [_Member(_vector(rng, vocabulary, 20)) for _ in range(5)]
        vector = _vector(rng, vocabulary, 50)
        dots, _ = arrays.links(vector, "topic", window)
        expected = [sum(vector[t] * m.words[t] for t in vector.keys() & m.words.keys()) for m in window]
        assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15) for a, b in zip(dots, expected, strict=True))
        assert len(arrays.numbers) <= 300
    assert arrays.generation > 0


def _weigh_loop(counts: Counter[str], frequencies: Counter[str], documents: int, keep: int,
                min_frequency: int) -> dict[str, float]:
    """weigh() as a loop over the terms (as it was written before it worked in bulk)."""
    most = 0.5 * documents if documents >= 20 else documents
    least = min_frequency if documents >= 20 else 1
    weights = {}
    for term, count in counts.items():
        frequency = frequencies.get(term, 0)
        if frequency > most or frequency < least or (frequency < 3 and " " in term):
            continue
        weights[term] = (1.0 + math.log(count)) * (math.log(documents + 1) + 1.0 - math.log(frequency + 1))
    if len(weights) > keep:
        weights = dict(sorted(weights.items(), key=itemgetter(1), reverse=True)[:keep])
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}


def test_weighing_in_bulk_gives_the_same_floats_in_the_same_order() -> None:
    frequencies: Counter[str] = Counter()
    texts = [words_and_marks(a.title, a.body)[0] for a in ALL]
    for words in texts:
        frequencies.update(words.keys())
    frequencies.update({term: 70_000 for term in list(frequencies)[::5]})  # (past the table of logarithms)
    for documents in (5, 40, 200_000):
        for keep in (3, 40, 300):
            for least in (1, 2, 3):
                for words in texts:
                    expected = _weigh_loop(words, frequencies, documents, keep, least)
                    assert list(weigh(words, frequencies, documents, keep, min_frequency=least).items()) == \
                        list(expected.items())


def test_a_centroid_prunes_and_subtracts_as_term_by_term() -> None:
    rng = random.Random(11)
    vocabulary = [f"t{n}" for n in range(300)]
    centroid = _Centroid()
    weights: dict[str, float] = {}
    squares = 0.0
    vectors = [{term: rng.choice([0.25, 0.5, rng.random()]) for term in rng.sample(vocabulary, 40)} for _ in range(12)]
    for vector in vectors:  # (ties among the weights: a prune keeps the earlier of equals)
        centroid.add(vector, limit=30)
        for term, weight in vector.items():
            old = weights.get(term, 0.0)
            weights[term] = old + weight
            squares += weights[term] * weights[term] - old * old
        if len(weights) > 60:
            weights = dict(sorted(weights.items(), key=itemgetter(1), reverse=True)[:30])
            squares = sum(w * w for w in weights.values())
        assert list(centroid.weights.items()) == list(weights.items()) and centroid.squares == squares
    centroid.subtract(vectors[-1])
    for term, weight in vectors[-1].items():
        old = weights.get(term, 0.0)
        left = old - weight
        if left > 1e-9:
            weights[term] = left
        else:
            weights.pop(term, None)
            left = 0.0
        squares += left * left - old * old
    assert list(centroid.weights.items()) == list(weights.items()) and centroid.squares == squares


def test_a_pickled_state_leaves_the_arrays_behind_and_goes_on() -> None:
    state = ClusterState()
    first = assign(ALL[:-2], state)
    assert "_arrays" in state.__dict__
    again = pickle.loads(pickle.dumps(state))
    assert "_arrays" not in again.__dict__
    assert [a.story_id for a in assign(ALL[-2:], again)] == [a.story_id for a in assign(ALL[-2:], state)]
    assert first


def test_a_story_all_of_whose_members_left_links_to_nothing() -> None:
    # Subtracting what was added leaves the running sum of squares with its rounding; a story
    # emptied by the regrouping must not keep a norm (it once divided by its zero members).
    rng = random.Random(11)
    vocabulary = [f"t{n}" for n in range(300)]
    vectors = [_vector(rng, vocabulary, 40) for _ in range(30)]
    centroid = _Centroid()
    for vector in vectors:
        centroid.add(vector, limit=400)
    for vector in reversed(vectors):
        centroid.subtract(vector)
    assert centroid.count == 0 and centroid.weights == {} and centroid.norm == 0.0
    probe = vectors[0]
    assert centroid.link(probe, average=True) == 0.0 and centroid.link(probe, average=False) == 0.0
    other = _Centroid()
    other.add(probe, limit=400)
    assert centroid.similarity(other, average=True) == 0.0 == other.similarity(centroid, average=True)
