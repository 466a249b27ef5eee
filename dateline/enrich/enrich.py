"""One article's enrichment: its body parsed once, then times, places, actors and quotes read from it.

Pure: an `Article` in, an `Enrichment` out, no I/O. The spaCy pipeline and the tables are loaded
once per process by the callers' `load` (the stage) or on first use. Times are read on the text
in any language extraction knows; the parse-based steps need a pipeline for the article's
language, and say so in `skipped` when there is none.

Many articles parse faster together: `parse_articles` runs `nlp.pipe` over their bodies, and
`enrich_article(article, doc=...)` finishes each with its Doc, with the same result as alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..extract.language import READ_AS
from ..model import Article, Enrichment
from .actors import named_entities, resolve_actors
from .actors_known import KnownActors
from .nlp import BATCH_SIZE, DEFAULT_PIPELINE, load_pipeline
from .places import resolve_places
from .quotes import attach_speakers, find_quotes
from .times import MAX_EXPRESSIONS, find_times

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The parse reads a body up to this many characters (about 17,000 words, far beyond a news story;
# the times are read over the whole body): parsing is linear, about 20 s for 100,000 characters on
# a busy core, so a 2 MB page finishes within the per-document time limit with what it holds.
MAX_PARSED_CHARS = 100_000
# Bodies longer than this are parsed alone (in `enrich_article`), not in a batch: a batch's time
# is then bounded by its size, and one long body does not hold up the others.
BATCH_MAX_CHARS = 50_000


def _reading_language(article: Article) -> str:
    """The language whose rules and parse read the article."""
    language = article.language or "en"
    return READ_AS.get(language, language)


def _parsed_text(article: Article, nlp: Language) -> str | None:
    """The part of the body the parse reads (None: no parse, as for an empty body or another language)."""
    body = article.body or ""
    if not body.strip() or _reading_language(article) != nlp.lang:
        return None
    # spaCy refuses a text over the pipeline's max_length.
    return body[:min(nlp.max_length, MAX_PARSED_CHARS)]


def parse_articles(articles: Sequence[Article | None], *, pipeline: str = DEFAULT_PIPELINE) -> Iterator[Doc | None]:
    """One Doc per article, in order, parsed in batches (`nlp.pipe`); None for an article the
    batch leaves out (no article, nothing to parse, or a body over BATCH_MAX_CHARS)."""
    nlp = load_pipeline(pipeline)
    texts = [None if article is None else _parsed_text(article, nlp) for article in articles]
    batched = [text for text in texts if text is not None and len(text) <= BATCH_MAX_CHARS]
    docs = nlp.pipe(batched, batch_size=BATCH_SIZE)
    for text in texts:
        yield next(docs) if text is not None and len(text) <= BATCH_MAX_CHARS else None


def article_doc(article: Article, *, pipeline: str = DEFAULT_PIPELINE, doc: Doc | None = None) -> Doc | None:
    """The parse enrichment reads for `article`: `doc` when it is that (from `parse_articles`), else
    parsed here; None when the body is not parsed (empty, or a language without a pipeline)."""
    nlp = load_pipeline(pipeline)
    text = _parsed_text(article, nlp)
    if text is None:
        return None
    if doc is None or _end(doc) != len(text):  # (not doc.text: spaCy joins every token for it)
        doc = nlp(text)
    return doc


def _end(doc: Doc) -> int:
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def enrich_article(article: Article, *, pipeline: str = DEFAULT_PIPELINE,
                   known: KnownActors | None = None, doc: Doc | None = None) -> Enrichment:
    """Entities, actors, places, times and quotes of `article`'s body (`doc`: its parse, from
    `parse_articles`; None: parsed here)."""
    body = article.body or ""
    result = Enrichment()
    if not body.strip():
        return result
    language = _reading_language(article)
    result.times = find_times(body, article.published_at, language)
    if len(result.times) >= MAX_EXPRESSIONS:
        result.skipped.append(f"times read up to the first {MAX_EXPRESSIONS:,} expressions, "
                              f"to character {result.times[-1].end:,} of {len(body):,}")
    nlp = load_pipeline(pipeline)
    text = _parsed_text(article, nlp)
    if text is None:
        result.skipped.append(f"no spaCy pipeline for language {language!r} ({pipeline} reads {nlp.lang!r}): "
                              "entities, actors, places and quotes not read")
        return result
    if len(text) < len(body):
        result.skipped.append(f"body parsed up to {len(text):,} characters of {len(body):,}: entities, actors, "
                              "places and quotes read up to there")
    doc = article_doc(article, pipeline=pipeline, doc=doc)
    assert doc is not None  # (the body has a parsed text)
    result.entities = named_entities(doc)
    dateline_place = article.dateline.place if article.dateline else None
    places = resolve_places(doc, dateline_place=dateline_place)
    result.places, result.focus_place = places.mentions, places.focus
    # The dateline ("DOHA (APP) -") says where the story was filed and who sent it: a place and a
    # credit, not actors of the story.
    credit_end = _dateline_end(article, body)
    result.actors = [m for m in resolve_actors(doc, places=places.mentions, known=known) if m.start >= credit_end]
    result.quotes = find_quotes(doc)
    attach_speakers(result.quotes, [(m.start, m.end, m.actor.id) for m in result.actors if m.actor is not None])
    return result


def _dateline_end(article: Article, body: str) -> int:
    """Where the dateline printed at the head of the body ends (0 when it is not there)."""
    printed = article.dateline.text if article.dateline else None
    if not printed:
        return 0
    at = body.find(printed, 0, 300 + len(printed))
    return at + len(printed) if at >= 0 else 0
