"""Source arguments to file paths: files, directories (recursive) and glob patterns.

Shells expand `*.warc.gz` themselves, but not inside quotes, not `**`, and not on Windows;
so patterns are expanded here too. A pattern or path that matches nothing is an error that
names it, never a silent empty run.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable, Iterator, Sequence

from .errors import Skipped, SourceError
from .files import iter_paths

_GLOB_CHARS = frozenset("*?[")


def is_pattern(target: str) -> bool:
    return any(c in target for c in _GLOB_CHARS) and not os.path.exists(target)


EXCLUDED = "excluded by --include/--exclude"


def _selected(path: str, root: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Does a file found under `root` pass the --include/--exclude globs? A glob is matched against
    the path below the folder and against the file name (`*.html`, `2025/*`, `*/gold/*`)."""
    names = (os.path.relpath(path, root) if os.path.isdir(root) else path, os.path.basename(path))

    def hit(patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in patterns for name in names)

    return (not include or hit(include)) and not hit(exclude)


def expand_paths(targets: Iterable[str], include: Sequence[str] = (),
                 exclude: Sequence[str] = ()) -> Iterator[str | SourceError | Skipped]:
    """Every file named by `targets`, once each, in order: a file itself, a directory's files
    recursively (hidden ones skipped, sorted), a pattern's matches sorted (`**` recurses).

    Files found in a directory or by a pattern are kept only when they pass the `include` and
    `exclude` globs (a file named on its own always is); the others come back as `Skipped`."""
    seen: set[str] = set()
    for target in targets:
        if is_pattern(target):
            matches = sorted(glob.iglob(os.path.expanduser(target), recursive=True))
            if not matches:
                yield SourceError(f"{target}: no file matches this pattern")
                continue
            paths: Iterable[tuple[str, str]] = ((p, m) for m in matches for p in iter_paths(m))
        elif os.path.exists(target):
            paths = ((p, target) for p in iter_paths(target))
        else:
            yield SourceError(f"{target}: no such file or directory")
            continue
        for path, root in paths:
            if os.path.isdir(path):
                continue
            if (include or exclude) and path != target and not _selected(path, root, include, exclude):
                yield Skipped(path, {EXCLUDED: 1})
                continue
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                yield path
