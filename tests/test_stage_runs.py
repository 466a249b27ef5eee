"""Later stages in the store: their writers run in the article's transaction, every run records
the stage version and the body it read, a changed body drops what was computed on the old one,
and reprocess re-runs one stage (and what depends on it) from the stored articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stages_for_tests  # noqa: F401 - registers the test stages
from conftest import address, migrate
from sqlalchemy import select
from stages_for_tests import RecordingWriter

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.pipeline import Pipeline
from dateline.reprocess import reprocess
from dateline.store import Store
from dateline.store.encode import body_hash
from dateline.store.schema import articles, pages
from dateline.store.stage_writers import register_stage_writer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

STORY = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2026-03-03T07:15:00+01:00"></head>
<body><article><h1>{title}</h1><p class="byline">By Mara Quill</p>
<p>Ferry crews in Port Alder walked off the job at dawn on Tuesday, stranding hundreds of commuters on
both sides of the sound as talks over rotating shifts collapsed overnight.</p>
<p>The Harbour Workers Union said the strike would last 48 hours unless the operator, Sound Lines,
withdrew a plan to cut crew numbers on the night crossings.</p>
<p>{last}</p></article></body></html>"""


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "stages.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(url) as opened:
        yield opened


@pytest.fixture
def writer() -> Iterator[RecordingWriter]:
    recording = RecordingWriter()
    register_stage_writer("wordcount", recording)
    yield recording
    from dateline.store import stage_writers

    stage_writers._WRITERS.pop("wordcount", None)


def story(last: str, title: str = "Ferry crews strike over night shifts") -> str:
    return STORY.format(title=title, last=last)


def run(store: Store, html: str, stages: str = "extract,wordcount", url: str = "https://harbourtimes.example/ferry"):
    from dateline.model import Page

    done = Pipeline.from_settings(Settings(stages=stages))(Page(content=html.encode(), url=url, source="crawl"))
    store.write_batch([done])
    return done


def article_hash(store: Store, article_id: int) -> str:
    with store.engine.connect() as conn:
        return conn.execute(select(articles.c.body_hash).where(articles.c.id == article_id)).scalar_one()


def test_a_stage_writer_runs_in_the_articles_transaction_and_its_run_is_recorded(store: Store,
                                                                                 writer: RecordingWriter) -> None:
    done = run(store, story("Commuters queued for the single replacement bus."))
    (row,) = store.iter_articles()
    (output,) = writer.written
    assert output.article_id == row.id and output.stage == "wordcount" and output.version == "1"
    assert output.output == done.outputs["wordcount"]
    record = store.stage_run(row.id, "wordcount")
    assert record is not None and record["version"] == "1"
    assert record["body_hash"] == article_hash(store, row.id) == body_hash(done.article.body)


def test_a_changed_body_drops_the_rows_computed_on_the_old_one(store: Store, writer: RecordingWriter) -> None:
    run(store, story("Commuters queued for the single replacement bus."))
    (row,) = store.iter_articles()
    writer.deleted.clear()  # (a write replaces: it deletes the article's old rows first)
    # The same URL serves a corrected headline, same body: the stage's rows still fit.
    run(store, story("Commuters queued for the single replacement bus.", title="Ferry crews strike over shifts"),
        stages="extract")
    assert store.stage_run(row.id, "wordcount") is not None and writer.deleted == []
    # Now a paragraph changes: offsets into the old body would point at the wrong words.
    run(store, story("The council said buses would run every forty minutes."), stages="extract")
    (after,) = store.iter_articles()
    assert after.id == row.id and after.body.endswith("every forty minutes.")
    assert store.stage_run(row.id, "wordcount") is None
    assert writer.deleted == [row.id]
    assert store.count_stored_pages("wordcount", outdated_version="1") == 1


def test_outdated_only_is_per_stage(store: Store, writer: RecordingWriter) -> None:
    run(store, story("Commuters queued for the single replacement bus."))
    run(store, story("A second story entirely, about the library.", title="Library opens late"),
        stages="extract", url="https://harbourtimes.example/library")
    assert store.count_stored_pages("wordcount", outdated_version="1") == 1  # the library never ran it
    assert store.count_stored_pages("wordcount", outdated_version="2") == 2  # a new version: both
    assert store.count_stored_pages("extract", outdated_version=Pipeline.from_settings(Settings(stages="extract")).stages[0].version) == 0
    (item,) = store.iter_stored_pages("wordcount", outdated_version="1")
    assert item.article is not None and item.article.title == "Library opens late" and item.page_id is not None


def test_every_body_has_a_hash_short_ones_included(store: Store) -> None:
    from dateline.model import Article, Page, Processed

    short = Article(is_article=True, title="Road closed", body="Road closed until Friday.")
    store.write_batch([Processed(Page(content=b"<p>Road closed until Friday.</p>", url="https://x.example/road"),
                                 short)])
    (row,) = store.iter_articles()
    assert article_hash(store, row.id) == body_hash("Road closed until Friday.")


