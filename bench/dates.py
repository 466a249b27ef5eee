"""Publication-date benchmark: dateline beside htmldate on htmldate's 1000 evaluation pages.

Usage: .venv/bin/python bench/dates.py [DATA_DIR] [--limit N] [--no-htmldate] [--errors FILE]
       .venv/bin/python bench/dates.py --fundus [FUNDUS_DIR]   (date-only check, metric 3 of its README)

DATA_DIR defaults to ../shared/bench/dates relative to the repo root (see its README for the
format and the metric). Each system returns one date per page, cut to YYYY-MM-DD; accuracy =
correct / N, precision = correct / returned, recall = correct / (correct + missing),
F1 = 2·correct / (2·correct + wrong + missing). Pages are decoded as htmldate's evaluation does
(gunzip, UTF-8, else detected charset, else raw bytes) and loaded before timing; speed is pages
per CPU second of the extraction loop alone, in this one process.

Systems: `dateline.extract(html, url=url).published` (what users get), dateline's date step
alone (parse + structured data + find_dates), and htmldate's `find_date(html,
original_date=True, extensive_search=False|True)`. Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def decode_page(raw: bytes) -> str | bytes:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except Exception:  # the recipe says: if detection fails, pass the raw bytes
        pass
    return raw


def load(data: Path, limit: int | None) -> list[dict]:
    records = [json.loads(line) for line in (data / "gold.jsonl").read_text().splitlines() if line.strip()]
    if limit:
        records = records[:limit]
    for rec in records:
        rec["html"] = decode_page(gzip.decompress((data / rec["file"]).read_bytes()))
    return records


def score(preds: list[str | None], records: list[dict]) -> dict:
    correct = wrong = missing = 0
    for pred, rec in zip(preds, records, strict=True):
        if not pred:
            missing += 1
        elif rec["date"] is not None and pred[:10] == rec["date"]:
            correct += 1
        else:
            wrong += 1
    n = len(records)
    returned = correct + wrong
    return {
        "accuracy": round(correct / n, 4) if n else 0.0,
        "precision": round(correct / returned, 4) if returned else 0.0,
        "recall": round(correct / (correct + missing), 4) if correct + missing else 0.0,
        "f1": round(2 * correct / (2 * correct + wrong + missing), 4) if n else 0.0,
        "correct": correct, "wrong": wrong, "missing": missing, "n": n,
    }


def run(name: str, fn: Callable[[dict], str | None], records: list[dict]) -> tuple[list[str | None], float]:
    preds: list[str | None] = []
    t0 = time.process_time()
    for rec in records:
        try:
            preds.append(fn(rec))
        except Exception as exc:  # a crash on one page counts as a missing date, and is shown
            print(f"  {name} failed on {rec['file']}: {exc!r}", file=sys.stderr)
            preds.append(None)
    return preds, time.process_time() - t0


def fundus_same_day(pred: str | None, gold: str) -> bool:
    """Metric 3 of the Fundus README: same calendar day, in the gold's offset when both have one."""
    from datetime import datetime

    if not pred:
        return False
    try:
        g = datetime.fromisoformat(gold)
        p = datetime.fromisoformat(pred)
    except ValueError:
        return False
    if p.tzinfo is not None and g.tzinfo is not None and len(pred) > 10:
        p = p.astimezone(g.tzinfo)
    return p.date() == g.date()


