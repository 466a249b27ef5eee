"""Publication and modification dates of a page, each with the signal it came from.

The target is the ORIGINAL publication date. Every signal is collected once (structured data
from `Structured`, one pass over the body's elements, XPath for the text nodes that hold a
year) and ranked by how reliably it names the article's own first publication:

1. JSON-LD datePublished / dateCreated on the article object (not on an image, an
   organisation or a related article; a WebPage's date ranks lower);
2. publication meta tags (article:published_time, og:published_time, DC.date.issued, ...);
   loose names such as "date" rank lower;
3. microdata itemprop=datePublished and <time> elements, inside the article (not in related
   lists, comments, sidebars, navigation), and dates in bylines ("Published", "Veröffentlicht
   am", "publié le", ...);
4. the date in the URL path (/2024/03/05/), inline JSON of the page's scripts;
5. other dates in the visible text, nearest to the headline first.

Conflicts are settled so that the original wins over an update: structured sources that
disagree give the one the page shows by its headline, else the earliest; a URL date earlier
than the metadata wins (sites re-stamp migrated archives); a date shown by the headline that
is not the metadata's modification time wins over the metadata; a UTC timestamp is
re-expressed in the zone of a byline that shows the same instant in local time. The site's own
header (a <header> outside the article, or anything far above the headline) is where sites print
today's date, so its dates rank below the article's. A relative stamp in a byline ("3 hours ago")
counts only when the fetch time is given, and below any date the page writes out. Dates outside
1995..tomorrow never count. htmldate is consulted only when nothing at all was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from lxml import etree
from lxml.html import HtmlElement

from .datetext import (
    DATE_WORDS,
    MAYBE_DATE,
    PUBLISHED_WORDS,
    UPDATED_LABEL,
    UPDATED_WORDS,
    DateSpan,
    any_of,
    find_date_spans,
    order_from,
    parse_date_value,
    relative_date,
)
from .structured import NEWS_ARTICLE_TYPES, Structured, first_value, ld_types


@dataclass
class DateResult:
    published: str | None = None  # ISO 8601; with the UTC offset when the page gives one
    modified: str | None = None
    published_evidence: str | None = None
    modified_evidence: str | None = None
    candidates: list[Candidate] = field(default_factory=list, repr=False)  # every signal seen, for debugging


@dataclass
class Candidate:
    iso: str
    has_time: bool
    signal: str
    rank: int  # lower is stronger
    kind: str = "published"  # published | modified
    dist: int | None = None  # elements from the page's first <h1> to this date (negative: before it)


# Meta names (lower case) that carry the publication date, strongest first.
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "article:published",
    "og:pubdate", "og:publish_date", "datepublished", "date_published", "article.published",
    "article:publicationdate", "article_date_original", "originalpublicationdate", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date.publication", "dc.created",
    "citation_publication_date", "citation_date", "parsely-pub-date", "sailthru.date", "pubdate",
    "publishdate", "publish-date", "publish_date", "published-date", "published_date", "publication_date",
    "publish_time", "published_time", "publisheddate", "datecreated", "date_created", "article.created",
    "content_create_date", "cxenseparse:recs:publishtime", "rnews:datepublished", "bt:pubdate",
    "vr:published_time", "mediator_published_time", "shareaholic:article_published_time",
    "twt-published-at", "dcsext.articlefirstpublished", "analyticsattributes.articledate", "displaydate",
    "rbpubdate", "ptime", "pdate", "doc_date", "date", "dc.date", "dcterms.date", "dc:date", "dc:created",
    "created", "release_date", "video:release_date", "timestamp", "article:post_date",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:modified_time", "article:modified", "datemodified",
    "dc.modified", "dcterms.modified", "last-modified", "lastmodified", "modified", "utime",
    "article:post_modified", "bt:moddate", "modified_time", "updated_time", "revision_date",
)
# Meta names that say "first" explicitly: they outrank a JSON-LD date that may be an update.
_FIRST_META = {"article_date_original", "originalpublicationdate", "dcsext.articlefirstpublished"}
# Loose names that many sites fill with something else (the crawl, the page build).
_WEAK_META = {"date", "dc.date", "dcterms.date", "dc:date", "created", "timestamp", "release_date",
              "video:release_date", "displaydate", "pdate", "ptime", "doc_date", "dc:created"}

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
_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEP = re.compile(
    r"[/_-]((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?:/|\.html?|$)|"
    r"[/_-]((?:19|20)\d\d)[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?:[_-])"
)

# JSON-LD types whose dates are not the page's: images, videos, people, organisations, events.
_LD_NOT_THE_PAGE = {"imageobject", "videoobject", "audioobject", "mediaobject", "organization", "newsmediaorganization",
                    "person", "event", "sportsevent", "place", "localbusiness", "product", "offer", "review",
                    "comment", "breadcrumblist", "sitenavigationelement", "website", "searchaction", "claimreview",
                    "rating", "aggregaterating", "jobposting"}

# Ranks (lower = stronger).
R_JSONLD = 10
R_META_FIRST = 8
R_META = 20
R_WEAK_META = 25  # loose names ("date", "dc.date") that sites fill with the build or crawl time
R_ITEMPROP = 30
R_TIME_PUB = 32
R_JSONLD_PAGE = 35
R_URL = 40
R_SCRIPT = 45
R_TEXT_CUE = 50
R_TIME = 55
R_TEXT_NEAR = 60
R_RELATIVE = 68  # "3 hours ago" in a byline, read against the fetch time
R_TEXT_ANY = 80
R_IMAGE_URL = 85


def _main_article(structured: Structured, url: str | None) -> dict | None:
    """The JSON-LD object about this page's article: the one whose URL matches, else the most specific."""
    articles = [o for o in structured.jsonld if ld_types(o) & NEWS_ARTICLE_TYPES]
    if not articles:
        return None
    if len(articles) > 1 and url:
        key = _url_key(url)
        for obj in articles:
            for prop in ("url", "mainEntityOfPage", "@id"):
                value = obj.get(prop)
                if isinstance(value, dict):
                    value = value.get("@id") or value.get("url")
                if isinstance(value, str) and key and _url_key(value) == key:
                    return obj
    return structured.article() if structured.article() in articles else articles[0]


