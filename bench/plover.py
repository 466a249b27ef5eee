"""Event benchmark: dateline's coder on the PLOVER gold-standard sentences (visible part).

Usage: .venv/bin/python bench/plover.py [DATA_DIR] [--errors FILE] [--limit N]

DATA_DIR defaults to ../shared/bench/plover relative to the repo root (see its README). Each record's
`text` goes through dateline's own enrich and events stages, as `dateline analyze --text` runs them
(no dictionary from the suite, no gold span). The record's answer is dateline's surest event in the
sentence (ties: the first), or none. Metrics, as the data README defines them:

- event accuracy: the answer's PLOVER 2021 type equals the gold 2016 category mapped to 2021;
- source / target country accuracy: over records with a gold source (target) list, the set of the
  answer's actor (recipient) country codes equals the gold set; codes after the README's fixes, and
  dateline's codes of intergovernmental and non-governmental organisations (UNO, NATO ...) read as
  the gold's IGO and NGO (as bench/actors.py does);
- all correct: type, source set and target set together.

A reciprocal event ("Israel and Lebanon renewed negotiations") counts both its sides as sources, as
the gold's (SRC/TAR: ...) markup does.

Baselines in the same run: the majority type (AGREE) and "first verb": the type whose lexicon
holds the sentence's first verb lemma, with the countries of the first and second actor mentions.
Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actors import CODE_FIXES, as_gold_code  # noqa: E402  (bench/actors.py: the same code fixes)

from dateline.analyze import analyze_text  # noqa: E402
from dateline.events.lexicon import load_lexicon  # noqa: E402
from dateline.model import Event  # noqa: E402


def gold_codes(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {CODE_FIXES.get(a["code"].upper(), a["code"].upper()) for a in actors if a.get("code")}


def codes(actors: list[Any]) -> set[str]:
    return {c for c in (as_gold_code(a.country) for a in actors) if c}


def pick(events: list[Event]) -> Event | None:
    """The surest event; among equals the first."""
    best = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


def first_verb_baseline(analysis: Any) -> tuple[str | None, set[str], set[str]]:
    from dateline.enrich.nlp import load_pipeline

    lexicon = load_lexicon()
    doc = load_pipeline()(analysis.article.body)
    kind = None
    for token in doc:
        if token.pos_ == "VERB":
            entries = lexicon.candidates("verb", token.lemma_.lower())
            if entries:
                kind = entries[0].type
                break
    countries = [as_gold_code(m.actor.country) for m in analysis.enrichment.actors if m.actor and m.actor.country]
    return kind, set(countries[:1]), set(countries[1:2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "plover"))
    parser.add_argument("--errors", help="write the records dateline gets wrong to this JSONL file")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    folder = Path(args.data)
    records = json.loads((folder / "plover-gold-visible.json").read_text())
    mapping = json.loads((folder / "plover-event-map.json").read_text())["event_2016_to_2021"]
    if args.limit:
        records = records[: args.limit]
    analyze_text("Warm-up: Iran rejected the proposal.", language="en")
    tallies: Counter[str] = Counter()
    errors = []
    started = time.perf_counter()
    for record in records:
        gold_type = mapping[record["event"]]
        gold_source, gold_target = gold_codes(record.get("source")), gold_codes(record.get("target"))
        analysis = analyze_text(record["text"], language="en")
        event = pick(analysis.events)
        kind = event.type if event else None
        source = codes(event.actors) if event else set()
        target = codes(event.recipients) if event else set()
        if event and event.reciprocal:  # the gold marks both sides of a reciprocal event as sources
            source, target = source | target, set()
        tallies["records"] += 1
        tallies["type"] += kind == gold_type
        tallies["majority"] += gold_type == "AGREE"
        if gold_source:
            tallies["with_source"] += 1
            tallies["source"] += source == gold_source
        if gold_target:
            tallies["with_target"] += 1
            tallies["target"] += target == gold_target
        all_correct = kind == gold_type and source == gold_source and target == gold_target
        tallies["all"] += all_correct
        b_kind, b_source, b_target = first_verb_baseline(analysis)
        tallies["b_type"] += b_kind == gold_type
        tallies["b_source"] += bool(gold_source) and b_source == gold_source
        tallies["b_target"] += bool(gold_target) and b_target == gold_target
        if not all_correct:
            errors.append({"id": record["id"], "text": record["text"], "gold": [gold_type, sorted(gold_source),
                           sorted(gold_target)], "dateline": [kind, sorted(source), sorted(target)],
                           "trigger": event.mentions[0].trigger.text if event else None})
    seconds = time.perf_counter() - started
    n = tallies["records"]
    figures = {
        "records": n,
        "event_accuracy": round(tallies["type"] / n, 3),
        "source_accuracy": round(tallies["source"] / max(1, tallies["with_source"]), 3),
        "target_accuracy": round(tallies["target"] / max(1, tallies["with_target"]), 3),
        "all_correct": round(tallies["all"] / n, 3),
        "majority_event_accuracy": round(tallies["majority"] / n, 3),
        "first_verb_event_accuracy": round(tallies["b_type"] / n, 3),
        "first_verb_source_accuracy": round(tallies["b_source"] / max(1, tallies["with_source"]), 3),
        "first_verb_target_accuracy": round(tallies["b_target"] / max(1, tallies["with_target"]), 3),
        "sentences_per_second": round(n / seconds, 1),
    }
    print(f"{'':28}{'dateline':>10}{'first verb':>12}{'majority':>10}")
    print(f"{'event type accuracy':28}{figures['event_accuracy']:>10.3f}{figures['first_verb_event_accuracy']:>12.3f}"
          f"{figures['majority_event_accuracy']:>10.3f}")
    print(f"{'source country accuracy':28}{figures['source_accuracy']:>10.3f}"
          f"{figures['first_verb_source_accuracy']:>12.3f}")
    print(f"{'target country accuracy':28}{figures['target_accuracy']:>10.3f}"
          f"{figures['first_verb_target_accuracy']:>12.3f}")
    print(f"{'all correct':28}{figures['all_correct']:>10.3f}")
    print(f"{n} records, {figures['sentences_per_second']} sentences/s (enrich + events)")
    if args.errors:
        Path(args.errors).write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
