"""Relative stamps ("3 hours ago", "vor 2 Tagen") read against the time a page was fetched."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dateline.extract.dates import find_dates
from dateline.extract.datetext import relative_date
from dateline.extract.parse import parse_html
from dateline.extract.structured import read_structured

FETCHED = datetime(2025, 6, 14, 1, 30, tzinfo=UTC)

STORY = """
<p>The regional council voted on Tuesday to extend the ferry subsidy for another two years, after a
debate that ran late into the evening and drew more than two hundred residents to the town hall.</p>
<p>Opponents argued that the money would be better spent on the harbour road, which has been closed
for repairs since the spring storms; supporters said the island communities had no other link.</p>
"""


@pytest.mark.parametrize(("text", "expected"), [
    ("3 hours ago", ("2025-06-13T22:30+00:00", True)),
    ("an hour ago", ("2025-06-14T00:30+00:00", True)),
    ("Published 2 days ago", ("2025-06-12", False)),
    ("vor 5 Stunden | Politik", ("2025-06-13T20:30+00:00", True)),
    ("Aktualisiert vor 3 Std.", ("2025-06-13T22:30+00:00", True)),
    ("il y a 5 minutes", ("2025-06-14T01:25+00:00", True)),
    ("hace 1 día", ("2025-06-13", False)),
    ("2 giorni fa", ("2025-06-12", False)),
    ("Updated yesterday", ("2025-06-13", False)),
    ("3 months ago", None),  # too coarse to name a day
    ("By Jane Doe, USA TODAY", None),  # a newspaper's name, not a day
    ("Mehr dazu hier", None),  # German "here", not French "yesterday"
    ("He left two days ago and never came back", None),
])
def test_relative_date(text: str, expected: tuple[str, bool] | None) -> None:
    assert relative_date(text, FETCHED) == expected


def dates_of(html: str, fetched_at: str | None):
    tree = parse_html(html)
    return find_dates(tree, read_structured(tree), "https://harbour-gazette.example/local/ferry", fetched_at)


BYLINE_ONLY = f"""<html lang="en-GB"><body><main><article>
<h1>Council extends ferry subsidy for two more years</h1>
<div class="byline">By Ana Ruiz · <span class="post-date">2 days ago</span></div>
{STORY}</article>
<section class="related"><h3>More local news</h3><ul>
<li><a href="/local/harbour-road">Harbour road to reopen</a> <span class="date">3 hours ago</span></li></ul></section>
</main></body></html>"""


def test_a_relative_byline_counts_when_the_fetch_time_is_known() -> None:
    res = dates_of(BYLINE_ONLY, "2025-06-14T01:30:00Z")
    assert res.published == "2025-06-12"
    assert res.published_evidence == "relative time in a byline (from the fetch time)"


def test_without_a_fetch_time_a_relative_byline_is_not_read() -> None:
    res = dates_of(BYLINE_ONLY, None)
    assert "relative" not in (res.published_evidence or "")
    assert all("relative" not in c.signal for c in res.candidates)


def test_relative_stamps_in_lists_of_other_stories_are_not_the_articles() -> None:
    html = BYLINE_ONLY.replace('<span class="post-date">2 days ago</span>', "")
    res = dates_of(html, "2025-06-14T01:30:00Z")
    assert all("relative" not in c.signal for c in res.candidates)


def test_a_written_out_date_beats_a_relative_stamp() -> None:
    html = BYLINE_ONLY.replace('<div class="byline">', '<p class="dateline">Published 11 June 2025</p><div class="byline">')
    res = dates_of(html, "2025-06-14T01:30:00Z")
    assert res.published == "2025-06-11"


def test_a_relative_stamp_never_overrules_the_metadata() -> None:
    head = '<meta property="article:published_time" content="2025-06-11T23:40:00+02:00">'
    html = BYLINE_ONLY.replace("<body>", f"<head>{head}</head><body>")
    res = dates_of(html, "2025-06-14T01:30:00Z")
    assert res.published == "2025-06-11T23:40:00+02:00"


def test_extract_page_dates_a_relative_byline_only_for_a_fetched_page() -> None:
    from dateline import extract_page
    from dateline.model import Page

    url = "https://harbour-gazette.example/local/ferry-subsidy-extended"
    fetched = Page(content=BYLINE_ONLY.encode(), url=url, fetched_at="2025-06-14T01:30:00Z", status=200)
    assert extract_page(fetched).published == "2025-06-12"
    # A file's "fetch" time is when it was read, which says nothing about "2 days ago".
    from_disk = Page(content=BYLINE_ONLY.encode(), source="ferry.html", fetched_at="2026-11-29T05:00:00Z")
    assert extract_page(from_disk).published is None


def test_absurd_relative_stamps_are_ignored_not_fatal() -> None:
    assert relative_date("1000000 days ago", FETCHED) is None
    assert relative_date("99999999999999999999 seconds ago", FETCHED) is None
    html = BYLINE_ONLY.replace("2 days ago", "1000000 days ago")
    assert dates_of(html, "2025-06-14T01:30:00Z").published is None


def test_a_bare_today_in_the_byline_is_read() -> None:
    html = BYLINE_ONLY.replace("2 days ago", "Today")
    assert dates_of(html, "2025-06-14T01:30:00Z").published == "2025-06-14"


def test_a_bare_today_outside_a_byline_is_not_the_articles_date() -> None:
    for widget in ('<div class="weather-widget"><span class="time">Today</span> 14°C</div>',
                   '<p class="airtime">Today</p>'):
        html = BYLINE_ONLY.replace('<span class="post-date">2 days ago</span>', "").replace("</h1>", f"</h1>{widget}")
        assert dates_of(html, "2025-06-14T01:30:00Z").published is None, widget
