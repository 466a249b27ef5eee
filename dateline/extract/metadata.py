"""Title, subtitle, authors, section, tags, site name, canonical URL and images of a page.

Structured data (JSON-LD, microdata, OpenGraph, meta) is read first; the visible page
(the <h1>, bylines, rel=author links, figures) confirms or fills in. Every field records
the signal it came from in `evidence`.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from ..model import Image
from ..writing_systems import UNSPACED_CHARS
from .authors import AGENCY_SEPARATOR, is_agency, join_agencies, parse_byline, split_people_and_agency
from .language import normalise_code
from .structured import Structured, first_value, ld_types


@dataclass
class Metadata:
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)  # people only
    agency: str | None = None  # an organisation byline: Reuters, AP, dpa
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None  # declared by the page, ISO 639-1
    canonical_url: str | None = None
    images: list[Image] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    site_names: list[str] = field(default_factory=list)  # what the page calls its own site: og:site_name, host

    def names_site(self, name: str) -> bool:
        """Whether a byline names the site itself ("Reuters" on reuters.com): no second source then."""
        return bool(name.strip()) and is_site_name(name, self.site_names)


# --- small helpers ------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_CJK = re.compile(f"([{UNSPACED_CHARS}])")


def _clean(text: Any) -> str | None:
    """A string as the page meant it: entities decoded (JSON-LD often carries them), spaces collapsed."""
    if not isinstance(text, str):
        return None
    if "&" in text:
        text = htmllib.unescape(text)
    text = " ".join(text.split())
    return text or None


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(_CJK.sub(r" \1 ", text))


_SKIP_TAGS = {"script", "style", "noscript", "template", "button", "svg"}
# Kicker and headline often sit in sibling spans: keep them apart as words.
_SEP_TAGS = {"br", "span", "div", "p", "small", "time"}


def _el_text(el: HtmlElement) -> str:
    """Visible text of an element; child elements are kept apart by a space ("Kicker<br>Headline")."""
    parts: list[str] = []

    def walk(node: HtmlElement, depth: int) -> None:
        if node.text:
            parts.append(node.text)
        for ch in node:
            if isinstance(ch.tag, str) and ch.tag not in _SKIP_TAGS and depth < 20:
                sep = ch.tag in _SEP_TAGS
                if sep:
                    parts.append(" ")
                walk(ch, depth + 1)
                if sep:
                    parts.append(" ")
            if ch.tail:
                parts.append(ch.tail)

    walk(el, 0)
    return " ".join("".join(parts).split())


def _plain_text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


# --- title --------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"\s+[|\-–—·•»:/]\s+|\s*[|｜ㅣ：]\s*|\s+[-–—]\s*|\s*[-–—]\s+")
_H1 = etree.XPath("//h1")


# First labels of news hosts that name a section or an edition, not the site ("news.example.com").
_GENERIC_HOST_LABELS = {"news", "edition", "en", "de", "fr", "es", "it", "english", "article", "articles", "web",
                        "online", "home", "beta", "blog", "blogs", "www", "m", "amp", "mobile", "live", "apps"}


def _site_names(structured: Structured, url: str | None) -> list[str]:
    names: list[str] = []
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title", "al:ios:app_name",
                "twitter:site", "publisher", "copyright", "dc.publisher"):
        v = structured.meta_first(key)
        if v:
            names.append(v.lstrip("@"))
    for obj in structured.jsonld:
        types = ld_types(obj)
        if types & {"website", "newsmediaorganization", "organization"}:
            if isinstance(obj.get("name"), str):
                names.append(obj["name"])
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            names.append(pub["name"])
    host = urlsplit(url).hostname if url else None
    if host:
        host = re.sub(r"^(www\d?|m|amp|mobile)\.", "", host)
        names.append(host)
        label = host.split(".")[0]
        if label not in _GENERIC_HOST_LABELS:
            names.append(label)
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        n = _clean(name)
        # A "site name" as long as a sentence is a mislabelled headline, not a brand.
        if n and len(n) <= 40 and len(n.split()) <= 5 and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


def _is_site_part(part: str, site_keys: list[str]) -> bool:
    """A title segment or byline that names the site or its section ("TechCrunch", "News - SRF", "WELT")."""
    toks = _tokens(part)
    key = "".join(toks)
    if not key:
        return True
    if len(toks) > 6:
        return False
    # Whole words only: the site "news" must not match the reporter "Gavin Newsom".
    spans = {"".join(toks[i:j]) for i in range(len(toks)) for j in range(i + 1, len(toks) + 1)}
    for s in site_keys:
        if s in spans:
            return True
        # "WELT" for welt.de, "Spiegel" for spiegel.de: the part is the brand the site key is made of.
        if len(key) >= 3 and s.startswith(key) and len(s) <= len(key) + 12:
            return True
    return False


def is_site_name(name: str, site_names: list[str]) -> bool:
    site_keys = [k for k in ("".join(_tokens(s)) for s in site_names) if len(k) >= 2]
    return bool(site_keys) and _is_site_part(name, site_keys)


def strip_site(title: str, site_names: list[str]) -> str:
    """A title without the site name its page glued before or after it."""
    site_keys = ["".join(_tokens(s)) for s in site_names]
    site_keys = [k for k in site_keys if len(k) >= 2]
    if not site_keys:
        return title
    matches = list(_SEPARATORS.finditer(title))
    if not matches:
        return title
    # Suffix: cut the last separator while what follows is the site (or a section plus the site).
    for m in matches:
        tail = title[m.end():]
        head = title[:m.start()]
        pieces = [p for p in _SEPARATORS.split(tail) if p.strip()]
        if head.strip() and pieces and _is_site_part(pieces[-1], site_keys) and len(pieces) <= 3 \
                and all(len(p) <= 40 for p in pieces):
            return head.strip()
    # Prefix: "WELT - Headline".
    m = matches[0]
    head, tail = title[:m.start()], title[m.end():]
    if head.strip() and tail.strip() and _is_site_part(head, site_keys):
        return tail.strip()
    return title


def _same(a: str, b: str) -> bool:
    return _tokens(a) == _tokens(b)


_KICKER_SEP = re.compile(r"\s*[:|]\s+|\s+[-–—]\s+")


def _drop_kicker(title: str, candidates: list[tuple[str, str]]) -> str:
    """"Kicker: Headline" when another signal gives the headline alone: the kicker is a label, not the title."""
    m = _KICKER_SEP.search(title)
    if m is None or title[:1] in "\"'‘“„«‹»":
        return title  # a quotation before the colon is part of the headline
    tail_tokens = _tokens(title[m.end():])
    if len(tail_tokens) < 3 or len(_tokens(title[:m.start()])) > 6:
        return title
    for _, text in candidates:
        if _tokens(text) == tail_tokens:
            return text
    return title


def _choose_title(tree: HtmlElement, structured: Structured, art: dict, site_names: list[str]) -> tuple[str | None, str]:
    candidates: list[tuple[str, str]] = []  # (signal, text) in order of trust
    for signal, value in (
        ("json-ld headline", art.get("headline")),
        ("og:title", structured.meta_first("og:title")),
        ("microdata headline", first_value(structured.microdata.get("headline"))),
        ("twitter:title", structured.meta_first("twitter:title")),
        ("json-ld name", art.get("name") if art else None),
        ("<title>", structured.title_tag),
    ):
        text = _clean(value)
        if text:
            stripped = strip_site(text, site_names)
            candidates.append((signal, stripped))
    h1s: list[str] = []
    for el in _H1(tree)[:8]:
        text = _el_text(el)
        if text and 3 <= len(text) <= 400:
            h1s.append(text)
    # The visible headline wins when structured data confirms it: the page shows it to readers.
    for signal, text in candidates:
        for h in h1s:
            if _same(h, text):
                return _drop_kicker(text, candidates), f"h1 confirmed by {signal}"
    # Structured candidates: the one most signals agree on.
    if candidates:
        votes: dict[str, int] = {}
        first: dict[str, tuple[int, str, str]] = {}
        for i, (signal, text) in enumerate(candidates):
            key = " ".join(_tokens(text))
            if not key:
                continue
            votes[key] = votes.get(key, 0) + 1
            first.setdefault(key, (i, signal, text))
        if votes:
            best = max(votes, key=lambda k: (votes[k], -first[k][0]))
            _, signal, text = first[best]
            # A lone <title> is a weak signal: an <h1> that shares most of its words is the headline
            # as shown (the <title> may be cut short or carry an unrecognised site name).
            if signal == "<title>":
                t_words = Counter(_tokens(text))
                for h in h1s:
                    h_words = Counter(_tokens(h))
                    if h_words and sum((h_words & t_words).values()) >= 0.6 * max(sum(h_words.values()), 3):
                        return h, "h1 (close to <title>)"
            return text, signal
    if h1s:
        return h1s[0], "h1"
    return None, ""


# --- authors ------------------------------------------------------------------------------------

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
_SKIP_CLASS = re.compile(r"comment|related|teaser|recommend|more-|footer|bildautor|image|photo|foto|caption|"
                         r"avatar|follow|bio\b|bio-|description|social|share|newsletter|mediabox|card|"
                         r"copyright|credit|sidebar|widget|promo|readmore|read-more", re.I)


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
        text = _clean(value)
        return [(text, False)] if text and not text.startswith("http") else []
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str) and value["@id"] in by_id:
            value = by_id[value["@id"]]
        name = value.get("name")
        if isinstance(name, list):
            name = name[0] if name else None
        if not isinstance(name, str) and (value.get("givenName") or value.get("familyName")):
            name = " ".join(str(value.get(k) or "") for k in ("givenName", "familyName"))
        text = _clean(name)
        if not text:
            return []
        types = ld_types(value)
        is_org = bool(types & {"organization", "newsmediaorganization", "corporation"}) and "person" not in types
        return [(text, is_org)]
    return []


def _people_from_strings(strings: list[str]) -> tuple[list[str], str | None]:
    people: list[str] = []
    agencies: list[str] = []
    for s in strings:
        p, a = parse_byline(s)
        for name in p:
            if name not in people:
                people.append(name)
        if a and a not in agencies:
            agencies.append(a)
    return people, join_agencies(agencies)


def _read_authors(tree: HtmlElement, structured: Structured, art: dict, site_names: list[str]
                  ) -> tuple[list[str], str | None, str]:
    site_keys = [k for k in ("".join(_tokens(s)) for s in site_names) if len(k) >= 2]
    people, agency, signal = _structured_authors(tree, structured, art, site_keys)
    people, agency = _site_aside(people, agency, site_keys)
    if people:
        return people, agency, signal
    # Only an organisation so far: when it is the site itself, a visible byline says more.
    if agency and not _is_site_part(agency, site_keys):
        return people, agency, signal
    rel = [r for r in (_plain_text(a) for a in _REL_AUTHOR(tree)[:10]) if r]
    rel_people, rel_agency = _site_aside(*_people_from_strings(rel), site_keys)
    if rel_people:
        return rel_people, rel_agency, "rel=author"
    dom_people, dom_agency = _site_aside(*_dom_byline(tree, site_keys), site_keys)
    if dom_people:
        return dom_people, dom_agency, "byline pattern"
    label_people, label_agency = _site_aside(*_labelled_byline(tree), site_keys)
    if label_people:
        return label_people, label_agency, "byline label"
    if dom_agency and not agency:
        return [], dom_agency, "byline pattern"
    return people, agency, signal


def _site_aside(people: list[str], agency: str | None, site_keys: list[str]) -> tuple[list[str], str | None]:
    """The site's own name is an organisation byline, and no second source beside its reporters."""
    site_like = [p for p in people if _is_site_part(p, site_keys)]
    if site_like:
        people = [p for p in people if p not in site_like]
        agency = join_agencies(([agency] if agency else []) + site_like)
    if people and agency:
        rest = [a for a in agency.split(AGENCY_SEPARATOR) if not _is_site_part(a, site_keys)]
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
        people, agency = _people_from_strings(el_names)
        if people:
            return people, agency or _best_org(orgs, site_keys)[0], "microdata"
        if agency:
            orgs.append((agency, "microdata"))
    # 3. Meta tags.
    metas: list[str] = []
    for key in _META_AUTHOR_KEYS:
        for v in structured.meta.get(key, ()):
            if v and not v.startswith(("http", "@", "/")) and "@" not in v and not v.isdigit():
                metas.append(v)
    label = (structured.meta_first("twitter:label1") or "").casefold()
    if label and _WRITTEN_BY.search(label):
        metas.extend(structured.meta.get("twitter:data1", []))
    if metas:
        people, agency = _people_from_strings(metas)
        if people:
            return people, agency or _best_org(orgs, site_keys)[0], "meta"
        if agency:
            orgs.append((agency, "meta"))
    agency, signal = _best_org(orgs, site_keys)
    return [], agency, signal


