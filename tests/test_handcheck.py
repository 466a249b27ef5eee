"""Defects a hand check of real news pages found, each on a realistic (fictional) page."""

from __future__ import annotations

import json

import dateline
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


# --- 8. date, time and reading-time lines at the top are metadata, not body -------------------------

def body_of(html: str, url: str = URL) -> list[str]:
    return [p.text for p in dateline.extract(html, url=url).paragraphs]


def story_page(before: str = "", after: str = "", lang: str = "en", story: str = STORY) -> str:
    return page(head="<title>Council passes budget | Valley Herald</title>",
                body=f'<article class="article"><h1>Council passes budget</h1>'
                     f'<div class="article-body">{before}{story}{after}</div></article>'
                     '<aside class="more"><a href="/a">Another story</a></aside>', lang=lang)


GERMAN_STORY = "".join(f"<p>{s}</p>" for s in (
    "Der Stadtrat hat am Dienstag nach einer langen Sitzung einen Haushalt von 412 Millionen Euro beschlossen.",
    "Die Fraktionen stritten stundenlang über das Geld für Straßenreparaturen und die neue Stadtteilbibliothek.",
    "Die Bürgermeisterin sagte, der Kompromiss halte die Grundsteuer im dritten Jahr in Folge stabil.",
    "Die Opposition warf der Koalition vor, mit zu optimistischen Steuerschätzungen zu rechnen.",
    "Der Haushalt tritt am 1. Juli in Kraft; eine erste Überprüfung ist für Oktober geplant.",
))


def test_german_date_and_reading_time_line_before_the_story_is_dropped() -> None:
    stamp = ('<div class="flex justify-between"><span class="text-12">Aktualisiert am 15.04.2025 - 15:48 Uhr</span>'
             '<span class="text-12">Lesedauer: 2 Min.</span></div>')
    paras = body_of(story_page(before=stamp, story=GERMAN_STORY, lang="de"))
    assert paras[0].startswith("Der Stadtrat hat am Dienstag")
    assert not any("Lesedauer" in p for p in paras)


def test_english_and_french_reading_time_lines_are_dropped() -> None:
    for stamp, lang in (("<p>April 15, 2025 3:48 PM · 5 min read</p>", "en"),
                        ("<p>Publié le 15/04/2025 à 15h48 Temps de lecture : 3 min</p>", "fr")):
        paras = body_of(story_page(before=stamp, lang=lang))
        assert paras[0].startswith("The city council approved"), (lang, paras[0])


def test_a_sentence_that_opens_with_a_date_is_story() -> None:
    first = "<p>On 15.04.2025 at 10:05 the council met again.</p>"
    assert body_of(story_page(before=first))[0] == "On 15.04.2025 at 10:05 the council met again."


# --- 7. the site's own footer under the story ----------------------------------------------------------

def test_contact_box_standards_line_and_trailing_links_are_dropped() -> None:
    footer = ('<p><strong>Got a story?</strong> Get in touch with our news team by emailing us at '
              'newsdesk@valleyherald.example. Or you can submit your videos and pictures here.</p>'
              '<p>For more stories like this, check our news page.</p>'
              '<p>Our Standards: The Valley Herald Trust Principles.</p>')
    paras = body_of(story_page(after=footer))
    assert paras[-1].startswith("The budget takes effect on July 1")


def test_comment_rules_and_the_source_credit_under_a_german_story_are_dropped() -> None:
    rules = ("<p>Bitte achten Sie darauf, dass Ihre Kommentare themenbezogen sind. Die Verantwortung für den "
             "Inhalt liegt allein bei den Verfassern. Beleidigungen und Drohungen werden nicht toleriert und "
             "entfernt. Externe Links werden gelöscht. Es besteht kein Anspruch auf Veröffentlichung.</p>")
    paras = body_of(story_page(after="<p>Valley Herald / Agencia Sur</p>" + rules, story=GERMAN_STORY, lang="de"))
    assert paras[-1].startswith("Der Haushalt tritt am 1. Juli in Kraft")


def test_broadcast_stamp_under_the_story_is_dropped_but_a_closing_sentence_stays() -> None:
    paras = body_of(story_page(after="<p>Abendjournal, 03.01.2025, 12:30 Uhr</p>", story=GERMAN_STORY, lang="de"))
    assert paras[-1].startswith("Der Haushalt tritt am 1. Juli in Kraft")
    closing = "<p>The mayor's office did not respond to a request for comment by email on Tuesday.</p>"
    assert body_of(story_page(after=closing))[-1].startswith("The mayor's office did not respond")


# --- 4. the consent box of an embedded video or post -------------------------------------------------

