"""Articles from plain-text page dumps: the text of a page as scraped or copied.

A dump has no markup, so every field is read off the shape of its lines:

- the body is the heaviest group of sentence-like paragraphs. A lone short line between two
  of them is a subheading; up to three lines of furniture (captions, credits, "Advertisement",
  "Also read: …") may split the story and are dropped; a list header ("Recent Stories",
  "Most read", "Lesen Sie auch") or a longer run of short lines ends it. Groups that alternate
  headline and teaser, cut-off teasers and the site's legal text weigh little;
- the headline is the earliest short line above the body that shares most of its words with
  the story's opening, else the short line nearest above the byline;
- the byline and the date are lines of a recognisable shape above the body ("By …",
  "Name (@handle) Published February 26, 2025 | 10:29 PM"); no UTC offset is invented;
- a standfirst that repeats the first paragraph is printed once; a distinct one becomes the
  subtitle.

Lone separators ("-", "•"), relative times ("7 minutes ago") and headlines with a time stamp
are page furniture and never reach the body. Hard-wrapped text (fixed width, blank lines
between paragraphs) is joined back into paragraphs first. The dateline, lede, body and
language come from `html.finish`, shared with the HTML path.
"""

from __future__ import annotations

import re

from ..model import Article, Paragraph
from .authors import BYLINE_WORDS, parse_byline
from .datelines import split_dateline
from .datetext import PUBLISHED_LABEL, RELATIVE_TIME, UPDATED_LABEL, order_from, parse_date_text
from .html import finish
from .pagekind import count_words, judge

MIN_STORY_WORDS = 50
TAIL_CHARS = 48
PROSE_LETTER_SHARE = 0.6  # of the non-space characters; news prose runs at 0.8 to 0.9
MAX_HEADLINE_WORDS = 30
HEADLINE_WINDOW = 40  # lines above the story searched for its headline
MAX_GAP_LINES = 3  # captions, credits and ad labels between two parts of one story

