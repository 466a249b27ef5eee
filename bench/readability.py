"""Mozilla Readability test pages: body, title, author and date, dateline beside trafilatura and readability-lxml.

Usage: .venv/bin/python bench/readability.py [DATA_DIR] [--limit N] [--systems a,b] [--details FILE]

DATA_DIR defaults to ../shared/bench/readability. Metrics 1-4 of the folder's README:
1. body P / R / F1 / accuracy by AEB's 4-gram method (bench/aeb.py's scoring, imported), ± = bootstrap std;
2. title exact match after ws(), and title token F1 (bench/fundus.py's helpers);
3. author token-set F1 against the cleaned `authors`, and the "raw byline" variant against `byline`;
4. date same-day: the first 10 characters of the prediction equal those of `published`.
Subsets as the README reports them (all, article_like, article_like en / other, fixtures), then a
table per language (the index's `language`, py3langid on the expected text: grouping only) and per
page type: the dataset's own (article-like / fixture / non-readerable) and dateline's verdict on
the page (`Article.is_article`, and the kind of page its `reason` names when it is not one), and
the signal dateline's body came from (`evidence["body"]`).

Every system runs in this one process on the same preloaded pages, decoded as UTF-8 with a leading
BOM removed and passed as `str` without a URL, as the README's peers were run:
- dateline: `dateline.extract(html)`: body, title, authors plus agency (as bench/fundus.py counts them),
  published;
- trafilatura: body `extract(html)` (defaults, comments included) or `extract(html, include_comments=False)`;
  title/author/date from `bare_extraction(html, with_metadata=True)` (author split on ";");
- readability-lxml 0.9: `Document(html)`, body `summary(html_partial=True)` turned into text by the
  README's converter (`readability_text`), or by html-text's `extract_text` (the AEB way); title
  `short_title()`; it returns no author or date.
Timing is CPU seconds of each system's call per page, one pass: dateline's one call gives every field;
for trafilatura only the body call `extract()` is timed (as the README's speed figure), its metadata
call is not, so the speed ratio flatters trafilatura.

The peers reproduce the README's table (2026-12, trafilatura 2.3.1, readability-lxml 0.9, html-text
0.7.1): trafilatura body F1 article-like 0.939 (defaults) / 0.944 (no comments), all 0.929 / 0.933;
readability-lxml 0.954 article-like / 0.966 all (html-text: 0.948 / 0.962); trafilatura title exact
article-like 0.780, author F1 0.807, date 0.938; readability-lxml short_title exact 0.659.

Prints the tables and ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from aeb import bootstrap_std, corpus, page_scores
from breakdown import dateline_page_kind, group_indices
from fundus import name, title_scores

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# --- the README's HTML-to-text converter (the one its gold texts were made with) -------------

_SKIP = {"script", "style", "template", "noscript", "head", "title"}
_BLOCKS = set(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary "
    "table tbody tfoot thead tr ul".split()
)
_CELLS = {"td", "th"}
_SPACE = re.compile(r"\s+")


class _TextBuilder:
    """Blocks of lines; inline text joins with no added space, as DOM textContent does."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self.lines: list[str] = []
        self.line: list[str] = []

    def add(self, text: str | None, in_pre: bool) -> None:
        if not text:
            return
        if not in_pre:
            self.line.append(text)
            return
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                self.end_line()
            self.line.append(part)

    def end_line(self) -> None:
        line = _SPACE.sub(" ", "".join(self.line)).strip()
        if line:
            self.lines.append(line)
        self.line = []

    def end_block(self) -> None:
        self.end_line()
        if self.lines:
            self.blocks.append(self.lines)
        self.lines = []

    def text(self) -> str:
        self.end_block()
        return "\n\n".join("\n".join(lines) for lines in self.blocks) + "\n"


