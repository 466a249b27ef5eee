"""An article's fields chosen from all the stored versions of its pages, by evidence.

The same story reaches the store many ways: fetched from its publisher, from a WARC, as a
saved file, from a mirror host, as a corpus row with only title and text, or as dateline's own
export fed back in. Every version stays (in `pages`); the article shows, field by field, the
value of the best version that has one. So adding a poorer copy can add a URL or fill a gap,
and never erases what a better one gave.

Which version is better, in this order:
1. structured data on the page (JSON-LD, microdata, meta tags) beats a page without;
2. a page at a publisher's URL beats a file path, stdin or a corpus row;
3. a page fetched over HTTP (live or from a WARC) beats one read from disk;
4. extracted from the page beats given by a corpus row;
5. a version from the article's home beats a copy elsewhere (a mirror, an AMP page, another file);
6. the newer version beats the older (a corrected headline is the site's word).
The home is the first URL seen on the canonical link's host, else the first URL seen of the best
kind, else (no URL at all) the first file or input seen: a later copy elsewhere never moves it.
The body comes whole from the best version that has one (its paragraphs and lede with it);
other empty fields are filled from the next versions down.

Pure: no database here; the writer hands in the versions (store.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..model import Article

# Signals that come from the page's own markup, as extraction names them in `evidence`.
_STRUCTURED = ("json-ld", "microdata", "og:", "meta", "rel=canonical", "itemprop")
# Fields filled from a lower version when the best has none; the body (with its paragraphs and
# lede) travels as one piece.
_FILLABLE = ("url", "canonical_url", "title", "subtitle", "authors", "agency", "published", "modified", "section",
             "tags", "language", "site_name", "dateline", "images")


@dataclass
class Version:
    """One stored (or arriving) version of an article's page."""

    article: Article
    page_url: str | None  # the page's normalised URL; None for a file or stdin
    fetched: bool  # came over HTTP, live or from a WARC
    corpus: bool  # a corpus row's given fields, not extracted from a page
    order: int  # later versions have larger numbers
    content_hash: str = ""
    source_id: str | None = None  # a corpus row's own id
    location: str | None = None  # where it was read: its URL, else its file or input (store.encode.page_key)

    @property
    def structured(self) -> bool:
        return any(any(sign in str(value) for sign in _STRUCTURED)
                   for name, value in self.article.evidence.items() if name not in ("format", "encoding"))

    @property
    def on_web(self) -> bool:
        """At a publisher's URL (not a file, stdin or a corpus row)."""
        return not self.corpus and urlsplit(self.page_url or "").scheme in ("http", "https")

    @property
    def kind(self) -> tuple[bool, bool, bool, bool]:
        """How good a source this version is, before where and when (rules 1-4)."""
        return (self.structured, self.on_web, self.fetched, not self.corpus)


@dataclass
class Choice:
    article: Article  # the fields as chosen
    page_url: str | None  # the URL the article is shown at
    content_hash: str  # of the version its body came from
    source_id: str | None


def choose(versions: Sequence[Version]) -> Choice:
    """The article's fields from its versions (see the module docstring)."""
    home = _home(versions)
    ranked = sorted(versions, key=lambda v: (*v.kind, v.location == home.location, v.order), reverse=True)
    best = next((v for v in ranked if v.article.body.strip()), ranked[0])
    merged = dataclasses.replace(best.article, evidence=dict(best.article.evidence))
    for name in _FILLABLE:
        if _empty(getattr(merged, name)):
            donor = next((v for v in ranked if not _empty(getattr(v.article, name))), None)
            if donor is not None:
                setattr(merged, name, getattr(donor.article, name))
                if name in donor.article.evidence:
                    merged.evidence[name] = donor.article.evidence[name]
    shown = home.page_url if home.on_web else next((v.page_url for v in ranked if v.on_web), None)
    if shown is None:
        shown = next((v.page_url for v in ranked if v.page_url), None)
    return Choice(merged, shown, best.content_hash, next((v.source_id for v in ranked if v.source_id), None))


def _home(versions: Sequence[Version]) -> Version:
    """The version that says where the article lives (see the module docstring)."""
    by_age = sorted(versions, key=lambda v: v.order)
    web = [v for v in by_age if v.on_web]
    canonical = next((v.article.canonical_url for v in sorted(versions, key=lambda v: v.kind, reverse=True)
                      if v.article.canonical_url), None)
    if canonical:
        host = urlsplit(canonical).hostname
        on_host = [v for v in web if urlsplit(v.page_url or "").hostname == host]
        if on_host:
            return on_host[0]
    if web:
        return max(web, key=lambda v: (v.kind, -v.order))
    return max(by_age, key=lambda v: (v.kind, -v.order))


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}
