"""Defects a hand check of real news pages found, each on a realistic (fictional) page."""

from __future__ import annotations

import json

from dateline.extract.metadata import Metadata, read_metadata
from dateline.extract.parse import parse_html
from dateline.extract.structured import read_structured

URL = "https://www.valleyherald.example/politics/2025/04/council-budget-vote"


def meta_of(html: str, url: str | None = URL) -> Metadata:
    tree = parse_html(html)
    return read_metadata(tree, read_structured(tree), url)


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>
<body><header><a class="logo" href="/">Valley Herald</a><nav><a href="/politics">Politics</a>
<a href="/sport">Sport</a></nav></header><main>{body}</main>
<footer><p>© 2025 Valley Herald Media</p></footer></body></html>"""


STORY = "".join(f"<p>{s}</p>" for s in (
    "The city council approved a budget of 412 million on Tuesday after a session that ran past midnight.",
    "Councillors argued for hours over the money set aside for road repairs and the new library branch.",
    "The mayor said the compromise kept property taxes flat for a third year while funding more bus routes.",
    "Opposition members said the plan relied on optimistic forecasts of sales tax receipts next year.",
    "The budget takes effect on July 1, and the first quarterly review is scheduled for October.",
))


# --- 9. tags are a list, however the page joins them --------------------------------------------

def test_comma_joined_article_tag_is_split_into_tags() -> None:
    md = meta_of(page(head='<meta property="article:tag" content="BUDGET,COUNCIL,TAXES,LOCALGOV">',
                      body=f"<article><h1>Council passes budget</h1>{STORY}</article>"))
    assert md.tags == ["BUDGET", "COUNCIL", "TAXES", "LOCALGOV"]


def test_json_ld_keywords_list_holding_one_joined_string_is_split() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council passes budget",
          "keywords": ["budget, council", "property taxes"]}
    md = meta_of(page(head=f'<script type="application/ld+json">{json.dumps(ld)}</script>',
                      body=f"<article><h1>Council passes budget</h1>{STORY}</article>"))
    assert md.tags == ["budget", "council", "property taxes"]


# --- 5b, 6. titles without kickers, site names and section labels ----------------------------------

def test_kicker_span_inside_the_h1_is_not_part_of_the_title() -> None:
    html = page(
        head='<meta property="og:title" content="Budget row: «We cannot pave every road at once»">'
             '<meta property="og:site_name" content="Valley Herald">',
        body='<article><h1 class="story-title" itemprop="headline">'
             '<span class="story-title__overline">Council in deadlock</span>'
             '<span class="offscreen" aria-hidden="true"> - </span>'
             '<span class="story-title__text">«We cannot pave every road at once»</span></h1>'
             f'{STORY}</article>')
    assert meta_of(html).title == "«We cannot pave every road at once»"


def test_section_label_glued_to_the_title_before_the_site_name_is_dropped() -> None:
    html = page(
        head="<title>의회, 예산안 통과… 도로 보수 예산 두고 진통-정치ㅣ밸리헤럴드</title>"
             '<meta property="og:title" content="의회, 예산안 통과… 도로 보수 예산 두고 진통-정치ㅣ밸리헤럴드">'
             '<meta property="og:site_name" content="밸리헤럴드">'
             '<meta name="content_category" content="정치">',
        body="<div><p>시의회는 화요일 밤늦게까지 이어진 회의 끝에 4억 1200만 달러 규모의 예산안을 통과시켰다.</p></div>",
        lang="ko")
    assert meta_of(html).title == "의회, 예산안 통과… 도로 보수 예산 두고 진통"


def test_a_hyphenated_title_that_does_not_end_with_the_section_keeps_its_hyphen() -> None:
    html = page(
        head='<meta property="og:title" content="Stadtrat streitet über Bus-Takt">'
             '<meta property="article:section" content="Politik">',
        body=f"<article>{STORY}</article>", lang="de")
    assert meta_of(html).title == "Stadtrat streitet über Bus-Takt"


# --- 5a. editors' initials are not an agency -------------------------------------------------------

def test_editors_initials_in_the_author_microdata_are_no_agency() -> None:
    html = page(
        head='<meta property="og:site_name" content="Valley Herald (VH)">',
        body=f'<article><h1>Council passes budget</h1>{STORY}'
             '<p class="article-footer">VH Radio, 15.4.2025, 10:05 Uhr; <span itemprop="author">vh/jkl;mrt</span></p>'
             '</article>')
    md = meta_of(html, "https://www.vh.example/news/council-budget")
    assert md.agency is None
    assert md.authors == []


def test_a_known_wire_in_lowercase_is_still_an_agency() -> None:
    html = page(body=f'<article><h1>Council passes budget</h1>{STORY}'
                     '<p><span itemprop="author">dpa</span></p></article>')
    assert meta_of(html).agency == "dpa"
