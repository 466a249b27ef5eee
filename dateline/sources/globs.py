"""Source arguments to file paths: files, directories (recursive) and glob patterns.

Shells expand `*.warc.gz` themselves, but not inside quotes, not `**`, and not on Windows;
so patterns are expanded here too. A pattern or path that matches nothing is an error that
names it, never a silent empty run.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator

from .errors import SourceError
from .files import iter_paths

_GLOB_CHARS = frozenset("*?[")


def is_pattern(target: str) -> bool:
    return any(c in target for c in _GLOB_CHARS) and not os.path.exists(target)


def expand_paths(targets: Iterable[str]) -> Iterator[str | SourceError]:
    """Every file named by `targets`, once each, in order: a file itself, a directory's files
    recursively (hidden ones skipped, sorted), a pattern's matches sorted (`**` recurses)."""
    seen: set[str] = set()
    for target in targets:
        if is_pattern(target):
            matches = sorted(glob.iglob(os.path.expanduser(target), recursive=True))
            if not matches:
                yield SourceError(f"{target}: no file matches this pattern")
                continue
            paths: Iterable[str] = (p for m in matches for p in iter_paths(m))
        elif os.path.exists(target):
            paths = iter_paths(target)
        else:
            yield SourceError(f"{target}: no such file or directory")
            continue
        for path in paths:
            if os.path.isdir(path):
                continue
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                yield path
