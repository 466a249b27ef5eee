"""Lists of URLs in a text file: one URL a line, blank lines and # comments skipped."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from .errors import SourceError
from .refs import PageRef

# A comment starts a line or follows whitespace: "#" inside a URL is a fragment, not a comment.
_COMMENT = re.compile(r"(^|\s)#.*$")


def iter_url_lines(lines: Iterable[str], source: str) -> Iterator[PageRef | SourceError]:
    """PageRefs from lines of text; a line that is not an http(s) URL is a SourceError naming source:line."""
    for number, raw in enumerate(lines, 1):
        line = _COMMENT.sub("", raw.lstrip("\ufeff")).strip()
        if not line:
            continue
        parts = urlsplit(line)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in line):
            yield SourceError(f"{source}:{number}: not an http(s) URL: {line[:200]!r}")
            continue
        yield PageRef(url=line, source=source)


def read_url_list(path: str) -> Iterator[PageRef | SourceError]:
    """PageRefs from a URL list file ("-" reads stdin); a file that cannot be read yields one SourceError."""
    if path == "-":
        yield from iter_url_lines(sys.stdin, "-")
        return
    try:
        fh = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below, read lazily
    except FileNotFoundError:
        yield SourceError(f"{path}: no such file")
        return
    except IsADirectoryError:
        yield SourceError(f"{path}: is a directory")
        return
    except OSError as exc:
        yield SourceError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    with fh:
        yield from iter_url_lines(fh, path)


def looks_like_url_list(text: str, sample_lines: int = 20) -> bool:
    """True when nearly all of the first non-comment lines of a text are http(s) URLs.

    One stray line (a typo, a pasted title) does not turn a list into a page: it is
    reported as a bad line when the list is read.
    """
    urls = others = 0
    for raw in text.splitlines():
        line = _COMMENT.sub("", raw.lstrip("\ufeff")).strip()
        if not line:
            continue
        if re.match(r"https?://\S+$", line, re.I):
            urls += 1
        else:
            others += 1
        if urls + others >= sample_lines:
            break
    return urls >= 2 * others + 1 and urls >= 0.8 * (urls + others)
