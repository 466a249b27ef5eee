"""`dateline.analyze`: one page or text, extracted, enriched and coded for events, in memory (nothing is stored)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .model import Article, Enrichment, Event, Page, Processed
from .pipeline import Pipeline, StageFailed, process_pipeline

STAGES = ("extract", "enrich", "events")


@dataclass
class Analysis:
    """An article, what enrichment found in its body and the events it reports (offsets into `article.body`)."""

    article: Article
    enrichment: Enrichment
    events: list[Event] = field(default_factory=list)


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
    return _analysis(_checked(pipeline(item, only=["enrich", "events"])))


def analyze_text(text: str, published: str | None = None, language: str | None = None,
                 settings: Settings | None = None) -> Analysis:
    """Enrich clean article text as given (no extraction): offsets are into `text` itself.
    `language` defaults to what the text reads as."""
    from .extract.language import detect_language

    article = Article(body=text, published=published, language=language or detect_language(text) or "en",
                      is_article=True)
    item = Processed(Page(content=text), article=article)
    return _analysis(_checked(_pipeline(settings or Settings())(item, only=["enrich", "events"])))


def events(article_or_analysis: Article | Analysis | str | bytes, published: str | None = None,
           settings: Settings | None = None) -> list[Event]:
    """The events an article reports: of an `Analysis` (as analysed), an `Article` (enriched and coded
    here), or a page's HTML or text (analysed here).

        for event in dateline.events(html):
            print(event.type, [a.name for a in event.actors], event.date, event.mentions[0].sentence.text)
    """
    if isinstance(article_or_analysis, Analysis):
        return article_or_analysis.events
    if isinstance(article_or_analysis, Article):
        item = Processed(Page(content=article_or_analysis.body or ""), article=article_or_analysis)
        return _analysis(_checked(_pipeline(settings or Settings())(item, only=["enrich", "events"]))).events
    return analyze(article_or_analysis, published=published, settings=settings).events


def _analysis(item: Processed) -> Analysis:
    assert item.article is not None
    return Analysis(item.article, item.outputs["enrich"], item.outputs.get("events", []))


def _pipeline(settings: Settings) -> Pipeline:
    """The process's pipeline, without a knowledge base an ingest in this process may have given it."""
    pipeline = process_pipeline(settings, STAGES)
    pipeline.use_known_actors(None)
    return pipeline


def _checked(item: Processed) -> Processed:
    if item.failure is not None:
        raise StageFailed(item.failure.code, item.failure.message)
    return item
