"""AEB (Zyte article extraction benchmark): body 4-gram F1 and speed, dateline beside trafilatura.

The metric is the source's evaluate.py as the data README describes it: token 4-gram multisets,
per-page precision/recall normalised so every page weighs the same, corpus P and R as means,
F1 = 2PR/(P+R) of the means, accuracy = exact token-list match, ± = bootstrap std.

    .venv/bin/python bench/aeb.py [../shared/bench/aeb] [--passes 3] [--limit N]

Prints a table, then the figures per language of the gold text (py3langid, as the data README
counts them; for grouping only) and per dateline verdict on the page (`is_article`, the kind of
page its `reason` names) and per signal its body came from, and ends with one JSON line of the
figures (per group under each system's `by_language`, `by_dateline_kind`, `by_body_evidence`).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from breakdown import dateline_page_kind, gold_language, group_indices

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(toks: list[str], n: int = 4) -> Counter:
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """tp, fp, fn of one page, normalised by their sum."""
    t, p = shingles(tokens(true)), shingles(tokens(pred))
    tp = sum(min(c, p[k]) for k, c in t.items() if k in p)
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    if total:
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def page_scores(true: str, pred: str) -> dict:
    tp, fp, fn = page_counts(true, pred)
    score: dict = {"tp": tp, "fp": fp, "fn": fn, "exact": tokens(true) == tokens(pred)}
    if fp == 0 and fn == 0:
        score["p"] = score["r"] = 1.0
    else:
        score["p"] = tp / (tp + fp) if tp + fp > 0 else None  # empty prediction: not in precision
        score["r"] = tp / (tp + fn) if tp + fn > 0 else None
    return score


def corpus(scores: list[dict]) -> dict[str, float]:
    ps = [s["p"] for s in scores if s["p"] is not None]
    rs = [s["r"] for s in scores if s["r"] is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = sum(1 for s in scores if s["exact"]) / len(scores) if scores else 0.0
    return {"f1": f1, "p": p, "r": r, "acc": acc}


def bootstrap_std(scores: list[dict], n: int = 1000, seed: int = 0) -> float:
    rng = random.Random(seed)
    f1s = []
    for _ in range(n):
        sample = [scores[rng.randrange(len(scores))] for _ in scores]
        f1s.append(corpus(sample)["f1"])
    mean = sum(f1s) / n
    return (sum((x - mean) ** 2 for x in f1s) / n) ** 0.5


def evaluate(gold: dict[str, str], pred: dict[str, str]) -> tuple[dict, list[dict]]:
    scores = [page_scores(gold[k], pred.get(k) or "") for k in gold]
    figures = corpus(scores)
    figures["f1_std"] = bootstrap_std(scores)
    return figures, scores


def load(data: Path, limit: int | None) -> tuple[dict[str, str], dict[str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    html = {i: gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8") for i in ids}
    return {i: truth[i]["articleBody"] for i in ids}, html


def timed_run(fn: Callable[[str], Any], pages: dict[str, str], passes: int) -> tuple[dict[str, Any], float]:
    """Outputs of the first pass, and the best pass's pages/s (after a 3-page warm-up)."""
    for html in list(pages.values())[:3]:
        fn(html)
    best, out = 0.0, {}
    for i in range(passes):
        gc.collect()
        res = {}
        t0 = time.perf_counter()
        for k, html in pages.items():
            res[k] = fn(html)
        dt = time.perf_counter() - t0
        best = max(best, len(pages) / dt)
        if i == 0:
            out = res
    return out, best