def _url_key(url: str) -> str:
    return re.sub(r"^[a-z]+://(www\.)?|[?#].*$|/$", "", url.strip().lower())


_URL_DATE_DMY = re.compile(r"[/_-](0[1-9]|[12]\d|3[01])[-_.](0[1-9]|1[0-2])[-_.]((?:19|20)\d\d)(?:[/_-]|\.html?|$)")


def url_date(url: str | None) -> str | None:
    """A full date in the URL path: /2024/03/05/, /2024-03-05-, /20240305/."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    m = _URL_DATE_DMY.search(path)
    if m is not None:
        return _ymd_iso(m[3], m[2], m[1])
    m = _URL_DATE_SEP.search(path)
    if m is not None and m[1] is None:
        return _ymd_iso(m[4], m[5], m[6])
    if m is None:
        m = _URL_DATE.search(path)
        if m is None or not re.search(r"[/_-]" + re.escape(m[0]) + r"(?:[/_.-]|$)", path):
            return None
    return _ymd_iso(m[1], m[2], m[3])


def _ymd_iso(y: str, m: str, d: str) -> str | None:
    got = parse_date_value(f"{y}-{int(m):02d}-{int(d):02d}")
    return got[0] if got else None


def _clean_text(el: HtmlElement, limit: int = 300) -> str:
    text = el.text_content()
    if len(text) > limit * 3:
        return ""
    return " ".join(text.split())[:limit]


def collect(tree: HtmlElement, structured: Structured, url: str | None = None,
            reference: datetime | None = None) -> list[Candidate]:
    """Every date signal on the page, ranked; relative stamps ("3 hours ago") only with a `reference` time."""
    out: list[Candidate] = []
    lang = structured.declared_language()
    canonical = first_value(structured.links.get("canonical")) or structured.meta_first("og:url")
    mdy = order_from(lang, url or canonical)

    def add(value: object, signal: str, rank: int, kind: str = "published") -> bool:
        got = parse_date_value(value, mdy=mdy)
        if got is None:
            return False
        out.append(Candidate(got[0], got[1], signal, rank, kind))
        return True

    # JSON-LD
    main = _main_article(structured, url or canonical)
    if main is not None:
        live = " (live blog)" if "liveblogposting" in ld_types(main) else ""
        add(main.get("datePublished"), "json-ld datePublished" + live, R_JSONLD)
        if "datePublished" not in main:
            add(main.get("dateCreated"), "json-ld dateCreated", R_JSONLD + 1)
        add(main.get("dateModified"), "json-ld dateModified", R_JSONLD, "modified")
    else:
        for obj in structured.jsonld:
            types = ld_types(obj)
            if types & _LD_NOT_THE_PAGE or "datePublished" not in obj and "dateCreated" not in obj:
                continue
            # A WebPage, a HowTo, a Recipe, a product page: the page's own date, if weaker.
            kind = "/".join(sorted(types)) or "object"
            add(obj.get("datePublished") or obj.get("dateCreated"), f"json-ld {kind} datePublished", R_JSONLD_PAGE)
            add(obj.get("dateModified"), f"json-ld {kind} dateModified", R_JSONLD_PAGE, "modified")
            break

    # meta tags: the strongest name that parses
    for name in PUBLISHED_META:
        values = structured.meta.get(name)
        rank = R_META_FIRST if name in _FIRST_META else (R_WEAK_META if name in _WEAK_META else R_META)
        if values and add(values[0], f"meta {name}", rank):
            break
    for name in MODIFIED_META:
        values = structured.meta.get(name)
        if values and add(values[0], f"meta {name}", R_META, "modified"):
            break

    # URL
    u = url_date(url) or url_date(canonical)
    if u:
        out.append(Candidate(u, False, "url", R_URL))

    if main is None and not any(c.signal.startswith("json-ld") for c in out):
        _scan_ld_text(tree, add)
    _scan_dom(tree, add, mdy, out, reference)
    if not any(c.rank < 90 for c in out):
        _scan_scripts(tree, add)
    if not out:
        # The path of the page's preview image often carries its upload day (/files/2016/05/04/).
        for name in ("og:image", "twitter:image", "og:image:url"):
            d = url_date(first_value(structured.meta.get(name)))
            if d:
                out.append(Candidate(d, False, f"meta {name} url", R_IMAGE_URL))
                break
    return out


_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def _scan_ld_text(tree: HtmlElement, add) -> None:
    """JSON-LD that does not parse (a stray quote, a trailing comma) may still state its date."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if "datePublished" in text:
            m = _LD_PUBLISHED.search(text)
            if m:
                add(m[1], "json-ld datePublished (unparsed)", R_JSONLD_PAGE)
                return


