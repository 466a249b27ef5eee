"""The response cache of `dateline serve` (dateline/serve/cache.py) on SQLite and PostgreSQL: a
cached page or API answer changes as soon as another connection or another process commits, a
matching If-None-Match gets 304, memory stays within its bound, and pages with relative times
are rendered again when those times would read otherwise."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, pg_schema_url
from fastapi.testclient import TestClient
from ingest_pages import write_pages

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.serve import create_app
from dateline.serve.cache import FRESH_UNTIL, Entry, ResponseCache, etag_matches
from dateline.serve.humanize import _changes_at, relative_time

EXTRACT = Settings(stages="extract", write_process=False)
TOKEN = "cache-test-token"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store of three example articles (extraction only)."""
    url = str(tmp_path / "cache.db") if request.param == "sqlite" else pg_schema_url(
        request.getfixturevalue("pg_database"))
    report = ingest([str(p) for p in write_pages(tmp_path / "first", 3)], url, settings=EXTRACT)
    assert report.articles == 3
    return url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db, serve_token=TOKEN, stages="extract"))) as opened:
        yield opened


def titles(client: TestClient) -> list[str]:
    answer = client.get("/api/articles", params={"limit": 50, "sort": "id"})
    assert answer.status_code == 200
    return [item["title"] for item in answer.json()["items"]]


