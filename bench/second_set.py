"""Second-set check for the event coder: dateline's own lexicon and actors on the petr2-gsr news sentences.

Usage: .venv/bin/python bench/second_set.py [PETRARCH_DIR] [--answers FILE]

The PLOVER gold sentences (bench/plover.py) are what the coder is tuned on; every change to the
coder is also run here before it is kept. PETRARCH_DIR defaults to ../shared/bench/petrarch; the
records of its `petr2-gsr` suite that expect an event are read with no dictionary from the suite:
each expected CAMEO code is mapped to its PLOVER type with the bundled ontology, and the sentence goes
through `analyze_text` as in bench/plover.py. Reported: the share of sentences where some coded event
has an expected type ("any"), where the surest event has one ("surest"), and where the surest event
also has an expected pair's source and target countries ("surest with sides"; a side is the first
three letters of the expected PETRARCH code). Ends with one JSON line. `--answers FILE` writes each
sentence's expected triples and surest event as JSONL, to compare two runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plover import codes, pick  # noqa: E402  (bench/plover.py: the same answer rule)

from dateline.analyze import analyze_text  # noqa: E402
from dateline.events.plover import load_ontology  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "bench" / "petrarch"))
    parser.add_argument("--answers", help="write each sentence's expected triples and surest event to this JSONL file")
    args = parser.parse_args()
    answers = []
    ontology = load_ontology()
    records = [json.loads(line) for line in (Path(args.data) / "records.jsonl").read_text().splitlines()]
    records = [r for r in records if r["suite"] == "petr2-gsr" and r["expected"]]
    hits = {"any": 0, "surest": 0, "sides": 0}
    for record in records:
        expected = []
        for e in record["expected"]:
            mapped = ontology.plover_of_cameo(e["code"])
            if mapped is not None:
                expected.append((mapped[0], e["source"][:3], e["target"][:3]))
        events = analyze_text(record["text"], language="en").events
        surest = pick(events)
        hits["any"] += any(ev.type == kind for ev in events for kind, _, _ in expected)
        if args.answers:
            answers.append({"text": record["text"], "expected": expected, "surest": surest and [
                surest.type, sorted(codes(surest.actors)), sorted(codes(surest.recipients))]})
        if surest is None:
            continue
        hits["surest"] += any(surest.type == kind for kind, _, _ in expected)
        sources, targets = codes(surest.actors), codes(surest.recipients)
        hits["sides"] += any(surest.type == kind and source in sources | targets and target in sources | targets
                             for kind, source, target in expected)
    if args.answers:
        Path(args.answers).write_text("".join(json.dumps(a) + "\n" for a in answers))
    n = len(records)
    figures = {"sentences": n, "any": round(hits["any"] / n, 3), "surest": round(hits["surest"] / n, 3),
               "surest_with_sides": round(hits["sides"] / n, 3)}
    print(f"petr2-gsr, {n} sentences with an expected event: some event right {figures['any']:.3f}, "
          f"surest right {figures['surest']:.3f}, surest with both sides {figures['surest_with_sides']:.3f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
