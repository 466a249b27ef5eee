"""PETRARCH validation suites: dateline's dictionary coder against the expected CAMEO events.

    .venv/bin/python bench/petrarch.py ../shared/bench/petrarch [--failures SUITE] [--suite SUITE]

Each record's raw text is coded with its own suite's dictionaries (the folder `SUITE/dictionaries`)
and its date and config; the XML originals (which hold parses) are never read. The metric is the
suite README's: a record passes when its set of (source, target, code) triples, without those whose
source or target is exactly `---`, equals the expected set; pass rate over scored records first,
then over all records; event-level Correct / Uncoded / Extra summed over scored records; the floor
(a coder that outputs nothing) beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dateline.events.petrarch import DictionaryCoder  # noqa: E402

SUITES = ("petr-unittest", "udp-validate", "petr2-gsr")
Triple = tuple[str, str, str]


def normalised(triples: set[Triple]) -> set[Triple]:
    """N(): the validator ignores events with a null actor."""
    return {t for t in triples if t[0] != "---" and t[1] != "---"}


@dataclass
class Tally:
    scored: int = 0
    passed: int = 0
    all_: int = 0
    passed_all: int = 0
    floor: int = 0
    floor_all: int = 0
    correct: int = 0
    uncoded: int = 0
    extra: int = 0
    seconds: float = 0.0  # parse and code
    coding: float = 0.0  # code only (the dictionary coder without spaCy's parse)
    failures: list[str] = field(default_factory=list)


def load(folder: Path) -> list[dict]:
    with (folder / "records.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run(folder: Path, suites: list[str], show_failures: str | None,
        options: dict[str, object] | None = None) -> dict[str, Tally]:
    records = load(folder)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for suite in suites:
        coder = DictionaryCoder.from_folder(folder / suite / "dictionaries")
        coder.nlp  # noqa: B018  load the model outside the timing
        for rec in (r for r in records if r["suite"] == suite):
            tally = tallies[suite]
            start = time.perf_counter()
            doc = coder.parse(rec["text"])
            parsed = time.perf_counter()
            events = coder.code_doc(doc, rec["date"], {**(rec.get("config") or {}), **(options or {})})
            tally.seconds += time.perf_counter() - start
            tally.coding += time.perf_counter() - parsed
            predicted = normalised({e.triple() for e in events})
            expected = normalised({(e["source"], e["target"], e["code"]) for e in rec["expected"]})
            ok = predicted == expected
            tally.all_ += 1
            tally.passed_all += ok
            tally.floor_all += not expected
            if rec["scored"]:
                tally.scored += 1
                tally.passed += ok
                tally.floor += not expected
                tally.correct += len(predicted & expected)
                tally.uncoded += len(expected - predicted)
                tally.extra += len(predicted - expected)
            if not ok and show_failures == suite:
                tally.failures.append(
                    f"{rec['id']}{'' if rec['scored'] else ' (unscored)'}: {rec['text']}\n"
                    f"    expected {sorted(expected)}\n    got      {sorted(predicted)}")
    return tallies


def parse_option(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    parsed: object = {"true": True, "false": False}.get(value.lower(), value)
    if isinstance(parsed, str) and parsed.isdigit():
        parsed = int(parsed)
    return key.strip(), parsed


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "-"


def report(tallies: dict[str, Tally]) -> str:
    lines = ["| suite | pass (scored) | floor | pass (all) | Correct | Uncoded | Extra | TP% | Extra/record | sent/s | sent/s (coder alone) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for suite, t in tallies.items():
        lines.append(
            f"| {suite} | {t.passed}/{t.scored} = {pct(t.passed, t.scored)} | {pct(t.floor, t.scored)} "
            f"| {t.passed_all}/{t.all_} = {pct(t.passed_all, t.all_)} | {t.correct} | {t.uncoded} | {t.extra} "
            f"| {pct(t.correct, t.correct + t.uncoded)} | {t.extra / max(t.scored, 1):.2f} "
            f"| {t.all_ / max(t.seconds, 1e-9):.0f} | {t.all_ / max(t.coding, 1e-9):.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the bench/petrarch folder (records.jsonl and one folder per suite)")
    parser.add_argument("--suite", action="append", choices=SUITES, help="only this suite (repeatable)")
    parser.add_argument("--failures", choices=SUITES, help="list the failing records of this suite")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                        help="a coder option over every record's config, e.g. verb_interaction=true")
    args = parser.parse_args(argv)
    options = dict(parse_option(o) for o in args.option)
    suites = args.suite or ([args.failures] if args.failures else list(SUITES))
    tallies = run(args.folder, suites, args.failures, options)
    if args.failures:
        print("\n".join(tallies[args.failures].failures))
    print(report(tallies))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
