"""Corpora of extracted articles (JSON Lines, CSV) to pages, and pages to articles without HTML."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from dateline.extract.given import article_from_given, normalise_date, split_paragraphs
from dateline.model import Page
from dateline.sources.corpus import iter_corpus, looks_like_corpus, parse_mapping
from dateline.sources.errors import SourceError
from dateline.sources.globs import expand_paths

FLOODS = ("LISBON (AP) — Heavy rain flooded streets in the Portuguese capital on Wednesday, "
          "stranding drivers and closing two metro stations.\n\n"
          "The civil protection agency said more than 300 calls were received overnight.\n"
          "No injuries were reported.\n\n"
          "Forecasters expect the rain to ease by Friday.")
ROWS = [
    {"id": "n-1", "headline": "Floods close Lisbon metro stations", "body": FLOODS,
     "pubdate": "2024-11-13T18:05:00Z", "link": "https://wire.example/floods", "author": ["Rita Sousa"],
     "lang": "en", "tags": ["weather", "portugal"]},
    {"id": "n-2", "title": "Ferry strike ends", "content": "Ferry crews returned to work on Monday.\nTimetables "
     "are back to normal.", "date": "Mon, 04 Mar 2024 07:15:00 +0100", "url": "https://wire.example/ferry"},
]


def _jsonl(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_jsonl_with_aliases_and_bad_lines(tmp_path: Path):
    path = _jsonl(tmp_path / "wire.jsonl", [json.dumps(ROWS[0]), "{not json", "",
                                            json.dumps({"id": "n-3", "title": "Photo gallery"}),
                                            json.dumps(["a", "list"]), json.dumps(ROWS[1])])
    items = list(iter_corpus(path))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Page", "SourceError", "SourceError", "SourceError", "Page"]
    first, last = items[0], items[-1]
    assert isinstance(first, Page) and isinstance(last, Page)
    assert first.source == f"{path}:1" and last.source == f"{path}:6"
    assert first.url == "https://wire.example/floods"
    assert first.given["title"] == "Floods close Lisbon metro stations"
    assert first.given["published"] == "2024-11-13T18:05:00Z"
    assert first.given["authors"] == "Rita Sousa" and first.given["language"] == "en"
    assert first.given["tags"] == "weather; portugal"  # unknown columns are kept under their name
    assert first.content == FLOODS.encode()
    assert str(items[1]).startswith(f"{path}:2: invalid JSON")
    assert str(items[2]).startswith(f"{path}:4: no article text")
    assert str(items[3]) == f"{path}:5: a JSON list, not an object"


def test_explicit_mapping_beats_aliases(tmp_path: Path):
    row = {"summary": "Short teaser.", "story_html_text": "The full story is here.", "when": "2024-02-01",
           "content": "teaser again"}
    path = _jsonl(tmp_path / "x.jsonl", [json.dumps(row)])
    mapping = parse_mapping(["text=story_html_text", "published=when"])
    (page,) = iter_corpus(path, mapping)
    assert isinstance(page, Page)
    assert page.given["text"] == "The full story is here." and page.given["published"] == "2024-02-01"
    with pytest.raises(ValueError):
        parse_mapping(["text"])


def test_csv_with_multiline_cells_semicolons_and_missing_text(tmp_path: Path):
    path = tmp_path / "export.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Article ID", "Headline", "Article Text", "Publish Date", "Site"])
        w.writerow(["7", "Ferry strike ends", "Ferry crews returned to work.\n\nTimetables are normal.",
                    "4 March 2024", "Harbour Times"])
        w.writerow(["8", "Empty row", "", "2024-03-05", "Harbour Times"])
        w.writerow(["9", "Bridge repairs", "Repairs begin on the old bridge.", "2024-03-06", "Harbour Times"])
    items = list(iter_corpus(str(path)))
    assert [type(i).__name__ for i in items] == ["Page", "SourceError", "Page"]
    assert items[0].source == f"{path}:2"
    assert str(items[1]).startswith(f"{path}:5: no article text")  # line numbers count the cell's newlines
    assert items[2].source == f"{path}:6"
    assert items[0].given == {"id": "7", "title": "Ferry strike ends", "published": "4 March 2024",
                              "source": "Harbour Times",
                              "text": "Ferry crews returned to work.\n\nTimetables are normal."}


def test_huge_csv_field_and_gzipped_jsonl(tmp_path: Path):
    big = "Word " * 60_000  # 300 KB: beyond csv's default field limit of 128 KB
    path = tmp_path / "big.csv"
    path.write_text(f'title,text\nLong read,"{big}"\n', encoding="utf-8")
    (page,) = iter_corpus(str(path))
    assert isinstance(page, Page) and len(page.content) == len(big)
    gz = tmp_path / "wire.jsonl.gz"
    gz.write_bytes(gzip.compress((json.dumps(ROWS[1]) + "\n").encode()))
    (page,) = iter_corpus(str(gz))
    assert isinstance(page, Page) and page.given["title"] == "Ferry strike ends"
    assert looks_like_corpus(str(gz)) and looks_like_corpus("a.csv") and not looks_like_corpus("a.warc.gz")


def test_missing_file_is_an_error(tmp_path: Path):
    (err,) = iter_corpus(str(tmp_path / "nope.jsonl"))
    assert isinstance(err, SourceError) and "nope.jsonl: cannot read" in str(err)


def test_article_from_a_corpus_row(tmp_path: Path):
    path = _jsonl(tmp_path / "wire.jsonl", [json.dumps(ROWS[0]), json.dumps(ROWS[1])])
    floods, ferry = (article_from_given(p) for p in iter_corpus(path))
    assert floods.is_article and floods.title == "Floods close Lisbon metro stations"
    assert floods.published == "2024-11-13T18:05:00+00:00" and floods.evidence["published"] == "corpus"
    assert [p.text for p in floods.paragraphs][1] == (
        "The civil protection agency said more than 300 calls were received overnight. No injuries were reported.")
    assert len(floods.paragraphs) == 3
    assert floods.dateline is not None and floods.dateline.place == "Lisbon" and floods.agency == "AP"
    assert floods.lede.startswith("Heavy rain flooded streets")
    assert floods.language == "en" and floods.authors == ["Rita Sousa"]
    assert floods.url == "https://wire.example/floods" and floods.input == f"{path}:1"
    assert floods.evidence["format"] == "corpus"
    assert ferry.published == "2024-03-04T07:15:00+01:00"
    assert [p.text for p in ferry.paragraphs] == ["Ferry crews returned to work on Monday.",
                                                  "Timetables are back to normal."]


def test_paragraph_and_date_helpers():
    assert split_paragraphs("One\r\ntwo\r\n\r\n  Three  ") == ["One two", "Three"]
    assert split_paragraphs("a\nb\n\n\n") == ["a", "b"]
    assert normalise_date("1710000000") == "2024-03-09T16:00:00+00:00"
    assert normalise_date("March 5, 2024") == "2024-03-05"
    assert normalise_date("soon") is None and normalise_date("") is None


def test_globs_and_directories(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    for name in ("a/one.warc.gz", "a/b/two.warc.gz", "a/b/notes.txt", "a/.hidden.warc.gz"):
        (tmp_path / name).write_bytes(b"x")
    found = list(expand_paths([str(tmp_path / "a" / "**" / "*.warc.gz"), str(tmp_path / "a" / "b"),
                               str(tmp_path / "none-*.jsonl"), str(tmp_path / "missing.csv")]))
    paths = [p for p in found if isinstance(p, str)]
    assert paths == [str(tmp_path / "a/b/two.warc.gz"), str(tmp_path / "a/one.warc.gz"),
                     str(tmp_path / "a/b/notes.txt")]
    errors = [str(e) for e in found if isinstance(e, SourceError)]
    assert errors == [f"{tmp_path}/none-*.jsonl: no file matches this pattern",
                      f"{tmp_path}/missing.csv: no such file or directory"]


def test_pipeline_builds_corpus_rows_without_html(tmp_path: Path):
    from dateline.pipeline import process

    path = _jsonl(tmp_path / "wire.jsonl", [json.dumps(ROWS[1])])
    (page,) = iter_corpus(path)
    art = process(page).article
    assert art is not None
    assert art.evidence["format"] == "corpus" and art.title == "Ferry strike ends"
    assert art.body == "Ferry crews returned to work on Monday.\n\nTimetables are back to normal."
