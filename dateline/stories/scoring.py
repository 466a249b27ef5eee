"""How well one clustering of items agrees with another (the gold): B-cubed and pairwise
precision, recall and F1, the measures of the ECB+ benchmark (bench/stories.py) and of
`dateline bench clusters` on a user's own labels. Pure.

B-cubed averages, over the items, the share of an item's predicted cluster that is in its gold
cluster (precision) and the share of its gold cluster that is in its predicted one (recall);
pairwise counts the pairs of items put together. An item without a prediction is a cluster of one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterScores:
    items: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    predicted_clusters: int
    gold_clusters: int

    def to_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_clusters(predicted: Mapping[str, str], gold: Mapping[str, str]) -> ClusterScores:
    """Scores of `predicted` (item → cluster) against `gold` (item → cluster), over gold's items."""
    items = list(gold)
    if not items:
        return ClusterScores(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0)
    label = {item: predicted.get(item, "\0singleton:" + item) for item in items}
    system: dict[str, set[str]] = defaultdict(set)
    truth: dict[str, set[str]] = defaultdict(set)
    for item in items:
        system[label[item]].add(item)
        truth[gold[item]].add(item)
    p_sum = r_sum = 0.0
    for item in items:
        s, g = system[label[item]], truth[gold[item]]
        both = len(s & g)
        p_sum += both / len(s)
        r_sum += both / len(g)
    b3_p, b3_r = p_sum / len(items), r_sum / len(items)
    together = Counter((label[item], gold[item]) for item in items)
    true_pairs = sum(n * (n - 1) // 2 for n in together.values())
    system_pairs = sum(len(m) * (len(m) - 1) // 2 for m in system.values())
    gold_pairs = sum(len(m) * (len(m) - 1) // 2 for m in truth.values())
    pair_p = true_pairs / system_pairs if system_pairs else 0.0
    pair_r = true_pairs / gold_pairs if gold_pairs else 0.0
    return ClusterScores(len(items), b3_p, b3_r, f1(b3_p, b3_r), pair_p, pair_r, f1(pair_p, pair_r),
                         len(system), len(truth))
