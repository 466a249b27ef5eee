"""The store against real databases: SQLite files in tmp_path and the PostgreSQL server of
DATELINE_TEST_PG (conftest's pg_database: a fresh database per test run; one schema per test)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import address, migrate, pg_schema_url

from dateline import __version__, extract
from dateline.model import Article, Dateline, Failure, Page, Paragraph
from dateline.store import ArticleFilter, BatchCounts, ErrorRow, Processed, Store, StoreBusy, StoreError
from dateline.urls import normalise_url

ROOT = Path(__file__).resolve().parent.parent


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.close()


# -- realistic inputs --------------------------------------------------------------------------

FERRY_BODY = [
    "Ferry crews in Port Alder walked off the job at dawn on Tuesday, stranding hundreds of commuters "
    "on both sides of the sound as talks over rotating shifts collapsed overnight.",
    "The Harbour Workers Union said the strike would last 48 hours unless the operator, Sound Lines, "
    "withdrew a plan to cut crew numbers on the night crossings.",
    "“We have asked for one thing: safe crews on every sailing,” said union secretary Mara Quill. "
    "Sound Lines said it regretted the disruption and remained open to talks.",
    "Commuters queued for the single replacement bus service, which the council said would run every "
    "forty minutes until the dispute ends.",
]

LIBRARY_BODY = [
    "The city's central library will stay open until midnight during the exam season, the council "
    "announced on Monday after a petition signed by more than four thousand students.",
    "Extra staff will be funded from the arts budget for six weeks, a spokesperson said, and the "
    "reading rooms on the second floor will be reserved for silent study.",
]

MARKT_BODY = [
    "Der Wochenmarkt am Rathausplatz zieht nach der Sanierung wieder mehr Besucher an, teilte die "
    "Stadtverwaltung am Freitag mit. Händler berichten von vollen Ständen und längeren Öffnungszeiten.",
    "Künftig soll der Markt auch donnerstags stattfinden, sagte Bürgermeisterin Ilse Brandt. "
    "Die Änderung gilt ab dem ersten März.",
]


def make_html(title: str, paragraphs: list[str], published: str, author: str, canonical: str | None = None) -> str:
    canon = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Times</title>
{canon}<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1><p class="byline">By {author}</p><time datetime="{published}">{published[:10]}</time>
{body}</article><footer>© Harbour Times</footer></body></html>"""


def make_article(
    url: str | None,
    title: str,
    paragraphs: list[str],
    published: str | None = "2026-03-03T07:15:00+01:00",
    language: str = "en",
    canonical: str | None = None,
) -> Article:
    paras = [Paragraph(text=p) for p in paragraphs]
    return Article(
        is_article=True,
        url=url,
        canonical_url=canonical,
        title=title,
        authors=["Mara Quill"] if "Ferry" in title else ["Tom Reyes", "Ana Lind"],
        published=published,
        language=language,
        site_name="Harbour Times",
        dateline=Dateline(place="PORT ALDER", text="PORT ALDER —"),
        lede=paragraphs[0],
        paragraphs=paras,
        body="\n\n".join(paragraphs),
        tags=["transport", "labour"],
        evidence={"title": "og:title", "published": "meta article:published_time"},
    )


def page_for(url: str | None, html: str, source: str = "crawl", **kw: object) -> Page:
    return Page(content=html.encode("utf-8"), url=url, source=source, fetched_at="2026-03-03T09:00:00+00:00",
                status=200, headers={"Content-Type": "text/html; charset=utf-8", "Set-Cookie": "sid=1",
                                     "ETag": '"abc123"', "Last-Modified": "Tue, 03 Mar 2026 08:00:00 GMT"}, **kw)


def ferry(url: str = "https://www.harbourtimes.com/news/ferry-strike", html_extra: str = "") -> Processed:
    html = make_html("Ferry crews strike over night shifts", FERRY_BODY, "2026-03-03T07:15:00+01:00", "Mara Quill")
    return Processed(page_for(url, html + html_extra), make_article(url, "Ferry crews strike over night shifts",
                                                                    FERRY_BODY))


