"""Fundus publisher pages: title, authors, publishing date and body, dateline vs trafilatura.

Usage: .venv/bin/python bench/fundus.py [DATA_DIR] [--limit N] [--details FILE]

DATA_DIR defaults to ../shared/bench/fundus relative to the repository root. Metrics as in the
folder's README: title exact match (and token F1), author set F1 (dateline: authors plus agency),
publishing date same-day accuracy, body ROUGE-LSum P/R/F1. Both systems run in the same process on
the same preloaded pages. Prints a table overall and by language subset (en, de, other), then each
figure per language (the index's `language`) and per dateline verdict on the page (`is_article`, the
kind of page its `reason` names) and per signal its body came from, the timing, and ends with one JSON
line of the figures (the groups under each system's `by_language`, `by_dateline_kind`, `by_body_evidence`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from breakdown import dateline_page_kind, group_indices

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# --- helpers exactly as the README defines them ---------------------------------------------

_CJK = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_WORD = re.compile(r"\w+")
_NONWORD = re.compile(r"[^\w\s]|_")


def tok(s: str) -> list[str]:
    s = unicodedata.normalize("NFKC", s).casefold()
    return _WORD.findall(_CJK.sub(r" \1 ", s))


def ws(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Cf")
    return " ".join(s.split())


def name(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(_NONWORD.sub(" ", s).split())


# --- metrics ----------------------------------------------------------------------------------

def title_scores(pred: str | None, gold: str) -> tuple[int, float]:
    if not pred:
        return 0, 0.0
    exact = int(ws(pred) == ws(gold))
    g, p = Counter(tok(gold)), Counter(tok(pred))
    total = sum(g.values()) + sum(p.values())
    return exact, (2 * sum((g & p).values()) / total if total else 0.0)


def author_f1(pred: list[str], gold: list[str]) -> float:
    g = {name(a) for a in gold} - {""}
    p = {name(a) for item in pred for a in item.split(";")} - {""}
    if not p or not g:
        return 0.0
    return 2 * len(g & p) / (len(g) + len(p))


def _parse_dt(s: str) -> datetime | None:
    s = s.strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None


def same_day(pred: str | None, gold: str) -> int:
    if not pred:
        return 0
    g = _parse_dt(gold)
    p = _parse_dt(pred)
    if g is None or p is None:
        return 0
    date_only = re.fullmatch(r"\d{4}-\d{2}-\d{2}", pred.strip()) is not None
    if not date_only and p.tzinfo is not None and g.tzinfo is not None:
        p = p.astimezone(g.tzinfo)
    return int(p.date() == g.date())


def _lcs_indices(ref: list[str], can: list[str]) -> list[int]:
    """Positions in `ref` on the LCS of ref and can, backtracked the way rouge-score does."""
    rows, cols = len(ref), len(can)
    table = [[0] * (cols + 1)]
    prev = table[0]
    for i in range(1, rows + 1):
        r = ref[i - 1]
        row = [0] * (cols + 1)
        for j in range(1, cols + 1):
            if r == can[j - 1]:
                row[j] = prev[j - 1] + 1
            else:
                up, left = prev[j], row[j - 1]
                row[j] = up if up > left else left
        table.append(row)
        prev = row
    i, j, out = rows, cols, []
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            out.append(i - 1)
            i -= 1
            j -= 1
        elif table[i][j - 1] > table[i - 1][j]:
            j -= 1
        else:
            i -= 1
    return out


def rouge_lsum(ref_text: str, hyp_text: str) -> tuple[float, float, float]:
    """rouge-score 0.1.2 rougeLsum with tok() and newline-split units."""
    refs = [tok(s) for s in ref_text.split("\n") if s]
    hyps = [tok(s) for s in hyp_text.split("\n") if s]
    m, n = sum(map(len, refs)), sum(map(len, hyps))
    if not refs or not hyps or not m or not n:
        return 0.0, 0.0, 0.0
    cnt_r: Counter[str] = Counter()
    cnt_c: Counter[str] = Counter()
    for s in refs:
        cnt_r.update(s)
    for s in hyps:
        cnt_c.update(s)
    hyp_sets = [set(h) for h in hyps]
    hits = 0
    for r in refs:
        rset = set(r)
        union: set[int] = set()
        for h, hset in zip(hyps, hyp_sets, strict=True):
            if rset & hset:  # no shared token, no LCS: skip the table
                union.update(_lcs_indices(r, h))
        for pos in sorted(union):
            t = r[pos]
            if cnt_c[t] > 0 and cnt_r[t] > 0:
                hits += 1
                cnt_c[t] -= 1
                cnt_r[t] -= 1
    p, rec = hits / n, hits / m
    f = 2 * p * rec / (p + rec) if p + rec else 0.0
    return p, rec, f


def reference_text(body: dict[str, Any]) -> str:
    units = list(body.get("summary") or [])
    for sec in body.get("sections") or []:
        units.extend(sec.get("headline") or [])
        units.extend(sec.get("paragraphs") or [])
    return "\n".join(units)


# --- systems ----------------------------------------------------------------------------------

def run_dateline(html: str, url: str) -> dict[str, Any]:
    import dateline

    art = dateline.extract(html, url=url)
    authors = list(art.authors)
    if art.agency:
        authors.append(art.agency)
    return {"title": art.title, "authors": authors, "date": art.published, "body": art.body,
            "evidence": art.evidence, "is_article": art.is_article, "reason": art.reason}


def run_trafilatura(html: str, url: str) -> dict[str, Any]:
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {"title": None, "authors": [], "date": None, "body": ""}
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    author = get("author")
    return {"title": get("title"), "authors": [author] if author else [], "date": get("date"),
            "body": get("text") or ""}


SYSTEMS = {"dateline": run_dateline, "trafilatura": run_trafilatura}


# --- driver -----------------------------------------------------------------------------------

def load(data: Path, limit: int | None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (data / "index.jsonl").read_text().splitlines() if line.strip()]
    if limit:
        rows = rows[:limit]
    expected_cache: dict[str, dict] = {}
    for row in rows:
        with gzip.open(data / row["html"], "rt", encoding="utf-8", errors="replace") as fh:
            row["page"] = fh.read()
        exp = expected_cache.setdefault(row["expected"], json.loads((data / row["expected"]).read_text()))
        row["gold"] = exp[row["version"]]
    return rows


def subset(lang: str) -> str:
    return lang if lang in ("en", "de") else "other"


def score(rows: list[dict[str, Any]], preds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for row, pred in zip(rows, preds, strict=True):
        gold = row["gold"]
        exact, tf1 = title_scores(pred["title"], gold["title"])
        rec: dict[str, Any] = {"id": row["id"], "subset": subset(row["language"]), "title": exact, "title_f1": tf1,
                               "date": same_day(pred["date"], gold["publishing_date"])}
        if "authors" in gold and gold["authors"] is not None:
            rec["author"] = author_f1(pred["authors"], gold["authors"])
        rec["body_p"], rec["body_r"], rec["body_f"] = rouge_lsum(reference_text(gold["body"]), pred["body"] or "")
        out.append(rec)
    return out


def check_rouge(rows: list[dict[str, Any]], preds: list[dict[str, Any]], recs: list[dict[str, Any]]) -> int:
    """Pages where our ROUGE-LSum differs from the rouge-score package's (should be none)."""
    from rouge_score import rouge_scorer

    class _Tok:
        def tokenize(self, text: str) -> list[str]:
            return tok(text)

    scorer = rouge_scorer.RougeScorer(["rougeLsum"], tokenizer=_Tok(), split_summaries=False)
    bad = 0
    for row, pred, rec in zip(rows, preds, recs, strict=True):
        ref = scorer.score(reference_text(row["gold"]["body"]), pred["body"] or "")["rougeLsum"]
        if max(abs(ref.precision - rec["body_p"]), abs(ref.recall - rec["body_r"]), abs(ref.fmeasure - rec["body_f"])) > 1e-9:
            bad += 1
    return bad


