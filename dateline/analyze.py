"""`dateline.analyze`: one page or text, extracted and enriched, in memory (nothing is stored)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .model import Article, Enrichment, Page, Processed
from .pipeline import Pipeline, StageFailed, process_pipeline

STAGES = ("extract", "enrich")


@dataclass
class Analysis:
    """An article and what enrichment found in its body (offsets into `article.body`)."""

    article: Article
    enrichment: Enrichment


def analyze(html_or_text: str | bytes | Path, url: str | None = None, published: str | None = None,
            settings: Settings | None = None) -> Analysis:
    """Extract the article from a page (HTML or a text dump) and enrich it.

        result = dateline.analyze(html, url="https://example.com/news/1")
        [(t.text, t.value) for t in result.enrichment.times]

    `published` (ISO 8601) anchors relative times when the page gives no date, or overrides it.
    Raises `StageFailed` when the input is no page, as `dateline.extract` raises.
    """
    settings = settings or Settings()
    content = html_or_text.read_bytes() if isinstance(html_or_text, Path) else html_or_text
    pipeline = _pipeline(settings)
    item = _checked(pipeline(Page(content=content, url=url), only=["extract"]))
    article = item.article
    assert article is not None  # extraction either fails or gives an article
    if published:
        article.published = published
    item = _checked(pipeline(item, only=["enrich"]))
    return Analysis(article, item.outputs["enrich"])


def analyze_text(text: str, published: str | None = None, language: str | None = None,
                 settings: Settings | None = None) -> Analysis:
    """Enrich clean article text as given (no extraction): offsets are into `text` itself.
    `language` defaults to what the text reads as."""
    from .extract.language import detect_language

    article = Article(body=text, published=published, language=language or detect_language(text) or "en",
                      is_article=True)
    item = Processed(Page(content=text), article=article)
    item = _checked(_pipeline(settings or Settings())(item, only=["enrich"]))
    return Analysis(article, item.outputs["enrich"])


def _pipeline(settings: Settings) -> Pipeline:
    """The process's pipeline, without a knowledge base an ingest in this process may have given it."""
    pipeline = process_pipeline(settings, STAGES)
    pipeline.use_known_actors(None)
    return pipeline


def _checked(item: Processed) -> Processed:
    if item.failure is not None:
        raise StageFailed(item.failure.code, item.failure.message)
    return item
