"""The terms an article is compared by: its words, and the names and numbers that tell one event
from another of the same kind.

Two stories of one kind (two film stars entering rehab, two earthquakes) share most of their
words; what keeps them apart is who, where and when: the names, the numbers (ages, tolls, years)
and the places. So an article gets two bags of terms: `words` (the topic) and `marks` (names,
numbers and whatever enrichment supplied: actors, places, event keys).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from itertools import repeat
from sys import intern

import numpy as np

from ..compiled import compiled_copy
from ..writing_systems import UNSPACED

# Common English function words and news filler: they say nothing of a story.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each few for from further had hadn't has hasn't have haven't having he he'd he'll
he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't
it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought
our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than
that that's the their theirs them themselves then there there's these they they'd they'll they're
they've this those through to too under until up very was wasn't we we'd we'll we're we've were
weren't what what's when when's where where's which while who who's whom why why's with won't would
wouldn't you you'd you'll you're you've your yours yourself yourselves said says say saying told
according just like will one two new also mr mrs ms would could may might must shall us per via
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week year years
day days time times last first next ago since around well still even many much made make get got
""".split())


@cache
def stop_words_of(language: str | None) -> frozenset[str]:
    """The words an article in `language` (an ISO 639-1 code) is not compared by: the English
    list above (quoted English is everywhere) and the language's own function words, as spaCy
    lists them. Without them, two articles in a language that is rare in the stream agree on
    "de", "que" and "não": few articles use those words, so IDF takes them for rare terms."""
    if not language or language == "en":
        return STOP_WORDS
    try:
        from spacy.util import get_lang_class

        own = get_lang_class(language).Defaults.stop_words
    except (ImportError, KeyError, AttributeError):  # a language spaCy has no list for
        return STOP_WORDS
    return STOP_WORDS | frozenset(word.lower() for word in own)


PHRASE_LENGTH = 3  # words and phrases of two and three words, as Barhom et al. (2019) cluster ECB+
# A word or number, or a mark after which a sentence starts (a capital there says nothing about a name).
_TOKEN = re.compile(r"[.!?:;\"“”\n]|[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*")
_SENTENCE_MARKS = frozenset(".!?:;\"“”\n")


