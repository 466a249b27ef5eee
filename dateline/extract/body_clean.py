"""Blocks inside the story's container that are still not the story: link lists, share prompts,
ad labels, credits, copyright lines, repeated bylines and titles, repeated standfirsts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from lxml.html import HtmlElement

from .authors import BYLINE_WORDS
from .body_blocks import HEADING_TAGS, Block
from .body_edges import trim_edges
from .body_embeds import drop_embed_placeholders
from .body_next_story import drop_next_stories

# Whole-block labels of furniture, in the languages news is written in.
_FURNITURE = re.compile(
    r"^\W*(advertisement|advertising|advert|anzeige|werbung|publicidad|publicité|pubblicità|publicidade|reklama|реклама|"
    r"sponsored( content)?|paid content|ad|ads|story continues below( advertisement)?|article continues below"
    r"( advertisement)?|continue reading( below)?|read more|read also|see also|related( articles| stories| content)?|"
    r"more stories|recent stories|most read|most popular|trending( now)?|you may also like|recommended( for you)?|"
    r"share( this( article| story)?)?|share on \w+|tweet|email|print|comments?|\d+ comments?|leave a comment|"
    r"sign up|subscribe( now)?|newsletter|follow us( on \w+)?|click here|tap here|listen( to this article)?|"
    r"weiterlesen|mehr zum thema|lesen sie auch|auch interessant|teilen|kommentare|leia (também|mais)|"
    r"lea también|leer más|lire aussi|à lire aussi|leggi anche|читайте также|подробнее|"
    r"关注|相关阅读|閱讀更多|관련기사|関連記事)\W*$",
    re.I,
)
# A server's error message printed into the page: "Deprecated: Assigning the return value of new by reference
# is deprecated in /www/htdocs/wp-includes/cache.php on line 36" (PHP's shape, from any language's page).
_SERVER_ERROR = re.compile(r"^(?:PHP )?(?:Strict Standards|Deprecated|Warning|Notice|Fatal error|Parse error)\s*:"
                           r".{0,500}\sin\s\S+\son line \d+\W*$", re.S)
# "Image 2 of 5": the counter of a slideshow.
_COUNTER = re.compile(r"^\W*(image|photo|picture|slide|foto|bild|imagen|immagine|фото)\s*\d+\s*(of|/|von|de|di|из)\s*\d+\W*$",
                      re.I)
# A pointer to another story: "Related: …", "READ MORE: …", "Lesen Sie auch: …".
_POINTER = re.compile(
    r"^\W*(related|read more|read also|also read|see also|see more|read next|more|watch|listen|lesen sie auch|mehr zum thema|auch interessant|"
    r"leia também|lea también|lire aussi|leggi anche|читайте также)\s*:", re.I)
# Where the post is filed: "Filed under: …", "Tags: …", "Abgelegt unter …".
_FILED = re.compile(r"^\W*((filed under|posted in|abgelegt unter)\b|(tags?|topics|tagged|themen|schlagwörter|schlagworte|"
                    r"etiquetas|étiquettes|теги)\s*:)", re.I)
# A call to sign up, in the story's own column.
_SIGNUP_VERB = re.compile(r"sign(ing)? up|subscrib(e|ing)\b|subscription|abonnier|anmeld(en|ung)\b|suscr[ií]b|inscreva|iscriviti|inscrivez|подпиш", re.I)
_SIGNUP_OBJECT = re.compile(r"newsletter|inbox|e-?mail|postfach|boletín|рассылк", re.I)
# How to reach the author, printed under the story.
_CONTACT = re.compile(
    r"\b(can|may) be (reached|contacted) at\b|^\W*have a (news )?tip\?"
    r"|^\W*follow (her|him|them|me|us) on (twitter|x|facebook|instagram|bluesky|threads)\b"
    r"|\bfollow (her|him|them|me|us) on (twitter|x|instagram|bluesky|threads) @\w", re.I)
_COPYRIGHT = re.compile(r"^\s*(©|\(c\)\s|copyright\b|all rights reserved)", re.I)
_CREDIT = re.compile(
    r"^\W*(photo|photograph|image|picture|credit|source|foto|bild|imagen|crédito|фото|illustration|video|graphic)"
    r"s?\s*(:|by\b|credit\b|courtesy\b)", re.I)
_BYLINE = re.compile(rf"^\W*(?:{'|'.join(BYLINE_WORDS + ('от', 'автор'))})\s+[^\W\d_]", re.I)
# A web address the writer printed as the link's text (a source, a reference), or an e-mail address
# (how to reach the author): a menu or a list of headlines links words, not addresses.
_PRINTED_URL = re.compile(r"^\W*(https?://|www\.)[^\s/]+\.[^\s]*\W*$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_SENTENCE_END = re.compile(r"[.!?。！？…\"'”»)]\s*$")
_TRAILING_PARENS = re.compile(r"\s*\([^()]{1,40}\)$")  # "(dpa)", "(Reuters)" after a byline


# Longer than this, a "heading" is a standfirst or a lede set in a heading tag.
_LONGEST_HEADING = 150
_NON_WORD = re.compile(r"[\W_]+")
_FULL_STOP = re.compile(r"[.!?。！？]\W*$")
_SENTENCE = 40  # a heading this long that ends in a full stop is a sentence, not a label
_STORY_BEGUN = 120
_PARAGRAPH = 80  # a repeated line shorter than this is a widget's label, not the story's text


def text_key(text: str) -> str:
    """Text reduced to its letters and digits, for "is this the same text" tests."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub("", text.casefold())


