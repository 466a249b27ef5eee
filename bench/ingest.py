"""Ingest throughput: a WARC of the AEB and Fundus pages, extraction alone beside ingest into SQLite and PostgreSQL.

    .venv/bin/python bench/ingest.py [../shared/bench] [--passes 2] [--pg postgresql://postgres@127.0.0.1:5432]

Builds the WARC (bench/make_warc.py) in a temporary directory, then measures, one phase at a time:
- read: iterating the WARC's HTML pages only (fastwarc, and warcio for comparison);
- extract: reading + `dateline.pipeline.process` on every page, storing nothing;
- sqlite / postgres: `dateline.ingest.ingest([warc], db)` into a fresh SQLite file / a fresh
  PostgreSQL database (dropped afterwards).
Each phase runs in its own fresh child process, one after the other (never two at once), so that
its peak memory (ru_maxrss) is its own; the first page is processed once before timing so that
lazy model loading is not counted, and the store is opened once before timing (imports, schema
creation: a fixed cost per run, not per page). With --passes N the phases alternate N times and the fastest
time of each is kept (the machine is shared; compare ratios). Storage overhead = ingest time /
extraction time - 1 (goal: < 10 %). On two cores or more, ingest stores from a writer process
beside extraction (store/write_process.py): the CPU seconds of the ingest process and of its
writer are printed too, so what storing costs in all is in view, not only the wall time.
Prints a table and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "bench"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432"
PHASES = ("read-fastwarc", "read-warcio", "extract", "sqlite", "postgres")


# --- child side: one phase, one process ------------------------------------------------------

# What this benchmark measures is the cost of storing beside extraction (enrichment has
# bench/enrich_speed.py): both sides run extraction alone, whatever the default stages are.
def _settings():
    from dateline.config import Settings

    return Settings(stages="extract")


def _warm_up(warc: str) -> None:
    from dateline.model import Page
    from dateline.pipeline import process
    from dateline.sources.warc import iter_warc

    for item in iter_warc(warc):
        if isinstance(item, Page):
            process(item, _settings())
            return


def run_phase(phase: str, warc: str, db: str | None) -> dict:
    from dateline.model import Page
    from dateline.sources.warc import WarcReader

    result: dict = {"phase": phase}
    if phase.startswith("read-"):
        started = time.perf_counter()
        reader = WarcReader(warc, backend=phase.removeprefix("read-"))
        size = sum(len(p.content) for p in reader if isinstance(p, Page))
        result.update(seconds=time.perf_counter() - started, pages=reader.pages, html_mb=size / 1e6,
                      skipped=sum(reader.skipped.values()), damaged=reader.damaged)
    elif phase == "extract":
        from dateline.pipeline import process

        _warm_up(warc)
        cpu = _cpu()
        started = time.perf_counter()
        pages = articles = errors = 0
        for item in WarcReader(warc):
            if isinstance(item, Page):
                pages += 1
                article = process(item, _settings()).article
                articles += bool(article and article.is_article)
            else:
                errors += 1
        result.update(seconds=time.perf_counter() - started, pages=pages, articles=articles, errors=errors,
                      cpu_s=_cpu() - cpu, writer_cpu_s=0.0)
    else:
        from dateline.ingest import ingest
        from dateline.store import open_store

        _warm_up(warc)
        open_store(db).close()  # imports (SQLAlchemy, the driver) and the schema: a fixed cost, not per page
        cpu, children = _cpu(), _cpu(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        report = ingest([warc], db, settings=_settings())
        seconds = time.perf_counter() - started
        cpu = _cpu() - cpu
        _reap_children()  # the writer process ends on its own after the run; its CPU time counts
        result.update(cpu_s=cpu, writer_cpu_s=_cpu(resource.RUSAGE_CHILDREN) - children)
        result.update(seconds=seconds, pages=report.pages, articles=report.articles,
                      non_articles=report.non_articles, duplicates=report.duplicates, unchanged=report.unchanged,
                      errors=report.errors)
        if phase == "sqlite" and db:
            result["db_mb"] = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 1e6
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _reap_children() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


# --- parent side -----------------------------------------------------------------------------


def _child(phase: str, warc: str, db: str | None) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--warc", warc] + (["--db", db] if db else [])
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"phase {phase} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pg_admin(pg: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


def _pg_available(pg: str) -> str | None:
    try:
        _pg_admin(pg, "SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to measure against
        return f"{type(exc).__name__}: {exc}".strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="benchmark data root (aeb/ and fundus/)")
    ap.add_argument("--passes", type=int, default=2, help="alternate the phases this many times, keep the fastest")
    ap.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server URL without database (trust auth)")
    ap.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    ap.add_argument("--warc", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.warc, args.db)))
        return

    from make_warc import build_warc  # bench/ is the script's directory

    with tempfile.TemporaryDirectory(prefix="dateline-ingest-bench-") as tmp:
        warc = str(Path(tmp) / "bench.warc.gz")
        started = time.perf_counter()
        counts = build_warc(Path(args.data), Path(warc))
        build_s = time.perf_counter() - started
        warc_mb = os.path.getsize(warc) / 1e6
        print(f"WARC: {warc_mb:.1f} MB, {counts} (built in {build_s:.1f} s)", file=sys.stderr)
        pg_missing = _pg_available(args.pg)
        if pg_missing:
            print(f"PostgreSQL not measured: {pg_missing}", file=sys.stderr)
        best: dict[str, dict] = {}
        phases = [p for p in PHASES if p != "postgres" or not pg_missing]
        for n in range(args.passes):
            # Rotate the order so that drift in machine load does not favour one phase.
            timed = phases[2:] if n % 2 == 0 else phases[2:][::-1]
            for phase in ([*phases[:2], *timed] if n == 0 else timed):
                db = None
                if phase == "sqlite":
                    db = str(Path(tmp) / f"bench-{n}.db")
                elif phase == "postgres":
                    name = f"dateline_bench_{uuid.uuid4().hex[:10]}"
                    _pg_admin(args.pg, f'CREATE DATABASE "{name}"')
                    db = f"{args.pg}/{name}"
                try:
                    res = _child(phase, warc, db)
                finally:
                    if phase == "postgres" and db:
                        _pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{db.rsplit("/", 1)[1]}" WITH (FORCE)')
                print(f"  pass {n + 1} {phase}: {res['seconds']:.2f} s, peak RSS {res['peak_rss_mb']:.0f} MB",
                      file=sys.stderr)
                old = best.get(phase)
                if old is None or res["seconds"] < old["seconds"]:
                    res["peak_rss_mb"] = max(res["peak_rss_mb"], old["peak_rss_mb"] if old else 0)
                    best[phase] = res
                else:
                    old["peak_rss_mb"] = max(old["peak_rss_mb"], res["peak_rss_mb"])

    base = best["extract"]["seconds"]
    print(f"\n{'phase':<15} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'vs extract':>11} {'peak RSS MB':>12} "
          f"{'CPU s':>6} {'writer CPU s':>13}")
    for phase in phases:
        r = best[phase]
        ratio = f"{r['seconds'] / base - 1:+.1%}" if phase in ("sqlite", "postgres") else ""
        cpu = f"{r['cpu_s']:>6.2f} {r['writer_cpu_s']:>13.2f}" if "cpu_s" in r else ""
        print(f"{phase:<15} {r['pages']:>6} {r['seconds']:>8.2f} {r['pages'] / r['seconds']:>8.1f} {ratio:>11} "
              f"{r['peak_rss_mb']:>12.0f} {cpu}")
    for phase in ("sqlite", "postgres"):
        if phase in best:
            r = best[phase]
            print(f"{phase}: {r['articles']} articles, {r['non_articles']} non-articles, "
                  f"{r['duplicates']} duplicates, {r['unchanged']} unchanged, {r['errors']} errors"
                  + (f", database {r['db_mb']:.1f} MB" if "db_mb" in r else ""))
    figures = {
        "pages": best["extract"]["pages"],
        "warc_mb": round(warc_mb, 1),
        "passes": args.passes,
        **{f"{p.replace('-', '_')}_pages_per_s": round(best[p]["pages"] / best[p]["seconds"], 1) for p in phases},
        **{f"{p}_overhead": round(best[p]["seconds"] / base - 1, 4) for p in ("sqlite", "postgres") if p in best},
        "peak_rss_mb": {p: round(best[p]["peak_rss_mb"]) for p in phases},
        # CPU seconds of the ingest process, and of its writer process (storing beside extraction).
        "cpu_s": {p: round(best[p]["cpu_s"], 2) for p in phases if "cpu_s" in best[p]},
        "writer_cpu_s": {p: round(best[p]["writer_cpu_s"], 2) for p in phases if "writer_cpu_s" in best[p]},
        "sqlite_db_mb": round(best["sqlite"].get("db_mb", 0), 1),
        "postgres": "measured" if not pg_missing else f"not measured ({pg_missing})",
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
