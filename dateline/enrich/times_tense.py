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

_FUTURE = re.compile(
    r"\b(?:will|shall|won't|wo n't|going\s+to|(?:is|are|am)\s+(?:to|due|set|scheduled|expected|slated|planning)|"
    r"plans?\s+to|scheduled|upcoming|next|tomorrow|would|could|might|may|hopes?\s+to|intends?\s+to|expects?\s+to|"
    r"wird|werden|wirst|werde|soll|sollen|va|vont|sera|seront|aura|auront|prochain|prochaine|van?\s+a|"
    r"próxim[oa]|mañana|demain|morgen)\b|'ll\b",
    re.I,
)
_IRREGULAR_PAST = (
    "was|were|had|did|said|told|met|took|made|went|came|saw|gave|held|left|began|won|lost|fell|rose|sold|bought|"
    "paid|spent|sent|led|kept|brought|thought|found|felt|became|broke|chose|drew|drove|ate|fought|flew|forgot|"
    "got|grew|hit|hung|heard|knew|laid|lay|meant|ran|rang|sat|shot|shut|spoke|stood|stole|struck|swore|taught|"
    "threw|understood|woke|wore|wrote|ago|last|earlier|yesterday|previously|"
    "hat|haben|hatte|hatten|war|waren|wurde|wurden|sagte|gestern|était|étaient|fut|avait|ont|hier|"
    "fue|fueron|era|eran|dijo|ayer|hace|vor"
)
_PAST = re.compile(rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{3,}}ed)\b|\b[a-záéíóú]{{3,}}(?:ó|aron|ieron)\b|\bil y a\b",
                   re.I)
_NOT_PAST = frozenset({"need", "needed", "feed", "seed", "speed", "proceed", "succeed", "exceed", "indeed", "bed",
                       "red", "shed", "hundred", "united", "limited", "based", "related", "expected", "scheduled",
                       "proposed", "planned", "interested", "concerned", "advanced", "detailed", "supposed"})
_CLAUSE_END = re.compile(r"[.;!?\n]|,\s+(?:but|and|while|although|because)\b")


def direction(text: str, start: int, end: int) -> int:
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
    best: tuple[int, int] | None = None  # (distance, direction)
    for pattern, sign in ((_FUTURE, 1), (_PAST, -1)):
        for m in pattern.finditer(left):
            if sign < 0 and m[0].lower() in _NOT_PAST:
                continue
            # a cue on the left counts from its end, and a little nearer: the verb usually precedes
            distance = len(left) - m.end()
            if best is None or distance < best[0]:
                best = (distance, sign)
        for m in pattern.finditer(right):
            if sign < 0 and m[0].lower() in _NOT_PAST:
                continue
            distance = m.start() + 10
            if best is None or distance < best[0]:
                best = (distance, sign)
    return best[1] if best else 0
