"""Group-average agglomerative clustering of a few articles (a topic's latest members, when
`cluster.py` regroups them): pure functions over a lower-triangular similarity matrix,
`similarity[i][j]` for j < i."""

from __future__ import annotations

from collections.abc import Sequence


def attach_small(groups: list[list[int]], similarity: Sequence[Sequence[float]], threshold: float,
                 largest: int) -> list[list[int]]:
    """Each group of at most `largest` members that the clustering left apart joins the larger
    group it agrees with most on average, if that is at least `threshold`. A short article (a
    brief, a one-line update) shares few terms with anything, so its links, and a pair of them,
    stay below the bar that keeps two stories apart; the story they agree with most, by a margin
    above noise, is still where they belong. Small groups do not join each other."""
    if threshold <= 0 or largest < 1:
        return groups
    large = [list(group) for group in groups if len(group) > largest]
    left = []
    for group in sorted((g for g in groups if len(g) <= largest), key=len):
        links = [(sum(similarity[max(i, j)][min(i, j)] for i in group for j in other) / (len(group) * len(other)), -n)
                 for n, other in enumerate(large)]
        best = max(links, default=None)
        if best is not None and best[0] >= threshold:
            large[-best[1]].extend(group)
        else:
            left.append(group)
    return large + left


def average_link(similarity: Sequence[Sequence[float]], threshold: float) -> list[list[int]]:
    """Group-average agglomerative clustering down to `threshold`; `similarity[i][j]` for j < i.

    Each group remembers its best partner, so a step rescans only the groups whose partner
    changed (about n² work in all rather than n³)."""
    n = len(similarity)
    sums = [[0.0] * n for _ in range(n)]  # the sum of pair similarities between two groups
    for i in range(n):
        row = similarity[i]
        for j in range(i):
            sums[i][j] = sums[j][i] = row[j]
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}

    def partner(i: int) -> tuple[float, int]:  # the group i agrees with most: (mean, -index), lower index on a tie
        size, row = len(groups[i]), sums[i]
        best_mean, best_j = -1.0, -1
        for j, members in groups.items():  # (a loop, not max() over tuples: this is most of the regrouping)
            if j != i:
                mean = row[j] / (size * len(members))
                if best_j < 0 or mean > best_mean or (mean == best_mean and j < best_j):
                    best_mean, best_j = mean, j
        return (best_mean, -best_j) if best_j >= 0 else (-1.0, 0)

    best = {i: partner(i) for i in groups}
    while len(groups) > 1:
        i = max(best, key=lambda k: (best[k], -k))
        mean, j = best[i][0], -best[i][1]
        if mean < threshold:
            break
        i, j = min(i, j), max(i, j)
        groups[i].extend(groups.pop(j))
        del best[j]
        row_i, row_j = sums[i], sums[j]
        for k in groups:
            if k != i:
                row_i[k] = sums[k][i] = row_i[k] + row_j[k]
        for k in groups:
            if k == i or -best[k][1] in (i, j):
                best[k] = partner(k)
            else:
                candidate = (row_i[k] / (len(groups[i]) * len(groups[k])), -i)
                if candidate > best[k]:
                    best[k] = candidate
    return list(groups.values())
