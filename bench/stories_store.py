"""Speed and size of the "stories" stage's writer in the store (store/story_index.py): near-duplicate
grouping, online clustering, the stories' rows and the state saved, per batch, in SQLite.

Articles are bodies of words drawn by their frequency in the AEB and Fundus bodies (bench/dedup.py's
`Synthetic`: one in twenty a republished copy of a recent one), published ten minutes apart, so that
stories fade as on a stream; the headline is the body's first words.
The articles are stored first (extraction's rows, not timed), then the writer is given them in
batches, as ingest does in the batch's transaction; what is timed is that call alone, in CPU
seconds of this process (the machine may be shared) and in wall time, for the batches that
arrive once `--stored` articles are in; and, with the stage's own part (each article's
fingerprint, made where the article is extracted), dedup and clustering together per CPU second.

With `--in-memory`, no store: each batch is fingerprinted, checked against the in-memory
`DuplicateIndex`, clustered, and the faded stories forgotten (as the writer does), and that is
what is timed: the cost of dedup and clustering themselves.

    PYTHONPATH=. .venv/bin/python bench/stories_store.py ../shared/bench --stored 10000 --measured 1000
    PYTHONPATH=. .venv/bin/python bench/stories_store.py ../shared/bench --stored 100000 --measured 3000 --in-memory
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup import Synthetic, load_aeb, load_fundus  # noqa: E402

from dateline.model import Article, Page, Processed  # noqa: E402
from dateline.store import Store  # noqa: E402
from dateline.store.schema import story_state  # noqa: E402
from dateline.store.stage_writers import StageOutput  # noqa: E402
from dateline.store.story_index import FORGET_AFTER_FADES, StoriesWriter, forget_cached_state  # noqa: E402
from dateline.stories.cluster import ClusterSettings, ClusterState, StoryArticle, assign  # noqa: E402
from dateline.stories.dedup import DuplicateIndex, fingerprint  # noqa: E402
from dateline.stories.inputs import story_input  # noqa: E402
from dateline.urls import normalise_url  # noqa: E402

START = datetime(2025, 1, 6, tzinfo=UTC)


def article_stream(texts: list[tuple[str, str, str]]) -> Iterator[Article]:
    synthetic = Synthetic([body for _, _, body in texts], seed=7)
    sites = sorted({site for _, site, _ in texts})
    for n in itertools.count():
        body = synthetic.body()
        published = START + timedelta(minutes=10 * n)
        yield Article(is_article=True, url=f"https://{sites[n % len(sites)]}/a/{n}", title=body[:80],
                      body=body, published=published.isoformat(), language="en")


def articles(texts: list[tuple[str, str, str]], count: int) -> list[Article]:
    return list(itertools.islice(article_stream(texts), count))


def table_bytes(path: str) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:  # no dbstat in this SQLite build
        return {}
    finally:
        conn.close()
    return {name: size for name, size in rows if name.startswith(("stor", "dedup", "duplicate", "ix_stor"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench", type=Path, help="the shared bench folder (aeb/ and fundus/ in it)")
    parser.add_argument("--stored", type=int, default=10000)
    parser.add_argument("--measured", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--in-memory", action="store_true", help="dedup and clustering alone, without the store")
    args = parser.parse_args()
    texts = [t for t in load_aeb(args.bench / "aeb") + load_fundus(args.bench / "fundus") if len(t[2]) > 200]
    if args.in_memory:
        in_memory(article_stream(texts), args.stored, args.measured, args.batch)
        return
    made = articles(texts, args.stored + args.measured)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stories.db")
        writer = StoriesWriter()
        with Store.open(path) as store:
            ids: list[int] = []
            for start in range(0, len(made), 1000):  # the articles themselves, untimed
                chunk = made[start:start + 1000]
                store.write_batch([Processed(Page(content=f"{a.url}\n{a.body}".encode(), url=a.url), a) for a in chunk])
            with store.engine.connect() as conn:  # a body published twice is one article under two URLs
                by_url = dict(conn.exec_driver_sql("SELECT url, article_id FROM article_urls").all())
            ids = [by_url[normalise_url(a.url)] for a in made]
            inputs = [story_input(a) for a in made[:args.stored]]
            t0 = time.process_time()  # the stage's part (the fingerprint), per measured article
            inputs += [story_input(a) for a in made[args.stored:]]
            stage_cpu = time.process_time() - t0
            first = {aid: i for i, aid in reversed(list(enumerate(ids)))}  # a body seen twice goes in once
            cpu = wall = 0.0
            for start in range(0, len(made), args.batch):
                outputs = [StageOutput(ids[i], "stories", "2", "", inputs[i])
                           for i in range(start, min(start + args.batch, len(made))) if first[ids[i]] == i]
                t0, w0 = time.process_time(), time.perf_counter()
                with store.engine.begin() as conn:
                    writer.write(conn, outputs)
                if start >= args.stored:
                    cpu += time.process_time() - t0
                    wall += time.perf_counter() - w0
                if start and start % 5000 == 0:
                    print(f"  {start} articles in", file=sys.stderr)
            with store.engine.connect() as conn:
                state_bytes = len(conn.execute(story_state.select()).first().state)
                stories = conn.exec_driver_sql("SELECT COUNT(*) FROM stories").scalar()
        forget_cached_state()
        sizes = table_bytes(path)
    measured = len(made) - args.stored
    print(json.dumps({
        "stored": args.stored, "measured": measured, "batch": args.batch,
        "articles_per_cpu_second": round(measured / cpu, 1), "articles_per_wall_second": round(measured / wall, 1),
        "with_the_stage_per_cpu_second": round(measured / (cpu + stage_cpu), 1),
        "stories": stories, "state_bytes": state_bytes,
        "table_bytes_per_article": {k: round(v / len(made)) for k, v in sorted(sizes.items())},
    }, indent=2))


def in_memory(stream: Iterator[Article], stored: int, measured: int, batch: int) -> None:
    """Fingerprints, the in-memory duplicate index and clustering, batch by batch; the batches
    after the first `stored` articles timed (CPU seconds of this process). The articles are made
    batch by batch, as they would arrive: a list of them all would weigh on every pass of the
    garbage collector that is timed."""
    state, settings, index = ClusterState(), ClusterSettings(), DuplicateIndex()
    forget = timedelta(days=settings.fade_days * FORGET_AFTER_FADES)
    cpu = 0.0
    for start in range(0, stored + measured, batch):
        chunk = list(itertools.islice(stream, min(batch, stored + measured - start)))
        t0 = time.process_time()
        grouped = []
        for n, (article, found) in enumerate(zip(chunk, map(fingerprint, chunk), strict=True), start):
            group = None
            if found is not None:
                index.add(n, found)
                group = str(index.group_of(n))
            grouped.append(StoryArticle(id=str(n), title=article.title or "", body=article.body or "",
                                        published=article.published_at, site="", duplicate_group=group,
                                        language=article.language))
        assign(grouped, state, settings)
        state.forget_before(max(a.published for a in grouped if a.published is not None) - forget)
        if start >= stored:
            cpu += time.process_time() - t0
    print(json.dumps({"stored": stored, "measured": measured, "batch": batch, "in_memory": True,
                      "articles_per_cpu_second": round(measured / cpu, 1), "live_stories": len(state.stories),
                      "counted_terms": len(state.frequencies)}, indent=2))


if __name__ == "__main__":
    main()
