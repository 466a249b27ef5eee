"""`dateline ingest` end to end: idempotent, resumable after kill -9, errors as rows, SQLite and PostgreSQL.

Runs that are killed, interrupted or cut short by a full disk, and two runs at once, are real
processes (`python -m dateline`); the rest call the API or the CLI in-process.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_pages import write_pages

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.store import open_store

# The ingest loop's own behaviour, on extraction alone (enrichment has tests/test_enrich_store.py).
EXTRACT_ONLY = Settings(stages="extract")


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_ingest_twice_adds_nothing_the_second_time(tmp_path):
    write_pages(tmp_path / "pages", 12)
    (tmp_path / "pages" / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    db = str(tmp_path / "news.db")
    first = ingest([str(tmp_path / "pages"), str(tmp_path / "missing.html")], db, settings=Settings(stages="extract", batch_size=5))
    assert first.articles == 12
    assert first.errors == 2  # the PNG (extraction) and the missing file (read)
    second = ingest([str(tmp_path / "pages")], db, settings=Settings(stages="extract", batch_size=5))
    assert second.articles == 0 and second.unchanged >= 12
    with open_store(db) as store:
        assert store.stats().totals.articles == 12
        reasons = " | ".join(row.reason for row in store.errors(limit=10))
    assert "no such file" in reasons and "PNG" in reasons


def test_same_story_at_two_urls_is_one_article(tmp_path):
    corpus = tmp_path / "wire.jsonl"
    text = ("KYIV (Reuters) - Ukraine and Poland agreed on Tuesday to reopen two border crossings for trucks, "
            "ending a month-long blockade by Polish farmers that had left thousands of drivers waiting.\n\n"
            "The agreement was signed in Warsaw by the two countries' infrastructure ministers.")
    rows = [{"id": "a", "title": "Border crossings reopen", "text": text, "url": "https://paper-one.example/world/border?utm_source=x"},
            {"id": "b", "title": "Border crossings reopen", "text": text, "url": "https://paper-two.example/news/border"}]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    db = str(tmp_path / "news.db")
    report = ingest([str(corpus)], db, settings=EXTRACT_ONLY)
    assert report.articles == 1 and report.duplicates == 1
    with open_store(db) as store:
        [row] = list(store.iter_articles())
    urls = set([row.url])
    assert "https://paper-two.example/news/border" in urls or len(urls) == 1


def _ingest_cmd(db: Path, *sources: str) -> list[str]:
    return [sys.executable, "-m", "dateline", "ingest", "--db", str(db), "--batch-size", "10", "--quiet", *sources]


def test_killed_ingest_resumes_without_duplicates(tmp_path):
    pages = tmp_path / "pages"
    write_pages(pages, 150)
    db = tmp_path / "news.db"
    proc = subprocess.Popen(_ingest_cmd(db, str(pages)), cwd=tmp_path, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                committed = _count(db, "articles")
            except sqlite3.Error:
                continue
            if committed >= 20:
                break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert 0 < committed < 150, "the run should have been killed part-way"
    done = subprocess.run(_ingest_cmd(db, str(pages)), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db, "articles") == 150


def test_two_ingests_into_one_sqlite_file(tmp_path):
    write_pages(tmp_path / "a", 40)
    write_pages(tmp_path / "b", 40, start=40)
    db = tmp_path / "news.db"
    procs = [subprocess.Popen(_ingest_cmd(db, str(tmp_path / d)), cwd=tmp_path, stderr=subprocess.PIPE, text=True)
             for d in ("a", "b")]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code == 0 or (code == 1 and "busy" in err), err
        assert "Traceback" not in err
    if all(code == 0 for code, _ in results):
        assert _count(db, "articles") == 80
    else:  # the loser stopped cleanly; run it again and everything is there
        assert _count(db, "articles") >= 40


def test_ingest_into_postgresql_then_search_and_export(tmp_path, pg_url, run_cli):
    write_pages(tmp_path / "pages", 8)
    report = ingest([str(tmp_path / "pages")], pg_url, settings=Settings(stages="extract", batch_size=3))
    assert report.articles == 8
    again = ingest([str(tmp_path / "pages")], pg_url, settings=EXTRACT_ONLY)
    assert again.articles == 0
    found = run_cli("search", "reservoir", "--db", pg_url, "--format", "jsonl")
    assert found.returncode == 0, found.stderr
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert hits and all("reservoir" in (h["snippet"] or "").lower() for h in hits)
    out = tmp_path / "articles.jsonl"
    exported = run_cli("export", "--db", pg_url, "--format", "jsonl", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert len(out.read_text().splitlines()) == 8


def test_warc_ingest_counts_skipped_records_and_stores_provenance(tmp_path):
    from test_warc import write_warc

    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, gzipped=True)
    db = str(tmp_path / "news.db")
    report = ingest([str(warc)], db, settings=EXTRACT_ONLY)
    assert report.pages >= 2 and report.articles >= 1
    assert any(reason.startswith("not HTML") for reason in report.skipped)
    assert any("404" in reason for reason in report.skipped)
    with open_store(db) as store:
        pages = [item.page for item in store.iter_stored_pages()]
    assert all(page.url and page.url.startswith("http") and page.fetched_at for page in pages)
    assert all(page.source.startswith(str(warc) + "#") for page in pages)


def test_full_disk_stops_cleanly_and_resumes(tmp_path):
    """A file-size limit stands in for a full disk: writes past it fail with EFBIG."""
    pages = tmp_path / "pages"
    write_pages(pages, 150)
    db = tmp_path / "news.db"

    def small_disk():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (800_000, 800_000))

    full = subprocess.run(_ingest_cmd(db, str(pages)), cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          preexec_fn=small_disk)
    assert full.returncode == 1, full.stderr
    assert "dateline: error:" in full.stderr and "Traceback" not in full.stderr
    kept = _count(db, "articles")
    assert 0 < kept < 150
    done = subprocess.run(_ingest_cmd(db, str(pages)), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db, "articles") == 150


def test_ctrl_c_commits_what_was_processed_and_says_how_to_continue(tmp_path):
    pages = tmp_path / "pages"
    write_pages(pages, 150)
    db = tmp_path / "news.db"
    proc = subprocess.Popen(_ingest_cmd(db, str(pages)), cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            if db.exists() and _count(db, "articles") >= 20:
                break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    if proc.returncode == 0:
        pytest.skip("the run finished before the interrupt arrived")
    assert proc.returncode == 130, err
    assert "interrupted" in err and "run the same command again" in err and "Traceback" not in err
    assert _count(db, "articles") >= 20
    done = subprocess.run(_ingest_cmd(db, str(pages)), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db, "articles") == 150


def test_a_copy_of_a_page_at_a_new_path_is_stored_and_linked_to_its_article(tmp_path):
    pages = tmp_path / "pages"
    [first] = write_pages(pages, 1)
    (pages / "copy-1.html").write_bytes(first.read_bytes())
    db = str(tmp_path / "news.db")
    report = ingest([str(pages)], db, settings=EXTRACT_ONLY)
    assert report.pages == 2 and report.articles == 1
    (pages / "copy-2.html").write_bytes(first.read_bytes())
    again = ingest([str(pages)], db, settings=EXTRACT_ONLY)
    assert again.pages == 1 and again.unchanged == 2 and again.articles == 0  # only the new path is read
    with open_store(db) as store:
        assert store.stats().totals.pages == 3 and store.stats().totals.articles == 1


def test_a_failed_write_stops_the_run_and_writes_nothing_after_it(tmp_path, monkeypatch):
    from dateline.store import StoreError
    from dateline.store.store import Store

    write_pages(tmp_path / "pages", 30)
    calls = []

    def failing_write(self, batch):
        calls.append(len(batch))
        raise StoreError("cannot write to database: disk I/O error")

    monkeypatch.setattr(Store, "write_batch", failing_write)
    with pytest.raises(StoreError, match="disk I/O error"):
        # In this process, where the patch is (test_write_process covers an error in the writer process).
        ingest([str(tmp_path / "pages")], str(tmp_path / "news.db"), settings=Settings(stages="extract", batch_size=5, write_process=False))
    assert calls == [5]
