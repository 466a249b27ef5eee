"""HTML text to an lxml tree, robust against what real pages and hostile inputs contain."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Beyond this, a page is not an article a person wrote; scripts and styles are cut
# first, and what remains is truncated so that memory stays bounded.
MAX_HTML_CHARS = 12_000_000

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BULKY = re.compile(r"<(script|style|svg|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)


class NotHTML(ValueError):
    pass


def shrink(html: str) -> tuple[str, bool]:
    """Bound the size of what gets parsed; say whether anything was cut."""
    if len(html) <= MAX_HTML_CHARS:
        return html, False
    html = _BULKY.sub("", html)
    if len(html) <= MAX_HTML_CHARS:
        return html, True
    return html[:MAX_HTML_CHARS], True


def parse_html(html: str) -> lxml.html.HtmlElement:
    html = _XML_DECLARATION.sub("", html, count=1).replace("\x00", "")
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise NotHTML(f"HTML could not be parsed ({exc})") from None
    if tree is None:
        raise NotHTML("HTML could not be parsed (empty document)")
    return tree
