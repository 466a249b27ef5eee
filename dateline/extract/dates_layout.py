"""Date signals from the page's layout: microdata, <time> elements, bylines and dates in the text.

`scan_dom` reads them in one pass over the body and ranks each by where it stands: inside
the article or in furniture (related lists, comments, sidebars, navigation, the site's own
header), with a cue word or class before it or not, and how far from the headline.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree
from lxml.html import HtmlElement

from .dates_candidates import (
    R_ITEMPROP,
    R_RELATIVE,
    R_TEXT_ANY,
    R_TEXT_CUE,
    R_TEXT_NEAR,
    R_TIME,
    R_TIME_PUB,
    AddDate,
    Candidate,
)
from .datetext import (
    DATE_WORDS,
    MAYBE_DATE,
    PUBLISHED_WORDS,
    UPDATED_LABEL,
    UPDATED_WORDS,
    DateSpan,
    any_of,
    find_date_spans,
    relative_date,
)

# Containers whose dates belong to other articles or to readers, not to this article.
_OFF_TOPIC = re.compile(
    r"(?:^|\s)(?!(?:post|article)-footer)(?:site-|page-|global-|main-|post-|article-)?(?:related|recommend\w*|teasers?|trending|popular|most-?read|"
    r"more-?stor\w*|more-?news|sidebar|widget|comments?|commentlist|comment-list|replies|footer|breadcrumbs?|"
    r"carousel|slider|newsletter|promo|outbrain|taboola|also-?read|read-?more|next-?post|prev-?post|previous|"
    r"latest|rail|aside|feed|listing|verwandt|weitere|empfehlungen|kommentare?|article-?list|news-?list|"
    r"articlelist|newslist|post-?list|more-articles)(?:$|[\s_-])"
    # Compound names built on a component's name ("view-related", "block-related-posts"), but not
    # WordPress's taxonomy classes on the post itself ("category-recommended", "tag-read-more").
    r"|(?:^|\s)(?!tag-|category-|has-|post-\d)[\w-]*?[_-](?:related|recommend\w*|also-?read|read-?more|"
    r"more-?stor\w*|outbrain|taboola)(?:$|[\s_-])",
    re.I,
)
_OFF_TAGS = {"aside", "nav"}
# Class/id cues for elements that hold the article's date or byline.
# Matched against the lower-cased attributes, without re.I: ten times faster on every element.
_DATE_CUE = re.compile(
    r"d(?:ate|atum|ata)|time|zeit|fecha|publi|posted|byline|meta|submitted|created|info|autor|author|stamp|"
    r"tarih|entry-|article-header|subline|credit"
)
# Whole class words of an <aside> that holds the article's own date or byline (not "updates", "timeline").
_OWN_ASIDE = re.compile(
    r"(?:^|[\s_-])(?:meta|byline|dateline|date|datum|timestamp|pubdate|published|posted-on|author|autor|"
    r"(?:post|entry|article|publish)-?(?:info|meta))"
    r"(?:$|[\s_-])", re.I)
_DATE_WORD = re.compile(r"(?:^|[\s_-])(?:date|datum|fecha|data|timestamp|stamp)(?:$|[\s_-])", re.I)
_MODIFIED_CUE = re.compile(r"updat|modif|aktualisiert|actualiz|mise-a-jour|edited|revis", re.I)
_PUBLISHED_CUE = re.compile(r"publi|posted|created|entry-date|pubdate|dateline|byline", re.I)
# Words before a date that say it is the publication date, or an update (see datetext for the lists).
# Whole words ("date" is no cue inside "update"), but compounds ending in "datum" count ("Erscheinungsdatum").
_TEXT_PUBLISHED = re.compile(rf"\b(?:{any_of(PUBLISHED_WORDS + DATE_WORDS)})\b|datum\b", re.I)
# An update label right before the date, maybe with its preposition ("Updated on", "Aktualisiert am", "Mis à jour le").
_TEXT_MODIFIED = re.compile(rf"\b(?:{any_of(UPDATED_WORDS)})\W*(?:(?:on|at|am|um|le|el|il|op|em|den|the)\W*)?$", re.I)


def _clean_text(el: HtmlElement, limit: int = 300) -> str:
    text = el.text_content()
    if len(text) > limit * 3:
        return ""
    return " ".join(text.split())[:limit]


_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "select", "option", "button", "textarea"}
_STRUCTURAL = {"html", "body", "main", "article", "section"}
MAX_TEXT_SPANS = 40
MAX_CUE_ELEMENTS = 40
MAX_TEXT_NODES = 3000
MAX_RELATIVE_CHARS = 80  # a byline or a stamp, not a paragraph that mentions "two days ago"

_DATE_PROPS = {"datePublished", "dateCreated", "dateModified", "uploadDate"}
# Text nodes that may hold a date (a four-digit year of 19xx or 20xx), picked in C.
_YEAR_TEXT = etree.XPath(".//text()[contains(., '20') or contains(., '19')]")


def _off_topic(el: HtmlElement, cache: dict) -> bool:
    """Inside a related list, comments, a sidebar or navigation (cached per element)."""
    path = []
    node = el
    result = False
    while node is not None:
        if node in cache:
            result = cache[node]
            break
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("body", "html"):
            break
        path.append(node)
        cls = node.get("class")
        ident = node.get("id")
        if (cls and _OFF_TOPIC.search(cls)) or (ident and _OFF_TOPIC.search(ident)):
            result = True
            break
        # An <aside class="meta"> (or "byline", "post-info") is the article's own date box, not a sidebar.
        if tag in _OFF_TAGS and not (tag == "aside" and _OWN_ASIDE.search(f"{cls or ''} {ident or ''}")):
            result = True
            break
        if tag == "header" and _site_banner(node, f"{cls or ''} {ident or ''}"):
            result = True
            break
        node = node.getparent()
    for n in path:
        cache[n] = result
    return result


_ARTICLE_HEADER = re.compile(r"entry|article|post|story|content|title|headline|artikel", re.I)


def _site_banner(header: HtmlElement, attrs: str) -> bool:
    """The site's own <header> (logo, menu, today's date), not the article's: outside any <article> or <main>."""
    if _ARTICLE_HEADER.search(attrs) or header.find(".//h1") is not None:
        return False
    node = header.getparent()
    while node is not None:
        if node.tag in ("article", "main"):
            return False
        node = node.getparent()
    return True


