"""The Python API as a user calls it: `dateline.extract` on bytes, text and paths; the documented entry points."""

from __future__ import annotations

import gzip
import inspect
from pathlib import Path

import pytest

import dateline
from dateline.ingest import ingest
from dateline.store import open_store

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="windows-1252">
<title>Köln: Stadtrat beschließt neues Verkehrskonzept</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Köln: Stadtrat beschließt neues Verkehrskonzept",
 "datePublished": "2025-03-04T18:30:00+01:00", "author": {"@type": "Person", "name": "Jörg Schäfer"}}</script>
</head><body><article><h1>Köln: Stadtrat beschließt neues Verkehrskonzept</h1>
<p>Der Kölner Stadtrat hat am Dienstagabend mit großer Mehrheit ein neues Verkehrskonzept für die Innenstadt beschlossen.
Die Ringe sollen bis 2027 zwei zusätzliche Radspuren erhalten, der Durchgangsverkehr wird über die Nord-Süd-Fahrt geleitet.</p>
<p>Oberbürgermeisterin Henriette Reker sprach von einem „Wendepunkt für die Stadt“. Die Opposition kritisierte die Kosten
von rund 48 Millionen Euro, die zum größten Teil aus Fördermitteln des Landes gedeckt werden sollen.</p>
<p>Die Industrie- und Handelskammer begrüßte den Beschluss grundsätzlich, mahnte aber eine bessere Erreichbarkeit
der Geschäfte für Lieferverkehr an. Die ersten Bauarbeiten sollen im Herbst beginnen.</p>
</article></body></html>"""


def _check(art: dateline.Article) -> None:
    assert art.is_article, art.reason
    assert art.title == "Köln: Stadtrat beschließt neues Verkehrskonzept"
    assert "Oberbürgermeisterin Henriette Reker" in art.body


def test_extract_takes_text_and_bytes_alike():
    _check(dateline.extract(PAGE))
    _check(dateline.extract(PAGE.encode("cp1252")))


def test_extract_reads_a_path_and_names_the_input_after_it(tmp_path: Path):
    path = tmp_path / "koeln-verkehr.html"
    path.write_bytes(PAGE.encode("cp1252"))
    art = dateline.extract(path)
    _check(art)
    assert art.input == str(path)
    assert dateline.extract(path, input_name="stadtrat").input == "stadtrat"


def test_extract_reads_a_gzipped_path(tmp_path: Path):
    path = tmp_path / "koeln-verkehr.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode("cp1252")))
    art = dateline.extract(path)
    _check(art)
    assert art.input == str(path)


def test_extract_of_a_missing_path_says_so(tmp_path: Path):
    art = dateline.extract(tmp_path / "missing.html")
    assert not art.is_article
    assert "missing.html" in (art.reason or "") and "No such file" in (art.reason or "")
    assert "please report" not in (art.reason or "")


def test_a_str_is_the_page_itself_not_a_file_name(tmp_path: Path):
    path = tmp_path / "koeln-verkehr.html"
    path.write_text(PAGE, encoding="utf-8")
    art = dateline.extract(str(path))
    assert art.title != "Köln: Stadtrat beschließt neues Verkehrskonzept"


@pytest.mark.parametrize("wrong", [None, 42, ["<p>text</p>"], {"html": PAGE}])
def test_extract_of_a_wrong_type_is_a_type_error(wrong):
    with pytest.raises(TypeError, match="bytes, str or a Path"):
        dateline.extract(wrong)


def test_extract_takes_a_bytearray():
    _check(dateline.extract(bytearray(PAGE.encode("cp1252"))))


def test_published_at_from_an_extracted_page():
    art = dateline.extract(PAGE)
    assert art.published_at is not None and art.published_at.utcoffset() is not None
    assert art.published_at.isoformat() == "2025-03-04T18:30:00+01:00"


@pytest.mark.parametrize("function, words", [
    (ingest, ["sources", "Returns", "IngestReport", "StoreError", "errors", "db", "settings"]),
    (open_store, ["SQLite", "postgresql://", "StoreError", "StoreBusy", "busy_timeout", "migrate"]),
    (dateline.open_store, ["SQLite", "postgresql://"]),
])
def test_entry_points_are_documented(function, words):
    doc = inspect.getdoc(function) or ""
    for word in words:
        assert word in doc, f"{function.__name__} docstring does not mention {word!r}"


def test_open_store_as_documented(tmp_path: Path):
    db = tmp_path / "news.db"
    report = ingest([str(tmp_path / "missing-folder")], str(db))
    assert report.errors == 1 and report.articles == 0
    with dateline.open_store(str(db)) as store:
        assert store.errors()
