"""The fetcher against a local server: robots, redirects, retries, caps, deadlines, conditional GET."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from httpserver import LocalServer, Reply, Seen, fast_fetcher

from dateline.sources.errors import SourceError
from dateline.sources.http import USER_AGENT, FetchError, parse_retry_after

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour bridge reopens</title>
</head><body><article><h1>Harbour bridge reopens</h1><p>The harbour bridge reopened to traffic on Monday
after eight months of repairs, the port authority said.</p></article></body></html>"""
ROBOTS = """User-agent: *
Disallow: /private/

User-agent: grumpybot
Disallow: /
"""


@pytest.fixture
def server(local_server):
    local_server.route("/robots.txt", Reply(body=ROBOTS, content_type="text/plain"))
    local_server.route("/news/bridge", Reply(body=ARTICLE))
    local_server.route("/private/memo", Reply(body=ARTICLE))
    return local_server


# The server stamps a request when its thread has read the headers; on a loaded machine that
# lags the client's send by some milliseconds, so measured gaps may fall short of the delay.
JITTER = 0.06


def test_robots_rules_fetched_once_and_honest_agent(server):
    with fast_fetcher() as fetcher:
        page = fetcher.fetch(server.url("/news/bridge"))
        assert page.status == 200 and b"Harbour bridge" in page.content
        assert page.url == server.url("/news/bridge") and page.source == page.url and page.redirects == []
        with pytest.raises(FetchError, match="disallowed by robots.txt") as info:
            fetcher.fetch(server.url("/private/memo"))
        assert info.value.url == server.url("/private/memo") and isinstance(info.value, SourceError)
        fetcher.fetch(server.url("/news/bridge"))
    assert len(server.hits("/robots.txt")) == 1
    assert server.hits("/private/memo") == []
    assert {r.headers["user-agent"] for r in server.requests} == {USER_AGENT}


def test_configured_agent_is_matched_against_its_own_robots_group(server):
    with fast_fetcher(user_agent="grumpybot/2.0 (+https://example.org/bot)") as fetcher:
        with pytest.raises(FetchError, match="robots.txt"):
            fetcher.fetch(server.url("/news/bridge"))
    assert server.requests[0].headers["user-agent"].startswith("grumpybot/2.0")


def test_robots_unavailable_means_wait(server):
    server.route("/robots.txt", Reply(503))
    with fast_fetcher() as fetcher, pytest.raises(FetchError, match=r"robots.txt unavailable \(HTTP 503\)"):
        fetcher.fetch(server.url("/news/bridge"))


def test_robots_missing_means_allowed(server):
    server.route("/robots.txt", Reply(404))
    with fast_fetcher() as fetcher:
        assert fetcher.fetch(server.url("/private/memo")).status == 200


def test_redirects_followed_and_recorded(server):
    server.route("/old", Reply(301, headers={"Location": "/mid?x=1"}))
    server.route("/mid", Reply(302, headers={"Location": server.url("/news/bridge")}))
    with fast_fetcher() as fetcher:
        page = fetcher.fetch(server.url("/old"))
    assert page.url == server.url("/news/bridge")
    assert page.redirects == [server.url("/old"), server.url("/mid?x=1")]
    assert page.source == server.url("/old")


def test_redirect_loop_and_redirect_into_disallowed_path(server):
    server.route("/a", Reply(302, headers={"Location": "/b"}))
    server.route("/b", Reply(302, headers={"Location": "/a"}))
    server.route("/sneaky", Reply(302, headers={"Location": "/private/memo"}))
    with fast_fetcher() as fetcher:
        with pytest.raises(FetchError, match="redirect loop") as info:
            fetcher.fetch(server.url("/a"))
        assert info.value.url == server.url("/a")
        with pytest.raises(FetchError, match="robots.txt"):
            fetcher.fetch(server.url("/sneaky"))
    assert len(server.hits("/a")) == 2 and server.hits("/private/memo") == []