def library(url: str = "https://www.harbourtimes.com/city/library-hours") -> Processed:
    html = make_html("Library to stay open until midnight", LIBRARY_BODY, "2026-03-02", "Tom Reyes")
    return Processed(page_for(url, html), make_article(url, "Library to stay open until midnight", LIBRARY_BODY,
                                                       published="2026-03-02"))


def markt(url: str = "https://stadtbote.de/lokales/wochenmarkt") -> Processed:
    html = make_html("Wochenmarkt wächst wieder", MARKT_BODY, "2026-02-27T10:00:00+01:00", "Ilse Brandt")
    return Processed(page_for(url, html), make_article(url, "Wochenmarkt wächst wieder", MARKT_BODY,
                                                       published="2026-02-27T10:00:00+01:00", language="de"))


def front_page() -> Processed:
    html = "<html><body><h2><a href='/news/ferry-strike'>Ferry strike</a></h2><h2>Weather</h2></body></html>"
    page = page_for("https://www.harbourtimes.com/", html)
    return Processed(page, Article(is_article=False, reason="a list of links (front page)"))


# -- writing and reading back ------------------------------------------------------------------


def rederived(item: Processed, article: Article) -> Processed:
    """A stored page (from iter_stored_pages) with a new extraction, as reprocess hands it to the store."""
    return Processed(item.page, article, page_id=item.page_id, versions={"extract": __version__})


def test_write_batch_stores_pages_articles_and_provenance(store: Store) -> None:
    items = [ferry(), library(), markt(), front_page()]
    counts = store.write_batch(items)
    assert counts == BatchCounts(pages_added=4, articles_added=3, non_articles=1)

    stats = store.stats()
    assert stats.totals.pages == 4
    assert stats.totals.articles == 3
    assert stats.totals.non_articles == 1
    assert stats.by_site == {"harbourtimes.com": 2, "stadtbote.de": 1}
    assert stats.by_language == {"en": 2, "de": 1}
    assert stats.by_day == {"2026-02-27": 1, "2026-03-02": 1, "2026-03-03": 1}

    rows = {r.title: r for r in store.iter_articles(full=True)}
    ferry_row = rows["Ferry crews strike over night shifts"]
    assert ferry_row.url == "https://www.harbourtimes.com/news/ferry-strike"
    assert ferry_row.authors == ["Mara Quill"]
    assert ferry_row.published_at.isoformat() == "2026-03-03T06:15:00+00:00"
    assert ferry_row.word_count == sum(len(p.split()) for p in FERRY_BODY)
    # The whole Article comes back as it went in.
    assert ferry_row.article == items[0].article
    assert store.get_article(ferry_row.id) == items[0].article

    # Raw pages come back byte for byte, with their provenance; only headers that matter are kept.
    raw = {item.page_id: item.page for item in store.iter_stored_pages(batch_size=2)}
    assert len(raw) == 4
    first = next(p for p in raw.values() if p.url == items[0].page.url)
    assert first.content == items[0].page.content
    assert first.content_hash == items[0].page.content_hash
    assert first.status == 200 and first.source == "crawl"
    assert first.fetched_at == "2026-03-03T09:00:00+00:00"
    assert first.headers == {"content-type": "text/html; charset=utf-8", "etag": '"abc123"',
                             "last-modified": "Tue, 03 Mar 2026 08:00:00 GMT"}


def test_extracted_page_round_trip(store: Store) -> None:
    url = "https://www.harbourtimes.com/news/ferry-strike"
    html = make_html("Ferry crews strike over night shifts", FERRY_BODY, "2026-03-03T07:15:00+01:00", "Mara Quill")
    article = extract(html, url=url)
    assert article.is_article
    store.write_batch([Processed(page_for(url, html), article)])
    (row,) = store.iter_articles(full=True)
    assert row.article == article
    assert row.title == article.title and row.published == article.published


def test_raw_pages_are_compressed_and_text_pages_stay_text(store: Store, db_url: str) -> None:
    html = make_html("Ferry crews strike over night shifts", FERRY_BODY * 20, "2026-03-03", "Mara Quill")
    text_page = Page(content=html, url="https://www.harbourtimes.com/print/ferry", source="dump.txt")
    store.write_batch([Processed(text_page, None)])
    totals = store.stats().totals
    assert totals.stored_bytes < totals.raw_bytes / 3
    (item,) = store.iter_stored_pages()
    page = item.page
    assert page.content == html and isinstance(page.content, str)


