"""Four more pair similarities for story clustering on ECB+ (issue 16), tried and not kept; this
script reproduces the figures in bench/RESULTS.md.

    python bench/stories_signals.py [FOLDER]

Topics 1-35 only (the test split is not read). Two checks:

- **Offline, two ways at once.** Group-average clustering (`stories.agglomerate.average_link`)
  inside each gold topic, which holds two events of one kind (B-cubed F1: are the two kept
  apart?), and inside each gold story alone, one event (B-cubed recall: is it left whole?), over
  a sweep of thresholds. A similarity that parts two events only by cutting every group finer
  scores on the first and loses on the second; only a better pair of figures at one threshold
  is a gain. The cosine as the clustering computes it is the reference.
- **Online.** The clustering of `dateline.stories.cluster` with the pair similarity replaced
  (`stories_pairs.run_with_pairs`), in file order and three random orders.

The similarities:
- *local rarity*: each term's weight times its rarity among the group's own members
  (`log((n + 1) / df) ** 0.5`, or the share of members without it), as a two-level TF-IDF
  weighs a topic's terms: the words all of a topic's articles share say nothing about which of
  its events an article reports;
- *second order*: how alike two articles' similarities to the group's members are (the cosine
  of their rows), blended half and half with the cosine;
- *length*: the cosine less `0.02 * log(shorter length / 150 words)` (long articles share more
  background, so two events' long articles agree more than two short ones do);
- *text reuse*: the cosine plus `0.1 * min(1, shared 5-word shingles / 8)`, shingles used by at
  most 20 of the 982 documents (copy from one agency, one quote).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import stories as bench  # noqa: E402
import stories_pairs as pairs  # noqa: E402

from dateline.stories import cluster  # noqa: E402
from dateline.stories.agglomerate import average_link  # noqa: E402
from dateline.stories.cluster_terms import normalised  # noqa: E402

Matrix = Callable[[Sequence[bench.Doc]], np.ndarray]
_WORD = re.compile(r"\w+")


class Signals:
    def __init__(self, docs: Sequence[bench.Doc]) -> None:
        self.features = pairs.PairFeatures(docs)
        self.log_length = {d.id: math.log(max(len(d.text.split()), 10) / 150) for d in docs}
        shingles = {d.id: _shingles(d.text, 5) for d in docs}
        used: Counter[str] = Counter()
        for found in shingles.values():
            used.update(found)
        self.shingles = {id: {s for s in found if used[s] <= 20} for id, found in shingles.items()}

    def vectors(self, group: Sequence[bench.Doc]) -> list[dict[str, float]]:
        return [self.features.vectors[self.features.row[d.id]] for d in group]

    def cosine(self, group: Sequence[bench.Doc]) -> np.ndarray:
        return _gram(self.vectors(group))

    def local_rarity(self, kind: str) -> Matrix:
        def matrix(group: Sequence[bench.Doc]) -> np.ndarray:
            vectors, n = self.vectors(group), len(group)
            members: Counter[str] = Counter()
            for vector in vectors:
                members.update(vector.keys())
            if kind == "log":
                return _gram([normalised({t: w * math.log((n + 1) / members[t]) ** 0.5 for t, w in v.items()})
                              for v in vectors])
            return _gram([normalised({t: w * (1 - (members[t] - 1) / n) for t, w in v.items()}) for v in vectors])
        return matrix

    def second_order(self, group: Sequence[bench.Doc]) -> np.ndarray:
        first = self.cosine(group)
        rows = first / np.linalg.norm(first, axis=1, keepdims=True)
        return 0.5 * first + 0.5 * rows @ rows.T

    def length(self, group: Sequence[bench.Doc]) -> np.ndarray:
        shorter = np.array([self.log_length[d.id] for d in group])
        return self.cosine(group) - 0.02 * np.minimum.outer(shorter, shorter)

    def pair(self, kind: str) -> Callable[[str, str], float]:
        """The online pair similarity (an article against a window member), cached."""
        known: dict[tuple[str, str], float] = {}
        vectors, row = self.features.vectors, self.features.row

        def similarity(a: str, b: str) -> float:
            key = (a, b) if a < b else (b, a)
            if key not in known:
                va, vb = vectors[row[a]], vectors[row[b]]
                shared = va.keys() & vb.keys()
                value = sum(va[t] * vb[t] for t in shared)
                if len(shared) < cluster.ClusterSettings().min_shared_terms:
                    value = 0.0
                elif kind == "length":
                    value -= 0.02 * min(self.log_length[a], self.log_length[b])
                elif kind == "reuse":
                    value += 0.1 * min(1.0, len(self.shingles[a] & self.shingles[b]) / 8)
                known[key] = value
            return known[key]
        return similarity


def _shingles(text: str, n: int) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def _gram(vectors: list[dict[str, float]]) -> np.ndarray:
    columns: dict[str, int] = {}
    for vector in vectors:
        for term in vector:
            columns.setdefault(term, len(columns))
    dense = np.zeros((len(vectors), len(columns)))
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            dense[i, columns[term]] = weight
    return dense @ dense.T


def _partition(groups: dict[str, list[bench.Doc]], matrices: dict[str, np.ndarray], threshold: float) -> dict[str, str]:
    predicted = {}
    for key, members in groups.items():
        lower = [list(row[:i]) for i, row in enumerate(matrices[key].tolist())]
        for n, found in enumerate(average_link(lower, threshold)):
            for i in found:
                predicted[members[i].id] = f"{key}/{n}"
    return predicted


def frontier(name: str, matrix: Matrix, topics: dict[str, list[bench.Doc]], stories: dict[str, list[bench.Doc]],
             tuning: Sequence[bench.Doc]) -> None:
    in_topics = {key: matrix(members) for key, members in topics.items()}
    in_stories = {key: matrix(members) for key, members in stories.items()}
    points = []
    for threshold in np.arange(0.04, 0.40, 0.01):
        two = bench.score(_partition(topics, in_topics, threshold), tuning).b3_f1
        one = bench.score(_partition(stories, in_stories, threshold), tuning).b3_r
        points.append((two, one, float(threshold)))
    best = max(points)
    balanced = max(points, key=lambda p: p[0] + p[1])
    print(f"| {name} | {best[0]:.4f} / {best[1]:.4f} at {best[2]:.2f} | {balanced[0]:.4f} / {balanced[1]:.4f} "
          f"at {balanced[2]:.2f} |", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=bench.DEFAULT_FOLDER)
    args = parser.parse_args(argv)
    docs = bench.load(args.folder)
    tuning = [d for d in docs if d.topic <= 35]
    signals = Signals(docs)
    topics: dict[str, list[bench.Doc]] = defaultdict(list)
    stories: dict[str, list[bench.Doc]] = defaultdict(list)
    for doc in tuning:
        topics[str(doc.topic)].append(doc)
        stories[doc.cluster].append(doc)

    print("Offline, topics 1-35: two events (F1 inside each gold topic) / one event (recall inside each gold story)\n")
    print("| similarity | best for two events | best for both (sum) |")
    print("|---|---|---|")
    for name, matrix in (("cosine", signals.cosine), ("local rarity, log ** 0.5", signals.local_rarity("log")),
                         ("local rarity, share without", signals.local_rarity("share")),
                         ("second order, half", signals.second_order), ("length", signals.length)):
        frontier(name, matrix, topics, stories, tuning)

    orders = [tuning] + [random.Random(seed).sample(tuning, len(tuning)) for seed in range(3)]
    print("\nOnline, topics 1-35, B-cubed F1: file order, random orders 0-2, mean\n")
    print("| similarity | regrouping threshold | file | orders 0-2 | mean |")
    print("|---|---|---|---|---|")
    for kind in ("cosine", "length", "reuse"):
        for split in (0.22, 0.24):
            settings = replace(cluster.ClusterSettings(), split_threshold=split)
            similarity = signals.pair(kind)
            f1s = [bench.score(pairs.run_with_pairs(order, docs, settings, similarity), tuning).b3_f1 for order in orders]
            print(f"| {kind} | {split} | {f1s[0]:.4f} | {' / '.join(f'{f:.4f}' for f in f1s[1:])} | "
                  f"{sum(f1s) / len(f1s):.4f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
