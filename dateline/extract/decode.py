"""Bytes to text: which charset a page really uses, and whether it is text at all.

Order of trust: a byte-order mark, then UTF-16 recognised by its NUL bytes, then
strict UTF-8 (random bytes in a legacy charset almost never form valid multi-byte
UTF-8, so a meta charset that claims otherwise is lying), then UTF-8 with a few bad
bytes replaced, then the charset the HTTP header or the page declares, if the bytes
decode with it, then statistical detection.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from dataclasses import dataclass

MAX_GUNZIPPED_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00", "binary data"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.-]+)", re.I)
# After decoding with surrogateescape, each byte that is not part of valid UTF-8 is one lone surrogate.
_INVALID_BYTE = re.compile("[\udc80-\udcff]")
_INVALID_RUN = re.compile("[\udc80-\udcff]{2,}")
_VALID_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")


class NotText(ValueError):
    """The input is not a page of text (binary, empty); the message says what it is."""


@dataclass
class Decoded:
    text: str
    encoding: str
    evidence: str  # which signal chose the encoding


def _normalise_charset(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def maybe_gunzip(raw: bytes) -> bytes:
    """Pages saved as .html.gz are common in archives; open them transparently (capped)."""
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(raw, MAX_GUNZIPPED_BYTES)
        return out
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise NotText(f"a damaged gzip file ({exc})") from None


def _looks_binary(raw: bytes) -> str | None:
    head = raw[:4096]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if not head:
        return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if b"\x00" in head or controls > len(head) * 0.05:
        return "binary data"
    return None


def decode(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode page bytes; `declared` is a Content-Type header or charset name, if known."""
    raw = maybe_gunzip(raw)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return Decoded(raw[len(bom):].decode(encoding, errors="replace") if encoding == "utf-8"
                           else raw.decode(encoding, errors="replace"), encoding, "byte-order mark")
    if not raw.strip():
        raise NotText("an empty file")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return Decoded(raw.decode(utf16, errors="replace"), utf16, "utf-16 byte pattern")
    what = _looks_binary(raw)
    if what:
        raise NotText(what)
    try:
        text = raw.decode("utf-8")
        return Decoded(text, "utf-8", "valid utf-8" if not raw.isascii() else "ascii")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(raw):
        return Decoded(raw.decode("utf-8", errors="replace"), "utf-8", "mostly valid utf-8")
    candidates: list[tuple[str, str]] = []
    if declared:
        m = _HEADER_CHARSET.search(declared)
        name = _normalise_charset(m.group(1) if m else declared)
        if name:
            candidates.append((name, "http header"))
    meta = _META_CHARSET.search(raw[:8192])
    if meta:
        name = _normalise_charset(meta.group(1).decode("ascii", "ignore"))
        if name:
            candidates.append((name, "meta charset"))
    for name, evidence in candidates:
        if name == "utf-8":
            continue  # already failed above: the declaration lies
        try:
            return Decoded(raw.decode(name), name, evidence)
        except (UnicodeDecodeError, LookupError):
            continue
    name = _detect_charset(raw[:200_000])
    if name:
        return Decoded(raw.decode(name, errors="replace"), name, "charset detection")
    return Decoded(raw.decode("utf-8", errors="replace"), "utf-8", "lossy utf-8")


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by its NULs: markup and Latin text are mostly ASCII,
    whose UTF-16 code units have a NUL high byte (odd offsets in LE, even in BE) and a non-NUL low one."""
    sample = raw[:4096]
    pairs = len(sample) // 2
    if pairs < 8 or any(sample.startswith(magic) for magic, _ in _MAGIC):
        return None
    even_nuls = sample[0:pairs * 2:2].count(0)
    odd_nuls = sample[1:pairs * 2:2].count(0)
    # The other side has a few NULs too: CJK code units such as U+4E00 and U+3000 end in a NUL byte.
    if odd_nuls >= pairs * 0.3 and even_nuls <= odd_nuls * 0.1:
        encoding = "utf-16-le"
    elif even_nuls >= pairs * 0.3 and odd_nuls <= even_nuls * 0.1:
        encoding = "utf-16-be"
    else:
        return None
    text = sample[:pairs * 2].decode(encoding, errors="replace")
    # Binary data can show the same NUL pattern (arrays of 16-bit numbers); text has few controls.
    junk = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return encoding if junk <= len(text) * 0.02 else None


def _mostly_utf8(raw: bytes) -> bool:
    """UTF-8 with a few damaged bytes, as opposed to a legacy charset.

    A legacy charset's letters are bytes that UTF-8 rejects, and they only rarely happen to form a
    valid multi-byte sequence. A damaged UTF-8 page is the reverse: its multi-byte characters are
    valid, and the bad bytes are few: either fewer than the valid sequences, or a sprinkling of
    isolated stray bytes (a legacy script's letters come in runs: words).
    """
    text = raw.decode("utf-8", errors="surrogateescape")
    invalid = len(_INVALID_BYTE.findall(text))
    valid = len(_VALID_MULTIBYTE.findall(text))
    if valid >= 3 and invalid <= valid:
        return True
    in_runs = sum(len(run) for run in _INVALID_RUN.findall(text))
    return valid >= 20 and invalid <= len(raw) * 0.01 and in_runs <= invalid * 0.1


def _detect_charset(sample: bytes) -> str | None:
    """cchardet (fast, good on Cyrillic and CJK) first, charset_normalizer when it is unsure."""
    try:
        import cchardet

        found = cchardet.detect(sample)
        encoding = found.get("encoding")
        if encoding and (found.get("confidence") or 0) >= 0.5:
            name = _normalise_charset(encoding)
            # Browsers read latin-1 labels as windows-1252, its superset; so do we.
            return "cp1252" if name == "latin-1" else name
    except ImportError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return _normalise_charset(best.encoding) if best is not None else None
