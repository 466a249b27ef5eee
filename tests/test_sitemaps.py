"""Sitemaps: an index with a news sitemap and a gzipped urlset, lastmod and since, cycles, depth."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from httpserver import Reply, fast_fetcher

from dateline.sources.discover import discover
from dateline.sources.errors import SourceError
from dateline.sources.refs import PageRef
from dateline.sources.sitemaps import gunzip, iter_sitemap, parse_sitemap, sniff

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
IMAGE_NS = 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'


def index(base: str, *children: tuple[str, str | None]) -> str:
    entries = "".join(f"<sitemap><loc>{base}{path}</loc>" + (f"<lastmod>{mod}</lastmod>" if mod else "")
                      + "</sitemap>" for path, mod in children)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {NS}>{entries}</sitemapindex>'


def news_sitemap(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {NS} {NEWS_NS} {IMAGE_NS}>
  <url><loc>{base}/2025/03/04/budget-passes</loc>
    <image:image><image:loc>{base}/img/assembly.jpg</image:loc><image:title>The chamber</image:title></image:image>
    <news:news><news:publication><news:name>Valley Post</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-03-04T18:20:00+01:00</news:publication_date>
      <news:title>Assembly passes budget after eleven-hour debate</news:title></news:news></url>
  <url><loc>{base}/2025/03/05/bus-routes</loc><lastmod>2025-03-05T08:00:00Z</lastmod>
    <news:news><news:publication><news:name>Valley Post</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-03-05T07:45:00Z</news:publication_date>
      <news:title>Bus routes &amp; rural services: what changes</news:title></news:news></url>
</urlset>"""


