# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""A body's shingles and MinHash signatures in one pass of C (compiled by setup.py;
`stories/dedup.py` does the same with a regular expression, dicts and numpy without it, with the
same results: tests/test_compiled.py).

From the normalised, case-folded text: its words as `\\w+` finds them (a Chinese or Japanese
character a word of its own), each word's crc32 over its UTF-8 (as `zlib.crc32(word.encode())`),
the hash of each run of `shingle_words` words, and the minimum of each permutation over them, kept
in a register as the shingles go by where numpy wrote a perms × n matrix first.
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM
from libc.stdint cimport uint8_t, uint32_t, uint64_t

import numpy as np

cdef uint32_t CRC_TABLE[256]
cdef uint64_t MUL = 0x9E3779B97F4A7C15ULL


cdef void _fill_crc_table():
    cdef uint32_t n, k, c
    for n in range(256):
        c = n
        for k in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if (c & 1) else (c >> 1)
        CRC_TABLE[n] = c


_fill_crc_table()


cdef inline uint32_t _crc_byte(uint32_t crc, uint8_t byte) noexcept:
    return CRC_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)


cdef inline uint32_t _crc_char(uint32_t crc, uint32_t c) noexcept:
    """The crc32 run on, over the UTF-8 bytes of one character (its code point `c`)."""
    if c < 0x80:
        return _crc_byte(crc, <uint8_t>c)
    if c < 0x800:
        crc = _crc_byte(crc, <uint8_t>(0xC0 | (c >> 6)))
    elif c < 0x10000:
        crc = _crc_byte(crc, <uint8_t>(0xE0 | (c >> 12)))
        crc = _crc_byte(crc, <uint8_t>(0x80 | ((c >> 6) & 0x3F)))
    else:
        crc = _crc_byte(crc, <uint8_t>(0xF0 | (c >> 18)))
        crc = _crc_byte(crc, <uint8_t>(0x80 | ((c >> 12) & 0x3F)))
        crc = _crc_byte(crc, <uint8_t>(0x80 | ((c >> 6) & 0x3F)))
    return _crc_byte(crc, <uint8_t>(0x80 | (c & 0x3F)))


cdef inline bint _unspaced(uint32_t c) noexcept:
    """dedup._UNSPACED: scripts written without spaces, where each character is a word."""
    return (0x3040 <= c <= 0x30FF or 0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF
            or 0xF900 <= c <= 0xFAFF)


cdef inline uint64_t _mix(uint64_t x) noexcept:
    """dedup._mix: splitmix64's finaliser."""
    x ^= x >> 30
    x *= 0xBF58476D1CE4E5B9ULL
    x ^= x >> 27
    x *= 0x94D049BB133111EBULL
    return x ^ (x >> 31)


def word_hashes(str text):
    """crc32 of each word of `text` (already normalised and case-folded), in order (uint64)."""
    hashes = np.empty(len(text), dtype=np.uint64)  # (at most a word a character: a run of Chinese)
    cdef uint64_t[::1] out = hashes
    cdef Py_ssize_t count = 0
    cdef uint32_t crc = 0xFFFFFFFF
    cdef bint inside = False
    cdef Py_UCS4 c
    for c in text:
        if _unspaced(<uint32_t>c):  # a word of its own (when it is a word character at all)
            if inside:
                out[count] = crc ^ 0xFFFFFFFF
                count += 1
                inside = False
            if Py_UNICODE_ISALNUM(c) or c == u"_":
                out[count] = _crc_char(0xFFFFFFFF, <uint32_t>c) ^ 0xFFFFFFFF
                count += 1
        elif Py_UNICODE_ISALNUM(c) or c == u"_":
            if not inside:
                crc = 0xFFFFFFFF
                inside = True
            crc = _crc_char(crc, <uint32_t>c)
        elif inside:
            out[count] = crc ^ 0xFFFFFFFF
            count += 1
            inside = False
    if inside:
        out[count] = crc ^ 0xFFFFFFFF
        count += 1
    return hashes[:count]


def shingles(const uint64_t[::1] words, Py_ssize_t size):
    """dedup.shingle_sequence from the words' hashes: each run of `size` words (one of all the
    words when fewer), ((w0 * M + w1) * M + ...) + wk, mixed."""
    cdef Py_ssize_t n = words.shape[0], i, j
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    size = min(size, n)
    sequence = np.empty(n - size + 1, dtype=np.uint64)
    cdef uint64_t[::1] out = sequence
    cdef uint64_t h
    for i in range(n - size + 1):
        h = words[i]
        for j in range(1, size):
            h = h * MUL + words[i + j]
        out[i] = _mix(h)
    return sequence


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
