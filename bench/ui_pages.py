"""Server-side render time of the web UI's pages on a store of 10,000 articles.

The store is made from the bundled examples (and the shared page dump), ingested once with
enrichment, events and stories, then copied row by row until it holds `--articles` articles: each
copy gets new ids, its events new ids and dates shifted by years, and the same actors, so that an
actor page and the event explorer aggregate over thousands of events; each story is copied with
its copied articles (and their duplicate groups), so the stories number about as many per article. Each page is then rendered through the
app (no network) `--passes` times, with the response cache off (every pass a full render); the
table shows the median and the worst wall time, and the median CPU time of the process (which the
other jobs on a shared machine do not inflate).

    .venv/bin/python bench/ui_pages.py [--articles 10000] [--passes 5] [--db PATH or postgresql://... URL]

On PostgreSQL the store is vacuumed and analysed once grown, as autovacuum would soon after such a bulk load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.config import Settings  # noqa: E402
from dateline.ingest import ingest  # noqa: E402
from dateline.store import Store  # noqa: E402
from dateline.store.schema import (  # noqa: E402
    actor_aliases,
    actor_mentions,
    actor_roles,
    articles,
    dedup_articles,
    duplicate_groups,
    enrichments,
    entities,
    event_actors,
    event_mentions,
    events,
    place_mentions,
    quotes,
    stage_runs,
    stories,
    story_articles,
    time_expressions,
)
from dateline.store.story_reads import StoryFilter  # noqa: E402

SPAN_TABLES = (actor_mentions, place_mentions, time_expressions, quotes, entities)
ARTICLE_KEYED = (enrichments, actor_aliases, actor_roles, stage_runs)


def _shift_year(value: Any, years: int) -> Any:
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return f"{int(value[:4]) - years:04d}{value[4:]}"
    return value


def grow(store: Store, target: int) -> int:
    """Copy the stored articles (with their rows) until the store holds `target` articles."""
    with store.engine.begin() as conn:
        def rows(table: Table) -> list[dict[str, Any]]:
            return [dict(r) for r in conn.execute(select(table)).mappings()]

        base = {t.name: rows(t) for t in (articles, events, event_mentions, event_actors, *SPAN_TABLES, *ARTICLE_KEYED,
                                          stories, story_articles, dedup_articles, duplicate_groups)}
        n_base = len(base["articles"])
        offset = max(a["id"] for a in base["articles"]) + 1
        copies = (target - n_base + n_base - 1) // n_base
        next_span = {t.name: max((r["id"] for r in base[t.name]), default=0) + 1 for t in SPAN_TABLES}
        next_mention = max((r["id"] for r in base["event_mentions"]), default=0) + 1
        for k in range(1, copies + 1):
            shift = k * offset
            years = k % 25

            def moved(row: dict[str, Any], **changes: Any) -> dict[str, Any]:
                return {**row, **changes}

            conn.execute(insert(articles), [moved(a, id=a["id"] + shift, url=f"{a['url']}#copy{k}",
                                                  body_hash=f"{a['body_hash']}-{k}") for a in base["articles"]])
            for table in ARTICLE_KEYED:
                if base[table.name]:
                    conn.execute(insert(table), [moved(r, article_id=r["article_id"] + shift) for r in base[table.name]])
            for table in SPAN_TABLES:
                if base[table.name]:
                    start = next_span[table.name]
                    conn.execute(insert(table), [moved(r, id=start + i, article_id=r["article_id"] + shift)
                                                 for i, r in enumerate(base[table.name])])
                    next_span[table.name] += len(base[table.name])
            conn.execute(insert(events), [moved(e, id=f"{e['id']}~{k}", date=_shift_year(e["date"], years),
                                                day_from=_shift_year(e["day_from"], years),
                                                day_to=_shift_year(e["day_to"], years)) for e in base["events"]])
            conn.execute(insert(event_actors), [moved(r, event_id=f"{r['event_id']}~{k}",
                                                      day_from=_shift_year(r["day_from"], years))
                                                for r in base["event_actors"]])
            conn.execute(insert(event_mentions), [moved(r, id=next_mention + i, event_id=f"{r['event_id']}~{k}",
                                                        article_id=r["article_id"] + shift)
                                                  for i, r in enumerate(base["event_mentions"])])
            next_mention += len(base["event_mentions"])
            if base["stories"]:
                conn.execute(insert(stories), [moved(r, id=f"{r['id']}~{k}") for r in base["stories"]])
                conn.execute(insert(story_articles), [moved(r, article_id=r["article_id"] + shift,
                                                            story_id=f"{r['story_id']}~{k}")
                                                      for r in base["story_articles"]])
            if base["dedup_articles"]:
                conn.execute(insert(dedup_articles), [
                    moved(r, article_id=r["article_id"] + shift,
                          group_id=None if r["group_id"] is None else r["group_id"] + shift)
                    for r in base["dedup_articles"]])
            if base["duplicate_groups"]:
                conn.execute(insert(duplicate_groups), [moved(r, id=r["id"] + shift, original_id=r["original_id"] + shift)
                                                        for r in base["duplicate_groups"]])
    return n_base * (copies + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--db", help="keep the generated store here (default: a temp folder)")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from dateline.serve import create_app

    folder = Path(tempfile.mkdtemp(prefix="dateline-ui-bench-"))
    db = args.db or str(folder / "ui.db")
    shared = ROOT.parent / "shared" / "examples" / "page-dump-1.txt"
    sources = [str(ROOT / "examples")] + ([str(shared)] if shared.exists() else [])
    ingest(sources, db, settings=Settings(stages="extract,enrich,events,stories", write_process=False, quiet=True))
    with Store.open(db) as store:
        total = grow(store, args.articles)
        if store.dialect == "postgresql":  # what autovacuum does within a minute or so of a bulk load
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        busiest = store.actor_list(limit=1)[0].id
        richest = max((a.id for a in store.iter_articles() if a.id < 100), key=lambda i: len(store.article_events(i)))
        # The story page of the story whose articles report the most events (its timeline is longest).
        longest = max((s.id for s in store.stories(StoryFilter(limit=None)) if "~" not in s.id),
                      key=lambda i: len(store.story(i).timeline))  # type: ignore[union-attr]
        counts = {"articles": total, "stories": len(store.stories(StoryFilter(limit=None)))}
    paths = ["/", f"/articles/{richest}", f"/actors/{busiest}", "/actors/RUS", "/actors/Lavrov", "/events",
             "/events?type=CONSULT",
             "/events?country=QAT&since=2010-01-01", "/search?q=Istanbul", "/search?q=reservoir+water",
             f"/stories/{longest}", f"/api/stories/{longest}", "/stories", "/stories?actor=RUS",
             "/stories?place=Istanbul", "/api/stories?limit=20", "/api/stories?q=istanbul&limit=20"]
    results = []
    with TestClient(create_app(Settings(db=db, serve_cache_mb=0))) as client:
        for path in paths:
            client.get(path)  # warm: templates compiled, the database's pages in memory
            times, cpu = [], []
            for _ in range(args.passes):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code in (200, 404), (path, response.status_code)  # 404: no Lavrov without the dump
            results.append({"path": path, "median_ms": round(statistics.median(times), 1),
                            "max_ms": round(max(times), 1), "cpu_ms": round(statistics.median(cpu), 1),
                            "bytes": len(response.content)})
    print(f"{'page':42} {'median ms':>10} {'max ms':>8} {'cpu ms':>7} {'KB':>6}")
    for r in results:
        print(f"{r['path']:42} {r['median_ms']:>10} {r['max_ms']:>8} {r['cpu_ms']:>7} {r['bytes'] // 1024:>6}")
    print(json.dumps({"benchmark": "ui_pages", **counts, "pages": results}))


if __name__ == "__main__":
    main()