def test_cookie_redirect_to_itself_is_not_a_loop(server):
    def consent(seen: Seen) -> Reply:
        if "consent=yes" in seen.headers.get("cookie", ""):
            return Reply(body=ARTICLE)
        return Reply(302, headers={"Location": "/gate", "Set-Cookie": "consent=yes; Path=/"})

    server.route("/gate", consent)
    with fast_fetcher() as fetcher:
        page = fetcher.fetch(server.url("/gate"))
    assert page.status == 200 and page.redirects == [server.url("/gate")]


def test_invalid_urls(server):
    server.route("/bad-location", Reply(301, headers={"Location": "http://[broken/"}))
    with fast_fetcher() as fetcher:
        with pytest.raises(FetchError, match="not a valid URL"):
            fetcher.fetch("http:///no-host")
        with pytest.raises(FetchError, match="not a valid URL"):
            fetcher.fetch(server.url("/bad-location"))
        results = list(fetcher.fetch_many(["http://[::1/x", server.url("/news/bridge")]))
    assert sorted(type(r).__name__ for r in results) == ["FetchError", "Page"]


def test_too_many_redirects(server):
    for i in range(5):
        server.route(f"/hop{i}", Reply(307, headers={"Location": f"/hop{i + 1}"}))
    with fast_fetcher(max_redirects=3) as fetcher, pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(server.url("/hop0"))


def test_429_with_retry_after_then_success(server):
    server.route("/busy", Reply(429, headers={"Retry-After": "1"}), Reply(body=ARTICLE))
    with fast_fetcher() as fetcher:
        page = fetcher.fetch(server.url("/busy"))
    first, second = server.hits("/busy")
    assert page.status == 200
    assert second.at - first.at >= 0.95  # Retry-After honoured, not the 0.02 s backoff


def test_retry_after_beyond_the_cap_gives_up_at_once(server):
    server.route("/later", Reply(503, headers={"Retry-After": "3600"}), Reply(body=ARTICLE))
    with fast_fetcher(max_retry_after=30) as fetcher, pytest.raises(FetchError, match="Retry-After 3600 s") as info:
        fetcher.fetch(server.url("/later"))
    assert info.value.status == 503 and len(server.hits("/later")) == 1


def test_503_then_success_with_exponential_backoff(server):
    server.route("/flaky", Reply(503), Reply(502), Reply(body=ARTICLE))
    with fast_fetcher(backoff=0.1) as fetcher:
        assert fetcher.fetch(server.url("/flaky")).status == 200
    times = [r.at for r in server.hits("/flaky")]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.1 - JITTER and times[2] - times[1] >= 0.2 - JITTER  # 0.1, then 0.2


def test_persistent_503_gives_up_naming_the_attempts(server):
    server.route("/down", Reply(503))
    with fast_fetcher(retries=2) as fetcher, pytest.raises(FetchError, match=r"HTTP 503 .*after 3 attempts"):
        fetcher.fetch(server.url("/down"))
    assert len(server.hits("/down")) == 3


def test_404_is_not_retried(server):
    with fast_fetcher() as fetcher, pytest.raises(FetchError, match="HTTP 404") as info:
        fetcher.fetch(server.url("/gone"))
    assert info.value.status == 404 and len(server.hits("/gone")) == 1


def test_connection_refused_fails_at_once_without_retries():
    with LocalServer() as srv:
        url = srv.url("/x")
    with fast_fetcher(retries=3, backoff=5.0, robots=False) as fetcher:
        start = time.monotonic()
        with pytest.raises(FetchError, match="connection refused") as info:
            fetcher.fetch(url)
        assert time.monotonic() - start < 2.0  # no backoff wait of 5 s
    assert "attempts" not in str(info.value)


def test_slow_drip_stops_at_the_deadline(server):
    server.route("/drip", Reply(body=b"<p>" + b"x" * 200, drip=0.05, length=False))
    with fast_fetcher(timeout=1, deadline=1.0) as fetcher:
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"deadline of 1 s passed .*slow response"):
            fetcher.fetch(server.url("/drip"))
        assert time.monotonic() - start < 2.0


