"""Date signals from the page's data rather than its layout: JSON-LD, meta tags, the URL, inline scripts.

They are the strongest signals (see the ranks in `dates_candidates`); `dates.collect` calls
them in the order the candidates are kept in, which settles ties in `dates_ranking`.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .dates_candidates import R_JSONLD, R_JSONLD_PAGE, R_META, R_META_FIRST, R_SCRIPT, R_WEAK_META, AddDate
from .datetext import parse_date_value
from .structured import NEWS_ARTICLE_TYPES, Structured, ld_types

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
FIRST_META = {"article_date_original", "originalpublicationdate", "dcsext.articlefirstpublished"}
# Loose names that many sites fill with something else (the crawl, the page build).
WEAK_META = {"date", "dc.date", "dcterms.date", "dc:date", "created", "timestamp", "release_date",
             "video:release_date", "displaydate", "pdate", "ptime", "doc_date", "dc:created"}

_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEP = re.compile(
    r"[/_-]((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?:/|\.html?|$)|"
    r"[/_-]((?:19|20)\d\d)[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?:[_-])"
)

# JSON-LD types whose dates are not the page's: images, videos, people, organisations, events.
LD_NOT_THE_PAGE = {"imageobject", "videoobject", "audioobject", "mediaobject", "organization", "newsmediaorganization",
                   "person", "event", "sportsevent", "place", "localbusiness", "product", "offer", "review",
                   "comment", "breadcrumblist", "sitenavigationelement", "website", "searchaction", "claimreview",
                   "rating", "aggregaterating", "jobposting"}


def main_article(structured: Structured, url: str | None) -> dict | None:
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


def add_jsonld_dates(structured: Structured, main: dict | None, add: AddDate) -> None:
    """The dates of the page's article object (`main`), else of the first JSON-LD object that may be the page."""
    if main is not None:
        live = " (live blog)" if "liveblogposting" in ld_types(main) else ""
        add(main.get("datePublished"), "json-ld datePublished" + live, R_JSONLD)
        if "datePublished" not in main:
            add(main.get("dateCreated"), "json-ld dateCreated", R_JSONLD + 1)
        add(main.get("dateModified"), "json-ld dateModified", R_JSONLD, "modified")
    else:
        for obj in structured.jsonld:
            types = ld_types(obj)
            if types & LD_NOT_THE_PAGE or "datePublished" not in obj and "dateCreated" not in obj:
                continue
            # A WebPage, a HowTo, a Recipe, a product page: the page's own date, if weaker.
            kind = "/".join(sorted(types)) or "object"
            add(obj.get("datePublished") or obj.get("dateCreated"), f"json-ld {kind} datePublished", R_JSONLD_PAGE)
            add(obj.get("dateModified"), f"json-ld {kind} dateModified", R_JSONLD_PAGE, "modified")
            break


def add_meta_dates(structured: Structured, add: AddDate) -> None:
    """The meta tags' publication and modification dates: for each, the strongest name that parses."""
    for name in PUBLISHED_META:
        values = structured.meta.get(name)
        rank = R_META_FIRST if name in FIRST_META else (R_WEAK_META if name in WEAK_META else R_META)
        if values and add(values[0], f"meta {name}", rank):
            break
    for name in MODIFIED_META:
        values = structured.meta.get(name)
        if values and add(values[0], f"meta {name}", R_META, "modified"):
            break


_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def scan_ld_text(tree: HtmlElement, add: AddDate) -> None:
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


def scan_scripts(tree: HtmlElement, add: AddDate) -> None:
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
