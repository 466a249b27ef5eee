"""Dates written out in free text or in markup attributes, in many languages and formats.

Two entry points, both fast (precompiled regexes, no dateparser):

- `parse_date_text(text, languages=None)`: the first date a line of text states, with its
  time of day and UTC offset when they stand next to it ("Published February 26, 2025 |
  10:29 PM" → ("2025-02-26T22:29", True)).
- `parse_date_value(value)`: a machine-written value from JSON-LD, a meta tag or a
  `datetime` attribute (ISO 8601, RFC 2822, compact "20250226", epoch seconds), falling
  back to the free-text parser.

`find_date_spans(text)` returns every date in a text with its position, for callers that
weigh several candidates; `relative_date(text, reference)` reads "3 hours ago" against a fetch
time. The label words ("Published", "Aktualisiert", …) live here too, shared by both paths.
Dates outside the plausible window (1995 to tomorrow) are ignored: before the web there were
no news pages, and a page cannot be published in the future.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MIN_YEAR = 1995

# Month names and abbreviations (lower case) per language; genitive forms where a
# language uses them after a day number (ru, uk, pl, cs, el, fi, lt).
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janner", "janvier", "janv", "enero", "ene", "gennaio", "gen",
        "janeiro", "januari", "stycznia", "styczeń", "styczen", "ledna", "leden", "января", "январь", "янв",
        "січня", "ocak", "ianuarie", "január", "tammikuuta", "ιανουαρίου", "sausio", "janúar"),
    2: ("february", "feb", "februar", "feber", "février", "fevrier", "févr", "fevr", "febrero", "febbraio",
        "fevereiro", "fev", "februari", "lutego", "luty", "února", "unora", "únor", "февраля", "февраль", "фев",
        "лютого", "şubat", "subat", "februarie", "február", "helmikuuta", "φεβρουαρίου", "vasario", "febrúar"),
    3: ("march", "mar", "märz", "maerz", "mär", "mars", "marzo", "março", "marco", "maart", "mrt", "maret",
        "marca", "marzec", "března", "brezna", "březen", "марта", "март", "мар", "березня", "mart", "martie",
        "marts", "március", "maaliskuuta", "μαρτίου", "kovo", "mac"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "dubna", "duben",
        "апреля", "апрель", "апр", "квітня", "nisan", "aprilie", "április", "huhtikuuta", "απριλίου",
        "balandžio", "apríl"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maja", "maj", "května", "kvetna", "květen",
        "мая", "май", "травня", "mayıs", "mayis", "május", "toukokuuta", "μαΐου", "μαΐου", "gegužės", "maí"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwca", "czerwiec", "června",
        "cervna", "červen", "июня", "июнь", "июн", "червня", "haziran", "iunie", "június", "kesäkuuta",
        "ιουνίου", "birželio", "júní"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca", "lipiec",
        "července", "cervence", "červenec", "июля", "июль", "июл", "липня", "temmuz", "iulie", "július",
        "heinäkuuta", "ιουλίου", "liepos", "júlí"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "agustus", "sierpnia", "sierpień",
        "srpna", "srpen", "августа", "август", "авг", "серпня", "ağustos", "agustos", "augusti",
        "augusztus", "elokuuta", "αυγούστου", "rugpjūčio", "ágúst", "ogos"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro",
        "września", "wrzesnia", "wrzesień", "září", "zari", "сентября", "сентябрь", "сен", "сент", "вересня",
        "eylül", "eylul", "septembrie", "szeptember", "syyskuuta", "σεπτεμβρίου", "rugsėjo"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
         "października", "pazdziernika", "październik", "října", "rijna", "říjen", "октября", "октябрь", "окт",
         "жовтня", "ekim", "octombrie", "október", "lokakuuta", "οκτωβρίου", "spalio"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "listopada", "listopad", "listopadu",
         "ноября", "ноябрь", "ноя", "листопада", "kasım", "kasim", "noiembrie", "marraskuuta", "νοεμβρίου",
         "lapkričio", "nóvember"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre",
         "dezembro", "desember", "disember", "grudnia", "grudzień", "prosince", "prosinec", "декабря",
         "декабрь", "дек", "грудня", "aralık", "aralik", "decembrie", "joulukuuta", "δεκεμβρίου", "gruodžio"),
}
# Arabic (Egyptian/Gulf and Levantine names), written without vowel marks.
_ARABIC = {1: ("يناير", "كانون الثاني"), 2: ("فبراير", "شباط"), 3: ("مارس", "آذار"), 4: ("أبريل", "إبريل", "ابريل", "نيسان"),
           5: ("مايو", "أيار", "ايار"), 6: ("يونيو", "يونية", "حزيران"), 7: ("يوليو", "يولية", "تموز"), 8: ("أغسطس", "اغسطس"),
           9: ("سبتمبر", "أيلول", "ايلول"), 10: ("أكتوبر", "اكتوبر"), 11: ("نوفمبر",), 12: ("ديسمبر",)}
for _num, _names in _ARABIC.items():
    _MONTH_NAMES[_num] = _MONTH_NAMES[_num] + tuple(n for n in _names if " " not in n)
MONTHS: dict[str, int] = {}
for _num, _names in _MONTH_NAMES.items():
    for _name in _names:
        MONTHS[_name] = _num
        MONTHS[unicodedata.normalize("NFKD", _name).encode("ascii", "ignore").decode() or _name] = _num
MONTHS.pop("", None)
# Weekday names per language (lower case, Monday = 0): time expressions ("on Thursday", "am
# Donnerstag", "jeudi", "el jueves") are read against the publication date from these.
WEEKDAYS_BY_LANGUAGE: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("monday",), ("tuesday",), ("wednesday",), ("thursday",), ("friday",), ("saturday",), ("sunday",)),
    "de": (("montag",), ("dienstag",), ("mittwoch",), ("donnerstag",), ("freitag",), ("samstag", "sonnabend"),
           ("sonntag",)),
    "fr": (("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",), ("dimanche",)),
    "es": (("lunes",), ("martes",), ("miércoles", "miercoles"), ("jueves",), ("viernes",), ("sábado", "sabado"),
           ("domingo",)),
    "it": (("lunedì", "lunedi"), ("martedì", "martedi"), ("mercoledì", "mercoledi"), ("giovedì", "giovedi"),
           ("venerdì", "venerdi"), ("sabato",), ("domenica",)),
    "pt": (("segunda-feira",), ("terça-feira", "terca-feira"), ("quarta-feira",), ("quinta-feira",),
           ("sexta-feira",), ("sábado", "sabado"), ("domingo",)),
    "nl": (("maandag",), ("dinsdag",), ("woensdag",), ("donderdag",), ("vrijdag",), ("zaterdag",), ("zondag",)),
}


def weekdays(lang: str) -> dict[str, int]:
    """Weekday name (lower case) → 0 for Monday … 6 for Sunday, in `lang` (ISO 639-1); {} if unknown."""
    return {name: n for n, names in enumerate(WEEKDAYS_BY_LANGUAGE.get(lang, ())) for name in names}


# Any word may be a month: the table decides (one dictionary look-up is far cheaper than a
# regex alternation of every month name in every language).
_MONTH_ALT = r"[^\W\d_]{3,13}"

# Time zone abbreviations that news pages print; ambiguous ones (IST) resolved as the most common
# news usage.
TZ_ABBR: dict[str, str] = {
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "wet": "+00:00", "bst": "+01:00", "cet": "+01:00",
    "mez": "+01:00", "cest": "+02:00", "mesz": "+02:00", "eet": "+02:00", "eest": "+03:00", "msk": "+03:00",
    "est": "-05:00", "edt": "-04:00", "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00",
    "pst": "-08:00", "pdt": "-07:00", "ist": "+05:30", "pkt": "+05:00", "wib": "+07:00", "sgt": "+08:00",
    "hkt": "+08:00", "jst": "+09:00", "kst": "+09:00", "aest": "+10:00", "aedt": "+11:00", "nzst": "+12:00",
    "nzdt": "+13:00", "sast": "+02:00", "wat": "+01:00", "eat": "+03:00", "cat": "+02:00", "trt": "+03:00",
}
_TZ_ALT = "|".join(sorted(TZ_ABBR, key=len, reverse=True))

_Y = r"(?P<year>(?:19|20)\d\d)"
_D = r"(?P<day>[0-3]?\d)"
_SP = r"[\s\u00a0\u202f]"

# Date patterns, tried together; the leftmost match wins.
_DATE_RE = re.compile(
    "|".join([
        # 2025-02-26, 2025/02/26, 2025.02.26, 2025. 2. 26. (Korean, Hungarian)
        r"(?<!\d)(?P<iy>(?:19|20)\d\d)(?P<isep>[-/.])\s?(?P<im>[01]?\d)(?P=isep)\s?(?P<id>[0-3]?\d)(?!\d)",
        # 2025年2月26日, 2025년 2월 26일
        r"(?P<cy>(?:19|20)\d\d)\s*[年년]\s*(?P<cm>[01]?\d)\s*[月월]\s*(?P<cd>[0-3]?\d)(?!\d)\s*[日일]?",
        # 26.02.2025, 26/02/2025, 02-26-25
        r"(?<![\d.])(?P<na>[0-3]?\d)(?P<nsep>[-/.])\s?(?P<nb>[0-3]?\d)(?P=nsep)\s?(?P<ny>(?:19|20)\d\d|\d\d)(?![\d])",
        # 26 February 2025, 26. Februar 2025, 26 de febrero de 2025, 26-Feb-2025, le 1er mars 2025
        rf"(?<!\d)(?P<dd>[0-3]?\d)(?:st|nd|rd|th|er|º|°|\.)?(?:{_SP}|-)*(?:de{_SP}+|of{_SP}+)?"
        rf"(?P<dmon>{_MONTH_ALT})(?![^\W\d_])\.?,?(?:{_SP}|-)*(?:de{_SP}+|del{_SP}+)?(?P<dy>(?:19|20)\d\d)(?!\d)",
        # February 26, 2025; Feb. 26 2025; February 26th, 2025
        rf"(?<![^\W\d_])(?P<mmon>{_MONTH_ALT})(?![^\W\d_])\.?{_SP}*(?P<md>[0-3]?\d)(?:st|nd|rd|th)?(?!\d),?{_SP}+"
        rf"(?P<my>(?:19|20)\d\d)(?!\d)",
        # 2025. február 26., 2025 m. vasario 26 d.
        rf"(?<!\d)(?P<hy>(?:19|20)\d\d)\.?{_SP}*(?:m\.{_SP}*)?(?P<hmon>{_MONTH_ALT})(?![^\W\d_])\.?{_SP}*(?P<hd>[0-3]?\d)(?!\d)",
    ]),
    re.I,
)

# A time of day next to a date: 22:29, 10:29 PM, 10.29 p.m., 22h29, 22.29 Uhr, with an optional zone.
_TIME_RE = re.compile(
    r"(?<![\d:.])(?P<h>[012]?\d)(?:(?P<sep>[:h])|\.(?=\d\d\s*(?:uhr|[ap]\.?m\b)))(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d)(?:[.,]\d+)?)?(?![\d])"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?\s*(?:uhr|h(?![\w]))?"
    rf"\s*(?:\(?(?:(?P<tzn>{_TZ_ALT})(?![\w])\s*(?P<tzo1>[+-]\d{{1,2}}(?::?\d\d)?)?|(?P<tzo2>[+-]\d\d:?\d\d))\)?)?",
    re.I,
)
# What may stand between a date and its time: separators and words like "at", "um", "à", "a las".
_GAP_AFTER = re.compile(
    r"^[\s,|/·•–—-]*(?:(?:at|um|à|a las|alle|às|kl\.?|klo|о|в|saat|,|\||-|–|—|/|·|•)[\s,|/·•–—-]*)?$", re.I
)
_GAP_BEFORE = re.compile(r"^[\s,|/·•–—-]*(?:(?:on|le|am|el|il)\s*)?$", re.I)

_US_TLDS = {"com", "us", "gov", "edu", "org", "net", "ph"}  # where a month-first order is likely


# Words that label a date, in several languages: one vocabulary for the HTML path (dates.py) and
# the text-dump path (textdump.py), so both read "Published … | Updated …" alike.
PUBLISHED_WORDS = (
    "published", "first published", "posted", "veröffentlicht", "erschienen", "publié", "mis en ligne",
    "publicado", "publicada", "pubblicato", "pubblicata", "gepubliceerd", "geplaatst", "opublikowano",
    "publikováno", "zveřejněno", "publicerad", "publiceret", "publisert", "julkaistu", "опубликовано",
    "yayınlandı", "diterbitkan", "dipublikasikan",
)
UPDATED_WORDS = (
    "updated", "last updated", "modified", "aktualisiert", "zuletzt", "stand", "mis à jour", "mise à jour",
    "actualizado", "actualizada", "aggiornato", "aggiornata", "bijgewerkt", "atualizado", "uppdaterad", "oppdatert",
    "päivitetty",
    "обновлено", "güncellendi", "güncelleme", "güncellenme", "diperbarui",
)
# Words that name a date without saying which one ("Date:", "Datum", "Erstellt"): a weaker cue, for
# the HTML path, where a labelled date element beside the headline is still the article's.
DATE_WORDS = (
    "publication", "publicación", "публикация", "yayınlanma", "yayın tarihi", "released", "erstellt", "datum",
    "date", "fecha", "data",
)


def any_of(words: tuple[str, ...]) -> str:
    """A regex alternation of `words`, longest first ("last updated" before "updated")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Every month name and abbreviation above, as a regex alternation (for patterns that need a month
# inside a longer expression, such as a byline's cut or a dateline's date).
MONTH_WORDS = any_of(tuple(MONTHS))

PUBLISHED_LABEL = re.compile(rf"\b(?:{any_of(PUBLISHED_WORDS)})\b", re.I)
UPDATED_LABEL = re.compile(rf"\b(?:{any_of(UPDATED_WORDS)})\b", re.I)


# Relative times ("3 hours ago", "vor 2 Tagen", "il y a 5 minutes", "hace 1 día", "2 giorni fa"): the
# text-dump path drops them as list furniture, the HTML path reads them against the fetch time.
_REL_UNITS = (
    r"(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?|years?|"
    r"sekunden?|minuten?|stunden?|std\.?|tagen?|wochen?|monaten?|jahren?|"
    r"secondes?|heures?|jours?|semaines?|mois|ans?|"
    r"segundos?|minutos?|horas?|días?|dias?|semanas?|meses?|años?|anos?|"
    r"secondi|minuti|ore|giorni|settimane|mesi|anni)"
)
_REL_NUM = r"(?:\d{1,4}|an?|one|un|une|eine?m?|uno?|una)"  # more than 4 digits is no stamp
RELATIVE_TIME = (
    rf"(?:(?P<rel_n1>{_REL_NUM})\s*(?P<rel_u1>{_REL_UNITS})\s+(?:ago|fa)"
    rf"|(?:vor|il y a|hace|há)\s+(?P<rel_n2>{_REL_NUM})\s*(?P<rel_u2>{_REL_UNITS})"
    r"|(?P<rel_word>just now|yesterday|gestern|hier|ayer|ieri|heute|today))"
)
# A stamp: the relative time ends its text or a part of it ("2 hours ago | Politics").
_RELATIVE_STAMP = re.compile(rf"(?<!\w){RELATIVE_TIME}(?=\s*(?:$|[|·•,(–—-]))", re.I)
_REL_DAYS_BACK = {"just now": 0, "today": 0, "heute": 0, "yesterday": 1, "gestern": 1, "ayer": 1, "ieri": 1}
# "hier" is French for yesterday but German for here: not read.


def _rel_unit(unit: str) -> timedelta | None:
    """One of `unit`; None for months and years, too coarse to name a day."""
    u = unit.lower().rstrip(".")
    if u.startswith(("sec", "sek", "seg")):
        return timedelta(seconds=1)
    if u.startswith("min"):
        return timedelta(minutes=1)
    if u in ("h", "hr", "hrs", "hour", "hours", "std", "ore") or u.startswith(("stund", "heure", "hora")):
        return timedelta(hours=1)
    if u.startswith(("day", "tag", "jour", "día", "dia", "giorn")):
        return timedelta(days=1)
    if u.startswith(("week", "woche", "semaine", "semana", "settiman")):
        return timedelta(weeks=1)
    return None


def relative_date(text: str, reference: datetime) -> tuple[str, bool] | None:
    """The date a relative stamp such as "3 hours ago" or "vor 2 Tagen" names, seen from `reference`.

    Minutes and hours give a UTC time (the reference's zone); days, weeks, "yesterday" and
    "today" give a day; months and years give nothing. A word ("today") counts only when it
    opens the text, after an optional label: "USA TODAY" in a byline is a newspaper.
    """
    m = _RELATIVE_STAMP.search(text)
    if m is None:
        return None
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    reference = reference.astimezone(UTC)
    if m["rel_word"] is not None:
        lead = PUBLISHED_LABEL.sub("", UPDATED_LABEL.sub("", text[:m.start()]))
        back = _REL_DAYS_BACK.get(m["rel_word"].lower())
        if back is None or re.search(r"\w", lead):
            return None
        if m["rel_word"].lower() == "just now":
            return _relative_iso(reference, True)
        return _relative_iso(reference - timedelta(days=back), False)
    num, unit = (m["rel_n1"], m["rel_u1"]) if m["rel_n1"] is not None else (m["rel_n2"], m["rel_u2"])
    step = _rel_unit(unit)
    if step is None:
        return None
    count = int(num) if num.isdigit() else 1  # at most 4 digits: 9999 weeks stay within the calendar
    return _relative_iso(reference - count * step, step < timedelta(days=1))


def _relative_iso(when: datetime, with_time: bool) -> tuple[str, bool] | None:
    if not plausible(when.year, when.month, when.day):
        return None
    if with_time:
        return when.strftime("%Y-%m-%dT%H:%M+00:00"), True
    return when.strftime("%Y-%m-%d"), False


# Every date pattern has a four-digit year or a numeric d/m/yy: a cheap test before the full one.
MAYBE_DATE = re.compile(r"(?:19|20)\d\d|\d[./-]\s?\d")


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    iso: str
    has_time: bool


def max_date() -> date:
    """Tomorrow, in UTC: a page's time zone may be ahead of ours."""
    return (datetime.now(UTC) + timedelta(days=1)).date()


_MAX_CACHE: list = [None, None]  # (day computed, value): avoid a clock read per candidate


def _latest() -> date:
    today = date.today()
    if _MAX_CACHE[0] != today:
        _MAX_CACHE[0], _MAX_CACHE[1] = today, max_date()
    return _MAX_CACHE[1]


def plausible(y: int, m: int, d: int) -> bool:
    if not (MIN_YEAR <= y and 1 <= m <= 12 and 1 <= d <= 31):
        return False
    try:
        return date(y, m, d) <= _latest()
    except ValueError:
        return False


def month_first(languages: list[str] | tuple[str, ...] | str | None) -> bool:
    """Whether an ambiguous 02/03/2025 is read month first: US English only."""
    if not languages:
        return False
    if isinstance(languages, str):
        languages = [languages]
    first = languages[0].lower().replace("_", "-")
    if first in ("en-us", "en-ph", "en-ca") or first == "us":
        return True
    return first == "en"  # a bare "en" page is more often American than not


def order_from(lang: str | None, url: str | None) -> bool:
    """Month-first decision for a page from its declared language and its domain."""
    lang = (lang or "").lower().replace("_", "-")
    if lang and not lang.startswith("en"):
        return False
    if lang[3:] in ("gb", "uk", "au", "nz", "ie", "in", "za", "ng", "ke", "pk", "sg", "my", "gh"):
        return False
    if url:
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/", 1)[0].split(":", 1)[0]
        tld = host.rsplit(".", 1)[-1]
        if tld not in _US_TLDS:
            return False
    return bool(lang) or bool(url)


def _offset(tzn: str | None, tzo: str | None) -> str | None:
    if tzo:
        sign, digits = tzo[0], tzo[1:].replace(":", "")
        if len(digits) <= 2:
            hh, mm = int(digits), 0
        else:
            hh, mm = int(digits[:-2]), int(digits[-2:])
        if hh > 14 or mm > 59:
            return None
        return f"{sign}{hh:02d}:{mm:02d}"
    if tzn:
        return TZ_ABBR.get(tzn.lower())
    return None


def _time_from(m: re.Match) -> tuple[int, int, int | None, str | None] | None:
    h, mi = int(m["h"]), int(m["mi"])
    if m["sep"] is None and not (m["ampm"] or "uhr" in m[0].lower()):
        return None
    ampm = (m["ampm"] or "").lower()
    if ampm:
        if not 1 <= h <= 12:
            return None
        if ampm.startswith("p") and h != 12:
            h += 12
        elif ampm.startswith("a") and h == 12:
            h = 0
    if h > 23:
        return None
    sec = int(m["s"]) if m["s"] else None
    tz = _offset(m["tzn"], m["tzo1"] or m["tzo2"])
    if m["tzn"] and m["tzo1"]:
        tz = _offset(None, m["tzo1"])  # "GMT+5": the number is the offset
    return h, mi, sec, tz


def _ymd(m: re.Match, mdy: bool) -> tuple[int, int, int] | None:
    g = m.groupdict()
    if g["iy"]:
        return int(g["iy"]), int(g["im"]), int(g["id"])
    if g["cy"]:
        return int(g["cy"]), int(g["cm"]), int(g["cd"])
    if g["na"]:
        a, b, y = int(g["na"]), int(g["nb"]), g["ny"]
        year = int(y) if len(y) == 4 else (1900 + int(y) if int(y) >= 90 else 2000 + int(y))
        if a > 12 and b <= 12:
            return year, b, a
        if b > 12 and a <= 12:
            return year, a, b
        # Dotted dates are day first everywhere (26.02.2025); only slashes and dashes follow the locale.
        return (year, a, b) if mdy and g["nsep"] != "." else (year, b, a)
    if g["dd"]:
        mon = MONTHS.get(g["dmon"].lower())
        return (int(g["dy"]), mon, int(g["dd"])) if mon else None
    if g["mmon"]:
        mon = MONTHS.get(g["mmon"].lower())
        return (int(g["my"]), mon, int(g["md"])) if mon else None
    if g["hy"]:
        mon = MONTHS.get(g["hmon"].lower())
        return (int(g["hy"]), mon, int(g["hd"])) if mon else None
    return None


def _format(y: int, mo: int, d: int, t: tuple[int, int, int | None, str | None] | None) -> str:
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if t is None:
        return out
    h, mi, sec, tz = t
    out += f"T{h:02d}:{mi:02d}" + (f":{sec:02d}" if sec is not None else "")
    return out + (tz or "")


def _nearby_time(text: str, start: int, end: int) -> tuple[int, int, int | None, str | None] | None:
    """A time of day written just after the date, or just before it."""
    after = text[end:end + 40]
    for m in _TIME_RE.finditer(after):
        if not _GAP_AFTER.match(after[:m.start()]):
            break
        t = _time_from(m)
        if t is not None:
            return t
        break
    before = text[max(0, start - 30):start]
    for m in _TIME_RE.finditer(before):
        if _GAP_BEFORE.match(before[m.end():]) or _GAP_AFTER.match(before[m.end():]):
            t = _time_from(m)
            if t is not None:
                return t
    return None


def find_date_spans(text: str, languages: list[str] | tuple[str, ...] | str | None = None,
                    mdy: bool | None = None, limit: int = 20) -> list[DateSpan]:
    """Every plausible date in `text`, left to right, with its time of day when one is next to it."""
    if not MAYBE_DATE.search(text):
        return []
    if mdy is None:
        mdy = month_first(languages)
    spans: list[DateSpan] = []
    for m in _DATE_RE.finditer(text):
        ymd = _ymd(m, mdy)
        if ymd is None or not plausible(*ymd):
            continue
        t = _nearby_time(text, m.start(), m.end())
        spans.append(DateSpan(m.start(), m.end(), _format(*ymd, t), t is not None))
        if len(spans) >= limit:
            break
    return spans


def parse_date_text(text: str, languages: list[str] | tuple[str, ...] | str | None = None,
                    mdy: bool | None = None) -> tuple[str, bool] | None:
    """The first date stated in `text` as (ISO 8601 string, has_time), or None.

    `languages` (ISO 639 codes, first = the page's) decides how an ambiguous numeric date
    such as 02/03/2025 is read: month first for American English, day first otherwise;
    `mdy` forces the order. A date-only result is "YYYY-MM-DD"; with a time,
    "YYYY-MM-DDTHH:MM[:SS]" plus the UTC offset when the text gives a zone.
    """
    spans = find_date_spans(text, languages, mdy, limit=1) if text else []
    return (spans[0].iso, spans[0].has_time) if spans else None


# Machine-written values -------------------------------------------------------------

_ISO_RE = re.compile(
    r"^\s*(?P<y>\d{4})-?(?P<m>\d\d)-?(?P<d>\d\d)"
    r"(?:[T\s_]+(?P<H>\d\d):?(?P<M>\d\d)(?::?(?P<S>\d\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?)?(?!\d)"
)
_ISO_SHORT = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})(?:\.\d+)?\s*$")


