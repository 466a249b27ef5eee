"""Stories in the store (store/story_index.py, store/story_reads.py) on SQLite and PostgreSQL:
written articles (story_examples.py) that are one wire story republished three ways and continued
by other outlets over three days, two other stories about the same minister on the same day, an
unrelated story and a later one about the same grid: each ends in its duplicate group and its
story as the articles stream in, in a second run that sees the first, after the full pass, and
after a reprocess."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import migrate
from sqlalchemy import text
from story_examples import APART, EXAMPLES, GRID_STORY, Example

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.model import Page, Processed
from dateline.reprocess import reprocess
from dateline.store import Store
from dateline.store.story_index import forget_cached_state
from dateline.store.story_reads import StoryFilter
from dateline.stories.inputs import story_input
from dateline.urls import normalise_url

BY_KEY = {e.key: e for e in EXAMPLES}
IN_ORDER = sorted(EXAMPLES, key=lambda e: Example.article(e).published_at)  # type: ignore[arg-type,return-value]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return str(tmp_path / "stories.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        yield opened


def item(example: Example) -> Processed:
    article = example.article()
    page = Page(content=f"<html><body><h1>{example.title}</h1><p>{example.body}</p></body></html>".encode(),
                url=example.url)
    return Processed(page, article, outputs={"stories": story_input(article)}, versions={"stories": "2"})


def stories_by_key(store: Store) -> dict[str, str]:
    """Each stored example's story id, by example key."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT a.url, s.story_id FROM articles a JOIN story_articles s "
                                 "ON s.article_id = a.id")).all()
    by_url = dict(rows)
    return {e.key: by_url[normalise_url(e.url)] for e in EXAMPLES if normalise_url(e.url) in by_url}


def assert_stories(store: Store) -> None:
    found = stories_by_key(store)
    assert set(found) == set(BY_KEY)
    members: dict[str, set[str]] = defaultdict(set)
    for key, story_id in found.items():
        members[story_id].add(key)
    assert set(GRID_STORY) in members.values()
    for key in APART:
        assert members[found[key]] == {key}, f"{key} shares its story with {members[found[key]] - {key}}"
    assert len(store.stories(StoryFilter(limit=None))) == 1 + len(APART)


def test_articles_streaming_in_end_in_their_stories(store: Store) -> None:
    for e in IN_ORDER:
        store.write_batch([item(e)])
    assert_stories(store)
    grid = store.story(stories_by_key(store)["wire"])
    assert grid is not None
    assert grid.article_count == len(GRID_STORY)
    assert grid.unique_count == 4  # the four copies count once, the three follow-ups each
    assert grid.title in {BY_KEY[k].title for k in GRID_STORY}
    assert grid.first_published is not None and grid.last_published is not None
    assert (grid.last_published - grid.first_published).days == 3
    assert {"wire.example", "leta.example", "err.example"} <= set(grid.outlets)
    # The summary is lead sentences of different articles, not the wire lead three times over.
    assert grid.summary.count("Lithuania, Latvia and Estonia will") <= 1
    assert "BRELL" in grid.summary or "grid" in grid.summary
    copies = [g for g in grid.groups if len(g) > 1]
    assert len(copies) == 1 and len(copies[0]) == 4
    assert copies[0][0].url == normalise_url(BY_KEY["wire"].url)  # the earliest first
    assert sum(len(g) for g in grid.groups) == len(GRID_STORY)


def test_a_batch_arriving_newest_first_is_clustered_in_publication_order(store: Store) -> None:
    # An archive crawled newest first: within a batch the writer puts them in publication order.
    store.write_batch([item(e) for e in reversed(IN_ORDER)])
    assert_stories(store)


def test_articles_arriving_newest_first_are_put_right_by_the_full_pass(store: Store) -> None:
    # Online clustering depends on the order articles arrive in: newest first, one batch each, on
    # a store that has seen a dozen articles, a follow-up can end beside the minister's other story
    # of that day. What holds anyway: the copies are one group in one story, the unrelated stories
    # stay alone; and the full pass, in publication order, gives every story back.
    for e in reversed(IN_ORDER):
        store.write_batch([item(e)])
    found = stories_by_key(store)
    assert len({found[k] for k in ("wire", "retitled", "trimmed", "lead")}) == 1
    others = [k for k in BY_KEY if k not in ("unrelated", "storm")]
    assert found["unrelated"] not in {found[k] for k in others} and found["storm"] not in {found[k] for k in others}
    store.rebuild_stories()
    assert_stories(store)


