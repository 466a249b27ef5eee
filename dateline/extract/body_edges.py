"""What sits at the two ends of a story but is not the story.

At the top: the lines of the article's head that the story's container also holds, the date and
time stamp and the reading time ("15.04.2026 - 15:48 Uhr Lesedauer: 2 Min.", "5 min read").
At the bottom: the site speaking about itself rather than the story: a call to send the newsroom
a tip, the rules for comments, the line on the editors' standards, a pointer to "all our
coverage", and the broadcast or date stamp under it. Once such a block ends the story, the
short blocks after it are the same footer. Last, a list of other stories to read next.
"""

from __future__ import annotations

import re

from .body_blocks import Block
from .datetext import find_date_spans

# "Lesedauer: 2 Min.", "5 min read", "Temps de lecture : 3 min", "Tiempo de lectura: 4 minutos".
_READING_TIME = re.compile(
    r"(lesedauer|lesezeit|reading time|read time|temps de lecture|tiempo de lectura|tempo di lettura|"
    r"tempo de leitura|leestijd|lesetid|läsetid|læsetid|czas czytania|doba čtení|время чтения|okuma süresi)"
    r"\s*:?\s*(ca\.?\s*)?\d+(\s*(min|mins|minutes?|minuten|minutos|minuti|minuter|minutter)\b\.?)?|\b\d+\s*(-\s*)?(min|mins|minutes?|minuten|minutos|minuti|minuter|minutter)\.?\s*"
    r"(read|lesen|de lecture|de lectura|di lettura|de leitura|läsning|lesing|czytania)\b|\d+\s*分で読め", re.I)
_TIME = re.compile(r"\b[0-2]?\d[:.h][0-5]\d\b")
_FULL_STOP = re.compile(r"[.!?。！？…]\W*$")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[.!?。！？…\"'”»)]\s*$")

# The site talking to its readers about itself. Each pattern needs the site's own voice
# ("us", "our", "uns", "nous") or a fixed phrase of the kind, so a story that quotes an
# e-mail address or mentions comments does not match.
_SITE_VOICE = re.compile(
    r"\b(got|have) a (news )?(story|tip)\b|\b(get in touch|contact|email|e-mail|write to|send|tip) (with )?(us|our (news|newsroom|team|desk))\b"
    r"|\bschreiben sie uns\b|\bkontaktieren sie uns\b|\bcontactez-nous\b|\bescr[ií]benos\b|\bcont[aá]ctanos\b"
    r"|\bscrivici\b|\b(submit|send) your (videos|pictures|photos|stories|tips)\b"
    r"|\bour (editorial )?standards\b|\bethics policy\b|\bredaktionellen? (richtlinien|grundsätze)\b"
    r"|\b(comments?|kommentare?|commentaires?|comentarios?|commenti) (policy|rules|guidelines|richtlinien|regeln)\b"
    r"|\bnetiquette\b|\b(ihre|your) (kommentare|comments) (themenbezogen|on[- ]topic|respectful)\b"
    r"|\bverantwortung für den inhalt\b.*\bverfasser|\bwe reserve the right to (remove|delete|edit)\b.*\bcomments?\b"
    r"|\b(comments|kommentare)\b.{0,20}\b(are|sind) (derzeit |currently )?(closed|geschlossen)\b"
    r"|\b(unserer?|our) (datenschutzerklärung|datenschutzhinweise|privacy policy|privacy notice|terms of (use|service))\b"
    r"|\b(support us|unterstützen sie uns|soutenez-nous|apóyanos|sostienici)\b"
    r"|\bfor more (stories|news|articles) like this\b|\b(hier finden sie|find|see|read) all(e)? (unsere?|our) "
    r"(inhalte|artikel|beiträge|coverage|stories|articles)\b", re.I | re.S)
# The site does not quote itself: "… contact us," the police said, is the story.
# (Words in quotation marks, not a quote mark alone: page builders leave shortcodes like type=”big”.)
_QUOTE = re.compile(r"[\"“”„«»「]\w[^\"“”„«»「」]*\s\w+\s[^\"“”„«»「」]*[\"”“»«」]")
_LONGEST_FOOTER = 1000  # site boilerplate is short (comment rules the longest); a longer block is prose
_AFTER_FOOTER = 300     # what follows a footer block at the story's end is footer too, if this short
_TAIL = 6               # footers are among the last blocks only
_LABEL = 40             # a form label or a box title, not a line of the story
_READING_ITEMS = 3      # items of a list of further reading at the story's end
_READING_ITEM = 150     # characters of one such item: a headline, not a point of the story
_READING_LINKS = 0.3    # its share of link text


