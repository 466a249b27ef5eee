"""The article body: the story in reading order, and none of the page around it."""

from __future__ import annotations

import json

import dateline
from dateline.extract.body import extract_body
from dateline.extract.parse import parse_html
from dateline.extract.structured import read_structured

STORY = [
    "HARBOURTON — The city council voted 7-2 on Tuesday night to close the Eastgate ferry terminal by the end "
    "of next year, ending a crossing that has carried commuters across the Marrow Estuary since 1911.",
    "Council members said the terminal, whose pier was found to be unsafe in a survey last spring, would cost "
    "an estimated $48 million to rebuild, more than twice the city's annual transport budget.",
    "“We cannot ask taxpayers to pour money into a pier that the river is taking back, piece by piece,” said "
    "Councillor Amara Osei, who chairs the transport committee.",
    "Commuters who packed the chamber booed as the result was read out. Many said the closure would add an hour "
    "to their daily journey, since the nearest bridge lies eleven miles upstream.",
    "The city plans to run a shuttle bus from the old terminal to the bridge from next September, and has asked "
    "the regional transit authority to study a smaller passenger-only pier further north.",
    "A final decision on the replacement pier is expected in the spring, after public hearings in all four "
    "riverside districts.",
]
SUBHEADING = "What happens to the ferry crews"
CREW = (
    "The operator, Marrow Crossings Ltd, employs 63 people at the terminal. A spokesman said the company would "
    "offer every crew member a post on its coastal routes, though some would have to relocate."
)
QUOTE = "This ferry is the reason half of us could afford to live on the north shore at all, and now it is gone."
STANDFIRST = STORY[0]

