"""Time expressions read TIMEX3-style against the publication date (enrich/times.py)."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from dateline.enrich.times import find_times
from dateline.model import TimeExpr

# The seed page (DESIGN.md) was published on Wednesday 26 February 2025.
PUBLISHED = date(2025, 2, 26)


def values(text: str, published: date | datetime | None = PUBLISHED, lang: str = "en") -> dict[str, str | None]:
    return {t.text: t.value for t in find_times(text, published, lang)}


def only(text: str, published: date | datetime | None = PUBLISHED, lang: str = "en") -> TimeExpr:
    found = find_times(text, published, lang)
    assert len(found) == 1, found
    return found[0]


def test_the_seed_pages_times_in_sentences_of_its_kind():
    text = ("Russian and US diplomats will meet in Istanbul on Thursday to discuss the work of their embassies, "
            "the Turkish foreign ministry said. Washington sided with Moscow twice Monday in votes at the UN. "
            "Lavrov and Rubio met in Riyadh on February 18, the first such talks since the war began three years "
            "ago. Lavrov visited Doha last Wednesday. Trump called Zelensky a dictator last month. Turkey hosted "
            "talks between the two sides in March 2022.")
    assert values(text) == {
        "Thursday": "2025-02-27", "Monday": "2025-02-24", "February 18": "2025-02-18",
        "three years ago": "2022", "last Wednesday": "2025-02-19", "last month": "2025-01", "March 2022": "2022-03",
    }


def test_a_weekday_follows_the_tense_of_its_own_clause():
    text = "The ministry said on Monday that the delegations will meet on Thursday."
    assert values(text) == {"Monday": "2025-02-24", "Thursday": "2025-02-27"}
    assert only("The summit is to open Friday.").value == "2025-02-28"
    assert only("The summit opened Friday.").value == "2025-02-21"
    # the publication day itself is "Wednesday", whichever the tense
    assert only("He spoke Wednesday.").value == "2025-02-26"


def test_how_each_value_was_anchored_is_kept():
    thursday = only("They will meet on Thursday.")
    assert (thursday.type, thursday.granularity, thursday.anchor) == ("DATE", "day", "publication date")
    assert "future" in thursday.rule
    march = only("Talks were held in March 2022.")
    assert (march.anchor, march.granularity) == ("absolute", "month")
    assert (march.start, march.end) == (19, 29)


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("The decision came on 27 February 2025.", "DATE", "2025-02-27"),
    ("The decision came on Feb. 27, 2025.", "DATE", "2025-02-27"),
    ("The decision came on 2025-02-27.", "DATE", "2025-02-27"),
    ("Doha (APP - 26th Feb, 2025) The talks began.", "DATE", "2025-02-26"),
    ("It was signed on 2/27/2025.", "DATE", "2025-02-27"),
    ("The decision came in January 2024.", "DATE", "2024-01"),
    ("The war began in 2014.", "DATE", "2014"),
    ("It was common in the 1990s.", "DATE", "199"),
    ("Profit rose in the third quarter.", "DATE", "2024-Q3"),
    ("Sales will recover in the second half of next year.", "DATE", "2026-H2"),
    ("The ceasefire held this summer.", "DATE", "2025-SU"),
    ("They met this week.", "DATE", "2025-W09"),
    ("They met last week.", "DATE", "2025-W08"),
    ("They met yesterday.", "DATE", "2025-02-25"),
    ("They meet tomorrow.", "DATE", "2025-02-27"),
    ("They meet tonight.", "TIME", "2025-02-26TNI"),
    ("He spoke this morning.", "TIME", "2025-02-26TMO"),
    ("The vote closed at 10 p.m. Wednesday.", "TIME", "2025-02-26T22:00"),
    ("Prices fell last year.", "DATE", "2024"),
    ("Elections are due next year.", "DATE", "2026"),
    ("It happened two weeks ago.", "DATE", "2025-W07"),
    ("It happened five days ago.", "DATE", "2025-02-21"),
    ("The plan takes effect in two years.", "DATE", "2027"),
    ("He was jailed for three years.", "DURATION", "P3Y"),
    ("The talks lasted 48 hours.", "DURATION", "PT48H"),
    ("The two-year plan was approved.", "DURATION", "P2Y"),
    ("He has served for several years.", "DURATION", "PXY"),
    ("The board meets every week.", "SET", "P1W"),
    ("The figures are published annually.", "SET", "P1Y"),
    ("The market opens each Monday.", "SET", "XXXX-WXX-1"),
    ("Prices are now higher.", "DATE", "PRESENT_REF"),
    ("Prices have recently fallen.", "DATE", "PAST_REF"),
    ("Prices may rise in the future.", "DATE", "FUTURE_REF"),
])
def test_the_kinds_of_expression(text, kind, value):
    t = only(text)
    assert (t.type, t.value) == (kind, value), t


def test_a_year_earlier_beside_a_quarter_is_that_quarter_a_year_before():
    text = "Third-quarter profit rose to $5 million from $3 million a year earlier."
    assert values(text, date(1989, 10, 26)) == {"Third-quarter": "1989-Q3", "a year earlier": "1988-Q3"}


def test_a_date_without_a_year_is_read_near_the_publication_date():
    # payable in two months: next year's January, not last year's
    assert only("The dividend is payable Jan. 2.", date(1989, 11, 2)).value == "1990-01-02"
    assert only("The record was set on Aug. 6.", date(1998, 2, 6)).value == "1997-08-06"
    assert only("The offer was extended to Nov. 6.", date(1989, 10, 30)).value == "1989-11-06"


def test_without_a_publication_date_expressions_are_found_but_unresolved():
    found = find_times("They will meet on Thursday; last month they met on March 21. It began in March 2022.", None)
    assert [(t.text, t.value, t.anchor) for t in found] == [
        ("Thursday", "XXXX-WXX-4", "unresolved"),
        ("last month", None, "unresolved"),
        ("March 21", "XXXX-03-21", "unresolved"),
        ("March 2022", "2022-03", "absolute"),
    ]


def test_a_datetime_publication_time_anchors_like_its_day():
    assert only("They met yesterday.", datetime(2025, 2, 26, 22, 29)).value == "2025-02-25"


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", "Die Außenminister werden sich am Donnerstag in Istanbul treffen. Am 18. Februar 2025 sprachen sie in "
           "Riad, letzte Woche in Doha. Der Krieg begann vor drei Jahren. Gestern stimmten die USA mit Russland.",
     {"Donnerstag": "2025-02-27", "18. Februar 2025": "2025-02-18", "letzte Woche": "2025-W08",
      "vor drei Jahren": "2022", "Gestern": "2025-02-25"}),
    ("fr", "Les diplomates se rencontreront jeudi à Istanbul. Le 18 février, Lavrov a rencontré Rubio. La semaine "
           "dernière, il était à Doha. La guerre a commencé il y a trois ans, en mars 2022 les deux camps ont parlé.",
     {"jeudi": "2025-02-27", "18 février": "2025-02-18", "La semaine dernière": "2025-W08",
      "il y a trois ans": "2022", "mars 2022": "2022-03"}),
    ("es", "Los diplomáticos se reunirán el jueves en Estambul. El 18 de febrero de 2025 Lavrov se reunió con "
           "Rubio. La semana pasada estuvo en Doha. La guerra empezó hace tres años. Ayer votaron en la ONU.",
     {"jueves": "2025-02-27", "18 de febrero de 2025": "2025-02-18", "La semana pasada": "2025-W08",
      "hace tres años": "2022", "Ayer": "2025-02-25"}),
])
def test_german_french_and_spanish_dates(lang, text, expected):
    assert values(text, lang=lang) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", "Heute Abend spricht er. In den vergangenen Monaten kritisierte sie ihn. Am Morgen regnete es.",
     {"Heute Abend": "2025-02-26TEV", "vergangenen Monaten": "PAST_REF"}),
    ("fr", "Hier soir il a parlé. Les prochaines semaines seront dures.",
     {"Hier soir": "2025-02-25TEV", "Les prochaines semaines": "FUTURE_REF"}),
    ("es", "El ministro habló esta mañana. Por la mañana llovió. Mañana votarán.",
     {"esta mañana": "2025-02-26TMO", "Mañana": "2025-02-27"}),
])
def test_parts_of_day_and_vague_spans_abroad(lang, text, expected):
    assert values(text, lang=lang) == expected


def test_the_month_and_weekday_names_come_from_extractions_table():
    from dateline.extract.datetext import MONTHS, weekdays

    assert MONTHS["februar"] == MONTHS["février"] == MONTHS["febrero"] == 2
    assert weekdays("de")["donnerstag"] == weekdays("fr")["jeudi"] == weekdays("es")["jueves"] == 3


def test_words_that_only_look_like_times_are_left_alone():
    assert find_times("May I ask? The march was peaceful and the leaves fall.") == []
    assert find_times("A second group of directors quit.") == []
    assert find_times("The company raised its quarterly dividend.") == []
    assert values("Sandra Day O'Connor wrote for the court.") == {}
    assert values("June Carter sang and August Wilson wrote.") == {}


def test_round_trip_through_json():
    t = only("They will meet on Thursday.")
    assert TimeExpr.from_json(t.to_json()) == t


# -- bad input: each finishes well within the per-document time limit ------------------------------

def timed(text: str, published: date | None = PUBLISHED) -> tuple[list[TimeExpr], float]:
    t0 = time.perf_counter()
    found = find_times(text, published)
    return found, time.perf_counter() - t0


def test_a_2_mb_article_is_read_quickly():
    paragraph = ("Russian and US diplomats will meet in Istanbul on Thursday, the ministry said on Monday; "
                 "three years ago, in March 2022, talks were held there. Prices rose 5% in the third quarter. ")
    text = paragraph * (2_000_000 // len(paragraph))
    found, seconds = timed(text)
    assert len(found) > 1000
    assert seconds < 10


def test_a_2_mb_article_of_ordinary_prose_is_read_to_its_end():
    prose = ("The committee heard evidence from 12 witnesses about the state of the harbour, the cost of repairs "
             "and the $40 million the council has set aside, and members asked whether the contractors could be held "
             "to account for the delays that residents had complained about in letters to the newspaper. ")
    paragraph = prose * 3 + "The report was published on Monday.\n\n"
    text = paragraph * (2_000_000 // len(paragraph))
    found, seconds = timed(text)
    assert len(found) == text.count("Monday")
    assert found[-1].end > len(text) - len(paragraph)
    assert seconds < 10


def test_a_20000_word_sentence_is_read_quickly():
    words = ("the delegation said that talks would continue and that "
             "officials had met on Monday with their counterparts ").split()
    text = " ".join(words[i % len(words)] for i in range(20_000))
    found, seconds = timed(text)
    assert found and all(t.value == "2025-02-24" for t in found)
    assert seconds < 5


@pytest.mark.parametrize("text", ["May " * 500_000, "1 " * 1_000_000, "year " * 400_000])
def test_2_mb_of_words_that_each_might_start_a_time_is_given_up_in_time(text):
    found, seconds = timed(text)
    assert found == []
    assert seconds < 10


def test_odd_unicode_does_not_break_offsets_or_speed():
    text = ("\u200fThey met on\u200b Monday\u200e and will meet on Thursday\u202e; "
            + "e\u0301" * 5000 + " \u2066last month\u2069 " + "\u200b" * 50_000)
    found, seconds = timed(text)
    assert seconds < 5
    assert {t.text: t.value for t in found} == {"Monday": "2025-02-24", "Thursday": "2025-02-27",
                                                 "last month": "2025-01"}
    for t in found:
        assert text[t.start:t.end] == t.text


def test_the_ends_of_the_calendar_do_not_break_it():
    text = "Yesterday, a year earlier, next quarter, the 99th century, in two years, Mondays and last week."
    for published in (date(1, 1, 1), date(9999, 12, 31)):
        for t in find_times(text, published):
            assert text[t.start:t.end] == t.text


def test_empty_and_whitespace_texts():
    assert find_times("", PUBLISHED) == []
    assert find_times(" \n\t ", None) == []
