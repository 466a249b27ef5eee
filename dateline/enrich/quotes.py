"""Quotes in an article body, direct and reported, with who said them as the text names them.

`find_quotes(doc)` reads a spaCy Doc of `Article.body`. Direct quotes come from the quotation
marks (quotes_marks.py); a quote broken by its attribution ("“First part,” he said, “second
part.”") is joined into one (quotes_join.py). Its speaker comes from the reporting verb
(quotes_cues.py) that the parse hangs the quote on, else the nearest one in the quote's sentence
after it ("“…,” the source added") or before it ("Lavrov said: “…”"); a quote with none takes the
speaker of a quote just before it (same or previous paragraph), else it is kept without one.
Reported speech comes from the parse (quotes_reported.py).

Speakers are mentions, not actors: the enrichment stage fills `Quote.speaker_actor` with
`attach_speakers` from its actor mentions, pronouns ("he", flagged) and "the source" through its
coreference. `quote_around` tells the event coder which quote, if any, an event is reported in.
The work is one pass over the marks plus a few dozen tokens around each quote and around each
reporting verb, small next to the parse.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Quote, Span
from .quotes_cues import LEMMA_OF, NAMING, PRONOUNS, SPEECH, according_to, lemma_of, nearby_speaker, phrase, speaker_of
from .quotes_join import join_broken
from .quotes_marks import Segment, find_segments, paragraphs
from .quotes_reported import find_reported

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_MENTIONS_BACK = 50  # mentions that start before a speaker's end and may still reach into it
MAX_QUOTES = 2000  # direct quotes per document
WINDOW_AFTER, WINDOW_BEFORE = 30, 40  # tokens searched for a cue beside a quote
MAX_HOPS = 4  # from a quote up the parse to its reporting verb
SHORT_WORDS = 4  # a quote of this many words inside the writer's sentence is partial
SHORT_TITLE = 8  # words of a title or a heading
LINE_REACH = 200  # characters looked back for the start of a quote's paragraph
_SMALL_WORDS = frozenset("a an the and or of to in on at for by with from as".split())
_STOPS = frozenset(".!?")
_FINITE = frozenset({"VBD", "VBZ", "VBP"})  # "branded", "brands": a verb with a subject, not "branding firm"
_QUOTE_MARKS = frozenset("\"“”„‟«»「」『』‘")  # marks that open or close another quote (not the apostrophe ’)
_INTRO_ENDS = (":", ",", "—", "–")
_CLAUSE_DEPS = frozenset({"ccomp", "ROOT", "parataxis", "conj", "xcomp", "advcl"})

# confidence of a direct quote with its speaker, by how the speaker was found
CONFIDENCE = {"parse": 0.9, "between parts": 0.9, "after": 0.85, "before": 0.8, "colon": 0.6, "beside the cue": 0.6,
              "quote before": 0.55, "none": 0.5}
UNCLOSED = 0.2  # less for a quote its paragraph ends


@dataclass
class _Cue:
    token: Token
    lemma: str
    found: str  # a key of CONFIDENCE
    window: tuple[int, int]  # the tokens searched, for a speaker beside the cue


def find_quotes(doc: Doc) -> list[Quote]:
    """The direct and indirect quotes of `doc` (a parse of an article body), in text order."""
    text = doc.text
    if not text.strip():
        return []
    tokens = _Tokens(doc, text)
    found = [_direct(doc, tokens, seg) for seg in join_broken(text, find_segments(text))[:MAX_QUOTES]]
    quoted = [(p.start, p.end) for q, _ in found if not q.partial for p in q.parts]
    found += [(q, False) for q in find_reported(doc, text, quoted)]
    found.sort(key=lambda f: (f[0].start, f[0].end))
    _speakers_carried(text, found)
    return [quote for quote, _ in found]


def quote_around(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The quote whose quoted words hold some of [start, end) (an event's trigger or sentence), so
    that a coder can tell what is reported inside a quote and whose it is: a direct quote before an
    indirect one, then the narrowest."""
    holding = [q for q in quotes if q.start < end and start < q.end and q.overlaps(start, end)]
    return min(holding, key=lambda q: (q.kind != "direct", q.end - q.start), default=None)