BOILERPLATE = [
    "Accept all cookies",
    "Home", "Politics", "Business",
    "Share on Facebook", "Share on X", "Email this article",
    "Advertisement",
    "Photo: Lena Marsh/Harbourton Herald",
    "The Eastgate terminal at dusk. The pier has been closed to vehicles since May.",
    "Sign up for the Morning Tide newsletter",
    "Get the day's top Harbourton stories in your inbox every morning before 7am, free of charge.",
    "Recent Stories",
    "Harbour seals return to the estuary after a decade away",
    "More Stories From Harbourton",
    "Most read",
    "School bus drivers vote to strike over pay and conditions",
    "42 Comments",
    "I have taken this ferry every weekday for thirty years and nobody ever asked us what we thought of it.",
    "© 2025 Harbourton Herald Media Group. All rights reserved.",
    "By Daniel Okafor",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Council votes to close Eastgate ferry terminal | Harbourton Herald</title>
<meta property="og:title" content="Council votes to close Eastgate ferry terminal">
</head>
<body class="article-page">
<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your experience on our site and
 to show you relevant advertising.</p><button>Accept all cookies</button></div>
<header class="site-header">
  <a class="logo" href="/">Harbourton Herald</a>
  <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
  <li><a href="/business">Business</a></li></ul></nav>
</header>
<div class="ad-slot ad-leaderboard"><span>Advertisement</span></div>
<main id="main">
<article class="story">
  <header class="story-header">
    <h1 class="headline">Council votes to close Eastgate ferry terminal</h1>
    <p class="standfirst">{STANDFIRST}</p>
    <div class="byline">By <a href="/authors/daniel-okafor" rel="author">Daniel Okafor</a>
      <time datetime="2025-03-04T21:15:00Z">March 4, 2025</time></div>
    <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
      <a href="#">Email this article</a></div>
  </header>
  <figure class="lead-image"><img src="/img/eastgate.jpg" alt="">
    <figcaption>The Eastgate terminal at dusk. The pier has been closed to vehicles since May.
      <span class="credit">Photo: Lena Marsh/Harbourton Herald</span></figcaption></figure>
  <div class="story-body">
    <p>{STORY[0]}</p>
    <p>{STORY[1]}</p>
    <div class="ad-container"><p>Advertisement</p></div>
    <p>{STORY[2]}</p>
    <p>Commuters who packed the chamber <a href="/tag/protest">booed</a> as the result was read out. Many said
      the closure would add an hour to their daily journey, since the nearest bridge lies eleven miles
      upstream.</p>
    <aside class="related-links"><h3>Recent Stories</h3><ul>
      <li><a href="/news/seals">Harbour seals return to the estuary after a decade away</a></li>
      <li><a href="/news/budget">City budget hearing postponed until April</a></li></ul></aside>
    <h2>{SUBHEADING}</h2>
    <p>{CREW}</p>
    <blockquote><p>{QUOTE}</p></blockquote>
    <div class="newsletter-signup"><h3>Sign up for the Morning Tide newsletter</h3>
      <p>Get the day's top Harbourton stories in your inbox every morning before 7am, free of charge.</p>
      <form><input type="email"><button>Subscribe</button></form></div>
    <p>{STORY[4]}</p>
    <p>{STORY[5]}</p>
  </div>
  <div class="more-stories"><h2>More Stories From Harbourton</h2>
    <div class="card"><a href="/news/strike"><h3>School bus drivers vote to strike over pay and conditions</h3></a>
      <p>Drivers at three depots backed action in a ballot on Monday, with a turnout of 81 per cent.</p></div>
    <div class="card"><a href="/news/library"><h3>Library opening hours cut across the district</h3></a>
      <p>The changes take effect from next month, the council's culture department confirmed.</p></div>
  </div>
  <section id="comments" class="comments-area"><h2>42 Comments</h2>
    <div class="comment"><p>I have taken this ferry every weekday for thirty years and nobody ever asked us
      what we thought of it.</p></div>
    <div class="comment"><p>The bridge traffic is already terrible at rush hour. This is going to make it much,
      much worse for all of us.</p></div>
  </section>
</article>
<aside class="sidebar"><div class="most-read"><h2>Most read</h2><ol>
  <li><a href="/a">School bus drivers vote to strike over pay and conditions</a></li>
  <li><a href="/b">Harbour seals return to the estuary after a decade away</a></li></ol></div></aside>
</main>
<footer class="site-footer"><p>© 2025 Harbourton Herald Media Group. All rights reserved.</p>
  <ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
</body>
</html>"""

TITLE = "Council votes to close Eastgate ferry terminal"


def _body(html: str, title: str | None = TITLE, authors: tuple[str, ...] = ("Daniel Okafor",)):
    tree = parse_html(html)
    return extract_body(tree, read_structured(tree), title=title, authors=authors)


def test_story_kept_in_reading_order_and_furniture_dropped() -> None:
    result = _body(PAGE)
    texts = [p.text for p in result.paragraphs]
    expected = [STORY[0], STORY[1], STORY[2], STORY[3], SUBHEADING, CREW, QUOTE, STORY[4], STORY[5]]
    assert texts == expected
    body = "\n".join(texts)
    for junk in BOILERPLATE:
        assert junk not in body, junk
    assert TITLE not in body


def test_kinds_and_standfirst_once() -> None:
    result = _body(PAGE)
    kinds = {p.text: p.kind for p in result.paragraphs}
    assert kinds[SUBHEADING] == "heading"
    assert kinds[QUOTE] == "quote"
    assert kinds[STORY[0]] == "paragraph"
    # The standfirst repeats the first paragraph: it appears once.
    assert sum(1 for p in result.paragraphs if p.text == STANDFIRST) == 1
    assert result.evidence == "content scoring"


def test_whole_pipeline_body_is_the_story() -> None:
    art = dateline.extract(PAGE, url="https://harbourton-herald.example/news/eastgate-ferry")
    assert art.body.startswith(STORY[0])
    assert art.body.endswith(STORY[5])
    assert "Recent Stories" not in art.body and "Most read" not in art.body
    assert art.evidence["body"] == "content scoring"


def test_json_ld_article_body_that_agrees_with_the_page_wins() -> None:
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
        "articleBody": " ".join(STORY[:4] + [SUBHEADING, CREW, QUOTE] + STORY[4:]),
    }
    html = PAGE.replace("</head>", f'<script type="application/ld+json">{json.dumps(ld)}</script></head>')
    result = _body(html)
    assert result.evidence == "json-ld articleBody"
    texts = [p.text for p in result.paragraphs]
    assert texts[0] == STORY[0] and texts[-1] == STORY[5]
    assert SUBHEADING in texts and "Advertisement" not in texts
    assert [p.kind for p in result.paragraphs if p.text == SUBHEADING] == ["heading"]


def test_json_ld_body_without_the_subheadings_keeps_the_pages_own() -> None:
    # Publishers' JSON-LD bodies are often the paragraphs alone. The page's subheading over story
    # text stays; the heading of a box inside the story (over text of its own) does not come back.
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
          "articleBody": " ".join(STORY[:4] + [CREW, QUOTE] + STORY[4:])}
    promo = ('<div class="box"><h3>From our archive</h3><p>How the Eastgate ferry was saved once before, in a '
             'campaign that filled the town hall in the winter of 1987.</p></div>')
    html = (PAGE.replace("</head>", f'<script type="application/ld+json">{json.dumps(ld)}</script></head>')
            .replace(f"<p>{STORY[2]}</p>", f"<p>{STORY[2]}</p>{promo}"))
    result = _body(html)
    assert result.evidence == "json-ld articleBody"
    texts = [p.text for p in result.paragraphs]
    assert texts == [STORY[0], STORY[1], STORY[2], STORY[3], SUBHEADING, CREW, QUOTE, STORY[4], STORY[5]]
    assert [p.kind for p in result.paragraphs if p.text == SUBHEADING] == ["heading"]


def test_json_ld_body_keeps_a_short_last_line_of_the_story() -> None:
    last = "“It is over,” Osei said."
    ld = {"@type": "NewsArticle", "headline": TITLE,
          "articleBody": " ".join(STORY[:4] + [SUBHEADING, CREW, QUOTE] + STORY[4:] + [last])}
    html = (PAGE.replace("</head>", f'<script type="application/ld+json">{json.dumps(ld)}</script></head>')
            .replace(f"<p>{STORY[5]}</p>", f"<p>{STORY[5]}</p><p>{last}</p><p>Share this story</p>"))
    result = _body(html)
    assert result.evidence == "json-ld articleBody"
    assert [p.text for p in result.paragraphs][-2:] == [STORY[5], last]


def test_json_ld_body_not_in_the_dom_is_used_when_the_page_has_no_story() -> None:
    ld = {"@type": "NewsArticle", "headline": TITLE, "articleBody": "\n\n".join(STORY)}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head>'
            '<body><div id="root"></div><noscript>Please enable JavaScript.</noscript></body></html>')
    result = _body(html)
    assert [p.text for p in result.paragraphs] == STORY
    assert result.evidence.startswith("json-ld articleBody")


GERMAN = """<html lang="de"><head><title>Neue Radbrücke über die Saale eröffnet</title></head><body>
<nav class="hauptnavigation"><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<div class="artikel">
<h1>Neue Radbrücke über die Saale eröffnet</h1>
<div class="artikel-text">
<p>Nach zwei Jahren Bauzeit ist am Samstag die neue Radbrücke zwischen Kröllwitz und der Peißnitzinsel für den
Verkehr freigegeben worden. Rund 2.000 Menschen kamen zur Eröffnung.</p>
<p class="werbung">Anzeige</p>
<p>Die Brücke ist 140 Meter lang und hat 9,3 Millionen Euro gekostet, von denen das Land zwei Drittel
übernommen hat. Sie ersetzt eine Fähre, die nur im Sommer verkehrte.</p>
<p><strong>Lesen Sie auch:</strong></p>
<ul class="teaser-liste"><li><a href="/x">Stadtrat beschließt neues Parkraumkonzept</a></li>
<li><a href="/y">Hochwasserschutz an der Saale wird verstärkt</a></li></ul>
<h2>Kritik vom Naturschutzbund</h2>
<p>Der Naturschutzbund bemängelt, dass für die Zufahrten mehr als 60 Bäume gefällt wurden. Die Stadt will
als Ausgleich an anderer Stelle 120 neue Bäume pflanzen, teilte ein Sprecher mit.</p>
</div>
<div class="social-teilen"><a href="#">Auf Facebook teilen</a> <a href="#">Per WhatsApp teilen</a></div>
</div>
<footer><p>© 2025 Mitteldeutsche Beispielzeitung</p></footer>
</body></html>"""


def test_german_page() -> None:
    result = _body(GERMAN, title="Neue Radbrücke über die Saale eröffnet", authors=())
    texts = [p.text for p in result.paragraphs]
    assert texts[0].startswith("Nach zwei Jahren Bauzeit")
    assert texts[1].startswith("Die Brücke ist 140 Meter lang")
    assert ("Kritik vom Naturschutzbund", "heading") in [(p.text, p.kind) for p in result.paragraphs]
    assert texts[-1].startswith("Der Naturschutzbund bemängelt")
    body = " ".join(texts)
    for junk in ("Anzeige", "Lesen Sie auch", "Parkraumkonzept", "Facebook teilen", "©", "Startseite"):
        assert junk not in body, junk


def test_story_cut_into_chunks_by_figures_is_joined() -> None:
    chunks = [STORY[0:2], STORY[2:4], STORY[4:6]]
    parts = []
    for i, chunk in enumerate(chunks):
        paras = "".join(f"<p>{t}</p>" for t in chunk)
        parts.append(f'<div class="grid"><div class="body__inner">{paras}</div></div>')
        if i < 2:
            parts.append('<figure><img src="x.jpg"><figcaption>Commuters wait for the last ferry of the day.'
                         '</figcaption></figure><div class="ad-slot">Advertisement</div>')
    html = (f'<html><body><nav><a href="/">Home</a></nav><article><h1>{TITLE}</h1><div class="chunks">'
            + "".join(parts) + '</div></article><ul class="related"><li><a href="/a">Another story</a></li>'
            '</ul></body></html>')
    result = _body(html)
    assert [p.text for p in result.paragraphs] == STORY


def test_recent_stories_lists_around_a_wire_story_are_dropped() -> None:
    recent = "".join(f'<li><a href="/n{i}">Headline number {i} about something else entirely</a>'
                     f'<span class="time">{i} hours ago</span></li>' for i in range(1, 8))
    html = (f'<html><body><div class="wrap"><div class="content"><h1>{TITLE}</h1>'
            f'<div class="post-body">{"".join(f"<p>{t}</p>" for t in STORY)}</div>'
            f'<div class="widget"><h4>Recent Stories</h4><ul>{recent}</ul></div>'
            f'<h4>More Stories From World</h4><ul>{recent}</ul></div></div></body></html>')
    result = _body(html)
    assert [p.text for p in result.paragraphs] == STORY


def test_page_without_a_story() -> None:
    html = ('<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>'
            '<ul><li><a href="/a">First link</a></li><li><a href="/b">Second link</a></li></ul></body></html>')
    result = _body(html, title=None, authors=())
    assert result.paragraphs == [] or all(len(p.text) < 40 for p in result.paragraphs)


def test_bold_paragraph_is_a_subheading_and_captions_in_figures_go() -> None:
    html = (f'<html><body><article><h1>{TITLE}</h1><div class="entry-content">'
            f"<p>{STORY[0]}</p><p>{STORY[1]}</p>"
            '<figure class="wp-block-image"><img src="a.jpg"><figcaption>Photo: Lena Marsh</figcaption></figure>'
            f"<p><strong>{SUBHEADING}</strong></p><p>{CREW}</p><p>{STORY[4]}</p>"
            '<p class="wp-caption-text">The old ticket office, built in 1911.</p>'
            "</div></article></body></html>")
    result = _body(html)
    assert [(p.text, p.kind) for p in result.paragraphs] == [
        (STORY[0], "paragraph"), (STORY[1], "paragraph"), (SUBHEADING, "heading"), (CREW, "paragraph"),
        (STORY[4], "paragraph"),
    ]


def test_unmarked_byline_credit_and_copyright_inside_the_story_column() -> None:
    html = (f'<html><body><div class="main"><h1>{TITLE}</h1><div>'
            "<p>By Daniel Okafor, Staff Writer</p>"
            "<p>Photo: Lena Marsh / Harbourton Herald</p>"
            + "".join(f"<p>{t}</p>" for t in STORY)
            + "<p>Image 2 of 5</p><p>Related: Harbour seals return to the estuary after a decade away</p>"
            "<p>Daniel Okafor can be reached at dokafor@harbourton-herald.example.</p>"
            "<p>© 2025 Harbourton Herald Media Group. All rights reserved.</p>"
            "</div></div></body></html>")
    result = _body(html)
    assert [p.text for p in result.paragraphs] == STORY


MILL_STORY = """<p>The last paper mill in the valley will close in April, its owner said on Monday, ending more
than a century of production in the town of Elmsford.</p>
<p>About 240 workers will lose their jobs. The union said it would seek talks with the regional government
about retraining and early retirement for older staff.</p>"""


def test_a_byline_printed_only_in_the_story_gives_the_authors():
    page = f"""<html><head><title>Mill to close in spring</title></head><body><article>
    <h1>Mill to close in spring</h1><p>By Jane Okafor and Tom Reyes, Reuters</p>{MILL_STORY}</article></body></html>"""
    art = dateline.extract(page)
    assert art.authors == ["Jane Okafor", "Tom Reyes"] and art.agency == "Reuters"
    assert art.evidence["authors"] == "byline in the body text"
    assert "Okafor" not in art.body and art.body.startswith("The last paper mill")


def test_a_byline_at_the_end_of_a_german_story_gives_the_author():
    page = """<html lang="de"><head><title>Papierfabrik schließt im Frühjahr</title></head><body><article>
    <h1>Papierfabrik schließt im Frühjahr</h1>
    <p>Die letzte Papierfabrik im Tal schließt im April, teilte der Eigentümer am Montag mit. Damit endet
    mehr als ein Jahrhundert Produktion in der Stadt.</p>
    <p>Rund 240 Beschäftigte verlieren ihre Arbeit. Die Gewerkschaft will mit der Landesregierung über
    Umschulungen und Vorruhestand sprechen.</p><p>Von Max Mustermann</p></article></body></html>"""
    assert dateline.extract(page).authors == ["Max Mustermann"]


def test_the_body_byline_never_overrides_the_pages_author_nor_names_the_publisher():
    with_meta = f"""<html><head><title>Mill to close in spring</title><meta name="author" content="Ana Lind">
    </head><body><article><h1>Mill to close in spring</h1><p>By Jane Okafor</p>{MILL_STORY}</article></body></html>"""
    assert dateline.extract(with_meta).authors == ["Ana Lind"]
    publisher = f"""<html><head><title>Mill to close in spring</title><meta property="og:site_name" content="Valley Post">
    </head><body><article><h1>Mill to close in spring</h1><p>By Valley Post</p>{MILL_STORY}</article></body></html>"""
    assert dateline.extract(publisher).authors == []


def _mill_page(first: str, last: str = "") -> str:
    return (f"<html><head><title>Mill to close in spring</title></head><body><article><h1>Mill to close in spring</h1>"
            f"{first}{MILL_STORY}{last}</article></body></html>")


def test_subheads_credits_and_publishers_starting_with_by_are_not_authors():
    for line in ("By The Numbers", "Von Kiel Nach Hamburg", "By Getty Images", "Par Les Echos"):
        assert dateline.extract(_mill_page(f"<p>{line}</p>")).authors == [], line
    # A list item is not a byline either.
    assert dateline.extract(_mill_page("<ul><li>By Train To Paris</li></ul>")).authors == []


def test_a_byline_with_its_agency_in_parentheses():
    art = dateline.extract(_mill_page("<p>Von Max Mustermann (dpa)</p>"))
    assert art.authors == ["Max Mustermann"] and art.agency == "dpa"
    assert art.dateline is None and "Mustermann" not in art.body


def test_a_rejected_first_byline_line_does_not_hide_the_last():
    art = dateline.extract(_mill_page("<p>By The Numbers</p>", "<p>By Jane Okafor</p>"))
    assert art.authors == ["Jane Okafor"]


def test_json_ld_written_in_double_encoded_utf8_is_read_as_the_page_shows_it() -> None:
    # Some publishing systems read their UTF-8 as Windows-1252 and encode it again when they
    # write JSON-LD: "—" arrives as "â€”" (or as "\u00e2\u0080\u0094"). The body must still agree
    # with the page, and the title must read as printed.
    story = [p.replace(", ", " — ", 1) for p in STORY]
    misread = [p.encode("utf-8").decode("latin-1") for p in story[:4] + [SUBHEADING, CREW, QUOTE] + story[4:]]
    ld = {"@type": "NewsArticle", "headline": "Eastgate — the last ferry".encode().decode("cp1252"),
          "articleBody": "\n\n".join(misread)}
    page = PAGE
    for original, printed in zip(STORY, story, strict=True):
        page = page.replace(original, printed)
    html = page.replace("</head>", f'<script type="application/ld+json">{json.dumps(ld)}</script></head>')
    result = _body(html)
    assert result.evidence == "json-ld articleBody"
    assert [p.text for p in result.paragraphs if p.kind == "paragraph"][:2] == story[:2]
    assert read_structured(parse_html(html)).article()["headline"] == "Eastgate — the last ferry"


def test_text_that_only_looks_double_encoded_is_left_alone() -> None:
    from dateline.extract.structured import repair_double_encoding

    for text in ("Le résumé» de l'été", "«TRAVAUX DE L'ÉTÉ»", "SÃO PAULO", "Zürich — Genève", "naïve café"):
        assert repair_double_encoding(text) == text
    assert repair_double_encoding("Ã©tÃ© Ã\xa0 Paris â€” â€œvraimentâ€\x9d") == "été à Paris — “vraiment”"
    assert repair_double_encoding("Ð¼Ð¸Ñ€ Ð¸ Ð²Ð¾Ð¹Ð½Ð°") == "мир и война"
