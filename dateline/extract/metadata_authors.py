"""The article's authors and its agency, from JSON-LD, microdata, meta tags, rel=author links and
the bylines on the page (`authors` parses a byline's text into people and an agency).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from .authors import AGENCY_SEPARATOR, is_agency, is_person, join_agencies, parse_byline, split_people_and_agency
from .byline_text import byline_text
from .metadata_site import is_site_part
from .metadata_text import clean_text, in_furniture, plain_text, word_tokens
from .structured import Structured, ld_types

_META_AUTHOR_KEYS = ("author", "article:author", "articleauthor", "author_name", "byline", "parsely-author",
                     "sailthru.author", "dc.creator", "dcterms.creator", "byl", "cxenseparse:author",
                     "citation_author", "og:article:author", "dc.contributor")
# Plain contains() on the class: translate() on every element of a large page costs milliseconds.
_BYLINE_XPATH = etree.XPath(
    "//*[@class or @id][contains(@class,'byline') or contains(@class,'Byline') or contains(@class,'author') "
    "or contains(@class,'Author') or contains(@class,'autor') or contains(@class,'Autor') "
    "or contains(@id,'byline') or contains(@id,'author')]"
    "[not(self::script or self::style or self::meta or self::link or self::body or self::html or self::article "
    "or self::main or self::section)]"
)
_REL_AUTHOR = etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")
_ITEMPROP_AUTHOR = etree.XPath("//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]")


def _ld_people(value: Any, by_id: dict[str, dict], depth: int = 0) -> list[tuple[str, bool]]:
    """(name, is_org) for each author in a JSON-LD author value."""
    if depth > 3 or value is None:
        return []
    if isinstance(value, list):
        out: list[tuple[str, bool]] = []
        for v in value:
            out.extend(_ld_people(v, by_id, depth + 1))
        return out
    if isinstance(value, str):
        text = clean_text(value)
        return [(text, False)] if text and not text.startswith("http") else []
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str) and value["@id"] in by_id:
            value = by_id[value["@id"]]
        name = value.get("name")
        if isinstance(name, list):
            name = name[0] if name else None
        if not isinstance(name, str) and (value.get("givenName") or value.get("familyName")):
            name = " ".join(str(value.get(k) or "") for k in ("givenName", "familyName"))
        text = clean_text(name)
        if not text:
            return []
        types = ld_types(value)
        is_org = bool(types & {"organization", "newsmediaorganization", "corporation"}) and "person" not in types
        return [(text, is_org)]
    return []


def _people_from_strings(strings: list[str], site_keys: list[str] | None = None) -> tuple[list[str], str | None]:
    people: list[str] = []
    agencies: list[str] = []
    for s in strings:
        if site_keys and "".join(word_tokens(s)) in site_keys:
            # The site's own name as the byline stays whole: "Bits & Bytes" is not two names.
            agencies.append(" ".join(s.split()))
            continue
        p, a = parse_byline(s)
        for name in p:
            if name not in people:
                people.append(name)
        if a and a not in agencies:
            agencies.append(a)
    return people, join_agencies(agencies)


def read_authors(tree: HtmlElement, structured: Structured, art: dict, site_names: list[str]
                  ) -> tuple[list[str], str | None, str]:
    site_keys = [k for k in ("".join(word_tokens(s)) for s in site_names) if len(k) >= 2]
    people, agency, signal = _structured_authors(tree, structured, art, site_keys)
    people, agency = _site_aside(people, agency, site_keys)
    if people:
        return people, agency, signal
    # Only an organisation so far: when it is the site itself, or one unknown word that may as well be an
    # account name ("jdoe42"), a visible byline says more.
    if agency and not is_site_part(agency, site_keys) and not _unsure_org(agency):
        # A pen name the page links as its author is more specific than the organisation.
        pen_names = _pen_names(tree, site_keys)
        return (pen_names, None, "rel=author") if pen_names else (people, agency, signal)
    rel = [r for r in (plain_text(a) for a in _REL_AUTHOR(tree)[:10]) if r]
    rel_people, rel_agency = _site_aside(*_people_from_strings(rel, site_keys), site_keys)
    if rel_people:
        return rel_people, rel_agency, "rel=author"
    dom_people, dom_agency = _site_aside(*_dom_byline(tree, site_keys), site_keys)
    if dom_people:
        return dom_people, dom_agency, "byline pattern"
    label_people, label_agency = _site_aside(*_labelled_byline(tree), site_keys)
    if label_people:
        return label_people, label_agency, "byline label"
    pen_names = _pen_names(tree, site_keys)
    if pen_names:
        return pen_names, None, "rel=author"
    if dom_agency and not agency:
        return [], dom_agency, "byline pattern"
    return people, agency, signal


# Account names that are not anyone's pen name.
_GENERIC_ACCOUNTS = {"admin", "administrator", "webmaster", "editor", "author", "guest", "user", "moderator", "root",
                     "redaktion", "redaction", "redaccion", "redazione", "staff", "team", "desk", "newsroom"}


def _pen_names(tree: HtmlElement, site_keys: list[str]) -> list[str]:
    """One-word names that the page marks as its author and links to that name's own profile
    (<a rel="author" href="/users/Nightjar/">Nightjar</a>): a writer's pen name, not a place or a desk."""
    out: list[str] = []
    for a in _REL_AUTHOR(tree)[:10]:
        name = plain_text(a)
        key = "".join(word_tokens(name))
        if (len(name.split()) != 1 or len(key) < 3 or "admin" in key or key in _GENERIC_ACCOUNTS or is_site_part(name, site_keys)
                or is_agency(name) or in_furniture(a)):
            continue
        if key in "".join(word_tokens(a.get("href") or "")) and name not in out:
            out.append(name)
    return out