def attach_speakers(quotes: Iterable[Quote], mentions: Iterable[tuple[int, int, str]]) -> None:
    """Sets each quote's `speaker_actor` from actor mentions given as (start, end, actor id): of the
    mentions inside the speaker's words, the one that ends last, where an English noun phrase has its
    head ("Russia's foreign minister Sergei Lavrov" is Lavrov, "A Turkish foreign ministry source" the
    ministry's). A pronoun speaker takes the actor of a coreference mention over the pronoun itself."""
    spans = sorted(mentions)
    starts = [m[0] for m in spans]
    for quote in quotes:
        who = quote.speaker
        if who is None:
            continue
        k = bisect_right(starts, who.end - 1)
        inside = [m for m in spans[max(0, k - MAX_MENTIONS_BACK):k] if m[1] > who.start]
        if inside:
            quote.speaker_actor = max(inside, key=lambda m: (min(m[1], who.end), m[1] - m[0]))[2]


class _Tokens:
    """Char offsets to token indexes."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text  # Doc.text joins every token on each call
        self.starts = doc.to_array("IDX").tolist() if len(doc) else []
        self.parsed = doc.has_annotation("DEP")

    def first_from(self, char: int) -> int:
        """The first token that starts at or after `char`."""
        return bisect_right(self.starts, char - 1)

    def last_before(self, char: int) -> int:
        """The last token that starts before `char` (-1: none)."""
        return bisect_right(self.starts, char - 1) - 1


def _direct(doc: Doc, tokens: _Tokens, seg: Segment) -> tuple[Quote, bool]:
    """The quote of `seg`, and whether it opens its sentence."""
    text = tokens.text
    before = _before(doc, tokens.last_before(seg.open_at))
    intro = text[doc[before[0]].idx:seg.open_at].strip() if before[1] > before[0] else ""
    words = text[seg.start:seg.end]
    reach = max(0, seg.open_at - LINE_REACH)
    newline = text.rfind("\n", reach, seg.open_at)
    line = text[newline + 1 if newline >= 0 else reach:seg.open_at]
    in_sentence = any(c.isalpha() for c in line)  # not the paragraph's first words: "7. “The Giuliani problem”"
    partial = len(seg.parts) == 1 and (_title(words) and in_sentence or _partial(words, intro, _clause(doc, tokens, seg)))
    cue = _cue(doc, tokens, seg, before, partial)
    parts = [Span(lo, hi, text[lo:hi]) for lo, hi in seg.parts]
    quote = Quote(start=seg.start, end=seg.end, text=text[seg.start:seg.end], kind="direct", parts=parts,
                  partial=partial, signal="quote marks")
    if cue is not None:
        _attribute(doc, tokens, quote, cue)
    else:
        quote.confidence = CONFIDENCE["none"]
    if seg.close_end is None:
        quote.confidence = round(quote.confidence - UNCLOSED, 2)
        quote.signal += ", unclosed"
    return quote, not intro


def _partial(words: str, intro: str, clause: bool | None) -> bool:
    """A few quoted words in the writer's sentence ("described the talks as “constructive”"), as
    against a quoted sentence brought in by "said:", "that", or nothing. `clause`: whether the
    parse reads the quote as a clause of its own (None: no parse)."""
    if not intro or intro.endswith(_INTRO_ENDS):
        return False
    if intro.endswith("("):
        return True  # a title or a name: "(“The Discovery”)"
    last = intro.split()[-1].lower()
    if LEMMA_OF.get(last) in NAMING:
        return True  # "a script called “Wild Rose,”"
    if last == "that" or last in LEMMA_OF and LEMMA_OF[last] in SPEECH:
        return clause is False  # "stressed “the importance of dialogue”" against "said “we are ready”"
    first = next((c for c in words if c.isalpha()), "")
    # mid-sentence, a quote of a few words is a name or a phrase whatever its last mark: "an episode of “DWTS.”"
    return first.islower() or words[-1] not in ".!?,…" or len(words.split()) <= SHORT_WORDS


def _title(words: str) -> bool:
    """Quoted words that read as a title or a heading: every word capitalised but the small ones
    ("Takin’ It To The Streets", "We Got Her!")."""
    ws = words.split()
    if not 2 <= len(ws) <= SHORT_TITLE:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in ws)


def _clause(doc: Doc, tokens: _Tokens, seg: Segment) -> bool | None:
    """Whether the parse hangs the quote on the sentence as a clause (a verb of its own), not as a
    noun phrase or a modifier."""
    if not tokens.parsed:
        return None
    inside = range(tokens.first_from(seg.start), tokens.last_before(seg.end) + 1)
    for k in inside:
        tok = doc[k]
        if tok.head.i not in inside or tok.head.i == tok.i:
            return tok.dep_ in _CLAUSE_DEPS or tok.pos_ in ("VERB", "AUX")
    return None


def _cue(doc: Doc, tokens: _Tokens, seg: Segment, before: tuple[int, int], partial: bool) -> _Cue | None:
    """The reporting verb of the quote: between its parts, up the parse, else beside it in its sentence."""
    for lo, hi in seg.gaps:
        window = (tokens.first_from(lo), tokens.last_before(hi) + 1)
        found = _nearest(doc, range(*window))
        if found is not None:
            return _Cue(found[0], found[1], "between parts", window)
    after = _after(doc, tokens.first_from(seg.after))
    if tokens.parsed:
        found = _up_the_parse(doc, tokens, seg, before[0], after[1])
        if found is not None:
            return _Cue(found[0], found[1], "parse", before if found[0].i < before[1] else after)
    if partial:  # a verb of saying or naming before the quoted words, else none: scare quotes, names
        found = _nearest(doc, range(before[1] - 1, before[0] - 1, -1), SPEECH | NAMING)
        if found is None or found[0].tag_ and found[0].tag_ not in _FINITE:
            return None  # "the branding firm behind “Starts with one”" is no one naming it
        return _Cue(found[0], found[1], "before", before)
    text = tokens.text
    closes_clause = text[seg.end - 1] in ",?!—–…" or text[seg.after:seg.after + 1] == ","
    searches = [(after, "after", False), (before, "before", True)]
    if not closes_clause and _introduced(text, doc, before, seg):
        searches.reverse()
    for window, where, backwards in searches:
        found = _nearest(doc, range(window[1] - 1, window[0] - 1, -1) if backwards else range(*window))
        if found is not None:
            return _Cue(found[0], found[1], where, window)
    return _colon(doc, tokens, before)


def _colon(doc: Doc, tokens: _Tokens, before: tuple[int, int]) -> _Cue | None:
    """"Buckley had a similar experience: “…”": a clause that brings a quote in with a colon speaks
    through its verb, whatever the verb."""
    lo, hi = before
    if not tokens.parsed or hi <= lo or doc[hi - 1].text != ":":
        return None
    # the clause's verb: the one the parse hangs outside the clause (on the quote, often), or on nothing
    verb = next((doc[k] for k in range(lo, hi - 1) if doc[k].pos_ in ("VERB", "AUX")
                 and (not lo <= doc[k].head.i < hi or doc[k].head.i == k)), None)
    if verb is None:
        return None
    subject = speaker_of(verb)
    if subject is None or not (subject.pos_ == "PROPN" or subject.lower_ in PRONOUNS):
        return None  # "The agenda has three items: “…”" is no one speaking
    return _Cue(verb, verb.lemma_, "colon", before)


def _introduced(text: str, doc: Doc, before: tuple[int, int], seg: Segment) -> bool:
    """The words before the quote bring it in: "Lavrov said:", "confirmed that", "told reporters,"."""
    if before[1] <= before[0]:
        return False
    intro = text[doc[before[0]].idx:seg.open_at].rstrip()
    return intro.endswith(_INTRO_ENDS) or intro.lower().endswith(" that") or _nearest(doc, [before[1] - 1]) is not None


def _nearest(doc: Doc, order: range | list[int], verbs: frozenset[str] = SPEECH) -> tuple[Token, str] | None:
    """The first cue among the tokens at `order`: one of `verbs`, or "according to"."""
    for k in order:
        tok = doc[k]
        if according_to(tok):
            return tok, "according to"
        lemma = lemma_of(tok, verbs)
        if lemma is not None:
            return tok, lemma
    return None


def _up_the_parse(doc: Doc, tokens: _Tokens, seg: Segment, lo: int, hi: int) -> tuple[Token, str] | None:
    """The verb of saying or naming the parse hangs the quote on, within the tokens [lo, hi)."""
    for a, b in (seg.parts[0], seg.parts[-1]):
        inside = range(tokens.first_from(a), tokens.last_before(b) + 1)
        for k in inside:
            head = doc[k].head
            for _ in range(MAX_HOPS):
                if head.i in inside or not lo <= head.i < hi:
                    break
                lemma = lemma_of(head, SPEECH | NAMING)
                if lemma is not None:
                    return head, lemma
                if head.head.i == head.i:
                    break
                head = head.head
    return None


def _attribute(doc: Doc, tokens: _Tokens, quote: Quote, cue: _Cue) -> None:
    tok = cue.token
    end = doc[tok.i + 1] if cue.lemma == "according to" else tok
    text = tokens.text
    quote.cue = Span(tok.idx, end.idx + len(end), text[tok.idx:end.idx + len(end)])
    quote.cue_lemma = cue.lemma
    found = cue.found
    head = speaker_of(tok) if tokens.parsed else None
    if head is not None and quote.overlaps(head.idx, head.idx + len(head)):
        head = None  # "“The mission I did …,” Stafford responded": the speaker is never in the quote
    span = phrase(head) if head is not None else nearby_speaker(doc, tok, *cue.window)
    if span is not None and quote.overlaps(doc[span[0]].idx, doc[span[1] - 1].idx + 1):
        span = None
    beside = head is None and span is not None
    if span is not None:
        quote.speaker = _span(doc, text, *span)
        quote.speaker_pronoun = (head.lower_ if head is not None else quote.speaker.text.lower()) in PRONOUNS
    quote.signal = f"quote marks, cue {found}" + (", speaker beside it" if beside else "")
    quote.confidence = CONFIDENCE["beside the cue" if beside else found] if span is not None else CONFIDENCE["none"]


def _speakers_carried(text: str, quotes: list[tuple[Quote, bool]]) -> None:
    """A direct quote that opens its sentence and has no cue goes on from the quote before it,
    direct or reported, in its paragraph or the one before ("“…,” Lavrov said. “…”", "Swift's rep
    told Fox News that this was not the whole truth. “…”"): same speaker, lower confidence."""
    starts = [lo for lo, _ in paragraphs(text)]
    last: Quote | None = None
    for quote, opens_sentence in quotes:
        if quote.partial:
            continue
        if quote.speaker is None and quote.cue is None and opens_sentence and last is not None \
                and last.speaker is not None and not _heading(quote):
            if bisect_right(starts, quote.start) - bisect_right(starts, last.end - 1) <= 1:
                quote.speaker, quote.speaker_pronoun = last.speaker, last.speaker_pronoun
                quote.cue, quote.cue_lemma = last.cue, last.cue_lemma
                quote.signal = quote.signal.replace("quote marks", "quote marks, speaker of the quote before")
                quote.confidence = round(CONFIDENCE["quote before"] - (0.5 - quote.confidence), 2)
        last = quote


def _heading(quote: Quote) -> bool:
    """A quote that reads as a title or a heading ("7. “The Giuliani problem”") is nobody's words."""
    words = quote.text.rstrip()
    return _title(words) or len(words.split()) <= SHORT_TITLE and words[-1:] not in (".", "?", "!", ",")


def _stop(tok: Token) -> bool:
    """A token a quote's sentence does not reach over: its end, a paragraph break, another quote."""
    t = tok.text
    return t in _STOPS or "\n" in t or any(c in _QUOTE_MARKS for c in t)


def _after(doc: Doc, i: int) -> tuple[int, int]:
    """Tokens [i, j) after a quote, to the end of its sentence."""
    j = i
    while j < len(doc) and j - i < WINDOW_AFTER and not _stop(doc[j]):
        j += 1
    return i, j


def _before(doc: Doc, i: int) -> tuple[int, int]:
    """Tokens [j, i + 1) before a quote, back to the start of its sentence; a quote that opens a
    paragraph has the sentence before it where that ends with a colon ("Lavrov said:")."""
    if 0 < i < len(doc) and doc[i].is_space and "\n" in doc[i].text and doc[i - 1].text == ":":
        i -= 1
    j = i
    while j >= 0 and i - j < WINDOW_BEFORE and not _stop(doc[j]):
        j -= 1
    return j + 1, i + 1


def _span(doc: Doc, text: str, lo: int, hi: int) -> Span:
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    return Span(start, end, text[start:end])
