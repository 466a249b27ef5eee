"""What a page calls its own site (og:site_name, the publisher, the host), and telling it apart
from the headline a title glues it to and from the names in a byline.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .metadata_text import clean_text, word_tokens
from .structured import Structured, ld_types

# Between a headline and the site name glued to it: "Headline | Site", "Site - Headline".
_SEPARATORS = re.compile(r"\s+[|\-–—·•»:/]\s+|\s*[|｜ㅣ：]\s*|\s+[-–—]\s*|\s*[-–—]\s+")


# First labels of news hosts that name a section or an edition, not the site ("news.example.com").
_GENERIC_HOST_LABELS = {"news", "edition", "en", "de", "fr", "es", "it", "english", "article", "articles", "web",
                        "online", "home", "beta", "blog", "blogs", "www", "m", "amp", "mobile", "live", "apps"}


def read_site_names(structured: Structured, url: str | None) -> list[str]:
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
        n = clean_text(name)
        # A "site name" as long as a sentence is a mislabelled headline, not a brand.
        if n and len(n) <= 40 and len(n.split()) <= 5 and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


def is_site_part(part: str, site_keys: list[str]) -> bool:
    """A title segment or byline that names the site or its section ("TechCrunch", "News - SRF", "WELT")."""
    toks = word_tokens(part)
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
    site_keys = [k for k in ("".join(word_tokens(s)) for s in site_names) if len(k) >= 2]
    return bool(site_keys) and is_site_part(name, site_keys)


def strip_site(title: str, site_names: list[str]) -> str:
    """A title without the site name its page glued before or after it."""
    site_keys = ["".join(word_tokens(s)) for s in site_names]
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
        if head.strip() and pieces and is_site_part(pieces[-1], site_keys) and len(pieces) <= 3 \
                and all(len(p) <= 40 for p in pieces):
            return head.strip()
    # Prefix: "WELT - Headline".
    m = matches[0]
    head, tail = title[:m.start()], title[m.end():]
    if head.strip() and tail.strip() and is_site_part(head, site_keys):
        return tail.strip()
    return title