def _unsure_org(agency: str) -> bool:
    return len(agency.split()) == 1 and AGENCY_SEPARATOR not in agency and not is_agency(agency)


def _site_aside(people: list[str], agency: str | None, site_keys: list[str]) -> tuple[list[str], str | None]:
    """The site's own name is an organisation byline, and no second source beside its reporters."""
    site_like = [p for p in people if is_site_part(p, site_keys)]
    if site_like:
        people = [p for p in people if p not in site_like]
        agency = join_agencies(([agency] if agency else []) + site_like)
    if people and agency:
        rest = [a for a in agency.split(AGENCY_SEPARATOR) if not is_site_part(a, site_keys)]
        agency = join_agencies(rest)
    return people, agency


def _structured_authors(tree: HtmlElement, structured: Structured, art: dict, site_keys: list[str]
                        ) -> tuple[list[str], str | None, str]:
    by_id = {o["@id"]: o for o in structured.jsonld if isinstance(o.get("@id"), str)}
    orgs: list[tuple[str, str]] = []  # (organisation byline, signal), best first
    # 1. JSON-LD: the publisher's own statement, people and organisations typed.
    entries = _ld_people(art.get("author"), by_id) if art else []
    if not entries and art:
        entries = _ld_people(art.get("creator"), by_id)
    if entries:
        people: list[str] = []
        agencies: list[str] = []
        for name, is_org in entries:
            if is_org:
                agencies.append(name)
                continue
            # One entry may be a whole byline: "Felix Schröder und Jörg Soldwisch, dpa".
            p, a = parse_byline(name) if _looks_like_byline(name) else split_people_and_agency([name])
            people.extend(x for x in p if x not in people)
            if a:
                agencies.append(a)
            elif not p and not is_agency(name) and _looks_like_org(name):
                agencies.append(name)
        if people:
            return people, join_agencies(agencies), "json-ld"
        if agencies:
            orgs.append((join_agencies(agencies) or "", "json-ld"))
    # 2. Microdata on the page.
    el_names = _microdata_authors(tree)
    if el_names:
        people, agency = _people_from_strings(el_names, site_keys)
        if people:
            return people, agency or _best_org(orgs, site_keys)[0], "microdata"
        if agency:
            orgs.append((agency, "microdata"))
    # 3. Meta tags.
    metas: list[str] = []
    for key in _META_AUTHOR_KEYS:
        for v in structured.meta.get(key, ()):
            if v and not v.startswith(("http", "@", "/")) and "@" not in v and not v.isdigit():
                metas.append(_turn_round(v) if key in _CATALOGUE_KEYS else v)
    label = (structured.meta_first("twitter:label1") or "").casefold()
    if label and _WRITTEN_BY.search(label):
        metas.extend(structured.meta.get("twitter:data1", []))
    if metas:
        people, agency = _people_from_strings(metas, site_keys)
        if people:
            return people, agency or _best_org(orgs, site_keys)[0], "meta"
        if agency:
            orgs.append((agency, "meta"))
    agency, signal = _best_org(orgs, site_keys)
    return [], agency, signal


