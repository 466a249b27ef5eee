"""The clustering's tokenizer splits at white space first and runs its regular expression only on
the pieces that are not plain words: it must give what the expression gives on the whole text."""

from __future__ import annotations

import pytest

from dateline.stories.cluster_terms import _TOKEN, _tokens, words_and_marks

TEXTS = [
    "ANKARA, Dec 3 (Reuters) - Turkey's central bank held its rate at 47.5% on Thursday, "
    "the U.S. dollar rose 1,200.50 points; “We'll see,” said Ms. O’Neill.\nNew paragraph:\tTabs\u00a0and NBSP.",
    "Café crème — déjà vu! Straße, ﬁnance; naïve co-operation (2024–25) at 9 a.m.\n\n\nThree breaks.",
    "東京で会議が開かれた。Bangkok กรุงเทพมหานคร ประเทศไทย: 서울 회의 \u2028 line separator",
    "Decomposed: cafe\u0301 and Zoe\u0308 met x\u00b2 and \u2163 kings; under_score snake_case __init__",
    "",
    "   \n  ",
    "Numbers 3:16 and 2.000,50 and 10.5.2024 and 42nd and 1st-place and $5bn and 7:30pm.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_the_expressions_matches(text: str) -> None:
    expected = ["." if token == "\n" else token for token in _TOKEN.findall(text)]
    assert _tokens(text) == expected


def test_a_line_break_still_starts_a_sentence() -> None:
    # "Police" opens a line: a capital after a break is not a name, as after a full stop.
    _, after_break = words_and_marks("", "The storm moved north\nPolice closed the road")
    _, after_stop = words_and_marks("", "The storm moved north. Police closed the road")
    assert after_break == after_stop
    assert "n:police" not in after_break
