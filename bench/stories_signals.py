"""Five more pair similarities and a two-stage regrouping for story clustering on ECB+ (issue 16),
tried and not kept; this script reproduces the figures in bench/RESULTS.md.

    python bench/stories_signals.py [FOLDER] [--orders 3]

Topics 1-35 only (the test split is not read). Two checks:

- **Offline, two ways at once.** Group-average clustering (`stories.agglomerate.average_link`)
  inside each gold topic, which holds two events of one kind (B-cubed F1: are the two kept
  apart?), and inside each gold story alone, one event (B-cubed recall: is it left whole?), over
  a sweep of thresholds. A similarity that parts two events only by cutting every group finer
  scores on the first and loses on the second; only a better pair of figures at one threshold
  is a gain. The cosine as the clustering computes it is the reference.
- **Online.** The clustering of `dateline.stories.cluster` with the pair similarity replaced
  (`stories_pairs.run_with_pairs`), in file order and `--orders` random orders.

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
  most 20 of the 982 documents (copy from one agency, one quote);
- *lead*: 0.85 × the cosine + 0.15 × the cosine of the title and the body's first 250 characters
  (what an article reports first is its event; the background comes later);
- *two stages*: not a similarity but a way to group: the group is cut fine by local rarity
  (`log ** 0.5`, down to 0.08 or 0.09), then the pieces are joined by the cosine (group average,
  down to the regrouping threshold), so that no early join of two events' articles steers the rest.
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
from dateline.stories.cluster_terms import normalised, weigh, words_and_marks  # noqa: E402

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
        lead_counts = []
        for doc in docs:
            article = bench.as_article(doc)
            words, marks = words_and_marks(article.title, article.body[:250])
            lead_counts.append({**words, **marks})
        frequency: Counter[str] = Counter()
        for counts in lead_counts:
            frequency.update(counts.keys())
        self.leads = {d.id: weigh(c, frequency, len(docs), 300, min_frequency=2) for d, c in zip(docs, lead_counts, strict=True)}

    def vectors(self, group: Sequence[bench.Doc]) -> list[dict[str, float]]:
        return [self.features.vectors[self.features.row[d.id]] for d in group]

    def cosine(self, group: Sequence[bench.Doc]) -> np.ndarray:
        return _gram(self.vectors(group))

    def rarity(self, kind: str) -> Matrix:
        def matrix(group: Sequence[bench.Doc]) -> np.ndarray:
            return local_rarity(self.vectors(group), kind)
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
        least_shared = cluster.ClusterSettings().min_shared_terms

        def similarity(a: str, b: str) -> float:
            key = (a, b) if a < b else (b, a)
            if key not in known:
                va, vb = vectors[row[a]], vectors[row[b]]
                shared = va.keys() & vb.keys()
                value = sum(va[t] * vb[t] for t in shared)
                if len(shared) < least_shared:
                    value = 0.0
                elif kind == "length":
                    value -= 0.02 * min(self.log_length[a], self.log_length[b])
                elif kind == "reuse":
                    value += 0.1 * min(1.0, len(self.shingles[a] & self.shingles[b]) / 8)
                elif kind == "lead":
                    la, lb = self.leads[a], self.leads[b]
                    value = 0.85 * value + 0.15 * sum(la[t] * lb[t] for t in la.keys() & lb.keys())
                known[key] = value
            return known[key]
        return similarity


def local_rarity(vectors: list[dict[str, float]], kind: str = "log") -> np.ndarray:
    """The cosines of the vectors with each term weighed again by its rarity among them."""
    n = len(vectors)
    members: Counter[str] = Counter()
    for vector in vectors:
        members.update(vector.keys())
    if kind == "log":
        return _gram([normalised({t: w * math.log((n + 1) / members[t]) ** 0.5 for t, w in v.items()})
                      for v in vectors])
    return _gram([normalised({t: w * (1 - (members[t] - 1) / n) for t, w in v.items()}) for v in vectors])


def two_stages(local: np.ndarray, similarity: np.ndarray, fine: float, threshold: float) -> list[list[int]]:
    """Cut fine by `local`, then join the pieces by `similarity` (group average) down to `threshold`."""
    return two_stages_from(average_link(_lower(local), fine), similarity, threshold)


def two_stages_from(groups: list[list[int]], similarity: np.ndarray, threshold: float) -> list[list[int]]:
    while len(groups) > 1:
        link, a, b = max((float(similarity[np.ix_(groups[a], groups[b])].mean()), a, b)
                         for a in range(len(groups)) for b in range(a + 1, len(groups)))
        if link < threshold:
            break
        groups[a] += groups.pop(b)
    return groups


def run_two_stages(docs: Sequence[bench.Doc], corpus: Sequence[bench.Doc], settings: cluster.ClusterSettings,
                   fine: float) -> dict[str, str]:
    """`bench.run_dateline` with the regrouping of a topic's window done in two stages."""
    window: list[dict[str, float]] = []
    regroup, link = cluster._regroup, cluster.average_link

    def tracked(topic: cluster._Topic, latest: str, state: cluster.ClusterState,
                settings: cluster.ClusterSettings) -> tuple[str | None, tuple[str, ...]]:
        window[:] = [m.words for m in topic.window if m.article_id in state.story_of_article]
        return regroup(topic, latest, state, settings)

    def grouped(lower: Sequence[Sequence[float]], threshold: float) -> list[list[int]]:
        n = len(window)
        similarity = np.zeros((n, n))
        for i in range(n):
            for j in range(i):
                similarity[i, j] = similarity[j, i] = lower[i][j]
        return two_stages(local_rarity(window), similarity, fine, threshold)

    cluster._regroup, cluster.average_link = tracked, grouped  # type: ignore[assignment]
    try:
        return bench.run_dateline(docs, corpus, settings)
    finally:
        cluster._regroup, cluster.average_link = regroup, link  # type: ignore[assignment]