# Library-catalogue fields, where names are written family name first: "Vries, Anna de", "Moreau, J.".
_CATALOGUE_KEYS = ("dc.creator", "dcterms.creator", "citation_author", "dc.contributor")
_INVERTED = re.compile(r"((?:[a-z]\S*\s+)*[^\W\d_][\w'’\-]*)\s*,\s*([^\W\d_][\w'’.\-]*(?:\s+[\w'’.\-]+){0,2})")


def _turn_round(value: str) -> str:
    """"Family, Given" as "Given Family"; a comma between two full names ("Jane Doe, John Roe") is left alone."""
    m = _INVERTED.fullmatch(" ".join(value.split()))
    initials = re.fullmatch(r"(?:[^\W\d_]\.\s*)+", m.group(2)) if m else None
    if not m or (is_agency(m.group(2)) and not initials) or not is_person(f"{m.group(2)} {m.group(1)}"):
        return value
    return f"{m.group(2)} {m.group(1)}"


# Yoast and other CMSs put the author in a labelled Twitter card field.
_WRITTEN_BY = re.compile(r"written by|verfasst von|geschrieben von|escrito por|écrit par|scritto da|author|autor|auteur")


def _best_org(orgs: list[tuple[str, str]], site_keys: list[str]) -> tuple[str | None, str]:
    """The first organisation byline that is not just the site's own name, else the first."""
    for name, signal in orgs:
        if name and not is_site_part(name, site_keys):
            return name, signal
    return (orgs[0][0] or None, orgs[0][1]) if orgs else (None, "")


def _looks_like_byline(text: str) -> bool:
    return bool(re.search(r",|;|\s(?:and|und|&|et|y|e|og|och|en|i)\s|^(?:by|von|par|por|di|av)\s", text, re.I))


def _looks_like_org(text: str) -> bool:
    """Names a JSON-LD publisher typed as a Person but that are plainly not people (site names, desks)."""
    return bool(re.search(r"\.\w{2,4}$|\b(?:redaktion|online|news|staff|team|desk)\b", text, re.I)) or \
        (len(text.split()) == 1 and len(text) > 1)


def _microdata_authors(tree: HtmlElement) -> list[str]:
    out: list[str] = []
    scope = None
    for el in _ITEMPROP_AUTHOR(tree)[:10]:
        # Authors of teasers further down sit in other item scopes: keep the first article's.
        owner = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
        if scope is None:
            scope = owner
        elif owner is not scope:
            continue
        if el.tag == "meta":
            v = el.get("content")
        elif el.tag == "link":
            continue
        else:
            names = el.xpath(".//*[@itemprop='name']")
            if names:
                n = names[0]
                v = n.get("content") if n.tag == "meta" else plain_text(n)
            else:
                v = byline_text(el)
        if v and len(v) < 200 and not v.startswith("http") and not _CREDIT.match(v):
            out.append(v)
    return out


# Picture credits, and the editors' credit ("Edited by", "Redaktion:"): neither names the writer.
_CREDIT = re.compile(r"^\s*(?:(?:image|photo|photograph|picture|illustration|foto|bild|credit|quelle|source)s?\s*(?::|by\b|von\b)"
                     r"|(?:edited|reviewed|redigiert)\s+(?:by|von)\b"
                     r"|(?:redaktion|editor|editing|bearbeitung|rédaction|redacción|redazione|redactie)\s*:)", re.I)