# A summary cut off mid-text: "... where two ...", "... and the …", "... [...]".
_CUT_OFF = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


def clean_blocks(blocks: list[Block], title: str | None, authors: tuple[str, ...] | list[str]) -> list[Block]:
    title_key = text_key(title) if title else ""
    blocks = drop_next_stories(blocks, title_key, text_key)
    author_keys = [k for k in (text_key(a) for a in authors or ()) if len(k) >= 4]
    kept: list[Block] = []
    last_key = ""
    last: Block | None = None
    begun = False  # a paragraph of the story is kept: an h1 below it heads a section, not the page
    teasers = _teasers(blocks)
    for i, b in enumerate(blocks):
        if i in teasers:
            continue
        text = b.text
        n = len(text)
        if b.link_chars > _link_limit(b) * n and not _PRINTED_URL.match(text) \
                and b.link_chars - _email_chars(text) > _link_limit(b) * n and not _anchors_itself(b):
            continue
        if n < 60 and _FURNITURE.match(text):
            continue
        if n < 200 and _COPYRIGHT.match(text):
            continue
        if n < 150 and (_CREDIT.match(text) or _POINTER.match(text) or _FILED.match(text)):
            continue
        if n < 40 and _COUNTER.match(text):
            continue
        if n < 600 and _SERVER_ERROR.match(text):
            continue
        if n < 300 and ((_SIGNUP_VERB.search(text) and _SIGNUP_OBJECT.search(text)) or _CONTACT.search(text)):
            continue
        key = text_key(text)
        if not key:
            continue
        if title_key and (key == title_key or (b.kind == "heading" and b.tag == "h1" and not begun)):
            # Above the headline: kickers, section labels, breadcrumbs.
            if len(kept) <= 3:
                kept = [k for k in kept if len(k.text) >= 50 or _SENTENCE_END.search(k.text)]
            continue
        if b.kind == "heading" and n > _LONGEST_HEADING:
            b = replace(b, kind="paragraph")  # a standfirst set as a heading
        if n < 120 and author_keys and _is_byline(text, key, author_keys):
            continue
        if is_byline_line(text):
            continue
        if key == last_key and last is not None and not _story_repeats(last, b):
            continue  # the same text twice in a row (mobile and desktop copies)
        last_key, last = key, b
        kept.append(b)
        begun = begun or (b.kind == "paragraph" and n >= _STORY_BEGUN)
    kept = _drop_repeated_standfirst(drop_embed_placeholders(kept))
    return _drop_orphan_headings(trim_edges(kept))


def _teasers(blocks: list[Block]) -> set[int]:
    """Other stories' cards on a story: a headline that is one link, then its summary cut off with an
    ellipsis. Where such summaries are most of the text, the page is a listing of them: they stay."""
    found = {i for i in range(1, len(blocks)) if _CUT_OFF.search(blocks[i].text) and blocks[i].kind == "paragraph"
             and blocks[i - 1].kind == "heading" and blocks[i - 1].link_chars >= len(blocks[i - 1].text)}
    if 2 * sum(len(blocks[i].text) for i in found) >= sum(len(b.text) for b in blocks):
        return set()
    return found


def is_byline_line(text: str) -> bool:
    """A short line that opens with a byline word and is no sentence: "Von Max Mustermann (dpa)"."""
    return len(text) < 80 and bool(_BYLINE.match(text)) and not _SENTENCE_END.search(_TRAILING_PARENS.sub("", text))