def test_same_url_and_content_adds_nothing(store: Store) -> None:
    first = store.write_batch([ferry(), library(), front_page()])
    again = store.write_batch([ferry(), library(), front_page()])
    assert first.pages_added == 3
    assert again == BatchCounts(skipped=3)
    # Tracking parameters and case make no new URL.
    variant = ferry("HTTPS://WWW.HarbourTimes.com/news/ferry-strike?utm_source=newsletter&fbclid=x#top")
    assert store.write_batch([variant]) == BatchCounts(skipped=1)
    # A repeat inside one batch is skipped too.
    assert store.write_batch([markt(), markt()]).skipped == 1
    assert store.stats().totals.pages == 4

    item = ferry()
    assert store.known_page(item.page.url, item.page.content_hash)
    assert store.known_page("https://www.harbourtimes.com/news/ferry-strike?utm_medium=x", item.page.content_hash)
    assert not store.known_page(item.page.url, "0" * 64)
    assert store.known_pages([(item.page.url, item.page.content_hash), ("https://x.example/", "1" * 64)]) == [True, False]
    version = store.known_url("https://www.harbourtimes.com/news/ferry-strike#comments")
    assert version is not None
    assert version.etag == '"abc123"' and version.last_modified == "Tue, 03 Mar 2026 08:00:00 GMT"
    assert version.kind == "article" and version.content_hash == item.page.content_hash
    assert store.known_url("https://www.harbourtimes.com/never-seen") is None


def test_same_content_at_several_urls_is_one_article(store: Store) -> None:
    # The same bytes at another URL (a mirror), and the same body in different markup (AMP copy).
    mirror = ferry("https://mirror.example.net/harbourtimes/ferry-strike")
    amp = ferry("https://amp.harbourtimes.com/news/ferry-strike", html_extra="<!-- amp analytics -->")
    counts = store.write_batch([ferry(), mirror])
    assert counts == BatchCounts(pages_added=2, articles_added=1, duplicates=1)
    counts = store.write_batch([amp])
    assert counts == BatchCounts(pages_added=1, duplicates=1)
    (row,) = store.iter_articles()
    assert store.article_urls(row.id) == [
        "https://amp.harbourtimes.com/news/ferry-strike",
        "https://mirror.example.net/harbourtimes/ferry-strike",
        "https://www.harbourtimes.com/news/ferry-strike",
    ]
    assert store.stats().totals.pages == 3


def test_redirects_and_canonical_urls_are_recorded(store: Store) -> None:
    item = ferry()
    item.page.redirects = ["http://harbourtimes.com/s/ab12"]
    item.article.canonical_url = "https://www.harbourtimes.com/news/ferry-strike?utm_source=rss"
    store.write_batch([item])
    (row,) = store.iter_articles()
    assert row.canonical_url == "https://www.harbourtimes.com/news/ferry-strike"
    assert "http://harbourtimes.com/s/ab12" in store.article_urls(row.id)
    # The short link as requested leads to the stored version (resume before fetching).
    assert store.known_url("http://harbourtimes.com/s/ab12").page_id is not None
    assert store.known_page("http://harbourtimes.com/s/ab12", item.page.content_hash)


def test_a_canonical_link_joins_pages_only_when_their_headlines_agree(store: Store) -> None:
    # A template that gives every story the same canonical link must not merge two stories.
    template_default = "https://www.harbourtimes.com/news/latest"
    first, second = ferry(), library()
    first.article.canonical_url = second.article.canonical_url = template_default
    counts = store.write_batch([first])
    assert store.write_batch([second]).articles_added == 1
    assert counts.articles_added == 1 and store.stats().totals.articles == 2
    # An AMP copy with a reworded body, the same headline plus the site's name, and a canonical
    # link to the story is the same article: one more version, at another URL. The version at
    # the story's own URL keeps what the article shows.
    amp = ferry("https://amp.harbourtimes.com/news/ferry-strike")
    amp.article.title += " | Harbour Times"
    amp.article.body = amp.article.body.replace("strike", "walkout")
    amp.article.canonical_url = first.page.url
    assert store.write_batch([amp]) == BatchCounts(pages_added=1)
    assert store.stats().totals.articles == 2
    ferry_row = next(r for r in store.iter_articles() if r.title.startswith("Ferry"))
    assert ferry_row.url == first.page.url and "walkout" not in ferry_row.body
    assert "https://amp.harbourtimes.com/news/ferry-strike" in store.article_urls(ferry_row.id)