_JS_DATE = re.compile(
    r"""["']?(datePublished|date_published|publishedAt|published_at|publishDate|publish_date|pubDate|"""
    r"""firstPublished(?:At|Date)?|first_published_at|dateCreated|createdAt|created_at|uploaded)["']?\s*:\s*"""
    r"""["']((?:19|20)\d\d-[01]\d-[0-3]\d[^"']{0,30})["']"""
)


def _scan_scripts(tree: HtmlElement, add) -> None:
    """Last structured resort: a publication date in the page's inline JSON (app state, analytics)."""
    found: dict[str, str] = {}
    for script in tree.iter("script"):
        text = script.text
        if not text or "20" not in text:
            continue
        for m in _JS_DATE.finditer(text[:500_000]):
            found.setdefault(m[1].lower(), m[2])
    for key in ("datepublished", "date_published", "publishedat", "published_at", "publishdate", "publish_date",
                "pubdate", "firstpublished", "firstpublishedat", "firstpublisheddate", "first_published_at",
                "datecreated", "createdat", "created_at", "uploaded"):
        if key in found:
            add(found[key], f"script json {key}", R_SCRIPT)
            return


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


def _scan_dom(tree: HtmlElement, add, mdy: bool, out: list[Candidate], reference: datetime | None = None) -> None:
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


def _day(iso: str) -> date:
    return date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]))


POLICY = {"utc_shift": True, "url_earlier": True, "modified_fallback": True, "visible": True, "weak_meta": True,
          "earliest_strong": True, "byline_modified": True, "visible_single": True,
          "utc_dateonly": True}
NEAR_H1 = 60  # elements after the headline
NEAR_H1_BEFORE = 0  # elements before it (bylines above the headline)
REPUBLISHED_DAYS = 2
MIDNIGHT_HOURS = 4
URL_EARLIER_DAYS = 0
FAR_BELOW_H1 = 100  # elements
FAR_ABOVE_H1 = 15  # elements: the site's header, where many sites print today's date
FAR_PENALTY = 20
VISIBLE_MAX_DAYS = 3  # distinct days shown in the article before its headline dates are not trusted
_VISIBLE = ("byline text", "time element", "page text", "itemprop")


