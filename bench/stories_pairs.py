"""A learned pair similarity for story clustering on ECB+ (issue 16): tried and not kept; this
script reproduces the figures in bench/RESULTS.md.

    python bench/stories_pairs.py [FOLDER] [--features NAME,NAME,...]

The clustering compares an article with a topic's latest members by the cosine of their TF-IDF
vectors. Here that cosine is replaced by a logistic regression over features of the pair (the
cosine, the cosine of each kind of term alone, whether both name years and whether the years
differ, how many terms they share, ...), trained on pairs of articles inside one gold topic of
ECB+ topics 1-35 (same story or not). Everything else (topics, joins, regroupings) is the
clustering of `dateline.stories.cluster`, with its thresholds swept on topics 1-35 for the new
scale.

Two figures, both on topics 1-35 only (the test split is not read):
- in-sample: the model trained on all of topics 1-35, then clustering them;
- leave one topic out: each pair inside a topic is scored by a model trained on the other
  topics (a pair across topics by the in-sample model), which is what the model would do on
  topics it never saw. Only that figure says whether the model carries over.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import stories as bench  # noqa: E402  (bench/stories.py: loading, scoring, the warm state)

from dateline.stories import cluster  # noqa: E402
from dateline.stories.cluster_terms import cosine, normalised, weigh, words_and_marks  # noqa: E402

FEATURES = ("cosine", "words_dot", "phrases_dot", "names_dot", "numbers_dot", "words", "phrases", "names",
            "numbers", "title", "years_both", "years_differ", "shorter_length", "shared_terms")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_KINDS = ("words", "phrases", "names", "numbers")


def _kind(term: str) -> int:
    if term.startswith("n:"):
        return 2
    if term.startswith("#"):
        return 3
    return 1 if " " in term else 0


class PairFeatures:
    """Each document's vectors as the clustering weighs them (IDF over all documents, the 300
    heaviest terms, terms of fewer than 3 documents left out), and the features of a pair."""

    def __init__(self, docs: Sequence[bench.Doc]) -> None:
        counts, title_counts = [], []
        for doc in docs:
            article = bench.as_article(doc)
            words, marks = words_and_marks(article.title, article.body[:6000])
            counts.append({**words, **marks})
            title_words, title_marks = words_and_marks(article.title, "")
            title_counts.append({**title_words, **title_marks})
        frequency: Counter[str] = Counter()
        for terms in counts:
            frequency.update(terms.keys())
        self.row = {doc.id: n for n, doc in enumerate(docs)}
        self.vectors = [weigh(c, frequency, len(docs), 300, min_frequency=3) for c in counts]
        self.titles = [weigh(c, frequency, len(docs), 300) for c in title_counts]
        self.by_kind = [[normalised({t: w for t, w in v.items() if _kind(t) == k}) for k in range(4)]
                        for v in self.vectors]
        self.years = [set(_YEAR.findall(doc.text[:1500])) for doc in docs]
        self.lengths = [len(doc.text.split()) for doc in docs]

    def of(self, a: str, b: str) -> list[float]:
        i, j = self.row[a], self.row[b]
        shared = self.vectors[i].keys() & self.vectors[j].keys()
        parts = [0.0] * 4
        for term in shared:
            parts[_kind(term)] += self.vectors[i][term] * self.vectors[j][term]
        both = bool(self.years[i] and self.years[j])
        return [sum(parts), *parts, *(cosine(self.by_kind[i][k], self.by_kind[j][k], 1.0) for k in range(4)),
                cosine(self.titles[i], self.titles[j], 1.0), float(both), float(both and not self.years[i] & self.years[j]),
                math.log1p(min(self.lengths[i], self.lengths[j])), math.log1p(len(shared))]

    def shared_terms(self, a: str, b: str) -> int:
        return len(self.vectors[self.row[a]].keys() & self.vectors[self.row[b]].keys())


Model = Callable[[list[float]], float]


def train(rows: list[list[float]], labels: list[bool]) -> Model:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(rows)
    regression = LogisticRegression(max_iter=1000).fit(scaler.transform(rows), labels)
    return lambda row: float(regression.predict_proba(scaler.transform([row]))[0, 1])


def run_with_pairs(docs: Sequence[bench.Doc], corpus: Sequence[bench.Doc], settings: cluster.ClusterSettings,
                   similarity: Callable[[str, str], float]) -> dict[str, str]:
    """`bench.run_dateline` with the pair similarity (an article against each member of its
    topic's window, which the joins and the regroupings read) given by `similarity`."""
    arriving: list[str] = []
    assign_one, story_links = cluster._assign_one, cluster._story_links

    def tracked(article: cluster.StoryArticle, state: cluster.ClusterState,
                settings: cluster.ClusterSettings) -> cluster.Assignment:
        arriving[:] = [article.id]
        return assign_one(article, state, settings)

    def links(words: dict[str, float], marks: dict[str, float], published: datetime | None, topic: cluster._Topic,
              state: cluster.ClusterState, settings: cluster.ClusterSettings,
              row: list[float]) -> list[tuple[float, cluster.Story]]:
        by_story: dict[str, list[float]] = {}
        for member in reversed(topic.window):
            story_id = state.story_of_article.get(member.article_id)
            if story_id is None:
                row.append(0.0)
                continue
            score = similarity(arriving[0], member.article_id)
            row.append(score)
            by_story.setdefault(state.story_id(story_id), []).append(score)
        others = [s for s in topic.stories if s not in by_story][-settings.member_candidates:]
        scored = []
        for story_id in [*by_story, *others]:
            story = state.stories.get(story_id)
            if story is None or cluster._faded(story, published, settings):
                continue
            scores = by_story.get(story_id, [])[:settings.member_limit]
            link = sum(scores) / len(scores) if scores else cluster._centroid_similarity(words, marks, story, settings)
            scored.append((link, story))
        return sorted(scored, key=lambda pair: (-pair[0], pair[1].id))

    cluster._assign_one, cluster._story_links = tracked, links  # type: ignore[assignment]
    try:
        return bench.run_dateline(docs, corpus, settings)
    finally:
        cluster._assign_one, cluster._story_links = assign_one, story_links  # type: ignore[assignment]


GRID = {"join_threshold": [0.3, 0.4], "split_threshold": [0.3, 0.35, 0.4, 0.45, 0.5],
        "attach_threshold": [0.1, 0.2, 0.3]}


def best_settings(run: Callable[[cluster.ClusterSettings], bench.Scores]) -> tuple[dict[str, float], bench.Scores]:
    best: tuple[dict[str, float], bench.Scores] | None = None
    for values in itertools.product(*GRID.values()):
        chosen = dict(zip(GRID, values, strict=True))
        scores = run(replace(cluster.ClusterSettings(), **chosen))
        if best is None or scores.b3_f1 > best[1].b3_f1:
            best = (chosen, scores)
    assert best is not None
    return best


def within_topic_auc(scores: list[float], labels: list[bool], topics: list[int]) -> float:
    from sklearn.metrics import roc_auc_score

    by_topic: dict[int, list[int]] = defaultdict(list)
    for n, topic in enumerate(topics):
        by_topic[topic].append(n)
    aucs = [roc_auc_score([labels[n] for n in rows], [scores[n] for n in rows])
            for rows in by_topic.values() if len({labels[n] for n in rows}) == 2]
    return float(np.mean(aucs))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=bench.DEFAULT_FOLDER)
    parser.add_argument("--features", default=",".join(FEATURES), help=f"a comma-separated subset of {FEATURES}")
    args = parser.parse_args(argv)
    chosen = [FEATURES.index(name) for name in args.features.split(",")]

    docs = bench.load(args.folder)
    tuning = [d for d in docs if d.topic <= 35]
    features = PairFeatures(docs)
    pairs, rows, labels, topics = [], [], [], []
    by_topic: dict[int, list[bench.Doc]] = defaultdict(list)
    for doc in tuning:
        by_topic[doc.topic].append(doc)
    for topic, members in by_topic.items():
        for a, b in itertools.combinations(members, 2):
            pairs.append((a.id, b.id))
            rows.append([features.of(a.id, b.id)[n] for n in chosen])
            labels.append(a.cluster == b.cluster)
            topics.append(topic)
    topic_of = {d.id: d.topic for d in docs}
    models = {None: train(rows, labels)}
    for held_out in by_topic:
        kept = [n for n, topic in enumerate(topics) if topic != held_out]
        models[held_out] = train([rows[n] for n in kept], [labels[n] for n in kept])

    cosines = [features.of(a, b)[0] for a, b in pairs]
    held_out_scores = [models[t](row) for row, t in zip(rows, topics, strict=True)]
    print(f"{len(pairs)} pairs inside topics 1-35, {sum(labels)} of one story; features: {args.features}")
    print(f"within-topic AUC: cosine {within_topic_auc(cosines, labels, topics):.4f}, "
          f"model (left-out topic) {within_topic_auc(held_out_scores, labels, topics):.4f}")

    def similarity(leave_out: bool) -> Callable[[str, str], float]:
        cache: dict[tuple[str, str], float] = {}

        def score(a: str, b: str) -> float:
            key = (a, b) if a < b else (b, a)
            if key not in cache:
                if features.shared_terms(a, b) < cluster.ClusterSettings().min_shared_terms:
                    cache[key] = 0.0
                else:
                    same = topic_of[a] if leave_out and topic_of[a] == topic_of[b] else None
                    cache[key] = models[same]([features.of(a, b)[n] for n in chosen])
            return cache[key]
        return score

    plain = bench.score(bench.run_dateline(tuning, docs, cluster.ClusterSettings()), tuning)
    print("\n| pair similarity | thresholds (best on topics 1-35) | B3 P / R / F1 | pairwise P / R / F1 | clusters |")
    print("|---|---|---|---|---|")
    print(f"| cosine (the clustering as it is) | the defaults | {plain.row()} |")
    for name, leave_out in (("model, in-sample", False), ("model, topic left out", True)):
        score = similarity(leave_out)
        thresholds, scores = best_settings(
            lambda s, score=score: bench.score(run_with_pairs(tuning, docs, s, score), tuning))
        print(f"| {name} | {thresholds} | {scores.row()} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