def readability_text(html: str) -> str:
    """Plain text of an HTML fragment by the README's rules (blocks, td/th spacing, br, pre)."""
    from lxml import html as lxml_html

    if not html.strip():
        return ""
    root = lxml_html.document_fromstring(html)
    body = root.find("body")
    out = _TextBuilder()

    def walk(el: Any, in_pre: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else None  # comments and PIs: only their tails count
        if tag is not None and tag not in _SKIP:
            block, cell = tag in _BLOCKS, tag in _CELLS
            pre = in_pre or tag == "pre"
            if block:
                out.end_block()
            elif cell:
                out.add(" ", False)
            if tag == "br":
                out.end_line()
            out.add(el.text, pre)
            for child in el:
                walk(child, pre)
            if block:
                out.end_block()
            elif cell:
                out.add(" ", False)
        out.add(el.tail, in_pre)

    top = body if body is not None else root
    out.add(top.text, False)
    for child in top:
        walk(child, False)
    return out.text()


# --- metrics that differ from the Fundus README's -----------------------------------------------

def names(s: str) -> set[str]:
    """The README's names(): the set of words of a name, so order and splitting do not matter."""
    return set(name(s).split())


def author_token_f1(pred: Iterable[str], gold: Iterable[str]) -> float:
    g = set().union(*(names(a) for a in gold))
    p = set().union(*(names(a) for a in pred))
    if not p or not g:
        return 0.0
    return 2 * len(g & p) / (len(g) + len(p))


def same_day(pred: str | None, gold: str) -> int:
    """As written, no time-zone conversion: "2018-06-12T23:00:00.000Z" is the 12th."""
    return int(bool(pred) and str(pred)[:10] == gold[:10])


# --- systems ------------------------------------------------------------------------------------

def run_dateline(html: str) -> dict[str, Any]:
    import dateline

    art = dateline.extract(html)
    authors = list(art.authors) + ([art.agency] if art.agency else [])
    return {"body": art.body, "title": art.title, "authors": authors, "date": art.published,
            "is_article": art.is_article, "reason": art.reason,
            "kind": dateline_page_kind(art.is_article, art.reason), "body_evidence": art.evidence.get("body")}


def _trafilatura(include_comments: bool) -> Callable[[str], dict[str, Any]]:
    def run(html: str) -> dict[str, Any]:
        from trafilatura import extract

        return {"body": extract(html, include_comments=include_comments) or ""}

    return run


def trafilatura_metadata(html: str) -> dict[str, Any]:
    """trafilatura's title, author and date: a second call, left out of its timing (see the docstring)."""
    from trafilatura import bare_extraction

    doc = bare_extraction(html, with_metadata=True)
    if doc is None:
        return {"title": None, "authors": [], "date": None}
    author = getattr(doc, "author", None) or ""
    return {"title": doc.title, "authors": [a for a in author.split(";") if a.strip()], "date": doc.date}


@functools.cache
def _readability_document() -> Any:
    """readability-lxml's Document. This script's folder comes first on sys.path and this file is
    named readability.py too, so the package is imported with the folder left out."""
    import importlib

    here = str(Path(__file__).resolve().parent)
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(here)]
    try:
        if getattr(sys.modules.get("readability"), "__file__", None) == __file__:
            del sys.modules["readability"]
        return importlib.import_module("readability").Document
    finally:
        sys.path[:] = saved


def _readability(to_text: str) -> Callable[[str], dict[str, Any]]:
    def run(html: str) -> dict[str, Any]:
        doc = _readability_document()(html)
        summary = doc.summary(html_partial=True)
        if to_text == "html-text":
            import html_text

            body = html_text.extract_text(summary)
        else:
            body = readability_text(summary)
        return {"body": body, "title": doc.short_title()}  # no author, no date: those metrics skip it

    return run


# The metadata a system gets from a second, untimed call.
UNTIMED_FIELDS: dict[str, Callable[[str], dict[str, Any]]] = {
    "trafilatura": trafilatura_metadata,
    "trafilatura-nocomments": trafilatura_metadata,
}

SYSTEMS: dict[str, Callable[[str], dict[str, Any]]] = {
    "dateline": run_dateline,
    "trafilatura": _trafilatura(include_comments=True),
    "trafilatura-nocomments": _trafilatura(include_comments=False),
    "readability-lxml": _readability("converter"),
    "readability-lxml-htmltext": _readability("html-text"),
}


# --- data, scoring, subsets ---------------------------------------------------------------------

def load(data: Path, limit: int | None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (data / "index.jsonl").read_text("utf-8").splitlines() if line.strip()]
    if limit:
        rows = rows[:limit]
    for row in rows:
        raw = gzip.decompress((data / "pages" / f"{row['name']}.html.gz").read_bytes())
        row["page"] = raw.decode("utf-8").removeprefix("\ufeff")
        row["expected"] = (data / "expected" / f"{row['name']}.txt").read_text("utf-8")
        row["type"] = ("fixture" if row["fixture"] else "article-like" if row["is_article_like"]
                       else "non-readerable")
    return rows


