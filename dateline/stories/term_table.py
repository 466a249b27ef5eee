"""How many articles used each term (document frequencies for IDF), keyed by a stable 64-bit hash
of the term rather than by the term itself.

Clustering counts every distinct term of every article, about a thousand of them (words and
phrases), in a table of 200,000-400,000 terms: a dict keyed by strings paid up to three cache misses
a term (the slot, the entry, the stored string to compare), and `weigh` looked every term up again.
The compiled table (`_term_table.pyx`, made by setup.py) probes one array that holds each key beside
its count, and counts an article's terms and hands back their new counts in one pass. The class here is its reference and its
fallback: the same keys (`term_key`), counts, prunings and pickles, in plain Python.

Two terms with one key would share a count: at 400,000 terms the chance that any two of them do is
about 1 in 200 million.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

import numpy as np

from ..compiled import compiled_module

_MASK = (1 << 64) - 1
_FNV_OFFSET, _FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3


def term_key(term: str) -> int:
    """FNV-1a over the term's code points, then splitmix64's finaliser (every bit reaches every
    bit: the table's slot is the key's low bits); never 0, which marks an empty slot."""
    h = _FNV_OFFSET
    for char in term:
        h = ((h ^ ord(char)) * _FNV_PRIME) & _MASK
    h ^= h >> 30
    h = (h * 0xBF58476D1CE4E5B9) & _MASK
    h ^= h >> 27
    h = (h * 0x94D049BB133111EB) & _MASK
    h ^= h >> 31
    return h or 1


def prune_threshold(counts: np.ndarray, limit: int) -> int:
    """The least count a term needs to stay when at most `limit` of these `counts` may: 2, or if
    that leaves too many, 4, 8, ... (mostly one writer's phrases go)."""
    least = 2
    while np.count_nonzero(counts >= least) > limit:
        least *= 2
    return least


class Table(Protocol):
    def count(self, terms: list[str]) -> np.ndarray: ...
    def lookup(self, terms: list[str]) -> np.ndarray: ...
    def pruned(self, limit: int) -> Table: ...
    def arrays(self) -> tuple[np.ndarray, np.ndarray]: ...
    def __len__(self) -> int: ...


class PythonTermTable:
    """Document frequencies by `term_key` (a dict of ints)."""

    def __init__(self, keys: Iterable[int] = (), counts: Iterable[int] = ()) -> None:
        self._counts: dict[int, int] = dict(zip(keys, counts, strict=True))

    def count(self, terms: list[str]) -> np.ndarray:
        """Count one more article for each of `terms` (distinct); their counts now."""
        table = self._counts
        now = []
        for key in map(term_key, terms):
            table[key] = n = table.get(key, 0) + 1
            now.append(n)
        return np.array(now, dtype=np.int64)

    def lookup(self, terms: list[str]) -> np.ndarray:
        """The counts of `terms` (0 for a term never counted or pruned)."""
        table = self._counts
        return np.array([table.get(term_key(term), 0) for term in terms], dtype=np.int64)

    def pruned(self, limit: int) -> PythonTermTable:
        """The table with at most `limit` terms: the rarest dropped (`prune_threshold`); itself if
        it holds no more than that."""
        if len(self._counts) <= limit:
            return self
        keys, counts = self.arrays()
        kept = counts >= prune_threshold(counts, limit)
        return PythonTermTable(keys[kept].tolist(), counts[kept].tolist())

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The keys and their counts (uint64, int64), in the order they were first counted."""
        return (np.fromiter(self._counts, np.uint64, len(self._counts)),
                np.fromiter(self._counts.values(), np.int64, len(self._counts)))

    def __len__(self) -> int:
        return len(self._counts)

    def __reduce__(self) -> tuple[object, tuple[bytes, bytes]]:
        return _pickled(self)


def _pickled(table: Table) -> tuple[object, tuple[bytes, bytes]]:
    """Both tables pickle as their keys and counts (12 bytes a term: no count reaches 2**32),
    read back into whichever table is there."""
    keys, counts = table.arrays()
    return restore, (keys.astype("<u8").tobytes(), counts.astype("<u4").tobytes())


def restore(keys: bytes, counts: bytes) -> Table:
    return from_arrays(np.frombuffer(keys, "<u8"), np.frombuffer(counts, "<u4"))


def from_arrays(keys: np.ndarray, counts: np.ndarray) -> Table:
    if _KERNEL is not None:
        return _KERNEL.TermTable(keys.astype(np.uint64), counts.astype(np.int64))
    return PythonTermTable(keys.tolist(), counts.tolist())


def from_counts(counts: Mapping[str, int]) -> Table:
    """A table of these counts (a state saved when the frequencies were a dict of terms)."""
    keys = np.fromiter(map(term_key, counts), np.uint64, len(counts))
    return from_arrays(keys, np.fromiter(counts.values(), np.int64, len(counts)))


def new_table() -> Table:
    return from_arrays(np.zeros(0, np.uint64), np.zeros(0, np.int64))


# The compiled table (setup.py); without it, the Python one above.
_KERNEL = compiled_module(f"{__package__}._term_table", str(Path(__file__).with_name("_term_table.pyx")))
