"""Time-expression benchmark: dateline's find_times beside dateparser on TempEval-3's TBAQ-cleaned.

Usage: .venv/bin/python bench/tempeval3.py [DATA_DIR] [--no-dateparser] [--errors FILE] [--part TimeBank]

DATA_DIR defaults to ../shared/bench/tempeval3 relative to the repo root (see its README for the
format and the metric). Each document's plain text is the character data of its <TEXT>; its DCT
(the <DCT> TIMEX3's value) is the anchor. The metric is TempEval-3 Task A's: one-to-one matching,
strict pairs first, then overlap pairs in document order; strict and relaxed P/R/F1 over all
documents (micro); type and value accuracy on the relaxed pairs; value F1 = relaxed F1 x value
accuracy. Figures per part (TimeBank, AQUAINT) and together. TimeBank is where rules were
developed; AQUAINT is the check that they hold on text they were not written for.

dateparser: `search_dates(text, languages=['en'], settings={'RELATIVE_BASE': DCT})`, once per
document, as the README's reference baseline: each found substring located left to right,
trimmed of non-alphanumerics, typed DATE, valued YYYY-MM-DD. Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARTS = ("TimeBank", "AQUAINT")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass
class Doc:
    id: str
    part: str
    dct: str
    text: str
    gold: list[Timex] = field(default_factory=list)


def read_tml(path: Path, part: str) -> Doc:
    root = ET.parse(path).getroot()
    dct_timex = root.find("DCT/TIMEX3")
    dct = dct_timex.get("value", "") if dct_timex is not None else ""
    text_el = root.find("TEXT")
    chunks: list[str] = []
    gold: list[Timex] = []
    offset = 0

    def walk(el: ET.Element) -> None:
        nonlocal offset
        start = offset
        if el.text:
            chunks.append(el.text)
            offset += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                chunks.append(child.tail)
                offset += len(child.tail)
        if el.tag == "TIMEX3" and el is not text_el:
            gold.append(Timex(start, offset, el.get("type", ""), el.get("value", "")))

    if text_el is not None:
        walk(text_el)
    text = "".join(chunks)
    gold = [Timex(g.start, g.end, g.type, g.value, text[g.start:g.end]) for g in sorted(gold, key=lambda g: g.start)]
    return Doc(path.stem, part, dct, text, gold)


def load(data: Path, parts: tuple[str, ...] = PARTS) -> list[Doc]:
    return [read_tml(p, part) for part in parts for p in sorted((data / "TBAQ-cleaned" / part).glob("*.tml"))]


def match(gold: list[Timex], system: list[Timex]) -> tuple[list[tuple[Timex, Timex]], int]:
    """TempEval-3's one-to-one pairing: (relaxed pairs, number of them that are strict)."""
    free = list(system)
    pairs: list[tuple[Timex, Timex]] = []
    left: list[Timex] = []
    for g in gold:
        same = next((s for s in free if (s.start, s.end) == (g.start, g.end)), None)
        if same is None:
            left.append(g)
        else:
            free.remove(same)
            pairs.append((g, same))
    strict = len(pairs)
    for g in left:
        hit = next((s for s in free if s.start < g.end and g.start < s.end), None)
        if hit is not None:
            free.remove(hit)
            pairs.append((g, hit))
    return pairs, strict


def prf(hits: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_sys if n_sys else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[Doc], outputs: list[list[Timex]]) -> dict:
    n_gold = n_sys = strict = relaxed = value_ok = type_ok = 0
    for doc, out in zip(docs, outputs, strict=True):
        pairs, n_strict = match(doc.gold, out)
        n_gold += len(doc.gold)
        n_sys += len(out)
        strict += n_strict
        relaxed += len(pairs)
        value_ok += sum(g.value == s.value for g, s in pairs)
        type_ok += sum(g.type == s.type for g, s in pairs)
    sp, sr, sf = prf(strict, n_sys, n_gold)
    rp, rr, rf = prf(relaxed, n_sys, n_gold)
    value_acc = value_ok / relaxed if relaxed else 0.0
    type_acc = type_ok / relaxed if relaxed else 0.0
    pct = lambda x: round(100 * x, 2)  # noqa: E731
    return {"G": n_gold, "S": n_sys, "strict_p": pct(sp), "strict_r": pct(sr), "strict_f1": pct(sf),
            "relaxed_p": pct(rp), "relaxed_r": pct(rr), "relaxed_f1": pct(rf), "value_acc": pct(value_acc),
            "type_acc": pct(type_acc), "value_f1": pct(rf * value_acc), "type_f1": pct(rf * type_acc)}


def dct_datetime(dct: str) -> datetime:
    value = datetime.fromisoformat(dct)
    return value if "T" in dct else value.replace(hour=12)


