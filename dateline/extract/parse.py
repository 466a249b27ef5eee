"""HTML text to an lxml tree, robust against what real pages and hostile inputs contain."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Beyond this, a page is not an article a person wrote: the head is kept whole (up to
# MAX_HEAD_CHARS, for the metadata), scripts and styles after it are dropped, and what remains
# is cut to this size, so that time and memory stay bounded and the story's first part is kept.
MAX_HTML_CHARS = 8_000_000
MAX_HEAD_CHARS = 2_000_000
# A <title> longer than this is one that was never closed and swallowed the page after it.
MAX_TITLE_CHARS = 2_000

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_HEAD_END = re.compile(r"</head\s*>|<body\b", re.I)
_BULKY_OPEN = re.compile(r"<(script|style|svg|noscript)\b", re.I)
_BULKY_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("script", "style", "svg", "noscript")}
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
# Every element an HtmlElement, chosen in C: lxml.html's own lookup calls Python for each element
# a walk touches (to give forms and inputs classes of their own, which extraction never uses);
# that was 7 % of an extraction on AEB (bench/RESULTS.md).
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


class NotHTML(ValueError):
    pass


def shrink(html: str) -> tuple[str, str | None]:
    """Bound the size of what gets parsed; say what was cut (None: nothing)."""
    size = len(html)
    if size <= MAX_HTML_CHARS:
        return html, None
    m = _HEAD_END.search(html, 0, MAX_HEAD_CHARS)
    split = m.start() if m else 0
    rest, unclosed = _drop_bulky(html, split, MAX_HTML_CHARS - split)
    out = html[:split] + rest
    note = f"the page was {size / 1e6:.1f} MB; "
    if unclosed:
        note += f"it was read without scripts and styles up to a <{unclosed}> that never closes ({len(out):,} characters)"
    elif len(out) < MAX_HTML_CHARS:
        note += "it was read without its scripts and styles"
    else:
        note += f"the first {MAX_HTML_CHARS // 1_000_000} MB were read, without scripts and styles"
    return out, note


def _drop_bulky(html: str, pos: int, budget: int) -> tuple[str, str | None]:
    """html[pos:] without script, style, svg and noscript elements, cut at `budget` characters,
    and the tag of an element that never closed, if one ended the reading.

    One pass: each opening tag's end is searched once from where it opens, and an element that
    never closes ends the page (as the parser would read it), so the cost is linear.
    """
    parts: list[str] = []
    kept = 0
    while kept < budget:
        m = _BULKY_OPEN.search(html, pos)
        stop = m.start() if m else len(html)
        piece = html[pos:min(stop, pos + budget - kept)]
        parts.append(piece)
        kept += len(piece)
        if m is None:
            break
        close = _BULKY_CLOSE[m.group(1).lower()].search(html, m.end())
        if close is None:
            return "".join(parts), m.group(1).lower()
        pos = close.end()
    return "".join(parts), None


def parse_html(html: str) -> lxml.html.HtmlElement:
    html = _XML_DECLARATION.sub("", html, count=1).replace("\x00", "")
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise NotHTML(f"HTML could not be parsed ({exc})") from None
    if tree is None:
        raise NotHTML("HTML could not be parsed (empty document)")
    for title in tree.iter("title"):
        # Unclosed, it holds the rest of the page as text: every title rule would read all of it.
        if title.text and len(title.text) > MAX_TITLE_CHARS:
            title.text = title.text[:MAX_TITLE_CHARS]
    return tree