def score_page(row: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    rec: dict[str, Any] = {"body": page_scores(row["expected"], pred["body"] or "")}
    if row["title"]:
        rec["title"], rec["title_f1"] = title_scores(pred["title"], row["title"])
    if "authors" in pred:
        if row["authors"]:
            rec["author"] = author_token_f1(pred["authors"], row["authors"])
        if row["byline"]:
            rec["byline"] = author_token_f1(pred["authors"], [row["byline"]])
    if "date" in pred and row["published"]:
        rec["date"] = same_day(pred["date"], row["published"])
    return rec


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def summarise(recs: list[dict[str, Any]], with_std: bool = False) -> dict[str, Any]:
    body = corpus([r["body"] for r in recs])
    out: dict[str, Any] = {"n": len(recs), "body_f1": body["f1"], "body_p": body["p"], "body_r": body["r"],
                           "body_acc": body["acc"]}
    if with_std:
        out["body_f1_std"] = bootstrap_std([r["body"] for r in recs])
    # figure name, page score, count name: a figure is left out where no page of the group has its gold
    for field, key, n_key in (("title_exact", "title", "title_n"), ("title_tok_f1", "title_f1", None),
                              ("author_f1", "author", "author_n"), ("author_raw_byline_f1", "byline", "byline_n"),
                              ("date_same_day", "date", "date_n")):
        values = [r[key] for r in recs if key in r]
        if values:
            out[field] = statistics.fmean(values)
            if n_key:
                out[n_key] = len(values)
    if "title_exact" in out:
        out["title_hits"] = sum(r["title"] for r in recs if "title" in r)
    if "date_same_day" in out:
        out["date_hits"] = sum(r["date"] for r in recs if "date" in r)
    return out


SUBSETS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "all": lambda row: True,
    "article_like": lambda row: row["is_article_like"],
    "article_like_en": lambda row: row["is_article_like"] and row["language"] == "en",
    "article_like_other": lambda row: row["is_article_like"] and row["language"] != "en",
    "fixtures": lambda row: row["fixture"],
}


# --- output -------------------------------------------------------------------------------------

def _fmt(s: dict[str, Any], key: str, n_key: str | None = None) -> str:
    if key not in s:
        return "-"
    text = f"{s[key]:.3f}"
    return f"{text} ({s[n_key]})" if n_key and n_key in s else text


