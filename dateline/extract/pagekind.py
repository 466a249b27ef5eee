"""Is this page an article? Home pages, section fronts, tag lists, 404 and error pages are not.

The shape of the whole page is read once (`read_page_shape`);
the verdict (`judge`) weighs that shape against the body that came out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..writing_systems import UNSPACED
from .structured import NEWS_ARTICLE_TYPES, Structured, ld_types

_ERROR_TITLE = re.compile(
    r"\b(404|410|500|503)\b|page not found|not found|seite nicht gefunden|página no encontrada|"
    r"page introuvable|pagina non trovata|error occurred|access denied|forbidden|service unavailable|"
    r"this page (doesn't|does not|could not|cannot) (exist|be found)",
    re.I,
)
_LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage", "website"}
# Pages that are not stories but still have a main text, which the body keeps: what they are.
_PRODUCT_TYPES = frozenset({"product", "productgroup", "productmodel", "individualproduct", "vehicle", "car"})
_OFFER_TYPES = {"service": "a service page", "jobposting": "a job advertisement"}
_DISCUSSION_TYPES = {"discussionforumposting": "a forum thread", "qapage": "a question-and-answer page"}
_HEADINGS = ("h2", "h3", "h4")
MIN_ARTICLE_WORDS = 40  # a news brief; pages that declare an article may have less


@dataclass
class PageShape:
    """What the page looks like as a whole, read before the body is cut out of it."""

    link_texts: set[str] = field(default_factory=set)  # normalised texts of links of 3+ words
    teaser_headlines: int = 0  # headings that are links: the cards of a front page
    link_density: float = 0.0  # share of the page's words that sit inside links
    root: HtmlElement | None = None  # the page, for what is read only when needed

    def item_types(self) -> set[str]:
        """schema.org microdata types (itemtype), lowercased: older shops and forums state what the
        page is there, not in JSON-LD. Read on demand; it costs a walk of the whole tree."""
        if self.root is None:
            return set()
        types: set[str] = set()
        for el in self.root.iterfind(".//*[@itemtype]"):
            types.update(t.rstrip("/").rsplit("/", 1)[-1].lower() for t in (el.get("itemtype") or "").split())
        return types


def count_words(text: str) -> int:
    """Words for spaced scripts; for Chinese, Japanese, Korean and Thai, about two characters a word."""
    cjk = len(UNSPACED.findall(text))
    return len(text.split()) + cjk // 2 if cjk else len(text.split())


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_page_shape(tree: HtmlElement) -> PageShape:
    shape = PageShape()
    body = tree.find("body")
    if body is None:
        return shape
    linked_words = 0
    for a in body.iter("a"):
        text = _norm(a.text_content())
        n = text.count(" ") + 1 if text else 0
        linked_words += n
        if n >= 3:
            shape.link_texts.add(text)
    for h in body.iter(_HEADINGS):
        parent = h.getparent()
        if h.find(".//a") is not None or (parent is not None and (parent.tag == "a" or parent.getparent() is not None and parent.getparent().tag == "a")):
            shape.teaser_headlines += 1
    total = _visible_words(body) or 1
    shape.link_density = min(1.0, linked_words / total)
    shape.root = tree
    return shape


_INVISIBLE = {"script", "style", "noscript", "template"}


def _visible_words(body: HtmlElement) -> int:
    """Words a reader sees: inline scripts and styles would dilute the share of linked words."""
    total = len((body.text or "").split())
    for el in body.iterdescendants():
        if isinstance(el.tag, str) and el.tag not in _INVISIBLE:
            total += len((el.text or "").split())
        total += len((el.tail or "").split())  # the tail is outside the element, so visible
    return total


def _linked_share(paragraphs: list[str], link_texts: set[str]) -> float:
    """Share of the body's words in paragraphs that are just the text of a link on the page."""
    total = linked = 0
    for p in paragraphs:
        n = count_words(p)
        total += n
        if _norm(p) in link_texts:
            linked += n
    return linked / total if total else 0.0


# Path segments of listings whose names look like slugs: /tag/elm-street-bike-lanes
_LISTING_SEGMENTS = {"tag", "tags", "category", "categories", "topic", "topics", "author", "authors", "section",
                     "archive", "archives", "search", "page", "thema", "themen", "schlagwort", "rubrik", "autor"}
