"""Quoted stretches of a text, found from its quotation marks alone.

Every style the news prints: “…” and "…" (English), „…“ and „…” (German, Polish), «…» and »…«
(French, Swiss, German), 「…」 and 『…』 (Chinese, Japanese), and ‘…’ or '…' (British). Marks of
another family inside an open quote belong to a nested quote and are left to it. A mark's
direction comes from its shape (a space before it and a letter after it open a quote) and,
where the shape says nothing, from the mark itself. Single marks double as apostrophes, so
they open a quote only where the shape says so, and only a quote they close within the
paragraph counts.

A quote still open at the end of a paragraph goes on when the next paragraph opens with a mark
of its family (the English rule for a quote over several paragraphs); otherwise it ends with
its paragraph, unclosed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# mark -> (family, direction it has where its shape says nothing: 1 opens, -1 closes, 0 either)
MARKS: dict[str, tuple[str, int]] = {
    '"': ("double", 0), "“": ("double", 1), "”": ("double", -1), "„": ("double", 1), "‟": ("double", 1),
    "«": ("angle", 1), "»": ("angle", -1),
    "「": ("corner", 1), "」": ("corner", -1), "『": ("white corner", 1), "』": ("white corner", -1),
    "‘": ("single", 1), "’": ("single", -1), "‚": ("single", 1), "'": ("single", 0),
    # two single marks or backquotes for one double mark, as typewriters and old wire copy have them
    "’’": ("double", -1), "''": ("double", 0), "‘‘": ("double", 1), "``": ("double", 1),
}
_MARK = re.compile("’’|''|‘‘|``|[" + re.escape("".join(m for m in MARKS if len(m) == 1)) + "]")
_SINGLE_CLOSE = re.compile("[’']")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_OPEN_AFTER = frozenset("([{<—–-/:;") | frozenset(MARKS)  # what may stand right before an opening mark
_CLOSE_BEFORE = frozenset(".,;:!?)]}>—–-…") | frozenset(MARKS)  # and right after a closing one
_NO_START = frozenset(".,;:!?)]}")  # a quote does not open on these
_SPACES = " \t\u00a0\u202f\u2009\u2007\u3000"

MAX_SEGMENTS = 5000  # a news page holds a few dozen quotes; a page of stray marks is not read to its end
MAX_UNCLOSED = 2000  # characters: an unclosed "quote" longer than this is a stray mark
POSSESSIVE_REACH = 300  # characters searched for the mark that closes a single-quoted quote
MAX_PARAGRAPHS = 30  # a quote over more paragraphs than this is a mark that was never closed


@dataclass
class Segment:
    """One quote as its marks show it: the quoted words of each paragraph it runs over, without
    the marks and the spaces inside them."""

    parts: list[tuple[int, int]]
    open_at: int  # the opening mark
    close_end: int | None  # just past the closing mark; None for a quote its paragraph ends
    family: str
    gaps: list[tuple[int, int]] = field(default_factory=list)  # attributions between parts (quotes_join.py)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    @property
    def after(self) -> int:
        """Where the text after the quote begins: past its closing mark, or its paragraph's end."""
        return self.end if self.close_end is None else self.close_end


@dataclass
class _Open:
    family: str
    mark: str
    at: int  # the opening mark of the current paragraph's part
    inner: int  # where its quoted words begin, past the mark
    parts: list[tuple[int, int]] = field(default_factory=list)  # earlier paragraphs' parts
    first: int = -1  # the opening mark of the first part


def paragraphs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-empty line: the body's paragraphs."""
    return [m.span() for m in _LINE.finditer(text) if not m[0].isspace()]


def shape(text: str, i: int, j: int | None = None) -> int:
    """1 where the mark text[i:j] (one character by default) is shaped like an opening mark, -1
    like a closing one, 0 unclear."""
    j = i + 1 if j is None else j
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    opening = (before.isspace() or before in _OPEN_AFTER) and not after.isspace() and after not in _NO_START
    closing = not before.isspace() and (after.isspace() or after in _CLOSE_BEFORE)
    return 0 if opening == closing else 1 if opening else -1