def body_bylines(blocks: list[Block], head: int = 4, tail: int = 2) -> list[str]:
    """Byline lines ("By Jane Doe and Tom Reyes", "Von Max Muster") among the first and last blocks
    of the story: some sites print the byline only inside the body, where `clean_blocks` drops it.
    Paragraphs only, outside figures (a list item or a caption saying "By ..." is something else)."""
    edge = blocks[:head] + blocks[max(head, len(blocks) - tail):]
    return [b.text for b in edge if b.kind == "paragraph" and is_byline_line(b.text) and not _in_figure(b.owner)]


def _in_figure(el: HtmlElement) -> bool:
    for node in (el, *el.iterancestors()):
        if node.tag in ("figure", "figcaption"):
            return True
    return False


def _link_limit(b: Block) -> float:
    """Share of link text a block may have: a paragraph of prose may be one long link, a list item not."""
    n = len(b.text)
    if b.tag == "p" and n >= 30:
        return 0.9 if n < 80 else 1.0
    if b.kind == "list" and n >= 100:
        return 0.8  # a summary with its links, not a list of links
    return 0.5


def _anchors_itself(b: Block) -> bool:
    """A section heading linked to its own place in the page (a "#section" anchor) is no link away."""
    if b.kind != "heading":
        return False
    hrefs = [a.get("href") or "" for a in b.owner.iter("a")]
    return bool(hrefs) and all(h.startswith("#") for h in hrefs)


def _email_chars(text: str) -> int:
    return sum(m.end() - m.start() for m in _EMAIL.finditer(text)) if "@" in text else 0


def _is_byline(text: str, key: str, author_keys: list[str]) -> bool:
    if any(key == a for a in author_keys):
        return True
    if _BYLINE.match(text) and any(a in key for a in author_keys):
        return True
    return len(text) < 60 and not _SENTENCE_END.search(text) and any(a in key for a in author_keys)


def _story_repeats(a: Block, b: Block) -> bool:
    """The story itself says it twice: both copies are one element, or sibling paragraphs of one
    kind and class. Copies for another screen size or a second widget sit in elements of their own."""
    if a.owner is b.owner:
        return True
    return len(b.text) >= _PARAGRAPH and _same_kind(a, b) and a.owner.getparent() is b.owner.getparent()


def _same_kind(a: Block, b: Block) -> bool:
    return a.kind == b.kind and a.tag == b.tag and a.owner.get("class") == b.owner.get("class")


def _drop_repeated_standfirst(blocks: list[Block]) -> list[Block]:
    """A standfirst that the first paragraph repeats (or that repeats it) appears once. A standfirst
    is set apart from the story's paragraphs (its own class, a header, a quote box) and sits right
    above them; two paragraphs of one kind side by side, or either side of a subheading, are the
    story's own text, however much they repeat."""
    head = [i for i, b in enumerate(blocks[:6]) if b.kind != "heading"]
    drop: set[int] = set()
    keys = {i: text_key(blocks[i].text) for i in head}
    for x in head:
        for y in head:
            if x >= y or x in drop or y in drop:
                continue
            kx, ky = keys[x], keys[y]
            if len(kx) < 30 or len(ky) < 30:
                continue
            if _same_kind(blocks[x], blocks[y]) and (
                    blocks[x].owner.getparent() is blocks[y].owner.getparent()
                    or any(b.kind == "heading" for b in blocks[x + 1:y])):
                continue
            if kx in ky:
                drop.add(x)
            elif ky in kx:
                drop.add(y)
    return [b for i, b in enumerate(blocks) if i not in drop]


def _drop_orphan_headings(blocks: list[Block]) -> list[Block]:
    """A heading with no text under it is the label of something that was removed. A heading over
    a subheading of a lower rank (an h2 over an h3) opens a section of the story, and a heading that
    is a whole sentence ("1. The firm owed 300 billion dollars.") is a listicle's point, not a label."""
    out: list[Block] = []
    nxt: Block | None = None  # the next block that stays
    for b in reversed(blocks):
        if b.kind == "heading" and b.tag in HEADING_TAGS and not _is_sentence(b.text):
            opens_section = nxt is not None and nxt.kind == "heading" and nxt.tag in HEADING_TAGS and nxt.tag > b.tag
            if nxt is None or (nxt.kind == "heading" and nxt.tag in HEADING_TAGS and not opens_section):
                continue
        out.append(b)
        nxt = b
    return out[::-1]


def _is_sentence(text: str) -> bool:
    return len(text) >= _SENTENCE and bool(_FULL_STOP.search(text))
