"""bench/actors.py's reading of PLOVER records and its actor metric, on hand-made records."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))

import actors as bench  # noqa: E402

RECORDS = [
    {"id": "R1", "text": "Japanese and Italian officials met U.N. envoys in Rome.",
     "source": [{"actorText": "Japanese ... officials", "code": "JAP", "sector": "GOV"},
                {"actorText": "Italian officials", "code": "ITL", "sector": "GOV"}],
     "target": [{"actorText": "U.N. envoys", "code": "IGO", "sector": "***"}]},
    {"id": "R2", "text": "The paper said rebels had left.", "source": [{"actorText": "paper", "code": "XYZ",
                                                                         "sector": "JRNxyz"}],
     "target": "diplomatic"},
]


def test_gold_actors_are_located_and_their_codes_fixed():
    items, unlocated = bench.golds(RECORDS)
    assert unlocated == 0 and len(items) == 4  # the stray target string means no actor
    first, second, third, fourth = items
    assert (first.code, first.sector, RECORDS[0]["text"][first.start:first.end]) == (
        "JPN", "GOV", "Japanese and Italian officials")
    assert (second.code, RECORDS[0]["text"][second.start:second.end]) == ("ITA", "Italian officials")
    assert third.sector is None  # "***" is no sector
    assert fourth.sector == "MED"  # the gold's JRN is MED


def test_the_answer_is_the_mention_that_overlaps_most_or_starts_an_ellipsis_span():
    items, _ = bench.golds(RECORDS)
    japan = SimpleNamespace(start=0, end=8, confidence=0.8)
    italy = SimpleNamespace(start=13, end=30, confidence=0.8)
    assert bench.answer([italy, japan], items[0]) is japan  # "Japanese ... officials"
    assert bench.answer([japan, italy], items[1]) is italy
    assert bench.answer([japan], items[2]) is None


def test_scores_count_countries_over_all_and_sectors_where_the_gold_has_one():
    items, _ = bench.golds(RECORDS)
    pairs = [(items[0], "JPN", "GOV"), (items[1], "ITA", "MIL"), (items[2], "IGO", None), (items[3], None, "MED")]
    figures = bench.score(pairs)
    assert figures == {"country_accuracy": 0.75, "country_n": 4, "sector_accuracy": round(2 / 3, 4),
                       "sector_n": 3}
    assert bench.as_gold_code("UNO") == "IGO" and bench.as_gold_code("ICRC") == "NGO"
    assert bench.as_gold_code("RUS") == "RUS"
