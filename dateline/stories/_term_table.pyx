# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled table of document frequencies (stories/term_table.py holds its reference, the
same in plain Python): open addressing with linear probing over 64-bit term keys, with their
counts, kept at most half full. A key and its count lie side by side in one array (one cache
line serves both: a table of 400,000 terms is far bigger than the caches)."""

from libc.stdint cimport int64_t, uint64_t

import numpy as np


cdef inline uint64_t term_key(str term):
    """term_table.term_key, in C."""
    cdef uint64_t h = 0xCBF29CE484222325ULL
    cdef Py_UCS4 char
    for char in term:
        h = (h ^ <uint64_t>char) * 0x100000001B3ULL
    h ^= h >> 30
    h *= 0xBF58476D1CE4E5B9ULL
    h ^= h >> 27
    h *= 0x94D049BB133111EBULL
    h ^= h >> 31
    return h if h else 1


cdef class TermTable:
    cdef uint64_t[::1] slots     # slot n: its key at 2n (0: empty), its count at 2n + 1
    cdef object _slots           # the numpy array the view is of
    cdef Py_ssize_t used
    cdef uint64_t mask

    def __init__(self, const uint64_t[::1] keys, const int64_t[::1] counts):
        cdef Py_ssize_t n
        self._allocate(max(1024, 2 * keys.shape[0]))
        for n in range(keys.shape[0]):
            self.slots[2 * self._slot(keys[n]) + 1] = counts[n]

    cdef void _allocate(self, Py_ssize_t wanted):
        cdef Py_ssize_t size = 1024
        while size < wanted:
            size *= 2
        self._slots = np.zeros(2 * size, dtype=np.uint64)
        self.slots = self._slots
        self.mask = size - 1
        self.used = 0

    cdef Py_ssize_t _slot(self, uint64_t key):
        """The slot of `key`, taken for it if it was not there (the table grows past half full)."""
        cdef uint64_t at = key & self.mask
        while self.slots[2 * at] != key:
            if self.slots[2 * at] == 0:
                if 2 * (self.used + 1) > <Py_ssize_t>self.mask + 1:
                    self._grow()
                    return self._slot(key)
                self.slots[2 * at] = key
                self.used += 1
                return at
            at = (at + 1) & self.mask
        return at

    cdef Py_ssize_t _find(self, uint64_t key):
        """The slot of `key`, or -1."""
        cdef uint64_t at = key & self.mask
        while self.slots[2 * at] != key:
            if self.slots[2 * at] == 0:
                return -1
            at = (at + 1) & self.mask
        return at

    cdef void _grow(self):
        old = self._slots
        cdef uint64_t[::1] slots = old
        cdef Py_ssize_t n
        self._allocate(2 * (self.mask + 1))
        for n in range(0, slots.shape[0], 2):
            if slots[n]:
                self.slots[2 * self._slot(slots[n]) + 1] = slots[n + 1]

    def count(self, list terms):
        """Count one more article for each of `terms` (distinct); their counts now."""
        now = np.empty(len(terms), dtype=np.int64)
        cdef int64_t[::1] out = now
        cdef Py_ssize_t n, at
        for n in range(len(terms)):
            at = 2 * self._slot(term_key(<str?>terms[n])) + 1
            self.slots[at] += 1
            out[n] = <int64_t>self.slots[at]
        return now

    def lookup(self, list terms):
        """The counts of `terms` (0 for a term never counted or pruned)."""
        now = np.zeros(len(terms), dtype=np.int64)
        cdef int64_t[::1] out = now
        cdef Py_ssize_t n, at
        for n in range(len(terms)):
            at = self._find(term_key(<str?>terms[n]))
            if at >= 0:
                out[n] = <int64_t>self.slots[2 * at + 1]
        return now

    def pruned(self, Py_ssize_t limit):
        """The table with at most `limit` terms: the rarest dropped (term_table.prune_threshold);
        itself if it holds no more than that."""
        from .term_table import prune_threshold

        if self.used <= limit:
            return self
        keys, counts = self.arrays()
        kept = counts >= prune_threshold(counts, limit)
        return TermTable(keys[kept], counts[kept])

    def arrays(self):
        """The keys and their counts (uint64, int64), in slot order."""
        pairs = self._slots.reshape(-1, 2)
        filled = pairs[:, 0] != 0
        return pairs[filled, 0], pairs[filled, 1].astype(np.int64)

    def __len__(self):
        return self.used

    def __reduce__(self):
        from .term_table import _pickled

        return _pickled(self)
