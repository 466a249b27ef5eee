"""The words time expressions are made of: numbers, units, parts of day, seasons, vague references.

English first; German, French and Spanish words for the units, the deictic days and the
"last/next" words, so that those pages get their relative times read too. Month and weekday
names are not here: they come from extract/datetext.py, the one table of them.
"""

from __future__ import annotations

import calendar
import re

from ..extract.datetext import MONTHS, weekdays

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "single": 1, "half": 0.5, "couple": 2, "a couple of": 2,
    # German, French, Spanish
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "douze": 12,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "doce": 12,
}
# Amounts that say "some": the value gets an X ("several years" is PXY).
VAGUE_AMOUNTS = ("several", "a few", "few", "some", "many", "a number of", "numerous", "mehrere",
                 "einige", "plusieurs", "quelques", "varios", "varias", "unos", "unas")
# Days of the month as spoken: "March eighth".
DAY_WORDS = {w: n for n, w in enumerate(
    ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
     "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split(), start=1)}
DAY_WORDS.update({f"twenty-{w}": 20 + n for w, n in list(DAY_WORDS.items())[:9]})
DAY_WORDS.update({"thirtieth": 30, "thirty-first": 31})
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "final": 4, "last": 4}

# Unit words (singular and plural, lower case) → the calendar unit.
UNITS: dict[str, str] = {}
for _unit, _words in {
    "second": ("second", "seconds", "sekunde", "sekunden", "seconde", "secondes", "segundo", "segundos"),
    "minute": ("minute", "minutes", "minuten", "minuto", "minutos"),
    "hour": ("hour", "hours", "stunde", "stunden", "heure", "heures", "hora", "horas"),
    "day": ("day", "days", "tag", "tage", "tagen", "jour", "jours", "journée", "día", "días", "dia", "dias"),
    "week": ("week", "weeks", "fortnight", "woche", "wochen", "semaine", "semaines", "semana", "semanas"),
    "weekend": ("weekend", "weekends", "wochenende", "week-end", "fin de semana"),
    "month": ("month", "months", "monat", "monate", "monaten", "mois", "mes", "meses"),
    "quarter": ("quarter", "quarters", "quartal", "quartale", "trimestre", "trimestres"),
    "year": ("year", "years", "jahr", "jahre", "jahren", "jahres", "an", "ans", "année", "années", "año", "años",
             "ano", "anos"),
    "decade": ("decade", "decades", "jahrzehnt", "jahrzehnte", "décennie", "décennies", "década", "décadas"),
    "century": ("century", "centuries", "jahrhundert", "siècle", "siglo"),
}.items():
    for _w in _words:
        UNITS[_w] = _unit
UNITS["fortnight"] = "week"  # counted as two weeks where read

ENGLISH_UNIT = (r"(?:seconds?|minutes?|hours?|days?|weekends?|weeks?|fortnights?|months?|quarters?|years?|"
                r"decades?|centur(?:y|ies))")

# English month names and abbreviations, from the standard library (the C locale's).
ENGLISH_MONTHS: dict[str, int] = {}
for _n in range(1, 13):
    ENGLISH_MONTHS[calendar.month_name[_n].lower()] = _n
    ENGLISH_MONTHS[calendar.month_abbr[_n].lower()] = _n
ENGLISH_MONTHS["sept"] = 9
# Words of other languages that datetext counts as months but that are ordinary words here.
NOT_MONTHS = {"es": {"mar", "set", "dic"}, "fr": {"mar", "set", "out", "ago"}, "de": {"set", "mar", "out", "ago"}}


def month_table(lang: str) -> dict[str, int]:
    """Month word → number for `lang`: English's own for "en", datetext's shared table otherwise."""
    if lang == "en":
        return ENGLISH_MONTHS
    excluded = NOT_MONTHS.get(lang, set()) | {"may", "march"}
    return {w: n for w, n in MONTHS.items() if w not in excluded and len(w) >= 3}


def weekday_table(lang: str) -> dict[str, int]:
    return weekdays(lang) or weekdays("en")


def alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


PARTS_OF_DAY_WORDS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI",
                      "overnight": "NI", "tonight": "NI", "noon": "MI"}
SEASON_WORDS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
                "frühling": "SP", "frühjahr": "SP", "sommer": "SU", "herbst": "FA",
                "printemps": "SP", "été": "SU", "automne": "FA", "hiver": "WI",
                "primavera": "SP", "verano": "SU", "otoño": "FA", "invierno": "WI"}

# Present, past and future references (TIMEX3 PRESENT_REF, PAST_REF, FUTURE_REF).
REFERENCES = {
    # TimeML leaves the preposition out ("in the past" is "the past"); "previously", "formerly" and
    # a bare "future" mostly modify a noun or a verb ("previously announced", "future earnings").
    "PRESENT_REF": ("now", "just now", "currently", "current", "presently", "at present", "these days",
                    "nowadays", "the present", "jetzt", "derzeit", "zurzeit", "gegenwärtig", "aktuell",
                    "actuellement", "maintenant", "actualmente", "ahora"),
    "PAST_REF": ("recently", "more recently", "recent", "lately", "the past", "recent years", "recent months",
                 "recent weeks", "recent days", "kürzlich", "früher", "vor kurzem", "récemment", "autrefois",
                 "recientemente"),
    "FUTURE_REF": ("soon", "the future", "someday", "the coming years", "coming years", "coming months",
                   "coming weeks", "coming days", "the coming months", "the coming weeks", "the coming days",
                   "the near future", "the near term", "the short term", "the long term", "bald", "künftig",
                   "in zukunft", "bientôt", "à l'avenir", "pronto", "en el futuro"),
}
REFERENCE_OF = {w: ref for ref, words in REFERENCES.items() for w in words}


def amount(word: str) -> float | None:
    """The number a count word or figure states ("three" 3, "24" 24, "twenty-four" 24); None if vague."""
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if re.fullmatch(r"\d+(?:[.,]\d+)?", w):
        return float(w.replace(",", "."))
    if w in VAGUE_AMOUNTS:
        return None
    total = 0.0
    for part in re.split(r"[\s-]+(?:and[\s-]+)?", w):
        if part in ("a", "an") and total:
            continue
        if part not in NUMBER_WORDS:
            return None
        value = NUMBER_WORDS[part]
        total = total * value if value == 100 and total else total + value
    return total or None
