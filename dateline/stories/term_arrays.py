"""An article's comparison with a topic's latest members in bulk (the hot loop of clustering):
the term vectors as numpy arrays over term numbers, so that one gather and two sums compare an
article with every member at once, where a dict per member took a set intersection each.

Derived data only: a `TermArrays` lives beside a clustering state (not pickled with it) and is
rebuilt from the vectors whenever it is missing. Its numbering of the terms grows as terms come;
past `limit` numbers it starts afresh (and the arrays of the members are made again), so it stays
bounded on an endless stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from sys import intern
from typing import Protocol

import numpy as np


class _Vector(Protocol):
    @property
    def words(self) -> dict[str, float]: ...


class TermArrays:
    def __init__(self, limit: int = 1 << 20) -> None:
        self.limit = limit
        self.numbers: dict[str, int] = {}  # a term's number
        self.terms: list[str] = []  # the term of each number (interned)
        self.scratch = np.zeros(1024)  # the article's weights by term number; zero again after each use
        self.windows: dict[str, _Window] = {}
        self.latest: tuple[dict[str, float], np.ndarray, np.ndarray] | None = None
        self.generation = 0  # how many times the numbering started afresh

    def arrays(self, vector: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """The term numbers and the weights of `vector`, in its order (kept for the next call:
        an article's are asked for again when it joins a window)."""
        latest = self.latest
        if latest is None or latest[0] is not vector:
            latest = self.latest = (vector, *self._made(vector))
        return latest[1], latest[2]

    def interned(self, vector: dict[str, float]) -> dict[str, float]:
        """`vector` with its terms interned (the copies `sys.intern` gives: the vectors a state
        keeps share one copy of each term), its arrays made on the way and kept for `links`.
        (One look-up a term serves both.)"""
        found = self._numbers(vector)
        terms = self.terms
        vector = dict(zip(map(terms.__getitem__, found), vector.values(), strict=True))
        self.latest = (vector, np.array(found, dtype=np.int64), np.fromiter(vector.values(), np.float64, len(vector)))
        return vector

    def _made(self, vector: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        found = self._numbers(vector)
        return np.array(found, dtype=np.int64), np.fromiter(vector.values(), np.float64, len(vector))

    def _numbers(self, vector: dict[str, float]) -> list[int]:
        numbers = self.numbers
        found = list(map(numbers.get, vector))
        if None in found:
            if len(numbers) + len(vector) > self.limit:  # start afresh (rare): the arrays made are dropped
                numbers.clear()
                self.terms.clear()
                self.windows.clear()
                self.generation += 1
                found = [None] * len(vector)
            terms = self.terms
            for n, (term, number) in enumerate(zip(vector, found, strict=True)):
                if number is None:
                    term = intern(term)
                    found[n] = numbers[term] = len(terms)
                    terms.append(term)
            if len(terms) > len(self.scratch):
                self.scratch = np.zeros(max(len(terms), 2 * len(self.scratch)))
        return found  # type: ignore[return-value]  # (no None left)

    def links(self, vector: dict[str, float], key: str, members: Sequence[_Vector]) -> tuple[list[float], list[int]]:
        """The dot product of `vector` with each of `members`' words (the members of the window
        `key`), and the number of terms they share, in the members' order."""
        generation = self.generation
        ids, weights = self.arrays(vector)
        window = self._window(key, members)
        if self.generation != generation:  # the numbering started afresh meanwhile: again, all in the new one
            self.latest = None
            return self.links(vector, key, members)
        dots, shared = [0.0] * len(members), [0] * len(members)
        if not window.filled:
            return dots, shared
        scratch = self.scratch
        scratch[ids] = weights
        theirs = scratch[window.ids]
        scratch[ids] = 0.0
        # The products as the dicts' loop made them (the article's weight times the member's), and
        # the terms shared; each member's summed by numpy, where the loop's set ordered the terms
        # by hash: the same up to the last bits, as two runs of that loop (two hash seeds) were.
        both = np.empty((2, len(theirs)))
        np.multiply(theirs, window.weights, out=both[0])
        np.not_equal(theirs, 0.0, out=both[1])
        sums = np.add.reduceat(both, window.starts, axis=1).tolist()
        for n, dot, count in zip(window.filled, sums[0], sums[1], strict=True):
            dots[n], shared[n] = dot, int(count)
        return dots, shared

    def _window(self, key: str, members: Sequence[_Vector]) -> _Window:
        """The arrays of the window `key`, made again if its members changed (from those kept)."""
        order = list(map(id, members))
        window = self.windows.get(key)
        if window is not None and window.order == order:
            return window
        entries = {}
        before = window.entries if window is not None else {}
        for member in members:
            entry = before.get(id(member))
            if entry is None or entry[0] is not member:
                entry = (member, *self._made(member.words))
            entries[id(member)] = entry
        window = self.windows[key] = _Window(order, entries, window)
        return window

    def joined(self, key: str, member: _Vector) -> None:
        """`member` joined the window `key`: its arrays are the article's, made when it was compared."""
        latest = self.latest
        window = self.windows.get(key)
        if latest is not None and latest[0] is member.words and window is not None:
            window.entries[id(member)] = (member, latest[1], latest[2])

    def forget(self, keys: Sequence[str]) -> None:
        """Drop the arrays of windows that are gone (topics dropped from the state)."""
        for key in keys:
            self.windows.pop(key, None)


class _Window:
    """A window's members' arrays end to end, and where each (that has any terms) starts: made
    from the previous arrays when the window only moved on (its oldest gone, new ones after)."""

    def __init__(self, order: list[int], entries: dict[int, tuple[_Vector, np.ndarray, np.ndarray]],
                 before: _Window | None = None) -> None:
        self.order = order
        self.entries = entries
        self.filled: list[int] = []
        self.ids, self.weights, self.starts = np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64)
        gone = _moved_on(before.order, order) if before is not None else None
        if before is not None and gone is not None:
            held = len(before.order) - gone  # the members kept, at the front now
            dropped = sum(1 for n in before.filled if n < gone)  # (the filled ones among those gone)
            cut = int(before.starts[dropped]) if dropped < len(before.filled) else len(before.ids)
            added = [(held + n, part) for n, part in enumerate(entries[key] for key in order[held:]) if len(part[1])]
            self.filled = [n - gone for n in before.filled[dropped:]] + [n for n, _ in added]
            if self.filled:
                self.ids = np.concatenate([before.ids[cut:], *(part[1] for _, part in added)])
                self.weights = np.concatenate([before.weights[cut:], *(part[2] for _, part in added)])
                offsets = accumulate([len(before.ids) - cut, *(len(part[1]) for _, part in added[:-1])])
                self.starts = np.concatenate([before.starts[dropped:] - cut,
                                              np.array(list(offsets)[:len(added)], dtype=np.int64)])
            return
        parts = [entries[n] for n in order]
        self.filled = [n for n, part in enumerate(parts) if len(part[1])]
        if self.filled:
            lengths = [len(parts[n][1]) for n in self.filled]
            self.ids = np.concatenate([parts[n][1] for n in self.filled])
            self.weights = np.concatenate([parts[n][2] for n in self.filled])
            self.starts = np.array([0, *accumulate(lengths[:-1])], dtype=np.int64)


def _moved_on(before: list[int], after: list[int]) -> int | None:
    """How many of `before`'s first members are gone, if `after` is the rest of `before` and then
    new members; else None."""
    if not before or not after:
        return None
    try:
        gone = before.index(after[0])
    except ValueError:
        return None
    return gone if before[gone:] == after[:len(before) - gone] else None