def _effective_rank(c: Candidate) -> int:
    """Dates far from the headline are more often a comment's, a teaser's or the header's clock than the article's."""
    if c.dist is not None and (c.dist > FAR_BELOW_H1 or c.dist < -FAR_ABOVE_H1):
        return c.rank + FAR_PENALTY
    return c.rank


def ranked_modified(cands: list[Candidate]) -> list[Candidate]:
    """The modification dates worth reading (not off-topic), strongest first."""
    return sorted((c for c in cands if c.kind == "modified" and c.rank < 90), key=lambda c: c.rank)


def choose_published(cands: list[Candidate], mods: list[Candidate] | None = None) -> Candidate | None:
    """The original publication date among the candidates (see the module docstring for the order).

    `mods` is `ranked_modified(cands)` when the caller has it already.
    """
    pubs = sorted((c for c in cands if c.kind == "published"), key=_effective_rank)
    if mods is None:
        mods = ranked_modified(cands)
    if not pubs:
        return mods[0] if mods and POLICY["modified_fallback"] else None
    best = pubs[0]
    if POLICY["byline_modified"] and best.rank >= R_TEXT_ANY - 10:
        # Only body text offers a "published" date, but the byline shows an update: the byline is the page's date.
        shown = [c for c in mods if R_ITEMPROP <= c.rank <= R_TEXT_NEAR + 5]
        if shown:
            return shown[0]
    day = _day(best.iso)
    structured = best.rank < R_URL and best.signal.startswith(("json-ld", "meta"))
    if POLICY["utc_shift"] and structured and best.iso.endswith("+00:00"):
        shifted = _local_day(best, pubs, day)
        if shifted is not None:
            return shifted
    url = next((c for c in pubs if c.signal == "url"), None)
    if POLICY["url_earlier"] and url is not None and best is not url and (day - _day(url.iso)).days > URL_EARLIER_DAYS:
        return url
    visible = [c for c in pubs if c.signal.startswith(_VISIBLE) and c.rank <= 70 and c.dist is not None
               and -NEAR_H1_BEFORE <= c.dist <= NEAR_H1]
    vdays = {_day(c.iso) for c in visible}
    strong = [c for c in pubs if c.rank <= R_JSONLD_PAGE and c.signal.startswith(("json-ld", "meta"))]
    if POLICY["earliest_strong"] and len(strong) > 1 and len({c.iso[:10] for c in strong}) > 1:
        # Structured sources disagree: the one the page shows, else the earliest (a later one is an update).
        agreeing = [c for c in strong if _day(c.iso) in vdays]
        best = agreeing[0] if agreeing else min(strong, key=lambda c: (c.iso[:10], c.rank))
        day = _day(best.iso)
    if not (structured and visible) or day in vdays:
        return best
    if any(_day(c.iso) == day for c in pubs if c.signal.startswith(_VISIBLE) and c.rank <= 70 and (c.dist or 0) >= 0):
        return best  # the page shows the metadata's day too, further down: the headline area is not alone
    modified_days = {_day(c.iso) for c in mods}
    if "live blog" in best.signal:
        return best  # a live blog shows its latest entry by the headline, not its start
    # A shown date that is the metadata's modification time is an update, unless the article was
    # reworked long after it first appeared (then the site presents it as a new publication).
    shown = [c for c in visible if c.rank <= R_TEXT_NEAR + 5
             and (_day(c.iso) not in modified_days or abs((_day(c.iso) - day).days) > REPUBLISHED_DAYS)]
    if POLICY["weak_meta"] and best.rank == R_WEAK_META and shown:
        return shown[0]

    page_days = {c.iso[:10] for c in pubs if c.signal.startswith(_VISIBLE) and c.rank <= R_TEXT_NEAR + 5
                 and (c.dist or 0) >= 0}
    if POLICY["visible"] and shown and (len({c.iso[:10] for c in shown}) == 1 or not POLICY["visible_single"]) \
            and len(page_days) <= VISIBLE_MAX_DAYS:
        # The page shows another date by its headline than its metadata (and not as an update): trust
        # what readers see, unless the headline area lists several dates (a list of other stories).
        return shown[0]
    return best


