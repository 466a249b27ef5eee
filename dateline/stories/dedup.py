"""Exact and near-duplicate detection over article bodies: MinHash with LSH on word shingles of
the normalised body. Pure computation, no I/O: the store keeps the index (store/dedup_index.py);
`DuplicateIndex` is the same index in memory (the full pass, the benchmark).

A republished copy keeps most of the wire text (a new headline, a paragraph trimmed or added, the
site's boilerplate, another dateline prefix, a word swapped), so the shorter body stays mostly
contained in the longer one: the decision is on containment, estimated from the two signatures
and the two shingle counts. A copy cut down to its lead holds too little of a long original for
bands over the whole body to find it, so the first LEAD_WORDS words have a signature and bands of
their own; the leads decide for a body no longer than a few leads, or one that shares a good part
besides. A short body must also open as the other does: short bodies share boilerplate by chance.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path
from zlib import crc32

import numpy as np

from ..compiled import compiled_module
from ..extract.datelines import KNOWN_AGENCIES, split_dateline
from ..model import Article

SHINGLE_WORDS = 5  # word 5-grams: a swapped word costs 5 shingles; shorter ones match more common phrases
NUM_PERM = 128  # body signature: 128 32-bit minimum hashes (512 bytes)
# LSH threshold (1/24)^(1/3) ≈ 0.35 Jaccard: 96 % of pairs at 0.5 meet (the lead bands find most copies)
BODY_BANDS, BODY_ROWS = 24, 3
LEAD_WORDS = 40  # the lead: the first words of the body, past the dateline prefix (a long first sentence)
LEAD_PERM = 96  # lead signature: the first 96 of the same permutations (384 bytes)
LEAD_BANDS, LEAD_ROWS = 32, 3  # threshold ≈ 0.3 Jaccard over the lead: 98.6 % of leads at 0.5 meet
LEAD_ONLY_SPAN = 4 * LEAD_WORDS  # a body of at most this many shingles may match on its lead alone
LEAD_SUPPORT = 0.3  # a longer one when this much of it is in the other body too; a shorter one needs
# at least this much of its lead in the other's: short bodies share boilerplate lines by chance
MIN_WORDS = 20  # shorter bodies (a caption, a teaser) are not indexed: any two would look alike
THRESHOLD = 0.6  # similarity at which two bodies are one text

_SEED = 20261202  # the permutations are part of the stored format: never change them in place
_MUL = np.uint64(0x9E3779B97F4A7C15)
_BODY_SALT, _LEAD_SALT = 0x5EED_B0D7, 0x5EED_1EAD
_WORD = re.compile(r"\w+")
# Scripts written without spaces: each character is a word, or a whole sentence would be one.
_UNSPACED = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return a, b


_A, _B = _permutations()
_B_COLUMN = _B[:, None].copy()


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the index keeps of one article body (compact: bytes, so that it pickles and stores as is)."""

    signature: bytes  # NUM_PERM little-endian uint32 minimum hashes over the body's shingles
    lead: bytes  # LEAD_PERM of them over the lead's shingles
    shingles: int  # distinct shingles in the body: containment is estimated from it
    wire: str | None = None  # the agency when the article is a wire story (dateline or byline)
    published: datetime | None = None

    def body_array(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype="<u4")

    def lead_array(self) -> np.ndarray:
        return np.frombuffer(self.lead, dtype="<u4")


# -- normalising and hashing ----------------------------------------------------------------------


def strip_dateline(body: str, dateline_text: str | None = None) -> str:
    """The body without the dateline prefix ("ISTANBUL (Reuters) -"): each site prints its own."""
    if dateline_text and body.startswith(dateline_text):
        return body[len(dateline_text):]
    first = body.split("\n", 1)[0]
    found = split_dateline(first)
    if found is not None and found.text and body.startswith(found.text):
        return body[len(found.text):]
    return body


def _folded(text: str) -> str:
    """The text case-folded, accents and punctuation as NFKC leaves them."""
    if not unicodedata.is_normalized("NFKC", text):  # (the check is several times cheaper than normalising)
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def words(text: str) -> list[str]:
    """The text's words, case-folded, accents and punctuation as NFKC leaves them; a Chinese or
    Japanese character is a word of its own."""
    text = _folded(text)
    if _UNSPACED.search(text) is not None:  # a search is half the cost of a substitution that finds nothing
        text = _UNSPACED.sub(r" \1 ", text)
    return _WORD.findall(text)


class _WordHashes(dict[str, int]):
    """crc32 by word: a dict look-up (mapped over the words in C) is several times cheaper than hashing."""

    def __missing__(self, word: str) -> int:
        if len(self) > 1_000_000:  # bounded: a long run meets every spelling of every name
            self.clear()
        value = self[word] = crc32(word.encode())
        return value


