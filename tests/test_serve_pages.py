"""The web UI's pages as a browser gets them, on SQLite and on PostgreSQL: the example pages, the
shared page dump and a hostile page ingested with enrichment, events and stories, then every page
read back and parsed: what it highlights, what its filters narrow, that nothing of a page runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import EXAMPLES, pg_schema_url
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from ui_corpus import HOSTILE, HOSTILE_TITLE_START, SHARED_DUMP

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.serve import create_app
from dateline.serve.humanize import relative_time
from dateline.serve.pages import EVENTS_PER_PAGE
from dateline.store import ArticleFilter, EventFilter, Store
from dateline.store.story_reads import StoryFilter

WITH_STORIES = Settings(stages="extract,enrich,events,stories", write_process=False)


def ingest_corpus_with_stories(url: str) -> None:
    """The web UI's corpus (ui_corpus.py) through every stage, stories too."""
    sources = [str(EXAMPLES), str(HOSTILE)] + ([str(SHARED_DUMP)] if SHARED_DUMP.exists() else [])
    report = ingest(sources, url, settings=WITH_STORIES)
    assert report.articles >= 6 and report.errors == 0, report


def _db_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    if backend == "sqlite":
        return str(folder / "pages.db")
    return pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _db_url(request.param, request, tmp_path_factory.mktemp("pages"))
    ingest_corpus_with_stories(url)
    return url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db))) as opened:
        yield opened


@pytest.fixture(scope="module")
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        yield opened


def page(client: TestClient, path: str) -> Any:
    """The parsed HTML of a page that must answer 200."""
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return lxml_html.fromstring(response.text)


def article_id(store: Store, title_start: str) -> int:
    return next(a.id for a in store.iter_articles() if (a.title or "").startswith(title_start))


def assert_runs_nothing(doc: Any) -> None:
    """No script but the vendored htmx, no event handler, no inline style, no script URL."""
    for script in doc.iter("script"):
        assert script.get("src") == "/static/htmx.min.js" and not (script.text or "").strip()
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            assert name.lower() != "style", (element.tag, value)
            if name.lower() in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith(("javascript:", "data:text")), (element.tag, value)
    for tag in ("iframe", "object", "embed", "img"):
        assert not list(doc.iter(tag)), tag


# -- the front page ------------------------------------------------------------------------------


def test_front_page_lists_recent_articles_with_relative_times_and_sections(client: TestClient, store: Store) -> None:
    doc = page(client, "/")
    titles = [a.text_content() for a in doc.cssselect("#recent li > a")]
    newest = store.article_page(None, sort="published_at", descending=True, limit=3).items
    assert titles[:3] == [a.title for a in newest]
    times = doc.cssselect("#recent time")
    assert times and all(t.get("datetime").endswith("Z") and t.get("title").endswith("UTC") for t in times)
    assert all(t.text_content().endswith("ago") for t in times)  # the examples are all in the past
    headings = [h.text_content() for h in doc.cssselect("h2")]
    assert "By site" in headings and "By country" in headings
    busiest_site = next(site for site in store.stats().by_site if site)
    first_site = doc.cssselect("#sites-h ~ h3")[0]
    assert first_site.text_content() == busiest_site
    latest = store.article_page(ArticleFilter(site=busiest_site), sort="published_at", descending=True, limit=4).items
    assert [a.get("href") for a in first_site.getnext().cssselect("a")] == [f"/articles/{a.id}" for a in latest]
    assert doc.cssselect('form[action="/search"] input[name="q"]')
    assert_runs_nothing(doc)


def test_country_sections_hold_each_countrys_latest_articles(store: Store) -> None:
    from sqlalchemy import select

    from dateline.store.schema import place_mentions as pm

    countries = [c.country for c in store.focus_countries()]
    assert len(countries) >= 3
    found = store.articles_about(countries, limit=2)
    published = {a.id: a.published_at for a in store.iter_articles()}
    with store.engine.connect() as conn:
        for country in countries:
            about = set(conn.execute(select(pm.c.article_id).where(pm.c.focus.is_(True), pm.c.country == country))
                        .scalars())
            # Latest first, undated last, then the higher id.
            expected = sorted(about, key=lambda i: (published[i] is None, -(published[i].timestamp() if published[i]
                                                                             else 0), -i))[:2]
            assert [row["id"] for row in found[country]] == expected, country


