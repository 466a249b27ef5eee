"""Places benchmark: dateline's geocoder beside a population-only baseline on LGL and GeoVirus.

Usage: .venv/bin/python bench/geo.py [DATA_DIR] [--corpus lgl|geovirus] [--no-detection] [--errors FILE]
       [--cache DIR]

DATA_DIR defaults to ../shared/bench/geo relative to the repo root (see its README for the format
and the metrics, computed here exactly as it says). Three measures per corpus:

- resolution with the gold spans given (the primary task): `resolve_spans(text, gold spans)` beside
  the population baseline (each gold name looked up in the same gazetteer, the most populous
  candidate wins): acc@161 (e < 161 km), mean and median error, AUC, and on LGL geonameid accuracy;
- detection: `resolve_places` on spaCy's parse against the gold spans, exact and overlap P/R/F1, and
  end-to-end acc@161 (a gold name not found counts as 20,039 km);
- time: the geocoder's own cost beside spaCy's parse of the same texts.

The corpora have no split: rules were developed on LGL and kept only when GeoVirus, the check, did
not lose by them. spaCy's parses are cached under --cache (default /tmp/dateline-geo-cache), never
in the repo. Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.enrich.gazetteer import load_gazetteer  # noqa: E402
from dateline.enrich.places import resolve_places, resolve_spans  # noqa: E402
from dateline.enrich.places_rank import by_population, distance_km  # noqa: E402

CORPORA = {"lgl": "lgl.jsonl", "geovirus": "geovirus.jsonl"}
MISS_KM = 20039.0


def haversine(a: tuple[float, float] | None, b: tuple[float, float]) -> float:
    return MISS_KM if a is None else distance_km(a[0], a[1], b[0], b[1])


def resolution_figures(errors: list[float], ids_right: list[bool] | None = None) -> dict[str, float]:
    ordered = sorted(errors)
    logs = [math.log(1 + e) for e in ordered]
    area = sum((logs[i] + logs[i + 1]) / 2 for i in range(len(logs) - 1))
    out = {"n": len(errors), "acc161": sum(e < 161 for e in errors) / len(errors),
           "median_km": statistics.median(errors), "mean_km": statistics.fmean(errors),
           "auc": area / ((len(errors) - 1) * math.log(MISS_KM))}
    if ids_right is not None:
        out["geonameid_acc"] = sum(ids_right) / len(ids_right)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def resolve(articles: list[dict], corpus: str, errors_out: list[dict]) -> dict:
    gaz = load_gazetteer()
    ours: list[float] = []
    base: list[float] = []
    ours_id: list[bool] = []
    base_id: list[bool] = []
    started = time.perf_counter()
    for art in articles:
        spans = [(t["start"], t["end"]) for t in art["toponyms"]]
        mentions = resolve_spans(art["text"], spans).mentions
        for gold, mention in zip(art["toponyms"], mentions, strict=True):
            if gold["lat"] is None:
                continue
            point = (gold["lat"], gold["lon"])
            place = mention.place
            e = haversine((place.lat, place.lon) if place else None, point)
            ours.append(e)
            ours_id.append(place is not None and place.geonameid == gold.get("geonameid"))
            top = by_population(gaz, gaz.lookup(gold["name"]))
            b = haversine((gaz.lat[top], gaz.lon[top]) if top is not None else None, point)
            base.append(b)
            base_id.append(top is not None and gaz.ids[top] == gold.get("geonameid"))
            if e >= 161:
                errors_out.append({"corpus": corpus, "id": art["id"], "name": gold["name"], "km": round(e),
                                   "gold": [gold["lat"], gold["lon"], gold.get("gaz_name") or gold.get("wikipedia"),
                                            gold.get("fcode")],
                                   "ours": [place.name, place.kind, place.country_code, place.admin1, mention.signal,
                                            mention.confidence] if place else None})
    seconds = time.perf_counter() - started
    lgl = corpus == "lgl"
    return {"dateline": resolution_figures(ours, ours_id if lgl else None),
            "population_baseline": resolution_figures(base, base_id if lgl else None),
            "seconds": round(seconds, 2)}


def parsed(articles: list[dict], corpus: str, cache: Path) -> tuple[list, float]:
    """spaCy's Docs of the articles (from the cache when there) and the seconds the parse took."""
    from spacy.tokens import DocBin

    from dateline.enrich.nlp import load_pipeline, parse_many

    nlp = load_pipeline()
    path = cache / f"{corpus}.spacy"
    timing = cache / f"{corpus}.seconds"
    if path.exists() and timing.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab)), float(timing.read_text())
    started = time.perf_counter()
    docs = list(parse_many(a["text"] for a in articles))
    seconds = time.perf_counter() - started
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, attrs=["ORTH", "POS", "TAG", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]
           ).to_disk(path)
    timing.write_text(str(seconds))
    return docs, seconds


def detection(articles: list[dict], corpus: str, cache: Path) -> dict:
    docs, parse_seconds = parsed(articles, corpus, cache)
    gaz = load_gazetteer()
    n_pred = n_gold = exact = over_p = over_r = 0
    errors: list[float] = []
    started = time.perf_counter()
    results = [resolve_places(doc).mentions for doc in docs]
    seconds = time.perf_counter() - started
    for art, mentions in zip(articles, results, strict=True):
        gold = [(t["start"], t["end"]) for t in art["toponyms"]]
        pred = [(m.start, m.end) for m in mentions]
        n_pred += len(pred)
        n_gold += len(gold)
        exact += len(set(pred) & set(gold))
        over_p += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)
        over_r += sum(any(s < ge and gs < e for s, e in pred) for gs, ge in gold)
        for t in art["toponyms"]:
            if t["lat"] is None:
                continue
            best = max((m for m in mentions if m.start < t["end"] and t["start"] < m.end),
                       key=lambda m: (min(m.end, t["end"]) - max(m.start, t["start"]), -m.start), default=None)
            place = best.place if best else None
            errors.append(haversine((place.lat, place.lon) if place else None, (t["lat"], t["lon"])))
    del gaz
    return {"exact": prf(exact, n_pred, exact, n_gold), "overlap": prf(over_p, n_pred, over_r, n_gold),
            "predicted": n_pred, "gold": n_gold, "end_to_end": resolution_figures(errors),
            "seconds_places": round(seconds, 2), "seconds_spacy": round(parse_seconds, 2),
            "places_over_spacy": round(seconds / parse_seconds, 3) if parse_seconds else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "geo"))
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--no-detection", action="store_true")
    ap.add_argument("--errors", help="write each resolution error >= 161 km as a JSON line to FILE")
    ap.add_argument("--cache", default="/tmp/dateline-geo-cache")
    args = ap.parse_args()
    started = time.perf_counter()
    load_gazetteer()
    figures: dict = {"gazetteer_load_seconds": round(time.perf_counter() - started, 2)}
    errors: list[dict] = []
    for corpus in args.corpus or list(CORPORA):
        path = Path(args.data_dir) / CORPORA[corpus]
        articles = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        figures[corpus] = {"resolution": resolve(articles, corpus, errors)}
        if not args.no_detection:
            figures[corpus]["detection"] = detection(articles, corpus, Path(args.cache))
        print(corpus, json.dumps(figures[corpus], indent=1), flush=True)
    if args.errors:
        Path(args.errors).write_text("".join(json.dumps(e) + "\n" for e in errors), encoding="utf-8")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