def test_new_content_at_a_known_url_updates_the_article(store: Store) -> None:
    store.write_batch([ferry()])
    (before,) = store.iter_articles()
    updated = ferry(html_extra="<p>Update</p>")
    updated.article.body += "\n\nUpdate, 14:00: talks will resume on Wednesday morning, the union said."
    updated.article.paragraphs.append(Paragraph("Update, 14:00: talks will resume on Wednesday morning, the union said."))
    counts = store.write_batch([updated])
    assert counts == BatchCounts(pages_added=1, articles_updated=1)
    (after,) = store.iter_articles()
    assert after.id == before.id
    assert after.body.endswith("the union said.")
    assert store.stats().totals.pages == 2  # both versions of the page are kept
    assert store.known_url(updated.page.url).content_hash == updated.page.content_hash
    # Asked for many URLs at once, each gets its latest version (or nothing).
    versions = store.known_urls([updated.page.url, "https://www.harbourtimes.com/never-seen"])
    assert list(versions) == [normalise_url(updated.page.url)]
    assert versions[normalise_url(updated.page.url)].content_hash == updated.page.content_hash


def test_every_failure_is_a_row(store: Store) -> None:
    broken = Processed(page_for("https://www.harbourtimes.com/broken", "<html><body>\x00\x00"),
                       failure=Failure("extract", "time_limit", "gave up after the time limit of 5 s"))
    counts = store.write_batch([broken, ferry()])
    assert counts.errors == 1 and counts.articles_added == 1
    store.record_errors([
        ErrorRow("feeds.txt", "https://www.harbourtimes.com/feed.xml", "fetch", "HTTP 503 after 3 tries"),
        ErrorRow("crawl", "https://www.harbourtimes.com/private", "robots", "disallowed by robots.txt"),
    ])
    rows = store.errors(limit=10)
    assert [r.stage for r in rows] == ["robots", "fetch", "extract"]
    assert rows[2].url == "https://www.harbourtimes.com/broken" and rows[2].page_id is not None
    assert rows[2].code == "time_limit" and rows[2].reason == "gave up after the time limit of 5 s"
    assert rows[0].dateline_version and rows[0].at is not None and rows[0].at.tzinfo is not None
    assert store.errors(limit=1)[0].reason == "disallowed by robots.txt"
    stats = store.stats()
    assert stats.errors_by_reason["HTTP 503 after 3 tries"] == 1
    assert stats.totals.errors == 3 and stats.totals.failed_pages == 1
    # The failed page is kept: a newer version can retry it without fetching.
    assert store.known_page(broken.page.url, broken.page.content_hash)


def test_pages_without_url_are_keyed_by_source(store: Store) -> None:
    html = make_html("Library to stay open until midnight", LIBRARY_BODY, "2026-03-02", "Tom Reyes")
    item = Processed(Page(content=html.encode(), source="/data/saved/library.html"),
                     make_article(None, "Library to stay open until midnight", LIBRARY_BODY))
    assert store.write_batch([item]).articles_added == 1
    assert store.write_batch([item]).skipped == 1
    assert store.known_page(None, item.page.content_hash, source="/data/saved/library.html")
    assert store.known_pages([(None, item.page.content_hash)]) == [True]
    assert store.known_pages([(None, item.page.content_hash, "/data/saved/library.html"),
                              (None, item.page.content_hash, "/data/saved/copy.html")]) == [True, False]


# -- search --------------------------------------------------------------------------------------


