"""Article metadata from realistic (fictional) news pages, one signal at a time."""

from __future__ import annotations

import json

from dateline.extract.metadata import Metadata, read_metadata
from dateline.extract.metadata_site import strip_site
from dateline.extract.parse import parse_html
from dateline.extract.structured import read_structured


def meta_of(html: str, url: str | None = "https://www.harbourtimes.example/news/2025/03/ferry-strike") -> Metadata:
    tree = parse_html(html)
    return read_metadata(tree, read_structured(tree), url)


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>
<body><header><a class="logo" href="/">Harbour Times</a><nav><a href="/news">News</a></nav></header>
<main>{body}</main><footer><p class="footer-author">Site by Example Studio</p></footer></body></html>"""


GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "@id": "https://www.harbourtimes.example/#website", "name": "Harbour Times"},
        {"@type": "Person", "@id": "https://www.harbourtimes.example/#/person/ines", "name": "Inès Carvalho"},
        {
            "@type": "NewsArticle",
            "headline": "Ferry workers walk out over night-shift rota",
            "alternativeHeadline": "Crossings to the islands cancelled until Thursday",
            "author": [
                {"@id": "https://www.harbourtimes.example/#/person/ines"},
                {"@type": "Person", "name": "Tom O&#8217;Reilly", "jobTitle": "Transport Correspondent"},
                {"@type": "Organization", "name": "Reuters"},
            ],
            "articleSection": "Local",
            "keywords": "ferries, strikes, transport",
            "image": {"@type": "ImageObject", "url": "https://cdn.harbourtimes.example/img/ferry.jpg",
                      "caption": "The MV Gannet at the pier", "creditText": "Harbour Times/Ana Lobo"},
            "publisher": {"@type": "NewsMediaOrganization", "name": "Harbour Times"},
        },
    ],
}


def test_json_ld_graph_people_and_organisation() -> None:
    html = page(
        head=f'<script type="application/ld+json">{json.dumps(GRAPH)}</script>'
             '<meta property="og:title" content="Ferry workers walk out over night-shift rota | Harbour Times">'
             '<meta property="og:site_name" content="Harbour Times">'
             '<link rel="canonical" href="https://www.harbourtimes.example/news/ferry-strike">',
        body="<article><h1>Ferry workers walk out over night-shift rota</h1><p>Crews stayed ashore.</p></article>",
    )
    md = meta_of(html)
    assert md.title == "Ferry workers walk out over night-shift rota"
    assert md.evidence["title"].startswith("h1")
    assert md.authors == ["Inès Carvalho", "Tom O’Reilly"]
    assert md.agency == "Reuters"
    assert md.evidence["authors"] == "json-ld"
    assert md.subtitle == "Crossings to the islands cancelled until Thursday"
    assert md.section == "Local"
    assert md.tags == ["ferries", "strikes", "transport"]
    assert md.site_name == "Harbour Times"
    assert md.language == "en"
    assert md.canonical_url == "https://www.harbourtimes.example/news/ferry-strike"
    ferry = [im for im in md.images if im.url.endswith("ferry.jpg")]
    assert ferry and ferry[0].caption == "The MV Gannet at the pier" and ferry[0].credit == "Harbour Times/Ana Lobo"


def test_site_suffixes_and_prefixes_are_removed() -> None:
    sites = ["TechCrunch", "WELT", "techcrunch.com"]
    assert strip_site("How RPA vendors aim to stay relevant | TechCrunch", sites) == "How RPA vendors aim to stay relevant"
    assert strip_site("Steuerreform: Was sich 2026 ändert - WELT", sites) == "Steuerreform: Was sich 2026 ändert"
    assert strip_site("WELT - Steuerreform: Was sich 2026 ändert", sites) == "Steuerreform: Was sich 2026 ändert"
    # A dash inside the headline is not a suffix.
    assert strip_site("Storms hit coast - and more are coming", sites) == "Storms hit coast - and more are coming"
    # A headline that opens with a dash keeps it.
    assert strip_site("- Angsten vil øke", ["Dagbladet"]) == "- Angsten vil øke"


def test_title_prefers_visible_h1_and_keeps_typographic_quotes() -> None:
    html = page(
        head='<meta property="og:title" content="Mayor’s ‘bold’ budget passes – Harbour Times">'
             '<meta property="og:site_name" content="Harbour Times">'
             "<title>Mayor’s ‘bold’ budget passes – Harbour Times</title>",
        body="<article><h1 class='headline'>Mayor’s ‘bold’ budget passes</h1><p>Text.</p></article>",
    )
    md = meta_of(html)
    assert md.title == "Mayor’s ‘bold’ budget passes"


def test_title_falls_back_to_title_tag_without_site_name() -> None:
    html = page(head="<title>Council approves new cycle lanes - Harbour Times</title>", body="<p>Body.</p>")
    assert meta_of(html).title == "Council approves new cycle lanes"


def test_microdata_author_and_headline() -> None:
    html = page(body="""
