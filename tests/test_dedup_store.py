"""Near-duplicates in the store (store/dedup_index.py) on SQLite and PostgreSQL: the groups a
streaming ingest makes, a second run that sees the first run's index, reprocessing and the full
pass, deletion, and the upgrade of a store from migration 0008."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dedup_examples import APART, BY_KEY, COPIES, EXAMPLES, Example
from sqlalchemy import func, select, text

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.model import Page, Processed
from dateline.reprocess import reprocess
from dateline.store import Store
from dateline.store.schema import dedup_articles, dedup_bands, duplicate_groups
from dateline.stories.dedup import band_keys, fingerprint
from dateline.urls import normalise_url


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return str(tmp_path / "dedup.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        yield opened


def item(example: Example) -> Processed:
    """What the pipeline gives for the page: the article, and the stories stage's fingerprint."""
    article = example.article()
    page = Page(content=f"<html><body><h1>{example.title}</h1><p>{example.body}</p></body></html>".encode(),
                url=example.url)
    return Processed(page, article, outputs={"stories": fingerprint(article)}, versions={"stories": "1"})


def article_ids(store: Store) -> dict[str, int]:
    """The stored articles' ids by example key (an article deleted meanwhile left out)."""
    with store.engine.connect() as conn:
        by_url = {url: aid for aid, url in conn.execute(text("SELECT id, url FROM articles"))}
    return {e.key: by_url[normalise_url(e.url)] for e in EXAMPLES if normalise_url(e.url) in by_url}


def assert_grouped(store: Store) -> None:
    ids = article_ids(store)
    group = store.duplicate_group(ids["retitled"])
    assert group is not None
    assert group.original_id == ids["wire"]
    assert group.members[0].article_id == ids["wire"]
    assert sorted(m.article_id for m in group.members) == sorted(ids[k] for k in COPIES)
    assert all(m.wire == "Reuters" for m in group.members)
    for key in COPIES:
        found = store.duplicate_group(ids[key])
        assert found is not None and found.id == group.id
    for key in APART:
        assert store.duplicate_group(ids[key]) is None, key


def count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_republished_copies_arriving_in_one_batch_are_one_group(store: Store) -> None:
    store.write_batch([item(e) for e in EXAMPLES])
    assert_grouped(store)
    assert count(store, duplicate_groups) == 1
    fp = fingerprint(BY_KEY["wire"].article())
    assert fp is not None
    assert count(store, dedup_bands) == len(EXAMPLES) * len(set(band_keys(fp)))


def test_a_second_run_sees_the_first_runs_index(db: str) -> None:
    with Store.open(db) as first:
        first.write_batch([item(BY_KEY[k]) for k in ("same_actor_1", "wire", "unrelated")])
    with Store.open(db) as second:  # a resumed ingest: only the store connects the two runs
        for key in ("lead", "same_actor_2", "trimmed"):
            second.write_batch([item(BY_KEY[key])])
        second.write_batch([item(BY_KEY["retitled"])])
        assert_grouped(second)


def test_the_full_pass_gives_the_same_groups_and_drops_what_was_deleted(store: Store) -> None:
    for e in reversed(EXAMPLES):  # the copies before the wire story: the original is still the wire
        store.write_batch([item(e)])
    assert_grouped(store)
    assert store.rebuild_duplicates() == 1
    assert_grouped(store)
    ids = article_ids(store)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM articles WHERE id = :id"), {"id": ids["lead"]})
    assert store.rebuild_duplicates() == 1
    group = store.duplicate_group(ids["wire"])
    assert group is not None and len(group.members) == 3
    fp = fingerprint(BY_KEY["wire"].article())
    assert fp is not None
    assert count(store, dedup_bands) == (len(EXAMPLES) - 1) * len(set(band_keys(fp)))


def test_an_article_reprocessed_leaves_and_rejoins_its_group(store: Store) -> None:
    store.write_batch([item(BY_KEY[k]) for k in ("wire", "lead")])
    ids = article_ids(store)
    from dateline.store.dedup_index import remove

    with store.engine.begin() as conn:
        remove(conn, [ids["lead"]])
    assert store.duplicate_group(ids["wire"]) is None  # a group of one is no group
    assert count(store, duplicate_groups) == 0
    settings = Settings(stages="extract,stories", write_process=False)
    reprocess(store, settings=settings, stage="stories")
    group = store.duplicate_group(ids["lead"])
    assert group is not None and group.original_id == ids["wire"]
    assert count(store, dedup_articles) == 2


def test_ingest_assigns_groups_as_pages_arrive(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, e in enumerate(EXAMPLES):
        paragraphs = "".join(f"<p>{p}</p>" for p in e.body.split("\n"))
        (folder / f"{n}-{e.key}.html").write_text(
            f"<html><head><title>{e.title}</title><meta property='article:published_time' content='{e.published}'>"
            f"</head><body><article><h1>{e.title}</h1>{paragraphs}</article></body></html>", encoding="utf-8")
    report = ingest([str(folder)], db, settings=Settings(stages="extract,stories", write_process=False))
    assert report.articles == len(EXAMPLES)
    with Store.open(db) as store:
        with store.engine.connect() as conn:
            grouped = conn.execute(select(dedup_articles.c.group_id, func.count()).group_by(dedup_articles.c.group_id)
                                   .where(dedup_articles.c.group_id.is_not(None))).all()
        assert [n for _, n in grouped] == [len(COPIES)]


def test_an_older_store_upgrades_to_the_duplicates_tables(store: Store) -> None:
    from alembic import command
    from alembic.config import Config

    from dateline.store.store import HEAD_REVISION, MIGRATIONS_DIR

    assert HEAD_REVISION == store.current_revision()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
    store.engine.dispose()
    target = store.name if store.dialect == "sqlite" else store.engine.url.render_as_string(False)
    with Store.open(target) as upgraded:
        assert upgraded.current_revision() == HEAD_REVISION
        upgraded.write_batch([item(e) for e in EXAMPLES])
        assert_grouped(upgraded)
