"""Which reports are one happening (dateline.events.identity): scores, the greedy merge, stable ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from events_examples import (
    ISTANBUL,
    LAVROV,
    REPORT,
    RIYADH,
    RUBIO,
    RUS_DIPLOMATS,
    TRUMP,
    TURKEY_PLACE,
    USA_DIPLOMATS,
    ZELENSKY,
    dictator,
    istanbul_talks,
    riyadh_meeting,
    undated,
)

from dateline.events.identity import (
    MATCH_THRESHOLD,
    date_range,
    date_score,
    event_key,
    match_score,
    merge_events,
    place_score,
    stable_id,
)
from dateline.model import Actor, Place


def test_timex_values_name_their_days() -> None:
    assert date_range("2025-02-27") == (date(2025, 2, 27), date(2025, 2, 27))
    assert date_range("2025-02-27T22:29") == (date(2025, 2, 27), date(2025, 2, 27))
    assert date_range("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_range("2025-12") == (date(2025, 12, 1), date(2025, 12, 31))
    assert date_range("2025-W09") == (date(2025, 2, 24), date(2025, 3, 2))
    assert date_range("2025-Q4") == (date(2025, 10, 1), date(2025, 12, 31))
    assert date_range("2022") == date_range("2022-SU") == (date(2022, 1, 1), date(2022, 12, 31))
    for vague in (None, "", "202X", "PRESENT_REF", "XXXX-03-21", "P3Y", "2025-02-30"):
        assert date_range(vague) is None


def test_dates_agree_by_day_containment_or_not_at_all() -> None:
    assert date_score("2025-02-27", "2025-02-27") == 1.0
    assert date_score("2025-02-27", "2025-02-26") == 0.6  # a time zone, "overnight"
    assert date_score("2025-02-27", "2025-02-24") == 0.0
    assert date_score("2025-02", "2025-02-18") == 0.7 == date_score("2025-02-18", "2025-02")
    assert date_score("2025-W09", "2025-02-27") == 0.8
    assert date_score("2022", "2022-03") == 0.5
    assert date_score("2022-03", "2025-02-27") == 0.0
    assert date_score(None, "2025-02-27") == 0.5 == date_score(None, None)


def test_places_agree_by_geonames_id_then_country() -> None:
    assert place_score(ISTANBUL, ISTANBUL) == 1.0
    assert place_score(ISTANBUL, TURKEY_PLACE) == 0.8
    ankara = Place(323786, "Ankara", "city", "TUR", "TR", lat=39.9, lon=32.8)
    assert place_score(ISTANBUL, ankara) == 0.7
    assert place_score(ISTANBUL, RIYADH) == 0.0
    assert place_score(ISTANBUL, None) == 0.5


def test_the_planned_meeting_and_its_report_are_one_happening() -> None:
    planned, held = istanbul_talks(future=True), istanbul_talks(future=False, body=REPORT)
    assert match_score(planned, held) == 1.0
    # "US and Russian diplomats met": a reciprocal event matches with its sides swapped.
    swapped = replace(held, actors=[USA_DIPLOMATS], recipients=[RUS_DIPLOMATS])
    assert match_score(planned, swapped) == 1.0
    # Named people of the same countries are the same sides, less surely.
    people = replace(held, actors=[LAVROV], recipients=[RUBIO], reciprocal=False)
    assert MATCH_THRESHOLD <= match_score(planned, people) < 1.0


def test_different_happenings_do_not_match() -> None:
    talks, riyadh, accuse = istanbul_talks(), riyadh_meeting(), dictator()
    assert match_score(talks, riyadh) == 0.0  # another day
    assert match_score(riyadh, accuse) == 0.0  # another type
    assert match_score(accuse, replace(accuse, recipients=[Actor("person:joe-biden", "Joe Biden", "person", "USA")])) == 0.0
    # Not reciprocal: "Trump accused Zelensky" is not "Zelensky accused Trump".
    assert match_score(accuse, replace(accuse, actors=[ZELENSKY], recipients=[TRUMP])) == 0.0
    # Sharing nothing but an empty side is no overlap.
    assert match_score(replace(accuse, recipients=[]), replace(accuse, actors=[])) == 0.0


def test_weaker_evidence_scores_lower_but_can_still_match() -> None:
    riyadh = riyadh_meeting()
    assert match_score(riyadh, undated(riyadh)) < match_score(riyadh, riyadh)
    assert match_score(riyadh, undated(riyadh)) >= MATCH_THRESHOLD  # same people, same place
    month = replace(riyadh, date="2025-02", date_granularity="month")
    assert MATCH_THRESHOLD <= match_score(riyadh, month) < 1.0
    call = replace(riyadh, mode="phone", place=None)
    assert match_score(riyadh, call) < match_score(riyadh, replace(riyadh, place=None))
    # Countries only, no date, no place: too little to say it is the same.
    vague = replace(undated(riyadh), actors=[RUS_DIPLOMATS], recipients=[USA_DIPLOMATS], place=None)
    assert match_score(undated(riyadh), vague) < MATCH_THRESHOLD


def test_merging_keeps_every_mention_the_most_specific_date_and_place_and_clears_future() -> None:
    planned = replace(istanbul_talks(future=True), place=TURKEY_PLACE, place_source="dateline", date="2025-02",
                      date_granularity="month")
    held = istanbul_talks(future=False, body=REPORT)
    (merged,) = merge_events([planned, held])
    assert merged.id == planned.id and len(merged.mentions) == 2
    assert (merged.date, merged.place) == ("2025-02-27", ISTANBUL)
    assert not merged.future  # planned, then reported as held
    (still,) = merge_events([istanbul_talks(), istanbul_talks()])
    assert still.future and len(still.mentions) == 2
    negated = replace(held, negated=True)
    assert merge_events([negated, held])[0].negated is False
    assert merge_events([negated, negated])[0].negated is True


def test_greedy_merge_keeps_apart_what_differs_and_orders_by_first_report() -> None:
    events = [istanbul_talks(), riyadh_meeting(), dictator(), istanbul_talks(future=False, body=REPORT),
              undated(dictator())]
    merged = merge_events(events)
    assert [e.id for e in merged] == ["coder-istanbul-planned", "coder-riyadh", "coder-dictator"]
    assert [len(e.mentions) for e in merged] == [2, 1, 2]
    assert merged[2].date == "2025-02-19"


def test_swapped_sides_merge_into_the_first_events_sides() -> None:
    talks = istanbul_talks()
    other = replace(talks, actors=[USA_DIPLOMATS], recipients=[RUS_DIPLOMATS, Actor("UNO", "United Nations",
                                                                                    "organisation", "UNO")])
    (merged,) = merge_events([talks, other])
    assert [a.id for a in merged.actors] == ["RUS:GOV", "UNO"]
    assert [a.id for a in merged.recipients] == ["USA:GOV"]


def test_stable_ids_follow_the_content() -> None:
    talks = istanbul_talks()
    assert stable_id(talks) == stable_id(replace(talks, id="other", mentions=[]))
    assert stable_id(talks).startswith("ev-") and len(stable_id(talks)) == 19
    assert event_key(talks) == "CONSULT|RUS:GOV|USA:GOV|2025-02-27|745044"
    swapped = replace(talks, actors=[USA_DIPLOMATS], recipients=[RUS_DIPLOMATS])
    assert stable_id(swapped) == stable_id(talks)  # reciprocal: the sides in a fixed order
    accuse = dictator()
    assert stable_id(accuse) != stable_id(replace(accuse, actors=[ZELENSKY], recipients=[TRUMP]))
    assert stable_id(talks) != stable_id(replace(talks, date="2025-02-28"))
    assert stable_id(talks) != stable_id(replace(talks, place=ISTANBUL if talks.place is None else None))


def test_an_inferred_unidentified_doer_gives_way_to_a_named_one() -> None:
    named = istanbul_talks()
    unnamed = replace(named, actors=[Actor("RUS:UNK", "unidentified (Russia)", "group", "RUS")],
                      mentions=[replace(m) for m in named.mentions])
    [merged] = merge_events([unnamed, named])
    assert [a.id for a in merged.actors] == [a.id for a in named.actors]
    assert len(merged.mentions) == 2
