"""Near-duplicate detection (stories/dedup.py) on written articles: a wire story republished three
ways is one group with the wire story as its original; other stories about the same minister on
the same day, and an unrelated one, stay apart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from dedup_examples import APART, BY_KEY, COPIES, EXAMPLES, WIRE

from dateline.stories.dedup import (
    MIN_WORDS,
    THRESHOLD,
    DuplicateIndex,
    Fingerprint,
    band_keys,
    fingerprint,
    fingerprint_text,
    minhash,
    pick_original,
    shingle_hashes,
    shingle_sequence,
    similarity,
    strip_dateline,
    wire_agency,
    words,
)


def prints() -> dict[str, Fingerprint]:
    found = {e.key: fingerprint(e.article()) for e in EXAMPLES}
    assert all(fp is not None for fp in found.values())
    return {k: fp for k, fp in found.items() if fp is not None}


def test_every_republished_copy_is_a_duplicate_of_the_wire_story() -> None:
    fps = prints()
    for key in COPIES[1:]:
        assert similarity(fps["wire"], fps[key]) >= THRESHOLD, key
        assert set(band_keys(fps["wire"])) & set(band_keys(fps[key])), f"{key}: LSH finds no candidate"


@pytest.mark.parametrize("key", APART)
def test_other_stories_on_the_same_day_are_not(key: str) -> None:
    fps = prints()
    assert max(similarity(fps[key], fps[other]) for other in fps if other != key) < 0.2


def test_the_index_groups_the_copies_with_the_wire_story_as_original() -> None:
    fps = prints()
    index = DuplicateIndex()
    ids = {e.key: n for n, e in enumerate(EXAMPLES, start=1)}
    for e in EXAMPLES:
        index.add(ids[e.key], fps[e.key])
    groups = index.groups()
    assert list(groups.values()) == [sorted(ids[k] for k in COPIES)]
    (members,) = groups.values()
    assert index.original(members) == ids["wire"]
    assert all(index.get(ids[k]).wire == "Reuters" for k in COPIES)


def test_groups_do_not_depend_on_the_order_articles_arrive_in() -> None:
    fps = prints()
    index = DuplicateIndex()
    ids = {e.key: n for n, e in enumerate(EXAMPLES, start=1)}
    for e in reversed(EXAMPLES):
        index.add(ids[e.key], fps[e.key])
    (members,) = index.groups().values()
    assert members == sorted(ids[k] for k in COPIES)
    assert index.original(members) == ids["wire"]  # still the earliest published


def test_a_wire_story_is_known_by_its_dateline_or_its_byline() -> None:
    assert wire_agency(BY_KEY["retitled"].article()) == "Reuters"  # dateline only
    assert wire_agency(BY_KEY["same_actor_1"].article()) == "BNS"
    article = BY_KEY["unrelated"].article()
    assert wire_agency(article) is None
    article.agency = "AFP; dpa"
    assert wire_agency(article) == "AFP"
    article.agency = "Web Desk"  # a newsroom byline is no wire agency
    assert wire_agency(article) is None


def test_the_dateline_prefix_is_not_part_of_the_text() -> None:
    assert strip_dateline("ISTANBUL (Reuters) - Russian and US diplomats will meet").strip().startswith("Russian")
    assert strip_dateline("Vilnius, March 11 (Reuters) - text", "Vilnius, March 11 (Reuters) -").strip() == "text"
    plain = "Councillors in Port Alder voted on Tuesday."
    assert strip_dateline(plain) == plain
    a = fingerprint_text("ISTANBUL (Reuters) - " + WIRE.split("-", 1)[1])
    b = fingerprint_text("Istanbul, Feb 26 (AP) — " + WIRE.split("-", 1)[1])
    assert a is not None and b is not None and a.signature == b.signature


def test_the_original_is_the_earliest_then_the_most_complete() -> None:
    early, late = datetime(2025, 3, 11, 9, tzinfo=UTC), datetime(2025, 3, 11, 10, tzinfo=UTC)
    assert pick_original([(1, late, 300), (2, early, 40)]) == 2
    assert pick_original([(1, early, 40), (2, early, 300)]) == 2
    assert pick_original([(1, None, 500), (2, late, 40)]) == 2  # dated before undated
    assert pick_original([(3, None, 40), (2, None, 40)]) == 2


def test_a_short_body_is_not_indexed() -> None:
    assert fingerprint_text("Breaking: more to follow.") is None
    assert fingerprint_text(" ".join(["word"] * MIN_WORDS)) is not None


def test_fingerprints_are_stable_across_runs() -> None:
    # The store keeps signatures and band keys: the hashing must never depend on the process
    # (Python's hash() is salted) nor change without a migration.
    fp = fingerprint_text(WIRE)
    assert fp is not None
    assert fp.shingles == 296
    assert fp.body_array()[:3].tolist() == STABLE_SIGNATURE
    assert band_keys(fp)[0] == STABLE_FIRST_KEY


STABLE_SIGNATURE = [18745631, 12968094, 4855107]


def test_words_split_unspaced_scripts_and_drop_punctuation() -> None:
    assert words("Straße, ﬁnance: 東京で・会議!") == ["strasse", "finance", "東", "京", "で", "会", "議"]
    assert words("It's 9 a.m. (UTC)") == ["it", "s", "9", "a", "m", "utc"]


def test_a_repeated_shingle_leaves_the_signature_as_it_is() -> None:
    # fingerprint_text takes the minimum over the shingle sequence, repeats and all
    tokens = words(WIRE) * 2
    assert minhash(shingle_sequence(tokens)).tolist() == minhash(shingle_hashes(tokens)).tolist()
STABLE_FIRST_KEY = -8016355419234713698


def test_buckets_find_what_was_added_before_and_after_a_merge() -> None:
    import random

    from dateline.stories.dedup import Buckets

    rng = random.Random(3)
    buckets = Buckets()
    added = {n: [rng.getrandbits(64) - (1 << 63) for _ in range(70)] for n in range(2000)}  # 140,000 rows: one merge
    for n, keys in added.items():
        buckets.add(keys, n)
    assert buckets._keys.size > 0 and buckets._recent  # some rows merged into the arrays, some not yet
    for n in (0, 1000, 1999):
        assert buckets.find(added[n][:5]) == {n}
    # The bitmap in front of the arrays lets every stored key through (negative ones too), and a
    # key that shares only its low bits with a stored one finds nothing.
    merged = [n for n in added if n not in buckets._recent.values()]
    assert len(merged) > 1000
    assert all(buckets.find([added[n][7]]) == {n} for n in merged)
    assert buckets.find([added[n][0] ^ (1 << 62) for n in merged[:500]]) == set()
    shared = added[0][0]
    buckets.add([shared], 5000)
    assert buckets.find([shared]) == {0, 5000}
    assert buckets.find([12345]) == set()


def test_merged_rows_are_what_a_stable_sort_of_all_rows_gives() -> None:
    # Keys repeat (a copy or a chance puts several articles in one bucket), within the old rows, within
    # the new ones and across them; a key's old rows stay first, each part in its own order.
    import numpy as np

    from dateline.stories.dedup import merged_rows

    rng = np.random.default_rng(7)
    for old_count, new_count in ((0, 50), (1000, 0), (5000, 700), (20, 3000)):
        old_keys = np.sort(rng.integers(-40, 40, old_count, dtype=np.int64))
        old_ids = rng.permutation(old_count).astype(np.int64)
        new_keys = rng.integers(-50, 50, new_count, dtype=np.int64)
        new_ids = np.arange(old_count, old_count + new_count, dtype=np.int64)
        keys, ids = np.concatenate([old_keys, new_keys]), np.concatenate([old_ids, new_ids])
        order = np.argsort(keys, kind="stable")
        got_keys, got_ids = merged_rows(old_keys, old_ids, new_keys, new_ids)
        assert got_keys.tolist() == keys[order].tolist()
        assert got_ids.tolist() == ids[order].tolist()
