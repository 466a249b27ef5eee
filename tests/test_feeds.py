"""Feeds (RSS 0.91/1.0/2.0, Atom), URL lists and `discover` over a local server and local files."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime

import pytest
from httpserver import Reply, fast_fetcher

from dateline.model import Page
from dateline.sources.discover import discover, discover_file
from dateline.sources.errors import SourceError
from dateline.sources.feeds import feed_links, parse_feed
from dateline.sources.refs import PageRef
from dateline.sources.urllist import iter_url_lines, read_url_list

RSS2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Valley Post — Politics</title><link>https://valleypost.example/politics</link>
<description>Latest politics</description>
<item><title>Assembly passes budget after eleven-hour debate</title>
  <link>https://valleypost.example/politics/budget-passes</link>
  <guid isPermaLink="false">vp-20250304-1</guid>
  <pubDate>Tue, 04 Mar 2025 18:20:00 +0100</pubDate></item>
<item><title>Bus routes &amp; rural services: what changes</title>
  <link>/politics/bus-routes</link>
  <pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate></item>
<item><title>Mayor opens winter market</title>
  <guid isPermaLink="true">https://valleypost.example/city/winter-market</guid>
  <pubDate>Fri, 06 Dec 2024 11:00:00 GMT</pubDate></item>
<item><title>Undated notice</title><link>https://valleypost.example/notices/roadworks</link></item>
<item><title>Duplicate of the budget story</title><link>https://valleypost.example/politics/budget-passes</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Gazette</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-03-05T10:00:00Z</updated>
  <entry><title type="html">Bridge &lt;em&gt;reopens&lt;/em&gt; to traffic</title>
    <link rel="alternate" type="text/html" href="https://harbourgazette.example/2025/03/bridge-reopens"/>
    <link rel="enclosure" href="https://harbourgazette.example/media/bridge.jpg"/>
    <id>tag:harbourgazette.example,2025:bridge</id>
    <published>2025-03-03T07:30:00+01:00</published><updated>2025-03-05T09:00:00Z</updated></entry>
  <entry><title>Ferry timetable changes</title>
    <link href="https://harbourgazette.example/2025/02/ferry"/>
    <id>tag:harbourgazette.example,2025:ferry</id><updated>2025-02-20T12:00:00Z</updated></entry>
</feed>"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://northern.example/rss"><title>Northern Courier</title>
    <link>https://northern.example/</link><description>News</description>
    <items><rdf:Seq><rdf:li resource="https://northern.example/news/mill-closes"/></rdf:Seq></items></channel>
  <item rdf:about="https://northern.example/news/mill-closes"><title>Paper mill to close in June</title>
    <link>https://northern.example/news/mill-closes</link><dc:date>2025-03-01T16:00:00Z</dc:date></item>
</rdf:RDF>"""

RSS091 = """<?xml version="1.0"?>
<rss version="0.91"><channel><title>Old Town Crier</title><link>http://oldtown.example/</link>
<description>Local news</description><language>en-gb</language>
<item><title>Clock tower restored</title><link>http://oldtown.example/news/clock-tower.html</link>
<description>The clock tower chimes again.</description></item>
</channel></rss>"""

HOME = """<!doctype html><html><head><title>Valley Post</title>
<link rel="alternate" type="application/rss+xml" title="Politics" href="/feeds/politics.xml">
<link rel="stylesheet" href="/style.css"></head><body><h1>Valley Post</h1></body></html>"""


def refs(items):
    return [i for i in items if isinstance(i, PageRef)]


def test_rss2_items_dates_titles_and_relative_links():
    items = list(parse_feed(RSS2.encode(), "https://valleypost.example/feeds/politics.xml"))
    assert all(isinstance(i, PageRef) for i in items)
    assert [i.url for i in items] == [
        "https://valleypost.example/politics/budget-passes",
        "https://valleypost.example/politics/bus-routes",
        "https://valleypost.example/city/winter-market",
        "https://valleypost.example/notices/roadworks",
    ]
    budget = items[0]
    assert budget.source == "https://valleypost.example/feeds/politics.xml"
    assert budget.lastmod == "2025-03-04T17:20:00+00:00"
    assert budget.title == "Assembly passes budget after eleven-hour debate"
    assert items[1].title == "Bus routes & rural services: what changes"
    assert items[3].lastmod is None


def test_since_skips_old_items_and_keeps_undated():
    since = datetime(2025, 3, 1, tzinfo=UTC)
    urls = [r.url for r in parse_feed(RSS2.encode(), "https://valleypost.example/feeds/politics.xml", since=since)]
    assert "https://valleypost.example/city/winter-market" not in urls
    assert "https://valleypost.example/notices/roadworks" in urls and len(urls) == 3