def test_search_ranks_highlights_and_filters(store: Store) -> None:
    store.write_batch([ferry(), library(), markt()])
    hits = store.search("ferry strike")
    assert [h.title for h in hits] == ["Ferry crews strike over night shifts"]
    assert "<mark>" in hits[0].snippet and hits[0].site == "harbourtimes.com"

    # Title matches rank above body-only matches.
    hits = store.search("library OR commuters")
    assert [h.title for h in hits][0] == "Library to stay open until midnight"
    assert len(hits) == 2

    # Other languages and accents: the German article is found by its own words.
    assert [h.language for h in store.search("Bürgermeisterin")] == ["de"]
    assert store.search("wochenmarkt", ArticleFilter(lang="de"))[0].title == "Wochenmarkt wächst wieder"
    assert store.search("wochenmarkt", ArticleFilter(lang="en")) == []
    # A word only in the title still gives a highlighted snippet.
    assert "<mark>wächst</mark>" in store.search("wächst")[0].snippet

    # Filters: site (and subdomains), days, times.
    assert len(store.search("the", ArticleFilter(site="harbourtimes.com"))) == 2
    assert len(store.search("the", ArticleFilter(site="https://www.harbourtimes.com/"))) == 2
    assert [h.title for h in store.search("the", ArticleFilter(since="2026-03-03"))] == ["Ferry crews strike over night shifts"]
    assert [h.title for h in store.search("the", ArticleFilter(until="2026-03-02"))] == ["Library to stay open until midnight"]
    assert len(store.search("the", ArticleFilter(since="2026-03-03T00:00:00Z", until="2026-03-03T23:59:59Z"))) == 1

    # A phrase and an exclusion.
    assert len(store.search('"replacement bus"')) == 1
    assert store.search('"bus replacement"') == []
    assert [h.title for h in store.search("the -library")] == ["Ferry crews strike over night shifts"]

    # Punctuation never breaks the query syntax.
    for odd in ('"unbalanced', "C++ (", "OR", "ferry AND", "-", "*", "n'est-ce pas?", "a:b", ""):
        store.search(odd)


def test_headlines_agree_when_most_words_are_shared() -> None:
    from dateline.store.identity import same_headline as _same_headline

    assert _same_headline("Ferry crews strike over night shifts", "Ferry crews strike over night shifts | Harbour Times")
    assert _same_headline("Ferry crews strike over night shifts", "Ferry crews strike over rotating night shifts")
    assert not _same_headline("Storm hits the coast", "Storm hits the city")
    assert not _same_headline("Police: man arrested", "Police: woman arrested")
    assert _same_headline("Mill to close in spring", "Mill to close in spring - The Elmsford Valley Post")
    assert _same_headline("Police: man arrested", "Police: man arrested after stabbing in Elmsford")
    assert _same_headline("台北捷運新路線明年通車", "台北捷運新路線明年通車 | 中央社 CNA")
    # Scripts without spaces are compared by pairs of characters.
    assert _same_headline("台北捷運新路線明年通車", "台北捷運新路線將於明年通車")
    assert not _same_headline("台北捷運新路線明年通車", "高雄港貨櫃量創新高")
    assert _same_headline(None, "Anything")


def test_search_in_scripts_written_without_spaces(store: Store) -> None:
    tokyo = ["東京都は十四日、首都直下地震に備えた新しい防災計画を発表した。避難所の数を二割増やす。",
             "計画では、防災倉庫の備蓄を三日分から七日分に増やすとしている。", "（Tokyo Metropolitan Government の発表）"]
    taipei = ["台北市政府今天宣布，捷運新路線將於明年通車，沿線將設立十二個車站。"]
    items = [
        Processed(page_for(f"https://news.example.jp/{n}", f"<p>{n}</p>"),
                  make_article(f"https://news.example.jp/{n}", title, paras, language=lang))
        for n, title, paras, lang in [("bousai", "東京都、新たな防災計画", tokyo, "ja"),
                                      ("mrt", "台北捷運新路線明年通車", taipei, "zh")]
    ]
    store.write_batch(items + [ferry()])
    hits = store.search("防災")
    assert [h.title for h in hits] == ["東京都、新たな防災計画"]
    assert "<mark>防災</mark>" in hits[0].snippet and hits[0].score >= 12  # once in the title, twice in the body
    assert [h.title for h in store.search("捷運 車站")] == ["台北捷運新路線明年通車"]
    assert store.search("捷運 防災") == []  # every term must occur
    assert store.search("防災 -避難所") == []
    assert [h.title for h in store.search('"新しい防災計画"', ArticleFilter(lang="ja"))] == ["東京都、新たな防災計画"]
    assert store.search("防災", ArticleFilter(lang="zh")) == []
    # Latin letters match without regard to case, on both backends; a term of punctuation alone asks nothing.
    assert [h.title for h in store.search("TOKYO metropolitan 防災")] == ["東京都、新たな防災計画"]
    assert [h.title for h in store.search("防災 ・")] == ["東京都、新たな防災計画"]