def words_and_marks(title: str, body: str, language: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Counts of the topic words and of the names and numbers of an article's title and body
    (written in `language`, when known: its function words are left out).

    The title counts twice: a headline is the article's own summary of what it is about. Names
    are read in the body, where a capital inside a sentence means a name; headlines are often in
    Title Case, so a title word is a name only where the body writes it as one. (Plain dicts, in
    the order the terms first occur.)
    """
    words: dict[str, int] = {}
    marks: dict[str, int] = {}
    stop_words = stop_words_of(language)
    _count(body, 1, words, marks, stop_words, names_from_capitals=True)
    _count(title, 2, words, marks, stop_words, names_from_capitals=False)
    return words, marks


def _tokens(text: str) -> list[str]:
    """`_TOKEN.findall(text)`, a line break read as a full stop (both start a sentence), about 1.6
    times faster on prose: no token holds white space, so the text is split at white space in C
    and only the pieces that are not a plain word (a word with its comma, a number, "U.S.") go
    through the regular expression, whose engine steps through every character."""
    found: list[str] = []
    piece: str  # (the annotations of locals here and in _count are Cython's: a typed str is read in C)
    findall = _TOKEN.findall
    for piece in text.replace("\n", " . ").split():
        if piece.isalpha():  # (letters only: the whole piece is one match of the letters' branch)
            found.append(piece)
        else:
            found.extend(findall(piece))
    return found


def _count(text: str, weight: int, words: dict[str, int], marks: dict[str, int], stop_words: frozenset[str], *,
           names_from_capitals: bool) -> None:
    """Count the words, phrases, names and numbers of `text` (one pass over its tokens; plain
    dicts, since this runs for every word of every article)."""
    token: str
    lower: str
    key: str
    pair: str
    previous_name: str = ""
    last: str = ""  # the content words before this one, for phrases (PHRASE_LENGTH 3)
    before_last: str = ""
    opener: str = ""  # a capitalised first word of a sentence: a name only if a capitalised word follows
    sentence_start: bool = True
    starts: bool
    capitalised: bool
    is_name: bool
    sentence_marks = _SENTENCE_MARKS
    for token in _tokens(text):
        if token in sentence_marks:  # a mark after which a sentence starts (a capital there says nothing about a name)
            sentence_start = True
            continue
        starts, sentence_start = sentence_start, False
        lower = token.lower()
        if (lower[0] >= "\u0e00" or lower[-1] >= "\u0e00") and UNSPACED.search(lower):
            _count_unspaced(lower, weight, words)
            previous_name = opener = last = before_last = ""
            continue
        if token[0].isdigit():
            # Numbers tell events apart (ages, tolls, years, scores); single digits are noise.
            if len(token) >= 2:
                key = "#" + lower
                marks[key] = marks.get(key, 0) + weight
            previous_name = opener = ""
            continue
        if lower in stop_words or len(lower) < 2:
            previous_name = opener = ""
            continue
        words[lower] = words.get(lower, 0) + weight
        # Phrases ("red sox offer", "checked into rehab") tell two events of a kind apart better
        # than their words one by one; stop words are skipped, as scikit-learn's n-grams do.
        if last:
            pair = f"{last} {lower}"  # (one f-string builds it in one step: this runs for every word)
            words[pair] = words.get(pair, 0) + weight
            if before_last:
                triple = f"{before_last} {pair}"
                words[triple] = words.get(triple, 0) + weight
        before_last, last = last, lower
        capitalised = token[0].isupper()
        if names_from_capitals:
            if capitalised and starts:
                opener, previous_name = lower, ""
                continue
            is_name = capitalised
            if is_name and opener:
                key = "n:" + opener
                marks[key] = marks.get(key, 0) + weight
                previous_name = opener
        else:
            is_name = capitalised and "n:" + lower in marks
        opener = ""
        if is_name:
            key = "n:" + lower
            marks[key] = marks.get(key, 0) + weight
            if previous_name:  # a full name ("tara reid") says more than either half
                key = f"n:{previous_name}_{lower}"
                marks[key] = marks.get(key, 0) + weight
            previous_name = lower
        else:
            previous_name = ""


def _count_unspaced(run: str, weight: int, words: dict[str, int]) -> None:
    """Count a run of Chinese, Japanese, Thai or Korean text by its pairs of characters, as search
    engines index these scripts: with no spaces between words, the whole run would be one term that
    no other article repeats, and two articles on one story would share nothing."""
    get = words.get
    for pair in [run[i:i + 2] for i in range(len(run) - 1)] or [run]:
        words[pair] = get(pair, 0) + weight


def idf(document_frequency: int, documents: int) -> float:
    """Smoothed inverse document frequency (as scikit-learn's TfidfVectorizer computes it)."""
    return math.log((documents + 1) / (document_frequency + 1)) + 1.0


def weigh(counts: Mapping[str, int], frequencies: Mapping[str, int] | np.ndarray, documents: int,
          keep: int, idf_power: float = 1.0, min_phrase_frequency: int = 3,
          max_share: float = 0.5, min_frequency: int = 1, interned: bool = True) -> dict[str, float]:
    """Sublinear TF-IDF weights of `counts`, the `keep` heaviest, L2-normalised (the terms
    interned, unless the caller does it: `interned` False). `frequencies` gives each term's
    document frequency: by term, or as an array in the order of `counts` (as the clustering
    state's table counts them).

    A phrase (a term with a space) counts only once `min_phrase_frequency` articles have used it:
    most phrases are one writer's wording, noise to a comparison. A term in more than `max_share`
    of the articles is the collection's vocabulary, not a story's. An `idf_power` above 1 favours
    the rare terms further. Keeping only the heaviest terms bounds the cost of every later
    comparison; the tail of a long article's words moves its cosine very little.

    (Computed in bulk: the frequencies read in C, the logarithms from a table of `math.log`'s own
    values, the products in numpy, and the norm summed in order by Python: the same floats, term
    for term, as a loop over the terms gives.)
    """
    if not counts:
        return {}
    most = max_share * documents if documents >= 20 else documents  # a share of a handful says nothing
    least = min_frequency if documents >= 20 else 1
    terms = list(counts)
    if isinstance(frequencies, np.ndarray):
        frequency = frequencies
    else:
        frequency = np.fromiter(map(frequencies.get, terms, repeat(0)), np.int64, len(terms))
    kept = (frequency <= most) & (frequency >= least)
    if least < min_phrase_frequency:  # (else the least frequency already leaves those phrases out)
        rare = frequency < min_phrase_frequency
        if rare.any():
            kept &= ~(rare & np.fromiter(map(str.__contains__, terms, repeat(" ")), bool, len(terms)))
    chosen = np.flatnonzero(kept)
    if not len(chosen):
        return {}
    top = math.log(documents + 1) + 1.0  # idf(), in bulk
    rarity = top - _logs(frequency[chosen] + 1)
    count = np.fromiter(counts.values(), np.int64, len(terms))[chosen]
    tf = 1.0 + _logs(count)
    weights = tf * rarity if idf_power == 1.0 else tf * np.array([r ** idf_power for r in rarity.tolist()])
    if len(chosen) > keep:  # the heaviest, ties in order (as a stable sort, descending)
        order = np.argsort(-weights, kind="stable")[:keep]
        chosen, weights = chosen[order], weights[order]
    squares = weights * weights
    norm = math.sqrt(sum(squares.tolist()))  # (in order: numpy's sum pairs its terms)
    if not norm:
        return {}
    # Interned: the vectors kept in a clustering state share one copy of each term (also when pickled).
    chosen_terms = map(terms.__getitem__, chosen.tolist())
    return dict(zip(map(intern, chosen_terms) if interned else chosen_terms, (weights / norm).tolist(), strict=True))


_LOGS = np.array([-math.inf, *map(math.log, range(1, 1 << 16))])  # math.log(n) for n below 65,536


def _logs(values: np.ndarray) -> np.ndarray:
    """`math.log` of each of `values` (positive integers), from a table of its values and, past
    the table, from math.log itself (numpy's own logarithm may differ in the last bit)."""
    if not len(values) or int(values.max()) < len(_LOGS):
        return _LOGS[values]
    return np.array([math.log(n) for n in values.tolist()])


def normalised(weights: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float], b_norm: float) -> float:
    """Cosine of an L2-normalised vector `a` and any vector `b` whose norm is `b_norm`."""
    if not b_norm:
        return 0.0
    # Only the shared terms count: the intersection is taken in C, and is mostly small.
    return sum([a[t] * b[t] for t in a.keys() & b.keys()]) / b_norm


# -- the compiled copy ---------------------------------------------------------------------------
# setup.py compiles this file with Cython into a module of its own; where it is there (and not older
# than this file), its functions take the place of the ones above: the same results
# (tests/test_compiled.py), counting an article's terms about 1.5 times faster.
_copy = compiled_copy(__name__, __file__)
if _copy is not None:
    words_and_marks, weigh, cosine, normalised = _copy.words_and_marks, _copy.weigh, _copy.cosine, _copy.normalised
    _tokens = _copy._tokens