# Yoast and other CMSs put the author in a labelled Twitter card field.
_WRITTEN_BY = re.compile(r"written by|verfasst von|geschrieben von|escrito por|écrit par|scritto da|author|autor|auteur")


def _best_org(orgs: list[tuple[str, str]], site_keys: list[str]) -> tuple[str | None, str]:
    """The first organisation byline that is not just the site's own name, else the first."""
    for name, signal in orgs:
        if name and not _is_site_part(name, site_keys):
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
                v = n.get("content") if n.tag == "meta" else _plain_text(n)
            else:
                v = _plain_text(el)
        if v and len(v) < 200 and not v.startswith("http") and not _CREDIT.match(v):
            out.append(v)
    return out


_CREDIT = re.compile(r"^\s*(?:image|photo|picture|foto|bild|credit|quelle|source)s?\s*:", re.I)


def _in_furniture(el: HtmlElement) -> bool:
    """A byline of a teaser, a comment, a photo credit or a related story, not of the article."""
    node, depth = el, 0
    while node is not None and depth < 8:
        cls = (node.get("class") or "") + " " + (node.get("id") or "")
        if _is_entry_footer(node, cls):
            # WordPress themes print the post's own byline in the footer of its <article>.
            node, depth = node.getparent(), depth + 1
            continue
        if node.tag in ("aside", "footer", "nav", "figure", "figcaption") and depth > 0:
            return True
        if cls.strip() and _SKIP_CLASS.search(cls):
            return True
        node, depth = node.getparent(), depth + 1
    return False


