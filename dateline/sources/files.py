"""Pages from the file system and stdin."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..model import Page, utc_now_iso
from .errors import SourceError

# A page bigger than this is not a news article; read only its head so memory stays bounded.
MAX_FILE_BYTES = 64 * 1024 * 1024


# dateline's own database files, which `dateline ingest .` would otherwise find beside the pages.
_DATABASE_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".sqlite3")


def iter_paths(target: str) -> Iterator[str]:
    """A file yields itself; a directory yields its files recursively, sorted, hidden and database files skipped."""
    path = Path(target)
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and not name.endswith(_DATABASE_SUFFIXES):
                    yield str(Path(root) / name)
    else:
        yield target


def read_file(path: str, max_bytes: int = MAX_FILE_BYTES) -> Page:
    try:
        with open(path, "rb") as fh:
            content = fh.read(max_bytes)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return Page(content=content, source=path, fetched_at=utc_now_iso())


def read_stdin(max_bytes: int = MAX_FILE_BYTES) -> Page:
    content = sys.stdin.buffer.read(max_bytes)
    return Page(content=content, source="-", fetched_at=utc_now_iso())