def test_relative_time_is_in_the_largest_whole_unit() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    assert relative_time(now - timedelta(minutes=7), now) == "7 minutes ago"
    assert relative_time(now - timedelta(hours=1, minutes=59), now) == "1 hour ago"
    assert relative_time(now - timedelta(days=40), now) == "1 month ago"
    assert relative_time(now + timedelta(days=2), now) == "in 2 days"
    assert relative_time(now - timedelta(seconds=20), now) == "just now"


def test_front_page_lists_the_latest_stories_with_counts_outlets_and_times(client: TestClient, store: Store) -> None:
    doc = page(client, "/")
    latest = store.stories(StoryFilter(limit=10))
    items = doc.cssselect("#stories > li")
    assert len(items) == len(latest) >= 4
    for item, story in zip(items, latest, strict=True):
        link = item.cssselect("a")[0]
        assert link.get("href") == f"/stories/{story.id}" and link.text_content() == story.title
        meta = item.cssselect(".meta")[0].text_content()
        assert f"{story.article_count} article" in meta
        assert (story.outlets[0] if story.outlets else "no site") in meta  # a text dump has no site
        if story.unique_count != story.article_count:
            assert f"({story.unique_count} unique)" in meta
        if story.last_published:
            assert item.cssselect("time")[0].text_content().endswith("ago")
    # Stories come first, the recent articles after them; an older page of articles has no stories.
    assert doc.cssselect("h1")[0].text_content() == "Latest stories"
    older = doc.cssselect('a.button[href^="/?cursor="]')
    if older:
        assert not page(client, older[0].get("href")).cssselect("#stories")


