"""Publication dates: each signal on realistic (fictional) markup, the conflicts between them,
and the free-text date parser that the text-dump extractor shares."""

from __future__ import annotations

import json

import pytest

from dateline.extract.dates import DateResult, find_dates
from dateline.extract.dates_structured import url_date
from dateline.extract.datetext import find_date_spans, parse_date_text, parse_date_value
from dateline.extract.parse import parse_html
from dateline.extract.structured import read_structured

BODY = """
<p>The regional council voted on Tuesday to extend the ferry subsidy for another two years, after a
debate that ran late into the evening and drew more than two hundred residents to the town hall.</p>
<p>Opponents argued that the money would be better spent on the harbour road, which has been closed
for repairs since the spring storms; supporters said the island communities had no other link.</p>
"""


def dates_of(html: str, url: str | None = None) -> DateResult:
    tree = parse_html(html)
    return find_dates(tree, read_structured(tree), url)


def page(head: str = "", article: str = "", after: str = "", lang: str = "en") -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Ferry subsidy extended</title>
{head}</head><body>
<nav class="site-nav"><a href="/">Home</a> <a href="/local">Local</a></nav>
<main><article>
<h1>Council extends ferry subsidy for two more years</h1>
{article}
{BODY}
</article>
{after}
</main>
<footer class="site-footer">© 2025 The Harbour Gazette</footer>
</body></html>"""


def ld(obj: dict | list) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# --- structured data ---------------------------------------------------------------------------


def test_json_ld_article_date_with_offset_and_modified() -> None:
    head = ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council extends ferry subsidy",
               "datePublished": "2025-02-26T22:29:00+05:00", "dateModified": "2025-02-27T08:10:00+05:00"})
    res = dates_of(page(head))
    assert res.published == "2025-02-26T22:29:00+05:00"
    assert res.published_evidence == "json-ld datePublished"
    assert res.modified == "2025-02-27T08:10:00+05:00"


def test_json_ld_ignores_image_and_organisation_dates() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "name": "The Harbour Gazette", "foundingDate": "1998-05-01"},
        {"@type": "ImageObject", "url": "https://example.org/ferry.jpg", "datePublished": "2019-07-14",
         "uploadDate": "2019-07-14"},
        {"@type": "WebPage", "@id": "https://example.org/local/ferry", "datePublished": "2025-03-01T09:00:00Z"},
        {"@type": "NewsArticle", "headline": "Council extends ferry subsidy", "datePublished": "2025-02-26T18:00:00Z",
         "image": {"@type": "ImageObject", "datePublished": "2019-07-14"}},
    ]}
    res = dates_of(page(ld(graph)))
    assert res.published == "2025-02-26T18:00:00+00:00"


def test_meta_published_time_without_json_ld() -> None:
    head = ('<meta property="article:published_time" content="2024-11-05T07:45:00+01:00">'
            '<meta property="article:modified_time" content="2024-11-06T10:00:00+01:00">')
    res = dates_of(page(head))
    assert res.published == "2024-11-05T07:45:00+01:00"
    assert res.published_evidence == "meta article:published_time"
    assert res.modified == "2024-11-06T10:00:00+01:00"


@pytest.mark.parametrize("name", ["DC.date.issued", "sailthru.date", "parsely-pub-date", "pubdate", "publish-date"])
def test_other_publication_meta_names(name: str) -> None:
    res = dates_of(page(f'<meta name="{name}" content="2023-06-14">'))
    assert res.published == "2023-06-14"
    assert res.published_evidence == f"meta {name.lower()}"


def test_structured_sources_that_disagree_take_the_earliest() -> None:
    # Some sites overwrite datePublished with every edit; the meta still has the first day.
    head = (ld({"@type": "NewsArticle", "datePublished": "2024-04-25T07:25:06+00:00"})
            + '<meta property="article:published_time" content="2024-04-22T21:25:06+00:00">')
    assert dates_of(page(head)).published == "2024-04-22T21:25:06+00:00"


def test_broken_json_ld_still_gives_its_date() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry "subsidy"",'
            ' "datePublished": "2022-10-26T18:10:00+01:00"}</script>')
    assert dates_of(page(head)).published[:10] == "2022-10-26"


# --- the DOM ---------------------------------------------------------------------------------


def test_time_element_in_article_not_in_related_list() -> None:
    article = ('<p class="byline">By Ana Ruiz · <time class="entry-date published" datetime="2025-01-14T06:30:00-05:00">'
               'January 14, 2025</time></p>')
    related = """<aside class="related-stories"><h2>More from Local</h2><ul>
      <li><a href="/a">Harbour road reopens</a> <time datetime="2025-01-20T09:00:00-05:00">Jan 20</time></li>
      <li><a href="/b">Storm damage tallied</a> <time datetime="2024-12-02T09:00:00-05:00">Dec 2</time></li>
    </ul></aside>"""
    res = dates_of(page(article=article, after=related))
    assert res.published == "2025-01-14T06:30:00-05:00"
    assert res.published_evidence == "time element"


def test_itemprop_date_published_in_article() -> None:
    article = '<div class="meta"><span itemprop="datePublished" content="2021-09-03T12:00:00+02:00">3 September 2021</span></div>'
    res = dates_of(page(article=article))
    assert res.published == "2021-09-03T12:00:00+02:00"
    assert res.published_evidence == "itemprop datePublished"


def test_comment_dates_do_not_win() -> None:
    article = '<p class="post-meta">Posted on 3 March 2019</p>'
    comments = """<section id="comments" class="comments"><ol class="comment-list">
      <li class="comment"><span class="comment-date">12 March 2019</span> Great piece.</li>
      <li class="comment"><span class="comment-date">2 February 2020</span> Still relevant.</li>
    </ol></section>"""
    assert dates_of(page(article=article, after=comments)).published == "2019-03-03"


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/2024/03/05/council-extends-ferry-subsidy/", "2024-03-05"),
    ("https://example.org/news/2024-03-05-council-extends-ferry-subsidy", "2024-03-05"),
    ("https://example.org/meldungen/29-10-2021", "2021-10-29"),
    ("https://example.org/2023/10/3-questions-for-the-mayor/", None),  # a month archive, then a title
    ("https://example.org/story/20240305/ferry", "2024-03-05"),
    ("https://example.org/products/item-12345", None),
])
def test_url_dates(url: str, expected: str | None) -> None:
    assert url_date(url) == expected


def test_url_date_when_the_page_says_nothing_else() -> None:
    res = dates_of(page(), url="https://example.org/2024/03/05/council-extends-ferry-subsidy/")
    assert (res.published, res.published_evidence) == ("2024-03-05", "url")


def test_url_earlier_than_metadata_wins() -> None:
    # A site that re-stamped its archive on migration: the URL keeps the original day.
    head = '<meta property="article:published_time" content="2019-06-17T18:28:00+02:00">'
    res = dates_of(page(head), url="https://example.org/home/2017/7/12/under-the-lighthouse")
    assert res.published == "2017-07-12"


# --- visible text, in several languages ----------------------------------------------------


def test_german_byline() -> None:
    article = '<div class="article-info">Veröffentlicht am 26. Februar 2025, 14:30 Uhr</div>'
    res = dates_of(page(article=article, lang="de"))
    assert res.published == "2025-02-26T14:30"
    assert res.published_evidence == "byline text"


def test_french_byline() -> None:
    article = '<p class="auteur">Par Claire Martin, publié le 1er mars 2024 à 18h05</p>'
    assert dates_of(page(article=article, lang="fr")).published == "2024-03-01T18:05"


def test_spanish_byline() -> None:
    article = '<span class="fecha">Publicado el 26 de febrero de 2025 - 22:29 CET</span>'
    assert dates_of(page(article=article, lang="es")).published == "2025-02-26T22:29+01:00"


def test_updated_then_published_in_one_line() -> None:
    article = '<div class="dateline">Updated 4 March 2025 · Published 2 March 2025</div>'
    res = dates_of(page(article=article))
    assert res.published == "2025-03-02"


def test_us_and_european_numeric_orders() -> None:
    article = '<p class="date">03/04/2025</p>'
    assert dates_of(page(article=article, lang="en-US")).published == "2025-03-04"
    assert dates_of(page(article=article, lang="de-DE")).published == "2025-04-03"
    dotted = '<p class="date">03.04.2025</p>'
    assert dates_of(page(article=dotted, lang="en-US")).published == "2025-04-03"


def test_date_in_plain_text_under_the_headline() -> None:
    article = "<p>January 18, 2020</p>"
    assert dates_of(page(article=article)).published == "2020-01-18"


def test_future_dates_are_ignored() -> None:
    article = '<p class="date">Event on 12 May 2099</p><p class="date">Posted 2 May 2023</p>'
    assert dates_of(page(article=article)).published == "2023-05-02"


def test_utc_timestamp_reexpressed_in_the_bylines_zone() -> None:
    # 02:10 UTC on the 20th is 21:10 on the 19th in New York, which is what the page shows.
    head = '<meta property="article:published_time" content="2020-01-20T02:10:00+00:00">'
    article = '<p class="byline">By Sam Lee | January 19, 2020 9:10 PM</p>'
    res = dates_of(page(head, article))
    assert res.published == "2020-01-19T21:10:00-05:00"


def test_shown_update_does_not_replace_the_publication() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2024-06-29T17:29:54+00:00",
               "dateModified": "2024-06-30T09:46:00+00:00"})
    article = '<p class="meta"><time datetime="2024-06-30T09:46:00+00:00">30 June 2024</time></p>'
    assert dates_of(page(head, article)).published == "2024-06-29T17:29:54+00:00"


def test_no_date_at_all() -> None:
    res = dates_of("<html><body><h1>About us</h1><p>We sell boats.</p></body></html>")
    assert res.published is None or res.published_evidence == "htmldate (fallback)"


# --- the free-text parser ------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Published February 26, 2025 | 10:29 PM", ("2025-02-26T22:29", True)),
    ("Veröffentlicht am 26. Februar 2025, 14:30 Uhr", ("2025-02-26T14:30", True)),
    ("Stand: 17.01.2023 15:37 Uhr", ("2023-01-17T15:37", True)),
    ("publié le 1er mars 2024 à 18h05", ("2024-03-01T18:05", True)),
    ("26 de febrero de 2025", ("2025-02-26", False)),
    ("pubblicato il 3 maggio 2022 alle 09:15", ("2022-05-03T09:15", True)),
    ("gepubliceerd op 12 maart 2021", ("2021-03-12", False)),
    ("26 февраля 2025, 13:45", ("2025-02-26T13:45", True)),
    ("15 listopada 2023", ("2023-11-15", False)),
    ("2025年2月26日 10:29", ("2025-02-26T10:29", True)),
    ("Feb. 3, 2021 at 5:42 p.m.", ("2021-02-03T17:42", True)),
    ("Mon, 26 Feb 2025 22:29:00 GMT", ("2025-02-26T22:29:00+00:00", True)),
    ("Sept. 14, 2020", ("2020-09-14", False)),
    ("Updated: 2019-05-03 08:00 UTC+2", ("2019-05-03T08:00+02:00", True)),
    ("07 أكتوبر 2020", ("2020-10-07", False)),
])
def test_parse_date_text(text: str, expected: tuple[str, bool]) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["1 day ago", "12.5 million in 2020", "Call 0800 123 456", "March 2030", ""])
def test_parse_date_text_rejects_non_dates(text: str) -> None:
    assert parse_date_text(text) is None


def test_parse_date_text_order_by_language() -> None:
    assert parse_date_text("03/04/2025", languages=["en"]) == ("2025-03-04", False)
    assert parse_date_text("03/04/2025", languages=["fr"]) == ("2025-04-03", False)
    assert parse_date_text("13/04/2025", languages=["en"]) == ("2025-04-13", False)  # no 13th month


def test_find_date_spans_positions() -> None:
    text = "Posted 2 May 2023, updated 4 May 2023 at 10:00"
    spans = find_date_spans(text)
    assert [s.iso for s in spans] == ["2023-05-02", "2023-05-04T10:00"]
    assert text[spans[0].start:spans[0].end] == "2 May 2023"


@pytest.mark.parametrize("value, expected", [
    ("2025-02-26T22:29:00+05:00", ("2025-02-26T22:29:00+05:00", True)),
    ("2025-02-26T22:29:00.000Z", ("2025-02-26T22:29:00+00:00", True)),
    ("2025-02-26T22:29:00+0500", ("2025-02-26T22:29:00+05:00", True)),
    ("2025-02-26", ("2025-02-26", False)),
    ("20250226", ("2025-02-26", False)),
    (1582700000, ("2020-02-26T06:53:20+00:00", True)),
    ("Wed, 26 Feb 2025 22:29:00 +0000", ("2025-02-26T22:29:00+00:00", True)),
    ("2099-01-01", None),
    ("1990-01-01", None),
])
def test_parse_date_value(value: object, expected: tuple[str, bool] | None) -> None:
    assert parse_date_value(value) == expected


def test_through_the_whole_extractor() -> None:
    import dateline

    head = ld({"@type": "NewsArticle", "headline": "Council extends ferry subsidy",
               "datePublished": "2025-02-26T22:29:00+05:00"})
    art = dateline.extract(page(head), url="https://example.org/local/ferry-subsidy")
    assert art.published == "2025-02-26T22:29:00+05:00"
    assert art.evidence["published"] == "json-ld datePublished"