_WORD_HASHES = _WordHashes()


def shingle_sequence(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """The 64-bit hash of each word `size`-gram in order (one shingle of all words when fewer)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.fromiter(map(_WORD_HASHES.__getitem__, tokens), np.uint64, len(tokens))
    size = min(size, len(tokens))
    n = len(tokens) - size + 1
    acc = word_hashes[:n].copy()  # h(w0..wk) = ((w0 * M + w1) * M + ...) + wk, in place
    for j in range(1, size):
        acc *= _MUL
        acc += word_hashes[j : j + n]
    return _mix(acc)


def shingle_hashes(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct 64-bit hashes of the word `size`-grams."""
    return np.unique(shingle_sequence(tokens, size))


def _permuted(hashes: np.ndarray, perms: int = NUM_PERM) -> np.ndarray:
    """Each hash under each of the first `perms` permutations (perms × n, uint64, before the shift:
    a permutation's values side by side, so that its minimum is taken over contiguous memory)."""
    values = np.multiply.outer(_A[:perms], hashes)  # in place from here: no more perms × n temporaries
    values += _B_COLUMN[:perms]
    return values


def _minima(values: np.ndarray, perms: int) -> np.ndarray:
    # The shift is monotonic: shifting the minima gives the minima of the shifted values.
    if values.shape[1] == 0:
        return np.full(perms, 0xFFFFFFFF, dtype="<u4")
    return (values.min(axis=1) >> np.uint64(32)).astype("<u4")


def minhash(hashes: np.ndarray, perms: int = NUM_PERM) -> np.ndarray:
    """The `perms` minimum hashes of a shingle set (multiply-shift permutations), uint32. A hash
    repeated changes nothing: the sequence of a body's shingles gives its set's signature."""
    return _minima(_permuted(hashes, perms), perms)


def signatures(sequence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The body's signature and the lead's (the first `LEAD_PERM` permutations over the first
    shingles) from the body's shingle sequence."""
    lead_shingles = LEAD_WORDS - SHINGLE_WORDS + 1
    if _KERNEL is not None:
        return _KERNEL.signatures(sequence, _A, _B, lead_shingles, LEAD_PERM)
    values = _permuted(sequence)  # the lead's shingles are the body's first: one product serves both
    return _minima(values, NUM_PERM), _minima(values[:LEAD_PERM, :max(1, lead_shingles)], LEAD_PERM)


# The compiled kernel (setup.py): the same words' hashes, shingles and signatures in C, without the
# words as strings, the dict of their hashes, or the perms × n matrix.
_KERNEL = compiled_module(f"{__package__}._minhash", str(Path(__file__).with_name("_minhash.pyx")))


def fingerprint_text(body: str, *, wire: str | None = None, published: datetime | None = None,
                     dateline_text: str | None = None) -> Fingerprint | None:
    """The fingerprint of a body; None when it is too short to tell copies apart from chance."""
    text = strip_dateline(body.lstrip(), dateline_text)
    if _KERNEL is not None:
        hashes = _KERNEL.word_hashes(_folded(text))
        if len(hashes) < MIN_WORDS:
            return None
        sequence = _KERNEL.shingles(hashes, SHINGLE_WORDS)
    else:
        tokens = words(text)
        if len(tokens) < MIN_WORDS:
            return None
        sequence = shingle_sequence(tokens)
    signature, lead = signatures(sequence)
    ordered = np.sort(sequence)
    distinct = 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1]))
    return Fingerprint(signature.tobytes(), lead.tobytes(), distinct, wire, published)


def wire_agency(article: Article) -> str | None:
    """The wire agency the article is a copy of: the dateline's, or a known agency in the byline."""
    if article.dateline is not None and article.dateline.agency:
        return article.dateline.agency
    for name in (article.agency or "").split(";"):
        if name.strip().lower() in KNOWN_AGENCIES:
            return name.strip()
    return None


def fingerprint(article: Article) -> Fingerprint | None:
    dateline_text = article.dateline.text if article.dateline is not None else None
    return fingerprint_text(article.body, wire=wire_agency(article), published=article.published_at,
                            dateline_text=dateline_text)


# -- LSH and the decision -------------------------------------------------------------------------


def _bands(signature: np.ndarray, bands: int, rows: int, salt: int) -> np.ndarray:
    block = signature[: bands * rows].reshape(bands, rows).astype(np.uint64)
    acc = np.arange(bands, dtype=np.uint64) + np.uint64(salt)
    for r in range(rows):
        acc = acc * _MUL + block[:, r]
    return _mix(acc).view(np.int64)


