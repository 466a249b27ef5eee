"""A later copy never makes an article worse: the same story from a WARC, a saved file, a mirror
host, a corpus row or dateline's own export adds a version, and the article's fields are chosen
from all of them by evidence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.model import Article, Page
from dateline.pipeline import process
from dateline.reprocess import reprocess
from dateline.sources import read_file
from dateline.store import Store
from dateline.store.schema import articles
from dateline.store.versions import Version, choose

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STORY_URL = "https://www.harbourtimes.com/world/europe/eu-agrees-extend-gas-storage-rules-2025-03-12/"
HTML = (EXAMPLES / "wire-reuters.html").read_bytes()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "versions.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(url) as opened:
        yield opened


def fetched() -> Page:
    """The story as a crawler or a WARC has it: the publisher's URL, HTTP status and headers."""
    return Page(content=HTML, url=STORY_URL, source="crawl.warc.gz", status=200,
                fetched_at="2025-03-12T10:00:00+00:00", headers={"Content-Type": "text/html; charset=utf-8"})


def corpus_row(body: str, **fields: str) -> Page:
    """A JSON Lines corpus row with only a title and the text (and what else is given)."""
    given = {"title": "EU agrees to extend gas storage rules", "text": body, **fields}
    return Page(content=json.dumps(given), source="corpus.jsonl", url=fields.get("url"), given=given)


def store_pages(store: Store, *pages: Page) -> None:
    for page in pages:
        store.write_batch([process(page)])


def the_article(store: Store):
    (row,) = store.iter_articles(full=True)
    return row


def test_a_saved_file_of_a_fetched_page_erases_nothing(store: Store) -> None:
    store_pages(store, fetched())
    before = the_article(store)
    assert before.url == STORY_URL and before.agency == "Reuters" and before.article.images
    saved = read_file(EXAMPLES / "wire-reuters.html")  # the same bytes, from disk: no URL
    counts = store.write_batch([process(saved)])
    assert counts.articles_updated == 0
    after = the_article(store)
    assert (after.url, after.canonical_url, after.agency) == (before.url, before.canonical_url, before.agency)
    assert after.article.images == before.article.images


def test_a_text_only_corpus_row_fills_gaps_but_never_erases(store: Store) -> None:
    store_pages(store, fetched())
    before = the_article(store)
    row = corpus_row(before.body, id="wire-0042", authors="Philip Blenkinsop")
    counts = store.write_batch([process(row)])
    after = the_article(store)
    # The page's own fields stay; the row adds what the page did not say: an author, its id.
    assert after.title == before.title and after.url == STORY_URL and after.article.images == before.article.images
    assert after.authors == ["Philip Blenkinsop"] and after.source_id == "wire-0042"
    assert counts.articles_updated == 1 and counts.duplicates == 1


def test_a_better_version_arriving_later_wins(store: Store) -> None:
    fetched_article = process(fetched()).article
    assert fetched_article is not None
    store_pages(store, corpus_row(fetched_article.body, id="7"))
    assert the_article(store).url is None
    counts = store.write_batch([process(fetched())])
    after = the_article(store)
    assert after.url == STORY_URL and after.agency == "Reuters" and after.title == fetched_article.title
    assert after.source_id == "7" and counts.articles_updated == 1


def test_a_mirror_host_copy_does_not_move_the_article(store: Store) -> None:
    store_pages(store, fetched())
    mirror = Page(content=HTML + b"<!-- mirrored -->", url="https://mirror.example.org/harbourtimes/gas-storage",
                  source="mirror-list.txt", status=200)
    counts = store.write_batch([process(mirror)])
    after = the_article(store)
    assert after.url == STORY_URL and counts.articles_updated == 0
    assert "https://mirror.example.org/harbourtimes/gas-storage" in store.article_urls(after.id)


def test_an_export_fed_back_in_rewrites_nothing(store: Store, tmp_path: Path) -> None:
    ingest([str(EXAMPLES)], store, settings=Settings(stages="extract"))
    before = {row.id: row.to_dict() for row in store.iter_articles()}
    export = tmp_path / "export.jsonl"
    from dateline.store.export import export_articles

    export_articles(store, "jsonl", export)
    report = ingest([str(export)], store, settings=Settings(stages="extract"))
    assert report.updated == 0 and report.articles == 0
    after = {row.id: row.to_dict() for row in store.iter_articles()}
    for values in (*before.values(), *after.values()):
        values.pop("updated_at")
    assert after == before


def test_reprocess_recomputes_the_choice(store: Store) -> None:
    store_pages(store, fetched(), corpus_row(process(fetched()).article.body, authors="Philip Blenkinsop"))
    with store.engine.begin() as conn:  # an article damaged by an older dateline
        conn.execute(update(articles).values(url=None, agency=None, authors=[]))
    report = reprocess(store)
    after = the_article(store)
    assert after.url == STORY_URL and after.agency == "Reuters" and after.authors == ["Philip Blenkinsop"]
    assert report.updated == 1


def test_choose_prefers_evidence_then_the_home_then_the_newest() -> None:
    def version(order: int, url: str | None, title: str, *, structured: bool = True, fetched: bool = True,
                corpus: bool = False, **fields) -> Version:
        evidence = {"title": "json-ld headline" if structured else "h1"}
        article = Article(is_article=True, title=title, body="Body text.", evidence=evidence, **fields)
        return Version(article, url, fetched=fetched, corpus=corpus, order=order, location=url or f"source:dump-{order}")

    first = version(1, "https://news.example/a", "First headline", subtitle="A subtitle")
    corrected = version(2, "https://news.example/a", "Corrected headline")
    amp_copy = version(3, "https://amp.news.example/a", "AMP headline")
    dump = version(4, None, "Dump headline", structured=False, fetched=False, agency="AP")
    choice = choose([first, corrected, amp_copy, dump])
    assert choice.article.title == "Corrected headline"  # the newest at the article's home
    assert choice.page_url == "https://news.example/a"
    assert choice.article.subtitle == "A subtitle" and choice.article.agency == "AP"  # gaps filled