def _lower(matrix: np.ndarray) -> list[list[float]]:
    return [row[:i] for i, row in enumerate(matrix.tolist())]


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


Grouping = Callable[[Sequence[bench.Doc], float], list[list[int]]]


def by_matrix(matrix: Matrix) -> Grouping:
    """Group-average clustering over `matrix`, each group's matrix computed once."""
    known: dict[tuple[str, ...], np.ndarray] = {}

    def group(members: Sequence[bench.Doc], threshold: float) -> list[list[int]]:
        key = tuple(d.id for d in members)
        if key not in known:
            known[key] = matrix(members)
        return average_link(_lower(known[key]), threshold)
    return group


def by_two_stages(signals: Signals, fine: float) -> Grouping:
    local, cosine = by_matrix(signals.rarity("log")), signals.cosine
    known: dict[tuple[str, ...], tuple[list[list[int]], np.ndarray]] = {}

    def group(members: Sequence[bench.Doc], threshold: float) -> list[list[int]]:
        key = tuple(d.id for d in members)
        if key not in known:
            known[key] = (local(members, fine), cosine(members))
        pieces, similarity = known[key]
        return two_stages_from([list(p) for p in pieces], similarity, threshold)
    return group


def _partition(groups: dict[str, list[bench.Doc]], grouping: Grouping, threshold: float) -> dict[str, str]:
    predicted = {}
    for key, members in groups.items():
        for n, found in enumerate(grouping(members, threshold)):
            for i in found:
                predicted[members[i].id] = f"{key}/{n}"
    return predicted


def frontier(name: str, grouping: Grouping, topics: dict[str, list[bench.Doc]], stories: dict[str, list[bench.Doc]],
             tuning: Sequence[bench.Doc]) -> None:
    points = []
    for threshold in np.arange(0.04, 0.40, 0.01):
        two = bench.score(_partition(topics, grouping, threshold), tuning).b3_f1
        one = bench.score(_partition(stories, grouping, threshold), tuning).b3_r
        points.append((two, one, float(threshold)))
    best = max(points)
    balanced = max(points, key=lambda p: p[0] + p[1])
    print(f"| {name} | {best[0]:.4f} / {best[1]:.4f} at {best[2]:.2f} | {balanced[0]:.4f} / {balanced[1]:.4f} "
          f"at {balanced[2]:.2f} |", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=bench.DEFAULT_FOLDER)
    parser.add_argument("--orders", type=int, default=3, help="random arrival orders besides the file's (online)")
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
    for name, matrix in (("cosine", signals.cosine), ("local rarity, log ** 0.5", signals.rarity("log")),
                         ("local rarity, share without", signals.rarity("share")),
                         ("second order, half", signals.second_order), ("length", signals.length)):
        frontier(name, by_matrix(matrix), topics, stories, tuning)
    for fine in (0.06, 0.08):
        frontier(f"two stages, cut fine at {fine}", by_two_stages(signals, fine), topics, stories, tuning)

    orders = [tuning] + [random.Random(seed).sample(tuning, len(tuning)) for seed in range(args.orders)]
    print(f"\nOnline, topics 1-35, B-cubed F1: file order, random orders 0-{args.orders - 1}, mean of all\n")
    print(f"| similarity | regrouping threshold | file | orders 0-{args.orders - 1} | mean |")
    print("|---|---|---|---|---|")
    # One cached similarity per kind, shared by every order and threshold (it depends on neither).
    similarities = {kind: signals.pair(kind) for kind in ("cosine", "length", "reuse", "lead")}
    runs: list[tuple[str, Callable[[Sequence[bench.Doc], cluster.ClusterSettings], dict[str, str]]]] = [
        (kind, lambda order, settings, kind=kind: pairs.run_with_pairs(order, docs, settings, similarities[kind]))
        for kind in similarities]
    runs += [(f"two stages, cut fine at {fine}", lambda order, settings, fine=fine: run_two_stages(order, docs, settings, fine))
             for fine in (0.08, 0.09)]
    for name, run in runs:
        for split in (0.22, 0.24):
            settings = replace(cluster.ClusterSettings(), split_threshold=split)
            f1s = [bench.score(run(order, settings), tuning).b3_f1 for order in orders]
            print(f"| {name} | {split} | {f1s[0]:.4f} | {' / '.join(f'{f:.4f}' for f in f1s[1:])} | "
                  f"{sum(f1s) / len(f1s):.4f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
