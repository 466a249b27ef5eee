"""A cheap tense cue: does the clause around a time expression look back or ahead?

A bare weekday or month takes its direction from its clause: "will meet on Thursday" is the
Thursday to come, "sided with Russia on Monday" the Monday gone. No parser: the nearest verb
cue (will, 'll, going to / was, were, -ed, irregular pasts) within the clause decides, so that
"said on Monday it will meet on Thursday" reads each day by its own verb.
"""

from __future__ import annotations

import re

# How far either side of an expression its clause is looked at: a clause rarely runs longer, and
# a 20,000-word sentence must not be read whole for every expression in it.
WINDOW = 90

# Cue words per language: English's own, and German, French and Spanish ones for those pages
# (kept apart: "war" and "era" are past verbs in German and Spanish but nouns in English).
_FUTURE_WORDS = {
    "en": r"will|shall|won't|wo n't|going\s+to|(?:is|are|am)\s+(?:to|due|set|scheduled|expected|slated|planning)|"
          r"plans?\s+to|scheduled|upcoming|next|tomorrow|would|could|might|(?-i:may)|hopes?\s+to|intends?\s+to|"
          r"expects?\s+to|set\s+to|due\s+to|payable|effective",
    "de": r"wird|werden|wirst|werde|soll|sollen|nächste[nmrs]?|kommende[nmrs]?|morgen|übermorgen",
    # French and Spanish futures by their endings too: rencontreront, reunirán
    "fr": r"va|vont|sera|seront|aura|auront|prochain|prochaine|demain|[^\W\d_]{3,}(?:eront|iront|erons|erez|erai)",
    "es": r"van?\s+a|próxim[oa]|mañana|[^\W\d_]{3,}(?:rán|rá|remos)",
}
_PAST_WORDS = {
    "en": r"was|were|had|did|said|told|met|took|made|went|came|saw|gave|held|left|began|won|lost|fell|rose|sold|"
          r"bought|paid|spent|sent|led|kept|brought|thought|found|felt|became|broke|chose|drew|drove|ate|fought|"
          r"flew|forgot|got|grew|hit|hung|heard|knew|laid|lay|meant|ran|rang|sat|shot|shut|spoke|stood|stole|"
          r"struck|swore|taught|threw|understood|woke|wore|wrote|ago|last|earlier|yesterday|previously|[a-z]{3,}ed",
    # German Präteritum and Perfekt (hat … getroffen), French passé composé, Spanish preterite
    "de": r"hat|haben|hatte|hatten|war|waren|wurde|wurden|sagte|gestern|vor|vergangene[nmrs]?|letzte[nmrs]?|"
          r"ge[^\W\d_]{2,}(?:t|en)|[^\W\d_]{3,}(?:te|ten)",
    "fr": r"était|étaient|fut|avait|avaient|hier|il\s+y\s+a|dernier|dernière|"
          r"(?:a|ont|avait|avaient|est|sont)\s+[^\W\d_]{2,}(?:é|ée|és|ées|i|is|u|us)",
    "es": r"fue|fueron|era|eran|dijo|ayer|hace|pasad[oa]|[^\W\d_]{3,}(?:ó|aron|ieron)",
}


def _cues(words: dict[str, str], lang: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W\d_])(?:{words.get(lang, words['en'])})(?![^\W\d_])" + (r"|'ll\b" if lang == "en" else ""),
                      re.I)


_CUES = {lang: (_cues(_FUTURE_WORDS, lang), _cues(_PAST_WORDS, lang)) for lang in _FUTURE_WORDS}
_NOT_PAST = frozenset({"need", "needed", "feed", "seed", "speed", "proceed", "succeed", "exceed", "indeed", "bed",
                       "red", "shed", "hundred", "united", "limited", "based", "related", "expected", "scheduled",
                       "proposed", "planned", "interested", "concerned", "advanced", "detailed", "supposed"})
_ATTRIBUTION = re.compile(r",\s+(?:[\w.'’-]+\s+){0,6}?(?:said|says|told|added|announced|reported|stated)\b.*", re.I | re.S)
_CLAUSE_END = re.compile(r"[.;!?\n]|,\s+(?:but|and|while|although|because)\b")


def _no_tense(m: re.Match[str]) -> bool:
    """A word that looks past but says nothing of the time: an adjective ("limited", "expected")."""
    return m[0].lower() in _NOT_PAST


def direction(text: str, start: int, end: int, lang: str = "en") -> int:
    """-1 when the clause around text[start:end] is past, +1 when it is future, 0 when nothing says."""
    left = text[max(0, start - WINDOW):start]
    right = text[end:end + WINDOW]
    # the clause: back to the last boundary on the left, up to the first on the right
    cuts = [c.end() for c in _CLAUSE_END.finditer(left)]
    if cuts:
        left = left[cuts[-1]:]
    stop = _CLAUSE_END.search(right)
    if stop is not None:
        right = right[:stop.start()]
    # an attribution after a comma is a clause of its own: "will meet on Thursday, the ministry said"
    right = _ATTRIBUTION.sub("", right)
    best: tuple[int, int] | None = None  # (distance, direction)
    future, past = _CUES.get(lang, _CUES["en"])
    for pattern, sign in ((future, 1), (past, -1)):
        for m in pattern.finditer(left):
            if sign < 0 and _no_tense(m):
                continue
            # a cue on the left counts from its end, and a little nearer: the verb usually precedes
            distance = len(left) - m.end()
            if best is None or distance < best[0]:
                best = (distance, sign)
        for m in pattern.finditer(right):
            if sign < 0 and _no_tense(m):
                continue
            distance = m.start() + 10
            if best is None or distance < best[0]:
                best = (distance, sign)
    return best[1] if best else 0
