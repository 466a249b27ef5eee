"""The REST API of `dateline serve` as a client uses it, on SQLite and on PostgreSQL: the bundled
example pages (and the shared page dump) ingested with enrichment, events and stories, then read
back through every endpoint; writes on a store of their own."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, SHARED, pg_schema_url
from fastapi.testclient import TestClient
from httpserver import Reply
from ingest_pages import write_pages

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.render_events import GDELT_COLUMNS
from dateline.serve import create_app
from dateline.serve.schemas import IngestResult
from dateline.store import EventFilter, Store
from dateline.store.story_reads import StoryFilter

TOKEN = "s3cret-token"
FULL = Settings(stages="extract,enrich,events,stories", write_process=False)
SHARED_DUMP = SHARED / "examples" / "page-dump-1.txt"


def _db_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    if backend == "sqlite":
        return str(folder / "serve.db")
    return pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding the example pages, enriched, coded for events and clustered into stories."""
    url = _db_url(request.param, request, tmp_path_factory.mktemp("serve"))
    sources = [str(EXAMPLES)] + ([str(SHARED_DUMP)] if SHARED_DUMP.exists() else [])
    report = ingest(sources, url, settings=FULL)
    assert report.articles >= 5 and report.errors == 0
    return url


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db))) as opened:
        yield opened