def _is_entry_footer(node: HtmlElement, cls: str) -> bool:
    if node.tag != "footer" and "footer" not in cls.lower():
        return False
    parent = node.getparent()
    return parent is not None and (parent.tag == "article" or "hentry" in (parent.get("class") or "").split())


_LABELS = etree.XPath("//*[self::strong or self::b or self::dt or self::th or self::label]"
                      "[string-length(normalize-space()) < 25]")
_AUTHOR_LABEL = re.compile(r"^(?:authors?|autor(?:in|en|innen)?(?:\s*/\s*autor(?:in)?)?|auteurs?|autore|autori|"
                           r"autores?|forfatter|författare|yazar|muhabir|tác giả|작성자|저자|byline|text|reporter)\s*:?$",
                           re.I)


def _labelled_byline(tree: HtmlElement) -> tuple[list[str], str | None]:
    """A label row: "<strong>Autorin/Autor</strong> Roman Beck", "<dt>Author</dt><dd>…</dd>"."""
    for el in _LABELS(tree)[:200]:
        if not _AUTHOR_LABEL.match(_plain_text(el)):
            continue
        value = (el.tail or "").strip()
        if not value:
            nxt = el.getnext()
            value = _plain_text(nxt) if nxt is not None else ""
        if value and len(value) < 120:
            people, agency = parse_byline(value)
            if people or agency:
                return people, agency
    return [], None