def test_consent_box_of_an_embedded_video_is_dropped() -> None:
    box = ('<div class="box embed-wrap" data-embed-type="video">'
           '<div class="info-box"><div class="h3">Empfohlener redaktioneller Inhalt</div>'
           '<p>An dieser Stelle findest du einen externen Inhalt von VideoHub, der den Artikel ergänzt.<br>'
           'Du kannst ihn dir mit einem Klick anzeigen lassen und wieder ausblenden.</p>'
           '<div class="toggle-group"><input type="checkbox" id="toggle-embed"><label for="toggle-embed">'
           'VideoHub-Inhalte erlauben</label></div>'
           '<p class="info">Ich bin damit einverstanden, dass mir Inhalte von VideoHub angezeigt werden.</p>'
           '<p class="info">Personenbezogene Daten können an Drittplattformen übermittelt werden. Mehr dazu in '
           'unserer <a href="/datenschutz/">Datenschutzerklärung</a>.</p></div></div>')
    story = GERMAN_STORY.replace("</p><p>Die Opposition", f"</p>{box}<p>Die Opposition", 1)
    paras = body_of(story_page(story=story, lang="de"))
    assert len(paras) == 5
    assert not any("VideoHub" in p or "einverstanden" in p for p in paras)


def test_consent_line_without_a_box_is_dropped_but_a_story_about_consent_stays() -> None:
    ask = "<p>We need your consent to load this content from SocialSite. Please allow it to view the post.</p>"
    story = STORY.replace("</p><p>Opposition", f"</p>{ask}<p>Opposition", 1)
    assert not any("your consent" in p for p in body_of(story_page(story=story)))
    news = ("<p>Under the new rules, websites must ask for consent before they load tracking cookies, "
            "the regulator said on Monday.</p>")
    assert any("ask for consent" in p for p in body_of(story_page(story=STORY + news)))


# --- 2. a photo caption is no subtitle ----------------------------------------------------------------

CAPTION = ("Commuters wait for a delayed bus on Main Street, Riverton, Tuesday, April 15, 2025. "
           "The council voted to fund more routes. (VH Photo/Ana Lobo)")


def test_lead_photo_captions_next_to_the_headline_are_no_subtitle() -> None:
    lead = ('<div class="LeadFeature"><div class="count-caption ssr-desktop"><div class="embed-caption">'
            f'{CAPTION}</div></div><div class="count-caption ssr-mobile"><div class="embed-caption">{CAPTION}'
            '</div></div></div>')
    first = ("RIVERTON (VH) — The city council approved a budget of 412 million on Tuesday after a session "
             "that ran past midnight.")
    html = page(head=f'<meta name="description" content="{first}">',
                body=f'<div class="Content with-lead"><h1>Council passes budget</h1>{lead}'
                     f'<div class="Article"><p>{first}</p>{STORY}</div></div>')
    art = dateline.extract(html, url=URL)
    assert art.subtitle is None


def test_a_standfirst_holding_the_lead_photo_keeps_its_own_text_only() -> None:
    html = page(body='<article><h1>Council passes budget</h1><div class="article-lead">'
                     '<p>Property taxes stay flat for a third year as bus routes grow.</p>'
                     f'<figure><img src="/bus.jpg" alt="A bus"><figcaption>{CAPTION}</figcaption></figure></div>'
                     f'{STORY}</article>')
    assert meta_of(html).subtitle == "Property taxes stay flat for a third year as bus routes grow."


# --- 1. the next story loaded under the first one ----------------------------------------------------

NEXT_STORY = "".join(f"<p>{s}</p>" for s in (
    "The Riverton Rovers have sacked their manager after a run of nine games without a win this season.",
    "The club's owners said the decision was taken reluctantly, and a caretaker will lead the team on Saturday.",
    "Supporters had protested outside the stadium before the last home game, calling for a change of direction.",
))


def test_the_next_article_under_the_story_is_not_part_of_its_body() -> None:
    html = page(body='<div class="page"><article class="article-entity"><header><h1>Council passes budget</h1>'
                     '<p class="byline">By Ines Carvalho</p></header>'
                     f'<div class="bodytext">{STORY}</div></article>'
                     '<div class="under-article"><article id="second-article" class="article-entity">'
                     '<header><h1>Rovers sack manager after nine games without a win</h1>'
                     '<h2 class="subtitle">The club will name a caretaker before Saturday.</h2></header>'
                     f'<div class="bodytext">{NEXT_STORY}</div></article></div></div>')
    paras = body_of(html)
    assert paras[-1].startswith("The budget takes effect on July 1")
    assert not any("Rovers" in p or "caretaker" in p for p in paras)


