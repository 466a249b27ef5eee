"""bench/geo.py's metrics on hand-made errors: what acc@161, the AUC and detection P/R count."""

from __future__ import annotations

import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))

import geo  # noqa: E402


def test_acc161_counts_errors_under_161_km_and_a_missing_answer_is_the_far_side_of_the_earth():
    assert geo.haversine(None, (0.0, 0.0)) == geo.MISS_KM
    # one degree of latitude is 111.2 km on the README's sphere
    assert abs(geo.haversine((0.0, 0.0), (1.0, 0.0)) - 111.195) < 0.01
    figures = geo.resolution_figures([0.0, 100.0, 160.9, 161.0, geo.MISS_KM])
    assert figures["acc161"] == 0.6
    assert figures["median_km"] == 160.9


def test_the_auc_integrates_log_errors_sorted_and_is_zero_when_all_are_exact_and_one_when_all_miss():
    assert geo.resolution_figures([0.0, 0.0, 0.0])["auc"] == 0.0
    assert geo.resolution_figures([geo.MISS_KM] * 3)["auc"] == 1.0
    errors = [1000.0, 0.0, 10.0]
    logs = [math.log(1 + e) for e in sorted(errors)]
    expected = ((logs[0] + logs[1]) / 2 + (logs[1] + logs[2]) / 2) / (2 * math.log(geo.MISS_KM))
    assert geo.resolution_figures(errors)["auc"] == round(expected, 3)


def test_detection_precision_and_recall():
    assert geo.prf(3, 4, 3, 6) == {"p": 0.75, "r": 0.5, "f1": 0.6}
    assert geo.prf(0, 0, 0, 5) == {"p": 0.0, "r": 0.0, "f1": 0.0}