def _in_skipped(el: HtmlElement) -> bool:
    node = el
    for _ in range(6):
        if node is None:
            return False
        if node.tag in _SKIP_TAGS:
            return True
        node = node.getparent()
    return False


def scan_dom(tree: HtmlElement, add: AddDate, mdy: bool, out: list[Candidate],
             reference: datetime | None = None) -> None:
    """Microdata, <time>, date/byline elements and dates in text nodes, ranked by where they stand.

    One pass over the elements notes positions (document order), the marked elements and
    the elements whose class or id speaks of dates or bylines; text nodes with a year are
    picked by XPath. Off-topic containers (related lists, comments, sidebars) rank far below
    the article's own; the distance from the headline is counted in elements.
    """
    body = tree.find("body")
    if body is None:
        body = tree
    order: dict = {}
    marked: list = []
    cue_els: list = []
    h1_at = -1
    for i, el in enumerate(body.iter(etree.Element)):
        order[el] = i
        tag = el.tag
        if tag == "time" or tag == "abbr":
            marked.append(el)
            continue
        if tag == "h1" and h1_at < 0:
            h1_at = i
        itemprop = el.get("itemprop")
        if itemprop and itemprop.strip() in _DATE_PROPS:
            marked.append(el)
            continue
        cls = el.get("class")
        ident = el.get("id")
        if (cls or ident) and len(cue_els) < 200 and tag not in _STRUCTURAL and tag not in _SKIP_TAGS:
            attrs = f"{cls or ''} {ident or ''}".lower()
            if _DATE_CUE.search(attrs) and len(el) <= 12:
                cue_els.append((el, attrs))
    cache: dict = {}

    def stamp(since: int, pos: int) -> None:
        if h1_at >= 0:
            for c in out[since:]:
                c.dist = pos - h1_at

    for el in marked:
        n = len(out)
        tag = el.tag
        itemprop = (el.get("itemprop") or "").strip()
        if itemprop in _DATE_PROPS:
            off = _off_topic(el, cache)
            value = el.get("content") or el.get("datetime") or el.get("title") or _clean_text(el, 100)
            kind = "modified" if itemprop == "dateModified" else "published"
            add(value, f"itemprop {itemprop}" + (" (off-topic)" if off else ""), R_ITEMPROP + (40 if off else 0), kind)
        elif tag == "abbr":
            value = el.get("data-utime") or el.get("title")
            if not value:
                continue
            # Blogger and Facebook put the full timestamp in abbr/@title or @data-utime.
            off = _off_topic(el, cache)
            add(value, "abbr title" + (" (off-topic)" if off else ""), R_TIME + (40 if off else 0))
        else:
            off = _off_topic(el, cache)
            attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
            value = el.get("datetime") or el.get("title") or _clean_text(el, 100)
            pub = el.get("pubdate") is not None or bool(_PUBLISHED_CUE.search(attrs))
            modified = bool(_MODIFIED_CUE.search(attrs))
            rank = (R_TIME_PUB if pub and not modified else R_TIME) + (40 if off else 0)
            add(value, "time element" + (" (off-topic)" if off else ""), rank, "modified" if modified else "published")
        stamp(n, order.get(el, 0))

    cues = 0
    for el, attrs in cue_els:
        if cues >= MAX_CUE_ELEMENTS:
            break
        text = _clean_text(el, 200)
        if not MAYBE_DATE.search(text):
            # "Today" and "Heute" are short: relative stamps are read before the length test.
            if reference is not None and 3 <= len(text) <= MAX_RELATIVE_CHARS:
                if _relative_stamp(el, attrs, text, reference, cache, out):
                    cues += 1
                    stamp(len(out) - 1, order.get(el, 0))
            continue
        if len(text) < 6:
            continue
        spans = find_date_spans(text, mdy=mdy, limit=3)
        if not spans or _in_skipped(el):
            continue
        cues += 1
        off = _off_topic(el, cache)
        span = spans[0]
        before = text[:span.start]
        modified = bool(_MODIFIED_CUE.search(attrs)) or bool(_TEXT_MODIFIED.search(before))
        if modified and len(spans) > 1:
            span, modified = spans[1], False  # "Updated X · Published Y"
        rank = R_TEXT_CUE if (_PUBLISHED_CUE.search(attrs) or _TEXT_PUBLISHED.search(before)) else R_TEXT_NEAR
        pos = order.get(el, 0)
        if h1_at < 0 or pos < h1_at:
            rank += 5
        if off:
            rank += 40
        out.append(Candidate(span.iso, span.has_time, "byline text" + (" (off-topic)" if off else ""), rank,
                             "modified" if modified else "published"))
        stamp(len(out) - 1, pos)

    spans_found = 0
    for k, text in enumerate(_YEAR_TEXT(body)):
        if k >= MAX_TEXT_NODES:
            break  # a page of tables full of years: what matters stands near the top
        if len(text) < 6:
            continue
        parent = text.getparent()
        if parent is None:
            continue
        container = parent.getparent() if text.is_tail else parent
        if container is None or _in_skipped(container if text.is_tail else parent):
            continue
        spans = find_date_spans(text[:2000], mdy=mdy, limit=3)
        if not spans:
            continue
        pos = order.get(parent, 0)
        n = len(out)
        _text_dates(text, spans, parent, _off_topic(container, cache), 0 <= h1_at <= pos, out)
        stamp(n, pos)
        spans_found += len(spans)
        if spans_found >= MAX_TEXT_SPANS:
            break


