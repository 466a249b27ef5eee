# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""MinHash signatures in one pass (compiled by setup.py; `stories/dedup.py` falls back to numpy
without it, with the same results: tests/test_compiled.py).

numpy computes every permutation of every shingle into a perms × n matrix before taking each
row's minimum; here each minimum is kept in a register as the shingles go by, so nothing is
written but the signatures (about three times faster on a news body).
"""

from libc.stdint cimport uint32_t, uint64_t

import numpy as np


def signatures(const uint64_t[::1] hashes, const uint64_t[::1] multipliers, const uint64_t[::1] offsets,
               Py_ssize_t lead_shingles, Py_ssize_t lead_perms):
    """The minimum of `(a * h + b) mod 2**64` over the shingle hashes `h`, shifted right by 32,
    for each permutation (a, b): over all of them (the body's signature), and for the first
    `lead_perms` permutations over the first `lead_shingles` (the lead's). uint32 arrays."""
    cdef Py_ssize_t perms = multipliers.shape[0], n = hashes.shape[0], p, i
    cdef Py_ssize_t lead_n = min(max(lead_shingles, 1), n)
    body = np.full(perms, 0xFFFFFFFF, dtype="<u4")
    lead = np.full(lead_perms, 0xFFFFFFFF, dtype="<u4")
    if n == 0:
        return body, lead
    cdef uint32_t[::1] body_view = body, lead_view = lead
    cdef uint64_t a, b, value, least
    for p in range(perms):
        a = multipliers[p]
        b = offsets[p]
        least = 0xFFFFFFFFFFFFFFFF
        for i in range(lead_n):
            value = a * hashes[i] + b
            if value < least:
                least = value
        if p < lead_perms:
            lead_view[p] = <uint32_t>(least >> 32)
        for i in range(lead_n, n):
            value = a * hashes[i] + b
            if value < least:
                least = value
        body_view[p] = <uint32_t>(least >> 32)
    return body, lead