def urlset(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {NS}>
  <url><loc>{base}/2024/11/harvest-festival</loc><lastmod>2024-11-02</lastmod></url>
  <url><loc>{base}/2025/03/01/mill-closes</loc><lastmod>2025-03-01</lastmod><changefreq>never</changefreq></url>
  <url><loc>{base}/about</loc></url>
  <url><loc>mailto:desk@valleypost.example</loc></url>
</urlset>"""


@pytest.fixture
def site(local_server):
    srv = local_server
    base = srv.base
    srv.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    srv.route("/sitemap_index.xml", Reply(body=index(base, ("/news-sitemap.xml", "2025-03-05T08:00:00Z"),
                                                      ("/sitemap-pages.xml.gz", "2025-03-01"),
                                                      ("/sitemap-2023.xml", "2023-12-31"),
                                                      ("/sitemap_index.xml", None),  # lists itself
                                                      ("/private/sitemap.xml", None)),
                                          content_type="application/xml"))
    srv.route("/news-sitemap.xml", Reply(body=news_sitemap(base), content_type="application/xml"))
    srv.route("/sitemap-pages.xml.gz", Reply(body=gzip.compress(urlset(base).encode()),
                                             content_type="application/x-gzip"))
    srv.route("/sitemap-2023.xml", Reply(body=f'<urlset {NS}><url><loc>{base}/2023/06/old-story</loc>'
                                              '<lastmod>2023-06-01</lastmod></url></urlset>',
                                         content_type="application/xml"))
    return srv


def test_index_with_news_and_gzipped_urlset(site):
    with fast_fetcher() as f:
        items = list(iter_sitemap(site.url("/sitemap_index.xml"), f))
    refs = [i for i in items if isinstance(i, PageRef)]
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    base = site.base
    assert [r.url for r in refs] == [
        f"{base}/2025/03/04/budget-passes", f"{base}/2025/03/05/bus-routes",
        f"{base}/2024/11/harvest-festival", f"{base}/2025/03/01/mill-closes", f"{base}/about",
        f"{base}/2023/06/old-story",
    ]
    budget, bus = refs[0], refs[1]
    assert budget.source == site.url("/news-sitemap.xml")
    assert budget.lastmod == "2025-03-04T18:20:00+01:00"  # news:publication_date
    assert budget.title == "Assembly passes budget after eleven-hour debate"
    assert bus.lastmod == "2025-03-05T08:00:00+00:00" and bus.title == "Bus routes & rural services: what changes"
    assert refs[2].source == site.url("/sitemap-pages.xml.gz") and refs[2].lastmod == "2024-11-02"
    assert refs[4].lastmod is None and refs[4].title is None
    assert errors == [f"{site.url('/private/sitemap.xml')}: disallowed by robots.txt"]
    assert len(site.hits("/sitemap_index.xml")) == 1  # the self-reference was not followed


def test_since_skips_old_children_unfetched_and_old_urls(site):
    since = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    with fast_fetcher() as f:
        items = list(iter_sitemap(site.url("/sitemap_index.xml"), f, since=since))
    urls = [i.url.removeprefix(site.base) for i in items if isinstance(i, PageRef)]
    # mill-closes is dated 2025-03-01 (a whole day): same day as since, so kept; undated /about kept.
    assert urls == ["/2025/03/04/budget-passes", "/2025/03/05/bus-routes", "/2025/03/01/mill-closes", "/about"]
    assert site.hits("/sitemap-2023.xml") == []  # its lastmod says nothing in it changed since


def test_cycle_between_indexes_and_depth_cap(site):
    site.route("/a.xml", Reply(body=index(site.base, ("/b.xml", None)), content_type="text/xml"))
    site.route("/b.xml", Reply(body=index(site.base, ("/a.xml", None), ("/c.xml", None)), content_type="text/xml"))
    site.route("/c.xml", Reply(body=index(site.base, ("/news-sitemap.xml", None)), content_type="text/xml"))
    with fast_fetcher() as f:
        items = list(iter_sitemap(site.url("/a.xml"), f))
        shallow = list(iter_sitemap(site.url("/a.xml"), f, max_depth=1))
    assert len([i for i in items if isinstance(i, PageRef)]) == 2
    assert len(site.hits("/a.xml")) == 2 and len(site.hits("/b.xml")) == 2  # once per walk
    assert [str(i) for i in shallow] == [f"{site.url('/c.xml')}: sitemap index nested deeper than 1 levels, "
                                         "not followed"]


def test_discover_tells_sitemap_from_feed(site):
    with fast_fetcher() as f:
        items = list(discover(site.url("/sitemap-pages.xml.gz"), f))
    assert len([i for i in items if isinstance(i, PageRef)]) == 3


def test_local_sitemap_file_without_fetcher(tmp_path):
    path = tmp_path / "sitemap.xml.gz"
    path.write_bytes(gzip.compress(index("https://valleypost.example", ("/news.xml", None)).encode()))
    (err,) = discover(str(path), None)
    assert "no fetcher" in str(err)
    local = tmp_path / "news.xml"
    local.write_text(news_sitemap("https://valleypost.example"))
    items = list(discover(str(local), None))
    assert [i.url for i in items] == ["https://valleypost.example/2025/03/04/budget-passes",
                                      "https://valleypost.example/2025/03/05/bus-routes"]


def test_broken_markup_keeps_what_came_before():
    text = urlset("https://v.example").replace("</urlset>", "<url><loc>https://v.example/x?a=1&b=2</loc></url>")
    urls = [ref.url for _, ref in parse_sitemap(text.encode(), "https://v.example/sitemap.xml")]
    assert urls[:3] == ["https://v.example/2024/11/harvest-festival", "https://v.example/2025/03/01/mill-closes",
                        "https://v.example/about"]


def test_sniff_and_gzip_bomb():
    assert sniff(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated -->\n<urlset>') == "sitemap"
    assert sniff(b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'>") == "feed"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- not <html> --><feed>') == "feed"
    assert sniff(b"User-agent: *\nSitemap: https://v.example/s.xml\n") == "robots"
    assert sniff(b"https://v.example/1\n# c\nhttps://v.example/2\n") == "urllist"
    assert sniff(b"%PDF-1.4\n\x00") == "unknown"
    with pytest.raises(SourceError, match="decompressed"):
        gunzip(gzip.compress(b"<" * 3_000_000), "bomb.xml.gz", max_bytes=1_000_000)


def test_w3c_dates_and_since():
    from datetime import date

    from dateline.sources.refs import is_older, latest, parse_w3c_date

    assert parse_w3c_date("2025-03-04") == date(2025, 3, 4)
    assert parse_w3c_date("2025-03") == date(2025, 3, 1)
    assert parse_w3c_date("2025-03-04T18:20+01:00").isoformat() == "2025-03-04T18:20:00+01:00"
    assert parse_w3c_date("2025-03-04T17:20:00Z").tzinfo is not None
    assert parse_w3c_date("2025-03-04 17:20:00").isoformat() == "2025-03-04T17:20:00+00:00"  # naive → UTC
    assert parse_w3c_date("last Tuesday") is None and parse_w3c_date("") is None
    since = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
    assert not is_older(parse_w3c_date("2025-03-04"), since)  # the same day is kept
    assert is_older(parse_w3c_date("2025-03-03"), since)
    assert is_older(parse_w3c_date("2025-03-04T12:59:00+02:00"), since)  # 10:59 UTC
    assert not is_older(None, since) and not is_older(parse_w3c_date("2020-01-01"), None)
    assert latest(date(2025, 3, 4), parse_w3c_date("2025-03-04T08:00Z")).isoformat() == "2025-03-04T08:00:00+00:00"