def test_live_blog_entries_in_articles_of_their_own_are_all_kept() -> None:
    entries = "".join(
        f'<article class="entry"><h2>{t}</h2><p>{s}</p></article>' for t, s in (
            ("22:40 Vote passes", "The council approved the budget by seven votes to four just before midnight."),
            ("21:15 Library money restored", "An amendment restored the money for the new library branch tonight."),
            ("19:30 Session opens", "Councillors began debating the budget with more than forty amendments on the table."),
        ))
    html = page(body=f'<div class="live"><h1>Council passes budget</h1><div class="entries">{entries}</div></div>')
    paras = body_of(html)
    assert any("seven votes to four" in p for p in paras)
    assert any("forty amendments" in p for p in paras)


# --- 3. a hover card of headlines inside the lede ------------------------------------------------------

def test_hover_card_of_headlines_inside_the_lede_is_dropped_and_the_sentence_goes_on() -> None:
    card = ('<span class="person-hover"><a class="person-link" href="/people/dana-ruiz">Dana Ruiz</a>'
            '<span class="person-hover-block"><span class="hover-inner"><span><img src="/p/ruiz.jpg" alt="">'
            '<a class="name" href="/people/dana-ruiz">Dana Maria Ruiz</a>'
            '<a class="person-articles" href="/a/1">Riverton mayor defends bus plan against critics</a> '
            '<a class="person-articles" href="/a/2">Mayor Ruiz names new transport chief</a> '
            '<a class="person-articles" href="/a/3">City hall to open on Saturdays from June</a> '
            '<a class="more" href="/people/dana-ruiz">MORE</a></span></span></span></span>')
    lede = f"<p>Riverton Mayor {card} (D) is defending the budget the council passed on Tuesday night.</p>"
    paras = body_of(story_page(before=lede))
    assert paras[0] == "Riverton Mayor Dana Ruiz (D) is defending the budget the council passed on Tuesday night."
    assert not any("transport chief" in p for p in paras)


def test_a_sentence_with_several_links_is_not_a_hover_card() -> None:
    links = ('<p>The plan follows reports by <a href="https://a.example/x">the Riverton Courier</a>, '
             '<a href="https://b.example/y">the State Transport Board annual review</a> and '
             '<a href="https://c.example/z">an independent audit of the city bus network</a> last year.</p>')
    assert body_of(story_page(before=links))[0].startswith("The plan follows reports by the Riverton Courier,")


def test_newsletter_box_with_its_form_labels_and_privacy_line_is_dropped() -> None:
    box = ("<p>Valley Herald in your inbox</p><p>First name (optional)</p><p>Last name (optional)</p>"
           "<p>By signing up you agree to the processing of your data under our privacy policy.</p>")
    paras = body_of(story_page(after=box))
    assert paras[-1].startswith("The budget takes effect on July 1")


def test_a_tip_line_and_a_closed_comments_notice_under_the_story_are_dropped() -> None:
    for footer in ("<p>Do you have a story to tell? Email: newsdesk@valleyherald.example</p>",
                   "<p>Posted by Valley Herald on 15/04/2025. Filed under Politics. Comments and pings are "
                   "currently closed.</p>",
                   "<p>Check out more of our latest council stories by signing up to our free weekly newsletter</p>"):
        assert body_of(story_page(after=footer))[-1].startswith("The budget takes effect on July 1"), footer


def test_a_closing_sentence_about_subscribers_and_email_is_story() -> None:
    closing = "<p>The utility said 20,000 subscribers had received the billing email by mistake on Monday.</p>"
    assert body_of(story_page(after=closing))[-1].startswith("The utility said 20,000 subscribers")


def test_a_quoted_appeal_to_contact_us_at_the_end_is_story() -> None:
    appeal = ('<p>Inspector Tom Hale said: "Anyone who saw the crash or has dashcam footage should contact us '
              'on 101 or email us at appeals@police.example."</p><p>The road reopened at 6pm.</p>')
    paras = body_of(story_page(after=appeal))
    assert paras[-2].startswith("Inspector Tom Hale said")


def test_a_story_set_in_an_article_after_its_header_article_is_kept() -> None:
    html = page(body='<div class="story"><article class="story-header"><h1>Council passes budget</h1>'
                     '<p>Property taxes stay flat for a third year while the city adds bus routes and opens '
                     'a library branch.</p></article><article class="story-text"><h2>A long session</h2>'
                     f'{STORY}</article></div>')
    art = dateline.extract(html, url=URL)
    assert any("412 million" in p.text for p in art.paragraphs)
    assert art.evidence["body"] == "content scoring"  # found by the story's own reader, not a fallback