<article itemscope itemtype="https://schema.org/NewsArticle">
  <h1 itemprop="headline">Lighthouse keeper retires after 40 years</h1>
  <div class="meta"><span itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span itemprop="name">Gwen Pryce</span></span></div>
  <p>She climbed the 112 steps every night.</p>
  <aside itemscope itemtype="https://schema.org/NewsArticle">
    <span itemprop="author">Other Writer</span></aside>
</article>""")
    md = meta_of(html)
    assert md.title == "Lighthouse keeper retires after 40 years"
    assert md.authors == ["Gwen Pryce"]
    assert md.evidence["authors"] == "microdata"


def test_meta_author_split_into_people_and_agency() -> None:
    html = page(head='<meta name="author" content="Felix Roth und Jana Weiß, dpa">',
                body="<h1>Hochwasser an der Elbe: Pegel steigt weiter</h1>", lang="de")
    md = meta_of(html, url="https://www.elbkurier.example/region/hochwasser")
    assert md.authors == ["Felix Roth", "Jana Weiß"]
    assert md.agency == "dpa"
    assert md.language == "de"


def test_rel_author_links() -> None:
    html = page(body="""<article><h1>Harbour dredging to start in May</h1>
<p class="meta">By <a rel="author" href="/authors/liam">Liam Kerr</a> and
<a rel="author" href="/authors/sofia">Sofia Ahmed</a></p><p>Work will take six weeks.</p></article>""")
    md = meta_of(html)
    assert md.authors == ["Liam Kerr", "Sofia Ahmed"]
    assert md.evidence["authors"] == "rel=author"


def test_visible_byline_with_date_and_handle() -> None:
    html = page(body="""<article><h1>Island school reopens</h1>
<div class="article-byline">By Nadia Haddad (@nadiah) · Published March 4, 2025 | 10:29 AM</div>
<figure><img src="/img/school.jpg" alt="Pupils"><figcaption>Pupils return on Monday.
<span class="credit">Photo: Ana Lobo</span></figcaption></figure>
<div class="related"><span class="author">By Someone Else</span></div></article>""")
    md = meta_of(html)
    assert md.authors == ["Nadia Haddad"]
    assert md.evidence["authors"] == "byline pattern"
    school = [im for im in md.images if im.url.endswith("/img/school.jpg")][0]
    assert school.url == "https://www.harbourtimes.example/img/school.jpg"
    assert school.caption == "Pupils return on Monday."
    assert school.credit == "Photo: Ana Lobo"


def test_german_byline_von_with_agency() -> None:
    html = page(body="""<article><h1>Bahnstreik legt Nahverkehr lahm</h1>
