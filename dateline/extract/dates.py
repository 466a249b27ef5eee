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

This module collects the signals and reports the choice; the parts live beside it:
`dates_candidates` (a signal and the ranks), `dates_structured` (JSON-LD, meta tags, the URL,
inline scripts), `dates_layout` (the page's elements and text) and `dates_ranking` (the choice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml.html import HtmlElement

from .dates_candidates import R_IMAGE_URL, R_URL, Candidate
from .dates_layout import scan_dom
from .dates_ranking import choose_published, ranked_modified
from .dates_structured import add_jsonld_dates, add_meta_dates, main_article, scan_ld_text, scan_scripts, url_date
from .datetext import order_from, parse_date_value
from .structured import Structured, first_value


@dataclass
class DateResult:
    published: str | None = None  # ISO 8601; with the UTC offset when the page gives one
    modified: str | None = None
    published_evidence: str | None = None
    modified_evidence: str | None = None
    candidates: list[Candidate] = field(default_factory=list, repr=False)  # every signal seen, for debugging


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

    # Kept in this order: the ranking sorts stably, so among equal ranks the earlier signal wins.
    main = main_article(structured, url or canonical)
    add_jsonld_dates(structured, main, add)
    add_meta_dates(structured, add)

    # URL
    u = url_date(url) or url_date(canonical)
    if u:
        out.append(Candidate(u, False, "url", R_URL))

    if main is None and not any(c.signal.startswith("json-ld") for c in out):
        scan_ld_text(tree, add)
    scan_dom(tree, add, mdy, out, reference)
    if not any(c.rank < 90 for c in out):
        scan_scripts(tree, add)
    if not out:
        # The path of the page's preview image often carries its upload day (/files/2016/05/04/).
        for name in ("og:image", "twitter:image", "og:image:url"):
            d = url_date(first_value(structured.meta.get(name)))
            if d:
                out.append(Candidate(d, False, f"meta {name} url", R_IMAGE_URL))
                break
    return out


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