def test_search_follows_updates_and_limit(store: Store) -> None:
    store.write_batch([ferry(f"https://www.harbourtimes.com/news/ferry-{i}") for i in range(1)] + [library()])
    updated = library()
    updated.page = page_for(updated.page.url, "<html>new markup</html>")
    updated.article.title = "Library hours extended for exams"
    updated.article.body = updated.article.body.replace("midnight", "two in the morning")
    store.write_batch([updated])
    assert store.search("midnight") == []
    assert [h.title for h in store.search("exams")] == ["Library hours extended for exams"]
    assert len(store.search("the", limit=1)) == 1


# -- reprocess -------------------------------------------------------------------------------------


def test_reprocess_replaces_articles_in_place(store: Store) -> None:
    store.write_batch([ferry(), library(), front_page()])
    ids = {r.title: r.id for r in store.iter_articles()}
    assert store.count_stored_pages() == 3
    assert store.count_stored_pages("extract", outdated_version=__version__) == 0
    assert store.count_stored_pages("extract", outdated_version="0.0.1") == 3

    redone = []
    for item in store.iter_stored_pages(batch_size=2):
        page = item.page
        if "ferry" in (page.url or ""):
            article = make_article(page.url, "Ferry crews strike over night shifts (updated)", FERRY_BODY)
        elif "library" in (page.url or ""):
            article = Article(is_article=False, reason="too short")
        else:
            article = Article(is_article=False, reason="a list of links (front page)")
        redone.append(rederived(item, article))
    counts = store.write_batch(redone)
    assert counts == BatchCounts(articles_updated=1, non_articles=2)
    rows = list(store.iter_articles())
    # The ferry article keeps its id (later stages refer to it); the library one is gone.
    assert [(r.id, r.title) for r in rows] == [
        (ids["Ferry crews strike over night shifts"], "Ferry crews strike over night shifts (updated)")
    ]
    assert store.search("midnight") == []
    assert store.stats().totals.pages == 3


# -- concurrency -----------------------------------------------------------------------------------


def test_sqlite_busy_database_says_so(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    Store.open(str(path)).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    store = Store.open(str(path), busy_timeout=0.3)
    try:
        with pytest.raises(StoreBusy) as info:
            store.write_batch([ferry()])
        assert str(info.value) == f"database {path} is busy: another dateline process is writing to it"
        # Reading still works while someone writes (WAL).
        assert store.stats().totals.pages == 0
        holder.execute("ROLLBACK")
        assert store.write_batch([ferry()]).articles_added == 1
    finally:
        holder.close()
        store.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


WRITER = textwrap.dedent(
    """
    import sys
    from dateline.model import Article, Page
    from dateline.store import Processed, Store
    name, db = sys.argv[1], sys.argv[2]
    store = Store.open(db)
    body = "Council members met on Thursday to discuss the harbour budget for next year. " * 4
    for b in range(15):
        items = []
        for i in range(20):
            url = f"https://{name}.example.org/story/{b}-{i}"
            items.append(Processed(Page(content=f"<p>{url}</p>".encode(), url=url),
                                   Article(is_article=True, url=url, title=f"Story {name} {b} {i}", body=body + url)))
        store.write_batch(items)
    store.close()
    """
)


def test_switching_to_wal_waits_for_a_reader_then_gives_up_clearly(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "old.db"
    legacy = sqlite3.connect(path, isolation_level=None, check_same_thread=False)  # rollback-journal mode
    legacy.execute("CREATE TABLE notes (text TEXT)")
    legacy.execute("INSERT INTO notes VALUES ('kept')")
    # A reader's lock forbids the switch to WAL; SQLite answers "locked" at once, and we wait.
    legacy.execute("BEGIN")
    legacy.execute("SELECT * FROM notes").fetchall()
    threading.Timer(0.5, legacy.execute, ["COMMIT"]).start()
    with Store.open(str(path), busy_timeout=5) as store:
        assert store.current_revision() is not None
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    other = tmp_path / "held.db"
    holder = sqlite3.connect(other, isolation_level=None)
    holder.execute("CREATE TABLE notes (text TEXT)")
    holder.execute("BEGIN")
    holder.execute("SELECT * FROM notes").fetchall()
    with pytest.raises(StoreBusy, match="is busy"):
        Store.open(str(other), busy_timeout=0.3)
    holder.execute("COMMIT")
    legacy.close()
    holder.close()


def test_two_writers_at_once_both_succeed(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")  # created by whichever writer comes first
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, name, db], env=env, stderr=subprocess.PIPE)
             for name in ("alpha", "beta")]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    with Store.open(db) as store:
        totals = store.stats().totals
    assert totals.pages == 600 and totals.articles == 600