<p class="autor">Von Katrin Bauer, dpa</p><p>Pendler mussten ausweichen.</p></article>""", lang="de-DE")
    md = meta_of(html, url="https://www.nordblatt.example/wirtschaft/bahnstreik")
    assert md.authors == ["Katrin Bauer"]
    assert md.agency == "dpa"
    assert md.language == "de"


def test_site_as_author_yields_to_visible_byline() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Tram line extended",
          "author": {"@type": "Organization", "name": "Harbour Times"}}
    html = page(head=f'<script type="application/ld+json">{json.dumps(ld)}</script>'
                     '<meta property="og:site_name" content="Harbour Times">',
                body="<article><h1>Tram line extended</h1><span class='byline'>By Ruth Okafor</span></article>")
    md = meta_of(html)
    assert md.authors == ["Ruth Okafor"]
    assert md.agency is None


def test_organisation_only_byline_goes_to_agency() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Markets close higher",
          "author": [{"@type": "Person", "name": "Associated Press"}]}
    html = page(head=f'<script type="application/ld+json">{json.dumps(ld)}</script>',
                body="<h1>Markets close higher</h1>")
    md = meta_of(html)
    assert md.authors == []
    assert md.agency == "Associated Press"


def test_yoast_written_by_label() -> None:
    html = page(head='<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Omar Haddad">',
                body="<h1>Night buses return to the old town</h1>")
    md = meta_of(html)
    assert md.authors == ["Omar Haddad"]
    assert md.evidence["authors"] == "meta"


def test_kicker_dropped_when_another_signal_has_the_bare_headline() -> None:
    html = page(head='<meta property="og:title" content="Ferry fares to rise by a fifth">'
                     '<meta property="og:site_name" content="Harbour Times">',
                body="<article><h1><span class='kicker'>Transport</span><span>: </span>"
                     "<span>Ferry fares to rise by a fifth</span></h1></article>")
    md = meta_of(html)
    assert md.title == "Ferry fares to rise by a fifth"


def test_quoted_opening_is_not_a_kicker() -> None:
    html = page(head='<meta property="og:title" content="economists weigh in on the jobs report">'
                     """<script type="application/ld+json">{"@type": "NewsArticle",
                     "headline": "'Ends recession debate': economists weigh in on the jobs report"}</script>""",
                body="<h1>'Ends recession debate': economists weigh in on the jobs report</h1>")
    assert meta_of(html).title == "'Ends recession debate': economists weigh in on the jobs report"


def test_empty_page_is_harmless() -> None:
    md = meta_of("<html><body><p>nothing here</p></body></html>", url=None)
    assert md.title is None and md.authors == [] and md.agency is None and md.images == []


def test_site_names_recognise_the_site_itself() -> None:
    html = page(head='<meta property="og:site_name" content="Harbour Times">', body="<h1>Tide tables</h1>")
    md = meta_of(html)
    assert md.names_site("Harbour Times") and md.names_site("harbourtimes.example")
    assert not md.names_site("Reuters")


def test_logo_h1_does_not_beat_the_title_tag() -> None:
    html = page(head="<title>Council approves new cycle lanes – Harbour Times</title>",
                body="<h1 class='logo'>Harbour Times</h1><article><h2>Council approves new cycle lanes</h2></article>")
    assert meta_of(html).title == "Council approves new cycle lanes"


def test_renditions_of_one_picture_merge() -> None:
    html = page(head='<meta property="og:image" content="https://cdn.harbourtimes.example/img/pier-1200x630.jpg">',
                body="""<article><h1>Pier reopens</h1><figure>
<img src="https://cdn.harbourtimes.example/img/pier.jpg?w=800" alt="">
<figcaption>The pier at dawn. <span class="credit">Ana Lobo</span></figcaption></figure></article>""")
    images = meta_of(html).images
    assert len(images) == 1
    assert images[0].url == "https://cdn.harbourtimes.example/img/pier-1200x630.jpg"
    assert images[0].caption == "The pier at dawn." and images[0].credit == "Ana Lobo"


def test_labelled_author_row() -> None:
    html = page(body="""<article><h1>Hafen bekommt neue Kaimauer</h1><p>Die Arbeiten beginnen im Mai.</p></article>
<div class="col"><ul class="smallList"><li><strong>Datum</strong> 28.04.2025</li>
<li><strong>Autorin/Autor</strong> Roman Beck</li></ul></div>""", lang="de")
    md = meta_of(html, url="https://www.hafenblatt.example/a-123")
    assert md.authors == ["Roman Beck"]
    assert md.evidence["authors"] == "byline label"


def test_english_declared_and_read_as_pidgin_stays_english() -> None:
    import dateline

    # py3langid reads short English full of names as Nigerian Pidgin; the page's own word stands.
    story = "Indian Prime Minister Narendra Modi met Japanese Prime Minister Shigeru Ishiba in Tokyo on Friday."
    html = page(body=f"<article><h1>Modi meets Ishiba in Tokyo</h1><p>{story}</p></article>")
    article = dateline.extract(html, url="https://www.harbourtimes.example/news/2025/03/modi-ishiba")
    assert article.language == "en" and "pcm" in article.evidence["language"]