def run_dateline(doc: Doc) -> list[Timex]:
    from dateline.enrich.times import find_times

    return [Timex(t.start, t.end, t.type, t.value, t.text) for t in find_times(doc.text, dct_datetime(doc.dct))]


def run_dateparser(doc: Doc) -> list[Timex]:
    from dateparser.search import search_dates

    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": dct_datetime(doc.dct)}) or []
    out: list[Timex] = []
    pos = 0
    for substring, when in found:
        at = doc.text.find(substring, pos)
        if at < 0:
            continue
        pos = at + len(substring)
        trimmed = re.search(r"\w(?:.*\w)?", substring, re.S)
        if trimmed is None:
            continue
        out.append(Timex(at + trimmed.start(), at + trimmed.end(), "DATE", when.strftime("%Y-%m-%d"), trimmed[0]))
    return out


def run(fn: Callable[[Doc], list[Timex]], docs: list[Doc]) -> tuple[list[list[Timex]], float]:
    t0 = time.process_time()
    outputs = [fn(doc) for doc in docs]
    return outputs, time.process_time() - t0


def write_errors(path: Path, docs: list[Doc], outputs: list[list[Timex]]) -> None:
    """One line per gold timex missed or misread and per system timex that matched nothing."""
    with path.open("w") as f:
        for doc, out in zip(docs, outputs, strict=True):
            pairs, _ = match(doc.gold, out)
            paired_gold = {id(g) for g, _ in pairs}
            paired_sys = {id(s) for _, s in pairs}

            def context(t: Timex, doc: Doc = doc) -> str:
                return doc.text[max(0, t.start - 60):t.end + 40].replace("\n", " ")

            rows = []
            for g, s in pairs:
                if g.value != s.value or g.type != s.type or (g.start, g.end) != (s.start, s.end):
                    rows.append({"kind": "wrong" if g.value != s.value else "extent" if g.type == s.type else "type",
                                 "gold": [g.text, g.type, g.value], "sys": [s.text, s.type, s.value],
                                 "context": context(g)})
            rows += [{"kind": "missed", "gold": [g.text, g.type, g.value], "context": context(g)}
                     for g in doc.gold if id(g) not in paired_gold]
            rows += [{"kind": "spurious", "sys": [s.text, s.type, s.value], "context": context(s)}
                     for s in out if id(s) not in paired_sys]
            for row in rows:
                f.write(json.dumps({"doc": doc.id, "part": doc.part, "dct": doc.dct, **row}) + "\n")


def table(name: str, docs: list[Doc], outputs: list[list[Timex]], secs: float) -> dict:
    figures = {}
    for label, parts in (("TimeBank", ("TimeBank",)), ("AQUAINT", ("AQUAINT",)), ("all", PARTS)):
        chosen = [(d, o) for d, o in zip(docs, outputs, strict=True) if d.part in parts]
        if not chosen:
            continue
        s = score([d for d, _ in chosen], [o for _, o in chosen])
        figures[label] = s
        print(f"| {name} | {label} | {s['G']} | {s['S']} | {s['strict_p']:.2f} / {s['strict_r']:.2f} / "
              f"{s['strict_f1']:.2f} | {s['relaxed_p']:.2f} / {s['relaxed_r']:.2f} / {s['relaxed_f1']:.2f} | "
              f"{s['type_acc']:.2f} | {s['value_acc']:.2f} | **{s['value_f1']:.2f}** |")
    words = sum(len(d.text.split()) for d in docs)
    figures["seconds"] = round(secs, 2)
    print(f"| {name} | time | | | {secs:.2f} s CPU for {len(docs)} docs ({words / secs if secs else 0:,.0f} words/s) | | | | |")
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "tempeval3"))
    ap.add_argument("--no-dateparser", action="store_true", help="skip the dateparser run (slower)")
    ap.add_argument("--part", choices=PARTS, help="only this part")
    ap.add_argument("--errors", help="write dateline's errors (missed, spurious, wrong value/type/extent) as JSONL")
    args = ap.parse_args()
    docs = load(Path(args.data), (args.part,) if args.part else PARTS)
    systems: list[tuple[str, Callable[[Doc], list[Timex]]]] = [("dateline find_times", run_dateline)]
    if not args.no_dateparser:
        systems.append(("dateparser search_dates", run_dateparser))
    print(f"\nTempEval-3 TBAQ-cleaned, {len(docs)} documents from {args.data} (anchor: the DCT)\n")
    print("| system | part | G | S | strict P / R / F1 | relaxed P / R / F1 | type acc | value acc | value F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    results = {}
    for name, fn in systems:
        outputs, secs = run(fn, docs)
        results[name] = table(name, docs, outputs, secs)
        if args.errors and fn is run_dateline:
            write_errors(Path(args.errors), docs, outputs)
    print(json.dumps({"benchmark": "tempeval3", "docs": len(docs), "systems": results}))


if __name__ == "__main__":
    main()
