"""The CLI's contract with scripts: exit codes, one-line errors, read commands that create nothing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from ingest_pages import write_pages

from dateline.config import ConfigError
from dateline.store import open_store
from dateline.store.store import StoreMissing, redact, resolve_db_url

READ_COMMANDS = [("stats",), ("search", "water"), ("export",), ("errors",)]


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_commands_never_create_a_database(tmp_path, run_cli, command):
    target = tmp_path / "typo.db"
    done = run_cli(*command, "--db", str(target))
    assert done.returncode == 1
    assert done.stderr.strip() == f"dateline: error: no database at {target}: ingest something first, or give --db"
    assert not target.exists()


def test_store_open_without_create_leaves_an_empty_file_alone(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreMissing, match="no database at"):
        open_store(str(empty), create=False)
    assert empty.stat().st_size == 0  # no tables were added


def test_postgres_without_tables_is_not_migrated_by_a_read(pg_url, run_cli):
    done = run_cli("stats", "--db", pg_url)
    assert done.returncode == 1 and "no database at" in done.stderr
    import psycopg

    schema = pg_url.split("search_path%3D")[1]
    with psycopg.connect(pg_url.split("?")[0]) as conn:
        tables = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
                              (schema,)).fetchone()
    assert tables == (0,)


@pytest.fixture
def damaged_db(tmp_path, run_cli):
    write_pages(tmp_path / "pages", 6)
    db = tmp_path / "news.db"
    assert run_cli("ingest", str(tmp_path / "pages"), "--db", str(db), "-q").returncode == 0
    size = db.stat().st_size
    with open(db, "r+b") as fh:  # keep the header page, garble the tables behind it
        fh.seek(4096 * 2)
        fh.write(bytes((i * 7919) % 251 for i in range(size - 4096 * 3)))
    return db


@pytest.mark.parametrize("command", [("stats",), ("search", "water"), ("export",), ("errors",)])
def test_a_damaged_database_is_one_line(damaged_db, run_cli, command):
    done = run_cli(*command, "--db", str(damaged_db))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300, done.stderr
    assert f"database {damaged_db} is damaged" in lines[0]
    assert "SELECT" not in done.stderr and "Traceback" not in done.stderr


def test_ingest_into_a_damaged_database_is_one_line(damaged_db, tmp_path, run_cli):
    write_pages(tmp_path / "more", 3)
    done = run_cli("ingest", str(tmp_path / "more"), "--db", str(damaged_db), "-q")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "is damaged" in done.stderr
    assert "INSERT" not in done.stderr and "SELECT" not in done.stderr


def test_a_file_that_is_no_database_is_one_line(tmp_path, run_cli):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are my notes, not a database\n" * 200)
    done = run_cli("stats", "--db", str(junk))
    assert done.returncode == 1
    assert done.stderr.strip() == (f"dateline: error: database {junk} is damaged (file is not a database): "
                                   "restore it from a backup, or ingest into a new database")


def test_a_port_that_is_not_a_number_is_a_usage_error(run_cli):
    done = run_cli("stats", "--db", "postgresql://reader:hunter2@db.example:54x2/news")
    assert done.returncode == 2
    assert "port" in done.stderr and "not a number" in done.stderr
    assert "hunter2" not in done.stderr
    with pytest.raises(ConfigError):
        resolve_db_url("postgresql://db.example:port/news")


def test_passwords_are_never_printed(run_cli):
    url = "postgresql://reader:hunter2@127.0.0.1:1/news"
    done = run_cli("stats", "--db", url)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "hunter2" not in done.stderr and "reader:***@127.0.0.1:1" in done.stderr
    assert resolve_db_url(url)[1] == "postgresql://reader:***@127.0.0.1:1/news"
    assert redact("failed: postgres://a:p%40ss@h/db and https://x:y@z/") == "failed: postgres://a:***@h/db and https://x:***@z/"
    assert redact("postgresql://reader@h/db") == "postgresql://reader@h/db"


def test_store_name_holds_no_password(tmp_path):
    from dateline.store import Store

    with open_store(str(tmp_path / "a.db")) as store:
        renamed = Store(store.engine, "postgresql://u:topsecret@h/db")
        assert "topsecret" not in renamed.name and "topsecret" not in repr(renamed)
    assert os.path.exists(tmp_path / "a.db")


# -- ingest's exit status ------------------------------------------------------------------------


def _last_line(done) -> str:
    return done.stderr.strip().splitlines()[-1]


def test_ingest_of_a_missing_file_fails(tmp_path, run_cli):
    done = run_cli("ingest", str(tmp_path / "missing.html"), "--db", str(tmp_path / "n.db"))
    assert done.returncode == 1
    assert _last_line(done) == "dateline: error: nothing ingested: 1 error and no page stored"


def test_ingest_of_a_glob_matching_nothing_fails(tmp_path, run_cli):
    done = run_cli("ingest", str(tmp_path / "*.warc.gz"), "--db", str(tmp_path / "n.db"))
    assert done.returncode == 1
    assert "no file matches this pattern" in done.stderr
    assert _last_line(done).startswith("dateline: error: nothing ingested")


def test_ingest_of_an_unreachable_url_fails(tmp_path, run_cli):
    from httpserver import LocalServer

    with LocalServer() as srv:
        url = srv.url("/story")
    done = run_cli("ingest", url, "--db", str(tmp_path / "n.db"))
    assert done.returncode == 1 and "connection refused" in done.stderr
    assert _last_line(done).startswith("dateline: error: nothing ingested")


def test_ingest_of_a_csv_whose_rows_all_fail(tmp_path, run_cli):
    corpus = tmp_path / "rows.csv"
    corpus.write_text("title,text\nFerry strike ends,\nBridge reopens,\n", encoding="utf-8")
    done = run_cli("ingest", str(corpus), "--db", str(tmp_path / "n.db"))
    assert done.returncode == 1
    assert _last_line(done) == "dateline: error: nothing ingested: 2 errors and no page stored"


def test_ingest_with_something_stored_or_nothing_new_succeeds(tmp_path, run_cli):
    write_pages(tmp_path / "pages", 3)
    db = str(tmp_path / "n.db")
    first = run_cli("ingest", str(tmp_path / "pages"), str(tmp_path / "missing.html"), "--db", db)
    assert first.returncode == 0 and "3 new articles" in first.stderr
    again = run_cli("ingest", str(tmp_path / "pages"), "--db", db)
    assert again.returncode == 0 and "3 already stored" in again.stderr


# -- stdin -------------------------------------------------------------------------------------


def test_a_url_list_on_stdin_is_fetched_like_one_in_a_file(tmp_path, run_cli, local_server):
    from httpserver import Reply
    from ingest_pages import page_variant

    for n in (1, 2):
        local_server.route(f"/news/{n}", Reply(body=page_variant(n).encode("utf-8")))
    urls = f"# tonight's stories\n{local_server.url('/news/1')}\n{local_server.url('/news/2')}\n"
    done = run_cli("ingest", "-", "--db", str(tmp_path / "n.db"), stdin=urls.encode())
    assert done.returncode == 0, done.stderr
    assert "ingested 2 pages" in done.stderr and "2 new articles" in done.stderr


# -- extract reads what ingest reads ---------------------------------------------------------------


def test_extract_reads_a_warc_record_by_record(tmp_path, run_cli):
    from test_warc import write_warc

    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, gzipped=True)
    done = run_cli("extract", str(warc))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]  # several pages: JSON Lines
    assert [r["url"] for r in rows] == ["https://courier.example/city/tram", "https://courier.example/city/tram-2",
                                        "https://gorod.example/most"]
    assert rows[1]["title"] == "Council approves new bus lane"
    assert "skipped" in done.stderr  # the image, the redirect and the 404 are named, not extracted


def test_extract_reads_a_corpus_row_by_row(tmp_path, run_cli):
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("\n".join(json.dumps({"headline": f"Harbour crane {n} collapses", "body": (
        f"A crane at berth {n} fell into the harbour on Sunday night. Nobody was hurt, the port authority said. "
        "Shipping was diverted to the outer quay while divers inspected the wreck.")}) for n in (1, 2, 3)) + "\n",
        encoding="utf-8")
    done = run_cli("extract", str(corpus), "--format", "table")
    assert done.returncode == 0, done.stderr
    assert [line.split("  ")[0] for line in done.stdout.splitlines()[2:]] == ["wire.jsonl:1", "wire.jsonl:2",
                                                                              "wire.jsonl:3"]
    assert "Harbour crane 2 collapses" in done.stdout


def test_extract_fetches_a_url_list_from_stdin(run_cli, local_server):
    from httpserver import Reply
    from ingest_pages import page_variant

    local_server.route("/news/4", Reply(body=page_variant(4).encode("utf-8")))
    done = run_cli("extract", "-", stdin=f"{local_server.url('/news/4')}\n".encode())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"].startswith("Water rationing begins in Northdale 4")


def test_cli_holds_no_reading_logic():
    import dateline.cli as cli

    source = Path(cli.__file__).read_text(encoding="utf-8")
    for name in ("read_file", "read_stdin", "expand_paths", ".fetch("):
        assert name not in source


# -- folders are read for pages ------------------------------------------------------------------

GOLD = {"V1": {"authors": ["Edda Lindqvist"], "title": "Ferry strike ends after nine days",
               "body": {"summary": [], "sections": [{"headline": [], "paragraphs": ["The strike is over."]}]},
               "publishing_date": "2025-03-02 10:00:00+01:00"}}


def _folder_with_gold_files(root: Path) -> Path:
    pages = root / "site"
    write_pages(pages, 3)
    for page in sorted(pages.glob("*.html")):  # a gold file beside each page, as annotated sets have
        page.with_suffix(".json").write_text(json.dumps(GOLD, indent=2), encoding="utf-8")
    (pages / "meta.json").write_text(json.dumps({"site": "courier", "text": ["a", "list"]}), encoding="utf-8")
    (pages / "wire.json").write_text("\n".join(json.dumps({"headline": f"Dock closes {n}", "text": (
        f"Dock {n} closed on Monday after inspectors found cracks in the quay wall, the port said.")})
        for n in (1, 2)) + "\n", encoding="utf-8")
    return pages


def test_a_folder_is_read_for_pages_not_every_file(tmp_path, run_cli):
    pages = _folder_with_gold_files(tmp_path)
    db = str(tmp_path / "n.db")
    done = run_cli("ingest", str(pages), "--db", db)
    assert done.returncode == 0, done.stderr
    # 3 pages and the 2 rows of a JSON Lines corpus; the 4 other JSON files are counted, not stored.
    assert "5 new articles" in done.stderr and "0 errors" in done.stderr
    assert "skipped 4 not a page (JSON that is no corpus of articles)" in done.stderr
    titles = [json.loads(line)["title"] for line in run_cli("export", "--db", db).stdout.splitlines()]
    assert "Edda Lindqvist" not in " ".join(t or "" for t in titles)
    assert len(titles) == 5


def test_include_exclude_and_max_pages(tmp_path, run_cli):
    pages = _folder_with_gold_files(tmp_path)
    db = str(tmp_path / "n.db")
    only_html = run_cli("ingest", str(pages), "--db", db, "--include", "*.html", "--max-pages", "2")
    assert only_html.returncode == 0, only_html.stderr
    assert "ingested 2 pages" in only_html.stderr and "2 new articles" in only_html.stderr
    assert re.search(r"skipped \d excluded by --include/--exclude", only_html.stderr)
    full = run_cli("ingest", str(pages), "--db", str(tmp_path / "other.db"), "--include", "*.html")
    assert "skipped 5 excluded by --include/--exclude" in full.stderr and "3 new articles" in full.stderr
    rest = run_cli("ingest", str(pages), "--db", db, "--exclude", "*.json")
    assert "1 new articles" in rest.stderr and "2 already stored" in rest.stderr
    bad = run_cli("ingest", str(pages), "--db", db, "--max-pages", "0")
    assert bad.returncode == 2 and "usage: dateline ingest" in bad.stderr


# -- corpora: one error for unknown columns, bounded memory for huge cells ---------------------------------


def test_unknown_columns_are_one_error_with_the_map_that_fits(tmp_path, run_cli):
    corpus = tmp_path / "export.csv"
    rows = ["headline,story_body,filed"] + [
        f'Quay {n} reopens,"Quay {n} reopened on Monday after repairs to the crane rails, the port said.",2025-04-0{n}'
        for n in range(1, 8)]
    corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = run_cli("ingest", str(corpus), "--db", str(tmp_path / "n.db"))
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if "no article text column" in line]
    assert len(errors) == 1, done.stderr
    assert "the columns are 'headline', 'story_body', 'filed'" in errors[0]
    assert errors[0].endswith("try --map text=story_body")
    fixed = run_cli("ingest", str(corpus), "--db", str(tmp_path / "n.db"), "--map", "text=story_body")
    assert fixed.returncode == 0 and "7 new articles" in fixed.stderr


def _write_csv_with_a_huge_cell(path: Path, chars: int) -> None:
    sentence = "The harbour wall report runs on and on.\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("title,text\n")
        fh.write('Quay wall report,"')
        for _ in range(chars // len(sentence)):
            fh.write(sentence)
        fh.write('"\n')
        fh.write('Ferry strike ends,"The ferry strike ended on Sunday after nine days, the union said."\n')


def test_a_huge_csv_cell_is_streamed_in_bounded_memory(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "big.csv"
    _write_csv_with_a_huge_cell(path, 40_000_000)
    # VmHWM: the peak of this process's own memory (ru_maxrss would count the forking pytest's too).
    code = ("import re, sys\nfrom dateline.sources.corpus import iter_corpus\n"
            "items = [str(getattr(i, 'source', None) or i) for i in iter_corpus(sys.argv[1])]\n"
            "print(items)\n"
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) // 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    items, peak_mb = out.stdout.splitlines()
    assert items == repr([f"{path}:2: a cell over 5,000,000 characters: row dropped", f"{path}:1000003"])
    assert int(peak_mb) < 150  # 40 MB of cell cost ~300 MB when the cell was read whole


def test_long_cells_within_the_cap_are_read_whole(tmp_path):
    from dateline.sources.corpus import iter_corpus

    body = "".join(f"Paragraph {n} of the inquiry, with \"quoted\" words, commas, and a line end.\n"
                   for n in range(40_000))  # ~3 MB: read in several pieces
    unquoted = "word " * 600_000  # ~3 MB on one line, no quotes
    path = tmp_path / "long.csv"
    path.write_text('title,text\nInquiry,"' + body.replace('"', '""') + '"\nPlain,' + unquoted + "\n"
                    "Short,The short one.\n", encoding="utf-8")
    pages = list(iter_corpus(str(path)))
    assert [p.given["title"] for p in pages] == ["Inquiry", "Plain", "Short"]
    assert pages[0].given["text"] == body and pages[1].given["text"] == unquoted
    assert pages[2].source == f"{path}:40004"


# -- every subcommand speaks for itself ------------------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "ingest", "reprocess", "errors", "export", "stats"])
def test_every_subcommand_has_a_description(run_cli, command):
    helped = run_cli(command, "--help")
    assert helped.returncode == 0
    text = helped.stdout.split("\n\n")
    assert text[0].startswith(f"usage: dateline {command}")
    assert len(text[1].split()) >= 8  # a sentence or more of its own, not only the option list


@pytest.mark.parametrize("command", [("stats",), ("errors",), ("export",), ("ingest", "x")])
def test_an_unknown_option_gets_the_subcommands_usage(run_cli, command):
    done = run_cli(*command, "--colour")
    assert done.returncode == 2
    assert done.stderr.startswith(f"usage: dateline {command[0]}")
    assert done.stderr.strip().endswith(f"dateline {command[0]}: error: unrecognized arguments: --colour")


def test_a_usage_error_of_a_command_shows_its_usage(tmp_path, run_cli):
    done = run_cli("export", "--format", "parquet", "--db", str(tmp_path / "n.db"))
    assert done.returncode == 2
    assert done.stderr.startswith("usage: dateline export") and "--format parquet needs --out FILE" in done.stderr


def test_lang_is_checked_against_iso_639_1(tmp_path, run_cli):
    bad = run_cli("export", "--lang", "english", "--db", str(tmp_path / "n.db"))
    assert bad.returncode == 2 and "not an ISO 639-1 language code: 'english'" in bad.stderr
    assert run_cli("export", "--lang", "xq", "--db", str(tmp_path / "n.db")).returncode == 2
    from dateline.iso639 import check_language

    assert check_language("EN") == "en" and check_language("pt_BR") == "pt-BR"


def test_stats_top_n(tmp_path, run_cli):
    pages = tmp_path / "pages"
    write_pages(pages, 2)
    for n, host in enumerate(["courier.example", "gazette.example", "herald.example"]):
        page = (pages / "story-0000.html").read_text(encoding="utf-8")
        page = page.replace("water-rationing-0", f"water-rationing-{host}-{n}").replace(
            "Water rationing begins", f"Storm {n} begins")
        (pages / f"other-{n}.html").write_text(page.replace("https://www.", f"https://{host}/x/"), encoding="utf-8")
    db = str(tmp_path / "n.db")
    assert run_cli("ingest", str(pages), "--db", db, "-q").returncode == 0
    every = json.loads(run_cli("stats", "--db", db, "--format", "json").stdout)
    top = json.loads(run_cli("stats", "--db", db, "--format", "json", "--top", "1").stdout)
    assert len(every["by_site"]) > 1 and len(top["by_site"]) == 1
    assert list(top["by_site"].items())[0] == max(every["by_site"].items(), key=lambda kv: kv[1])


# -- counts ------------------------------------------------------------------------------------


def test_progress_bar_and_summary_give_the_same_counts(tmp_path, run_cli):
    write_pages(tmp_path / "pages", 4)
    done = run_cli("ingest", str(tmp_path / "pages"), "--db", str(tmp_path / "n.db"), "--progress", "always")
    assert done.returncode == 0, done.stderr
    counts = "4 new articles, 0 updated, 0 not articles, 0 duplicates, 0 already stored, 0 errors"
    bar_lines = [line for line in done.stderr.replace("\r", "\n").splitlines() if "dateline:" not in line]
    assert any(counts in line for line in bar_lines), done.stderr  # the bar's last state
    assert done.stderr.strip().splitlines()[-1].endswith(counts)  # the summary


def test_reprocess_with_nothing_changed_updates_nothing(tmp_path, run_cli):
    write_pages(tmp_path / "pages", 4)
    db = str(tmp_path / "n.db")
    assert run_cli("ingest", str(tmp_path / "pages"), "--db", db, "-q").returncode == 0
    before = run_cli("export", "--db", db).stdout
    done = run_cli("reprocess", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "reprocessed 4 pages" in done.stderr and "0 new articles, 0 updated" in done.stderr
    assert run_cli("export", "--db", db).stdout == before