def peak_traced(fn: Callable[[str], Any], pages: dict[str, str]) -> float:
    """Peak Python-heap growth (MB) of extracting the pages one by one (tracemalloc, outside timing)."""
    tracemalloc.start()
    peak = 0
    for html in pages.values():
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn(html)
        peak = max(peak, tracemalloc.get_traced_memory()[1] - base)
    tracemalloc.stop()
    return peak / 1e6


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def breakdowns(gold: dict[str, str], articles: dict[str, Any], all_scores: dict[str, list[dict]]) -> dict[str, dict]:
    """Print each system's figures per language and per dateline verdict; return them by system."""
    if not all_scores:
        return {}
    groupings = {"by_language": ("language of the gold text (py3langid)", [gold_language(t) for t in gold.values()])}
    if articles:
        arts = [articles[k] for k in gold]
        groupings["by_dateline_kind"] = ("dateline's verdict on the page (is_article / reason)",
                                         [dateline_page_kind(a.is_article, a.reason) for a in arts])
        groupings["by_body_evidence"] = ("the signal dateline's body came from (evidence['body'])",
                                         [a.evidence.get("body") or "none" for a in arts])
    out: dict[str, dict] = {name: {} for name in all_scores}
    for key, (title, labels) in groupings.items():
        print(f"\nBy {title}")
        print("| group | n | " + " | ".join(f"{name} F1 / P / R / acc" for name in all_scores) + " |")
        print("| --- | --- |" + " --- |" * len(all_scores))
        for label, idx in group_indices(labels).items():
            cells = []
            for name, scores in all_scores.items():
                figures = corpus([scores[i] for i in idx])
                out[name].setdefault(key, {})[label] = {"n": len(idx), **{k: round(v, 4) for k, v in figures.items()}}
                cells.append(f"{figures['f1']:.3f} / {figures['p']:.3f} / {figures['r']:.3f} / {figures['acc']:.3f}")
            print(f"| {label} | {len(idx)} | " + " | ".join(cells) + " |")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=REPO.parent / "shared" / "bench" / "aeb")
    ap.add_argument("--passes", type=int, default=3, help="timed passes per system; the best counts")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted ids)")
    ap.add_argument("--systems", default="dateline,trafilatura,trafilatura-nocomments",
                    help="comma list of: dateline, trafilatura, trafilatura-nocomments, reference")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    ap.add_argument("--dump", type=Path, default=None, help="write per-page scores of dateline as JSONL here")
    args = ap.parse_args()

    gold, pages = load(args.data, args.limit)
    systems: dict[str, Callable[[str], Any]] = {}  # a body text, or dateline's whole Article
    wanted = [s.strip() for s in args.systems.split(",") if s.strip()]
    if "dateline" in wanted:
        import dateline

        systems["dateline"] = dateline.extract
    if "trafilatura" in wanted or "trafilatura-nocomments" in wanted:
        import trafilatura

        if "trafilatura" in wanted:
            systems["trafilatura"] = lambda html: trafilatura.extract(html) or ""
        if "trafilatura-nocomments" in wanted:
            systems["trafilatura-nocomments"] = lambda html: trafilatura.extract(html, include_comments=False) or ""

    rows: dict[str, dict] = {}
    if "reference" in wanted:
        ref = args.data / "reference_outputs" / "trafilatura-2.0.0.json.gz"
        out = {k: v.get("articleBody") or "" for k, v in json.loads(gzip.decompress(ref.read_bytes()))["output"].items()}
        figures, _ = evaluate(gold, out)
        rows["reference trafilatura 2.0.0 (stored)"] = figures

    all_scores: dict[str, list[dict]] = {}
    articles: dict[str, Any] = {}
    rss_loaded = _rss_mb()
    for name, fn in systems.items():
        out, pps = timed_run(fn, pages, args.passes)
        rss_after = _rss_mb()
        if name == "dateline":
            articles = out
            out = {k: art.body for k, art in out.items()}
        figures, scores = evaluate(gold, out)
        figures["pages_s"] = pps
        figures["empty"] = sum(1 for v in out.values() if not v.strip())
        # ru_maxrss only grows: the growth over the loaded pages is this system's peak
        # if it ran first, a lower bound otherwise (run it alone with --systems to be sure).
        figures["rss_growth_mb"] = rss_after - rss_loaded
        if not args.no_memory:
            figures["traced_peak_mb"] = peak_traced(fn, pages)
        rows[name] = figures
        all_scores[name] = scores
    rss_mb = _rss_mb()

    if args.dump and "dateline" in all_scores:
        with args.dump.open("w") as fh:
            for k, s in zip(gold, all_scores["dateline"], strict=True):
                other = all_scores.get("trafilatura-nocomments", all_scores.get("trafilatura"))
                o = other[list(gold).index(k)] if other else None
                art = articles[k]
                fh.write(json.dumps({"id": k, "p": s["p"], "r": s["r"],
                                     "peer_p": o and o["p"], "peer_r": o and o["r"],
                                     "language": gold_language(gold[k]),
                                     "dateline_kind": dateline_page_kind(art.is_article, art.reason),
                                     "body_evidence": art.evidence.get("body")}) + "\n")

    print(f"AEB: {len(gold)} pages, best of {args.passes} passes, one process")
    print("| system | F1 | P | R | acc | pages/s | RSS growth MB | traced Python peak MB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, f in rows.items():
        pps = f"{f['pages_s']:.1f}" if "pages_s" in f else "-"
        growth = f"{f['rss_growth_mb']:.0f}" if "rss_growth_mb" in f else "-"
        mem = f"{f['traced_peak_mb']:.1f}" if "traced_peak_mb" in f else "-"
        print(f"| {name} | {f['f1']:.3f} ± {f['f1_std']:.3f} | {f['p']:.3f} | {f['r']:.3f} | {f['acc']:.3f} "
              f"| {pps} | {growth} | {mem} |")
    result: dict = {"pages": len(gold), "passes": args.passes, "peak_rss_mb": round(rss_mb, 1),
                    "rss_pages_loaded_mb": round(rss_loaded, 1)}
    for name, f in rows.items():
        result[name] = {k: round(v, 4) for k, v in f.items()}
    for name, by in breakdowns(gold, articles, all_scores).items():
        result[name].update(by)
    if "dateline" in rows and "trafilatura" in rows:
        result["speed_ratio_vs_trafilatura_default"] = round(rows["dateline"]["pages_s"] / rows["trafilatura"]["pages_s"], 3)
        print(f"speed ratio dateline / trafilatura default: {result['speed_ratio_vs_trafilatura_default']:.2f}")
    print(f"peak RSS (whole process): {rss_mb:.0f} MB; after loading the pages, before any extraction: "
          f"{rss_loaded:.0f} MB. Traced = tracemalloc peak per page (Python heap only; lxml's C memory is "
          "not traced).")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
