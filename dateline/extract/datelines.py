"""The dateline that opens a story: "WASHINGTON (Reuters) —", "Doha, (APP - ...)".

A dateline is the place (and often the agency and date) printed before the first
sentence. `split_dateline` recognises the shapes wire copy uses and returns the prefix
exactly as printed, so that the caller can strip it from the lede.

Choices:
- `place` is the city only: "KYIV, Ukraine (AP) —" gives place "Kyiv". The region or
  country stays in `text`, where a geocoder can read it to tell Paris, Texas from Paris.
- A place printed in capitals is title-cased ("NEW DELHI" → "New Delhi",
  "RIO DE JANEIRO" → "Rio de Janeiro"); a place printed in mixed case is kept as printed.
- A place in mixed case followed only by a colon ("New Delhi: …") is not taken: the same
  shape opens interview answers and titles ("Star Wars Jedi: Fallen Order"). In capitals
  ("NEW DELHI: …") or with a date ("Mumbai, Feb 26: …") it is.
- `agency` is the first name inside the parentheses: "(APP - UrduPoint / ...)" → "APP",
  "(dpa/lni)" → "dpa".

An ordinary sentence opening must never pass for a dateline, so every shape needs a
strong sign: an agency in parentheses, a place in capitals, or a dash after a short
place name that is not a common sentence opener.
"""

from __future__ import annotations

import re

from ..model import Dateline
from .authors import BYLINE_WORDS
from .datetext import MONTH_WORDS

# Agencies whose names tell a parenthesis apart from a ticker or a party label. Used only
# where the shape alone is weak (no separator after the parenthesis).
KNOWN_AGENCIES = frozenset(
    s.lower()
    for s in (
        "Reuters", "AP", "AFP", "dpa", "dpa-AFX", "PTI", "IANS", "ANI", "UNI", "APP", "UPI", "CNN", "BBC",
        "Xinhua", "EFE", "ANSA", "Kyodo", "Jiji", "Yonhap", "TASS", "RIA", "Interfax", "Sputnik", "IPS",
        "WAM", "SPA", "KUNA", "QNA", "BNA", "ONA", "MENA", "SANA", "WAFA", "Petra", "IRNA", "ISNA", "Anadolu",
        "AA", "KNA", "epd", "AFX", "Bernama", "Antara", "PNA", "VNA", "TNA", "NAN", "KCNA", "PAP", "CTK",
        "ČTK", "MTI", "BTA", "Agerpres", "Tanjug", "HINA", "STA", "APA", "SDA", "ATS", "Keystone-SDA",
        "ANP", "Belga", "NTB", "TT", "Ritzau", "STT", "Lusa", "Notimex", "Télam", "AAP", "CP", "CNA",
        "Ukrinform", "Bloomberg", "AFP-JIJI", "Europa Press", "Prensa Latina", "Agência Brasil", "KNA",
        "NNA", "MAP", "TAP", "APS", "SUNA", "NINA", "Tasnim", "Fars", "Mehr", "AKI", "Adnkronos", "LUSA",
        "PRNewswire", "Business Wire", "GLOBE NEWSWIRE", "ACCESSWIRE", "PRWeb",
    )
)

# Words that open labels and sentences, never a place without an agency beside it.
_LABELS = frozenset(
    """breaking exclusive update updated watch listen video videos photo photos picture pictures opinion
    analysis editorial correction corrections live file note editor's editors warning alert flash urgent
    review comment commentary explainer interview advertisement sponsored spoiler source sources image
    images credit related read also more see tags tag share summary recap timeline background q&a faq
    transcript disclaimer podcast dear from dalla dal graphic chart map gallery kommentar analyse meinung eilmeldung update:
    aktualisiert quelle foto bild anzeige lesen sie auch avis actualité vidéo mise à jour opinión
    actualización última hora""".split()
)
_BYLINE_WORDS = frozenset(BYLINE_WORDS) - {"di"}  # "Di" also opens place names (Di Linh)
_OPENERS = frozenset(
    """a an and as at after before but by during for from if in into it its he her his i me my no not now
    of on or our out over she so some such than that the their them then there these they this those
    though through to today tomorrow under until up us was we were what when where which while who why
    with yes yesterday yet you your also however meanwhile moreover still here mr mrs ms dr sir president
    prime minister senator sen rep gov gen governor mayor king queen pope judge police officials
    monday tuesday wednesday thursday friday saturday sunday one two three many most all every each
    der die das ein eine im am nach bei von für auch laut doch und aber wie als le la les un une des du
    selon après dans pour mais el los las uno según en tras pero il lo gli di per ma""".split()
)