def _dom_byline(tree: HtmlElement, site_keys: list[str]) -> tuple[list[str], str | None]:
    site_agency = None
    for el in _BYLINE_XPATH(tree)[:40]:
        if _in_furniture(el) or _CREDIT.match(el.text or ""):
            continue
        text = _plain_text(el)
        if not text or len(text) > 200 or _CREDIT.match(text):
            continue
        people, agency = parse_byline(text)
        if people:
            return people, agency
        if agency:
            if not _is_site_part(agency, site_keys):
                return [], agency
            site_agency = site_agency or agency
    return [], site_agency


# --- other fields -------------------------------------------------------------------------------

def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"\s*[,;]\s*", value) if v.strip()]
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            if isinstance(v, str):
                out.append(v.strip())
            elif isinstance(v, dict) and isinstance(v.get("name"), str):
                out.append(v["name"].strip())
        return [v for v in out if v]
    return []


def _dedupe(items: list[str]) -> list[str]:
    out, seen = [], set()
    for i in items:
        k = i.casefold()
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


def _image_from_ld(value: Any) -> list[Image]:
    out: list[Image] = []
    if isinstance(value, list):
        for v in value[:5]:
            out.extend(_image_from_ld(v))
    elif isinstance(value, str):
        out.append(Image(url=value))
    elif isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        if isinstance(url, list):
            url = url[0] if url else None
        if isinstance(url, str):
            credit = value.get("creditText") or value.get("copyrightHolder") or value.get("author")
            if isinstance(credit, dict):
                credit = credit.get("name")
            if isinstance(credit, list):
                credit = ", ".join(c.get("name", "") if isinstance(c, dict) else str(c) for c in credit)
            caption = value.get("caption") or value.get("description")
            out.append(Image(url=url, caption=_clean(caption), credit=_clean(credit)))
    return out


