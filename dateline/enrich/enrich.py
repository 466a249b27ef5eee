"""One article's enrichment: its body parsed once, then times, places, actors and quotes read from it.

Pure: an `Article` in, an `Enrichment` out, no I/O. The spaCy pipeline and the tables are loaded
once per process by the callers' `load` (the stage) or on first use. Times are read on the text
in any language extraction knows; the parse-based steps need a pipeline for the article's
language, and say so in `skipped` when there is none.
"""

from __future__ import annotations

from ..model import Article, Enrichment
from .actors import named_entities, resolve_actors
from .actors_known import KnownActors
from .nlp import DEFAULT_PIPELINE, load_pipeline
from .places import resolve_places
from .quotes import attach_speakers, find_quotes
from .times import find_times


def enrich_article(article: Article, *, pipeline: str = DEFAULT_PIPELINE,
                   known: KnownActors | None = None) -> Enrichment:
    """Entities, actors, places, times and quotes of `article`'s body."""
    body = article.body or ""
    result = Enrichment()
    if not body.strip():
        return result
    language = article.language or "en"
    result.times = find_times(body, article.published_at, language)
    nlp = load_pipeline(pipeline)
    if language != nlp.lang:
        result.skipped.append(f"no spaCy pipeline for language {language!r} ({pipeline} reads {nlp.lang!r}): "
                              "entities, actors, places and quotes not read")
        return result
    # spaCy refuses a text over the pipeline's max_length: the body is parsed up to it (its times
    # are read over the whole body above).
    text = body[:nlp.max_length]
    if len(text) < len(body):
        result.skipped.append(f"body parsed up to {nlp.max_length:,} characters of {len(body):,}")
    doc = nlp(text)
    result.entities = named_entities(doc)
    dateline_place = article.dateline.place if article.dateline else None
    places = resolve_places(doc, dateline_place=dateline_place)
    result.places, result.focus_place = places.mentions, places.focus
    result.actors = resolve_actors(doc, places=places.mentions, known=known)
    result.quotes = find_quotes(doc)
    attach_speakers(result.quotes, [(m.start, m.end, m.actor.id) for m in result.actors if m.actor is not None])
    return result
