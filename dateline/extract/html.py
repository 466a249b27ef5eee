"""An article from an HTML page: structured data first, then the DOM, each field with its evidence."""

from __future__ import annotations

from ..model import Article
from .authors import is_name_in_text, parse_byline
from .body import extract_body
from .body_listing import with_headlines
from .datelines import split_dateline
from .dates import find_dates
from .language import decide_language
from .metadata import Metadata, read_metadata
from .pagekind import judge, read_page_shape
from .parse import parse_html, shrink
from .structured import read_structured


def extract_html(html: str, url: str | None = None, fetched_at: str | None = None) -> Article:
    html, truncated = shrink(html)
    tree = parse_html(html)
    structured = read_structured(tree)
    meta = read_metadata(tree, structured, url)
    dates = find_dates(tree, structured, url, fetched_at)
    shape = read_page_shape(tree)
    body = extract_body(tree, structured, url, title=meta.title, authors=meta.authors)

    art = Article(
        url=url,
        canonical_url=meta.canonical_url,
        title=meta.title,
        subtitle=meta.subtitle,
        authors=meta.authors,
        agency=meta.agency,
        published=dates.published,
        modified=dates.modified,
        section=meta.section,
        tags=meta.tags,
        site_name=meta.site_name,
        images=meta.images,
        paragraphs=body.paragraphs,
    )
    art.evidence.update(meta.evidence)
    if not art.authors:
        for byline in body.bylines:
            if _authors_from_body(art, byline, meta):
                break
    if dates.published_evidence:
        art.evidence["published"] = dates.published_evidence
    if dates.modified_evidence:
        art.evidence["modified"] = dates.modified_evidence
    art.evidence["body"] = body.evidence
    if truncated:
        art.evidence["truncated"] = truncated
    finish(art, declared_language=meta.language)
    if art.evidence.get("agency") == "dateline" and art.agency and meta.names_site(art.agency):
        # "WASHINGTON (Reuters)" on Reuters' own site: the publisher, not a wire credit.
        art.agency = None
        del art.evidence["agency"]
    first = next((p.text for p in art.paragraphs if p.kind != "heading"), None)
    if art.subtitle and any(t and _same_text(art.subtitle, t) for t in (art.lede, first)):
        # A meta description copied from the first paragraph (with its dateline or without) is not a standfirst.
        art.subtitle = None
        art.evidence.pop("subtitle", None)
    art.is_article, art.reason = judge(structured, shape, art.title, [p.text for p in art.paragraphs],
                                       url=url or art.canonical_url)
    if not art.is_article and body.selected:
        # Not a story: the headlines of a listing's entries are its text, not teasers for others.
        paragraphs = with_headlines(body.selected, art.paragraphs)
        if len(paragraphs) > len(art.paragraphs):
            art.paragraphs = paragraphs
            art.body = "\n\n".join(p.text for p in paragraphs)
    return art


def finish(art: Article, declared_language: str | None = None) -> None:
    """Fields derived from the body, shared by the HTML and the text-dump paths."""
    blocks = [p for p in art.paragraphs if p.kind != "heading"]
    if blocks:
        dl = split_dateline(blocks[0].text)
        if dl is not None:
            art.dateline = dl
            art.evidence["dateline"] = "dateline pattern"
            if not art.agency and dl.agency:
                art.agency = dl.agency
                art.evidence["agency"] = "dateline"
        if not art.lede:
            first = blocks[0].text
            if art.dateline and art.dateline.text and first.startswith(art.dateline.text):
                first = first[len(art.dateline.text):].strip()
            art.lede = first or None
    art.body = "\n\n".join(p.text for p in art.paragraphs)
    language, evidence = decide_language(declared_language, art.body or (art.title or ""))
    art.language = language
    if language:
        art.evidence["language"] = evidence


def _authors_from_body(art: Article, byline: str, meta: Metadata) -> bool:
    """The page names no author but its story opens (or ends) with a byline line. Subheads in title
    case, photo credits and the publisher's name ("Par Les Echos") start with "By" too."""
    people, agency = parse_byline(byline)
    people = [p for p in people if is_name_in_text(p) and not meta.names_site(p)]
    if not people:
        return False
    art.authors = people
    art.evidence["authors"] = "byline in the body text"
    if agency and not art.agency:
        art.agency = agency
        art.evidence["agency"] = "byline in the body text"
    return True


def _same_text(a: str, b: str) -> bool:
    a, b = " ".join(a.split()).casefold().rstrip(". …"), " ".join(b.split()).casefold()
    return bool(a) and b.startswith(a)
