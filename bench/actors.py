"""Actor benchmark: dateline's resolve_actors on the actor spans of the PLOVER gold-standard records.

Usage: .venv/bin/python bench/actors.py [DATA_DIR] [--errors FILE]

DATA_DIR defaults to ../shared/bench/plover relative to the repo root (see its README: only the visible
part is there). Every record's `text` is parsed once with the project's spaCy pipeline. Each gold actor
of a record's `source` and `target` lists (a list of objects; "", absent and the stray string mean no
actor) is one item: its `actorText` is found in the text (exactly, else case-insensitively, else its
"..."-separated pieces from the first to the last); the actor mentions dateline gives that overlap the
span are candidates; dateline's answer is the one with the most characters in common (then the surest),
except that for a gold span written with "..." ("U.S. ... negotiators") a mention starting where it
starts comes first.

- Country accuracy: answers whose code equals the gold `code`, over all gold actors. Codes are compared
  after the README's fixes (JAP->JPN, ITL->ITA, VTN->VNM); dateline's codes of intergovernmental and
  non-governmental organisations (UNO, NATO ...) count as the gold's IGO and NGO.
- Sector accuracy: answers whose sector equals the gold `sector`'s first three letters, over the gold
  actors that have a sector other than "***". The gold writes JRN for journalists and media, where
  CAMEO and dateline write MED, and once CIV for CVL: both are read as dateline's codes.

Two baselines in the same run: "NER + country lookup" (the country of the first entity in the span that
the country table knows; no sector) and "+ role lexicon" (that, plus the sector of the last role word in
the span). "with places" gives resolve_actors what the places stage resolved in the same sentence, as
the enrich stage does (`resolve_places`, the gazetteer of dateline/enrich/gazetteer.py).
"learning" is the whole stage as an ingest run of one process does it, places and all, in file order: each record sees
the knowledge base learned from the records before it (`actors_known.learn`, from dateline's own
answers, never from the gold), starting empty.
Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.enrich.actors import resolve_actors  # noqa: E402
from dateline.enrich.actors_known import KnownActors, learn  # noqa: E402
from dateline.enrich.countries import load_countries  # noqa: E402
from dateline.enrich.gazetteer import load_gazetteer  # noqa: E402
from dateline.enrich.nlp import load_pipeline  # noqa: E402
from dateline.enrich.places import resolve_places  # noqa: E402
from dateline.enrich.roles import load_roles  # noqa: E402

CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
SECTOR_FIXES = {"JRN": "MED", "CIV": "CVL"}


@dataclass
class Gold:
    record: str
    side: str
    text: str  # actorText
    code: str
    sector: str | None
    start: int
    end: int


def locate(text: str, actor_text: str) -> tuple[int, int] | None:
    actor_text = actor_text.strip().strip("{}")
    at = text.find(actor_text)
    if at < 0:
        at = text.lower().find(actor_text.lower())
    if at >= 0:
        return at, at + len(actor_text)
    pieces = [p.strip() for p in actor_text.split("...") if p.strip()]
    if len(pieces) > 1:
        first, last = text.find(pieces[0]), text.find(pieces[-1])
        if 0 <= first <= last:
            return first, last + len(pieces[-1])
    words = sorted((w for w in actor_text.replace("(", " ").split() if len(w) > 3), key=len, reverse=True)
    for word in words:
        at = text.find(word)
        if at >= 0:
            return at, at + len(word)
    return None


def golds(records: list[dict[str, Any]]) -> tuple[list[Gold], int]:
    items, unlocated = [], 0
    for record in records:
        for side in ("source", "target"):
            actors = record.get(side)
            if not isinstance(actors, list):
                continue
            for actor in actors:
                where = locate(record["text"], actor["actorText"])
                if where is None:
                    unlocated += 1
                    where = (-1, -1)
                code = CODE_FIXES.get(actor["code"].upper(), actor["code"].upper())
                sector = (actor.get("sector") or "")[:3].upper()
                sector = SECTOR_FIXES.get(sector, sector) if sector and sector != "***" else None
                items.append(Gold(record["id"], side, actor["actorText"], code, sector, *where))
    return items, unlocated


def as_gold_code(code: str | None) -> str | None:
    kind = load_countries().kind_of(code)
    return {"igo": "IGO", "ngo": "NGO"}.get(kind or "", code)


def answer(mentions: list[Any], gold: Gold) -> Any:
    best, best_key = None, (False, 0, 0.0)
    for m in mentions:
        common = min(m.end, gold.end) - max(m.start, gold.start)
        # a gold span written with "..." names its actor first: "U.S. ... negotiators" is the U.S. one
        key = ("..." in gold.text and m.start == gold.start, common, m.confidence)
        if common > 0 and key > best_key:
            best, best_key = m, key
    return best


def baseline(doc: Any, gold: Gold, with_roles: bool) -> tuple[str | None, str | None]:
    table, roles = load_countries(), load_roles()
    code = None
    for ent in doc.ents:
        if ent.end_char > gold.start and ent.start_char < gold.end:
            word = table.match(ent.text)
            if word is not None:
                code = word.country.code
                break
    sector = None
    if with_roles:
        for token in doc.char_span(gold.start, gold.end, alignment_mode="expand") or []:
            role = roles.get(token.lemma_.lower())
            if role is not None and role.strength != "qualifier":
                sector = role.sector
    return as_gold_code(code), sector


def score(pairs: list[tuple[Gold, str | None, str | None]]) -> dict[str, Any]:
    n = len(pairs)
    country = sum(1 for g, c, _ in pairs if c == g.code)
    with_sector = [(g, s) for g, _, s in pairs if g.sector]
    sector = sum(1 for g, s in with_sector if s == g.sector)
    return {"country_accuracy": round(country / n, 4) if n else None, "country_n": n,
            "sector_accuracy": round(sector / len(with_sector), 4) if with_sector else None,
            "sector_n": len(with_sector)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "plover"))
    parser.add_argument("--errors", help="write dateline's wrong answers here, one a line")
    args = parser.parse_args()
    records = json.loads((Path(args.data_dir) / "plover-gold-visible.json").read_text(encoding="utf-8"))
    items, unlocated = golds(records)
    nlp = load_pipeline()
    started = time.perf_counter()
    docs = list(nlp.pipe([r["text"] for r in records], batch_size=64))
    parse_seconds = time.perf_counter() - started
    by_record = {r["id"]: doc for r, doc in zip(records, docs, strict=True)}
    load_gazetteer()
    runs: dict[str, list[tuple[Gold, str | None, str | None]]] = {
        "dateline": [], "dateline with places": [], "dateline with places, learning": [], "NER + country lookup": [],
        "+ role lexicon": []}
    errors = []
    by_signal: dict[str, list[int]] = {}
    resolve_seconds = 0.0
    mentions_of: dict[str, tuple[list[Any], list[Any], list[Any]]] = {}
    learned: dict[str, Any] = {}
    for record_id, doc in by_record.items():
        started = time.perf_counter()
        plain = resolve_actors(doc)
        resolve_seconds += time.perf_counter() - started
        places = resolve_places(doc).mentions
        placed = resolve_actors(doc, places=places)
        with_known = resolve_actors(doc, places=places, known=KnownActors.of(learned.values()))
        learn(learned, with_known)
        mentions_of[record_id] = (plain, placed, with_known)
    for gold in items:
        doc = by_record[gold.record]
        plain, placed, with_known = mentions_of[gold.record]
        for name, mentions in (("dateline", plain), ("dateline with places", placed),
                               ("dateline with places, learning", with_known)):
            m = answer(mentions, gold)
            code = as_gold_code(m.actor.country) if m and m.actor else None
            sector = m.actor.sector if m and m.actor else None
            runs[name].append((gold, code, sector))
            if name == "dateline":
                tally = by_signal.setdefault(m.signal if m else "none", [0, 0])
                tally[0] += code == gold.code
                tally[1] += 1
            if name == "dateline" and (code != gold.code or (gold.sector and sector != gold.sector)):
                errors.append(f"{gold.record}\t{gold.side}\t{gold.text!r}\tgold {gold.code}/{gold.sector}\t"
                              f"got {code}/{sector}\t{m.text if m else None!r} ({m.signal if m else '-'})")
        runs["NER + country lookup"].append((gold, *baseline(doc, gold, False)))
        runs["+ role lexicon"].append((gold, *baseline(doc, gold, True)))
    figures = {name: score(pairs) for name, pairs in runs.items()}
    print(f"{len(records)} records, {len(items)} gold actors ({unlocated} not found in the text)")
    for name, fig in figures.items():
        print(f"{name:24} country {fig['country_accuracy']:.3f} (n={fig['country_n']})  "
              f"sector {fig['sector_accuracy']:.3f} (n={fig['sector_n']})")
    print("country right / answers, by signal: " + ", ".join(
        f"{signal} {right}/{n}" for signal, (right, n) in sorted(by_signal.items(), key=lambda kv: -kv[1][1])))
    print(f"spaCy parse {parse_seconds:.2f} s, resolve_actors {resolve_seconds:.3f} s "
          f"({100 * resolve_seconds / parse_seconds:.1f} % of the parse)")
    if args.errors:
        Path(args.errors).write_text("\n".join(errors) + "\n", encoding="utf-8")
    print(json.dumps({"figures": figures, "by_signal": by_signal, "unlocated": unlocated, "parse_s": round(parse_seconds, 3),
                      "resolve_s": round(resolve_seconds, 3)}))


if __name__ == "__main__":
    main()
