"""Pages from web archives: WARC (fastwarc) and ARC (warcio) files, gzipped or not.

Only HTML responses become pages; every other record is counted under a reason in
`WarcReader.skipped`. A damaged record yields a `SourceError` naming `path#offset`, and
reading resumes at the next record start found after it (the next gzip member, or the
next "WARC/1." line in an uncompressed file), so one bad record does not cost the file.
Memory stays bounded: records are streamed and a body is read up to `max_bytes`.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from ..model import KEPT_HEADERS, Page
from .errors import SourceError

MAX_RECORD_BYTES = 20 * 1024 * 1024  # an HTML body larger than this is not a news article
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml")
_REDIRECT_MEMORY = 2000  # recent redirect targets remembered to fill Page.redirects
_SCAN_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_NEXT_RECORD = re.compile(rb"WARC/1\.[01]\r\n[A-Za-z-]+: ")
_UNTYPED = ("application/octet-stream", "binary/octet-stream", "unknown/unknown", "application/unknown")
_ARCHIVE_NAME = re.compile(r"\.(?:w?arc)(?:\.gz|\.zst|\.lz4)?$", re.I)


class Damaged(Exception):
    """A record or the stream around it cannot be read; carries the offset where it went wrong."""

    def __init__(self, offset: int, reason: str):
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


@dataclass
class _Record:
    """What both backends deliver for one record, before deciding whether it is a page."""

    offset: int
    rec_type: str
    url: str | None
    date: str | None
    status: int | None
    headers: list[tuple[str, str]]  # HTTP headers (or the WARC Content-Type for resource records)
    body: bytes
    declared_length: int | None  # payload length the record announces, to notice truncation
    too_large: bool = False


@dataclass
class WarcReader:
    """Iterate over the HTML pages of one WARC or ARC file; counts what it skipped and why.

    >>> reader = WarcReader("crawl.warc.gz")
    >>> for item in reader: ...
    >>> reader.skipped  # Counter({'not HTML (image/jpeg)': 12, 'request record': 40, ...})
    """

    path: str
    max_bytes: int = MAX_RECORD_BYTES
    backend: str | None = None  # "fastwarc" | "warcio"; None: fastwarc for WARC, warcio for ARC
    skipped: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    damaged: int = 0
    _redirects: OrderedDict[str, list[str]] = field(default_factory=OrderedDict)

    def __iter__(self) -> Iterator[Page | SourceError]:
        try:
            kind, gzipped = sniff_archive(self.path)
        except OSError as exc:
            yield SourceError(f"{self.path}: cannot read ({exc.strerror or exc})")
            return
        if kind is None:
            yield SourceError(f"{self.path}: not a WARC or ARC file")
            return
        magic = _GZIP_MAGIC if gzipped else (_WARC_MAGIC if kind == "warc" else None)
        start, last_good = 0, -1
        pending: tuple[int, str] | None = None  # a damaged region not yet reported
        while True:
            use_fastwarc = kind == "warc" and self.backend != "warcio"
            records = _fastwarc_records(self.path, start, self.max_bytes) if use_fastwarc else \
                _warcio_records(self.path, start, self.max_bytes)
            try:
                for rec in records:
                    if pending is not None:
                        # Resuming exactly where the damage was found means that record is fine
                        # (the previous one overran into it and was reported itself).
                        if rec.offset != pending[0]:
                            yield self._damaged(*pending)
                        pending = None
                    last_good = rec.offset
                    item = self._page_or_skip(rec)
                    if item is not None:
                        yield item
                if pending is not None:
                    yield self._damaged(*pending)
                return
            except Damaged as exc:
                # Resume at the next plausible record start past the last good one.
                nxt = _find(self.path, magic, max(last_good, start) + 1) if magic else -1
                if pending is None:
                    pending = (nxt if nxt >= 0 else max(exc.offset, last_good + 1), exc.reason)
                if nxt < 0:
                    yield self._damaged(*pending)
                    return
                start = nxt

    def _damaged(self, offset: int, reason: str) -> SourceError:
        self.damaged += 1
        reason = reason if len(reason) < 200 else reason[:200] + "…"
        return SourceError(f"{self.path}#{offset}: damaged record ({reason})")

    def _page_or_skip(self, rec: _Record) -> Page | SourceError | None:
        where = f"{self.path}#{rec.offset}"
        if rec.rec_type not in ("response", "resource"):
            self.skipped[f"{rec.rec_type} record"] += 1
            return None
        if rec.declared_length is not None and len(rec.body) < rec.declared_length and not rec.too_large:
            self.damaged += 1
            return SourceError(f"{where}: truncated record ({len(rec.body)} of {rec.declared_length} bytes)")
        headers = rec.headers
        status = rec.status
        if rec.rec_type == "response" and status is None:
            self.skipped["response without HTTP headers"] += 1
            return None
        if status is not None and status != 200:
            if 300 <= status < 400:
                self._remember_redirect(rec.url, _header(headers, "location"))
                self.skipped[f"redirect (HTTP {status})"] += 1
            elif status == 304:
                self.skipped["not modified (HTTP 304)"] += 1
            else:
                self.skipped[f"HTTP {status}"] += 1
            return None
        ctype = _header(headers, "content-type")
        mime = (ctype or "").split(";", 1)[0].strip().lower()
        if mime and mime not in HTML_TYPES and not (mime in _UNTYPED and _HTML_SNIFF.match(rec.body[:2048])):
            self.skipped[f"not HTML ({mime})"] += 1
            return None
        body = b"" if rec.too_large else decode_body(rec.body, headers, self.max_bytes)
        if rec.too_large or len(body) > self.max_bytes:
            self.skipped[f"larger than {_size(self.max_bytes)}"] += 1
            return None
        if not mime and not _HTML_SNIFF.match(body[:2048]):
            self.skipped["not HTML (no content type)"] += 1
            return None
        if b"WARC/1." in body and _NEXT_RECORD.search(body):
            # The body runs into the next record's header: the record was cut short.
            self.damaged += 1
            return SourceError(f"{where}: truncated record (runs into the next record)")
        if not body.strip():
            self.skipped["empty body"] += 1
            return None
        kept = {k: v for k, v in headers if k.lower() in KEPT_HEADERS}
        self.pages += 1
        return Page(content=body, url=rec.url, source=where, fetched_at=rec.date, status=status or 200,
                    headers=kept, redirects=self._redirects.pop(rec.url or "", []))

    def _remember_redirect(self, url: str | None, location: str | None) -> None:
        if not url or not location:
            return
        target = urljoin(url, location.strip())
        chain = self._redirects.pop(url, []) + [url]
        self._redirects[target] = chain
        while len(self._redirects) > _REDIRECT_MEMORY:
            self._redirects.popitem(last=False)


def iter_warc(path: str, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Page | SourceError]:
    """The HTML pages of a WARC/ARC file; use `WarcReader` to see the skipped counts."""
    yield from WarcReader(path, max_bytes=max_bytes)


def looks_like_archive(path: str) -> bool:
    """By name (.warc, .arc, .warc.gz, ...); `sniff_archive` checks the content."""
    return bool(_ARCHIVE_NAME.search(path))


def sniff_archive(path: str) -> tuple[str | None, bool]:
    """("warc" | "arc" | None, gzipped) from the first bytes of the file."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    gzipped = head[:2] == b"\x1f\x8b"
    if gzipped:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return None, True
    elif head[:4] == b"\x28\xb5\x2f\xfd":  # zstd-compressed WARC (fastwarc reads it; no resync)
        try:
            import zstandard

            head = zstandard.ZstdDecompressor().decompressobj().decompress(head)[:64]
        except Exception:  # noqa: BLE001 - a dictionary-compressed or damaged head: not ours to read
            return None, False
        return ("warc" if head.lstrip(b"\r\n").startswith(b"WARC/") else None), False
    head = head.lstrip(b"\r\n")
    if head.startswith(b"WARC/"):
        return "warc", gzipped
    if head.startswith(b"filedesc://"):
        return "arc", gzipped
    return None, gzipped


