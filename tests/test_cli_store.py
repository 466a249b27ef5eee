"""The database commands as a user runs them: ingest, search, export, stats, errors, reprocess."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT
from ingest_pages import write_pages


@pytest.fixture
def db(tmp_path, run_cli):
    write_pages(tmp_path / "pages", 6)
    (tmp_path / "pages" / "notes.pdf").write_bytes(b"%PDF-1.7\n%binary")
    path = tmp_path / "news.db"
    done = run_cli("ingest", str(tmp_path / "pages"), "--db", str(path), "--batch-size", "4")
    assert done.returncode == 0, done.stderr
    assert "6 new articles" in done.stderr and "1 errors" in done.stderr
    assert "PDF" in done.stderr  # the failure is named as it happens
    return path


def test_ingest_again_reports_nothing_new(db, tmp_path, run_cli):
    again = run_cli("ingest", str(tmp_path / "pages"), "--db", str(db), "--log-format", "json")
    events = [json.loads(line) for line in again.stderr.splitlines()]
    done = [e for e in events if e["event"] == "done"][0]
    assert done["articles"] == 0 and done["unchanged"] >= 6


def test_search_ranks_and_highlights(db, run_cli):
    out = run_cli("search", "bottled water station", "--db", str(db), "--limit", "3")
    assert out.returncode == 0, out.stderr
    assert "Water rationing begins" in out.stdout
    assert "[bottled]" in out.stdout or "[water]" in out.stdout.lower()
    assert out.stdout.count("Water rationing begins") == 3
    none = run_cli("search", "zeppelin", "--db", str(db))
    assert "no matches" in none.stdout


def test_search_filters(db, run_cli):
    assert "no matches" in run_cli("search", "water", "--db", str(db), "--lang", "de").stdout
    assert "no matches" in run_cli("search", "water", "--db", str(db), "--until", "2025-01-01").stdout
    hits = run_cli("search", "water", "--db", str(db), "--since", "2025-07-01", "--format", "jsonl").stdout
    assert len(hits.splitlines()) == 6


def test_export_jsonl_csv_parquet(db, tmp_path, run_cli):
    jsonl = run_cli("export", "--db", str(db), "--format", "jsonl")
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(rows) == 6 and all(r["title"].startswith("Water rationing begins") for r in rows)
    assert "exported 6 articles" in jsonl.stderr
    csv_out = run_cli("export", "--db", str(db), "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(csv_out.stdout)))) == 6
    target = tmp_path / "a.parquet"
    assert run_cli("export", "--db", str(db), "--format", "parquet", "--out", str(target)).returncode == 0
    import pyarrow.parquet as pq

    assert pq.read_table(target).num_rows == 6
    refused = run_cli("export", "--db", str(db), "--format", "parquet")
    assert refused.returncode == 2 and "--out" in refused.stderr


def test_stats_and_errors(db, run_cli):
    stats = run_cli("stats", "--db", str(db), "--format", "json")
    data = json.loads(stats.stdout)
    assert data["totals"]["articles"] == 6 and data["by_language"] == {"en": 6}
    table = run_cli("stats", "--db", str(db))
    assert "dailymeridian.co.uk" in table.stdout
    errors = run_cli("errors", "--db", str(db), "--format", "jsonl")
    [row] = [json.loads(line) for line in errors.stdout.splitlines()]
    assert row["source"].endswith("notes.pdf") and "PDF" in row["reason"]
    assert (row["stage"], row["code"]) == ("extract", "not_a_page")


def test_reprocess_rederives_without_fetching(db, run_cli):
    done = run_cli("reprocess", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "reprocessed 7 pages" in done.stderr
    stats = json.loads(run_cli("stats", "--db", str(db), "--format", "json").stdout)
    assert stats["totals"]["articles"] == 6


def test_reprocess_of_one_stage_and_the_stages_in_the_settings(db, run_cli):
    import stages_for_tests  # noqa: F401 - registers a "wordcount" stage, as a plugin would

    done = run_cli("reprocess", "--db", str(db), "--stages", "extract,wordcount", "--stage", "wordcount",
                   "--outdated-only")
    assert done.returncode == 0, done.stderr
    assert "reprocessed 6 pages" in done.stderr  # one page per article, the PDF is none
    again = run_cli("reprocess", "--db", str(db), "--stages", "extract,wordcount", "--stage", "wordcount",
                    "--outdated-only")
    assert "reprocessed 0 pages" in again.stderr
    wrong = run_cli("reprocess", "--db", str(db), "--stage", "wordcount")
    assert wrong.returncode == 2 and "no stage 'wordcount' in the pipeline (extract)" in wrong.stderr
    unknown = run_cli("ingest", str(db.parent / "pages"), "--db", str(db), "--stages", "extract,enrichh")
    assert unknown.returncode == 2 and "unknown stage enrichh" in unknown.stderr


def test_busy_or_bad_database_is_a_clear_error(tmp_path, run_cli):
    bad = tmp_path / "not-a-db.db"
    bad.write_text("this is not a database")
    out = run_cli("stats", "--db", str(bad))
    assert out.returncode == 1 and "dateline: error:" in out.stderr and "Traceback" not in out.stderr
    unreachable = run_cli("stats", "--db", "postgresql://postgres@127.0.0.1:1/none")
    assert unreachable.returncode == 1 and "Traceback" not in unreachable.stderr


def test_config_file_and_environment(tmp_path, run_cli):
    write_pages(tmp_path / "pages", 2)
    (tmp_path / "dateline.toml").write_text(f'db = "{tmp_path / "from-toml.db"}"\nbatch_size = 1\n')
    out = run_cli("ingest", str(tmp_path / "pages"), "--config", str(tmp_path / "dateline.toml"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "from-toml.db").exists()
    broken = tmp_path / "broken.toml"
    broken.write_text("db = [unclosed")
    bad = run_cli("stats", "--config", str(broken))
    assert bad.returncode == 2 and "broken.toml" in bad.stderr and "Traceback" not in bad.stderr


def test_until_a_day_includes_that_day(db, run_cli):
    day = json.loads(run_cli("stats", "--db", str(db), "--format", "json").stdout)["by_day"]
    [published] = list(day)
    out = run_cli("export", "--db", str(db), "--format", "jsonl", "--since", published, "--until", published)
    assert len(out.stdout.splitlines()) == 6


def test_default_database_is_dateline_db_in_the_working_directory(tmp_path, run_cli, monkeypatch):
    monkeypatch.delenv("DATELINE_DB", raising=False)
    write_pages(tmp_path / "pages", 1)
    done = run_cli("ingest", str(tmp_path / "pages"))
    assert done.returncode == 0, done.stderr
    here = Path.cwd()
    assert (here / "dateline.db").is_file() and here != ROOT  # run_cli works in a directory of its own
    stats = json.loads(run_cli("stats", "--format", "json").stdout)
    assert stats["totals"]["articles"] == 1
