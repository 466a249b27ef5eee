"""Corpora of already-extracted articles: JSON Lines or CSV/TSV (optionally gzipped).

Each row becomes a `Page` whose `given` holds the standard fields (id, title, text, published,
url, source, plus authors and language when present); the pipeline builds the article from
them without HTML (see dateline/extract/given.py). Column names are matched to the standard
fields by an explicit mapping (`--map text=body`) first, then by common aliases. A bad row
yields a `SourceError` naming `path:line`, and reading goes on.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..model import Page
from .errors import Skipped, SourceError

STANDARD_FIELDS = ("id", "title", "text", "published", "url", "source")
# Lower-cased column names (spaces and dashes read as underscores) that mean a standard field.
ALIASES: dict[str, str] = {
    **{name: "text" for name in ("text", "body", "content", "article", "article_body", "articlebody",
                                 "maintext", "main_text", "full_text", "fulltext", "story", "article_text")},
    **{name: "published" for name in ("published", "date", "pubdate", "pub_date", "publish_date",
                                      "published_at", "publication_date", "date_publish", "datetime",
                                      "date_published", "datepublished", "timestamp", "time")},
    **{name: "url" for name in ("url", "link", "href", "uri", "article_url", "source_url")},
    **{name: "title" for name in ("title", "headline", "heading", "header")},
    **{name: "id" for name in ("id", "doc_id", "docid", "article_id", "uuid", "guid", "_id")},
    **{name: "source" for name in ("source", "site", "publisher", "outlet", "source_name", "domain",
                                   "media", "newspaper", "sitename", "site_name")},
    **{name: "authors" for name in ("authors", "author", "byline", "creator", "creators", "writer")},
    **{name: "language" for name in ("language", "lang", "language_code", "locale")},
}
MAX_TEXT_CHARS = 5_000_000  # one article; a cell beyond this is a dump, not a story
_CORPUS_NAME = re.compile(r"\.(?:jsonl|ndjson|jsonlines|csv|tsv)(?:\.gz)?$", re.I)


def looks_like_corpus(path: str) -> bool:
    return bool(_CORPUS_NAME.search(path))


NOT_A_PAGE_JSON = "not a page (JSON that is no corpus of articles)"


def sniff_json(path: str, mapping: dict[str, str] | None = None, head_bytes: int = 1 << 20) -> str | None:
    """What a file that is not named as a corpus holds, by content: "corpus" for JSON Lines of
    articles (a first line that is an object with a text field), "other" for any other JSON (a
    document, a gold file, metadata), None for what is not JSON (a page, a text dump...)."""
    try:
        with _open_text(path) as fh:
            head = fh.read(head_bytes)
    except (OSError, EOFError, UnicodeError):
        return None
    start = head.lstrip()
    named_json = path.lower().removesuffix(".gz").endswith(".json")
    if not start.startswith(("{", "[")) or (start.startswith("[") and not named_json):
        return None
    first = start.split("\n", 1)[0].strip()
    try:
        row = json.loads(first)
    except json.JSONDecodeError:
        row = None
    if isinstance(row, dict):
        text_column = (mapping or {}).get("text")
        keys = [k for k in row if isinstance(k, str)]
        texts = [k for k in keys if (k == text_column if text_column else ALIASES.get(_norm(k)) == "text")]
        if any(isinstance(row[k], str) for k in texts):
            return "corpus"
        return "other"
    if row is None and not named_json:
        try:  # a whole document on many lines, or a cut head of one
            json.loads(start)
        except json.JSONDecodeError as exc:
            if exc.pos < len(start) - 1 or len(head) < head_bytes:
                return None  # not JSON after all ("{{template}}" text, a brace-led note)
    return "other"


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """["text=body", "published=date"] (the --map flags) to {"text": "body", "published": "date"}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ValueError(f"--map expects FIELD=COLUMN, got {pair!r}")
        mapping[field.strip().lower()] = column.strip()
    return mapping


def iter_corpus(path: str, mapping: dict[str, str] | None = None) -> Iterator[Page | SourceError | Skipped]:
    """One Page per row of a JSON Lines or CSV/TSV corpus (format from the name, else sniffed)."""
    try:
        fh = _open_text(path)
    except OSError as exc:
        yield SourceError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    with fh:
        fmt = _format(path, fh)
        rows = _json_rows(fh) if fmt == "jsonl" else _csv_rows(fh, "\t" if fmt == "tsv" else None)
        columns = _Columns(mapping or {})
        unmapped: set[tuple[str, ...]] = set()  # column sets without a text column, reported once each
        passed_over = 0
        try:
            for line, row in rows:
                if isinstance(row, str):
                    yield SourceError(f"{path}:{line}: {row}")
                    continue
                keys = tuple(k for k in row if isinstance(k, str))
                if "text" not in columns.resolve(keys).values():
                    if keys in unmapped:
                        passed_over += 1
                    else:
                        unmapped.add(keys)
                        yield SourceError(f"{path}:{line}: {_no_text_column(row, columns)}")
                    continue
                yield _page(row, columns, f"{path}:{line}")
        except (OSError, EOFError, UnicodeError) as exc:  # a cut gzip, a disk error: stop this file
            yield SourceError(f"{path}: cannot read further ({exc})")
        if passed_over:
            yield Skipped(path, {NO_TEXT_COLUMN: passed_over})


