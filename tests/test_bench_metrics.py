"""The benchmark scripts' metrics on hand-made examples: what each figure counts, checked by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
# Appended, not prepended: bench/readability.py must not hide the readability-lxml package.
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))

import aeb  # noqa: E402
from breakdown import dateline_page_kind, group_indices  # noqa: E402


def _load_readability_bench():
    spec = importlib.util.spec_from_file_location("bench_readability", BENCH / "readability.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rb = _load_readability_bench()


def test_converter_joins_inline_text_and_separates_blocks_cells_breaks_and_pre_lines():
    html = ("<div id='readability-page-1'><h2>Sanctions  lifted</h2><p>The <span>Z</span>imbabwe "
            "<b>talks</b>\n   ended.</p><table><tr><td>Votes</td><td>41</td></tr></table>"
            "<p>First line<br>second line</p><pre>x = 1\ny = 2</pre><!-- gone -->tail</div>")
    assert rb.readability_text(html) == (
        "Sanctions lifted\n\nThe Zimbabwe talks ended.\n\nVotes 41\n\nFirst line\nsecond line\n\nx = 1\ny = 2\n\ntail\n"
    )


def test_converter_skips_scripts_but_keeps_their_tails():
    assert rb.readability_text("<div><p>Kept<script>var x = 1;</script> text</p></div>") == "Kept text\n"
    assert rb.readability_text("") == ""


def test_aeb_four_gram_precision_recall_on_a_cut_short_prediction():
    # gold 4-grams: (The vote was held) (vote was held today); the prediction has the first only
    score = aeb.page_scores("The vote was held today", "The vote was held")
    assert score["p"] == pytest.approx(1.0)
    assert score["r"] == pytest.approx(0.5)
    assert score["exact"] is False
    # an empty prediction counts for recall (0) but not for precision
    empty = aeb.page_scores("The vote was held today", "")
    assert empty["p"] is None and empty["r"] == 0.0
    figures = aeb.corpus([score, empty])
    assert figures["p"] == pytest.approx(1.0)
    assert figures["r"] == pytest.approx(0.25)
    assert figures["f1"] == pytest.approx(2 * 1.0 * 0.25 / 1.25)


def test_author_token_sets_ignore_order_and_punctuation_but_count_byline_words():
    assert rb.author_token_f1(["Michiel de Jong"], ["Jong, Michiel de"]) == 1.0
    assert rb.author_token_f1([], ["Jong, Michiel de"]) == 0.0
    # raw byline: "By" and "MA" are gold words the prediction lacks: 2·2 / (4 + 2)
    assert rb.author_token_f1(["Brenda Goodman"], ["By Brenda  Goodman, MA"]) == pytest.approx(2 / 3)
    # several authors are one set of words on either side
    assert rb.author_token_f1(["Jennifer Jett", "Stella Kim"], ["Stella Kim", "Jennifer Jett"]) == 1.0


def test_same_day_compares_the_date_as_written_without_time_zones():
    assert rb.same_day("2018-06-12T20:00:00+02:00", "2018-06-12T23:00:00.000Z") == 1
    assert rb.same_day("2018-06-13", "2018-06-12T23:00:00.000Z") == 0
    assert rb.same_day(None, "2018-06-12") == 0


def test_page_kind_groups_reasons_without_their_details():
    assert dateline_page_kind(True, None) == "article"
    assert dateline_page_kind(False, "no article text found (12 words of body)") == "not article: no article text found"
    assert dateline_page_kind(False, None) == "not article: no reason given"


def test_groups_are_largest_first_with_page_order_kept():
    assert group_indices(["en", "de", "en", "ja", "de", "en"]) == {"en": [0, 2, 5], "de": [1, 4], "ja": [3]}
    assert list(group_indices(["pt", "de"])) == ["de", "pt"]  # ties by name, so reruns print the same order