_LABELS = etree.XPath("//*[self::strong or self::b or self::dt or self::th or self::label]"
                      "[string-length(normalize-space()) < 25]")
_AUTHOR_LABEL = re.compile(r"^(?:authors?|autor(?:in|en|innen)?(?:\s*/\s*autor(?:in)?)?|auteurs?|autore|autori|"
                           r"autores?|forfatter|författare|yazar|muhabir|tác giả|작성자|저자|byline|text|reporter)\s*:?$",
                           re.I)


def _labelled_byline(tree: HtmlElement) -> tuple[list[str], str | None]:
    """A label row: "<strong>Autorin/Autor</strong> Roman Beck", "<dt>Author</dt><dd>…</dd>"."""
    for el in _LABELS(tree)[:200]:
        if not _AUTHOR_LABEL.match(plain_text(el)):
            continue
        value = (el.tail or "").strip()
        if not value:
            nxt = el.getnext()
            value = plain_text(nxt) if nxt is not None else ""
        if value and len(value) < 120:
            people, agency = parse_byline(value)
            people = [p for p in people if _plausible(p)]
            if people or agency:
                return people, agency
    return [], None


def _dom_byline(tree: HtmlElement, site_keys: list[str]) -> tuple[list[str], str | None]:
    site_agency = None
    under_headline: set[HtmlElement] | None = None
    headline = _HEADLINE(tree)
    around_headline = set(headline[0].iterancestors()) if headline else set()
    for el in _BYLINE_XPATH(tree)[:40]:
        if _CREDIT.match(el.text or ""):
            continue
        if in_furniture(el, article=around_headline):
            # Class names such as "card" or "credit" also wrap the article's own byline: right under
            # the headline, before the story starts, such a wrapper is the article's.
            if in_furniture(el, lenient=True, article=around_headline):
                continue
            if under_headline is None:
                under_headline = _under_headline(tree)
            if el not in under_headline:
                continue
        text = byline_text(el)
        if not text or len(text) > 200 or _CREDIT.match(text):
            continue
        people, agency = parse_byline(text)
        people = [p for p in people if _plausible(p)]
        if people:
            return people, agency
        if agency:
            if not is_site_part(agency, site_keys):
                return [], agency
            site_agency = site_agency or agency
    return [], site_agency


# Author boxes hold link labels that are shaped like names: "More Posts", "Alle Artikel", "Über Steffi".
_NAVIGATION_WORDS = {"about", "über", "more", "mehr", "all", "alle", "view", "see", "posts", "post", "articles",
                     "artikel", "beiträge", "beitrag", "stories", "profile", "profil", "archive", "archiv"}


def _plausible(name: str) -> bool:
    """A name from a line of a byline box: no navigation word, and not ending in a particle ("Rezept von")."""
    words = name.casefold().split()
    return not any(w in _NAVIGATION_WORDS for w in words) and words[-1] not in _TRAILING_PARTICLES


_TRAILING_PARTICLES = {"von", "van", "de", "di", "da", "du", "der", "den", "la", "le", "by", "par", "por"}


_HEADLINE = etree.XPath("(//h1[string-length(normalize-space()) > 10])[1]")


def _under_headline(tree: HtmlElement, span: int = 40) -> set[HtmlElement]:
    """The elements that follow the headline until the story's first long paragraph."""
    found = _HEADLINE(tree)
    if not found:
        return set()
    out: set[HtmlElement] = set()
    started = False
    for node in tree.iter():
        if node is found[0]:
            started = True
            continue
        if not started or not isinstance(node.tag, str):
            continue
        if node.tag == "p" and len(node.text_content()) > 150 or len(out) >= span:
            break
        # A byline inside a link belongs to a teaser of another story.
        if not any(a.tag in ("a", "aside", "nav", "footer", "figure", "figcaption") for a in node.iterancestors()):
            out.add(node)
    return out
