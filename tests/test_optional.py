"""Optional dependencies: a missing extra is a readable error that names the install command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.optional import MissingDependency, require

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_missing_module_names_the_extra_to_install():
    with pytest.raises(MissingDependency) as info:
        require("dateline_no_such_module.parquet", extra="parquet", purpose="writing Parquet")
    assert str(info.value) == "writing Parquet needs dateline_no_such_module: pip install 'dateline[parquet]'"
    assert isinstance(info.value, DatelineError) and info.value.extra == "parquet"
    assert isinstance(info.value.__cause__, ImportError)


def test_uninstalled_package_reads_as_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what an install without the extra looks like
    with pytest.raises(MissingDependency, match=r"a PostgreSQL store needs psycopg: pip install 'dateline\[postgres\]'"):
        require("psycopg", extra="postgres", purpose="a PostgreSQL store")


def test_installed_module_is_returned():
    import json

    assert require("json", extra="none", purpose="reading JSON") is json


def test_a_broken_install_is_not_mistaken_for_a_missing_extra(tmp_path, monkeypatch):
    """The package is there but its own import fails: the real ImportError, not advice to install it."""
    (tmp_path / "dateline_half_installed.py").write_text("import dateline_absent_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError) as info:
        require("dateline_half_installed", extra="parquet", purpose="writing Parquet")
    assert not isinstance(info.value, MissingDependency)
    assert info.value.name == "dateline_absent_dependency"


def test_the_cli_says_which_extra_a_parquet_export_needs(run_cli, monkeypatch, tmp_path):
    assert run_cli("ingest", str(EXAMPLES / "wire-reuters.html"), "--db", str(tmp_path / "news.db"), "-q").returncode == 0
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    done = run_cli("export", "--format", "parquet", "--out", str(tmp_path / "out.parquet"),
                   "--db", str(tmp_path / "news.db"))
    assert done.returncode == 1
    assert "writing Parquet needs pyarrow: pip install 'dateline[parquet]'" in done.stderr
    assert "internal error" not in done.stderr


def test_the_cli_says_which_extra_a_postgresql_store_needs(run_cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    done = run_cli("stats", "--db", "postgresql://postgres@127.0.0.1:5432/test")
    assert done.returncode == 1
    assert "a PostgreSQL store needs psycopg: pip install 'dateline[postgres]'" in done.stderr
