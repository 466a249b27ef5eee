"""Authors on page layouts the extractor was not tuned on: general byline signals, each on a
fictional page written for the test."""

from __future__ import annotations

from dateline.extract.authors import parse_byline
from dateline.extract.metadata import Metadata, read_metadata
from dateline.extract.parse import parse_html
from dateline.extract.structured import read_structured


def meta_of(html: str) -> Metadata:
    tree = parse_html(html)
    return read_metadata(tree, read_structured(tree), "https://www.rivergazette.example/2025/04/bridge")


def page(head: str = "", body: str = "", body_class: str = "single-post") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta property="og:site_name" content="River Gazette">{head}</head>
<body class="{body_class}"><header><a class="logo" href="/">River Gazette</a></header>
<main>{body}</main></body></html>"""


STORY = "<p>" + "The council voted on Tuesday to close the old bridge for repairs. " * 6 + "</p>"


def test_page_template_classes_on_body_do_not_make_the_byline_furniture() -> None:
    # Themes name their layout on <body> ("sidebar-primary"); the byline under the headline is still the article's.
    html = page(body_class="single single-post sidebar-primary", body=f"""<article>
<div class="article__header"><h1>Old bridge to close for repairs</h1>
<time class="article__date">04.15.25</time><div class="article__author">By
  Marta Olsen  </div></div>{STORY}</article>""")
    md = meta_of(html)
    assert md.authors == ["Marta Olsen"]


def test_state_classes_on_the_byline_wrapper_are_not_furniture() -> None:
    # "hasnt-bio" says the byline has no biography, not that it is one.
    html = page(body=f"""<article><h1>Old bridge to close for repairs</h1>
<div class="sig-line hasnt-headshot hasnt-bio"><span class="story-byline">By
<a href="/people/omar-reyes">Omar Reyes</a></span> <span class="stamp">April 15 at 3:57 PM</span></div>
{STORY}</article>""")
    assert meta_of(html).authors == ["Omar Reyes"]


def test_job_title_element_inside_the_byline_is_not_part_of_the_name() -> None:
    html = page(body=f"""<article><h1>Old bridge to close for repairs</h1>
<div class="author"><a class="author-link" href="/author/lena-park">Lena Park</a>
<div class="author-title">Transport Editor</div></div>{STORY}</article>""")
    assert meta_of(html).authors == ["Lena Park"]


def test_writer_is_the_author_and_the_editor_is_not() -> None:
    html = page(body=f"""<article><h1>Monitoring distributed systems</h1>
<p class="byline author">Written by Ada Kowalczyk<br/>Edited by Pieter Smit</p>{STORY}</article>""")
    md = meta_of(html)
    assert md.authors == ["Ada Kowalczyk"]


def test_co_authors_in_parentheses_are_authors_too() -> None:
    html = page(body=f"""<article><h1>Les députés votent la fermeture du pont</h1>
<p class="bloc_signature">Par <span itemprop="author" class="auteur"><a href="/journaliste/claire-dumas/">Claire
Dumas</a> (avec Julien Morel et Sophie Lambert)</span></p>{STORY}</article>""")
    assert meta_of(html).authors == ["Claire Dumas", "Julien Morel", "Sophie Lambert"]


def test_a_degree_after_the_name_is_neither_a_name_nor_an_agency() -> None:
    assert parse_byline("By Hana Ito, MA") == (["Hana Ito"], None)
    assert parse_byline("By Hana Ito, PhD, and Carl Berg, MD") == (["Hana Ito", "Carl Berg"], None)


def test_a_link_in_parentheses_after_the_name_is_dropped() -> None:
    md = meta_of(page(head='<meta name="author" content="Tomas K. Varga (http://varga.example/tk/)">',
                      body=f"<article><h1>On recent events</h1>{STORY}</article>"))
    assert md.authors == ["Tomas K. Varga"]


def test_the_site_name_as_creator_stays_whole() -> None:
    # "Bits & Bytes" is the publication; split on "&" it would leave a stray "Bytes" or "b".
    html = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<meta property="og:site_name" content="Bits &amp; b"><meta name="DC.creator" content="Bits &amp; b">
</head><body><h1>Passwortmanager erzeugt Einmal-Codes</h1>{STORY}</body></html>"""
    md = meta_of(html)
    assert md.authors == [] and md.agency == "Bits & b"


def test_library_style_creators_are_turned_round() -> None:
    md = meta_of(page(head='<meta name="DC.Creator" content="Vries, Anna de">'
                           '<meta name="DC.Creator" content="Moreau, J.">',
                      body=f"<article><h1>A storage protocol</h1>{STORY}</article>"))
    assert md.authors == ["Anna de Vries", "J. Moreau"]
    assert md.agency is None


def test_a_user_handle_in_json_ld_gives_way_to_the_name_in_the_byline() -> None:
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
          '"headline":"Bridge closes","creator":"RG4821"}</script>')
    html = page(head=ld, body=f"""<article><h1>Bridge closes</h1>
<div class="byline"><a href="/u/RG4821">Nora Lind</a> • 8h</div>{STORY}</article>""")
    md = meta_of(html)
    assert md.authors == ["Nora Lind"]
    assert md.agency is None