def summarise(recs: list[dict[str, Any]]) -> dict[str, Any]:
    authors = [r["author"] for r in recs if "author" in r]
    bf = [r["body_f"] for r in recs]
    return {
        "n": len(recs),
        "title_exact": statistics.fmean(r["title"] for r in recs),
        "title_hits": sum(r["title"] for r in recs),
        "title_tok_f1": statistics.fmean(r["title_f1"] for r in recs),
        "author_f1": statistics.fmean(authors) if authors else 0.0,
        "author_n": len(authors),
        "date_same_day": statistics.fmean(r["date"] for r in recs),
        "date_hits": sum(r["date"] for r in recs),
        "body_p": statistics.fmean(r["body_p"] for r in recs),
        "body_r": statistics.fmean(r["body_r"] for r in recs),
        "body_f1": statistics.fmean(bf),
        "body_f1_std": statistics.pstdev(bf) if len(bf) > 1 else 0.0,
    }


def breakdowns(rows: list[dict[str, Any]], all_preds: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Print each system's figures per language and per dateline verdict; return them by system."""
    groupings = {"by_language": ("language (the index's, py3langid on the expected text)",
                                 [row["language"] for row in rows])}
    if "dateline" in all_preds:
        preds = [rec["pred"] for rec in all_preds["dateline"]]
        groupings["by_dateline_kind"] = ("dateline's verdict on the page (is_article / reason)",
                                         [dateline_page_kind(p["is_article"], p["reason"]) for p in preds])
        groupings["by_body_evidence"] = ("the signal dateline's body came from (evidence['body'])",
                                         [p["evidence"].get("body") or "none" for p in preds])
    out: dict[str, dict[str, Any]] = {name: {} for name in all_preds}
    for key, (title, labels) in groupings.items():
        print(f"\nBy {title}")
        print("| group | system | n | title exact | author F1 (n) | date same-day | body P | body R | body F1 |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, idx in group_indices(labels).items():
            for name, recs in all_preds.items():
                s = summarise([recs[i] for i in idx])
                out[name].setdefault(key, {})[label] = {k: round(v, 4) if isinstance(v, float) else v
                                                        for k, v in s.items()}
                author = f"{s['author_f1']:.3f} ({s['author_n']})" if s["author_n"] else "- (0)"
                print(f"| {label} | {name} | {s['n']} | {s['title_exact']:.3f} | {author} "
                      f"| {s['date_same_day']:.3f} | {s['body_p']:.3f} | {s['body_r']:.3f} | {s['body_f1']:.3f} |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "bench" / "fundus"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (for a quick look)")
    ap.add_argument("--systems", default="dateline,trafilatura", help="comma-separated: dateline,trafilatura")
    ap.add_argument("--details", default=None, help="write per-page predictions and scores as JSONL here")
    ap.add_argument("--check-rouge", action="store_true",
                    help="also score the bodies with the rouge-score package and report any difference")
    args = ap.parse_args(argv)

    rows = load(Path(args.data), args.limit)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    results: dict[str, dict[str, Any]] = {}
    all_preds: dict[str, list[dict[str, Any]]] = {}
    for sysname in systems:
        fn = SYSTEMS[sysname]
        fn(rows[0]["page"], rows[0]["url"])  # imports and lazy tables outside the timing
        preds, wall0, cpu0 = [], time.perf_counter(), time.process_time()
        for row in rows:
            preds.append(fn(row["page"], row["url"]))
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        recs = score(rows, preds)
        if args.check_rouge:
            print(f"{sysname}: ROUGE-LSum differs from rouge-score on {check_rouge(rows, preds, recs)} pages")
        by = {"all": summarise(recs)}
        for name_ in ("en", "de", "other"):
            part = [r for r in recs if r["subset"] == name_]
            if part:
                by[name_] = summarise(part)
        by["timing"] = {"pages": len(rows), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                        "pages_per_s": round(len(rows) / wall, 1) if wall else None}
        results[sysname] = by
        all_preds[sysname] = [{**r, "pred": p} for p, r in zip(preds, recs, strict=True)]

    print(f"Fundus: {len(rows)} pages from {args.data}")
    print()
    print("| system | subset | n | title exact | title tok F1 | author F1 (n) | date same-day | body P | body R | body F1 (± std) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for subset_name in ("all", "en", "de", "other"):
        for sysname in systems:
            s = results[sysname].get(subset_name)
            if not s:
                continue
            print(f"| {sysname} | {subset_name} | {s['n']} | {s['title_exact']:.3f} ({s['title_hits']}/{s['n']}) | "
                  f"{s['title_tok_f1']:.3f} | {s['author_f1']:.3f} ({s['author_n']}) | "
                  f"{s['date_same_day']:.3f} ({s['date_hits']}/{s['n']}) | {s['body_p']:.3f} | {s['body_r']:.3f} | "
                  f"{s['body_f1']:.3f} ± {s['body_f1_std']:.3f} |")
    groups = breakdowns(rows, all_preds)
    print()
    for sysname in systems:
        t = results[sysname]["timing"]
        print(f"{sysname}: {t['pages']} pages in {t['wall_s']} s wall / {t['cpu_s']} s CPU "
              f"({t['pages_per_s']} pages/s)")
    if args.details:
        with open(args.details, "w", encoding="utf-8") as fh:
            for sysname, preds in all_preds.items():
                for rec in preds:
                    fh.write(json.dumps({"system": sysname, **rec}, ensure_ascii=False, default=str) + "\n")
    figures = {sysname: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res["all"].items()}
               | {"subsets": {k: {kk: (round(vv, 4) if isinstance(vv, float) else vv) for kk, vv in v.items()}
                              for k, v in res.items() if k in ("en", "de", "other")},
                  "timing": res["timing"]} | groups[sysname]
               for sysname, res in results.items()}
    print(json.dumps({"benchmark": "fundus", "pages": len(rows), "systems": figures}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