# -- schema and opening ----------------------------------------------------------------------------


def test_migrations_match_the_schema(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from dateline.store.schema import POSTGRESQL_ONLY_INDEXES, metadata
    from dateline.store.store import HEAD_REVISION, MIGRATIONS_DIR

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        # Search structures and PostgreSQL's latest-first indexes are made by the migrations only (see schema.py).
        return not ((name or "").startswith("articles_fts")
                    or name in ("search_tsv", "ix_articles_search_tsv", *POSTGRESQL_ONLY_INDEXES))

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": True})
        assert compare_metadata(ctx, metadata) == []
        assert ctx.get_current_revision() == HEAD_REVISION
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION == store.current_revision()
    # Opening again finds the schema current and changes nothing.
    Store.open(address(store)).close()


def test_a_store_of_an_older_revision_is_migrated_on_open_and_keeps_its_data(store: Store) -> None:
    from sqlalchemy import text

    from dateline.store.store import HEAD_REVISION

    store.write_batch([ferry(), library()])
    migrate(store, "0001")  # back to the first revision, as an older dateline left it
    assert store.current_revision() == "0001"
    with Store.open(address(store)) as reopened:
        assert reopened.current_revision() == HEAD_REVISION
        assert reopened.stats().totals.articles == 2
        assert [h.title for h in reopened.search("ferry")] == ["Ferry crews strike over night shifts"]
        if reopened.dialect == "postgresql":
            # Our zstd-compressed pages are not compressed by the server again.
            with reopened.engine.connect() as conn:
                storage = conn.execute(text(
                    "SELECT attstorage FROM pg_attribute WHERE attrelid = 'contents'::regclass AND attname = 'data'"
                )).scalar_one()
            assert storage == "e"


def test_open_reports_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "missing" / "news.db"))
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(str(tmp_path))
    with pytest.raises(StoreError, match="unsupported"):
        Store.open("mysql://localhost/news")
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2")


def test_default_database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Store.open(None) as store:
        store.write_batch([library()])
    assert (tmp_path / "dateline.db").exists()


def test_zlib_is_not_what_we_store(store: Store) -> None:
    # Guard against silently storing uncompressed or differently compressed data.
    store.write_batch([ferry()])
    with store.engine.connect() as conn:
        data = conn.exec_driver_sql("SELECT data FROM contents").scalar_one()
    assert bytes(data[:4]) == b"\x28\xb5\x2f\xfd"  # zstd frame magic
    with pytest.raises(zlib.error):
        zlib.decompress(bytes(data))


def test_reprocess_merges_articles_that_turn_out_equal(store: Store) -> None:
    # Version 1 kept a "Read more" teaser in one copy; version 2 strips it, and the copies meet.
    plain = ferry()
    teaser = ferry("https://syndication.example.net/ferry")
    teaser.article.body += "\n\nRead more: Port Alder's ferry timetable"
    teaser.article.paragraphs.append(Paragraph("Read more: Port Alder's ferry timetable"))
    store.write_batch([plain, Processed(page_for(teaser.page.url, "<html>syndicated copy</html>"), teaser.article)])
    assert store.stats().totals.articles == 2
    (keep_id,) = [r.id for r in store.iter_articles() if not r.body.endswith("timetable")]

    redone = [rederived(item, make_article(item.page.url, "Ferry crews strike over night shifts", FERRY_BODY))
              for item in store.iter_stored_pages()]
    counts = store.write_batch(redone)
    assert counts.duplicates == 1
    (row,) = store.iter_articles()
    assert row.id == keep_id
    assert "https://syndication.example.net/ferry" in store.article_urls(keep_id)


