"""Reported speech: "X said (that) …", "X told Y (that) …", "…, X said", "according to X, …".

The quote is the clause the parse hangs on the reporting verb (its clausal complement, or the
clause before it where the verb comes after: "Russian and US diplomats will meet …, Russia's
foreign minister said"), without "that" and the punctuation at its ends; with "according to X"
it is the rest of the clause "according" modifies. Only verbs whose clause is speech count
(REPORTED: not "believe", "ask" or "urge"), only where the parse names a speaker, and never
inside words in quotation marks or over them: those are direct quotes, found before.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ..model import Quote, Span
from .quotes_cues import LEMMA_OF, MAX_CHILDREN, PRONOUNS, REPORTED, according_to, lemma_of, phrase, speaker_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_REPORTED = 2000  # per document
_NOT_SPEECH = frozenset({"that", "which", "who"})
_WITHHELD = frozenset({"decline", "refuse", "fail", "hesitate", "wait"})
MIN_TOKENS = 3  # a reported clause is more than a word or two


def find_reported(doc: Doc, text: str, quoted: list[tuple[int, int]]) -> list[Quote]:
    """Indirect quotes of `doc` (whose text is `text`), leaving out the stretches `quoted` (sorted, not overlapping) that
    direct quotes already hold."""
    if not doc.has_annotation("DEP"):
        return []
    import numpy as np

    strings = doc.vocab.strings
    cues = [strings[form] for form, lemma in LEMMA_OF.items() if lemma in REPORTED] + [strings["according"]]
    hits = np.flatnonzero(np.isin(doc.to_array("LOWER"), np.array(cues, dtype="uint64")))
    starts = [lo for lo, _ in quoted]
    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for i in hits[:MAX_REPORTED * 4]:
        tok = doc[int(i)]
        if _inside(tok.idx, quoted, starts):
            continue
        quote = _according(tok, text) if according_to(tok) else _clause(tok, text)
        if quote is None or (quote.start, quote.end) in seen:
            continue
        if any(_inside_span(p.start, p.end, quoted, starts) for p in quote.parts):
            continue
        seen.add((quote.start, quote.end))
        out.append(quote)
        if len(out) >= MAX_REPORTED:
            break
    return out


def _clause(verb: Token, text: str) -> Quote | None:
    lemma = lemma_of(verb, REPORTED)
    if lemma is None or verb.n_lefts + verb.n_rights > MAX_CHILDREN or not _asserted(verb):
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    # the clause after the verb where there is one: "While X isn't possible yet, Y says the idea is …"
    ccomp = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None)
    if ccomp is not None and ccomp.left_edge.lower_ in _NOT_SPEECH and ccomp.left_edge.dep_ != "mark":
        return None  # "reported wait times that exceeded two hours": a relative clause, parsed as said
    if ccomp is not None and ccomp.left_edge.lower_ in ("whether", "if"):
        return None  # "did not say whether": a question, not what was said
    if ccomp is not None:
        lo, hi, signal, confidence = ccomp.left_edge.i, ccomp.right_edge.i + 1, "reported clause", 0.75
    elif verb.dep_ == "parataxis" and verb.head.i < verb.i:
        lo, hi = verb.head.left_edge.i, verb.left_edge.i
        signal, confidence = "reported clause before the cue", 0.7
    else:
        return None
    speaker = speaker_of(verb)
    if speaker is None:
        return None
    s_lo, s_hi = phrase(speaker)
    if hi <= s_lo < verb.i and s_lo > 0 and verb.doc[s_lo - 1].text == ",":
        hi = s_lo  # the clause before "…, X said" ends where X begins, whatever the parse hung on X
    part = _trimmed(verb.doc, text, lo, hi)
    if part is None or "\n" in text[min(verb.idx, verb.doc[part[0]].idx):max(verb.idx, verb.doc[part[1] - 1].idx)]:
        return None  # a heading the parser joined to the paragraph after it
    cue = Span(verb.idx, verb.idx + len(verb), verb.text)
    return _quote(verb.doc, text, [part], speaker, cue, lemma, signal, confidence)


def _asserted(verb: Token) -> bool:
    """Not "did not say", "declined to say", "refused to confirm": nothing was said."""
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    return not (verb.dep_ == "xcomp" and verb.head.lemma_ in _WITHHELD)


def _according(tok: Token, text: str) -> Quote | None:
    """"According to X, the talks will resume": the clause "according" modifies, less the phrase."""
    doc = tok.doc
    to = doc[tok.i + 1]
    speaker = speaker_of(tok)
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and head.i not in range(tok.i, to.right_edge.i + 1):
        head = head.head  # "One of the officers, according to prison records, had worked …": the clause, not the noun
    if speaker is None or head.i == tok.i or head.i in range(tok.i, to.right_edge.i + 1):
        return None
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    parts = [p for p in (_trimmed(doc, text, lo, tok.i, 1), _trimmed(doc, text, to.right_edge.i + 1, hi, 1))
             if p is not None]
    if sum(b - a for a, b in parts) < MIN_TOKENS:
        return None
    cue = Span(tok.idx, to.idx + len(to), text[tok.idx:to.idx + len(to)])
    return _quote(doc, text, parts, speaker, cue, "according to", "according to", 0.75)


def _trimmed(doc: Doc, text: str, lo: int, hi: int, shortest: int = MIN_TOKENS) -> tuple[int, int] | None:
    """Token range [lo, hi) without "that", punctuation and spaces at its ends; None when shorter
    than `shortest` or when it runs over a paragraph break."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ == "that" and doc[lo].dep_ == "mark"):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < shortest or "\n" in text[doc[lo].idx:doc[hi - 1].idx]:
        return None
    return lo, hi


def _quote(doc: Doc, text: str, parts: list[tuple[int, int]], speaker: Token, cue: Span, lemma: str,
           signal: str, confidence: float) -> Quote:
    spans = [_span(doc, text, lo, hi) for lo, hi in parts]
    s_lo, s_hi = phrase(speaker)
    start, end = spans[0].start, spans[-1].end
    return Quote(start=start, end=end, text=text[start:end], kind="indirect", parts=spans,
                 speaker=_span(doc, text, s_lo, s_hi), speaker_pronoun=speaker.lower_ in PRONOUNS, cue=cue,
                 cue_lemma=lemma, signal=signal, confidence=confidence)


def _span(doc: Doc, text: str, lo: int, hi: int) -> Span:
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    return Span(start, end, text[start:end])


def _inside(char: int, quoted: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect_right(starts, char) - 1
    return k >= 0 and char < quoted[k][1]


def _inside_span(start: int, end: int, quoted: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether [start, end) overlaps a quoted stretch."""
    k = bisect_right(starts, end - 1) - 1
    return k >= 0 and quoted[k][1] > start