def _local_day(best: Candidate, pubs: list[Candidate], day: date) -> Candidate | None:
    """A UTC timestamp whose day differs from the one the page shows its readers in local time.

    When a byline shows the same instant in local time, the timestamp is re-expressed in that
    offset (the day readers saw, and still the exact instant); a byline or URL that shows the
    neighbouring day without a time wins as it is.
    """
    local = [c for c in pubs if c.rank <= R_TEXT_NEAR + 5 and c.signal.startswith(("url", "byline", "time", "itemprop"))
             and not _has_offset(c.iso)]
    if day in {_day(c.iso) for c in local}:
        return None
    same_instant = _same_instant_with_offset(best, pubs)
    if same_instant is not None:
        return same_instant
    for c in local:
        shift = (_day(c.iso) - day).days
        if abs(shift) != 1:
            continue
        if not c.has_time and not _near_midnight(best.iso, shift):
            continue  # without a time to compare, only a timestamp near midnight can show another day
        if c.has_time:
            utc = datetime.fromisoformat(best.iso)
            shown = datetime.fromisoformat(c.iso[:16]).replace(tzinfo=UTC)
            minutes = round((shown - utc).total_seconds() / 60)
            if abs(minutes) <= 14 * 60 and minutes % 15 == 0:
                off = timezone(timedelta(minutes=minutes))
                return Candidate(utc.astimezone(off).isoformat(), True, best.signal + " (in the byline's time zone)",
                                 best.rank, best.kind, best.dist)
            if shown < utc:
                return c  # another, earlier instant: the original, before the metadata's update
            continue
        if POLICY["utc_dateonly"]:
            return c
    return None


def _same_instant_with_offset(best: Candidate, pubs: list[Candidate]) -> Candidate | None:
    """The page gives the same instant in its own zone too (a <time> with -05:00): the day its readers saw."""
    try:
        instant = datetime.fromisoformat(best.iso)
    except ValueError:
        return None
    for c in pubs:
        if c is best or not c.has_time or not _has_offset(c.iso) or c.iso.endswith(("+00:00", "Z")):
            continue
        try:
            if datetime.fromisoformat(c.iso) == instant:
                return Candidate(c.iso, True, best.signal + f" (in the page's time zone, from {c.signal})",
                                 best.rank, best.kind, best.dist)
        except ValueError:
            continue
    return None


def _near_midnight(iso: str, shift: int) -> bool:
    """A UTC time close enough to midnight for a nearby zone to be on the next (or previous) day."""
    hour = int(iso[11:13])
    return hour >= 24 - MIDNIGHT_HOURS if shift > 0 else hour < MIDNIGHT_HOURS


def _has_offset(iso: str) -> bool:
    return len(iso) > 16 and (iso[-6] in "+-" or iso.endswith("Z"))


def _reference(fetched_at: str | datetime | None) -> datetime | None:
    if fetched_at is None or isinstance(fetched_at, datetime):
        return fetched_at
    try:
        return datetime.fromisoformat(fetched_at.strip().replace("Z", "+00:00"))
    except ValueError:
        return None  # an unreadable fetch time: relative stamps stay unread


# The last rung: htmldate's page-wide pattern search, consulted only when dateline found no date
# at all (about 2 % of pages); bench/dates.py reports the figures with and without it.
HTMLDATE_FALLBACK = True


def _htmldate_fallback(tree: HtmlElement, url: str | None) -> str | None:
    try:
        from htmldate import find_date
    except ImportError:
        return None
    try:
        found = find_date(tree, extensive_search=True, original_date=True, url=url)
    except Exception:  # a third-party fallback must never break extraction
        return None
    return found if found and parse_date_value(found) else None


def find_dates(tree: HtmlElement, structured: Structured, url: str | None = None,
               fetched_at: str | datetime | None = None) -> DateResult:
    """The page's dates; `fetched_at` (ISO 8601, UTC when naive) lets "3 hours ago" in a byline count."""
    cands = collect(tree, structured, url, _reference(fetched_at))
    result = DateResult(candidates=cands)
    mods = ranked_modified(cands)
    best = choose_published(cands, mods)
    if best is not None:
        result.published, result.published_evidence = best.iso, best.signal
    elif HTMLDATE_FALLBACK:
        found = _htmldate_fallback(tree, url)
        if found:
            result.published, result.published_evidence = found, "htmldate (fallback)"
    if mods:
        result.modified, result.modified_evidence = mods[0].iso, mods[0].signal
    return result