_SLUG_WORD = re.compile(r"[^\W_]+")
_LONG_NUMBER = re.compile(r"\d{5,}")
_YEAR = re.compile(r"(?:^|[/_.-])(?:19|20)\d\d(?:[/_.-]|$)")


def article_like_url(url: str | None) -> bool:
    """A URL shaped like one story's: a slug of several words, a long id, or a date and a name after it.

    Fronts and sections live at short paths ("/", "/world/", "/2011/"); stories rarely do.
    """
    if not url:
        return False
    parts = urlsplit(url)
    segments = [seg for seg in parts.path.split("/") if seg]
    if not segments or any(seg.lower() in _LISTING_SEGMENTS for seg in segments):
        return False
    last = re.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", segments[-1], flags=re.I)
    if len(_SLUG_WORD.findall(last)) >= 3 and re.search(r"[-_]", last):
        return True
    if _LONG_NUMBER.search(parts.path) or _LONG_NUMBER.search(parts.query):
        return True
    # A date, then a name or a number of its own: /2022/001.html, /2021/mineraloelinfo
    named = len(re.findall(r"[^\W\d_]", last)) >= 3 or (last.isdigit() and len(last) >= 3 and not _YEAR.search("/" + last + "/"))
    return bool(_YEAR.search(parts.path)) and len(segments) >= 2 and named


def judge(
    structured: Structured | None,
    shape: PageShape | None,
    title: str | None,
    paragraphs: list[str],
    url: str | None = None,
) -> tuple[bool, str | None]:
    """(is_article, reason when not)."""
    words = sum(count_words(p) for p in paragraphs)
    if title and _ERROR_TITLE.search(title) and words < 300:
        return False, f"error page (title: {title[:80]!r})"
    types = {t for obj in structured.jsonld for t in ld_types(obj)} if structured is not None else set()
    og_type = (structured.meta_first("og:type") or "").lower() if structured is not None else ""
    declared_article = bool(types & NEWS_ARTICLE_TYPES) or og_type == "article"
    # A page that declares a story needs no look at its microdata.
    item_types = shape.item_types() if shape is not None and not declared_article else set()
    kind = _declared_kind(types | item_types, og_type, declared_article or bool(item_types & NEWS_ARTICLE_TYPES),
                          bool((types | item_types) & NEWS_ARTICLE_TYPES))
    if kind:
        return False, kind
    # A story's address outweighs a page that looks like a front: short stories on busy pages.
    story_url = article_like_url(url)
    if words < MIN_ARTICLE_WORDS and not (declared_article and words >= 20):
        return False, f"no article text found ({words} words of body)"
    if shape is not None:
        if _linked_share(paragraphs, shape.link_texts) > 0.5:
            return False, "the body is a list of links (an index or archive page)"
        cards = shape.teaser_headlines
        # Teaser standfirsts are a sentence each; a story has paragraphs of running text.
        running = sum(1 for p in paragraphs if count_words(p) >= 40)
        if not declared_article and not story_url and cards >= 6 and words < 40 * cards and running < 3:
            listing = "og:type website" if og_type == "website" else f"{cards} headline links"
            return False, f"a front or section page ({listing}, {words} words of teaser text)"
        if not declared_article and not story_url and words < 250 and shape.link_density > 0.6 and not running:
            return False, "mostly links (a front or section page)"
    if types & _LISTING_TYPES and not declared_article and not (story_url and words >= 150) and words < 400:
        return False, "a listing page (its structured data says it is a collection)"
    return True, None


def _declared_kind(types: set[str], og_type: str, declared_article: bool, ld_article: bool) -> str | None:
    """A page whose structured data says it is a product, a service, a job or a discussion, not a story.

    A product inside an article (a review's itemReviewed, a list of products in a buying guide)
    leaves the page an article; a forum thread may still call itself og:type article.
    """
    for t, kind in _DISCUSSION_TYPES.items():
        if t in types and not ld_article:
            return f"{kind} (its structured data says {t})"
    if declared_article or "itemlist" in types:
        return None
    if types & _PRODUCT_TYPES or og_type.split(".")[0] == "product":
        return "a product page (its structured data says it sells a product)"
    for t, kind in _OFFER_TYPES.items():
        if t in types:
            return f"{kind} (its structured data says {t})"
    return None
