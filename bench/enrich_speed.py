"""Enrichment speed and memory: the enrich stage on the English AEB articles beside spaCy alone.

    .venv/bin/python bench/enrich_speed.py [../shared/bench/aeb] [--runs 3] [--limit N] [--no-rss]

The pages are extracted first (dateline's extraction, outside every timing); the articles whose
language is English are kept. Then, in one process, on one thread (BLAS and OpenMP threads set
to 1 before anything is imported), each run times in turn (the order rotates from run to run):
- spacy: `nlp.pipe` over the bodies alone, at the batch size that was fastest in a first sweep
  (over the first 40 articles)
  (the floor: what any use of the same pipeline pays);
- stage (batched): the enrich stage as ingest runs it, `Pipeline.run_batch` over chunks of
  `pipeline.BATCH_ITEMS` work items (spaCy parses each chunk with `nlp.pipe`);
- stage (per item): the same stage one item at a time (`Pipeline.__call__`, a parse per body).
The batched stage's time is split into its parts: parse (`prepare_many`), times, places, actors,
quotes (found and attributed), entity conversion, and the rest (the stage's own overhead). The
figures are medians over the runs; the ratio stage / spaCy is the goal (at most 1.3). The
batched and per-item outputs are compared article by article (they must be the same).

Then, in a child process of its own, `dateline ingest` of the AEB pages with `--stages
extract,enrich` into a temporary SQLite database: the peak RSS (ru_maxrss) of the ingest
process and, separately, of its writer process (store/write_process.py; goal under 700 MB each).
Prints a table and ends with one JSON line.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: before numpy is imported

import argparse  # noqa: E402
import gc  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "bench" / "aeb"
BATCH_SIZES = (1, 8, 32, 128)
SWEEP_ARTICLES = 40
PARTS = ("parse", "times", "places", "actors", "quotes", "entities")


def load_articles(data: Path, limit: int | None) -> list[Any]:
    """The English articles of the AEB pages, extracted by dateline."""
    from dateline.extract import extract

    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    articles = []
    for key in sorted(truth):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        article = extract(html, url=truth[key]["url"])
        if article.language == "en" and article.body.strip():
            articles.append(article)
    return articles[:limit] if limit else articles


class PartTimer:
    """Wraps the parts enrich_article calls (names in dateline.enrich.enrich) with timers."""

    NAMES = {"find_times": "times", "resolve_places": "places", "resolve_actors": "actors",
             "find_quotes": "quotes", "attach_speakers": "quotes", "named_entities": "entities"}

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(PARTS, 0.0)

    def install(self, stage: Any) -> None:
        from dateline.enrich import enrich

        for name, part in self.NAMES.items():
            setattr(enrich, name, self._timed(getattr(enrich, name), part))
        stage.prepare_many = self._timed(stage.prepare_many, "parse")

    def _timed(self, fn: Callable[..., Any], part: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - started

        return timed

    def reset(self) -> None:
        self.seconds = dict.fromkeys(PARTS, 0.0)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def speed(articles: list[Any], runs: int) -> dict[str, Any]:
    from dateline.config import Settings
    from dateline.enrich.nlp import load_pipeline
    from dateline.model import Page, Processed
    from dateline.pipeline import BATCH_ITEMS, Pipeline

    settings = Settings(stages="extract,enrich")
    pipeline = Pipeline.from_settings(settings)
    stage = pipeline.stages[1]
    nlp = load_pipeline(settings.nlp_pipeline)
    texts = [a.body for a in articles]
    n = len(texts)

    def items() -> list[Processed]:
        return [Processed(Page(content="", url=a.url), article=a) for a in articles]

    def batched() -> list[Processed]:
        work = items()
        done: list[Processed] = []
        for i in range(0, n, BATCH_ITEMS):
            done.extend(pipeline.run_batch(work[i:i + BATCH_ITEMS], only=["enrich"]))
        return done

    def one_by_one() -> list[Processed]:
        return [pipeline(item, only=["enrich"]) for item in items()]

    for text in texts[:5]:  # warm-up: first calls, lazy tables
        nlp(text)
    one_by_one_warm = [pipeline(item, only=["enrich"]) for item in items()[:5]]
    assert all(i.failure is None for i in one_by_one_warm)

    sweep = {}
    for size in BATCH_SIZES:  # on the first SWEEP_ARTICLES only: it picks a batch size, the runs compare
        sweep[size], _ = _timed(lambda size=size: list(nlp.pipe(texts[:SWEEP_ARTICLES], batch_size=size)))
        print(f"  spaCy nlp.pipe batch_size={size}: {len(texts[:SWEEP_ARTICLES]) / sweep[size]:.2f} articles/s",
              file=sys.stderr)
    best_size = min(sweep, key=lambda s: sweep[s])

    timer = PartTimer()
    timer.install(stage)
    phases: dict[str, Callable[[], Any]] = {
        "spacy": lambda: list(nlp.pipe(texts, batch_size=best_size)),
        "stage_batched": batched,
        "stage_per_item": one_by_one,
    }
    seconds: dict[str, list[float]] = {name: [] for name in phases}
    parts: dict[str, list[float]] = {name: [] for name in (*PARTS, "rest")}
    ratios: list[float] = []
    outputs: dict[str, list[Processed]] = {}
    for run in range(runs):
        order = list(phases) if run % 2 == 0 else list(phases)[::-1]
        this: dict[str, float] = {}
        for name in order:
            timer.reset()
            this[name], out = _timed(phases[name])
            seconds[name].append(this[name])
            if name.startswith("stage"):
                outputs.setdefault(name, out)
                assert all(i.failure is None for i in out), [i.failure for i in out if i.failure]
            if name == "stage_batched":
                for part in PARTS:
                    parts[part].append(timer.seconds[part])
                parts["rest"].append(this[name] - sum(timer.seconds.values()))
            print(f"  run {run + 1} {name}: {this[name]:.1f} s ({n / this[name]:.2f} articles/s)"
                  + (" parts " + json.dumps({k: round(v, 1) for k, v in timer.seconds.items()})
                     if name == "stage_batched" else ""), file=sys.stderr)
        ratios.append(this["stage_batched"] / this["spacy"])

    differing = [a.url for a, x, y in zip(articles, outputs["stage_batched"], outputs["stage_per_item"], strict=True)
                 if x.outputs["enrich"].to_dict() != y.outputs["enrich"].to_dict()]
    median = {name: statistics.median(values) for name, values in seconds.items()}
    return {
        "articles": n,
        "characters": sum(len(t) for t in texts),
        "runs": runs,
        "pipeline": settings.nlp_pipeline,
        "spacy_batch_size": best_size,
        "spacy_sweep_articles_per_s": {size: round(len(texts[:SWEEP_ARTICLES]) / s, 2) for size, s in sweep.items()},
        "batch_items": BATCH_ITEMS,
        "articles_per_s": {name: round(n / s, 2) for name, s in median.items()},
        "ratio_stage_to_spacy": round(statistics.median(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
        "ratio_per_item_to_spacy": round(median["stage_per_item"] / median["spacy"], 3),
        "part_ms_per_article": {part: round(statistics.median(v) / n * 1000, 1) for part, v in parts.items()},
        "part_share_of_spacy": {part: round(statistics.median(v) / median["spacy"], 3) for part, v in parts.items()},
        "batched_differs_from_per_item": differing,
    }


# --- peak memory: an ingest in a child process ----------------------------------------------------


def ingest_child(data: str, db: str) -> dict[str, Any]:
    from dateline.cli import main

    started = time.perf_counter()
    code = main(["ingest", data, "--db", db, "--stages", "extract,enrich", "--quiet"])
    seconds = time.perf_counter() - started
    while True:  # the writer process is not waited for by ingest: reap it, so that its peak counts
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    return {"code": code, "seconds": seconds,
            "ingest_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            # the writer process, once it has ended (the largest child waited for)
            "writer_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def memory(data: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="dateline-enrich-rss-") as tmp:
        db = str(Path(tmp) / "aeb.db")
        cmd = [sys.executable, __file__, "--ingest-child", str(data / "html"), "--db", db]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
        if done.returncode != 0:
            raise RuntimeError(f"ingest child failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["db_mb"] = round(sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 1e6, 1)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="the AEB folder (html/, ground-truth.json)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs; medians are reported")
    ap.add_argument("--limit", type=int, help="only the first N English articles")
    ap.add_argument("--no-rss", action="store_true", help="skip the ingest's peak memory")
    ap.add_argument("--no-speed", action="store_true", help="only the ingest's peak memory")
    ap.add_argument("--ingest-child", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ingest_child:
        print(json.dumps(ingest_child(args.ingest_child, args.db)))
        return
    data = Path(args.data)
    figures: dict[str, Any] = {}
    if not args.no_speed:
        started = time.perf_counter()
        articles = load_articles(data, args.limit)
        print(f"{len(articles)} English articles extracted in {time.perf_counter() - started:.1f} s "
              "(not timed)", file=sys.stderr)
        figures.update(speed(articles, args.runs))
        rate = figures["articles_per_s"]
        print(f"\n{'':<30} {'articles/s':>10} {'vs spaCy':>9}")
        for name in ("spacy", "stage_batched", "stage_per_item"):
            print(f"{name:<30} {rate[name]:>10.2f} {rate['spacy'] / rate[name]:>8.2f}x")
        print(f"median ratio stage (batched) / spaCy alone: {figures['ratio_stage_to_spacy']:.3f} "
              f"(runs: {figures['ratios']}; goal <= 1.3)")
        print(f"\n{'part':<12} {'ms/article':>10} {'of spaCy':>9}")
        for part, ms in figures["part_ms_per_article"].items():
            print(f"{part:<12} {ms:>10.1f} {figures['part_share_of_spacy'][part]:>9.1%}")
        differing = figures["batched_differs_from_per_item"]
        print(f"batched outputs differ from per-item outputs on {len(differing)} articles")
    if not args.no_rss:
        figures["ingest"] = memory(data)
        mem = figures["ingest"]
        print(f"\ningest --stages extract,enrich of {data / 'html'}: {mem['seconds']:.0f} s, peak RSS "
              f"{mem['ingest_peak_rss_mb']:.0f} MB (ingest process), {mem['writer_peak_rss_mb']:.0f} MB "
              "(writer process); goal < 700 MB")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