def _relative_stamp(el: HtmlElement, attrs: str, text: str, reference: datetime, cache: dict,
                    out: list[Candidate]) -> bool:
    """A byline's "3 hours ago" read against the fetch time; weaker than any date the page writes out."""
    got = relative_date(text, reference)
    if got is None or _in_skipped(el) or _off_topic(el, cache):
        return False  # lists of other stories are full of relative stamps
    if not any(ch.isdigit() for ch in text):
        # "Today" or "an hour ago" alone is also a weather widget's or a schedule's: only in a byline or date box.
        parent = el.getparent()
        around = attrs + " " + (f"{parent.get('class') or ''} {parent.get('id') or ''}" if parent is not None else "")
        if not (_PUBLISHED_CUE.search(around) or _MODIFIED_CUE.search(around) or _DATE_WORD.search(around)):
            return False
    modified = bool(_MODIFIED_CUE.search(attrs)) or bool(UPDATED_LABEL.search(text))
    # Not named "byline text": a stamp read against the fetch time never overrules the metadata as a shown date.
    out.append(Candidate(got[0], got[1], "relative time in a byline (from the fetch time)", R_RELATIVE,
                         "modified" if modified else "published"))
    return True


def _text_before(text, parent: HtmlElement) -> str:
    """The text just before a text node: the element it follows, or the previous sibling."""
    if text.is_tail:
        return " ".join(parent.text_content()[-200:].split())[-40:]
    sib = parent.getprevious()
    return " ".join(sib.text_content()[-200:].split())[-40:] if sib is not None else ""


def _text_dates(text: str, spans: list[DateSpan], parent: HtmlElement, off: bool, h1_seen: bool, out: list[Candidate]) -> None:
    """Dates in one text node of the page; ranked by a cue word before them and by position."""
    prev_text = None
    for span in spans:
        start = span.start
        if start < 40:
            if prev_text is None:
                prev_text = _text_before(text, parent)
            before = prev_text + " " + text[:start]
        else:
            before = text[start - 40:start]
        modified = bool(_TEXT_MODIFIED.search(before))
        if _TEXT_PUBLISHED.search(before[-40:]) and not modified:
            rank = R_TEXT_CUE + 2
        else:
            rank = R_TEXT_ANY - (10 if h1_seen else 0)
        if off:
            rank += 40
        out.append(Candidate(span.iso, span.has_time, "page text" + (" (off-topic)" if off else ""), rank,
                             "modified" if modified else "published"))