class _Columns:
    """Which column feeds which field: explicit mapping first, then aliases; learned per key set."""

    def __init__(self, mapping: dict[str, str]):
        self.mapping = mapping
        self._cache: dict[tuple[str, ...], dict[str, str]] = {}

    def resolve(self, keys: tuple[str, ...]) -> dict[str, str]:
        """{column: field} for the given row keys."""
        found = self._cache.get(keys)
        if found is not None:
            return found
        result: dict[str, str] = {}
        taken: set[str] = set()
        for field, column in self.mapping.items():
            if column in keys:
                result[column] = field
                taken.add(field)
        if "dateline_version" in keys and "id" not in taken:
            # dateline's own export: its "id" is the row of the store it came from, not the
            # source's id, which it carries as "source_id".
            result["id"] = "dateline_id"
            if "source_id" in keys:
                result["source_id"] = "id"
            taken.add("id")
        # Exact standard names win over aliases ("text" over "content" when both are there).
        for key in sorted(keys, key=lambda k: _norm(k) not in STANDARD_FIELDS):
            if key in result:
                continue
            alias = ALIASES.get(_norm(key))
            if alias and alias not in taken:
                result[key] = alias
                taken.add(alias)
        self._cache[keys] = result
        return result


NO_TEXT_COLUMN = "rows without a text column (see the error about their columns)"


def _no_text_column(row: dict[str, Any], columns: _Columns) -> str:
    """The one error for rows whose columns include no article text: the columns, and the --map to use."""
    fields = columns.resolve(tuple(k for k in row if isinstance(k, str)))
    names = [k for k in row if isinstance(k, str)]
    free = [k for k in names if k not in fields and isinstance(row[k], str)]
    longest = max(free or names or ["COLUMN"], key=lambda k: len(row[k]) if isinstance(row.get(k), str) else -1)
    wanted = columns.mapping.get("text")
    shown = ", ".join(repr(n) for n in names[:30]) + (", ..." if len(names) > 30 else "")
    head = (f"no column {wanted!r} (from --map text={wanted})" if wanted
            else "no article text column (text, body, content, article...)")
    return f"{head}; the columns are {shown or 'none'}: try --map text={longest}"


def _norm(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())


def _page(row: dict[str, Any], columns: _Columns, where: str) -> Page | SourceError:
    fields = columns.resolve(tuple(k for k in row if isinstance(k, str)))
    given: dict[str, str] = {}
    for column, value in row.items():
        if not isinstance(column, str) or value is None:
            continue
        text = _as_text(value)
        if not text.strip():
            continue
        given[fields.get(column, column)] = text
    body = given.get("text", "")
    if not body.strip():
        wanted = columns.mapping.get("text") or "text (or body, content, article)"
        return SourceError(f"{where}: no article text (column {wanted} missing or empty)")
    if len(body) > MAX_TEXT_CHARS:
        return SourceError(f"{where}: text longer than {MAX_TEXT_CHARS:,} characters")
    url = given.get("url")
    return Page(content=body.encode("utf-8"), url=url if url and "://" in url else None,
                source=where, given=given)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)  # authors, tags
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _open_text(path: str) -> IO[str]:
    raw = open(path, "rb")  # noqa: SIM115 - handed to the caller's with-block
    stream: io.BufferedReader | gzip.GzipFile = raw
    if raw.peek(2)[:2] == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=raw)
    # utf-8-sig drops a byte-order mark; bad bytes become U+FFFD instead of failing the file.
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")


def _format(path: str, fh: IO[str]) -> str:
    name = path.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson", ".jsonlines", ".json")):
        return "jsonl"
    if name.endswith(".tsv"):
        return "tsv"
    if name.endswith(".csv"):
        return "csv"
    return "jsonl" if _peek_first_char(fh) in "{[" else "csv"


def _peek_first_char(fh: IO[str]) -> str:
    buffer = fh.buffer if hasattr(fh, "buffer") else None
    if buffer is not None and hasattr(buffer, "peek"):
        head = buffer.peek(64)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
        return head[:1].decode("latin-1") or " "
    return " "