_FIGURES = etree.XPath("//figure[.//img]")
# Renditions of one picture differ in a size suffix or query: "ferry-1536x929.jpg", "ferry.jpg?w=800".
_SIZE_SUFFIX = re.compile(r"[-_](?:\d{2,4}x\d{2,4}|w\d{2,4}|\d{2,4}w|scaled|large|medium|small|thumb)(?=\.\w{3,4}$)", re.I)


def _image_key(url: str) -> str:
    path = url.split("?")[0].split("#")[0]
    return _SIZE_SUFFIX.sub("", path)


def _read_images(tree: HtmlElement, structured: Structured, art: dict, base: str | None) -> list[Image]:
    images: list[Image] = []
    og = structured.meta_first("og:image:secure_url", "og:image", "twitter:image", "twitter:image:src")
    if og:
        images.append(Image(url=og, caption=_clean(structured.meta_first("og:image:alt"))))
    if art:
        images.extend(_image_from_ld(art.get("image")))
    for fig in _FIGURES(tree)[:20]:
        img = fig.find(".//img")
        src = None
        if img is not None:
            src = img.get("src") or img.get("data-src") or img.get("data-original")
            if (not src or src.startswith("data:")) and img.get("srcset"):
                src = img.get("srcset").split(",")[0].split()[0]
        if not src or src.startswith("data:"):
            continue
        cap_el = fig.find(".//figcaption")
        caption = credit = None
        if cap_el is not None:
            for c in cap_el.iter():
                cls = (c.get("class") or "").lower()
                if c is not cap_el and any(w in cls for w in ("credit", "copyright", "source", "author", "quelle")):
                    credit = _plain_text(c) or None
                    break
            caption = _plain_text(cap_el) or None
            if caption and credit and caption.endswith(credit):
                caption = caption[: -len(credit)].strip(" |·-—") or None
        alt = img.get("alt") if img is not None else None
        images.append(Image(url=src, caption=caption or _clean(alt), credit=credit))
    out: list[Image] = []
    seen: dict[str, Image] = {}
    for im in images:
        url = urljoin(base, im.url) if base else im.url
        key = _image_key(url)
        if key in seen:
            prev = seen[key]
            prev.caption = prev.caption or im.caption
            prev.credit = prev.credit or im.credit
            continue
        im.url = url
        seen[key] = im
        out.append(im)
    return out[:20]


_SUBTITLE_CLASS = re.compile(r"sub-?title|sub-?headline|standfirst|(?:^|[\s_-])dek(?:$|[\s_-])|summary|lead|intro|teaser-?text|abstract", re.I)
_SUBTITLE_TAGS = {"p", "div", "h2", "span"}


