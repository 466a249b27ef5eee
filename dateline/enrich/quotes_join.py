"""One quote broken by its attribution: "“First part,” he said, “second part.”".

Two quotes of a paragraph are one where the first stops mid-sentence (a comma or a dash inside
its marks, or a comma right after them), the words between are a short attribution with a verb
of saying, and they end with a comma or a colon before the second quote opens.
"""

from __future__ import annotations

import re

from .quotes_cues import LEMMA_OF, SPEECH
from .quotes_marks import Segment

MAX_GAP = 80  # characters of attribution between the parts: "he said", "Lavrov told reporters in Doha"
_WORD = re.compile(r"[^\W\d_]+")


def join_broken(text: str, segments: list[Segment]) -> list[Segment]:
    """`segments` with each quote broken by its attribution joined, the attribution noted in `gaps`."""
    out: list[Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        if prev is not None and prev.close_end is not None and _broken(text, prev, seg):
            out[-1] = Segment(prev.parts + seg.parts, prev.open_at, seg.close_end, prev.family,
                              prev.gaps + [(prev.close_end, seg.open_at)] + seg.gaps)
        else:
            out.append(seg)
    return out


def _broken(text: str, first: Segment, second: Segment) -> bool:
    assert first.close_end is not None
    gap = text[first.close_end:second.open_at]
    if len(gap) > MAX_GAP or "\n" in gap or first.family != second.family:
        return False
    stripped = gap.strip()
    mid_sentence = text[first.end - 1] in ",—–-…" or stripped.startswith(",")
    if not mid_sentence or not stripped.endswith((",", ":", "—", "–")):
        return False
    return any(LEMMA_OF.get(w.lower()) in SPEECH for w in _WORD.findall(stripped))