# A field or a JSON line longer than this is not read into memory: its row is dropped, with a reason.
MAX_FIELD_CHARS = MAX_TEXT_CHARS + 1
_PIECE = 1 << 20  # characters read at a time


def _bounded_lines(fh: IO[str], limit: int) -> Iterator[str | None]:
    """The lines of `fh`, each read in pieces of at most `_PIECE` characters; a line longer than
    `limit` is read through and dropped, and None stands in its place."""
    while True:
        line = fh.readline(_PIECE)
        if not line:
            return
        if line.endswith("\n"):
            yield line
            continue
        pieces, size = [line], len(line)
        while size <= limit:
            more = fh.readline(_PIECE)
            if not more:
                break
            pieces.append(more)
            size += len(more)
            if more.endswith("\n"):
                break
        if size <= limit:
            yield "".join(pieces)
            continue
        pieces.clear()
        while more and not more.endswith("\n"):  # the rest of the line, without keeping it
            more = fh.readline(_PIECE)
        yield None


def _json_rows(fh: IO[str]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for line_no, line in enumerate(_bounded_lines(fh, MAX_FIELD_CHARS * 2), 1):
        if line is None:
            yield line_no, f"a line over {MAX_FIELD_CHARS * 2:,} characters: row dropped"
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, f"invalid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(row, dict):
            yield line_no, f"a JSON {type(row).__name__}, not an object"
            continue
        yield line_no, row


class _CsvLines:
    """Lines for `csv.reader`, read in pieces of bounded size, so that a huge cell costs at most
    `MAX_FIELD_CHARS` of memory: inside a quoted cell pieces are handed over as they come (the
    reader joins them, up to its field limit); an unquoted line is gathered up to the limit and
    dropped beyond it (`cut`). After the reader gave up on a too-long cell, `skip_record` reads
    through the rest of that record. Quotes are counted to know where a record ends."""

    def __init__(self, fh: IO[str], first: str, limit: int, quote: str = '"'):
        self.fh, self.first, self.limit, self.quote = fh, first, limit, quote
        self.in_quotes = False
        self.at_boundary = True  # the last piece ended a record
        self.cut = 0  # unquoted lines dropped since the caller last looked
        self.lines = 0  # physical lines handed over or dropped

    def skip_record(self) -> None:
        """Read through the rest of the record the reader gave up on, without keeping it."""
        while not self.at_boundary:
            piece = self.fh.readline(_PIECE)
            if not piece:
                return
            self.lines += piece.endswith("\n")
            if piece.count(self.quote) % 2:
                self.in_quotes = not self.in_quotes
            self.at_boundary = piece.endswith(("\n", "\r")) and not self.in_quotes

    def _pieces(self) -> Iterator[str]:
        if self.first:
            yield self.first
        while piece := self.fh.readline(_PIECE):
            yield piece

    def __iter__(self) -> Iterator[str]:
        pending: list[str] = []
        size = 0
        for piece in self._pieces():
            self.lines += piece.endswith("\n")
            if piece.count(self.quote) % 2:
                self.in_quotes = not self.in_quotes
            ends = piece.endswith(("\n", "\r"))
            self.at_boundary = ends and not self.in_quotes
            if pending and size < 0:  # dropping the rest of an over-long unquoted line
                if ends:
                    pending, size = [], 0
                continue
            if self.in_quotes or ends:
                if pending:
                    piece, pending, size = "".join(pending) + piece, [], 0
                yield piece
                continue
            pending.append(piece)
            size += len(piece)
            if size > self.limit:
                self.cut += 1
                pending, size = [""], -1
        if pending and size > 0:
            yield "".join(pending)


def _csv_rows(fh: IO[str], delimiter: str | None) -> Iterator[tuple[int, dict[str, Any] | str]]:
    # Article bodies are long: lift the 128 KB default cell limit, up to what one article may be.
    csv.field_size_limit(MAX_FIELD_CHARS)
    first = fh.readline(_PIECE)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(first, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    lines = _CsvLines(fh, first, MAX_FIELD_CHARS)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, f"unreadable CSV header ({exc})"
        return
    header = [h.strip() for h in header]
    while True:
        start = lines.lines + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                lines.skip_record()
                yield start, f"a cell over {MAX_FIELD_CHARS - 1:,} characters: row dropped"
            else:
                yield start, f"unreadable CSV row ({exc})"
            continue
        if lines.cut:
            yield start, f"a line over {MAX_FIELD_CHARS - 1:,} characters: row dropped"
            lines.cut = 0
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            yield start, f"{len(cells)} cells for {len(header)} columns (an unquoted delimiter?)"
            continue
        yield start, dict(zip(header, cells, strict=False))