def test_a_second_run_sees_the_first_runs_stories(db: str) -> None:
    with Store.open(db) as first:
        for e in IN_ORDER[:5]:
            first.write_batch([item(e)])
        before = stories_by_key(first)
    forget_cached_state()  # a new process: only the store connects the two runs
    with Store.open(db) as second:
        for e in IN_ORDER[5:]:
            second.write_batch([item(e)])
        assert_stories(second)
        after = stories_by_key(second)
    assert {k: after[k] for k in before} == before  # nobody's story was renamed


def test_a_run_that_died_before_saving_its_state_loses_no_story(db: str) -> None:
    with Store.open(db) as first:
        for e in IN_ORDER[:6]:  # the state is saved after the first batch, then not for half a minute
            first.write_batch([item(e)])
        before = stories_by_key(first)
        forget_cached_state()  # the process dies: what it held and had not saved is gone
    with Store.open(db) as second:  # reads the saved state and puts back the five articles it lacks
        for e in IN_ORDER[6:]:
            second.write_batch([item(e)])
        assert_stories(second)
        assert {k: v for k, v in stories_by_key(second).items() if k in before} == before


def test_the_full_pass_gives_the_same_stories_and_keeps_their_ids(store: Store) -> None:
    for e in IN_ORDER:
        store.write_batch([item(e)])
    before = stories_by_key(store)
    assert store.rebuild_stories() == 1 + len(APART)
    assert_stories(store)
    assert stories_by_key(store) == before


def test_filters_pick_stories_by_time_words_and_places(store: Store) -> None:
    for e in IN_ORDER:
        store.write_batch([item(e)])
    found = stories_by_key(store)
    assert [s.id for s in store.stories(StoryFilter(since="2025-08-01"))] == [found["storm"]]
    march = {s.id for s in store.stories(StoryFilter(until="2025-03-31"))}
    assert found["storm"] not in march and found["wire"] in march
    assert found["unrelated"] in {s.id for s in store.stories(StoryFilter(query="harbour street"))}
    assert store.stories(StoryFilter(query="no such words anywhere")) == []
    latest = store.stories(StoryFilter(limit=2))
    assert latest[0].id == found["storm"] and len(latest) == 2


def test_deleting_an_article_updates_its_story(store: Store) -> None:
    for e in IN_ORDER:
        store.write_batch([item(e)])
    found = stories_by_key(store)
    from dateline.store.story_index import leave

    with store.engine.begin() as conn:
        day_4 = conn.execute(text("SELECT id FROM articles WHERE url = :u"),
                             {"u": normalise_url(BY_KEY["day_4"].url)}).scalar_one()
        leave(conn, [day_4])
        storm = conn.execute(text("SELECT id FROM articles WHERE url = :u"),
                             {"u": normalise_url(BY_KEY["storm"].url)}).scalar_one()
        leave(conn, [storm])
    grid = store.story(found["wire"])
    assert grid is not None and grid.article_count == len(GRID_STORY) - 1
    assert store.story(found["storm"]) is None  # a story without articles is gone


def _write_pages(folder: Path, examples: list[Example]) -> None:
    folder.mkdir()
    for n, e in enumerate(examples):
        paragraphs = "".join(f"<p>{p}</p>" for p in e.body.split("\n"))
        (folder / f"{n:02d}-{e.key}.html").write_text(
            f"<html><head><title>{e.title}</title><meta property='article:published_time' content='{e.published}'>"
            f"<link rel='canonical' href='{e.url}'></head><body><article><h1>{e.title}</h1>{paragraphs}</article>"
            "</body></html>", encoding="utf-8")


def test_ingest_and_reprocess_put_pages_in_their_stories(tmp_path: Path, db: str) -> None:
    _write_pages(tmp_path / "pages", IN_ORDER)
    settings = Settings(stages="extract,stories", write_process=False)
    report = ingest([str(tmp_path / "pages")], db, settings=settings)
    assert report.articles == len(EXAMPLES)
    with Store.open(db) as store:
        assert_stories(store)
        before = stories_by_key(store)
        reprocess(store, settings=settings, stage="stories")
        assert_stories(store)
        assert stories_by_key(store) == before


def test_an_older_store_upgrades_to_the_story_tables(store: Store) -> None:
    from dateline.store.store import HEAD_REVISION

    assert HEAD_REVISION == store.current_revision()
    migrate(store, "0009")
    assert store.current_revision() == "0009"
    migrate(store, "head", up=True)
    assert store.current_revision() == HEAD_REVISION
    store.write_batch([item(BY_KEY["wire"])])
    assert len(store.stories()) == 1