def run_fundus(data: Path) -> None:
    import dateline
    from dateline.extract.dates import find_dates
    from dateline.extract.parse import parse_html
    from dateline.extract.structured import read_structured

    pages = [json.loads(line) for line in (data / "index.jsonl").read_text().splitlines() if line.strip()]
    for p in pages:
        p["html_text"] = gzip.decompress((data / p["html"]).read_bytes()).decode("utf-8", "replace")
        p["gold"] = json.loads((data / p["expected"]).read_text())[p["version"]]["publishing_date"]

    def dl_dates(p: dict) -> str | None:
        tree = parse_html(p["html_text"])
        return find_dates(tree, read_structured(tree), p["url"]).published

    systems = [("dateline.extract(html, url).published", lambda p: dateline.extract(p["html_text"], url=p["url"]).published),
               ("dateline find_dates alone", dl_dates)]
    figures = {}
    print(f"\nFundus date same-day accuracy, {len(pages)} pages from {data}\n")
    print("| system | same-day | n | pages/s |")
    print("|---|---|---|---|")
    for name, fn in systems:
        t0 = time.process_time()
        preds = []
        for p in pages:
            try:
                preds.append(fn(p))
            except Exception as exc:
                print(f"  {name} failed on {p['id']}: {exc!r}", file=sys.stderr)
                preds.append(None)
        secs = time.process_time() - t0
        ok = sum(fundus_same_day(pred, p["gold"]) for pred, p in zip(preds, pages, strict=True))
        figures[name] = {"same_day": round(ok / len(pages), 4), "correct": ok, "n": len(pages),
                         "pages_per_s": round(len(pages) / secs, 1) if secs else None}
        print(f"| {name} | {ok / len(pages):.3f} ({ok}/{len(pages)}) | {len(pages)} | {figures[name]['pages_per_s']} |")
        if name.startswith("dateline.extract"):
            for pred, p in zip(preds, pages, strict=True):
                if not fundus_same_day(pred, p["gold"]):
                    print(f"  miss {p['id']}: gold {p['gold']} got {pred}", file=sys.stderr)
    print(json.dumps({"benchmark": "fundus-dates", "n": len(pages), "systems": figures}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "dates"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-htmldate", action="store_true", help="skip the htmldate runs")
    ap.add_argument("--errors", help="write dateline's misses (url, gold, prediction, evidence) to this JSONL file")
    ap.add_argument("--fundus", nargs="?", const=str(ROOT.parent / "shared" / "bench" / "fundus"),
                    help="instead: the date-only check on the Fundus pages (default ../shared/bench/fundus)")
    args = ap.parse_args()
    if args.fundus:
        run_fundus(Path(args.fundus))
        return

    import dateline
    from dateline.extract.dates import find_dates
    from dateline.extract.parse import parse_html
    from dateline.extract.structured import read_structured

    records = load(Path(args.data), args.limit)

    def dl_extract(rec: dict) -> str | None:
        return dateline.extract(rec["html"], url=rec["url"]).published

    def dl_dates(rec: dict) -> str | None:
        html = rec["html"]
        if isinstance(html, bytes):
            html = html.decode("utf-8", "replace")
        tree = parse_html(html)
        return find_dates(tree, read_structured(tree), rec["url"]).published

    from dateline.extract import dates as dates_module

    def without_fallback(fn: Callable[[dict], str | None]) -> Callable[[dict], str | None]:
        def run_it(rec: dict) -> str | None:
            dates_module.HTMLDATE_FALLBACK = False
            try:
                return fn(rec)
            finally:
                dates_module.HTMLDATE_FALLBACK = True
        return run_it

    systems: list[tuple[str, Callable[[dict], str | None]]] = [
        ("dateline.extract(html, url).published", dl_extract),
        ("dateline.extract, without the htmldate fallback rung", without_fallback(dl_extract)),
        ("dateline find_dates alone (parse+structured+dates)", dl_dates),
        ("dateline find_dates alone, without the htmldate fallback rung", without_fallback(dl_dates)),
    ]
    if not args.no_htmldate:
        from htmldate import find_date

        systems += [
            ("htmldate find_date(original_date=True, extensive_search=False)",
             lambda r: find_date(r["html"], original_date=True, extensive_search=False)),
            ("htmldate find_date(original_date=True, extensive_search=True)",
             lambda r: find_date(r["html"], original_date=True, extensive_search=True)),
        ]

    figures: dict[str, dict] = {}
    all_preds: dict[str, list[str | None]] = {}
    for name, fn in systems:
        preds, secs = run(name, fn, records)
        fig = score(preds, records)
        fig["pages_per_s"] = round(len(records) / secs, 1) if secs else None
        for subset in ("mediacloud2020", "bbaw"):
            idx = [i for i, r in enumerate(records) if r["set"] == subset]
            if idx:
                fig[subset] = score([preds[i] for i in idx], [records[i] for i in idx])["accuracy"]
        figures[name] = fig
        all_preds[name] = preds

    print(f"\n{len(records)} pages from {args.data}\n")
    print("| system | Accuracy | Precision | Recall | F1 | correct/wrong/missing | mediacloud / bbaw acc | pages/s (1 core) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, f in figures.items():
        print(f"| {name} | {f['accuracy']:.3f} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | "
              f"{f['correct']}/{f['wrong']}/{f['missing']} | {f.get('mediacloud2020', 0):.3f} / {f.get('bbaw', 0):.3f} | "
              f"{f['pages_per_s']} |")

    if args.errors:
        name = systems[0][0]
        with open(args.errors, "w") as fh:
            for rec, pred in zip(records, all_preds[name], strict=True):
                if not pred or rec["date"] is None or pred[:10] != rec["date"]:
                    fh.write(json.dumps({"file": rec["file"], "url": rec["url"], "gold": rec["date"],
                                         "pred": pred}) + "\n")

    print(json.dumps({"benchmark": "dates", "n": len(records), "systems": figures}))


if __name__ == "__main__":
    main()