def band_keys(fp: Fingerprint) -> list[int]:
    """The LSH bucket keys of a fingerprint (signed 64-bit, as databases keep them): body bands, then lead bands."""
    body = _bands(fp.body_array(), BODY_BANDS, BODY_ROWS, _BODY_SALT)
    lead = _bands(fp.lead_array(), LEAD_BANDS, LEAD_ROWS, _LEAD_SALT)
    return np.concatenate([body, lead]).tolist()


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """How much of the shorter body the longer one holds (0..1), estimated from the signatures.
    The leads' resemblance counts too for a body of a few leads at most (a copy cut down to its
    lead), or when the bodies share a good part besides."""
    jaccard = np.count_nonzero(a.body_array() == b.body_array()) / NUM_PERM
    small, large = sorted((a.shingles, b.shingles))
    shared = jaccard / (1 + jaccard) * (small + large)
    contained = min(1.0, shared / small) if small else 0.0
    if small > LEAD_ONLY_SPAN and contained < LEAD_SUPPORT:
        return float(contained)
    jaccard = np.count_nonzero(a.lead_array() == b.lead_array()) / LEAD_PERM
    # Two leads hold about as many shingles each: the share of one in the other is Dice's 2J/(1+J).
    lead = 2 * jaccard / (1 + jaccard)
    if small <= LEAD_ONLY_SPAN and lead < LEAD_SUPPORT:
        return float(min(contained, lead))
    return float(max(contained, lead))


def is_duplicate(a: Fingerprint, b: Fingerprint) -> bool:
    return similarity(a, b) >= THRESHOLD


def pick_original(members: Iterable[tuple[int, datetime | None, int]]) -> int:
    """The original among (article id, published, shingles): earliest published (dated before
    undated), then the most complete body, then the first stored."""
    ranked = sorted(members, key=lambda m: (m[1] is None, m[1] or datetime.max, -m[2], m[0]))
    return ranked[0][0]


# -- the index in memory --------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    article_id: int
    similarity: float