_SEPARATOR = re.compile(r"^[\W_]{1,6}$")
# A relative time, alone or glued to the end of a headline in a list ("…partnership7 minutes ago").
_REL_TIME = re.compile(rf"{RELATIVE_TIME}\s*$", re.I)
# Headers of the lists of other stories that pages put around and after an article.
_LIST_HEADER_PHRASE = re.compile(
    r"^(?:recent|latest|more|other|top|related|popular|trending|featured|similar)\s+"
    r"(?:stories|news|articles|posts|headlines|reads|videos|coverage|content|links|topics)\b"
    r"|^more\s+(?:from|on|in|about)\b|^most\s+(?:read|popular|viewed|shared|commented|recent)\b"
    r"|^(?:also|must)\s+read\b|^read\s+(?:also|more|next|this next)\b|^see\s+also\b|^you\s+(?:may|might)\s+(?:also\s+)?like\b"
    r"|^recommended\b|^editor'?s\s+picks?\b|^don'?t\s+miss\b|^what\s+to\s+read\s+next\b|^in\s+other\s+news\b"
    r"|^(?:from|around)\s+the\s+web\b|^sponsored\b|^share\s+this\b|^leave\s+a\s+(?:comment|reply)\b"
    r"|^sign\s+up\s+for\b|^subscribe\s+to\s+(?:our|the)\b"
    r"|^meist(?:\s|ge)gelesen|^mehr\s+zum\s+thema\b|^mehr\s+aus\b|^auch\s+interessant\b|^lesen\s+sie\s+auch\b"
    r"|^das\s+könnte\s+sie\s+(?:auch\s+)?interessieren\b|^weitere\s+(?:artikel|nachrichten|meldungen)\b"
    r"|^verwandte\s+artikel\b|^(?:à\s+)?lire\s+aussi\b|^les\s+plus\s+lus\b|^sur\s+le\s+même\s+sujet\b"
    r"|^dans\s+la\s+même\s+rubrique\b|^(?:lo\s+)?más\s+leíd[oa]s?\b|^te\s+puede\s+interesar\b"
    r"|^noticias\s+relacionadas\b|^leer\s+más\b|^leggi\s+anche\b|^i\s+più\s+letti\b|^potrebbe\s+interessarti\b"
    r"|^leia\s+também\b|^(?:as\s+)?mais\s+lidas\b|^veja\s+também\b",
    re.I,
)
# One-word headers count only when they stand alone on their line.
_LIST_HEADER_WORD = re.compile(
    r"^(?:related|trending|popular|latest|recommended|comments?|tags?|topics|newsletter|advertisement|"
    r"anzeige|werbung|kommentare|themen|publicité|commentaires|publicidad|comentarios|pubblicità|commenti)"
    r"\s*(?:\(\d+\))?:?$",
    re.I,
)
# Headers after which the story goes on ("Also read: …" boxes inside an article).
_INLINE_HEADER = re.compile(
    r"^(?:also\s+read|read\s+(?:also|more)|see\s+also|related|lesen\s+sie\s+auch|mehr\s+zum\s+thema|"
    r"(?:à\s+)?lire\s+aussi|leer\s+más|leggi\s+anche|leia\s+também|veja\s+também)\b",
    re.I,
)
# A date or time stamp closing a line.
_STAMP_END = re.compile(
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d\d-\d\d|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2}\.? [A-Za-zä]{3,9}\.? \d{4})"
    r"(?:,?\s+(?:at\s+|um\s+)?\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:Uhr|[A-Z]{2,4}))?)?$"
    r"|\b\d{1,2}:\d\d\s*[AaPp]\.?[Mm]\.?(?:\s*[A-Z]{2,4})?$"
)
# What a site says about itself: consent, sign-up and legal text.
_SITE_TEXT = re.compile(
    r"\b(?:cookies?|privacy policy|terms of (?:service|use)|all rights reserved|newsletter|subscribe|"
    r"sign up|log in|register|your (?:email|inbox)|javascript|browser|datenschutz|nutzungsbedingungen|"
    r"alle rechte vorbehalten|abonnieren)\b",
    re.I,
)
_CREDIT = re.compile(
    r"\b(?:photo|photograph|image|picture|foto|bild|credit|getty|reuters|afp|ap|dpa|epa|shutterstock|"
    r"copyright|file|video|watch|advertisement|anzeige)\b|©|\s/\s",
    re.I,
)
_SITE_SUFFIX = re.compile(r"\s+[-|–—:·]\s+[^-|–—:·]{2,60}$")
_LABEL_COLON = re.compile(r"^[^:]{2,30}:\s*\S")
# A navigation bar copied as one line: "Home | World | Business | Sport".
_NAV_PARTS = re.compile(r"\s+[|•·»>/]\s+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_BYLINE_START = re.compile(
    rf"^(?:(?:written|reported|words|story)\s+by|{'|'.join(BYLINE_WORDS)}|text|texto|author|autor(?:in)?)\b\s*[:：]?\s*\S",
    re.I,
)
_HANDLE = re.compile(r"\(\s*@\w+\s*\)|(?<!\w)@\w{2,}")
_WORD = re.compile(r"\w+")
_NORM = re.compile(r"[\W_]+")


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def _is_prose(line: str) -> bool:
    """Mostly letters, as sentences are; data (JSON, CSV, code) is mostly digits and punctuation."""
    sample = line[:600]
    letters = sum(ch.isalpha() for ch in sample)
    return letters >= PROSE_LETTER_SHARE * (len(sample) - sample.count(" "))


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line[-8:]))


def _kind(line: str) -> str:
    """sep | time | header | item | body | short."""
    if _SEPARATOR.match(line):
        return "sep"
    words = _words(line)
    tail = line[-TAIL_CHARS:]  # the end-anchored patterns only need the end of the line
    if _REL_TIME.search(tail):
        if _REL_TIME.match(line) or words <= 30:
            return "time" if _REL_TIME.match(line) else "item"
    if words <= 30 and _STAMP_END.search(tail) and not _ends_sentence(line):
        return "item"  # a headline in a list with its time stamp: "… By REUTERS 11/20/2019 10:08 AM"
    if words <= 7 and (_LIST_HEADER_PHRASE.match(line) or _LIST_HEADER_WORD.match(line)):
        return "header"
    if words <= 30 and _INLINE_HEADER.match(line) and _LABEL_COLON.match(line):
        return "header"  # "Also read: <headline>" boxes inside a story
    ends = _ends_sentence(line)
    # Headlines run to twenty words without a full stop; paragraphs end with one or run longer.
    if (words >= 20 or (ends and words >= 5)) and _is_prose(line):
        return "body"
    return "short"


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