def trim_edges(blocks: list[Block]) -> list[Block]:
    return _drop_trailing_reading_list(_drop_trailing_footer(_drop_leading_stamps(blocks)))


def _drop_trailing_reading_list(blocks: list[Block]) -> list[Block]:
    """A list that ends the story, each of its items a short line with a link in it, is the site's
    further reading ("More Great WIRED Stories"), and the short label over it goes with it."""
    start = len(blocks)
    while start > 0 and _reading_item(blocks[start - 1]):
        start -= 1
    if len(blocks) - start < _READING_ITEMS or start == 0:
        return blocks
    if start > 1 and _is_label(blocks[start - 1]):
        start -= 1
    return blocks[:start]


def _is_label(b: Block) -> bool:
    """A form label or a box title over what the story's end drops, not a line of the story."""
    return len(b.text) < _LABEL and not _FULL_STOP.search(b.text)


def _reading_item(b: Block) -> bool:
    # (a printed address is a source the writer cites, which readers see: "https://nodejs.org/api/")
    return (b.kind == "list" and len(b.text) <= _READING_ITEM and b.link_chars >= _READING_LINKS * len(b.text)
            and not b.text.startswith(("http://", "https://", "www.")))


def is_stamp_line(text: str) -> bool:
    """A date/time or reading-time line: "Aktualisiert am 07.01.2026 - 18:50 Uhr", "Lesedauer: 4 Min.",
    "Radio 4 News, 15.4.2024, 10:05 Uhr". Few words beside the stamp, and no sentence."""
    if len(text) > 120:
        return False
    rest = text
    reading = _READING_TIME.search(rest)
    if reading:
        rest = rest[:reading.start()] + " " + rest[reading.end():]
    spans = find_date_spans(rest)
    for s in reversed(spans):
        rest = rest[:s.start] + " " + rest[s.end:]
    if not reading and not (spans and (spans[0].has_time or _TIME.search(rest))):
        return False  # a date alone may open a sentence; a stamp has a time or a reading time
    rest = _TIME.sub(" ", rest)
    return len(_LETTER_WORD.findall(rest)) <= 6 and not _SENTENCE_END.search(rest.strip(" ;,|·-–—"))


def _drop_leading_stamps(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    in_head = True
    for b in blocks:
        if in_head and b.kind != "heading" and is_stamp_line(b.text):
            continue
        if b.kind != "heading" and len(b.text) >= 120:
            in_head = False  # the story has begun
        out.append(b)
    return out


def _drop_trailing_footer(blocks: list[Block]) -> list[Block]:
    start = max(0, len(blocks) - _TAIL)
    for i in range(start, len(blocks)):
        b = blocks[i]
        if len(b.text) <= _LONGEST_FOOTER and _SITE_VOICE.search(b.text) and not _QUOTE.search(b.text) \
                and all(len(after.text) <= _AFTER_FOOTER for after in blocks[i + 1:]):
            # The footer box's own labels above it ("Sign up", "First name (optional)").
            while i > 0 and _is_label(blocks[i - 1]):
                i -= 1
            blocks = blocks[:i]
            break
    if len(blocks) > 1 and (is_stamp_line(blocks[-1].text) or _is_source_credit(blocks[-1].text)):
        return blocks[:-1]  # the programme and date the story was broadcast, or its sources, under it
    return blocks


# "Valley Herald / Agencia Sur", "dpa/AFP": who the story came from, names joined by slashes.
_CREDIT_PART = re.compile(r"^[^\W\d_][\w.&'’-]*(\s+[^\W\d_][\w.&'’-]*){0,3}$")


def _is_source_credit(text: str) -> bool:
    parts = [p.strip() for p in text.strip().split("/")]
    return 2 <= len(parts) <= 4 and len(text) <= 80 and all(_CREDIT_PART.match(p) for p in parts)