def parse_date_value(value: object, mdy: bool = False) -> tuple[str, bool] | None:
    """A date from structured data: ISO 8601 and its variants, epoch seconds, else free text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    if isinstance(value, dict):
        value = value.get("@value") or value.get("value")
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 200:
        return None
    m = _ISO_RE.match(value)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if plausible(y, mo, d):
            if m["H"] is None:
                return f"{y:04d}-{mo:02d}-{d:02d}", False
            h, mi = int(m["H"]), int(m["M"])
            if h > 23 or mi > 59:
                return f"{y:04d}-{mo:02d}-{d:02d}", False
            sec = int(m["S"]) if m["S"] else None
            tz = m["tz"]
            off = None
            if tz:
                off = "+00:00" if tz.upper() in ("Z", "UTC", "GMT") else _offset(None, tz)
            return _format(y, mo, d, (h, mi, sec, off)), True
        if len(value) >= 8 and value[4] != "-":
            pass  # a compact number that is not a date: try the other readings
        else:
            return None
    m = _ISO_SHORT.match(value)
    if m and plausible(int(m["y"]), int(m["m"]), int(m["d"])):
        return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}", False
    m = _EPOCH.match(value)
    if m:
        secs = int(m[1]) / (1000 if len(m[1]) == 13 else 1)
        try:
            dt = datetime.fromtimestamp(secs, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        if plausible(dt.year, dt.month, dt.day):
            return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"), True
        return None
    return parse_date_text(value, mdy=mdy)
