"""The patterns that find time expressions, one regex per kind, per language.

Each pattern names its kind (the reader of it in times.py); all run over the text
and the longest leftmost candidates win (times.py). Extents follow TimeML: determiners and
modifiers ("the", "early", "about") belong to the expression, prepositions ("on", "in") do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..extract.datetext import TZ_ABBR
from .times_words import (
    DAY_WORDS,
    ENGLISH_UNIT,
    NUMBER_WORDS,
    PARTS_OF_DAY_WORDS,
    REFERENCE_OF,
    SEASON_WORDS,
    UNITS,
    VAGUE_AMOUNTS,
    alternation,
    month_table,
    weekday_table,
)


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern[str]
    # The words (lower case; DIGITS for any figure) one of which every match contains: the pattern
    # is only tried near them.
    triggers: frozenset[str]


DIGITS = "0"


YEAR = r"(?:1[6-9]|20)\d\d"
_SMALL = alternation(w for w, n in NUMBER_WORDS.items() if isinstance(n, int) and n < 20 and w.isascii()
                     and w not in ("a", "an", "single", "couple", "un", "une", "uno", "una", "ein", "eine", "einem",
                                   "einer", "dos", "sept"))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# A count: figures, words ("twenty-four"), "a"/"an", or a vague amount ("several").
NUM = (rf"(?:\d+(?:\.\d+)?|(?:a\s+)?couple\s+of|a\s+hundred|(?:{_TENS})(?:[\s-](?:{_SMALL}))?|{_SMALL}|a\s+(?:half|dozen)|(?:one\s+)?hundred|"
       rf"{alternation(VAGUE_AMOUNTS)}|an?)")
MOD = (r"(?:(?:the\s+(?=early|late|mid))?(?P<mod>early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle|close|rest|remainder|turn)"
       r"\s+of|the\s+(?:first|second)\s+half\s+of)[\s-]+)?")
APPROX = (r"(?:(?P<approx>about|around|approximately|nearly|almost|roughly|more\s+than|less\s+than|under|"
          r"at\s+least|at\s+most|no\s+more\s+than|up\s+to|just\s+over|just\s+under|some)\s+)?")
TZ = rf"(?:{alternation(TZ_ABBR)})"
PART = r"(?P<pod>morning|afternoon|evening|night)"
ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final)"
# Years as broadcast transcripts write them: "nineteen ninety-six", "two thousand and one".
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
SPOKEN_YEAR = (rf"(?<![\w-])(?:nineteen|eighteen)[\s-](?:(?:{_TENS})(?:[\s-](?:{_UNITS_WORDS}))?|ten|eleven|twelve|thirteen|"
               rf"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|oh[\s-](?:{_UNITS_WORDS}))|"
               rf"two\s+thousand(?:\s+(?:and\s+)?(?:{_UNITS_WORDS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
               rf"seventeen|eighteen|nineteen|twenty(?:[\s-](?:{_UNITS_WORDS}))?))?"
               )


def _compile(source: str) -> re.Pattern[str]:
    # Every expression starts a word (or is a '90s decade): the gate turns away the positions inside
    # words at once, before the optional modifiers are tried at each of them.
    return re.compile(r"(?:\b|(?='))" + source, re.I)


@cache
def english() -> tuple[Pattern, ...]:
    months = month_table("en")
    full = alternation(w for w in months if len(w) > 3 or w == "may")
    abbr = alternation(w for w in months if len(w) <= 4)
    mon = rf"(?P<mon>(?:{full})\b|(?:{abbr})\.|(?:{abbr})\b(?=,?\s*\d))"
    days = alternation(weekday_table("en"))
    wd = rf"(?P<wd>{days})"
    lead_wd = rf"(?:{days}),?\s+"
    refs = alternation(w for w in REFERENCE_OF if w.isascii())
    return tuple(Pattern(kind, _compile(src), _triggers(kind, "en")) for kind, src in (
        ("iso", rf"(?<![\d-])(?P<y>{YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?(?![\d-])"),
        ("numeric", rf"(?<![\d/.,$])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>{YEAR}|\d\d)(?![\d/])"),
        ("month_day", rf"{MOD}(?:(?:this\s+coming|this\s+past|this|next|last)\s+(?={days}))?(?:{lead_wd})?{mon}\s*"
                      rf"(?:(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d)|(?P<dword>{alternation(DAY_WORDS)})\b)"
                      rf"(?:,?\s+(?P<y>{YEAR})(?!\d|,\d))?"),
        ("day_month", rf"{MOD}(?:{lead_wd})?(?:the\s+)?(?<![\d.,$])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{mon}"
                      rf"(?:,?\s+(?P<y>{YEAR})(?!\d|,\d))?"),
        ("month_year", rf"{MOD}{mon}\s*(?:of\s+|,\s*)?(?P<y>{YEAR}(?!\d|,\d)|{SPOKEN_YEAR})"),
        ("month", rf"{MOD}(?:(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming)\s+)?"
                  rf"(?P<mon>{full})\b(?!\s*\d)(?:\s+(?P<yrel>last|this|next)\s+year\b)?"),
        ("year", rf"{MOD}(?:(?P<fiscal>fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|model\s+year)\s+|"
                 rf"(?P<fy>FY)\s*)?(?<![\d$£€.,/])(?<!\d-)(?P<y>{YEAR})(?![\d%]|,\d|\.\d|s\b|-\d)"),
        ("decade", rf"{MOD}(?:the\s+)?(?:(?P<dc>(?:1[6-9]|20)\d0)'?s|'(?P<ds>\d0)s|"
                   r"(?<=the\s)(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"),
        ("quarter", rf"{MOD}(?:(?P<the>the|this|last|next)\s+)?(?:(?P<qyrel>this|last|next)\s+year's\s+)?"
                    rf"(?:(?P<qy1>{YEAR})(?:'s)?\s+)?"
                    r"(?:(?P<qrel>latest|past|previous|current|same|year-earlier|year-ago|most\s+recent|comparable|"
                    r"prior|recent|preceding|coming|next|last)\s+)?(?:(?:fiscal|calendar)\s+)?"
                    rf"(?P<qn>{ORDINAL})?[\s-]*(?:fiscal\s+)?(?:-?\s*)?(?P<qw>quarter|qtr\.?|period)(?![s-]|ly)"
                    rf"(?:\s+of\s+(?:(?:fiscal|the\s+year|calendar)\s+)?(?P<qy2>{YEAR}))?"),
        ("spoken_year", rf"(?:the\s+year\s+)?\b(?P<sy>{SPOKEN_YEAR})\b(?![\s-]+(?:\w+\s+)?{ENGLISH_UNIT})"),
        ("century", r"(?:the\s+)?(?:(?P<mod2>early|late|mid)[\s-]+)?\b(?P<c>1\d|20|2[01])(?:st|nd|rd|th)[\s-]+century\b"),
        ("year_end", r"(?P<ye>year-end|year\s+end|year's\s+end|the\s+end\s+of\s+the\s+year|the\s+year-end)\b(?!\s+\d)"),
        ("quarter_code", rf"\b(?P<qn>Q[1-4])(?:\s*(?P<qy1>{YEAR}))?\b"),
        ("half", rf"(?:the\s+)?(?P<hn>first|second|1st|2nd|latter)[\s-]+half(?:\s+of\s+(?:(?P<hrel>this|the|last|next)"
                 rf"\s+year|(?P<hy>{YEAR})))?"),
        ("season", rf"{MOD}(?:(?P<srel>this\s+past|this\s+coming|this|last|next|the\s+past|the\s+coming|the)\s+)?"
                   rf"(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<sy>{YEAR}|{SPOKEN_YEAR}))?\b"),
        ("weekday", rf"{MOD}(?:(?P<rel>last|next|this\s+past|this\s+coming|this|the\s+following|the\s+previous|"
                    rf"every|each)\s+)?{wd}(?P<plural>s)?\b(?:\s+{PART})?"),
        ("deictic", rf"{MOD}(?P<dx>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|"
                    rf"tomorrow|tonight|last\s+night|overnight)\b(?:\s+{PART})?"),
        ("part_of_day", rf"{MOD}(?:(?P<prel>this|tomorrow|yesterday|later\s+this|early\s+this|earlier\s+this)\s+)?"
                        rf"{PART}\b(?:\s+(?P<pday>yesterday|today|tomorrow|{days})\b)?"),
        ("weekend", r"(?P<wrel>this|last|next|the|that|the\s+following|the\s+previous|the\s+past)\s+weekend\b"),
        ("relative", rf"{MOD}(?P<rel>this\s+past|this\s+coming|this|last|next|past|previous|coming|current|following|"
                     r"same|the\s+(?:past|previous|last|next|coming|current|following|same|latest|prior|preceding|"
                     r"whole|entire|full)|the|that|earlier\s+this|later\s+this)\s+(?:fiscal\s+)?"
                     r"(?P<unit>week|weekend|month|year|decade|century|fortnight)\b(?!-)"),
        ("year_ago_adj", r"(?:the\s+)?(?P<adj>year-earlier|year-ago|year\s+earlier|prior-year|previous-year)"
                         r"(?:\s+(?P<what>period|quarter|level|month|week|nine\s+months|six\s+months|first\s+half))?"),
        ("set", rf"(?P<every>every|each|per|a|an)\s+(?:(?P<n>other|{NUM})\s+)?"
                rf"(?P<unit>second|minute|hour|day|week|weekend|month|quarter|year|decade|{days}|{full})\b"),
        ("set_word", r"\b(?P<word>daily|weekly|monthly|quarterly|annually|yearly|hourly|nightly|biweekly|"
                     r"semiannually|semi-annually|bimonthly)\b"),
        ("reference", rf"(?<![\w'-])(?P<ref>{refs})(?![\w'-])"),
        ("ago", rf"{APPROX}(?P<n>{NUM})[\s-]+(?:(?:full|calendar|straight|trading|business|working)\s+)?"
                rf"(?P<unit>{ENGLISH_UNIT})(?:\s+and\s+a\s+half)?(?:\s+or\s+so)?\s+"
                r"(?P<dir>ago|earlier|later|from\s+now|hence)\b"),
        ("in_n", rf"(?<=\bin\s)(?!an?\s)(?P<n>{NUM})\s+(?P<unit>{ENGLISH_UNIT})\b"),
        ("duration", rf"{APPROX}(?:(?P<det>the|another|those|these|each\s+of\s+the)\s+)?"
                     r"(?:(?P<rel>past|last|next|previous|coming|first|final|following|initial|remaining|entire|full|"
                     r"whole|same|latest|recent)\s+)?"
                     rf"(?:(?P<n>{NUM})[\s-]+)?(?:(?:full|calendar|straight|consecutive|trading|business|working)\s+)?"
                     rf"(?P<unit>{ENGLISH_UNIT})(?:\s+and\s+a\s+half)?(?P<adj>-long|-old)?\b(?:\s+or\s+so\b)?"),
        ("bare_units", r"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s))(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades|"
                       r"centuries)\b(?!\s+(?:ago|earlier|later|of|to|past|before|after)\b)"),
        ("clock", rf"{APPROX}(?:(?P<pre>{days}|today|yesterday|tomorrow),?\s+(?:at\s+)?)?"
                  r"(?:(?<![\d.,$])(?P<hh>[0-2]?\d)(?::(?P<mm>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|"
                  r"(?<![\d:.])(?P<hh2>[0-2]?\d):(?P<mm2>[0-5]\d)(?![\d:])|\b(?P<word>noon|midnight)\b)"
                  rf"(?:\s*\(?(?P<tz>{TZ})\b\)?)?"
                  rf"(?:,?\s+(?:on\s+)?(?:(?P<post>{days}|today|yesterday|tomorrow)\b|"
                  rf"{mon}\s*(?P<d>[0-3]?\d)\b))?"),
    ))


_LEAD_REL = {
    "de": r"letzte[nmrs]?|vergangene[nmrs]?|vorige[nmrs]?|nächste[nmrs]?|kommende[nmrs]?|diese[nmrs]?",
    "fr": r"ce|cet|cette|(?:les\s+)?prochaine?s?|(?:les\s+)?derni[eè]re?s?",
    "es": r"est[ea]|el\s+pasado|la\s+pasada|el\s+próximo|la\s+próxima|(?:los\s+|las\s+)?(?:próxim|últim)[oa]s",
}
_TRAIL_REL = {
    "de": r"(?!)",
    "fr": r"derni[eè]re?|pass[ée]e?|prochaine?|suivante?|précédente?",
    "es": r"pasad[oa]|próxim[oa]|que\s+viene|siguiente|anterior",
}
_AGO = {"de": (r"vor", r""), "fr": (r"il\s+y\s+a", r""), "es": (r"hace", r"")}
_IN = {"de": r"in", "fr": r"dans", "es": r"dentro\s+de|en"}
_DEICTIC = {
    "de": r"(?:vorgestern|übermorgen|heute|gestern|morgen)\s+(?:morgen|früh|vormittag|mittag|nachmittag|abend|nacht)|"
          r"vorgestern|übermorgen|heute|gestern|morgen(?!\w)",
    "fr": r"(?:hier|demain|ce)\s+(?:matin|après-midi|soir)|avant-hier|après-demain|aujourd'hui|aujourd’hui|hier|demain|"
          r"ce\s+soir|cette\s+nuit",
    "es": r"(?:esta|ayer\s+por\s+la|mañana\s+por\s+la)\s+(?:mañana|tarde|noche)|anteayer|anteanoche|"
          r"pasado\s+mañana|hoy|ayer|mañana|anoche|esta\s+noche",
}


@cache
def other(lang: str) -> tuple[Pattern, ...]:
    """German, French, Spanish: dates with month names, weekdays, deictic days, last/next units, N units ago."""
    months = month_table(lang)
    mon = rf"(?P<mon>{alternation(w for w in months if len(w) > 3)}|{alternation(w for w in months if len(w) <= 4)}\.)"
    wd = rf"(?P<wd>{alternation(weekday_table(lang))})"
    units = alternation(w for w in UNITS if not w.isascii() or w not in ENGLISH_UNIT or lang == "en")
    num = rf"(?:\d+|{alternation(w for w in NUMBER_WORDS if not w.isdigit())}|{alternation(VAGUE_AMOUNTS)})"
    lead, trail = _LEAD_REL.get(lang, r"(?!)"), _TRAIL_REL.get(lang, r"(?!)")
    ago = _AGO.get(lang, (r"(?!)", ""))[0]
    refs = alternation(REFERENCE_OF)
    return tuple(Pattern(kind, _compile(src), _triggers(kind, lang)) for kind, src in (
        ("iso", rf"(?<![\d-])(?P<y>{YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
        ("numeric_dmy", rf"(?<![\d.,/])(?P<a>[0-3]?\d)[./](?P<b>[01]?\d)[./](?P<y>{YEAR}|\d\d)(?![\d./])"),
        ("day_month", rf"(?:(?:{alternation(weekday_table(lang))}),?\s+)?(?<![\d.,])(?P<d>[0-3]?\d)(?:\.|er|º)?\s*"
                      rf"(?:de\s+)?{mon}(?![^\W\d_])(?:\s+(?:de\s+|del\s+)?(?P<y>{YEAR})(?!\d))?"),
        ("month_year", rf"{mon}(?![^\W\d_])\s+(?:de\s+)?(?P<y>{YEAR})(?!\d)"),
        ("year", rf"(?<![\d$£€.,/-])(?P<y>{YEAR})(?![\d%]|,\d|\.\d)"),
        ("weekday", rf"(?:(?P<rel>{lead})\s+)?{wd}(?![^\W\d_])(?:\s+(?P<rel2>{trail})(?![^\W\d_]))?"),
        ("deictic", rf"(?<![^\W\d_])(?P<dx>{_DEICTIC.get(lang, '(?!)')})(?![^\W\d_])"),
        ("relative_l", rf"(?:(?P<rel>{lead})\s+(?:(?:le|la|l'|el)\s*)?(?P<unit>{units})(?![^\W\d_])|"
                       rf"(?:(?:le|la|l'|el|les|los|las)\s*)(?P<unit2>{units})\s+(?P<rel2>{trail})(?![^\W\d_]))"),
        ("ago_l", rf"(?<![^\W\d_])(?:{ago})\s+(?P<n>{num})\s+(?P<unit>{units})(?![^\W\d_])"),
        ("in_l", rf"(?<![^\W\d_])(?:{_IN.get(lang, '(?!)')})\s+(?P<n>{num})\s+(?P<unit>{units})(?![^\W\d_])"),
        ("reference", rf"(?<![^\W\d_])(?P<ref>{refs})(?![^\W\d_])"),
    ))


def _words(*groups: object) -> frozenset[str]:
    words = {w.lower() for g in groups for w in g}  # type: ignore[attr-defined]
    # the words as the word scan sees them: "segunda-feira" and "aujourd'hui" are two words each
    return frozenset(words | {part for w in words for part in re.findall(r"[^\W_]+", w)})


_SETS = ("daily", "weekly", "monthly", "quarterly", "annually", "yearly", "hourly", "nightly", "biweekly",
         "semiannually", "semi", "bimonthly")
_DEICTIC_WORDS = ("today", "yesterday", "tomorrow", "tonight", "overnight", "night", "heute", "gestern", "morgen",
                  "vorgestern", "übermorgen", "aujourd", "hier", "demain", "avant", "après", "soir", "nuit", "hoy",
                  "ayer", "mañana", "anteayer", "anoche", "noche")
_DECADE_WORDS = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")


@cache
def _triggers(kind: str, lang: str) -> frozenset[str]:
    months = set(month_table(lang)) | set(month_table("en"))
    days = set(weekday_table(lang)) | set(weekday_table("en"))
    refs = {w for ref in REFERENCE_OF for w in re.findall(r"[^\W\d_]+", ref)} - {"the", "in", "at", "à", "en", "el"}
    by_kind: dict[str, tuple[object, ...]] = {
        "iso": (DIGITS,), "numeric": (DIGITS,), "numeric_dmy": (DIGITS,), "quarter_code": (DIGITS,),
        "month_day": (months,), "day_month": (months,), "month_year": (months,), "month": (months,),
        "year": (DIGITS,), "decade": (DIGITS, _DECADE_WORDS), "century": ("century",),
        "spoken_year": ("nineteen", "eighteen", "thousand"), "year_end": ("year",),
        "quarter": ("quarter", "qtr", "period"), "half": ("half",), "season": tuple(SEASON_WORDS),
        "weekday": (days,), "deictic": (_DEICTIC_WORDS,), "part_of_day": tuple(PARTS_OF_DAY_WORDS),
        "weekend": ("weekend",), "relative": (UNITS,), "year_ago_adj": ("year",), "set": (UNITS, days, months),
        "set_word": _SETS, "reference": (refs,), "ago": ("ago", "earlier", "later", "now", "hence"),
        "in_n": (UNITS,), "duration": (UNITS,), "bare_units": (UNITS,), "clock": (DIGITS, "noon", "midnight"),
        "relative_l": (UNITS,), "ago_l": (UNITS,), "in_l": (UNITS,),
    }
    groups = [g if isinstance(g, (set, frozenset, dict, tuple)) else (g,) for g in by_kind[kind]]
    return _words(*groups)


def patterns(lang: str) -> tuple[Pattern, ...]:
    lang = (lang or "en").lower()[:2]
    return english() if lang == "en" else other(lang) + english()[:1]