def test_reprocess_one_stage_reads_the_stored_articles_and_reruns_its_dependents(
        store: Store, writer: RecordingWriter, monkeypatch: pytest.MonkeyPatch) -> None:
    report = ingest([str(EXAMPLES)], store, settings=Settings(stages="extract"))
    articles = report.articles
    assert articles == report.pages - report.non_articles > 5 and writer.written == []
    with store.engine.connect() as conn:
        derived = {pid: v for pid, v in conn.execute(select(pages.c.id, pages.c.derived_version))}

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("reprocess --stage wordcount must not extract again")

    monkeypatch.setattr("dateline.pipeline.extract_checked", no_extraction)
    settings = Settings(stages="extract,wordcount,shout")
    report = reprocess(store, settings=settings, stage="wordcount", outdated_only=True)
    assert report.pages == articles and report.errors == 0
    ids = {row.id for row in store.iter_articles()}
    assert {o.article_id for o in writer.written} == ids
    assert all(store.stage_run(i, "wordcount") and store.stage_run(i, "shout") for i in ids)
    with store.engine.connect() as conn:
        assert {pid: v for pid, v in conn.execute(select(pages.c.id, pages.c.derived_version))} == derived
    # Nothing is outdated any more: a second run finds nothing to do.
    again = reprocess(store, settings=settings, stage="wordcount", outdated_only=True)
    assert again.pages == 0


def test_reprocess_from_extraction_runs_the_whole_pipeline(store: Store, writer: RecordingWriter) -> None:
    ingest([str(EXAMPLES / "wire-reuters.html"), str(EXAMPLES / "german-dpa.html")], store,
           settings=Settings(stages="extract"))
    report = reprocess(store, settings=Settings(stages="extract,wordcount"))
    # Extraction gives what it gave before: no article changes, but the new stage ran on both.
    assert report.pages == 2 and report.updated == 0 and report.articles == 0
    assert len(writer.written) == 2


def test_reprocess_of_a_stage_not_in_the_pipeline_says_so(store: Store) -> None:
    from dateline.config import ConfigError

    with pytest.raises(ConfigError, match="no stage 'wordcount' in the pipeline.*--stages"):
        reprocess(store, settings=Settings(stages="extract"), stage="wordcount")


def test_a_store_from_before_stage_runs_gets_a_hash_for_its_short_bodies(store: Store) -> None:
    from sqlalchemy import update

    from dateline.model import Article, Page, Processed
    from dateline.store.store import HEAD_REVISION

    short = Article(is_article=True, title="Road closed", body="Road closed until Friday.")
    store.write_batch([Processed(Page(content=b"<p>Road closed until Friday.</p>", url="https://x.example/road"),
                                 short)])
    migrate(store, "0002")  # as dateline 0.1 left it: no stage_runs, no hash for short bodies
    with store.engine.begin() as conn:
        conn.execute(update(articles).values(body_hash=None))
    with Store.open(address(store)) as reopened:
        assert reopened.current_revision() == HEAD_REVISION
        (row,) = reopened.iter_articles()
        assert article_hash(reopened, row.id) == body_hash("Road closed until Friday.")
        assert reopened.stage_run(row.id, "wordcount") is None


def test_export_columns_come_from_the_schema() -> None:
    import dataclasses

    from dateline.model import Article
    from dateline.store.export import COLUMNS, ENRICHMENT_COLUMNS
    from dateline.store.reads import article_columns
    from dateline.store.records import StoredArticle

    fields = [f.name for f in dataclasses.fields(StoredArticle) if f.name != "article"]
    assert sorted(fields) == sorted(article_columns())
    # The export: the stored columns first, then the Article's other fields, then the enrichment's.
    assert list(COLUMNS[: len(fields)]) == article_columns()
    article_fields = COLUMNS[len(fields):len(COLUMNS) - len(ENRICHMENT_COLUMNS)]
    assert set(article_fields) == {f.name for f in dataclasses.fields(Article)} - set(fields)
    assert COLUMNS[-len(ENRICHMENT_COLUMNS):] == ENRICHMENT_COLUMNS
    assert {"data", "content_hash", "body_hash", "search_title", "search_body"}.isdisjoint(COLUMNS)


def test_a_later_stage_failing_keeps_the_article_and_records_the_failure(store: Store, writer: RecordingWriter) -> None:
    run(store, story("The union said it would refuse me any comment on the talks."))
    (row,) = store.iter_articles()
    assert row.title == "Ferry crews strike over night shifts"
    (error,) = store.errors()
    assert (error.stage, error.code, error.page_id) == ("wordcount", "refused", 1)
    assert store.stage_run(row.id, "wordcount") is None and writer.written == []
    # The same failure on a stored article, when only that stage runs again.
    report = reprocess(store, settings=Settings(stages="extract,wordcount"), stage="wordcount", outdated_only=True)
    assert (report.pages, report.errors) == (1, 1)
    assert [e.stage for e in store.errors()] == ["wordcount", "wordcount"]
