"""Is this page an article? Home pages, section fronts, tag lists, 404 and error pages are not."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .structured import Structured

_ERROR_TITLE = re.compile(
    r"\b(404|410|500|503)\b|page not found|not found|seite nicht gefunden|página no encontrada|"
    r"page introuvable|error occurred|access denied|forbidden|service unavailable|"
    r"this page (doesn't|does not|could not|cannot) (exist|be found)",
    re.I,
)
_LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}
MIN_ARTICLE_WORDS = 80


def _link_density(tree: HtmlElement) -> float:
    body = tree.find("body")
    if body is None:
        return 0.0
    total = len(" ".join(body.itertext()).split()) or 1
    linked = sum(len(" ".join(a.itertext()).split()) for a in body.iter("a"))
    return linked / total


def judge(
    tree: HtmlElement | None,
    structured: Structured | None,
    url: str | None,
    title: str | None,
    body: str,
    has_date: bool,
) -> tuple[bool, str | None]:
    """(is_article, reason when not)."""
    words = len(body.split())
    if title and _ERROR_TITLE.search(title) and words < 300:
        return False, f"error page (title: {title[:80]!r})"
    if structured is not None:
        og_type = (structured.meta_first("og:type") or "").lower()
        ld = {t for o in structured.jsonld for t in (o.get("@type") if isinstance(o.get("@type"), list) else [o.get("@type")]) if isinstance(t, str)}
        has_article_ld = structured.article() is not None and any(
            t.lower() not in ("webpage", "creativework") for t in ld if t.lower() in _ARTICLEISH
        )
        if not has_article_ld and {t.lower() for t in ld} & _LISTING_TYPES and words < 400:
            return False, "listing page (structured data says it is a collection)"
        if og_type == "website" and not has_article_ld and url and urlsplit(url).path in ("", "/"):
            return False, "home page"
    else:
        has_article_ld = False
    if words < MIN_ARTICLE_WORDS and not (has_article_ld and words >= 30):
        return False, f"no article text found ({words} words of body)"
    # A long body outweighs a link-heavy page around it (huge pages with endless footers).
    if tree is not None and not has_article_ld and not has_date and words < 250 and _link_density(tree) > 0.6:
        return False, "mostly links (a front or section page)"
    return True, None


_ARTICLEISH = {
    "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    "report", "scholarlyarticle", "techarticle",
}
