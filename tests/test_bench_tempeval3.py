"""bench/tempeval3.py's reading of TimeML and its TempEval-3 metric, on hand-made examples."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))

import tempeval3 as te3  # noqa: E402

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" functionInDocument="CREATION_TIME">02/06/98</TIMEX3></DCT>
<TEXT>
Sales <EVENT eid="e1">rose</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-05">Thursday</TIMEX3> &amp; fell
<TIMEX3 tid="t2" type="DURATION" value="P2W">the past two weeks</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_the_plain_text_and_the_gold_offsets(tmp_path):
    path = tmp_path / "x.tml"
    path.write_text(TML)
    doc = te3.read_tml(path, "TimeBank")
    assert doc.dct == "1998-02-06"
    assert doc.text == "\nSales rose Thursday & fell\nthe past two weeks.\n"
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("Thursday", "DATE", "1998-02-05"), ("the past two weeks", "DURATION", "P2W")]
    assert all(doc.text[g.start:g.end] == g.text for g in doc.gold)


def test_strict_pairs_first_then_overlaps_one_to_one():
    gold = [te3.Timex(0, 6, "DATE", "1998-02-01"), te3.Timex(10, 20, "DATE", "1998-02")]
    system = [te3.Timex(12, 14, "DATE", "1998-02"), te3.Timex(0, 6, "DATE", "1998-02-02"),
              te3.Timex(15, 25, "DATE", "1998-02")]
    pairs, strict = te3.match(gold, system)
    assert strict == 1
    # the second gold timex pairs with the first system timex that overlaps it, once
    assert [(g.start, s.start) for g, s in pairs] == [(0, 0), (10, 12)]


def test_value_f1_is_relaxed_f1_times_value_accuracy():
    doc = te3.Doc("d", "TimeBank", "1998-02-06", "x" * 40,
                  [te3.Timex(0, 6, "DATE", "A"), te3.Timex(10, 20, "DATE", "B"), te3.Timex(30, 35, "SET", "C")])
    system = [te3.Timex(0, 6, "DATE", "A"), te3.Timex(12, 18, "DURATION", "B"), te3.Timex(36, 39, "DATE", "D")]
    s = te3.score([doc], [system])
    assert (s["strict_p"], s["strict_r"]) == (33.33, 33.33)
    assert (s["relaxed_p"], s["relaxed_r"], s["relaxed_f1"]) == (66.67, 66.67, 66.67)
    assert (s["value_acc"], s["type_acc"]) == (100.0, 50.0)
    assert s["value_f1"] == 66.67
