"""Near-duplicates in the store (store/dedup_index.py) on SQLite and PostgreSQL: the groups a
streaming ingest makes, a second run that sees the first run's index, reprocessing and the full
pass, deletion, the band rows' levels (found wherever they are, across their moves), and the
upgrades of a store from migrations 0008 and 0010."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import address, migrate
from dedup_examples import APART, BY_KEY, COPIES, EXAMPLES, Example
from sqlalchemy import func, select, text

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.model import Page, Processed
from dateline.reprocess import reprocess
from dateline.store import Store, dedup_index
from dateline.store.schema import dedup_articles, dedup_bands, dedup_bands_recent, duplicate_groups
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


def band_rows(store: Store) -> list[tuple[int, int]]:
    """Every band row, in either table."""
    with store.engine.connect() as conn:
        return [(k, a) for table in (dedup_bands, dedup_bands_recent)
                for k, a in conn.execute(select(table.c.band_key, table.c.article_id))]


def test_republished_copies_arriving_in_one_batch_are_one_group(store: Store) -> None:
    store.write_batch([item(e) for e in EXAMPLES])
    assert_grouped(store)
    assert count(store, duplicate_groups) == 1
    fp = fingerprint(BY_KEY["wire"].article())
    assert fp is not None
    assert len(band_rows(store)) == len(EXAMPLES) * len(set(band_keys(fp)))


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
    assert len(band_rows(store)) == count(store, dedup_bands) == (len(EXAMPLES) - 1) * len(set(band_keys(fp)))


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
    from dateline.store.store import HEAD_REVISION

    assert HEAD_REVISION == store.current_revision()
    migrate(store, "0008")
    store.engine.dispose()
    with Store.open(address(store)) as upgraded:
        assert upgraded.current_revision() == HEAD_REVISION
        upgraded.write_batch([item(e) for e in EXAMPLES])
        assert_grouped(upgraded)


def where_rows_are(store: Store) -> dict[str, int]:
    """How many band rows `dedup_bands` and each level of `dedup_bands_recent` hold."""
    with store.engine.connect() as conn:
        found = {f"level {n}": int(c) for n, c in conn.execute(
            select(dedup_bands_recent.c.level, func.count()).group_by(dedup_bands_recent.c.level))}
    return found | {"dedup_bands": count(store, dedup_bands)}


def test_copies_are_found_on_every_level_across_moves_removal_and_the_full_pass(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Levels of 50, 100, 200... rows: one article (56 rows) a batch fills level 0 each time.
    monkeypatch.setattr(dedup_index, "RECENT_ROWS", 50)
    monkeypatch.setattr(dedup_index, "LEVEL_RATIO", 2)
    order = ["wire", "same_actor_1", "unrelated", "same_actor_2", "retitled", "trimmed", "lead"]
    places = []
    for key in order:
        store.write_batch([item(BY_KEY[key])])
        places.append(where_rows_are(store))
    # The wire story's rows went to dedup_bands, the last ones are in levels 1 and 2 (moved once or twice).
    assert places[0] == {"dedup_bands": 56}
    assert places[-1] == {"level 1": 56, "level 2": 112, "dedup_bands": 224}
    assert_grouped(store)
    rows = band_rows(store)
    assert len(rows) == len(set(rows)) == 56 * len(order)  # each row in one place only
    ids = article_ids(store)
    with store.engine.begin() as conn:
        dedup_index.remove(conn, [ids["retitled"]])  # its rows are in level 2
    assert not {r for r in band_rows(store) if r[1] == ids["retitled"]}
    group = store.duplicate_group(ids["wire"])
    assert group is not None and ids["retitled"] not in {m.article_id for m in group.members}
    assert store.rebuild_duplicates() == 1
    assert where_rows_are(store) == {"dedup_bands": 56 * (len(order) - 1)}
    retitled = fingerprint(BY_KEY["retitled"].article())
    assert retitled is not None
    with store.engine.begin() as conn:  # indexed again: found against rows all in dedup_bands
        dedup_index.assign(conn, [(ids["retitled"], retitled)])
    assert_grouped(store)


def test_a_levels_size_is_estimated_from_its_smallest_keys(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    rng = random.Random(16)
    rows = [(rng.getrandbits(64) - 2**63, n) for n in range(40_000)]
    with store.engine.begin() as conn:
        conn.execute(dedup_bands_recent.insert(), [{"level": 3, "band_key": k, "article_id": a} for k, a in rows])
        assert abs(dedup_index._rows(conn, 3) - 40_000) < 40_000 * 0.1
        assert dedup_index._rows(conn, 2) == 0
        monkeypatch.setattr(dedup_index, "SAMPLE", 50_000)  # fewer rows than the sample: counted
        assert dedup_index._rows(conn, 3) == 40_000


def test_an_article_id_given_again_meets_the_rows_its_deleted_article_left(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # A deleted article leaves its band rows; SQLite gives the largest id to the next article again,
    # which with the same text has the same (key, id) rows: they go in, and move, without a conflict.
    monkeypatch.setattr(dedup_index, "RECENT_ROWS", 50)
    store.write_batch([item(BY_KEY[k]) for k in ("unrelated", "wire")])
    wire_id = article_ids(store)["wire"]
    fp = fingerprint(BY_KEY["wire"].article())
    assert fp is not None
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM articles WHERE id = :id"), {"id": wire_id})
        conn.execute(text("INSERT INTO articles (id, url, body, data, dateline_version, created_at, updated_at) "
                          "VALUES (:id, :url, '', '{}', 'test', :t, :t)"),
                     {"id": wire_id, "url": normalise_url(BY_KEY["wire"].url), "t": "2025-03-11T10:00:00+00:00"})
        dedup_index.assign(conn, [(wire_id, fp)])
    rows = band_rows(store)
    assert len(rows) == len(set(rows)) == 2 * 56
    store.write_batch([item(BY_KEY[k]) for k in ("retitled", "trimmed", "lead", "same_actor_1", "same_actor_2")])
    ids = article_ids(store)
    group = store.duplicate_group(ids["retitled"])  # (the new article has no date: not the original)
    assert group is not None and sorted(m.article_id for m in group.members) == sorted(ids[k] for k in COPIES)


def test_an_upgrade_from_0010_keeps_the_band_rows_findable(store: Store) -> None:
    from dateline.store.store import HEAD_REVISION

    store.write_batch([item(BY_KEY[k]) for k in ("wire", "same_actor_1", "unrelated")])
    assert where_rows_are(store) == {"level 0": 3 * 56, "dedup_bands": 0}
    migrate(store, "0010")
    assert store.current_revision() == "0010"
    assert count(store, dedup_bands) == 3 * 56  # the recent rows moved back where 0010 reads them
    store.engine.dispose()
    with Store.open(address(store)) as upgraded:
        assert upgraded.current_revision() == HEAD_REVISION
        assert where_rows_are(upgraded) == {"dedup_bands": 3 * 56}
        upgraded.write_batch([item(BY_KEY[k]) for k in ("lead", "same_actor_2", "trimmed", "retitled")])
        assert_grouped(upgraded)
