"""The in-memory duplicate index's cost per article as it grows (issue 16: a cost that does not grow
with the store): CPU µs an article of `DuplicateIndex.add` and `group_of`, the mean of each block of
10,000 articles, on bench/stories_store.py's synthetic stream (bodies drawn from the AEB and Fundus
words, one in twenty a republished copy). Fingerprints are made outside the timing.

    PYTHONHASHSEED=0 PYTHONPATH=. .venv/bin/python bench/dedup_index_curve.py ../shared/bench --articles 100000
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stories_store import article_stream, load_aeb, load_fundus  # noqa: E402

from dateline.stories.dedup import DuplicateIndex, fingerprint  # noqa: E402

BLOCK = 10_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench", type=Path, help="the shared bench folder (aeb/ and fundus/ in it)")
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    texts = [t for t in load_aeb(args.bench / "aeb") + load_fundus(args.bench / "fundus") if len(t[2]) > 200]
    stream, index = article_stream(texts), DuplicateIndex()
    means: list[int] = []
    seconds, n = 0.0, 0
    while n < args.articles:
        prints = [fingerprint(a) for a in itertools.islice(stream, 1000)]
        started = time.process_time()
        for found in prints:
            if found is not None:
                index.add(n, found)
                index.group_of(n)
            n += 1
        seconds += time.process_time() - started
        if n % BLOCK == 0:
            means.append(round(seconds / BLOCK * 1e6))
            seconds = 0.0
    print(f"µs an article, each block of {BLOCK:,} to {n:,}: {means}")


if __name__ == "__main__":
    main()