def test_byline_right_under_the_headline_counts_whatever_its_wrappers_are_called() -> None:
    # "credit" and "card" also name teasers and photo credits; under the headline they wrap the article's byline.
    html = page(body=f"""<section class="main-card story"><header><h1>Flu season peaks early</h1></header>
<div class="credit-bar"><div class="credit"><cite class="byline vcard"><span>By </span>
<span class="fn">JOANNA REID</span> <abbr>March 11, 2025 3:46 PM</abbr></cite></div></div>
{STORY}</section>""")
    assert meta_of(html).authors == ["JOANNA REID"]


def test_teaser_byline_after_the_story_is_still_furniture() -> None:
    html = page(body=f"""<article><h1>Flu season peaks early</h1>{STORY}</article>
<div class="teaser-card"><h3>Clinics extend hours</h3><span class="byline">By Tom Akers</span></div>""")
    assert meta_of(html).authors == []


def test_teaser_link_between_headline_and_story_is_not_the_byline() -> None:
    html = page(body=f"""<section class="story-card"><h1>Flu season peaks early</h1>
<div class="related-videos"><a href="/video/clinics"><div class="thumb-caption"><h3>Clinics extend hours</h3>
<span class="thumb-author">Tom Akers</span></div></a></div>{STORY}</section>""")
    assert meta_of(html).authors == []


def test_a_one_word_brand_in_json_ld_stays_the_credit_when_the_page_names_nobody() -> None:
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
          '"headline":"Bridge closes","author":"Metro24"}</script>')
    md = meta_of(page(head=ld, body=f"<article><h1>Bridge closes</h1>{STORY}</article>"))
    assert md.authors == [] and md.agency == "Metro24"


def test_editors_and_photographers_credits_are_not_the_writer() -> None:
    html = page(body=f"""<article><h1>Old bridge to close for repairs</h1>
<div class="photo-meta"><div class="img-author">Photograph by Ed Marsh, River Trust</div></div>{STORY}
<p class="note__byline">Redaktion: Ute Kramer und Jonas Bell</p></article>""")
    assert meta_of(html).authors == []


def test_headline_container_classes_do_not_make_its_byline_furniture() -> None:
    # The page names the article's own wrapper after its layout ("sticky-sidebar-parent").
    html = page(body=f"""<article class="story sticky-sidebar-parent"><div class="head"><h1>Old bridge to close
for repairs</h1></div>{STORY}<div class="wrap-byline"><span class="byline">By Ada Kowalczyk</span></div></article>""")
    assert meta_of(html).authors == ["Ada Kowalczyk"]


def test_link_labels_in_an_author_box_are_not_names() -> None:
    html = page(body=f"""<article><h1>Old bridge to close for repairs</h1>{STORY}
<div class="about-author-box"><span class="author-name">dana_k</span>
<div class="links"><a href="/author/dana_k">More Posts</a></div></div></article>""")
    assert meta_of(html).authors == []


def test_name_and_date_in_adjacent_inline_elements_are_apart() -> None:
    html = page(body=f"""<article><h1>Old bridge to close for repairs</h1>
<p class="byline">Jeff Moran<span class="day">Monday, November 18, 2025</span></p>{STORY}</article>""")
    assert meta_of(html).authors == ["Jeff Moran"]


def test_an_agency_desk_title_credits_the_agency() -> None:
    assert parse_byline("By TOM KRISHER, AP Auto Writer") == (["TOM KRISHER"], "AP")


def test_the_publication_written_for_is_dropped_in_title_case_too() -> None:
    assert parse_byline("Amir Wendell For Mailonline") == (["Amir Wendell"], None)


def test_a_nickname_between_given_and_family_name_is_kept() -> None:
    assert parse_byline("By Richard (R.J.) Olsen")[0] == ["Richard R.J. Olsen"]
    assert parse_byline("Bruno (Henrique Lima) Castro")[0] == ["Bruno Henrique Lima Castro"]


def test_a_pen_name_linked_to_its_own_profile_is_the_author() -> None:
    html = page(head='<meta name="author" content="Society for Shared Fiction">',
                body=f"""<article><h2 class="title">The lighthouse keeper</h2>
<h3 class="byline"><a rel="author" href="/users/NightjarWrites/pseuds/NightjarWrites">NightjarWrites</a></h3>
{STORY}</article>""")
    md = meta_of(html)
    assert md.authors == ["NightjarWrites"]


def test_a_generic_account_is_no_pen_name() -> None:
    html = page(body=f"""<article><h1>Old bridge to close for repairs</h1>
<span class="posted">Posted by <a rel="author" href="/author/admin/">admin</a></span>{STORY}</article>""")
    assert meta_of(html).authors == []


def test_cyrillic_text_and_author_labels() -> None:
    assert parse_byline("Текст: Вера Лебедева") == (["Вера Лебедева"], None)


def test_the_sites_own_account_is_no_pen_name() -> None:
    html = page(body=f"""<article><h1>Old bridge to close for repairs</h1>
<span class="posted">By <a rel="author" href="/author/rivergazette/">RiverGazette</a></span>{STORY}</article>""")
    assert meta_of(html).authors == []
