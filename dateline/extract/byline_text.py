"""A byline element's text as a reader sees it: separate lines stay apart, job titles and
timestamps are left out.

`plain_text` runs "Written by Ada Kowalczyk<br>Edited by Piet Smit" together into
"Ada KowalczykEdited", and "Jeff Foust<span>Monday</span>" into "FoustMonday". Here elements are
apart, and each line (a <br>, a block) ends with a comma, which the byline parser splits on.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# "author-title", "byline__role", "job-position": the writer's job, printed beside the name
# ("title-small" alone is a type style).
_JOB_CLASS = re.compile(r"(?:author|byline|writer)[-_]*(?:title|role|job|position)"
                        r"|(?:^|[-_\s])(?:job-?title|job|role|position)(?:$|[-_\s])", re.I)
# Elements whose text is on a line of its own.
_LINE_TAGS = frozenset({"br", "p", "div", "li", "ul", "ol", "dd", "dt", "dl", "tr", "table", "section", "header",
                        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "address", "figure", "blockquote"})
_SKIP_TAGS = frozenset({"script", "style", "time", "noscript", "template", "button", "svg"})


def byline_text(el: HtmlElement) -> str:
    parts: list[str] = []
    _collect(el, parts)
    text = " ".join("".join(parts).split())
    # Lines that held nothing leave their commas behind: ", , By , Jane" → "By, Jane".
    text = re.sub(r"(?:\s*,)+(?=\s*,)", "", text)
    return re.sub(r"\s+,", ",", text).strip(" ,")


def _collect(el: HtmlElement, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in _SKIP_TAGS and not _JOB_CLASS.search(child.get("class") or ""):
            gap = ", " if tag in _LINE_TAGS else " "
            parts.append(gap)
            _collect(child, parts)
            parts.append(gap)
        if child.tail:
            parts.append(child.tail)