def find_segments(text: str) -> list[Segment]:
    """The quotes of `text` by their marks, in order."""
    out: list[Segment] = []
    paras = paragraphs(text)
    carry: _Open | None = None
    for k, (lo, hi) in enumerate(paras):
        state, carry = carry, None
        for m in _MARK.finditer(text, lo, hi):
            i = m.start()
            if state is not None and i == state.at:
                continue  # the mark that carried the quote into this paragraph
            state = _step(text, m, hi, state, out)
            if len(out) >= MAX_SEGMENTS:
                return out
        if state is not None:
            carry = _paragraph_end(text, state, hi, paras[k + 1] if k + 1 < len(paras) else None, out)
    return out


def _step(text: str, m: re.Match[str], hi: int, state: _Open | None, out: list[Segment]) -> _Open | None:
    """The open quote after the mark `m` (its paragraph ends at hi)."""
    mark, i = m[0], m.start()
    family, prior = MARKS[mark]
    if state is not None and family != state.family:
        return state  # a nested quote's mark
    form = shape(text, i, m.end())
    if family == "single" and _apostrophe(text, i, mark, form):
        return state
    if state is None:
        if form == 1 or form == 0 and prior >= 0 and family != "single":
            return _Open(family, mark, i, m.end(), first=i)
        return None  # a closing mark with nothing open: a stray
    if form == 0:
        form = _prior_inside(mark, prior, state.mark)
    if form == 1:
        return _Open(family, mark, i, m.end(), first=i)  # the quote open before was a stray mark: start again
    if family == "single" and _possessive(text, i, hi):
        return state
    part = _inner(text, state.inner, i)
    if part is not None or state.parts:
        parts = state.parts + ([part] if part is not None else [])
        out.append(Segment(parts, state.first, m.end(), family))
    return None


def _apostrophe(text: str, i: int, mark: str, form: int) -> bool:
    """A single mark that is an apostrophe: inside a word (don't, Qatar's), or before a year ('90s)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    return mark in "'’" and form == 1 and after.isdigit()


def _possessive(text: str, i: int, hi: int) -> bool:
    """"the diplomats’ return": a mark after an s and before a word is an apostrophe where a mark
    shaped to close the quote follows shortly."""
    if not (text[i - 1] in "sS" and text[i + 1:i + 2] == " " and text[i + 2:i + 3].isalpha()):
        return False
    for m in _SINGLE_CLOSE.finditer(text, i + 1, min(hi, i + POSSESSIVE_REACH)):
        j = m.start()
        if shape(text, j) == -1 and not _apostrophe(text, j, text[j], -1):
            return True
    return False


def _prior_inside(mark: str, prior: int, opened_with: str) -> int:
    """Direction of an unclearly shaped mark inside a quote of its family."""
    if mark == opened_with and MARKS[mark][0] == "angle":
        return 1  # «…« is no pair: French and German angle quotes point opposite ways
    if mark == "“" and opened_with == "„":
        return -1  # German „…“
    if MARKS[mark][0] == "angle":
        return -1
    return -1 if prior <= 0 else 1


def _paragraph_end(text: str, state: _Open, hi: int, following: tuple[int, int] | None,
                   out: list[Segment]) -> _Open | None:
    """A quote open at its paragraph's end: carried into the next paragraph when that opens with a
    mark of its family, else ended here (single marks: dropped)."""
    part = _inner(text, state.inner, hi)
    parts = state.parts + ([part] if part is not None else [])
    if following is not None and len(parts) < MAX_PARAGRAPHS:
        j = following[0]
        while j < following[1] and text[j] in _SPACES:
            j += 1
        if j < following[1] and MARKS.get(text[j], ("", 0))[0] == state.family and parts:
            return _Open(state.family, text[j], j, j + 1, parts, state.first)
    if state.family != "single" and parts and parts[-1][1] - parts[0][0] <= MAX_UNCLOSED:
        out.append(Segment(parts, state.first, None, state.family))
    return None


def _inner(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """[lo, hi) without the spaces at its ends; None when nothing is left."""
    while lo < hi and (text[lo] in _SPACES or text[lo].isspace()):
        lo += 1
    while hi > lo and (text[hi - 1] in _SPACES or text[hi - 1].isspace()):
        hi -= 1
    return (lo, hi) if hi > lo else None