def _read_subtitle(tree: HtmlElement, structured: Structured, art: dict, title: str | None) -> tuple[str | None, str]:
    alt = _clean(art.get("alternativeHeadline")) if art else None
    if alt and (not title or not _same(alt, title)):
        return alt, "json-ld alternativeHeadline"
    # A standfirst sits next to the headline: look only in the h1's neighbourhood, not the whole page.
    h1s = _H1(tree)
    if h1s:
        scope = h1s[0]
        for _ in range(3):
            parent = scope.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            scope = parent
        seen_h1, budget = False, 300
        for el in scope.iter(*_SUBTITLE_TAGS, "h1"):
            # The standfirst follows the headline; what comes before it is a kicker or navigation.
            if el is h1s[0]:
                seen_h1 = True
                continue
            if not seen_h1:
                continue
            budget -= 1
            if budget < 0:
                break
            cls = el.get("class")
            if ((cls and _SUBTITLE_CLASS.search(cls)) or el.get("itemprop") in ("alternativeHeadline", "description")) \
                    and not _in_furniture(el):
                text = _plain_text(el)
                if 20 <= len(text) <= 600 and (not title or not _same(text, title)):
                    return text, "standfirst next to the headline"
    desc = _clean(art.get("description")) if art else None
    desc = desc or structured.meta_first("og:description", "description", "twitter:description")
    if desc and (not title or not _same(desc, title)):
        return _clean(desc), "description"
    return None, ""


# --- the contract -------------------------------------------------------------------------------

def read_metadata(tree: HtmlElement, structured: Structured, url: str | None = None) -> Metadata:
    md = Metadata()
    art = structured.article() or {}
    ev = md.evidence
    site_names = _site_names(structured, url)
    md.site_names = site_names

    md.site_name = _clean(structured.meta_first("og:site_name", "application-name"))
    if md.site_name:
        ev["site_name"] = "og:site_name"
    else:
        pub = art.get("publisher") if art else None
        if isinstance(pub, dict) and _clean(pub.get("name")):
            md.site_name, ev["site_name"] = _clean(pub.get("name")), "json-ld publisher"

    md.title, signal = _choose_title(tree, structured, art, site_names)
    if md.title:
        ev["title"] = signal

    md.authors, md.agency, signal = _read_authors(tree, structured, art, site_names)
    if md.authors:
        ev["authors"] = signal
    if md.agency:
        ev["agency"] = signal

    md.subtitle, signal = _read_subtitle(tree, structured, art, md.title)
    if md.subtitle:
        ev["subtitle"] = signal

    section = None
    if art:
        sec = art.get("articleSection")
        if isinstance(sec, list):
            sec = sec[0] if sec else None
        section = _clean(sec)
        if section:
            ev["section"] = "json-ld"
    if not section:
        section = _clean(structured.meta_first("article:section", "section", "parsely-section", "cxenseparse:recs:category"))
        if section:
            ev["section"] = "meta"
    md.section = section

    tags: list[str] = []
    if art:
        tags = _as_list(art.get("keywords"))
        if tags:
            ev["tags"] = "json-ld keywords"
    if not tags:
        tags = [t for t in structured.meta.get("article:tag", []) if t]
        if tags:
            ev["tags"] = "article:tag"
    if not tags:
        kw = structured.meta_first("news_keywords", "keywords", "parsely-tags")
        if kw:
            tags = _as_list(kw)
            ev["tags"] = "meta keywords"
    md.tags = _dedupe([_clean(t) or "" for t in tags if _clean(t)])[:30]

    lang = structured.declared_language()
    if not lang and art and isinstance(art.get("inLanguage"), str):
        lang = art["inLanguage"]
    md.language = normalise_code(lang)
    if md.language:
        ev["declared_language"] = "html lang" if structured.html_lang else "meta"

    canon = structured.links.get("canonical")
    if canon and canon[0].strip():
        md.canonical_url = urljoin(url, canon[0]) if url else canon[0]
        ev["canonical_url"] = "rel=canonical"
    else:
        og_url = structured.meta_first("og:url")
        if og_url:
            md.canonical_url = og_url
            ev["canonical_url"] = "og:url"

    md.images = _read_images(tree, structured, art, url)
    if md.images:
        ev["images"] = "og:image, json-ld image, figures"
    return md