class Buckets:
    """LSH buckets: band key → article ids. Sorted arrays hold most rows (16 bytes a row, where a
    dict of lists takes ~100); dicts hold the rows added since the last merge, which comes when
    they hold a tenth of the arrays' rows, so merging costs a constant per row on average. The
    recent rows are kept as ints: a bucket's one id, and a list only for a bucket that got more
    (a copy, a chance). A list per row was an object for the garbage collector to visit, some
    500,000 of them at 100,000 articles, on every full pass.

    Beside the arrays, a bitmap of their keys' low bits (16 bits a row, 2 bytes): a key whose bit is
    clear is not in them, and most of an article's keys are not, so the binary search, whose cost
    grows with the arrays (each step past the first few misses the cache), runs only for the few
    others (about 6 % of the absent keys pass)."""

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.int64)
        self._ids = np.zeros(0, dtype=np.int64)
        self._bits = np.zeros(0, dtype=np.uint64)
        self._recent: dict[int, int] = {}  # a bucket's first id since the merge
        self._more: dict[int, list[int]] = {}  # the ids after the first, for the few buckets that have them
        self._pending = 0

    def add(self, keys: Sequence[int], article_id: int) -> None:
        recent = self._recent
        for key in keys:
            if recent.setdefault(key, article_id) != article_id:
                self._more.setdefault(key, []).append(article_id)
        self._pending += len(keys)
        if self._pending > max(100_000, self._keys.size // 10):
            self._merge()

    def find(self, keys: Sequence[int]) -> set[int]:
        """The ids in any of these buckets."""
        found: set[int] = set()
        stored = self._keys
        if stored.size:
            wanted = np.asarray(keys, dtype=np.int64)
            slots = wanted.view(np.uint64) & np.uint64(64 * self._bits.size - 1)
            wanted = wanted[(self._bits[slots >> np.uint64(6)] >> (slots & np.uint64(63))) & np.uint64(1) != 0]
            # One binary search a key that may be there, then its few rows, read on from it.
            starts = np.searchsorted(stored, wanted, "left")
            there = stored[np.minimum(starts, stored.size - 1)] == wanted
            for start, key in zip(starts[there].tolist(), wanted[there].tolist(), strict=True):
                end = start + 1
                while end < stored.size and stored[end] == key:
                    end += 1
                found.update(self._ids[start:end].tolist())
        recent = self._recent
        found.update([recent[key] for key in keys if key in recent])
        if self._more:
            for key in keys:
                found.update(self._more.get(key, ()))
        return found

    def _merge(self) -> None:
        more = sum(map(len, self._more.values()))
        keys = np.fromiter(chain(self._recent, (k for k, ids in self._more.items() for _ in ids)), dtype=np.int64,
                           count=len(self._recent) + more)
        ids = np.fromiter(chain(self._recent.values(), chain.from_iterable(self._more.values())), dtype=np.int64,
                          count=len(self._recent) + more)
        self._keys, self._ids = merged_rows(self._keys, self._ids, keys, ids)
        self._recent.clear()
        self._more.clear()
        self._pending = 0
        slots = 1 << 20
        while slots < 16 * self._keys.size:
            slots *= 2
        if self._bits.size * 64 != slots:  # (outgrown: made again, twice the size, from every key)
            self._bits = np.zeros(slots // 64, dtype=np.uint64)
            keys = self._keys
        self._mark(keys)

    def _mark(self, keys: np.ndarray) -> None:
        slots = keys.view(np.uint64) & np.uint64(64 * self._bits.size - 1)
        np.bitwise_or.at(self._bits, slots >> np.uint64(6), np.uint64(1) << (slots & np.uint64(63)))


def merged_rows(keys: np.ndarray, ids: np.ndarray, new_keys: np.ndarray,
                new_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by key (`keys` sorted already) with new rows added, as a stable sort of all of
    them gives (a key's old rows first): the new rows are sorted alone and put in their places, which
    costs a copy of the old rows where sorting them again grew as n log n (0.67 against 0.10 s at
    5.6 million rows)."""
    order = np.argsort(new_keys, kind="stable")
    new_keys, new_ids = new_keys[order], new_ids[order]
    # Each new row's place: after the old rows of keys up to its own, and after the new rows before it.
    places = np.searchsorted(keys, new_keys, "right") + np.arange(new_keys.size)
    old_places = np.ones(keys.size + new_keys.size, dtype=bool)
    old_places[places] = False
    all_keys, all_ids = np.empty(old_places.size, dtype=np.int64), np.empty(old_places.size, dtype=np.int64)
    all_keys[places], all_ids[places] = new_keys, new_ids
    all_keys[old_places], all_ids[old_places] = keys, ids
    return all_keys, all_ids


class DuplicateIndex:
    """Fingerprints by LSH bucket, and the duplicate groups they form (union-find, a group named by
    its smallest id). `add` checks a new fingerprint against everything added before it in time
    proportional to its candidates, not to the number stored.

    A fingerprint is kept as the tuple of its fields: a tuple of bytes, numbers and dates leaves the
    garbage collector's lists at its first pass, which a dataclass never does."""

    def __init__(self) -> None:
        self._buckets = Buckets()
        self._prints: dict[int, tuple[bytes, bytes, int, str | None, datetime | None]] = {}
        self._parent: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._prints)

    def get(self, article_id: int) -> Fingerprint:
        return Fingerprint(*self._prints[article_id])

    def candidates(self, fp: Fingerprint, keys: Sequence[int] | None = None) -> set[int]:
        return self._buckets.find(band_keys(fp) if keys is None else keys)

    def matches(self, fp: Fingerprint, keys: Sequence[int] | None = None) -> list[Match]:
        """The stored fingerprints this one duplicates, most similar first."""
        scored = [Match(c, similarity(fp, self.get(c))) for c in self.candidates(fp, keys)]
        return sorted((m for m in scored if m.similarity >= THRESHOLD), key=lambda m: (-m.similarity, m.article_id))

    def add(self, article_id: int, fp: Fingerprint) -> list[Match]:
        """Index the fingerprint and join the groups of everything it duplicates; what it matched."""
        keys = band_keys(fp)
        found = self.matches(fp, keys)
        self._prints[article_id] = (fp.signature, fp.lead, fp.shingles, fp.wire, fp.published)
        self._parent[article_id] = article_id
        self._buckets.add(keys, article_id)
        for match in found:
            self._union(article_id, match.article_id)
        return found

    def group_of(self, article_id: int) -> int:
        root = article_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[article_id] != root:  # path compression
            self._parent[article_id], article_id = root, self._parent[article_id]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self.group_of(a), self.group_of(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[int, list[int]]:
        """Every group of two or more, by group id, members in id order."""
        found: dict[int, list[int]] = defaultdict(list)
        for article_id in self._prints:
            found[self.group_of(article_id)].append(article_id)
        return {g: sorted(ms) for g, ms in found.items() if len(ms) > 1}

    def original(self, members: Iterable[int]) -> int:
        return pick_original((m, fp.published, fp.shingles) for m, fp in ((m, self.get(m)) for m in members))