def test_story_list_filters_and_pages_on(client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.serve import pages

    every = store.stories(StoryFilter(limit=None))
    doc = page(client, "/stories")
    assert [a.get("href") for a in doc.cssselect("#stories > li > a")] == [f"/stories/{s.id}" for s in every]
    assert doc.cssselect('nav a[href="/stories"]') and page(client, "/").cssselect('a[href="/stories"]')
    for params in ({"query": "istanbul"}, {"actor": "IRN"}, {"place": "MLI"}, {"since": "2025-04-01"}):
        narrowed = page(client, "/stories?" + "&".join(f"{k}={v}" for k, v in params.items()))
        shown = [a.get("href") for a in narrowed.cssselect("#stories > li > a")]
        expected = store.stories(StoryFilter(limit=None, **params))  # type: ignore[arg-type]
        assert shown == [f"/stories/{s.id}" for s in expected] and 0 < len(shown) < len(every), params
        key, value = next(iter(params.items()))
        assert narrowed.cssselect(f'input[name="{key}"]')[0].get("value") == value
        export = narrowed.cssselect('.exports a[href^="/api/export/stories.csv"]')[0].get("href")
        assert parse_qs(urlsplit(export).query) == {key: [value]}
    bad = page(client, "/stories?since=soon")
    assert "since: not a date" in bad.cssselect(".problem")[0].text_content()
    assert_runs_nothing(bad)
    monkeypatch.setattr(pages, "STORIES_PER_PAGE", 3)
    seen: list[str] = []
    path = "/stories"
    for _ in range(20):
        doc = page(client, path)
        seen += [a.get("href") for a in doc.cssselect("#stories > li > a")]
        older = doc.cssselect('a.button[href^="/stories?"]')
        if not older:
            break
        path = older[0].get("href")
    assert seen == [f"/stories/{s.id}" for s in every]


# -- a story -------------------------------------------------------------------------------------


def test_story_page_shows_groups_timeline_actors_and_places(client: TestClient, store: Store) -> None:
    [found] = store.stories(StoryFilter(query="istanbul embassies", limit=None))
    story = store.story(found.id)
    assert story is not None
    doc = page(client, f"/stories/{story.id}")
    assert doc.cssselect("h1")[0].text_content() == story.title
    assert doc.cssselect(".summary")[0].text_content() == story.summary
    assert f"{story.article_count} articles" in doc.cssselect("header .meta")[0].text_content()
    assert len(doc.cssselect("#span time")) == 2  # a span of two days
    groups = doc.cssselect("#groups > li.group")
    assert len(groups) == len(story.groups) == story.unique_count
    for item, group in zip(groups, story.groups, strict=True):
        assert item.cssselect("a")[0].get("href") == f"/articles/{group[0].article_id}"
        copies = item.cssselect(".copies > li")
        assert [c.cssselect("a")[0].get("href") for c in copies] == [f"/articles/{m.article_id}" for m in group[1:]]
        assert all(c.cssselect(".flag")[0].text_content() == "copy" for c in copies)
    assert any(len(g) > 1 for g in story.groups), "the wire copy is in a group of its own original"
    rows = doc.cssselect("#timeline tbody tr")
    assert len(rows) == len(story.timeline) > 0
    assert [r[1].cssselect("a")[0].text_content() for r in rows] == [e.type for e in story.timeline]
    assert [r[0].text_content() for r in rows] == [e.date or "undated" for e in story.timeline]
    flagged = [e for e in story.timeline if e.historical]
    assert len([r for r in rows if "historical" in r[5].text_content()]) == len(flagged)
    actors = [a.get("href") for a in doc.cssselect("#actors a")]
    assert actors == ["/actors/" + code for code in story.actors]
    assert "Russia" in [a.text_content() for a in doc.cssselect("#actors a")]
    assert [li.text_content() for li in doc.cssselect("#places li")] == story.places
    outlets = [row[0].text_content() for row in doc.cssselect("#outlets-h ~ table tbody tr")]
    assert outlets == story.outlets
    assert_runs_nothing(doc)


def test_a_big_story_page_shows_its_first_groups_and_events_and_the_counts_of_all(
        client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.serve import pages

    [found] = store.stories(StoryFilter(query="istanbul embassies", limit=None))
    whole = store.story(found.id)
    assert whole is not None and len(whole.groups) >= 2 and len(whole.timeline) >= 2
    assert (whole.group_count, whole.event_count) == (len(whole.groups), len(whole.timeline))
    cut = store.story(found.id, limit=1)
    assert cut is not None and cut.groups == whole.groups[:1] and [e.id for e in cut.timeline] == [whole.timeline[0].id]
    assert (cut.group_count, cut.event_count) == (whole.group_count, whole.event_count)
    monkeypatch.setattr(pages, "STORY_PAGE_ITEMS", 1)
    client.app.state.response_cache.clear()  # type: ignore[attr-defined]  # (the page as an earlier test saw it)
    doc = page(client, f"/stories/{found.id}")
    client.app.state.response_cache.clear()  # type: ignore[attr-defined]
    assert len(doc.cssselect("#groups > li.group")) == 1 and len(doc.cssselect("#timeline tbody tr")) == 1
    assert f"({whole.group_count} groups)" in doc.cssselect("#articles-h")[0].text_content()
    assert f"({whole.event_count} events)" in doc.cssselect("#timeline-h")[0].text_content()
    for note in ("#groups-cut", "#timeline-cut"):
        assert doc.cssselect(note + " a")[0].get("href") == f"/api/stories/{found.id}"


def test_story_links_between_article_story_and_front_page(client: TestClient, store: Store) -> None:
    [found] = store.stories(StoryFilter(query="istanbul embassies", limit=None))
    member = store.story(found.id).groups[0][0]  # type: ignore[union-attr]
    doc = page(client, f"/articles/{member.article_id}")
    link = doc.cssselect(".story-link a")[0]
    assert link.get("href") == f"/stories/{found.id}" and link.text_content() == found.title
    response = client.get("/stories/story-none")
    assert response.status_code == 404 and "Not found" in response.text


# -- an article ----------------------------------------------------------------------------------


def test_article_page_highlights_actors_with_their_resolved_country(client: TestClient, store: Store) -> None:
    # Every resolved actor mention with a country is a link to the actor, its country in the hover text.
    aid = next(a.id for a in store.iter_articles() if a.site == "harbourtimes.com")
    enrichment = store.enrichments([aid])[aid]
    expected = {m.actor.id: m.actor for m in enrichment.actors if m.actor and m.actor.country}
    assert expected
    doc = page(client, f"/articles/{aid}")
    marks = {urlsplit(a.get("href")).path: a for a in doc.cssselect("a.ann.actor")}
    for actor in expected.values():
        link = marks.get("/actors/" + actor.id)
        if link is None:
            continue  # a mark that another one overlaps
        assert actor.name in link.get("title") and actor.country in link.get("title")
        assert link.get("data-tip") == link.get("title")
    assert len(set(marks) & {"/actors/" + i for i in expected}) >= len(expected) // 2


@pytest.mark.skipif(not SHARED_DUMP.exists(), reason="the shared page dump is not beside the repository")
def test_article_page_of_the_driving_example(client: TestClient, store: Store) -> None:
    aid = article_id(store, "Russia, US Diplomats")
    doc = page(client, f"/articles/{aid}")
    lavrov = [a for a in doc.cssselect("a.ann.actor") if a.get("href") == "/actors/person:sergei-lavrov"]
    assert lavrov and "Sergei Lavrov — RUS GOV" in lavrov[0].get("title")
    times = {m.text_content(): m.get("title") for m in doc.cssselect("mark.ann.time")}
    assert times["February 18"].startswith("2025-02-18")
    triggers = [m for m in doc.cssselect("a.ann.trigger") if "CONSULT" in m.get("title")]
    assert triggers and triggers[0].get("href").startswith("#event-")
    assert doc.cssselect(triggers[0].get("href"))  # the event it points at is on the page
    assert doc.cssselect(".quote")
    evidence = {row[0].text_content(): row[2].text_content() for row in doc.cssselect(".meta-table tbody tr")}
    assert evidence["authors"].startswith("byline pattern") and evidence["agency"] == "dateline"


def test_article_page_shows_metadata_provenance_and_events(client: TestClient, store: Store) -> None:
    aid = next(a.id for a in store.iter_articles() if a.site == "harbourtimes.com")
    doc = page(client, f"/articles/{aid}")
    fields = [row[0].text_content() for row in doc.cssselect(".meta-table tbody tr")]
    assert {"title", "published", "language"} <= set(fields)
    downloads = [a.get("href") for a in doc.cssselect("#prov-h ~ table a")]
    assert downloads and all(re.fullmatch(rf"/articles/{aid}/raw\?page=\d+", d) for d in downloads)
    events = store.article_events(aid)
    assert len(doc.cssselect("ol.events > li")) == len(events) > 0
    assert_runs_nothing(doc)


def test_raw_page_is_only_a_download(client: TestClient, store: Store) -> None:
    aid = next(a.id for a in store.iter_articles() if a.site == "harbourtimes.com")
    response = client.get(f"/articles/{aid}/raw")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"
    raw = store.raw_content(aid)
    assert raw is not None and response.content == raw.data and b"<html" in response.content.lower()
    assert client.get(f"/articles/{aid}/raw?page=999999").status_code == 404


def test_unknown_article_and_actor_are_404_pages(client: TestClient) -> None:
    for path in ("/articles/999999", "/actors/nobody-at-all"):
        response = client.get(path)
        assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
        assert "Not found" in response.text
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    response = client.get("/no/such/page", headers=browser)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    # The API's errors stay JSON, for programs and for a browser alike.
    for path, headers in (("/api/nope", browser), ("/no/such/page", {"accept": "application/json"})):
        response = client.get(path, headers=headers)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


# -- a hostile page ------------------------------------------------------------------------------


def test_hostile_page_renders_escaped(client: TestClient, store: Store) -> None:
    aid = article_id(store, HOSTILE_TITLE_START)
    response = client.get(f"/articles/{aid}")
    assert response.status_code == 200
    text = response.text
    assert "&lt;script&gt;alert(" in text and "&lt;img src=x onerror=alert(&#39;og&#39;)&gt;" in text
    doc = lxml_html.fromstring(text)
    body = doc.cssselect(".body")[0].text_content()
    assert '<script>alert("body")</script>' in body and "<img src=x onerror=alert('body-img')>" in body
    assert_runs_nothing(doc)
    assert doc.cssselect("h1")[0].text_content().startswith("Harbour board <img src=x onerror=")
    # The canonical URL "javascript:alert(...)" is shown as text, never as a link.
    assert not [a for a in doc.iter("a") if "alert" in (a.get("href") or "")]
    for path in ("/", "/search?q=prank", "/events", f"/search?q={'<script>'}"):
        assert_runs_nothing(page(client, path))
    # Its story's title and summary are the page's words: escaped on the front page and the story page.
    story = store.story_link(aid)
    assert story is not None and story.title.startswith(HOSTILE_TITLE_START)
    response = client.get(f"/stories/{story.id}")
    assert "Harbour board &lt;img src=x onerror=" in response.text and "<img" not in response.text
    doc = page(client, f"/stories/{story.id}")
    assert doc.cssselect("h1")[0].text_content().startswith("Harbour board <img src=x onerror=")
    assert_runs_nothing(doc)
    front = client.get("/").text
    assert "<img" not in front and "Harbour board &lt;img" in front


# -- an actor ------------------------------------------------------------------------------------


def test_actor_page_shows_roles_events_over_time_and_counterparts(client: TestClient, store: Store) -> None:
    events = store.events(EventFilter(limit=None))
    counts: dict[str, int] = {}
    for e in events:
        for a in e.actors:
            counts[a.id] = counts.get(a.id, 0) + 1
    busiest = max(counts, key=lambda i: (counts[i], i))
    actor = store.actor(busiest)
    assert actor is not None
    doc = page(client, "/actors/" + busiest)
    assert doc.cssselect("h1")[0].text_content() == actor.name
    chart = doc.cssselect("svg.chart")
    assert chart and chart[0].cssselect("rect")
    table = doc.cssselect("table.numbers")[0]
    as_actor_total = sum(int(row[1].text_content()) for row in table.cssselect("tbody tr"))
    # (the events the explorer lists for it: a country's own institutions are the country too)
    assert as_actor_total == len(store.events(EventFilter(actor=busiest, limit=None))) >= counts[busiest]
    assert doc.cssselect("#deals-h") and doc.cssselect("#aliases-h") and doc.cssselect("#roles-h")
    assert_runs_nothing(doc)


def test_an_actors_reads_from_the_role_index_agree_with_the_event_table(store: Store) -> None:
    # The actor page reads its events' months and latest events from event_actors' copy of the
    # date; they must be what the events themselves say.
    for code in {a.id for e in store.events(EventFilter(limit=None)) for a in [*e.actors, *e.recipients]}:
        by_side = store.actor_event_counts(code)
        for side in ("actor", "recipient"):
            where = EventFilter(actor=code) if side == "actor" else EventFilter(recipient=code)
            months: dict[str, int] = {}
            for count in store.event_counts(where):
                months[count.period or "undated"] = months.get(count.period or "undated", 0) + count.events
            assert by_side[side] == months and sum(months.values()) == len(store.events(replace(where, limit=None)))
            first_page = store.event_page(where, limit=3).items
            assert [e.id for e in store.latest_events(code, side, limit=3)] == [e.id for e in first_page], (code, side)


@pytest.mark.skipif(not SHARED_DUMP.exists(), reason="the shared page dump is not beside the repository")
def test_actor_page_of_lavrov_has_his_quotes_and_counterparts(client: TestClient) -> None:
    doc = page(client, "/actors/Lavrov")  # an alias finds him
    assert doc.cssselect("h1")[0].text_content() == "Sergei Lavrov"
    assert "Marco Rubio" in [a.text_content() for a in doc.cssselect("#deals-h ~ table a")]
    assert any("Istanbul" in q.text_content() for q in doc.cssselect("#quotes-h ~ ul q"))


# -- the event explorer --------------------------------------------------------------------------


def event_types(doc: Any) -> list[str]:
    return [row[1].cssselect("a")[0].text_content() for row in doc.cssselect("#event-table tbody tr")]


def test_event_explorer_filter_narrows_the_table(client: TestClient, store: Store) -> None:
    every = event_types(page(client, "/events"))
    assert len(every) == min(len(store.events(EventFilter(limit=None))), EVENTS_PER_PAGE)  # the first page
    doc = page(client, "/events?type=CONSULT")
    narrowed = event_types(doc)
    assert 0 < len(narrowed) < len(every) and set(narrowed) == {"CONSULT"}
    assert doc.cssselect('input[name="type"]')[0].get("value") == "CONSULT"
    # The counts by type hold only that type, and the export link carries the filter.
    assert [th.text_content() for th in doc.cssselect("#chart-h ~ details table thead th")][1:-1] == ["CONSULT"]
    export = doc.cssselect('.exports a[href^="/api/export/events.csv"]')[0].get("href")
    assert parse_qs(urlsplit(export).query) == {"type": ["CONSULT"]}
    csv_rows = client.get(export).text.strip().splitlines()
    assert len(csv_rows) - 1 == len(narrowed)


def test_event_explorer_date_words_and_country_filters(client: TestClient, store: Store) -> None:
    dated = [e for e in store.events(EventFilter(limit=None)) if e.date and len(e.date) >= 7]
    month = sorted(e.date[:7] for e in dated)[-1]
    doc = page(client, f"/events?since={month}-01&until={month}-28")
    assert 0 < len(event_types(doc)) <= len(dated)
    shown = [row[0].text_content() for row in doc.cssselect("#event-table tbody tr")]
    assert all(d.startswith(month) or month.startswith(d) for d in shown)  # a year's event overlaps its months
    bad = page(client, "/events?since=not-a-date")
    assert "since: not a date" in bad.cssselect(".problem")[0].text_content()
    placed = next(e for e in store.events(EventFilter(limit=None)) if e.place and e.place.country)
    by_country = page(client, f"/events?country={placed.place.country}")
    assert 0 < len(event_types(by_country)) < len(store.events(EventFilter(limit=None)))


def test_event_explorer_map_and_chart_have_their_numbers(client: TestClient, store: Store) -> None:
    doc = page(client, "/events")
    chart = doc.cssselect("svg.chart")[0]
    assert chart.cssselect("rect") and chart.get("role") == "img"
    svg_map = doc.cssselect("svg.map")[0]
    assert svg_map.cssselect("image")[0].get("href") == "/static/world-110m.svg"
    dots = svg_map.cssselect("circle")
    places = store.event_places()
    assert len(dots) == len(places) > 0
    place_rows = doc.cssselect("#map-h ~ details table tbody tr")
    assert sum(int(r[-1].text_content()) for r in place_rows) == sum(p.events for p in places)
    month_rows = doc.cssselect("#chart-h ~ details table tbody tr")
    assert sum(int(r[-1].text_content()) for r in month_rows) == len(store.events(EventFilter(limit=None)))
    world = client.get("/static/world-110m.svg")
    assert world.status_code == 200 and world.text.count("<path") > 150


# -- search --------------------------------------------------------------------------------------


def test_search_finds_a_body_word_with_marks_and_facets(client: TestClient) -> None:
    doc = page(client, "/search?q=reservoir")
    hits = doc.cssselect("ol.hits > li")
    assert hits and "Water rationing" in hits[0].cssselect("a")[0].text_content()
    assert [m.text_content().lower() for m in hits[0].cssselect(".snippet mark")][0] == "reservoir"
    facets = {a.text_content(): a.get("href") for a in doc.cssselect('aside[aria-label="Facets"] a')}
    assert "dailymeridian.co.uk" in facets and "en" in facets
    narrowed = page(client, facets["dailymeridian.co.uk"])
    assert len(narrowed.cssselect("ol.hits > li")) >= 1
    none = page(client, "/search?q=reservoir&site=rhein-kurier.de")
    assert not none.cssselect("ol.hits > li")
    bad = page(client, '/search?q="unclosed')
    assert bad.cssselect(".problem") or bad.cssselect("ol.hits")  # an error message, never a 500


def test_pages_have_no_inline_script_or_style(client: TestClient, store: Store) -> None:
    aid = next(a.id for a in store.iter_articles())
    story = store.stories(StoryFilter(limit=1))[0].id
    for path in ("/", f"/articles/{aid}", "/events", "/search?q=board", "/actors/RUS", f"/stories/{story}",
                 "/stories?query=board"):
        assert_runs_nothing(page(client, path))


# -- paging and the place kept for stories -------------------------------------------------------


def test_front_page_and_explorer_page_on(client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.serve import pages

    monkeypatch.setattr(pages, "RECENT", 4)
    monkeypatch.setattr(pages, "EVENTS_PER_PAGE", 5)
    seen: list[str] = []
    path = "/"
    for _ in range(10):
        doc = page(client, path)
        seen += [a.get("href") for a in doc.cssselect("#recent li > a")]
        older = doc.cssselect('a.button[href^="/?cursor="]')
        if not older:
            break
        path = older[0].get("href")
    assert sorted(seen) == sorted(f"/articles/{a.id}" for a in store.iter_articles())
    rows: list[str] = []
    path = "/events?type=CONSULT"
    for _ in range(20):
        doc = page(client, path)
        rows += event_types(doc)
        more = doc.cssselect('a.button[href^="/events?"]')
        if not more:
            break
        path = more[0].get("href")
        assert "type=CONSULT" in path  # the filter goes with the cursor
    assert len(rows) == len(store.events(EventFilter(type="CONSULT", limit=None))) and set(rows) == {"CONSULT"}


def test_timeline_has_no_gaps_and_turns_to_years_when_long() -> None:
    from dateline.serve.pages import timeline

    periods, counts = timeline([{"2025-01": 2, "2025-04": 1}, {"undated": 3}])
    assert periods == ["2025-01", "2025-02", "2025-03", "2025-04", "undated"]
    assert counts == [{"2025-01": 2, "2025-04": 1}, {"undated": 3}]
    periods, counts = timeline([{"2001-05": 2, "2020-03": 1, "2020-07": 4}])
    assert periods[0] == "2001" and periods[-1] == "2020" and len(periods) == 20
    assert counts == [{"2001": 2, "2020": 5}]


def test_annotated_body_escapes_and_keeps_one_mark_where_two_overlap() -> None:
    from dateline.model import Actor, ActorMention, Enrichment, Quote, Span, TimeExpr
    from dateline.serve.annotate import annotated_body

    body = 'Mayor <b>Ann Lee</b> said on Monday: "We <script>x()</script> agree."'
    lee = body.index("Ann Lee")
    monday = body.index("Monday")
    quoted = body.index("We")
    enrichment = Enrichment(
        actors=[ActorMention(lee, lee + 7, "Ann Lee", actor=Actor("person:ann-lee", "Ann Lee", country="GBR",
                                                                  sector="GOV", role="mayor")),
                ActorMention(lee + 4, lee + 7, "Lee", actor=Actor("person:lee", "Lee"))],  # overlaps: dropped
        times=[TimeExpr(monday, monday + 6, "Monday", value="2025-03-10", granularity="day")],
        quotes=[Quote(quoted, len(body) - 1, body[quoted:-1], parts=[Span(quoted, len(body) - 1, body[quoted:-1])],
                      speaker_actor="person:ann-lee")])
    html = str(annotated_body(body, enrichment, [], 1))
    doc = lxml_html.fromstring(f"<div>{html}</div>")
    assert doc.text_content() == body  # every character once, in order
    links = doc.cssselect("a.ann.actor")
    assert [a.get("href") for a in links] == ["/actors/person:ann-lee"]
    assert links[0].get("title") == "Ann Lee — GBR GOV, mayor"
    assert doc.cssselect("mark.ann.time")[0].get("title").startswith("2025-03-10")
    assert "Ann Lee" in doc.cssselect("span.quote")[0].get("title")
    assert not list(doc.iter("script")) and not list(doc.iter("b"))