# Bodies ------------------------------------------------------------------------------


def decode_body(body: bytes, headers: list[tuple[str, str]], max_bytes: int = MAX_RECORD_BYTES) -> bytes:
    """Undo Transfer-Encoding: chunked and Content-Encoding gzip/deflate/br/zstd.

    A result longer than `max_bytes` means the body is too large (the output is capped there).

    Archivers disagree on whether they store the body as sent or already decoded (keeping the
    header), so each step is tried and the bytes are kept as they are when it does not apply.
    """
    if "chunked" in (_header(headers, "transfer-encoding") or "").lower():
        body = dechunk(body)
    encoding = (_header(headers, "content-encoding") or "").lower()
    for name in [e.strip() for e in encoding.split(",") if e.strip()][::-1]:
        body = _decompress(body, name, max_bytes)
    return body


_CHUNK_SIZE = re.compile(rb"([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r\n]*)?\r?\n")


def dechunk(body: bytes) -> bytes:
    """HTTP/1.1 chunked body to plain bytes; the input unchanged if it is not chunked."""
    out: list[bytes] = []
    pos = 0
    while True:
        m = _CHUNK_SIZE.match(body, pos)
        if m is None:
            # Not chunked after all (or cut short): keep what decoded so far only if it was chunked.
            return b"".join(out) if out else body
        size = int(m.group(1), 16)
        pos = m.end()
        if size == 0:
            return b"".join(out)
        out.append(body[pos:pos + size])
        pos += size
        if body[pos:pos + 2] == b"\r\n":
            pos += 2
        elif body[pos:pos + 1] == b"\n":
            pos += 1
        if pos >= len(body):
            return b"".join(out)


