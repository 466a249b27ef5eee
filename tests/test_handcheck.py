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