def print_table(title: str, by_group: dict[str, dict[str, dict[str, Any]]], systems: list[str]) -> None:
    print(f"\n### {title}")
    print("| group | system | n | body F1 | P | R | acc | title exact (n) | title tok F1 | author F1 (n) "
          "| raw byline F1 (n) | date same-day (n) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for group, per_system in by_group.items():
        for sysname in systems:
            s = per_system[sysname]
            f1 = f"{s['body_f1']:.3f}" + (f" ± {s['body_f1_std']:.3f}" if "body_f1_std" in s else "")
            print(f"| {group} | {sysname} | {s['n']} | {f1} | {s['body_p']:.3f} | {s['body_r']:.3f} "
                  f"| {s['body_acc']:.3f} | {_fmt(s, 'title_exact', 'title_n')} | {_fmt(s, 'title_tok_f1')} "
                  f"| {_fmt(s, 'author_f1', 'author_n')} | {_fmt(s, 'author_raw_byline_f1', 'byline_n')} "
                  f"| {_fmt(s, 'date_same_day', 'date_n')} |")


def _rounded(d: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(REPO.parent / "shared" / "bench" / "readability"))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted by name)")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated: " + ", ".join(SYSTEMS))
    ap.add_argument("--details", default=None, help="write per-page predictions and scores of every system as JSONL")
    args = ap.parse_args(argv)

    rows = load(Path(args.data), args.limit)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    preds: dict[str, list[dict[str, Any]]] = {}
    recs: dict[str, list[dict[str, Any]]] = {}
    timing: dict[str, dict[str, Any]] = {}
    untimed_cache: dict[Callable[[str], dict[str, Any]], list[dict[str, Any]]] = {}
    for sysname in systems:
        fn = SYSTEMS[sysname]
        fn(rows[0]["page"])  # imports and lazy tables outside the timing
        out, wall0, cpu0 = [], time.perf_counter(), time.process_time()
        for row in rows:
            out.append(fn(row["page"]))
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        if sysname in UNTIMED_FIELDS:
            extra = UNTIMED_FIELDS[sysname]
            if extra not in untimed_cache:
                untimed_cache[extra] = [extra(row["page"]) for row in rows]
            out = [pred | more for pred, more in zip(out, untimed_cache[extra], strict=True)]
        timing[sysname] = {"pages": len(rows), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                           "pages_per_cpu_s": round(len(rows) / cpu, 1) if cpu else None}
        preds[sysname] = out
        recs[sysname] = [score_page(row, pred) for row, pred in zip(rows, out, strict=True)]

    def table(index_groups: dict[str, list[int]], with_std: bool = False) -> dict[str, dict[str, dict[str, Any]]]:
        return {g: {s: summarise([recs[s][i] for i in idx], with_std) for s in systems}
                for g, idx in index_groups.items() if idx}

    main_subsets = table({k: [i for i, r in enumerate(rows) if keep(r)] for k, keep in SUBSETS.items()}, True)
    by_language = table(group_indices([r["language"] or "none (< 100 chars)" for r in rows]))
    article_like = [i for i, r in enumerate(rows) if r["is_article_like"]]
    by_language_article_like = table({lang: [article_like[j] for j in idx] for lang, idx in
                                      group_indices([rows[i]["language"] for i in article_like]).items()})
    by_type = table(group_indices([r["type"] for r in rows]))
    by_kind = table(group_indices([p["kind"] for p in preds["dateline"]])) if "dateline" in preds else {}
    by_evidence = (table(group_indices([p["body_evidence"] or "none" for p in preds["dateline"]]))
                   if "dateline" in preds else {})

    print(f"Readability test pages: {len(rows)} from {args.data}")
    print_table("Subsets of the README", main_subsets, systems)
    print_table("By language (py3langid on the expected text), all pages", by_language, systems)
    print_table("By language, article-like pages", by_language_article_like, systems)
    print_table("By the dataset's page type", by_type, systems)
    if by_kind:
        print_table("By dateline's verdict on the page (is_article / reason)", by_kind, systems)
        print_table("By the signal dateline's body came from (evidence['body'])", by_evidence, systems)
    print()
    for sysname in systems:
        t = timing[sysname]
        print(f"{sysname}: {t['pages']} pages in {t['wall_s']} s wall / {t['cpu_s']} s CPU ({t['pages_per_cpu_s']} pages/CPU s)")
    ratios = {}
    if "dateline" in timing:
        for sysname in systems:
            if sysname != "dateline" and timing[sysname]["cpu_s"] and timing["dateline"]["cpu_s"]:
                ratios[sysname] = round(timing[sysname]["cpu_s"] / timing["dateline"]["cpu_s"], 3)
        if ratios:
            print("speed of dateline relative to each peer (peer CPU s / dateline CPU s; > 1 = dateline faster): "
                  + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))

    if args.details:
        with open(args.details, "w", encoding="utf-8") as fh:
            for sysname in systems:
                for i, (row, pred, rec) in enumerate(zip(rows, preds[sysname], recs[sysname], strict=True)):
                    fh.write(json.dumps({"system": sysname, "name": row["name"], "type": row["type"],
                                         "language": row["language"],
                                         "dateline_kind": preds["dateline"][i]["kind"] if "dateline" in preds else None,
                                         **{k: v for k, v in rec.items() if k != "body"},
                                         "body_p": rec["body"]["p"], "body_r": rec["body"]["r"],
                                         "body_exact": rec["body"]["exact"],
                                         "pred": {k: v for k, v in pred.items() if k != "body"},
                                         "body_chars": len(pred["body"] or "")},
                                        ensure_ascii=False, default=str) + "\n")

    def figures(tables: dict[str, dict[str, dict[str, Any]]], sysname: str) -> dict[str, Any]:
        return {g: _rounded(per_system[sysname]) for g, per_system in tables.items()}

    result = {"benchmark": "readability", "pages": len(rows), "speed_ratio_peer_cpu_over_dateline": ratios,
              "systems": {s: {**_rounded(main_subsets["all"][s]),
                              "subsets": figures(main_subsets, s), "by_language": figures(by_language, s),
                              "by_language_article_like": figures(by_language_article_like, s),
                              "by_page_type": figures(by_type, s), "by_dateline_kind": figures(by_kind, s),
                              "by_body_evidence": figures(by_evidence, s),
                              "timing": timing[s]}
                          for s in systems}}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
