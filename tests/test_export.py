"""Exports of stored articles: JSON Lines, CSV and Parquet, streamed, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_store import db_url, ferry, library, markt, store  # noqa: F401 - fixtures and inputs

from dateline.model import Article, Page
from dateline.store import ArticleFilter, Processed, Store
from dateline.store.export import COLUMNS, export_articles, export_bytes


@pytest.fixture
def filled(store: Store) -> Store:  # noqa: F811
    store.write_batch([ferry(), library(), markt()])
    return store


def test_jsonl_carries_whole_articles(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert export_articles(filled, "jsonl", out) == 3
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["title"] for r in records] == [
        "Ferry crews strike over night shifts",
        "Library to stay open until midnight",
        "Wochenmarkt wächst wieder",
    ]
    first = records[0]
    expected = ferry().article.to_dict()
    assert {k: first[k] for k in expected} == expected
    assert first["site"] == "harbourtimes.com" and first["id"] >= 1
    assert first["published_at"] == "2026-03-03T06:15:00+00:00"
    assert "wächst" in out.read_text("utf-8")  # UTF-8, not \\u escapes


def test_csv_is_flat_with_a_header(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    assert export_articles(filled, "csv", out, ArticleFilter(lang="en")) == 2
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["authors"] == "Mara Quill" and rows[1]["authors"] == "Tom Reyes; Ana Lind"
    assert rows[0]["tags"] == "transport; labour"
    # Multi-line bodies survive quoting.
    assert rows[0]["body"] == ferry().article.body


def test_parquet_types_and_row_groups(store: Store, tmp_path: Path) -> None:  # noqa: F811
    body = "Residents of the harbour district were asked to conserve water during repairs to the main. "
    items = [
        Processed(Page(content=f"<p>notice {i}</p>".encode(), url=f"https://www.harbourtimes.com/notices/{i}"),
                  Article(is_article=True, url=f"https://www.harbourtimes.com/notices/{i}", title=f"Notice {i}",
                          body=body * 3 + f"Notice number {i}.", authors=["City Desk"], language="en",
                          published=f"2026-03-{1 + i % 9:02d}"))
        for i in range(25)
    ]
    store.write_batch(items)
    out = tmp_path / "articles.parquet"
    assert export_articles(store, "parquet", out, batch_size=10) == 25
    meta = pq.ParquetFile(out)
    assert meta.num_row_groups == 3
    table = meta.read()
    assert table.column_names == list(COLUMNS)
    assert str(table.schema.field("authors").type) == "list<element: string>"
    assert str(table.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    assert table.column("authors")[0].as_py() == ["City Desk"]
    assert table.column("title").to_pylist()[:2] == ["Notice 0", "Notice 1"]
    # Filters apply as in search.
    assert export_articles(store, "parquet", tmp_path / "day.parquet", ArticleFilter(since="2026-03-02", until="2026-03-02")) == 3


def test_export_to_streams_and_empty_results(filled: Store) -> None:
    text = io.StringIO()
    assert export_articles(filled, "jsonl", text, ArticleFilter(site="stadtbote.de")) == 1
    assert json.loads(text.getvalue())["language"] == "de"
    assert export_bytes(filled, "csv", ArticleFilter(site="nowhere.example")).decode().splitlines() == [",".join(COLUMNS)]
    empty = pq.read_table(io.BytesIO(export_bytes(filled, "parquet", ArticleFilter(lang="fr"))))
    assert empty.num_rows == 0 and empty.column_names == list(COLUMNS)
    with pytest.raises(ValueError, match="unknown export format"):
        export_articles(filled, "xml", io.StringIO())


def test_export_streams_in_little_memory(tmp_path: Path) -> None:
    """4000 articles of ~3 KB: memory stays at a batch, not the whole table."""
    big = Store.open(str(tmp_path / "big.db"))
    paragraph = "The harbour authority published its quarterly report on shipping volumes and berth usage. "
    for start in range(0, 4000, 500):
        big.write_batch([
            Processed(Page(content=f"<p>report {i}</p>".encode(), url=f"https://ports.example.org/r/{i}"),
                      Article(is_article=True, url=f"https://ports.example.org/r/{i}", title=f"Report {i}",
                              body=paragraph * 32 + str(i), language="en"))
            for i in range(start, start + 500)
        ])
    total = 4000 * len(paragraph) * 32
    for fmt in ("jsonl", "csv", "parquet"):
        tracemalloc.start()
        n = export_articles(big, fmt, tmp_path / f"out.{fmt}", batch_size=200)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert n == 4000
        assert peak < total / 4, (fmt, peak, total)
    big.close()


def test_every_format_has_the_same_columns(filled: Store) -> None:
    import pyarrow.parquet as pq

    first_json = json.loads(export_bytes(filled, "jsonl").decode().splitlines()[0])
    header = next(csv.reader(io.StringIO(export_bytes(filled, "csv").decode())))
    parquet = pq.read_table(io.BytesIO(export_bytes(filled, "parquet")))
    assert list(first_json) == header == parquet.column_names == list(COLUMNS)
    # Nested fields travel as JSON text in the flat formats, and come back equal.
    row = next(csv.DictReader(io.StringIO(export_bytes(filled, "csv").decode())))
    assert json.loads(row["paragraphs"]) == first_json["paragraphs"]
    assert json.loads(parquet.column("evidence")[0].as_py()) == first_json["evidence"]
    assert parquet.column("is_article")[0].as_py() is True and row["is_article"] == "true"
