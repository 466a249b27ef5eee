"""Ingest from the network: a feed on a local server, resume without refetching, conditional GET, --since."""

from __future__ import annotations

import pytest
from httpserver import Reply, Seen
from ingest_pages import page_variant

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.store import open_store

FAST = Settings(stages="extract", host_delay=0.0, fetch_timeout=5.0, batch_size=2)


def _rss(base: str) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}/news/{i}</link>"
        f"<pubDate>{day} Jul 2025 08:00:00 +0000</pubDate></item>"
        for i, day in ((1, "Mon, 14"), (2, "Sun, 13"), (3, "Tue, 01"))
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Meridian</title>{items}</channel></rss>'


def _conditional(i: int):
    """A page that answers 304 to a request carrying its ETag."""

    def reply(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == f'"v{i}"':
            return Reply(304, b"", content_type=None, headers={"ETag": f'"v{i}"'})
        return Reply(body=page_variant(i), headers={"ETag": f'"v{i}"'})

    return reply


@pytest.fixture
def site(local_server):
    local_server.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    local_server.route("/feed.xml", Reply(body=_rss(local_server.base), content_type="application/rss+xml"))
    for i in (1, 2, 3):
        local_server.route(f"/news/{i}", _conditional(i))
    return local_server


def test_feed_ingest_resumes_without_refetching_and_refreshes_conditionally(site, tmp_path):
    db = str(tmp_path / "news.db")
    first = ingest([site.url("/feed.xml")], db, settings=FAST)
    assert first.articles == 3 and first.errors == 0
    assert all(len(site.hits(f"/news/{i}")) == 1 for i in (1, 2, 3))

    again = ingest([site.url("/feed.xml")], db, settings=FAST)
    assert again.articles == 0 and again.unchanged == 3
    assert all(len(site.hits(f"/news/{i}")) == 1 for i in (1, 2, 3)), "stored URLs are not fetched again"

    refreshed = ingest([site.url("/feed.xml")], db, settings=FAST, refresh=True)
    assert refreshed.unchanged == 3 and refreshed.articles == 0
    assert all(site.hits(f"/news/{i}")[-1].headers.get("if-none-match") == f'"v{i}"' for i in (1, 2, 3))
    with open_store(db) as store:
        assert store.stats().totals.articles == 3
        page = store.known_url(site.url("/news/1"))
    assert page is not None and page.etag == '"v1"' and page.status == 200


def test_since_skips_old_feed_items(site, tmp_path):
    from datetime import UTC, datetime

    report = ingest([site.url("/feed.xml")], str(tmp_path / "news.db"), settings=FAST,
                    since=datetime(2025, 7, 10, tzinfo=UTC))
    assert report.articles == 2
    assert not site.hits("/news/3")


def test_url_list_with_failures_keeps_going(site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today's links\n{site.url('/news/1')}\n{site.url('/private/memo')}\n"
                       f"{site.url('/gone')}\nnot a url\n{site.url('/news/2')}\n")
    db = str(tmp_path / "news.db")
    report = ingest([str(listing)], db, settings=FAST)
    assert report.articles == 2 and report.errors == 3
    with open_store(db) as store:
        reasons = " | ".join(row.reason for row in store.errors(limit=10))
    assert "robots.txt" in reasons and "404" in reasons and "not an http(s) URL" in reasons
