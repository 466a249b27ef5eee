"""Which stored article a page joins: a pure decision over what the store already knows.

Identity of articles, in this order:
1. the same raw content (page content hash) as a stored page that gave an article → that article;
2. the same body (hash of the whitespace-normalised body, bodies of >= 200 characters) → that article;
3. a URL (page URL, URLs redirected through, canonical URL) the store already knows → the same
   article in a new version: updated in place (its id, and so later stages' rows, stay); a match
   through a canonical link counts only when the headlines agree (templates get canonicals wrong);
4. otherwise a new article.
1 and 2 count as duplicates: the new URL is added to `article_urls`.

The writer looks up `Known` for a batch, `decide` says what to do, and the writer does it; no
SQL here, so the rules are tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..writing_systems import UNSPACED
from .records import BatchCounts
from .versions import Version

_WORD = re.compile(r"\w+")


@dataclass(eq=False)  # compared by identity
class Pending:
    """An article row to insert in this batch; `id` is known after the insert."""

    row: dict[str, Any]
    id: int | None = None


Target = int | Pending | None  # an article id, an article to insert, or no article


def target_id(target: Target) -> int | None:
    return target.id if isinstance(target, Pending) else target


@dataclass
class Prep:
    """One processed page, turned into rows before the write lock is taken."""

    page_row: dict[str, Any]
    content_row: dict[str, Any] | None
    kind: str  # article | non_article | error
    reason: str | None
    error: str | None
    stage: str | None
    article_row: dict[str, Any] | None
    identity_hash: str | None  # the body hash, when the body is long enough to identify the article
    url_keys: list[tuple[str, str]] = field(default_factory=list)  # (normalised URL, kind) for article_urls
    code: str | None = None  # the failure's code, for an error
    version: Version | None = None  # what this page says of its article, for the field choice

    @property
    def content_hash(self) -> str:
        return str(self.page_row["content_hash"])


@dataclass
class Known:
    """What the store holds for a batch's keys."""

    content_article: dict[str, int] = field(default_factory=dict)  # page content hash → article id
    body_article: dict[str, int] = field(default_factory=dict)  # body hash → lowest article id
    url_article: dict[str, tuple[int, str, str | None]] = field(default_factory=dict)  # url → (id, kind, title)


@dataclass
class Decision:
    targets: list[Target]  # per prep, in order
    new: list[Pending]  # articles to insert
    updates: dict[int, dict[str, Any]]  # stored article id → its new row
    url_rows: dict[str, tuple[Target, str]]  # article_urls rows to add: url → (article, kind)
    counts: BatchCounts


def decide(preps: Sequence[Prep], current: Sequence[int | None], known: Known, now: Any) -> Decision:
    """Each page's article (see the module docstring). `current` is the article a stored page
    being re-derived has today (None for a new page): re-deriving updates that article in place."""
    counts = BatchCounts()
    new: list[Pending] = []
    updates: dict[int, dict[str, Any]] = {}
    batch_content: dict[str, Target] = {}
    batch_body: dict[str, Target] = {}
    batch_url: dict[str, tuple[Target, str, str | None]] = {}
    url_rows: dict[str, tuple[Target, str]] = {}
    targets: list[Target] = []
    for prep, cur in zip(preps, current, strict=True):
        if prep.kind == "error":
            counts.errors += 1
            targets.append(None)
            continue
        if prep.error:
            counts.errors += 1  # a later stage failed; the page is still an article or not
        if prep.kind != "article" or prep.article_row is None:
            counts.non_articles += 1
            targets.append(None)
            continue
        chash = prep.content_hash
        bh = prep.identity_hash
        target: Target = None
        if chash in batch_content:
            target = batch_content[chash]
        elif chash in known.content_article and known.content_article[chash] != cur:
            target = known.content_article[chash]
        elif bh and bh in batch_body:
            target = batch_body[bh]
        elif bh and bh in known.body_article and known.body_article[bh] != cur:
            target = known.body_article[bh]
        url_target: Target = None
        if cur is None:
            title = prep.article_row.get("title")
            for url, kind in prep.url_keys:
                found = batch_url.get(url) or known.url_article.get(url)
                if found is None:
                    continue
                known_target, known_kind, known_title = found
                # A canonical link is the site's word, and templates get it wrong (every page
                # naming one URL): it joins two pages only when their headlines agree.
                if "canonical" in (kind, known_kind) and not same_headline(title, known_title):
                    continue
                url_target = known_target
                break
        if target is not None and target != cur and target != url_target:
            counts.duplicates += 1
        else:
            # reprocess: the page's article gets the new derivation (same id); a known URL's
            # article gets its newer version (same body, maybe a corrected title or date).
            target = cur if cur is not None else url_target
            if target is None:
                target = Pending(dict(prep.article_row, created_at=now))
                new.append(target)
                counts.articles_added += 1
            elif isinstance(target, Pending):
                target.row.update(prep.article_row)
                counts.articles_updated += 1
            else:
                # Counted as updated only if its chosen fields change (article_writer.choose_fields).
                updates[target] = prep.article_row
            if bh:
                batch_body[bh] = target
        batch_content[chash] = target
        for url, kind in prep.url_keys:
            batch_url.setdefault(url, (target, kind, prep.article_row.get("title")))
            if url not in known.url_article and url not in url_rows:
                url_rows[url] = (target, kind)
        targets.append(target)
    return Decision(targets, new, updates, url_rows, counts)


def _headline_units(text: str) -> set[str]:
    """Words; for scripts without spaces, pairs of characters (a headline is one "word" there)."""
    text = text.casefold()
    if UNSPACED.search(text):
        chars = [ch for ch in text if ch.isalnum()]
        return {a + b for a, b in zip(chars, chars[1:], strict=False)} or set(chars)
    return set(_WORD.findall(text))


def same_headline(a: str | None, b: str | None) -> bool:
    """Two headlines share most of their words (a word changed), or one holds nearly all of the
    other (a site name or a clause added); "Storm hits the coast" and "Storm hits the city" differ.
    Without a headline on one side, nothing says no."""
    if not a or not b:
        return True
    units_a, units_b = _headline_units(a), _headline_units(b)
    if not units_a or not units_b:
        return True
    shared, shorter = len(units_a & units_b), min(len(units_a), len(units_b))
    return shared >= 0.65 * len(units_a | units_b) or (shorter >= 3 and shared >= 0.9 * shorter)


def is_root(url: str) -> bool:
    try:
        return urlsplit(url).path in ("", "/")
    except ValueError:
        return True