# Latin and Cyrillic capitals (the Latin Extended range mixes cases; good enough for a first letter).
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ"
# No hyphen inside a word: hyphens separate words ("PORT-AU-PRINCE"), and one way only to
# read them keeps the match linear.
_WORD = rf"[{_UPPER}][\w'’./]*"
_PARTICLE = r"(?:au|aux|lès|de|del|della|di|da|do|dos|das|du|des|la|le|les|el|al|es|en|am|an|im|on|upon|sur|of|the|y|e|van|von|der|den|op|aan)"
# Up to four capitalised words with lower-case particles between them: "Rio de Janeiro".
_PLACE = rf"{_WORD}(?:[ \-](?:{_PARTICLE}[ \-])?{_WORD}){{0,3}}"
_REGION = rf"(?:{_WORD}(?: {_WORD}){{0,2}}|[{_UPPER}]\.(?:[{_UPPER}]\.)+)"

_DAYNUM = r"\d{1,2}(?:st|nd|rd|th|\.|º|er)?"
_DATE = (
    rf"(?i:(?:{MONTH_WORDS})\.? {_DAYNUM}(?:,? \d{{4}})?"
    rf"|{_DAYNUM} (?:de )?(?:{MONTH_WORDS})\.?(?:,? (?:de )?\d{{4}})?"
    r"|\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
)
# What ends a dateline: a dash of any kind, a colon, AP's old underscore, EFE's ".-".
_SEP = r"(?:\.-|--|[—–\-_:]|\.—)"

# PLACE[, REGION][, DATE] (AGENCY …) [SEP], and press releases' "PLACE, DATE /PRNewswire/ --"
_WITH_AGENCY = re.compile(
    rf"(?P<place>{_PLACE})(?:,\s*(?P<region>{_REGION}))?(?:,?\s*(?P<date>{_DATE}))?,?\s*"
    rf"(?:\((?P<paren>[^()\n]{{1,120}})\)|/(?P<wire>[\w \-]{{2,30}})/)(?:\s*(?P<sep>{_SEP}))?",
)
# (AGENCY) SEP [PLACE, DATE SEP] — CNN's "(CNN) —" and ANSA's "(ANSA) - ROMA, 3 MAR -"
_AGENCY_FIRST = re.compile(
    rf"\((?P<paren>[^()\n]{{1,40}})\)\s*(?P<sep>{_SEP})"
    rf"(?:\s*(?P<place>{_PLACE})(?:,\s*(?P<date>{_DATE}))?\s*(?P<sep2>{_SEP}))?"
)
# PLACE[, REGION][, DATE] SEP
_NO_AGENCY = re.compile(
    rf"(?P<place>{_PLACE})(?:,\s*(?P<region>{_REGION}))?(?:,\s*(?P<date>{_DATE}))?\s*(?P<sep>{_SEP})",
)
_CUE = re.compile(r"[(—–\-_:/]")
_AGENCY_NAME = re.compile(r"^[\w.&'’ \-]{2,30}$")
_ACRONYM = re.compile(rf"^[{_UPPER}][{_UPPER}0-9&\-]{{1,7}}$")
_ALPHA = re.compile(r"[^\W\d_]")
_STORY_START = re.compile(r"[\"'“‘«„¿¡(\[]?[\w]")


def _is_caps(text: str) -> bool:
    letters = _ALPHA.findall(text)
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _title_case(place: str) -> str:
    """NEW DELHI → New Delhi, RIO DE JANEIRO → Rio de Janeiro, PORT-AU-PRINCE → Port-au-Prince."""
    parts = re.split(r"([ \-/])", place.lower())
    out = []
    for i, part in enumerate(parts):
        # A particle stays lower case inside a name, never first or after a slash ("BEIRUT/THE HAGUE").
        if i >= 2 and parts[i - 1] != "/" and re.fullmatch(_PARTICLE, part) and i != len(parts) - 1:
            out.append(part)
        elif part[:2] in ("o'", "o’", "d'", "d’", "l'", "l’") and len(part) > 2:
            out.append(part[0].upper() + part[1] + part[2:3].upper() + part[3:])
        elif part.startswith("mc") and len(part) > 3:
            out.append("Mc" + part[2:].capitalize())
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


def _clean_place(place: str) -> str:
    place = place.strip().rstrip(",")
    return _title_case(place) if _is_caps(place) else place


def _agency_of(paren: str) -> str | None:
    """The agency in "(APP - UrduPoint / ...)", "(dpa/lni)", "(Reuters)"; None for "(R)", "(updated)"."""
    name = re.split(r"\s+[-–—|]\s+|/|,|;|\s+via\s+", paren.strip(), maxsplit=1)[0].strip()
    if not _AGENCY_NAME.match(name) or len(name.split()) > 3:
        return None
    if name.lower() in KNOWN_AGENCIES:
        return name
    if _ACRONYM.match(name):
        return name
    # A single capitalised word: "(Reuters)", "(Bloomberg)", "(Nachrichtenagentur)".
    if " " not in name and name[:1].isupper() and name[1:].islower() and len(name) >= 3:
        return name
    # A name of capitalised words led by a known agency: "(Reuters Breakingviews)", "(CNN Business)".
    words = name.split()
    if len(words) > 1 and words[0].lower() in KNOWN_AGENCIES and all(w[:1].isupper() for w in words):
        return name
    return None


