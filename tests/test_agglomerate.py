"""The regrouping's clustering of a topic's latest members (stories/agglomerate.py)."""

from __future__ import annotations

from dateline.stories.agglomerate import attach_small, average_link

# Five articles: 0-2 one story (they agree 0.5-0.6), 3 another of the kind, 4 a brief on the
# first story that shares little with anything (0.15 on average with 0-2, 0.02 with 3).
SIMILARITY = [
    [],
    [0.6],
    [0.5, 0.55],
    [0.05, 0.04, 0.06],
    [0.14, 0.16, 0.15, 0.02],
]


def test_groups_stop_at_the_threshold():
    groups = sorted(sorted(g) for g in average_link(SIMILARITY, 0.22))
    assert groups == [[0, 1, 2], [3], [4]]


def test_a_lone_article_joins_the_story_it_agrees_with_most():
    groups = attach_small(average_link(SIMILARITY, 0.22), SIMILARITY, 0.12, 1)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 2, 4], [3]]


def test_a_lone_article_below_the_bar_stays_alone():
    groups = attach_small(average_link(SIMILARITY, 0.22), SIMILARITY, 0.2, 1)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 2], [3], [4]]


def test_lone_articles_do_not_join_each_other():
    # Two briefs that agree with each other but nothing else: no group of two or more to join.
    similarity = [[], [0.1]]
    assert sorted(sorted(g) for g in attach_small(average_link(similarity, 0.22), similarity, 0.05, 2)) == [[0], [1]]


def test_off_by_default_threshold_zero():
    groups = average_link(SIMILARITY, 0.22)
    assert attach_small(groups, SIMILARITY, 0.0, 2) == groups


def test_a_pair_left_apart_joins_the_story_it_agrees_with_most_when_pairs_may():
    # 0-2 one story; 3 and 4 two briefs on it that agree with each other (0.3) and with it (0.15).
    similarity = [[], [0.6], [0.5, 0.55], [0.14, 0.16, 0.15], [0.15, 0.14, 0.16, 0.3]]
    groups = average_link(similarity, 0.22)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 2], [3, 4]]
    assert sorted(sorted(g) for g in attach_small(groups, similarity, 0.12, 1)) == [[0, 1, 2], [3, 4]]
    assert sorted(sorted(g) for g in attach_small(groups, similarity, 0.12, 2)) == [[0, 1, 2, 3, 4]]