def test_dirty_text_is_stored_on_both_backends(store: Store) -> None:
    # Garbage bytes decoded leniently can carry NULs and lone surrogates; PostgreSQL refuses NUL.
    item = library("https://www.harbourtimes.com/city/garbled")
    item.article.title = "Library\x00 hours \udcff update"
    item.article.body = item.article.body.replace("midnight", "mid\x00night")
    item.article.paragraphs = [Paragraph(p) for p in item.article.body.split("\n\n")]
    item.page.given = {"text": "raw\x00 text"}
    bad = Processed(page_for("https://www.harbourtimes.com/bad", "<p>x</p>"),
                    failure=Failure("decode", "not_a_page", "decode failed at \x00"))
    counts = store.write_batch([item, bad])
    assert counts.articles_added == 1 and counts.errors == 1
    (row,) = store.iter_articles(full=True)
    assert row.title == "Library hours \ufffd update"
    assert row.article is not None
    assert "midnight" in row.body and row.article.body == row.body
    assert store.search("midnight")[0].article_id == row.id
    assert store.errors()[0].reason == "decode failed at "


def test_database_from_a_newer_dateline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042'")
    with pytest.raises(StoreError, match="schema revision 0042.*newer dateline"):
        Store.open(str(path))


def _fts_consistent(path: Path | str) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # FTS5 compares its index with the articles table (external content) and raises if they differ.
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")


def test_fts_index_follows_updates_and_deletes(tmp_path: Path) -> None:
    path = tmp_path / "fts.db"
    with Store.open(str(path)) as store:
        store.write_batch([ferry(), library(), markt()])
        updated = ferry(html_extra="<p>v2</p>")
        updated.article.title = "Ferry strike called off"
        store.write_batch([updated])
        redone = [rederived(item, Article(is_article=False, reason="too short"))
                  for item in store.iter_stored_pages() if "library" in (item.page.url or "")]
        store.write_batch(redone)
        assert [h.title for h in store.search("ferry")] == ["Ferry strike called off"]
        assert store.search("library") == []
    _fts_consistent(path)


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from dateline.model import Article, Page
    from dateline.store import Processed, Store
    store = Store.open(sys.argv[1])
    body = "The tide gauge at the outer breakwater recorded its highest level in a decade on Sunday. " * 3
    b = 0
    while True:
        items = [Processed(Page(content=f"<p>{b}-{i}</p>".encode(), url=f"https://tides.example.org/{b}/{i}"),
                           Article(is_article=True, url=f"https://tides.example.org/{b}/{i}",
                                   title=f"Tide report {b}-{i}", body=body + f"{b}-{i}"))
                 for i in range(20)]
        store.write_batch(items)
        b += 1
        print(b, flush=True)
    """
)


def test_killed_writer_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:  # wait for a few committed batches, then kill -9 mid-run
            if int(line) >= 5:
                break
        proc.kill()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with Store.open(str(path)) as store:
        totals = store.stats().totals
        assert totals.articles >= 100 and totals.articles % 20 == 0  # whole batches only
        assert totals.pages == totals.articles == totals.urls
        assert len(store.search("breakwater", limit=1000)) == totals.articles
    _fts_consistent(path)


def test_a_failure_seen_again_is_counted_on_its_row(store: Store) -> None:
    dead = "https://www.harbourtimes.com/news/removed-story"
    for _ in range(3):  # three runs, the same dead link each time
        store.record_errors([ErrorRow("links.txt", dead, "fetch", f"{dead}: HTTP 404 Not Found", code="http_404")])
    store.record_errors([ErrorRow("links.txt", dead + "-2", "fetch", f"{dead}-2: HTTP 404 Not Found")])
    rows = store.errors(limit=10)
    assert [(r.url, r.count) for r in rows] == [(dead + "-2", 1), (dead, 3)]
    first = rows[1]
    assert first.reason == "HTTP 404 Not Found" and first.code == "http_404"
    assert first.last_seen is not None and first.at is not None and first.last_seen >= first.at
    # Reasons without their URL group by what went wrong.
    assert store.stats().errors_by_reason == {"HTTP 404 Not Found": 2}