def _story_follows(rest: str) -> bool:
    """What follows a dateline opens a sentence (or nothing follows at all)."""
    rest = rest.lstrip()
    if not rest:
        return True
    m = _STORY_START.match(rest)
    if not m:
        return False
    first = m.group(0)[-1]
    return first.isupper() or first.isdigit()


def _first_word(place: str) -> str:
    return re.split(r"[ \-]", place.strip(), maxsplit=1)[0].lower().strip(".,")


def split_dateline(first_paragraph: str) -> Dateline | None:
    """The dateline opening `first_paragraph`, or None when the paragraph opens with a sentence."""
    text = first_paragraph.lstrip()
    lead = len(first_paragraph) - len(text)
    if len(text) < 4:
        return None
    head = text[:240]
    if not _CUE.search(head, 0, 160):
        return None  # no parenthesis, dash or colon near the start: a sentence, and the common case
    return _with_agency(head, lead, first_paragraph) or _agency_first(head, lead, first_paragraph) or _no_agency(
        head, lead, first_paragraph
    )


def _dateline(original: str, lead: int, end: int, place: str | None, agency: str | None) -> Dateline:
    return Dateline(place=_clean_place(place) if place else None, agency=agency, text=original[lead:lead + end].rstrip())


def _with_agency(head: str, lead: int, original: str) -> Dateline | None:
    m = _WITH_AGENCY.match(head)
    if not m:
        return None
    agency = _agency_of(m.group("paren") or m.group("wire"))
    if agency is None:
        return None
    place = m.group("place")
    rest = head[m.end():]
    if not _story_follows(rest) or _first_word(place) in _BYLINE_WORDS:
        return None  # "By Jane Okafor (Reuters)" is a byline, not a place
    if m.group("sep") is None:
        # No dash after the parenthesis: "Apple (AAPL) Said" or "Tesla (TSLA) …" must not pass,
        # so ask for a further sign — a known agency, a place in capitals, a comma or date before
        # the parenthesis, or more inside it ("APP - UrduPoint - 26th Feb").
        strong = (
            agency.lower() in KNOWN_AGENCIES
            or _is_caps(place)
            or m.group("date")
            or re.search(r",\s*\($", head[: m.start("paren")])
            or len(m.group("paren") or "") > len(agency) + 3
        )
        if not strong:
            return None
    elif m.group("sep") == ":" and not (_is_caps(place) or agency.lower() in KNOWN_AGENCIES or m.group("date")):
        return None
    if not _is_caps(place) and _first_word(place) in _OPENERS and agency.lower() not in KNOWN_AGENCIES:
        return None
    return _dateline(original, lead, m.end(), place, agency)


def _agency_first(head: str, lead: int, original: str) -> Dateline | None:
    m = _AGENCY_FIRST.match(head)
    if not m:
        return None
    agency = _agency_of(m.group("paren"))
    if agency is None or agency.lower() not in KNOWN_AGENCIES:
        return None
    end = m.end() if m.group("place") else m.end("sep")
    if not _story_follows(head[end:]):
        return None
    return _dateline(original, lead, end, m.group("place"), agency)


def _no_agency(head: str, lead: int, original: str) -> Dateline | None:
    m = _NO_AGENCY.match(head)
    if not m:
        return None
    place, sep = m.group("place"), m.group("sep")
    rest = head[m.end():]
    if sep in ("-", "_") and not rest.startswith(" "):
        return None  # a hyphenated word, not a separator
    if not rest.strip() or not _story_follows(rest):
        return None
    caps = _is_caps(place)
    words = place.split()
    if caps:
        names = [w for w in words if not re.fullmatch(_PARTICLE, w.lower())]
        if place.lower() in _LABELS or _first_word(place) in _LABELS or len(names) > 3:
            return None
    else:
        # Mixed case needs a short place that no sentence or label would open with.
        if len(words) > 3 or _first_word(place) in _OPENERS or _first_word(place) in _LABELS:
            return None
        if sep in ("-", "_", ".-", ":") and not m.group("date"):
            # "Paris - " is too weak in mixed case, and "Name:" opens interview answers and
            # titles ("Star Wars Jedi: Fallen Order"): a real dash or a date is needed.
            return None
    return _dateline(original, lead, m.end(), place, None)