def test_slow_drip_of_headers_stops_at_the_deadline(server):
    server.route("/drip-head", Reply(body=ARTICLE, drip=0.05, drip_headers=True))
    with fast_fetcher(timeout=1, deadline=0.8, retries=0) as fetcher:
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"deadline of 0.8 s passed \(slow response\)"):
            fetcher.fetch(server.url("/drip-head"))
        assert time.monotonic() - start < 1.5


def test_stalled_server_hits_the_read_timeout(server):
    server.route("/stall", Reply(body=b"<p>one</p>" * 2, chunk=10, drip=3, length=False))
    with fast_fetcher(timeout=0.3, retries=0) as fetcher, pytest.raises(FetchError, match="read timed out"):
        fetcher.fetch(server.url("/stall"))


def test_huge_response_stops_at_the_cap(server):
    block = b"<p>" + b"filler text " * 5000 + b"</p>"  # 60 kB
    server.route("/huge", Reply(body=block, repeat=200, length=False))  # 12 MB, no Content-Length
    server.route("/announced", Reply(body=block, repeat=200))
    with fast_fetcher(max_bytes=1_000_000) as fetcher:
        with pytest.raises(FetchError, match=r"passed the 1.0 MB cap \(stopped at 1\.\d MB\)"):
            fetcher.fetch(server.url("/huge"))
        with pytest.raises(FetchError, match=r"response is 12.0 MB, over the 1.0 MB cap"):
            fetcher.fetch(server.url("/announced"))