def _decompress(body: bytes, name: str, max_bytes: int) -> bytes:
    try:
        if name in ("gzip", "x-gzip"):
            if body[:2] != b"\x1f\x8b":
                return body
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, max_bytes + 1)
        if name == "deflate":
            try:
                return zlib.decompressobj().decompress(body, max_bytes + 1)
            except zlib.error:
                return zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, max_bytes + 1)  # raw deflate
        if name == "br":
            import brotli

            return brotli.decompress(body)
        if name == "zstd":
            import zstandard

            return zstandard.ZstdDecompressor().decompressobj().decompress(body)[:max_bytes + 1]
    except Exception:  # noqa: BLE001 - any decoder failure means: keep the bytes as stored
        return body  # stored already decoded, or damaged: the decoder downstream judges the bytes
    return body


def _size(n: int) -> str:
    return f"{n / 1048576:g} MB" if n >= 1048576 else f"{n / 1024:g} KB"


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:  # ARC dates: 14 digits
            dt = datetime.strptime(value.strip()[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            return value
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


def _find(path: str, magic: bytes, start: int) -> int:
    """Offset of the next `magic` at or after `start`, scanning in bounded chunks; -1 if none."""
    with open(path, "rb") as fh:
        fh.seek(start)
        pos, tail = start, b""
        while True:
            chunk = fh.read(_SCAN_CHUNK)
            if not chunk:
                return -1
            buf = tail + chunk
            i = buf.find(magic)
            if i >= 0:
                return pos - len(tail) + i
            tail = buf[-(len(magic) - 1):]
            pos += len(chunk)


# Backends ----------------------------------------------------------------------------


def _fastwarc_records(path: str, start: int, max_bytes: int) -> Iterator[_Record]:
    from fastwarc.warc import ArchiveIterator

    fh = open(path, "rb") if start else None  # noqa: SIM115 - closed in finally
    try:
        if fh is not None:
            fh.seek(start)
        # Transfer and content encodings are undone here, not by fastwarc: its auto_decode
        # stops the iteration after a decoded record (fastwarc 2.0.1).
        records = ArchiveIterator(fh if fh is not None else path, parse_http=True, auto_decode="none")
        offset = start
        while True:
            try:
                rec = next(records)
            except StopIteration:
                return
            except OSError as exc:
                raise Damaged(offset, str(exc)) from None
            offset = rec.stream_pos
            rtype = str(rec.headers.get("WARC-Type") or "").lower()
            if not rtype or rec.headers.get("Content-Length") is None:
                raise Damaged(offset, "record without WARC headers (file cut short)")
            if rtype not in ("response", "resource"):
                yield _Record(offset, rtype, None, None, None, [], b"", None)
                continue
            url = rec.headers.get("WARC-Target-URI")
            date = _iso(rec.headers.get("WARC-Date"))
            if rec.is_http:
                status = rec.http_headers.status_code
                headers = list(rec.http_headers.items())
            else:
                status = None
                headers = [("Content-Type", rec.headers.get("Content-Type") or "")]
            try:
                body = rec.reader.read(max_bytes + 1)
            except OSError as exc:
                raise Damaged(offset, str(exc)) from None
            too_large = len(body) > max_bytes
            yield _Record(offset, rtype, url, date, status, headers, b"" if too_large else body,
                          rec.content_length, too_large)
    finally:
        if fh is not None:
            fh.close()


def _warcio_records(path: str, start: int, max_bytes: int) -> Iterator[_Record]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as fh:
        fh.seek(start)
        records = ArchiveIterator(fh, arc2warc=True)
        offset = start
        while True:
            try:
                rec = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
                raise Damaged(offset, str(exc).strip() or type(exc).__name__) from None
            rtype = (rec.rec_type or "").lower()
            url = rec.rec_headers.get_header("WARC-Target-URI")
            date = _iso(rec.rec_headers.get_header("WARC-Date"))
            status, headers, body, declared, too_large = None, [], b"", None, False
            try:
                if rtype in ("response", "resource"):
                    if rec.http_headers is not None and rtype == "response":
                        code = rec.http_headers.get_statuscode()
                        status = int(code) if code and code.isdigit() else None
                        headers = list(rec.http_headers.headers)
                    else:
                        headers = [("Content-Type", rec.rec_headers.get_header("Content-Type") or "")]
                    body = rec.raw_stream.read(max_bytes + 1)
                    too_large = len(body) > max_bytes
                    if too_large:
                        body = b""
                    else:
                        # Bytes the record announced but the file did not have: cut short.
                        declared = len(body) + max(0, getattr(rec.raw_stream, "limit", 0) or 0)
                offset = records.get_record_offset()
            except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
                raise Damaged(offset, str(exc).strip() or type(exc).__name__) from None
            yield _Record(offset, rtype, url, date, status, headers, body, declared, too_large)
