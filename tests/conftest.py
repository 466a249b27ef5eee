"""Fixtures shared by the test files: the CLI run in-process, a local HTTP server, PostgreSQL.

Everything a test writes goes under its own tmp_path (or a directory made for it), so the
suite runs in parallel (pytest -n auto) and leaves nothing in the repository.
"""

from __future__ import annotations

import io
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from httpserver import LocalServer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"

# The PostgreSQL server the tests use: a URL of a database they may connect to in order to
# create (and drop) databases of their own. Nothing is written to this database itself.
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
PG_ADMIN_URL = os.environ.get("DATELINE_TEST_PG") or PG_DEFAULT


# Ingest enriches by default; most tests are about extraction, the store and the ingest loop, and
# run the command line (here or in a child process) on extraction alone, as `--stages extract`
# would. Tests of enrichment ask for it (or delete the variable to test the default).
os.environ.setdefault("DATELINE_STAGES", "extract")


# -- the command line, in-process ----------------------------------------------------------------


@dataclass
class CliResult:
    """What a run of `dateline ...` gave: the same fields as subprocess.CompletedProcess."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            tmp_path_factory: pytest.TempPathFactory) -> Callable[..., CliResult]:
    """Run `dateline ARGS...` in this process (dateline.cli.main) as a user would from an empty
    directory of its own; `stdin` bytes are what the command reads from standard input."""
    from dateline.cli import main

    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))  # ./dateline.db, ./dateline.toml: not the repository's

    def run(*args: str, stdin: bytes = b"") -> CliResult:
        capsys.readouterr()  # what the test printed before is not the command's output
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: usage errors (2), --help and --version (0)
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        out = capsys.readouterr()
        return CliResult(list(args), code, out.out, out.err)

    return run


# -- a local HTTP server -------------------------------------------------------------------------


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A LocalServer on 127.0.0.1 at a free port, with no routes yet (tests/httpserver.py)."""
    with LocalServer() as server:
        yield server


# -- PostgreSQL -----------------------------------------------------------------------------------


def pg_url_for(database: str) -> str:
    """The URL of `database` on the test server (DATELINE_TEST_PG with its database replaced)."""
    parts = urlsplit(PG_ADMIN_URL)
    return urlunsplit(parts._replace(path="/" + database))


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """The URL of a fresh database for this test session (one per xdist worker), dropped at the end.

    Skips when the server at DATELINE_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test)
    cannot be reached.
    """
    psycopg = pytest.importorskip("psycopg", reason="PostgreSQL tests need psycopg: pip install 'dateline[postgres]'")
    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} (set DATELINE_TEST_PG): {reason}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # gw0, gw1... under pytest -n
    name = f"dateline_test_{worker}_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url_for(name)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_schema_url(database: str) -> str:
    """The URL of an empty schema of its own in `database` (a store per test or per module)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{database}{'&' if '?' in database else '?'}options=-csearch_path%3D{schema}"


def migrate(store: Any, revision: str, *, up: bool = False) -> None:
    """The store's schema taken down (or `up`) to `revision` with Alembic, in a transaction of its own."""
    from alembic import command
    from alembic.config import Config

    from dateline.store.store import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(config, revision)


def address(store: Any) -> str:
    """What `Store.open` takes to open this store again: its file, or its URL with the password."""
    return store.name if store.dialect == "sqlite" else store.engine.url.render_as_string(False)


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """An empty PostgreSQL store for one test: a schema of its own in the session's database."""
    return pg_schema_url(pg_database)