@pytest.fixture(scope="module")
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        yield opened


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]) <= {"code", "message", "detail"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def every_page(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """The items of every page of a list endpoint, following next_cursor to the end."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        body = ok(client.get(path, params={**params, **({"cursor": cursor} if cursor else {})}))
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the cursor never ended")


# -- articles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["id", "-id", "-published_at", "published_at", "-word_count", "created_at"])
def test_pages_cover_every_article_once_in_order(client: TestClient, store: Store, sort: str) -> None:
    items = every_page(client, "/api/articles", limit=2, sort=sort)
    ids = [item["id"] for item in items]
    assert sorted(ids) == sorted(a.id for a in store.iter_articles())
    assert len(set(ids)) == len(ids)
    field, descending = sort.lstrip("-"), sort.startswith("-")
    values = [item[field] for item in items]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present))  # nulls last
    assert present == sorted(present, reverse=descending)
    assert "body" not in items[0] and items[0]["title"]


def test_pages_hold_when_many_articles_share_a_sort_value(request: pytest.FixtureRequest, db: str,
                                                          tmp_path: Path) -> None:
    # The same site template with a story per town: every article has the same publication time.
    url = _db_url("sqlite" if "://" not in db else "postgresql", request, tmp_path)
    write_pages(tmp_path / "pages", 12)
    ingest([str(tmp_path / "pages")], url, settings=Settings(stages="extract", write_process=False))
    with TestClient(create_app(Settings(db=url))) as tied:
        for sort in ("-published_at", "published_at", "word_count"):
            ids = [a["id"] for a in every_page(tied, "/api/articles", limit=5, sort=sort)]
            assert len(ids) == 12 and len(set(ids)) == 12, sort
        newest_first = every_page(tied, "/api/articles", limit=5, sort="-published_at")
        assert [a["id"] for a in newest_first] == sorted((a["id"] for a in newest_first), reverse=True)


def test_the_default_order_is_newest_first(client: TestClient) -> None:
    items = ok(client.get("/api/articles"))["items"]
    published = [datetime.fromisoformat(i["published_at"]) for i in items if i["published_at"]]
    assert published == sorted(published, reverse=True) and len(published) >= 4


def test_filters_narrow_the_list(client: TestClient, store: Store) -> None:
    every = ok(client.get("/api/articles", params={"limit": 500}))["items"]
    german = ok(client.get("/api/articles", params={"language": "de"}))["items"]
    assert [a["language"] for a in german] == ["de"] and len(every) > len(german)
    harbour = ok(client.get("/api/articles", params={"site": "harbourtimes.com"}))["items"]
    assert {a["site"] for a in harbour} == {"harbourtimes.com"} and len(harbour) < len(every)
    assert any(a["title"].startswith("EU agrees to extend gas storage rules") for a in harbour)
    march = ok(client.get("/api/articles", params={"since": "2025-03-01", "until": "2025-03-31"}))["items"]
    assert march and all("2025-03-01" <= a["published_day"] <= "2025-03-31" for a in march)
    assert {a["id"] for a in march} < {a["id"] for a in every}
    assert ok(client.get("/api/articles", params={"since": "2030-01-01"}))["items"] == []


def test_limit_is_capped(client: TestClient) -> None:
    body = ok(client.get("/api/articles", params={"limit": 100000}))
    assert body["limit"] == 500 and body["next_cursor"] is None


def test_bad_parameters_are_422_with_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/articles", params={"sort": "title"}), 422, "invalid_sort")
    assert_error(client.get("/api/articles", params={"cursor": "not-a-cursor"}), 422, "invalid_cursor")
    cursor = ok(client.get("/api/articles", params={"limit": 1, "sort": "id"}))["next_cursor"]
    assert_error(client.get("/api/articles", params={"cursor": cursor, "sort": "-id"}), 422, "invalid_cursor")
    assert_error(client.get("/api/articles", params={"since": "last tuesday"}), 422, "invalid_request")
    error = assert_error(client.get("/api/articles", params={"limit": 0}), 422, "invalid_request")
    assert error["detail"][0]["where"] == "query.limit"
    assert_error(client.get("/api/articles/abc"), 422, "invalid_request")


def test_an_article_has_its_body_enrichment_and_events(client: TestClient, store: Store) -> None:
    [target] = [a for a in store.iter_articles() if (a.title or "").startswith("EU agrees to extend gas storage")]
    article = ok(client.get(f"/api/articles/{target.id}"))
    assert article["id"] == target.id and article["body"] == target.body
    assert "gas storage" in article["body"] and article["urls"]
    places = {p["place"]["name"] for p in article["enrichment"]["places"] if p["place"]}
    assert "Brussels" in places
    assert article["events"], "the Reuters story reports events"
    for event in article["events"]:
        assert any(m["article_id"] == target.id for m in event["mentions"])
        for mention in event["mentions"]:
            if mention["article_id"] == target.id:
                start, end = mention["sentence"]["start"], mention["sentence"]["end"]
                assert article["body"][start:end] == mention["sentence"]["text"]


def test_not_found_has_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/articles/987654"), 404, "not_found")
    assert_error(client.get("/api/events/ev-nothing"), 404, "not_found")
    assert_error(client.get("/api/actors/Nobody Atall"), 404, "not_found")
    assert_error(client.get("/api/no-such-thing"), 404, "not_found")
    assert_error(client.delete("/api/articles/1"), 405, "method_not_allowed")


# -- search --------------------------------------------------------------------------------------


def test_search_finds_a_word_of_a_body_with_snippets(client: TestClient) -> None:
    body = ok(client.get("/api/search", params={"q": "reservoir"}))
    assert body["items"], body
    hit = body["items"][0]
    assert hit["title"].startswith("Water rationing begins")
    assert "reservoir" in hit["snippet"].lower() and "<mark>" not in hit["snippet"]
    assert "<mark>" in hit["snippet_html"].lower()
    german = ok(client.get("/api/search", params={"q": "Nachtzüge", "language": "de"}))["items"]
    assert [h["language"] for h in german] == ["de"]
    assert ok(client.get("/api/search", params={"q": "reservoir", "language": "de"}))["items"] == []
    assert_error(client.get("/api/search"), 422, "invalid_request")
    assert_error(client.get("/api/search", params={"q": "-alone"}), 422, "invalid_query")


# -- actors, places, events, stats ---------------------------------------------------------------


@pytest.mark.skipif(not SHARED_DUMP.exists(), reason="needs ../shared/examples/page-dump-1.txt")
def test_actors_and_one_actor(client: TestClient, store: Store) -> None:
    people = every_page(client, "/api/actors", kind="person", limit=3)
    names = {a["name"] for a in people}
    assert {"Sergei Lavrov", "Marco Rubio"} <= names and len(people) == len({a["id"] for a in people})
    assert [a["articles"] for a in people] == sorted((a["articles"] for a in people), reverse=True)
    by_store = [a.id for a in store.actors(kind="person", limit=None)]
    assert sorted(a["id"] for a in people) == sorted(by_store)
    for sort in ("-mentions", "last_seen", "-first_seen"):
        again = every_page(client, "/api/actors", kind="person", limit=4, sort=sort)
        assert sorted(a["id"] for a in again) == sorted(by_store), sort
        values = [a[sort.lstrip("-")] for a in again]
        assert values == sorted(values, reverse=sort.startswith("-")), sort
    russians = ok(client.get("/api/actors", params={"country": "RUS"}))["items"]
    assert russians and all(a["country"] == "RUS" for a in russians)
    lavrov = ok(client.get("/api/actors/Lavrov"))
    assert (lavrov["id"], lavrov["country"], lavrov["sector"]) == ("person:sergei-lavrov", "RUS", "GOV")
    assert lavrov["recent"] and lavrov["roles"]


def test_places_from_enrichment(client: TestClient) -> None:
    places = every_page(client, "/api/places", limit=4)
    by_name = {p["name"]: p for p in places}
    assert "Brussels" in by_name and by_name["Brussels"]["lat"] is not None
    assert all(p["articles"] >= 1 and p["mentions"] >= p["articles"] for p in places)
    counts = [p["articles"] for p in places]
    assert counts == sorted(counts, reverse=True)
    by_mentions = every_page(client, "/api/places", limit=4, sort="-mentions")
    assert sorted(p["geonameid"] for p in by_mentions) == sorted(p["geonameid"] for p in places)
    assert [p["mentions"] for p in by_mentions] == sorted((p["mentions"] for p in places), reverse=True)
    belgian = ok(client.get("/api/places", params={"country": "BEL"}))["items"]
    assert belgian and all(p["country"] == "BEL" for p in belgian)


@pytest.mark.parametrize("sort", ["-date", "date", "-last_seen", "mentions"])
def test_event_pages_cover_every_event_once(client: TestClient, store: Store, sort: str) -> None:
    items = every_page(client, "/api/events", limit=3, sort=sort)
    ids = [e["id"] for e in items]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(e.id for e in store.events(EventFilter(limit=None)))


def test_event_filters_and_one_event(client: TestClient, store: Store) -> None:
    every = every_page(client, "/api/events", limit=500)
    consult = every_page(client, "/api/events", type="consult", limit=500)
    assert consult and all(e["type"] == "CONSULT" for e in consult) and len(consult) < len(every)
    expected = {e.id for e in store.events(EventFilter(type="CONSULT", limit=None))}
    assert {e["id"] for e in consult} == expected
    word = every[0]["mentions"][0]["sentence"]["text"].split()[2]
    for e in every_page(client, "/api/events", query=word, limit=500):
        assert any(word.lower() in m["sentence"]["text"].lower() for m in e["mentions"])
    dated = every_page(client, "/api/events", since="2025-03-01", until="2025-03-31", limit=500)
    assert all(e["date"] is None or e["date"][:7] <= "2025-03" for e in dated)
    one = ok(client.get(f"/api/events/{every[0]['id']}"))
    assert one["id"] == every[0]["id"] and one["mentions"] == every[0]["mentions"]


# -- stories -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["-last_published", "first_published", "-article_count", "unique_count"])
def test_story_pages_cover_every_story_once_in_order(client: TestClient, store: Store, sort: str) -> None:
    items = every_page(client, "/api/stories", limit=2, sort=sort)
    ids = [s["id"] for s in items]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(s.id for s in store.stories(StoryFilter(limit=None)))
    field, descending = sort.lstrip("-"), sort.startswith("-")
    values = [datetime.fromisoformat(s[field]) if "published" in field else s[field] for s in items]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present))  # nulls last
    assert present == sorted(present, reverse=descending)


def test_the_story_list_is_the_clis_latest_first(client: TestClient, store: Store) -> None:
    listed = ok(client.get("/api/stories"))["items"]
    assert [s["id"] for s in listed] == [s.id for s in store.stories(StoryFilter(limit=50))]
    told_widely = [s for s in listed if s["article_count"] >= 3]
    assert len(told_widely) >= 4, "the examples tell four stories by several outlets"
    for story in told_widely:
        assert len(story["outlets"]) >= 2 and story["summary"] and story["actors"]
        assert 1 <= story["unique_count"] <= story["article_count"]
        assert story["last_published"].endswith(("Z", "+00:00"))


@pytest.mark.parametrize("params", [{"q": "istanbul"}, {"query": "Istanbul embassies"}, {"actor": "IRN"},
                                    {"place": "Istanbul"}, {"place": "MLI"}, {"since": "2025-04-01"},
                                    {"until": "2025-03-10"}, {"since": "2025-03-01", "until": "2025-03-31"}])
def test_story_filters_are_the_clis(client: TestClient, store: Store, params: dict[str, str]) -> None:
    found = [s["id"] for s in every_page(client, "/api/stories", limit=3, **params)]
    expected = store.stories(StoryFilter(limit=None, query=params.get("q") or params.get("query"),
                                         **{k: v for k, v in params.items() if k not in ("q", "query")}))
    assert found == [s.id for s in expected]
    assert 0 < len(found) < len(store.stories(StoryFilter(limit=None))), params


def test_one_story_has_its_groups_and_timeline(client: TestClient, store: Store) -> None:
    [istanbul] = ok(client.get("/api/stories", params={"q": "istanbul embassies"}))["items"]
    story = ok(client.get(f"/api/stories/{istanbul['id']}"))
    assert {k: story[k] for k in istanbul} == istanbul
    members = [m for group in story["groups"] for m in group]
    assert len(members) == story["article_count"] and len(story["groups"]) == story["unique_count"]
    assert {m["site"] for m in members if m["site"]} == set(story["outlets"])  # a text dump has no site
    copies = [g for g in story["groups"] if len(g) > 1]
    for group in copies:
        assert len({m["duplicate_group"] for m in group}) == 1 and group[0]["duplicate_group"] is not None
        times = [datetime.fromisoformat(m["published"]) for m in group]
        assert times == sorted(times)  # the first is the earliest
    stored = store.story(istanbul["id"])
    assert stored is not None and [e["id"] for e in story["timeline"]] == [e.id for e in stored.timeline]
    assert story["timeline"] and any(e["type"] == "CONSULT" for e in story["timeline"])
    in_story = {m["article_id"] for m in members}
    for event in story["timeline"]:
        assert event == ok(client.get(f"/api/events/{event['id']}"))  # as /api/events gives it
        assert in_story & {m["article_id"] for m in event["mentions"]}
    dates = [e["date"][:10] for e in story["timeline"] if e["date"]]
    assert dates == sorted(dates)


def test_a_story_comes_a_page_at_a_time(client: TestClient, store: Store) -> None:
    [istanbul] = ok(client.get("/api/stories", params={"q": "istanbul embassies"}))["items"]
    whole = ok(client.get(f"/api/stories/{istanbul['id']}"))
    assert whole["next_cursor"] is None and whole["group_count"] == len(whole["groups"]) >= 2
    assert whole["event_count"] == len(whole["timeline"]) >= 2
    groups: list = []
    timeline: list = []
    cursor = None
    for _ in range(100):
        part = ok(client.get(f"/api/stories/{istanbul['id']}", params={"limit": 1, **({"cursor": cursor} if cursor
                                                                                       else {})}))
        assert len(part["groups"]) <= 1 and len(part["timeline"]) <= 1
        assert (part["group_count"], part["event_count"]) == (whole["group_count"], whole["event_count"])
        groups += part["groups"]
        timeline += part["timeline"]
        cursor = part["next_cursor"]
        if cursor is None:
            break
    assert groups == whole["groups"] and timeline == whole["timeline"]
    assert_error(client.get(f"/api/stories/{istanbul['id']}", params={"cursor": "bm90IGEgY3Vyc29y"}), 422,
                 "invalid_cursor")


def test_a_merged_story_leads_to_the_story_that_absorbed_it(client: TestClient, store: Store) -> None:
    from dateline.store.schema import story_merges

    target = store.stories(StoryFilter(limit=1))[0].id
    with store.engine.begin() as conn:  # as the writer records a merge: the old id, the id that absorbed it
        conn.execute(story_merges.insert().values(old_id="story-merged-away", story_id=target))
    moved = client.get("/api/stories/story-merged-away", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == f"/api/stories/{target}"
    assert ok(client.get("/api/stories/story-merged-away"))["id"] == target
    page = client.get("/stories/story-merged-away", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == f"/stories/{target}"


def test_story_errors_have_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/stories/story-none"), 404, "not_found")
    assert_error(client.get("/api/stories", params={"sort": "title"}), 422, "invalid_sort")
    assert_error(client.get("/api/stories", params={"since": "yesterday"}), 422, "invalid_request")
    assert_error(client.get("/api/stories", params={"cursor": "zz"}), 422, "invalid_cursor")
    cursor = ok(client.get("/api/stories", params={"limit": 1}))["next_cursor"]
    assert_error(client.get("/api/stories", params={"cursor": cursor, "sort": "-article_count"}), 422,
                 "invalid_cursor")


def test_stats(client: TestClient, store: Store) -> None:
    stats = ok(client.get("/api/stats"))
    assert stats["totals"]["articles"] == sum(1 for _ in store.iter_articles())
    assert stats["by_language"]["de"] == 1
    assert "database" not in stats and "null" in stats["by_site"]  # the text dumps have no URL


# -- exports -------------------------------------------------------------------------------------


def test_article_exports_parse(client: TestClient, store: Store) -> None:
    total = sum(1 for _ in store.iter_articles())
    jsonl = client.get("/api/export/articles.jsonl")
    assert jsonl.status_code == 200 and jsonl.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert len(rows) == total and all(r["body"] for r in rows)
    assert any(r["places"] for r in rows)  # the enrichment travels with the article
    table = client.get("/api/export/articles.csv", params={"language": "de"})
    assert table.headers["content-type"].startswith("text/csv")
    [german] = list(csv.DictReader(io.StringIO(table.text)))
    assert german["language"] == "de" and "id" in table.text.splitlines()[0].split(",")


def test_event_exports_parse(client: TestClient, store: Store) -> None:
    total = len(store.events(EventFilter(limit=None)))
    rows = [json.loads(line) for line in client.get("/api/export/events.jsonl").text.splitlines()]
    assert len(rows) == total and all(r["mentions"] for r in rows)
    table = list(csv.DictReader(io.StringIO(client.get("/api/export/events.csv").text)))
    assert len(table) == total and {"id", "type", "cameo", "sentence"} <= set(table[0])
    consult = list(csv.DictReader(io.StringIO(client.get("/api/export/events.csv", params={"type": "CONSULT"}).text)))
    assert consult and all(r["type"] == "CONSULT" for r in consult)
    tsv = client.get("/api/export/events.gdelt.tsv")
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    lines = tsv.text.splitlines()
    assert len(lines) == total and all(len(line.split("\t")) == 61 for line in lines)
    header = client.get("/api/export/events.gdelt.tsv", params={"header": "true"}).text.splitlines()[0]
    assert tuple(header.split("\t")) == GDELT_COLUMNS


def test_story_exports_parse(client: TestClient, store: Store) -> None:
    every = store.stories(StoryFilter(limit=None))
    jsonl = client.get("/api/export/stories.jsonl")
    assert jsonl.status_code == 200 and jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert jsonl.headers["content-disposition"] == 'attachment; filename="stories.jsonl"'
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [r["id"] for r in rows] == [s.id for s in every]
    listed = ok(client.get("/api/stories", params={"limit": 500}))["items"]

    def same_times(row: dict[str, Any]) -> dict[str, Any]:
        return {k: datetime.fromisoformat(v) if k.endswith("_published") and v else v for k, v in row.items()}

    assert [same_times(r) for r in rows] == [same_times(r) for r in listed]
    table = list(csv.DictReader(io.StringIO(client.get("/api/export/stories.csv", params={"q": "istanbul"}).text)))
    [istanbul] = table
    assert json.loads(istanbul["outlets"]) and int(istanbul["article_count"]) >= 3
    members = [json.loads(line) for line in client.get("/api/export/story-members.jsonl").text.splitlines()]
    assert sum(s.article_count for s in every) == len(members) == len({m["article_id"] for m in members})
    assert members == list(store.iter_story_memberships())
    flat = list(csv.DictReader(io.StringIO(client.get("/api/export/story-members.csv").text)))
    assert [int(r["article_id"]) for r in flat] == [m["article_id"] for m in members]
    assert set(flat[0]) == {"story_id", "article_id", "url", "source_id", "similarity", "duplicate_group"}


# -- the HTTP envelope ---------------------------------------------------------------------------


def test_security_headers_on_every_response(client: TestClient) -> None:
    for response in (client.get("/api/stats"), client.get("/api/articles/987654"),
                     client.get("/api/export/events.csv"), client.get("/docs"), client.get("/openapi.json")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in client.get("/api/stats").headers["content-security-policy"]


def test_cors_is_off_by_default(client: TestClient) -> None:
    response = client.get("/api/stats", headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_when_origins_are_set(db: str) -> None:
    with TestClient(create_app(Settings(db=db, serve_cors_origins="https://ui.example"))) as other:
        allowed = other.get("/api/stats", headers={"origin": "https://ui.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://ui.example"
        stranger = other.get("/api/stats", headers={"origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in stranger.headers


def test_docs_are_served_from_here(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "://" not in page.text  # no CDN, nothing from another origin
    for asset in ("/docs/swagger/swagger-ui-bundle.js", "/docs/swagger/swagger-ui.css", "/docs/init.js"):
        assert client.get(asset).status_code == 200, asset
    spec = ok(client.get("/openapi.json"))
    assert {"/api/articles", "/api/search", "/api/events", "/api/stories", "/api/stories/{story_id}",
            "/api/ingest/url"} <= set(spec["paths"])
    # Swagger UI 4 reads OpenAPI 3.0: /docs gets the same description told in 3.0 terms.
    told = client.get("/docs/openapi-3.0.json")
    assert told.json()["openapi"] == "3.0.3" and set(told.json()["paths"]) == set(spec["paths"])
    assert '{"type":"null"}' not in told.text.replace(" ", "")


# -- writes, on a store of their own -------------------------------------------------------------


@pytest.fixture(scope="module")
def writable(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             db: str) -> Iterator[TestClient]:
    """A client of an empty store (of the same backend as `db`) that takes writes with TOKEN."""
    backend = "sqlite" if "://" not in db else "postgresql"
    url = _db_url(backend, request, tmp_path_factory.mktemp("writes"))
    settings = Settings(db=url, serve_token=TOKEN, stages="extract", host_delay=0.0, serve_max_body=200_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as opened:
        yield opened


AUTH = {"authorization": f"Bearer {TOKEN}"}


def test_writes_are_off_without_a_token_setting(client: TestClient) -> None:
    page = (EXAMPLES / "wire-reuters.html").read_text(encoding="utf-8")
    assert_error(client.post("/api/ingest/html", json={"html": page}, headers=AUTH), 403, "writes_disabled")


def test_writes_need_the_token(writable: TestClient) -> None:
    page = {"html": (EXAMPLES / "wire-reuters.html").read_text(encoding="utf-8"), "url": "https://example.org/refused"}
    before = ok(writable.get("/api/stats"))["totals"]["pages"]
    refused = writable.post("/api/ingest/html", json=page)
    assert_error(refused, 401, "unauthorized")
    assert refused.headers["www-authenticate"] == "Bearer"
    assert_error(writable.post("/api/ingest/html", json=page, headers={"authorization": "Bearer wrong"}), 401)
    assert ok(writable.get("/api/stats"))["totals"]["pages"] == before


def test_posted_pages_are_ingested_and_listed(writable: TestClient) -> None:
    html = (EXAMPLES / "wire-reuters.html").read_text(encoding="utf-8")
    done = writable.post("/api/ingest/html", json={"html": html}, headers=AUTH)
    assert done.status_code == 201, done.text
    IngestResult.model_validate(done.json())
    article_id = done.json()["article_id"]
    assert done.json()["report"]["articles"] == 1
    listed = ok(writable.get("/api/articles"))["items"]
    assert article_id in [a["id"] for a in listed]
    assert ok(writable.get(f"/api/articles/{article_id}"))["title"].startswith("EU agrees to extend gas storage")
    again = writable.post("/api/ingest/html", json={"html": html}, headers=AUTH)
    assert again.status_code == 200 and again.json()["report"]["unchanged"] == 1
    assert again.json()["article_id"] == article_id

    text = (EXAMPLES / "page-dump-2.txt").read_text(encoding="utf-8")
    dumped = writable.post("/api/ingest/text", json={"text": text, "url": "https://www.kuna.net.kw/a/1"},
                           headers=AUTH)
    assert dumped.status_code == 201, dumped.text
    article = ok(writable.get(f"/api/articles/{dumped.json()['article_id']}"))
    assert article["title"].startswith("Kuwait To Raise Electricity Tariffs")
    found = ok(writable.get("/api/search", params={"q": "electricity tariffs"}))["items"]
    assert [h["article_id"] for h in found] == [article["id"]]


def test_a_posted_url_is_fetched_and_ingested(writable: TestClient, local_server: Any) -> None:
    local_server.route("/news/blog", Reply(body=(EXAMPLES / "blog-wordpress.html").read_bytes()))
    url = local_server.url("/news/blog")
    done = writable.post("/api/ingest/url", json={"url": url}, headers=AUTH)
    assert done.status_code == 201, done.text
    article = ok(writable.get(f"/api/articles/{done.json()['article_id']}"))
    assert article["title"].startswith("Council approves Elm Street bike lanes")
    missing = writable.post("/api/ingest/url", json={"url": local_server.url("/gone")}, headers=AUTH)
    error = assert_error(missing, 422, "ingest_failed")
    assert error["detail"]["report"]["errors"] == 1
    assert_error(writable.post("/api/ingest/url", json={"url": "file:///etc/passwd"}, headers=AUTH), 422,
                 "invalid_request")


def test_bad_bodies_are_refused_with_the_error_shape(writable: TestClient) -> None:
    assert_error(writable.post("/api/ingest/html", json={"page": "x"}, headers=AUTH), 422, "invalid_request")
    assert_error(writable.post("/api/ingest/html", content=b"{not json", headers={**AUTH, "content-type":
                                                                                 "application/json"}), 422)
    too_big = writable.post("/api/ingest/text", json={"text": "word " * 50_000}, headers=AUTH)
    assert_error(too_big, 413, "payload_too_large")
    assert too_big.headers["x-content-type-options"] == "nosniff"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts what arrives
        yield b'{"text": "'
        for _ in range(50):
            yield b"word " * 1000
        yield b'"}'

    assert_error(writable.post("/api/ingest/text", content=chunks(), headers=AUTH), 413, "payload_too_large")


def test_an_internal_error_has_the_error_shape(writable: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(writable.app.state.store, "stats", broken)  # type: ignore[attr-defined]
    response = writable.get("/api/stats")
    error = assert_error(response, 500, "internal_error")
    assert "a bug" not in error["message"]
    assert "default-src 'self'" in response.headers["content-security-policy"]
