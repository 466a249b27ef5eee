"""The writer process: a run that reaches half a batch stores from a process of its own, with
the same result as writing in-process, on SQLite and PostgreSQL; its death is a `StoreError`,
not a hang."""

from __future__ import annotations

import sys

import pytest
from ingest_pages import write_pages

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.model import Page, Processed
from dateline.pipeline import process
from dateline.store import StoreError, open_store
from dateline.store.write_process import WriteProcess, start_write_process


@pytest.fixture
def started(monkeypatch):
    """The writer processes that ingest starts, as a list."""
    processes: list[WriteProcess | None] = []

    def recording(store):
        processes.append(start_write_process(store))
        return processes[-1]

    monkeypatch.setattr(sys.modules["dateline.ingest"], "start_write_process", recording)
    return processes


def _articles(db: str) -> list[tuple]:
    with open_store(db) as store:
        return sorted((a.url, a.title, a.body) for a in store.iter_articles())


def test_a_run_of_half_a_batch_or_more_writes_from_a_process_with_the_same_result(tmp_path, started):
    write_pages(tmp_path / "pages", 9)
    (tmp_path / "pages" / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    by_process, in_thread = str(tmp_path / "process.db"), str(tmp_path / "thread.db")
    events: list[dict] = []
    report = ingest([str(tmp_path / "pages")], by_process, settings=Settings(stages="extract", batch_size=3),
                    on_event=lambda kind, data: events.append(data) if kind == "batch" else None)
    assert len(started) == 1 and started[0] is not None, "half a batch starts one writer process"
    baseline = ingest([str(tmp_path / "pages")], in_thread, settings=Settings(stages="extract", batch_size=3, write_process=False))
    assert (report.articles, report.errors) == (baseline.articles, baseline.errors) == (9, 1)
    assert sum(e["articles_added"] for e in events) == 9  # every batch's counts came back
    assert _articles(by_process) == _articles(in_thread)
    with open_store(by_process) as store:
        assert [e.reason for e in store.errors()] == [e.reason for e in open_store(in_thread).errors()]


def test_a_small_run_starts_no_process(tmp_path, started):
    write_pages(tmp_path / "pages", 4)
    report = ingest([str(tmp_path / "pages")], str(tmp_path / "news.db"), settings=Settings(stages="extract", batch_size=10))
    assert report.articles == 4 and started == []


def test_an_in_memory_database_is_written_in_process():
    with open_store("sqlite://") as store:
        assert start_write_process(store) is None


def _processed(tmp_path, n: int) -> list[Processed]:
    paths = write_pages(tmp_path / "pages", n)
    return [process(Page(content=p.read_bytes(), source=str(p), url=None)) for p in paths]


def test_a_dead_writer_process_is_a_store_error_naming_the_database(tmp_path):
    db = str(tmp_path / "news.db")
    items = _processed(tmp_path, 4)
    with open_store(db) as store:
        writer = start_write_process(store)
        assert writer is not None
        assert writer.write_batch(items[:2]).articles_added == 2
        writer._process.kill()
        writer._process.wait()
        with pytest.raises(StoreError, match="news.db: the writer process ended unexpectedly"):
            writer.write_batch(items[2:])
        writer.close()  # after a death: returns, does not hang
        assert len(list(store.iter_articles())) == 2  # what it committed stays


def test_a_store_error_in_the_process_comes_back_as_a_store_error(tmp_path):
    db = tmp_path / "news.db"
    with open_store(str(db)) as store:
        writer = start_write_process(store)
        assert writer is not None
        with pytest.raises(StoreError, match="AttributeError"):
            writer.write_batch(["not a processed page"])  # type: ignore[list-item]
        assert writer.write_batch(_processed(tmp_path, 1)).articles_added == 1  # and it goes on
        writer.close()


def test_the_writer_process_on_postgresql(tmp_path, pg_url, started):
    write_pages(tmp_path / "pages", 7)
    report = ingest([str(tmp_path / "pages")], pg_url, settings=Settings(stages="extract", batch_size=2))
    assert started and started[0] is not None
    assert report.articles == 7
    assert len(_articles(pg_url)) == 7