def hold_data_version(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the data version still for a test that counts hits: on PostgreSQL it is the cluster's,
    and the other test workers' writes to their own databases change it (a miss, never a stale answer)."""
    versions = client.app.state.data_version  # type: ignore[attr-defined]
    held = versions.current()
    monkeypatch.setattr(versions, "current", lambda: held)


def test_a_repeated_read_is_answered_from_the_cache(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    hold_data_version(client, monkeypatch)
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    first = client.get("/api/articles?limit=5")
    hits = cache.hits
    second = client.get("/api/articles?limit=5")
    assert cache.hits == hits + 1
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert second.headers["cache-control"] == "no-cache"
    assert "content-security-policy" in second.headers  # the outer middlewares still run on a hit
    page = client.get("/")
    assert page.status_code == 200 and FRESH_UNTIL not in page.headers  # the page's expiry stays inside


def test_another_connections_commit_shows_at_once(client: TestClient, db: str, tmp_path: Path) -> None:
    before_api, before_page = titles(client), client.get("/").text
    assert titles(client) == before_api  # now cached
    ingest([str(p) for p in write_pages(tmp_path / "more", 1, start=40)], db, settings=EXTRACT)  # its own engine
    after = titles(client)
    assert len(after) == len(before_api) + 1
    new_title = next(t for t in after if t not in before_api)
    assert new_title not in before_page and new_title in client.get("/").text


def test_another_processs_commit_shows_at_once(client: TestClient, db: str, tmp_path: Path) -> None:
    before = titles(client)
    page = write_pages(tmp_path / "other", 1, start=77)[0]
    done = subprocess.run([sys.executable, "-m", "dateline", "ingest", str(page), "--db", db, "--stages", "extract",
                           "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    after = titles(client)
    assert len(after) == len(before) + 1 and any("77" in t for t in after if t not in before)


def test_matching_etag_gets_304_until_the_data_changes(client: TestClient, db: str, tmp_path: Path) -> None:
    first = client.get("/api/stats")
    etag = first.headers["etag"]
    again = client.get("/api/stats", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/api/stats", headers={"if-none-match": f'W/{etag}, "other"'}).status_code == 304
    assert client.get("/api/stats", headers={"if-none-match": '"other"'}).status_code == 200
    ingest([str(p) for p in write_pages(tmp_path / "more", 1, start=50)], db, settings=EXTRACT)
    changed = client.get("/api/stats", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["totals"]["articles"] == first.json()["totals"]["articles"] + 1


def test_the_servers_own_write_endpoint_empties_the_cache(client: TestClient, tmp_path: Path) -> None:
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    before = titles(client)
    assert len(cache) > 0
    html = write_pages(tmp_path / "posted", 1, start=90)[0].read_text(encoding="utf-8")
    posted = client.post("/api/ingest/html", json={"html": html, "url": "https://example.org/posted-90"},
                         headers={"authorization": f"Bearer {TOKEN}"})
    assert posted.status_code == 201, posted.text
    assert len(cache) == 0
    assert len(titles(client)) == len(before) + 1


def test_memory_stays_within_the_bound(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    hold_data_version(client, monkeypatch)
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    cache.clear()
    cache.max_bytes = 40_000
    for limit in range(1, 40):
        assert client.get(f"/api/articles?limit={limit}").status_code == 200
        assert cache.size <= cache.max_bytes
    assert 0 < len(cache) < 39 and "/api/articles?limit=1" not in cache._entries  # the oldest made room
    hits = cache.hits
    client.get("/api/articles?limit=39")  # the latest is kept
    assert cache.hits == hits + 1


def test_what_is_not_cached(client: TestClient) -> None:
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    cache.clear()
    assert "etag" not in client.get("/api/export/articles.jsonl").headers  # streamed exports
    assert "etag" not in client.get("/api/articles/999999").headers  # errors
    client.get("/api/articles?limit=2", headers={"authorization": "Bearer whoever"})  # anything with credentials
    assert len(cache) == 0


def test_cache_off(db: str) -> None:
    with TestClient(create_app(Settings(db=db, serve_cache_mb=0))) as client:
        assert client.app.state.response_cache is None  # type: ignore[attr-defined]
        answer = client.get("/api/articles?limit=2")
        assert answer.status_code == 200 and "etag" not in answer.headers
        assert FRESH_UNTIL not in client.get("/").headers


def test_serve_has_a_no_cache_flag(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("serve", "--help")
    assert "--no-cache" in result.stdout


def test_relative_times_are_rendered_again_when_they_would_read_otherwise() -> None:
    when = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)
    for offset in (5, 59, 60, 61, 125, 3599, 3600, 7300, 86399, 86400, 6 * 86400 + 5, 20 * 86400, 29 * 86400,
                   40 * 86400, 364 * 86400, 800 * 86400, -30, -61, -3 * 86400 - 7, -45 * 86400):
        now = when + timedelta(seconds=offset)
        change = _changes_at(when, offset)
        assert change > now, offset
        text = relative_time(when, now)
        assert relative_time(when, change - timedelta(microseconds=1)) == text, offset
        assert relative_time(when, change + timedelta(seconds=1)) != text, offset


def test_a_page_is_a_miss_once_its_times_have_moved(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    hold_data_version(client, monkeypatch)
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    client.get("/")
    entry = cache._entries["/?"]
    assert entry.fresh_until is not None and entry.fresh_until <= datetime.now(UTC).timestamp() + 60
    # (its minute may end between two requests of the test: hold it still first)
    entry.fresh_until = datetime.now(UTC).timestamp() + 3600
    hits = cache.hits
    client.get("/")
    assert cache.hits == hits + 1
    entry.fresh_until = datetime.now(UTC).timestamp() - 1  # as if its minute had passed
    client.get("/")
    assert cache.hits == hits + 1


def test_lru_by_bytes_and_etag_matching() -> None:
    cache = ResponseCache(max_bytes=3000)

    def entry(version: int, size: int) -> Entry:
        return Entry(version, 200, [], b"x" * size, b'"e"', None, size)

    assert cache.put("a", entry(1, 300)) and cache.put("b", entry(1, 300))
    assert not cache.put("huge", entry(1, 2000))  # over an eighth of the cache: never kept
    assert cache.get("a", 1, 0.0) is not None  # a is now the most recently used
    for n in range(9):
        cache.put(f"k{n}", entry(1, 300))
    assert cache.size <= 3000 and cache.get("b", 1, 0.0) is None and cache.get("k8", 1, 0.0) is not None
    assert cache.get("k8", 2, 0.0) is None and "k8" not in cache._entries  # another version: gone
    assert etag_matches(b'"x", W/"e"', b'"e"') and etag_matches(b"*", b'"e"') and not etag_matches(b'"x"', b'"e"')