def _runs(kinds: list[str]) -> list[tuple[int, int]]:
    """Runs of body lines as [start, end) line ranges; one short line or separator may sit inside."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(kinds)
    while i < n:
        if kinds[i] != "body":
            i += 1
            continue
        start, j = i, i + 1
        while j < n:
            if kinds[j] == "body":
                j += 1
            elif kinds[j] in ("short", "sep", "item", "time") and j + 1 < n and kinds[j + 1] == "body":
                j += 2  # a subheading, section break or embed's time stamp between paragraphs
            else:
                break
        runs.append((start, j))
        i = j
    return runs


def _run_chars(lines: list[str], kinds: list[str], run: tuple[int, int]) -> float:
    """The weight of a run: its text, with whole sentences counting double over unpunctuated
    lines (a list of long headlines has no full stops)."""
    weight, paragraphs, between = 0.0, 0, 0
    for k in range(*run):
        if kinds[k] != "body":
            between += kinds[k] == "short"
            continue
        paragraphs += 1
        line = lines[k]
        if line.endswith(("...", "…")) or _SITE_TEXT.search(line):
            weight += 0.2 * len(line)  # a cut-off teaser, or the site's legal and sign-up text
        else:
            weight += len(line) * (1.0 if _ends_sentence(line) else 0.5)
    # Headline, teaser, headline, teaser: a list of stories, not one story with subheadings.
    if between >= 3 and between >= 0.5 * paragraphs:
        weight *= 0.3
    return weight


def _sentence_share(lines: list[str], kinds: list[str], run: tuple[int, int]) -> float:
    body = [lines[k] for k in range(*run) if kinds[k] == "body"]
    return sum(bool(_ends_sentence(line)) for line in body) / len(body) if body else 0.0


def _joinable_gap(lines: list[str], kinds: list[str], gap: range) -> bool:
    """Captions, credits, "Advertisement" and "Also read" lines that split a story, not a list."""
    if len(gap) > MAX_GAP_LINES:
        return False
    for k in gap:
        if kinds[k] == "header" and not _INLINE_HEADER.match(lines[k]):
            return False
    return True


def _choose_body(lines: list[str], kinds: list[str]) -> tuple[int, int, set[int]] | None:
    """The story: the heaviest group of runs that only furniture (captions, ad labels, "Also
    read" lines) splits apart.

    Returns [start, end) and the lines inside that are furniture rather than story."""
    runs = _runs(kinds)
    if not runs:
        return None
    weights = [_run_chars(lines, kinds, r) for r in runs]
    groups: list[tuple[int, int, float, set[int], int, int]] = []  # start, end, weight, furniture, gaps, paras
    for run, weight in zip(runs, weights, strict=True):
        paras = sum(kinds[k] == "body" for k in range(*run))
        if groups:
            start, end, total, furniture, gaps, count = groups[-1]
            gap = range(end, run[0])
            if _joinable_gap(lines, kinds, gap) and _sentence_share(lines, kinds, run) >= 0.5:
                # A short line right above the next part is its subheading unless it reads as
                # a photo credit; the rest of the gap is furniture.
                last = gap[-1] if len(gap) else None
                keep = last if (
                    last is not None and kinds[last] == "short" and _words(lines[last]) <= 12
                    and not _CREDIT.search(lines[last])
                ) else None
                furniture = furniture | {k for k in gap if k != keep}
                groups[-1] = (start, run[1], total + weight, furniture, gaps + 1, count + paras)
                continue
        groups.append((run[0], run[1], weight, set(), 0, paras))

    def score(group: tuple[int, int, float, set[int], int, int]) -> float:
        _, _, weight, _, gaps, paras = group
        # Part, break, part, break: a list of teasers rather than one story.
        return weight * 0.3 if gaps >= 3 and gaps >= 0.5 * paras else weight

    start, end, _, furniture, _, _ = max(groups, key=score)
    return start, end, furniture


def _is_nav(line: str) -> bool:
    parts = _NAV_PARTS.split(line)
    return len(parts) >= 3 and all(_words(p) <= 3 for p in parts)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 4}


def _headline(
    lines: list[str], kinds: list[str], skip: set[int], stop: int, story: str
) -> tuple[int, str] | None:
    """The headline and the evidence for it.

    First choice: the earliest short line above the story that shares most of its words with
    the story's opening (site names, menus and other stories' headlines share few). Otherwise
    the short line nearest above the byline block: site names and section labels come first
    on a page, the headline right above the byline. When two candidates stand there and the
    second is much longer, the second is the standfirst.
    """
    def candidates(start: int, end: int) -> list[int]:
        return [
            k for k in range(start, end)
            if k not in skip and kinds[k] == "short" and not _ends_sentence(lines[k].rstrip("?!"))
            and _words(lines[k]) <= MAX_HEADLINE_WORDS and not _is_nav(lines[k]) and not _CREDIT.search(lines[k])
            and not _SITE_TEXT.search(lines[k])
        ]

    opening = _content_words(story)
    if opening:
        for k in candidates(max(0, stop - HEADLINE_WINDOW), stop):
            words = _content_words(lines[k])
            if len(words) >= 2 and _words(lines[k]) >= 3 and len(words & opening) >= 0.5 * len(words):
                # A page title ("Headline - Site") above the headline itself: take the headline.
                bare = _SITE_SUFFIX.sub("", lines[k])
                if bare != lines[k]:
                    for j in range(k + 1, stop):
                        if lines[j] == bare:
                            return j, "short line above the story sharing its words"
                return k, "short line above the story sharing its words"

    found = candidates(0, min(skip)) if skip else []
    found = found or candidates(0, stop)  # the byline stands first: look down to the body
    named = [k for k in found if _words(lines[k]) >= 3]
    evidence = "short line without sentence punctuation above the byline" if skip else "first short line without sentence punctuation"
    if not named:
        return (found[-1], evidence) if found else None
    last = named[-1]
    if (
        len(named) >= 2 and named[-2] == last - 1
        and _words(lines[last]) >= 12 and _words(lines[last]) >= 1.5 * _words(lines[named[-2]])
    ):
        return named[-2], evidence
    return last, evidence


def _byline(line: str) -> tuple[list[str], str | None, str] | None:
    """(people, agency, evidence) when `line` has the shape of a byline."""
    if _words(line) > 25:
        return None
    if _BYLINE_START.match(line):
        evidence = "byline pattern"
    elif _HANDLE.search(line):
        evidence = "byline pattern (name with a social handle)"
    elif PUBLISHED_LABEL.search(line) or UPDATED_LABEL.search(line):
        evidence = "byline pattern (name before the date line)"
    else:
        return None
    people, agency = parse_byline(line)
    if not people and not agency:
        return None
    return people, agency, evidence


def _dates(line: str, mdy: bool) -> tuple[str | None, str | None]:
    """(published, modified) stated in one line: "Published … | Updated …", in either order."""
    labels = sorted(
        [(m.start(), "published") for m in PUBLISHED_LABEL.finditer(line)]
        + [(m.start(), "modified") for m in UPDATED_LABEL.finditer(line)]
    )
    # Text before the first label reads as the publication date ("March 5, 2025 | Updated …").
    segments = [(0, labels[0][0] if labels else len(line), "published")]
    for i, (start, which) in enumerate(labels):
        segments.append((start, labels[i + 1][0] if i + 1 < len(labels) else len(line), which))
    found: dict[str, str] = {}
    for start, end, which in segments:
        if which in found or end <= start:
            continue
        parsed = parse_date_text(line[start:end], mdy=mdy)
        if parsed:
            found[which] = parsed[0]
    return found.get("published"), found.get("modified")


def _drop_repeated_standfirst(paragraphs: list[Paragraph], art: Article) -> None:
    """A standfirst printed above a first paragraph that repeats it, or a summary above a dateline."""
    texts = [i for i, p in enumerate(paragraphs) if p.kind != "heading"]
    if len(texts) < 2:
        return
    first, second = paragraphs[texts[0]].text, paragraphs[texts[1]].text
    dl = split_dateline(second)
    rest = second[len(dl.text):] if dl and dl.text and second.startswith(dl.text) else second
    a, b = _norm(first), _norm(rest)
    if a and (b.startswith(a) or (len(a) > 60 and a in b)):
        del paragraphs[texts[0]]
        art.evidence["standfirst"] = "repeats the first paragraph: printed once"
    elif dl is not None and not _ends_sentence(first) and split_dateline(first) is None:
        art.subtitle = first
        art.evidence["subtitle"] = "standfirst line above the datelined first paragraph"
        del paragraphs[texts[0]]


def _unwrap(text: str) -> list[str]:
    """Lines of the dump, with hard-wrapped paragraphs (text wrapped at a fixed width, blank lines
    between paragraphs) joined back into one line each."""
    raw = [" ".join(line.split()) for line in text.splitlines()]
    filled = [line for line in raw if line]
    if len(filled) < 6 or len(filled) == len(raw):
        return filled  # no blank lines: every line is a paragraph or a page element
    inner = [len(raw[i]) for i in range(len(raw) - 1) if raw[i] and raw[i + 1]]  # lines that continue
    width = max((len(line) for line in filled), default=0)
    wrapped = (
        len(inner) >= len(filled) // 2
        and width <= 110
        and sum(40 <= n <= width for n in inner) >= 0.8 * len(inner)
    )
    if not wrapped:
        return filled
    out: list[str] = []
    block: list[str] = []
    for line in raw + [""]:
        if line:
            block.append(line)
        elif block:
            out.append(" ".join(block))
            block = []
    return out


def extract_text(text: str, url: str | None = None) -> Article:
    lines = _unwrap(text)
    art = Article(url=url)
    if not lines:
        art.reason = "no story found in the text (it is empty)"
        return art
    kinds = [_kind(line) for line in lines]
    chosen = _choose_body(lines, kinds)
    body = chosen[:2] if chosen else None
    furniture = chosen[2] if chosen else set()
    stop = body[0] if body else len(lines)
    mdy = order_from(None, url)

    # Byline and date lines stand between the headline and the body.
    used: set[int] = set()
    for k in range(max(0, stop - HEADLINE_WINDOW), stop):
        if kinds[k] not in ("short", "body", "item") or _words(lines[k]) > 25:
            continue
        found = False
        if not art.authors and not art.agency:
            byline = _byline(lines[k])
            if byline:
                art.authors, agency, art.evidence["authors"] = byline
                if agency:
                    art.agency, art.evidence["agency"] = agency, "byline"
                found = True
        if not art.published and _words(lines[k]) <= 20:
            published, modified = _dates(lines[k], mdy)
            if published or modified:
                labelled = PUBLISHED_LABEL.search(lines[k]) or UPDATED_LABEL.search(lines[k])
                # An unlabelled line counts only when it is mostly the date itself.
                if labelled or found or _words(lines[k]) <= 8:
                    if published:
                        art.published, art.evidence["published"] = published, "date line"
                    if modified and not art.modified:
                        art.modified, art.evidence["modified"] = modified, "date line"
                    found = True
        if found:
            used.add(k)

    if not art.published and art.modified:
        # Only an update time is printed ("Stand: …"): the best reading of when the story appeared.
        art.published, art.evidence["published"] = art.modified, "date line (update time; no other date printed)"

    story = " ".join(lines[k] for k in range(*body) if kinds[k] == "body")[:1500] if body else ""
    headline = _headline(lines, kinds, used, stop, story)
    if headline is not None:
        head = headline[0]
        art.title, art.evidence["title"] = lines[head], headline[1]
        used.add(head)
        # A long unpunctuated line between headline and body is the standfirst.
        for k in range(head + 1, min(stop, head + 6)):
            if (
                k not in used and kinds[k] == "short" and _words(lines[k]) >= 8
                and not _CREDIT.search(lines[k]) and not _SITE_TEXT.search(lines[k])
            ):
                art.subtitle, art.evidence["subtitle"] = lines[k], "standfirst line below the headline"
                break

    if body is None:
        art.reason = "no story found in the text (no run of sentence-like paragraphs)"
        finish(art)
        return art
    paragraphs: list[Paragraph] = []
    for k in range(*body):
        if k in used or k in furniture or kinds[k] in ("sep", "time", "item", "header"):
            continue
        paragraphs.append(Paragraph(lines[k], "paragraph" if kinds[k] == "body" else "heading"))
    _drop_repeated_standfirst(paragraphs, art)
    if art.subtitle and paragraphs and _norm(paragraphs[0].text).startswith(_norm(art.subtitle)):
        art.subtitle = None  # the standfirst below the headline repeated the lede
        art.evidence.pop("subtitle", None)
    art.paragraphs = paragraphs
    art.evidence["body"] = f"run of sentence-like paragraphs (lines {body[0] + 1}-{body[1]} of {len(lines)})"
    finish(art)
    words = count_words(art.body)  # Chinese, Japanese and Korean are counted by characters
    if words < MIN_STORY_WORDS:
        art.is_article, art.reason = False, f"no story found in the text ({words} words of body)"
        return art
    art.is_article, art.reason = judge(None, None, art.title, [p.text for p in art.paragraphs])
    return art