def test_atom_uses_alternate_link_and_latest_date():
    items = list(parse_feed(ATOM.encode(), "https://harbourgazette.example/atom.xml",
                            since=datetime(2025, 3, 4)))  # naive since = UTC
    assert len(items) == 1  # the ferry story (updated 20 Feb) is older than since
    bridge = items[0]
    assert bridge.url == "https://harbourgazette.example/2025/03/bridge-reopens"
    assert bridge.lastmod == "2025-03-05T09:00:00+00:00"  # updated beats published
    assert bridge.title == "Bridge reopens to traffic"


def test_rss1_and_rss091():
    (mill,) = parse_feed(RSS1.encode(), "https://northern.example/rss")
    assert mill.url == "https://northern.example/news/mill-closes" and mill.lastmod.startswith("2025-03-01T16:00")
    (clock,) = parse_feed(RSS091.encode(), "http://oldtown.example/rss.xml")
    assert clock.url == "http://oldtown.example/news/clock-tower.html" and clock.lastmod is None


def test_garbage_is_a_source_error():
    (err,) = parse_feed(b"\x89PNG\r\n\x1a\n\x00\x00", "https://x.example/feed")
    assert isinstance(err, SourceError) and "not a readable feed" in str(err)


def test_url_list_lines(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("\ufeff# morning run\nhttps://valleypost.example/politics/budget-passes\n\n"
                    "  https://harbourgazette.example/2025/03/bridge-reopens#comments   # with a fragment\r\n"
                    "ftp://files.example/x\nnot a url\n")
    items = list(read_url_list(str(path)))
    assert [i.url for i in items if isinstance(i, PageRef)] == [
        "https://valleypost.example/politics/budget-passes",
        "https://harbourgazette.example/2025/03/bridge-reopens#comments",
    ]
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    assert errors == [f"{path}:5: not an http(s) URL: 'ftp://files.example/x'",
                      f"{path}:6: not an http(s) URL: 'not a url'"]
    assert all(i.source == str(path) for i in items if isinstance(i, PageRef))
    (missing,) = read_url_list(str(tmp_path / "nope.txt"))
    assert "no such file" in str(missing)
    assert list(iter_url_lines(["   ", "# only comments"], "x")) == []


def test_feed_links_found_in_html():
    assert feed_links(HOME.encode(), "https://valleypost.example/") == ["https://valleypost.example/feeds/politics.xml"]


@pytest.fixture
def site(local_server):
    srv = local_server
    srv.route("/robots.txt", Reply(body=f"User-agent: *\nDisallow: /private/\nSitemap: {srv.url('/sitemap.xml')}\n",
                                   content_type="text/plain"))
    srv.route("/feeds/politics.xml", Reply(body=RSS2.replace("https://valleypost.example", srv.base),
                                           content_type="application/rss+xml"))
    srv.route("/atom", Reply(body=ATOM, content_type="application/atom+xml"))
    srv.route("/feed.gz", Reply(body=gzip.compress(ATOM.encode()), content_type="application/gzip"))
    srv.route("/", Reply(body=HOME))
    srv.route("/sitemap.xml", Reply(body=f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{srv.url('/a')}</loc></url></urlset>""",
                                    content_type="application/xml"))
    srv.route("/private/feed", Reply(body=ATOM, content_type="application/atom+xml"))
    srv.route("/logo.png", Reply(body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"))
    return srv


def test_discover_reads_feeds_by_content(site):
    with fast_fetcher() as f:
        rss = list(discover(site.url("/feeds/politics.xml"), f))
        atom = list(discover(site.url("/feed.gz"), f, since=datetime(2025, 3, 1, tzinfo=UTC)))
    assert [r.url for r in rss][:2] == [site.url("/politics/budget-passes"), site.url("/politics/bus-routes")]
    assert all(r.source == site.url("/feeds/politics.xml") for r in rss)
    assert [r.url for r in atom] == ["https://harbourgazette.example/2025/03/bridge-reopens"]


def test_discover_html_page_and_feed_autodiscovery(site):
    with fast_fetcher() as f:
        (page,) = discover(site.url("/"), f)
        followed = list(discover(site.url("/"), f, follow_feed_links=True))
    assert isinstance(page, Page) and page.status == 200 and b"Valley Post" in page.content
    assert len(refs(followed)) == 4 and refs(followed)[0].source == site.url("/feeds/politics.xml")
    assert len(site.hits("/")) == 2 and len(site.hits("/robots.txt")) == 1


def test_discover_robots_txt_walks_its_sitemaps(site):
    with fast_fetcher() as f:
        items = list(discover(site.url("/robots.txt"), f))
    assert items == [PageRef(url=site.url("/a"), source=site.url("/sitemap.xml"))]


def test_discover_failures_are_yielded(site):
    with fast_fetcher() as f:
        (denied,) = discover(site.url("/private/feed"), f)
        (image,) = discover(site.url("/logo.png"), f)
        assert "(content-type image/png)" in str(image)
        (gone,) = discover(site.url("/gone.xml"), f)
    assert "robots.txt" in str(denied)
    assert "not a feed, sitemap, URL list or HTML page" in str(image)
    assert "HTTP 404" in str(gone)


def test_discover_local_files(tmp_path):
    (tmp_path / "feed.xml").write_text(ATOM)
    (tmp_path / "urls.txt").write_text("https://a.example/1\nhttps://a.example/2\n")
    (tmp_path / "page.html").write_text(HOME)
    assert len(refs(discover(str(tmp_path / "feed.xml"), None))) == 2
    assert [r.url for r in discover(str(tmp_path / "urls.txt"), None)] == ["https://a.example/1", "https://a.example/2"]
    (page,) = discover(str(tmp_path / "page.html"), None)
    assert isinstance(page, Page) and page.source == str(tmp_path / "page.html")
    (missing,) = discover(str(tmp_path / "missing.xml"), None)
    assert isinstance(missing, SourceError)


def test_discover_file_says_none_for_pages(tmp_path):
    (tmp_path / "feed.rss").write_text(RSS2)
    (tmp_path / "urls.txt").write_text("# list\nhttps://a.example/1\n")
    (tmp_path / "page.html").write_text(HOME)
    (tmp_path / "notes.txt").write_text("Call the desk at 9.\n")
    (tmp_path / "empty.txt").write_text("")
    listed = refs(discover_file(str(tmp_path / "feed.rss")))
    assert len(listed) == 4 and listed[1].url == "https://valleypost.example/politics/bus-routes"
    assert [r.url for r in discover_file(str(tmp_path / "urls.txt"))] == ["https://a.example/1"]
    for name in ("page.html", "notes.txt", "empty.txt", "missing.txt"):
        assert discover_file(str(tmp_path / name)) is None


def test_discover_file_fetches_index_children_only_when_needed(site, tmp_path):
    made = []

    def make():
        made.append(1)
        return fast_fetcher()

    index = tmp_path / "index.xml"
    index.write_text(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                     f'<sitemap><loc>{site.url("/sitemap.xml")}</loc></sitemap></sitemapindex>')
    plain = tmp_path / "plain.xml"
    plain.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/1</loc>'
                     '</url></urlset>')
    assert [r.url for r in discover_file(str(plain), fetcher=make)] == ["https://a.example/1"] and not made
    assert [r.url for r in discover_file(str(index), fetcher=make)] == [site.url("/a")] and made


def _big_feed(n: int) -> bytes:
    items = "".join(
        f"<item><title>Council story {i} &amp; reactions</title><link>https://valleypost.example/news/{i}</link>"
        f"<guid isPermaLink=\"false\">vp-{i}</guid><pubDate>Tue, 04 Mar 2025 18:{i % 60:02d}:00 +0100</pubDate>"
        f"<description>What the council decided in session {i}, and what residents said.</description></item>\n"
        for i in range(n))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Valley Post</title>'
            f"<link>https://valleypost.example/</link>{items}</channel></rss>").encode()


def test_a_feed_of_100000_items_yields_its_first_item_at_once():
    data = _big_feed(100_000)
    start = time.monotonic()
    items = parse_feed(data, "https://valleypost.example/rss.xml")
    first = next(items)
    assert time.monotonic() - start < 1.0  # a whole-feed parse took 40-90 s before the first item
    assert first.url == "https://valleypost.example/news/0" and first.title == "Council story 0 & reactions"
    assert first.lastmod == "2025-03-04T17:00:00+00:00"
    second = next(items)
    assert second.url == "https://valleypost.example/news/1"


def test_local_feed_file_resolves_relative_links_against_its_site():
    feed = RSS2.replace("https://valleypost.example/politics/budget-passes", "/politics/budget-passes")
    urls = [r.url for r in refs(parse_feed(feed.encode(), "feeds/politics.xml"))]
    assert urls[0] == "https://valleypost.example/politics/budget-passes"
    atom = ATOM.replace('<title>Harbour Gazette</title>',
                        '<title>Harbour Gazette</title><link rel="alternate" href="https://harbourgazette.example/"/>')
    atom = atom.replace("https://harbourgazette.example/2025/02/ferry", "/2025/02/ferry")
    urls = [r.url for r in refs(parse_feed(atom.encode(), "atom.xml"))]
    assert urls == ["https://harbourgazette.example/2025/03/bridge-reopens", "https://harbourgazette.example/2025/02/ferry"]


def test_a_feed_that_is_not_well_formed_is_still_read():
    # An HTML entity XML does not know and an unescaped ampersand: feedparser's lenient reading.
    broken = RSS2.replace("Mayor opens winter market", "Mayor&nbsp;opens winter market & fair")
    items = refs(parse_feed(broken.encode(), "https://valleypost.example/feeds/politics.xml"))
    assert [i.url for i in items] == [
        "https://valleypost.example/politics/budget-passes",
        "https://valleypost.example/politics/bus-routes",
        "https://valleypost.example/city/winter-market",
        "https://valleypost.example/notices/roadworks",
    ]
    assert items[0].lastmod == "2025-03-04T17:20:00+00:00"
