"""The regrouping's clustering of a topic's latest members (stories/agglomerate.py)."""

from __future__ import annotations

from dateline.stories.agglomerate import attach_lone, average_link

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
    groups = attach_lone(average_link(SIMILARITY, 0.22), SIMILARITY, 0.12)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 2, 4], [3]]


def test_a_lone_article_below_the_bar_stays_alone():
    groups = attach_lone(average_link(SIMILARITY, 0.22), SIMILARITY, 0.2)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 2], [3], [4]]


def test_lone_articles_do_not_join_each_other():
    # Two briefs that agree with each other but nothing else: no group of two or more to join.
    similarity = [[], [0.1]]
    assert sorted(sorted(g) for g in attach_lone(average_link(similarity, 0.22), similarity, 0.05)) == [[0], [1]]


def test_off_by_default_threshold_zero():
    groups = average_link(SIMILARITY, 0.22)
    assert attach_lone(groups, SIMILARITY, 0.0) == groups
