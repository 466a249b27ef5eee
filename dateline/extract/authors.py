"""Person names and organisation bylines out of byline text and author fields.

`parse_byline("By Jane Doe and John Smith, Reuters")` → (["Jane Doe", "John Smith"], "Reuters").
Authors are people only; wire agencies, newsrooms and desks ("Staff Reporter", "BBC News")
go to the agency. Handles, e-mail addresses, dates and job titles are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from .datetext import MONTH_WORDS, PUBLISHED_WORDS, UPDATED_WORDS, any_of

# The word that opens a byline: "By", "Von", "Par", "Por", "Di", "Door", "Av", "Af".
BYLINE_WORDS = ("by", "von", "par", "por", "di", "door", "av", "af")

# Wire agencies and newsroom bylines, compared case-folded with punctuation collapsed.
_AGENCIES = {
    "reuters", "reuters staff", "thomson reuters", "ap", "the associated press", "associated press",
    "afp", "agence france presse", "agence france-presse", "dpa", "deutsche presse agentur",
    "deutsche presse-agentur", "apa", "kna", "epd", "sid", "dts", "afx", "ddp", "efe", "agencia efe",
    "ansa", "agi", "adnkronos", "europa press", "kyodo", "kyodo news", "jiji", "jiji press", "xinhua",
    "xinhua news agency", "pti", "ians", "ani", "app", "uni", "bloomberg", "bloomberg news", "tass",
    "ria novosti", "interfax", "anadolu", "anadolu agency", "anadolu ajansı", "aa", "dha", "iha",
    "sda", "keystone sda", "keystone-sda", "ats", "ntb", "tt", "ritzau", "stt", "anp", "belga", "pap",
    "čtk", "ctk", "tasr", "mti", "hina", "tanjug", "bta", "yonhap", "bernama", "antara", "aap",
    "nzpa", "cp", "the canadian press", "canadian press", "upi", "lusa", "agência lusa",
    "agência brasil", "notimex", "télam", "telam", "ips", "wafa", "mena", "irna", "sana", "kuna",
    "wam", "spa", "qna", "bss", "pna", "vna", "tap", "map", "aps", "cna", "apa-ots", "ots",
    "newsroom", "news desk", "web desk", "online desk", "digital desk", "desk", "staff",
    "staff reporter", "staff writer", "staff writers", "our correspondent", "our staff reporter",
    "our reporter", "agencies", "agency", "news agencies", "wire services", "wires", "agenturen",
    "agentur", "agencias", "agencies and staff", "redaktion", "online redaktion", "online-redaktion",
    "red", "red.", "rédaction", "la rédaction", "redacción", "redazione", "redactie", "redaksjonen",
    "redaktionen", "toimitus", "editorial", "editorial board", "editorial staff", "the editors",
    "editors", "news service", "press association", "pa", "pa media", "pa wire",
}

# Words that make a name an organisation rather than a person.
_ORG_WORDS = {
    "news", "press", "presse", "prensa", "stampa", "agency", "agentur", "agence", "agencia", "agenzia",
    "desk", "redaktion", "rédaction", "redacción", "redazione", "redactie", "staff", "team", "media",
    "medien", "online", "newsroom", "service", "services", "times", "post", "zeitung", "tribune",
    "herald", "journal", "gazette", "daily", "magazine", "magazin", "radio", "tv", "television",
    "network", "group", "gruppe", "verlag", "institute", "institut", "university", "universität",
    "ministry", "ministerium", "department", "council", "association", "foundation", "stiftung",
    "company", "corporation", "inc", "ltd", "gmbh", "ag", "llc", "editors", "editorial", "wire",
    "wires", "agencies", "agenturen", "correspondent", "correspondents", "reporters", "bureau",
    "büro", "nachrichten", "noticias", "notizie", "nouvelles", "nyheter", "sport", "sports",
}

# Job titles that follow a name ("Jane Doe, Senior Correspondent"): dropped, never an author.
_ROLE_WORDS = {
    "editor", "reporter", "correspondent", "writer", "contributor", "columnist", "journalist",
    "author", "producer", "analyst", "photographer", "senior", "chief", "deputy", "managing",
    "political", "economics", "business", "foreign", "staff", "special", "investigative",
    "associate", "assistant", "executive", "contributing", "freelance", "guest", "host", "anchor",
    "redakteur", "redakteurin", "korrespondent", "korrespondentin", "autor", "autorin",
    "journalistin", "volontär", "volontärin", "chefredakteur", "chefredakteurin", "ressortleiter",
    "ressortleiterin", "leiter", "leiterin", "rédacteur", "rédactrice", "journaliste",
    "envoyé", "envoyée", "spécial", "spéciale", "corresponsal", "periodista", "redactor",
    "redactora", "giornalista", "corrispondente", "inviato", "inviata", "redacteur", "verslaggever",
    "correspondente", "repórter", "editora", "editor-at-large", "at", "large", "desk", "news",
    "digital", "online", "sports", "sport", "politics", "science", "health", "technology", "tech",
    "culture", "opinion", "national", "international", "world", "local", "features", "bureau",
    "head", "of", "for", "the", "and", "&",
}

# Words that open a byline, in the languages dateline meets.
_PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|words|story|text|photos?|video|analysis|interview|commentary)\s+by"
    r"|by|from|von|vom|par|por|de|di|da|door|av|af|fra|från|tekijä|kirjoittanut|autor(?:in)?|author|"
    r"text|texto|testo|texte|tekst|escrito\s+por|publicado\s+por|scritto\s+da|"
    r"(?:ein(?:e)?\s+)?(?:kommentar|analyse|essay|gastbeitrag|reportage|interview|kolumne)\s+von|"
    r"mit\s+material\s+von|with\s+reporting\s+by|additional\s+reporting\s+by|aus)\b\s*[:：]?\s*",
    re.I,
)
_LABEL = re.compile(r"^\s*(?:authors?|autor(?:en|in|innen)?|auteurs?|autores?|autori|forfatter|"
                    r"författare|byline|text|texto|verfasst\s+von|written\s+by|текст|авторы?)\s*[:：]\s*", re.I)

# Where the byline stops and the date or other furniture begins.
_CUT = re.compile(
    r"\s*(?:[|•·●▪►»◆]|\s[–—]\s|\s-\s"
    # Label words end where the word ends: "Stand:" cuts, "Tom Standage" does not.
    r"|\b(?:(?:" + any_of(PUBLISHED_WORDS + UPDATED_WORDS + ("yayınlanma",)) + r"|on\s+(?:" + MONTH_WORDS + r")|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"read\s+more|follow|email|e-mail|twitter|share|teilen)(?![^\W\d_])|updated:|\d+\s+(?:min|minutes?|hours?|"
    r"stunden?|std\.?|minuten)\b)"
    # Other credits on the byline line: "Written by A. Edited by B." names one author.
    r"|\b(?:edited|reviewed|medically\s+reviewed|fact[-\s]checked|translated|illustrat(?:ed|ions?)|graphics|"
    r"photos?|photographs|produced|bearbeitet|redigiert|übersetzt|traduit|traducido)\s+(?:by|von|par|por)\b"
    r"|\b(?:am|le|el|il|on|den|dne)\s+\d"
    r"|\b\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\b\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}"
    r"|\b(?:" + MONTH_WORDS + r")\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(?:" + MONTH_WORDS + r")\b|\b(?:19|20)\d{2}\b)",
    re.I,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"\(?\s*@\w+\s*\)?")
_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# A link stops at a bracket: "Jane Doe (https://jane.example/)" keeps its closing parenthesis.
_URL = re.compile(r"https?://[^\s()\[\]]+|www\.[^\s()\[\]]+")
# Separators between names: commas, semicolons, slashes and the word "and" in many languages.
# A serial comma comes before the last "and": "A, B, and C".
_SPLIT = re.compile(
    r"\s*(?:[,;/+](?:\s*(?:and|und|et|y|e|og|och|en)\s)?"
    r"|\s(?:and|und|&|et|y|e|og|och|en|i|ve|és|ja|и|a|with|mit|avec|con|sowie)\s|&)\s*", re.I
)
_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "do", "du", "la", "le",
    "bin", "binti", "ibn", "al", "el", "ben", "ter", "ten", "zu", "y", "e", "af", "st.", "mc", "mac",
    "bint", "abu", "dal", "des", "lo", "vom", "zur", "'t",
}
_CJK_NAME = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", s).split())


def is_agency(name: str) -> bool:
    """A wire agency or a newsroom byline rather than a person."""
    key = _key(name)
    if not key:
        return False
    if key in _AGENCY_KEYS:
        return True
    words = key.split()
    if any(w in _ORG_WORDS for w in words):
        return True
    stripped = name.strip()
    # A web domain as a byline: "ORF.at", "Spiegel.de", "TechCrunch.com".
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.(?:com|de|at|ch|org|net|co\.uk|uk|fr|es|it|nl|in|pk|tv|info|news)",
                    stripped, re.I):
        return True
    # Unknown agency shorthands are capitals ("KNA", "SDA"); short lowercase letters that no agency
    # list knows ("hosb", "kesm") are the initials of the editors who handled the story.
    if len(words) == 1 and len(stripped) <= 5 and stripped.isupper():
        return True
    return False


_AGENCY_KEYS = {_key(a) for a in _AGENCIES}
# Several organisations in one byline ("dpa; AFP"): a semicolon, since names may hold commas ("AFP, Manila").
AGENCY_SEPARATOR = "; "


def _is_role(part: str) -> bool:
    words = _key(part).split()
    return bool(words) and all(w in _ROLE_WORDS for w in words)


def is_person(name: str) -> bool:
    """A plausible personal name: two to five words, capitalised (scripts without case pass)."""
    name = name.strip()
    if not name or len(name) > 60 or any(ch.isdigit() for ch in name) or "@" in name:
        return False
    words = name.split()
    if not 1 <= len(words) <= 6:
        return False
    cased = [w for w in words if any(ch.isalpha() and (ch.isupper() or ch.islower()) for ch in w)]
    if not cased:
        # No case to judge by. Chinese, Japanese and Korean names are written without a space;
        # other caseless scripts (Arabic, Hebrew, Devanagari) separate given and family names.
        if not any(ch.isalpha() for ch in name) or len(name) > 20:
            return False
        return len(words) >= 2 or bool(_CJK_NAME.search(name))
    if len(words) == 1:
        # A single word is a name only in scripts without spaces between given and family names.
        return False
    for w in words:
        if w.lower() in _PARTICLES:
            continue
        if not _LATIN_WORD.match(w) and not re.match(r"^[^\W\d_]\.$", w):
            if not all(ch.isalpha() or ch in "-'’." for ch in w):
                return False
        first = w.lstrip("'’(")[:1]
        if first and not first.isupper() and not (first.isalpha() and not first.islower()):
            return False
    if _is_role(name) or _key(words[-1]) in _STRONG_ROLES:
        return False
    return True


# A name never ends with these ("BBC Business Editor" is a title, not a person).
_STRONG_ROLES = {"editor", "reporter", "correspondent", "writer", "columnist", "journalist", "contributor",
                 "redakteur", "redakteurin", "korrespondent", "korrespondentin", "producer", "staff"}


# Capitalised small words that title-case subheads have and names do not ("By The Numbers",
# "Von Kiel Nach Hamburg"); particles of names (de, van, von, la) are not among them.
_TITLE_CASE_WORDS = {"the", "an", "to", "of", "in", "on", "at", "for", "and", "or", "from", "with", "nach", "bis",
                     "und", "der", "die", "das", "im", "les", "aux", "et", "que", "qué", "alla"}
_CREDIT_WORDS = {"images", "image", "photo", "photos", "photography", "pictures", "foto", "fotos", "bild", "bilder",
                 "getty", "shutterstock", "istock", "imago", "alamy"}


def is_name_in_text(name: str) -> bool:
    """A name read from a byline line inside the story, where title-case subheads and photo credits
    also begin with "By": no capitalised function word, no picture-agency word."""
    words = name.split()
    if any(w.casefold() in _CREDIT_WORDS for w in words):
        return False
    return not any(w[:1].isupper() and w.casefold() in _TITLE_CASE_WORDS for w in words)


def clean_name(text: str) -> str:
    """One name as printed, without the byline word, handle, e-mail or role."""
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _LABEL.sub("", text)
    prev = None
    while prev != text:
        prev, text = text, _PREFIX.sub("", text, count=1)
    # Role words written after the name: Korean 기자 (reporter), Japanese 記者, Chinese 记者.
    text = re.sub(r"\s*(?:기자|특파원|선임기자|논설위원|記者|特派員|编辑|记者)(?:\s*외\s*\d+\s*명)?\s*$", "", text)
    text = re.sub(r"\s+(?:in|aus|en|à|a|em|från|i)\s+[A-ZÄÖÜ][\w\-]+(?:\s[A-Z][\w\-]+)?\s*$", "", text)
    # "Ravi Menon for The Guardian": the publication a writer filed for is not part of the name.
    text = _FOR_PUBLICATION.sub("", text)
    words = text.strip(" \t\r\n,;:.-–—|*·•\"'“”„").split()
    # "John Smith Staff Writer": a job title run on after the name.
    # "Guardian staff reporter" is a desk byline; "John Smith Staff Writer" is a name and a title.
    staff_at = next((i for i, w in enumerate(words) if _key(w) == "staff"), None)
    staff_desk = staff_at is not None and staff_at < 2
    if words and not staff_desk and _key(" ".join(words)) not in _AGENCY_KEYS and _key(words[-1]) in _STRONG_ROLES:
        while words and _key(words[-1]) in _ROLE_WORDS:
            words.pop()
        if len(words) < 2:
            return ""  # "BBC Business Editor": a title with no name left in it
        if _key(words[0]) in _AGENCY_KEYS:
            return words[0]  # "AP Auto Writer": an agency's desk title credits the agency
    return " ".join(words)


_FOR_PUBLICATION = re.compile(r"\s+(?:[Ff]or|[Ff]ür|pour|para|per)\s+(?:the\s+|der\s+|die\s+|das\s+|le\s+|la\s+|el\s+|il\s+)?"
                              r"[A-Z][\w.\-]*.*$")


def split_people_and_agency(names: list[str]) -> tuple[list[str], str | None]:
    """Sort author strings into people and one organisation byline.

    Parenthesised agencies ("Jane Doe (dpa)") are split off; job titles and furniture are dropped.
    """
    people: list[str] = []
    agencies: list[str] = []
    desks: list[str] = []
    seen: set[str] = set()
    for raw in names:
        if not raw or not raw.strip():
            continue
        raw = _URL.sub(" ", _EMAIL.sub(" ", raw))
        # "Richard (R.J.) Eskow": a nickname or middle names between given and family name are part of it.
        middle = _MIDDLE_NAMES.fullmatch(raw.strip())
        if middle and _key(middle.group(2)) not in _AGENCY_KEYS:
            raw = " ".join(middle.groups())
        for m in _PARENS.finditer(raw):
            inner = (m.group(1) or m.group(2) or "").strip()
            for piece in re.split(r"\s*[,;/]\s*", inner):
                # Only a known agency counts here: "(obe)" after a name is the author's initials.
                if piece and _key(piece) in _AGENCY_KEYS:
                    agencies.append(piece)
        raw = _PARENS.sub(" ", raw)
        name = clean_name(raw)
        if not name:
            continue
        key = _key(name)
        if key in seen:
            continue
        seen.add(key)
        if key in _DEGREE_KEYS:
            continue  # "Jane Doe, MA": a degree after the name, not an agency
        if key in _DESK_KEYS:
            desks.append(name)
        elif _is_role(name):
            continue
        elif is_agency(name):
            agencies.append(name)
        elif is_person(name):
            people.append(name)
    agency = join_agencies(agencies)
    if agency is None and not people and desks:
        agency = desks[0]
    return people, agency


_MIDDLE_NAMES = re.compile(r"([^\W\d_][\w'’\-]+)\s+\(((?:[^\W\d_][\w'’.\-]*\s*){1,3})\)\s+([^\W\d_][\w'’\-]+)")
_DESK_KEYS = {_key(a) for a in (
    "staff", "staff reporter", "staff writer", "staff writers", "our correspondent", "our staff reporter",
    "our reporter", "staff correspondent", "news desk", "web desk", "online desk", "digital desk", "desk", "newsroom", "editorial",
    "editorial staff", "editors", "the editors",
)}


_DEGREE_KEYS = {_key(d) for d in (
    "MA", "M.A.", "BA", "B.A.", "MS", "M.S.", "MSc", "BSc", "MD", "M.D.", "PhD", "Ph.D.", "DPhil", "MPH", "MBA",
    "RN", "DDS", "DMD", "DVM", "JD", "LLM", "LL.M.", "MSN", "PharmD", "PsyD", "EdD", "FACP", "FRCP", "CFA", "CPA",
    "RD", "RDN", "MSW", "LCSW", "DNP", "APRN", "MPhil", "MFA",
)}


def join_agencies(agencies: list[str]) -> str | None:
    """Agency names joined, each once (compared by a key that ignores case, width and punctuation)."""
    out: list[str] = []
    keys: set[str] = set()
    for a in agencies:
        k = _key(a)
        if k and k not in keys:
            keys.add(k)
            out.append(a.strip())
    return AGENCY_SEPARATOR.join(out) if out else None


def cut_byline(text: str) -> str:
    """The part of a byline line before its date, reading time or sharing links."""
    text = " ".join(text.split())
    text = _HANDLE.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", text)))
    # Skip the byline word itself so that "Von" or "By" never reads as a cut.
    m = _PREFIX.match(text)
    start = m.end() if m else 0
    cut = _CUT.search(text, start)
    if cut and not re.search(r"[^\W\d_]", text[start:cut.start()]):
        # The date came first ("Aktualisiert am 05.01.2025 Von Peter Meyer"): start at the byline word.
        later = _BYLINE_WORD.search(text, cut.end())
        if later is None:
            return ""
        text = text[later.start():]
        m = _PREFIX.match(text)
        start = m.end() if m else 0
        cut = _CUT.search(text, start)
    if cut:
        text = text[:cut.start()]
    return text.strip()


_CO_AUTHORS = re.compile(r"\(\s*(?:with|avec|mit|con|com|met|med)\s+([^()]+)\)", re.I)
_BYLINE_WORD = re.compile(rf"\b(?:{'|'.join(BYLINE_WORDS)})\s+(?=[A-ZÄÖÜÉ])", re.I)


def parse_byline(text: str) -> tuple[list[str], str | None]:
    """People and agency from one byline line: "By Jane Doe and John Smith, Reuters"."""
    if not text:
        return [], None
    text = cut_byline(text)
    text = _LABEL.sub("", text)
    # "Jane Doe (with John Roe and Ann Poe)": the people in the parentheses wrote it too.
    text = _CO_AUTHORS.sub(r", \1", text)
    prev = None
    while prev != text:
        prev, text = text, _PREFIX.sub("", text, count=1)
    # Protect parentheses from the comma split: "Jane Doe (dpa, AFP)".
    parts: list[str] = []
    depth, buf = 0, []
    for ch in text:
        depth += ch in "([" and 1 or 0
        depth -= ch in ")]" and 1 or 0
        buf.append(ch if depth == 0 or ch not in ",;/" else "\x00")
    protected = "".join(buf)
    for piece in _SPLIT.split(protected):
        piece = piece.replace("\x00", ",").strip()
        if piece:
            parts.append(piece)
    return split_people_and_agency(parts)


__all__ = ["clean_name", "cut_byline", "is_agency", "is_person", "parse_byline", "split_people_and_agency"]