def test_gzip_bomb_counts_decoded_bytes(server):
    bomb = gzip.compress(b" " * 5_000_000)
    server.route("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    with fast_fetcher(max_bytes=1_000_000) as fetcher, pytest.raises(FetchError, match="cap"):
        fetcher.fetch(server.url("/bomb"))


@pytest.mark.parametrize("ctype", ["image/png", "application/pdf"])
def test_wrong_content_type(server, ctype):
    server.route("/file", Reply(body=b"%PDF-1.4 \x00\x01", content_type=ctype))
    with fast_fetcher() as fetcher:
        with pytest.raises(FetchError, match=f"not HTML \\(content-type {ctype}\\)"):
            fetcher.fetch(server.url("/file"))
        assert fetcher.fetch(server.url("/file"), accept="any").status == 200


def test_ambiguous_content_type_is_sniffed(server):
    server.route("/page", Reply(body=ARTICLE, content_type="application/octet-stream"))
    server.route("/blob", Reply(body=b"\x89PNG\r\n\x1a\n\x00\x00\x00", content_type=None))
    with fast_fetcher() as fetcher:
        assert b"Harbour" in fetcher.fetch(server.url("/page")).content
        with pytest.raises(FetchError, match="not HTML .*binary"):
            fetcher.fetch(server.url("/blob"))


def test_conditional_get_304_and_kept_headers(server):
    def conditional(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"' or seen.headers.get("if-modified-since"):
            return Reply(304, content_type=None, headers={"ETag": '"v1"'})
        return Reply(body=ARTICLE, headers={"ETag": '"v1"', "Last-Modified": "Mon, 03 Mar 2025 08:00:00 GMT",
                                            "Content-Language": "en", "Set-Cookie": "id=1"})

    server.route("/cond", conditional)
    with fast_fetcher() as fetcher:
        first = fetcher.fetch(server.url("/cond"))
        assert first.status == 200
        assert first.headers["etag"] == '"v1"' and first.headers["last-modified"].startswith("Mon, 03 Mar")
        assert first.content_type == "text/html; charset=utf-8"
        # The cookie and the server banner are dropped; what describes the content is kept.
        assert {k.lower() for k in first.headers} == {"content-type", "content-length", "content-language", "etag",
                                                      "last-modified", "date"}
        again = fetcher.fetch(server.url("/cond"), etag=first.headers["etag"])
        assert again.status == 304 and again.content == b"" and again.headers["etag"] == '"v1"'
        by_date = fetcher.fetch(server.url("/cond"), last_modified=first.headers["last-modified"])
        assert by_date.status == 304
    sent = server.hits("/cond")
    assert "if-none-match" not in sent[0].headers
    assert sent[1].headers["if-none-match"] == '"v1"'
    assert sent[2].headers["if-modified-since"] == "Mon, 03 Mar 2025 08:00:00 GMT"


def test_rate_limit_spaces_requests_to_one_host(server):
    with fast_fetcher(min_delay=0.25) as fetcher:
        for _ in range(3):
            fetcher.fetch(server.url("/news/bridge"))
    times = [r.at for r in server.hits("/news/bridge")]
    assert all(b - a >= 0.25 - JITTER for a, b in zip(times, times[1:], strict=False))


def test_crawl_delay_from_robots_is_honoured(server):
    server.route("/robots.txt", Reply(body="User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain"))
    with fast_fetcher() as fetcher:
        fetcher.fetch(server.url("/news/bridge"))
        fetcher.fetch(server.url("/news/bridge"))
    first, second = server.hits("/news/bridge")
    assert second.at - first.at >= 0.3 - JITTER


def test_fetch_many_answers_each_url_once_and_overlaps_hosts(server):
    with LocalServer() as other:
        other.route("/story", Reply(body=ARTICLE))
        urls = [server.url("/news/bridge"), server.url("/gone"), server.url("/private/memo"),
                other.url("/story"), other.url("/story?page=2"), other.url("/story?page=3"),
                (server.url("/news/bridge?v=2"), '"etag"', None)]
        start = time.monotonic()
        with fast_fetcher(min_delay=0.2, max_workers=4) as fetcher:
            results = list(fetcher.fetch_many(urls))
        elapsed = time.monotonic() - start
    pages = [r for r in results if not isinstance(r, Exception)]
    errors = [r for r in results if isinstance(r, FetchError)]
    assert len(results) == 7
    assert sorted(p.source for p in pages) == sorted([server.url("/news/bridge"), server.url("/news/bridge?v=2"),
                                                      other.url("/story"), other.url("/story?page=2"),
                                                      other.url("/story?page=3")])
    assert sorted(e.url for e in errors) == sorted([server.url("/gone"), server.url("/private/memo")])
    # Hosts run side by side (the second host's pages come while the first host's are still
    # being fetched) but each host sees its requests min_delay apart.
    mine = sorted(r.at for r in server.requests if r.path != "/robots.txt")
    theirs = sorted(r.at for r in other.requests if r.path != "/robots.txt")
    assert theirs[0] < mine[-1] and mine[0] < theirs[-1]
    assert all(b - a >= 0.2 - JITTER for a, b in zip(mine, mine[1:], strict=False)), [round(b - a, 3) for a, b in zip(mine, mine[1:], strict=False)]
    assert all(b - a >= 0.2 - JITTER for a, b in zip(theirs, theirs[1:], strict=False)), [round(b - a, 3) for a, b in zip(theirs, theirs[1:], strict=False)]
    assert elapsed < 3
    assert server.hits("/news/bridge?v=2")[0].headers["if-none-match"] == '"etag"'


def test_fetch_many_reads_its_input_lazily(server):
    taken = []

    def urls():
        for i in range(100):
            taken.append(i)
            yield server.url(f"/news/bridge?n={i}")

    with fast_fetcher() as fetcher:
        results = fetcher.fetch_many(urls(), read_ahead=5)
        next(results)
        assert len(taken) <= 7
        results.close()


def test_fetch_each_keeps_the_work_item(server):
    from dateline.sources.refs import PageRef

    refs = [PageRef(server.url("/news/bridge"), source="https://feeds.example/rss"),
            PageRef(server.url("/private/memo"), source="https://feeds.example/atom")]
    with fast_fetcher() as fetcher:
        pairs = dict((ref.source, result) for ref, result in fetcher.fetch_each(refs, key=lambda r: r.url))
    assert pairs["https://feeds.example/rss"].status == 200
    assert isinstance(pairs["https://feeds.example/atom"], FetchError)


def test_retry_after_as_http_date():
    now = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert parse_retry_after("120") == 120
    assert parse_retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_only_http_urls(server):
    with fast_fetcher() as fetcher, pytest.raises(FetchError, match="only http and https"):
        fetcher.fetch("ftp://127.0.0.1/file.html")
