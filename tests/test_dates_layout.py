"""Publication dates and page layout: which parts of a page speak for the article (its date box,
its own footer) and which do not (the site's header clock, related-story blocks), and the label
words that the HTML and text-dump paths share."""

from __future__ import annotations

from dateline.extract.dates import find_dates
from dateline.extract.dates_layout import _TEXT_MODIFIED, _TEXT_PUBLISHED
from dateline.extract.dates_ranking import ranked_modified
from dateline.extract.parse import parse_html
from dateline.extract.structured import read_structured
from dateline.extract.textdump import extract_text

STORY = """
<p>The regional council voted on Tuesday to extend the ferry subsidy for another two years, after a
debate that ran late into the evening and drew more than two hundred residents to the town hall.</p>
<p>Opponents argued that the money would be better spent on the harbour road, which has been closed
for repairs since the spring storms; supporters said the island communities had no other link.</p>
"""


def published(html: str, url: str | None = "https://harbour-gazette.example/local/ferry-subsidy") -> str | None:
    tree = parse_html(html)
    return find_dates(tree, read_structured(tree), url).published


def test_the_header_clock_far_above_the_headline_is_not_the_articles_date() -> None:
    menu = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
    long_story = STORY * 60  # the article's own date stands at its foot, far below the headline
    html = f"""<html lang="en-GB"><body>
<div class="top-bar"><span class="header-date">Saturday, 14 June 2025</span><ul class="menu">{menu}</ul></div>
<div class="content"><h1>Council extends ferry subsidy for two more years</h1>
{long_story}
<p class="article-date">12 June 2025</p></div>
</body></html>"""
    assert published(html) == "2025-06-12"


def test_an_aside_that_holds_the_articles_date_box_is_not_a_sidebar() -> None:
    html = f"""<html lang="en-GB"><head><meta name="date" content="2025-06-16"></head><body><main><article>
<h1>Council extends ferry subsidy for two more years</h1>
<aside class="meta"><p class="meta__row"><time datetime="2025-06-12" class="meta__label">12.06.2025 - 13:30</time></p></aside>
{STORY}</article>
<aside class="sidebar"><h3>Most read</h3><time datetime="2025-06-15">15 June 2025</time></aside>
</main></body></html>"""
    assert published(html) == "2025-06-12"


def test_a_plain_aside_stays_off_topic() -> None:
    html = f"""<html lang="en-GB"><body><main><article>
<h1>Council extends ferry subsidy for two more years</h1>
{STORY}<p>Filed 12 June 2025</p></article>
<aside><h3>Most read</h3><ul><li><time datetime="2025-06-15T08:00:00+01:00">15 June 2025</time> Harbour road closed</li></ul></aside>
</main></body></html>"""
    assert published(html) == "2025-06-12"


def test_related_blocks_named_by_component_are_off_topic() -> None:
    teasers = "".join(
        f'<div class="views-row"><h3><a href="/local/story-{d}">Earlier story {d}</a></h3>'
        f'<time datetime="2025-05-0{d}T09:00:00+02:00">{d} May 2025</time></div>'
        for d in (2, 5, 7)
    )
    html = f"""<html lang="de"><body><main><article>
<h1>Fährzuschuss für zwei weitere Jahre verlängert</h1>
<div class="view view-related">{teasers}</div>
{STORY}
<p>12.06.2025</p>
</article></main></body></html>"""
    assert published(html) == "2025-06-12"


def test_the_site_banner_header_is_not_the_articles_date() -> None:
    # No <h1> on the page (the title is an <h2>), so only the header's place tells its clock apart.
    html = f"""<html lang="de"><body>
<header class="masthead"><div class="navtop"><span class="mod_datetime">
<time datetime="2025-06-14T07:00:00+02:00">Samstag, 14. Juni 2025</time></span></div></header>
<main class="content"><div class="page kolumnen">
<h2>Kolumne: Über den Fährzuschuss</h2>
<div class="intro"><p><span class="text_datum">12. Juni 2025.</span> Die Insel bleibt angebunden.</p></div>
{STORY}</div></main></body></html>"""
    assert published(html) == "2025-06-12"


def test_the_article_header_inside_the_article_still_counts() -> None:
    html = f"""<html lang="en-GB"><body><header class="site"><a href="/">The Harbour Gazette</a></header>
<article><header><h2>Council extends ferry subsidy</h2><time datetime="2025-06-12T09:30:00+01:00">12 June 2025</time></header>
{STORY}</article></body></html>"""
    assert published(html) == "2025-06-12T09:30:00+01:00"


def test_the_posts_own_footer_is_not_the_site_footer() -> None:
    comments = "".join(
        f'<li class="comment"><div class="comment-meta commentmetadata"><a href="#c{d}">{d}. Dezember 2024 at 11:21</a></div>'
        f"<p>Danke für den Artikel!</p></li>"
        for d in (15, 16, 17)
    )
    html = f"""<html lang="de-DE"><body><div class="content">
<h1>Eine virtuelle Wand für den Saugroboter</h1>
{STORY}
<div class="post-footer">Dieser Artikel wurde am 14. Dezember 2024 um 14:48 von Erkan veröffentlicht.</div>
<ol class="commentlist">{comments}</ol>
</div><div class="footer">© 2024 Werkstatt-Blog</div></body></html>"""
    assert published(html, "https://werkstatt-blog.example/arduino/virtuelle-wand.php") == "2024-12-14T14:48"


def test_label_words_are_whole_words() -> None:
    for text in ("Veröffentlicht am", "Posted on", "Date:", "Erscheinungsdatum:", "Publicatiedatum", "Geplaatst op"):
        assert _TEXT_PUBLISHED.search(text), text
    for text in ("Last update with the candidates", "metadata", "dated"):
        assert not _TEXT_PUBLISHED.search(text), text
    for text in ("Updated:", "Zuletzt aktualisiert:", "Son güncelleme:", "Mis à jour le"):
        assert _TEXT_MODIFIED.search(text), text


def test_text_dumps_read_the_shared_label_words() -> None:
    # "Bijgewerkt … | Geplaatst …" (Dutch, update first): one vocabulary for both paths.
    dump = """\
Gemeente verlengt subsidie voor de veerdienst
Door Anouk de Vries
Bijgewerkt 13/06/2025 11:05 | Geplaatst 12/06/2025 09:30
De gemeenteraad heeft dinsdag besloten de subsidie voor de veerdienst met nog twee jaar te verlengen, na een debat dat tot laat in de avond duurde en meer dan tweehonderd inwoners naar het gemeentehuis trok.
Tegenstanders vonden dat het geld beter aan de havenweg kon worden besteed, die sinds de voorjaarsstormen voor herstel is afgesloten; voorstanders zeiden dat de eilanden geen andere verbinding hebben.
De wethouder zei dat de regeling na twee jaar opnieuw wordt bekeken en dat de dienstregeling in de zomer niet verandert.
"""
    art = extract_text(dump)
    assert art.published == "2025-06-12T09:30"
    assert art.modified == "2025-06-13T11:05"


def test_modified_dates_are_ranked_once_and_reported() -> None:
    html = f"""<html lang="en-GB"><head>
<meta property="article:published_time" content="2025-06-12T09:30:00+01:00">
<meta property="article:modified_time" content="2025-06-13T11:05:00+01:00"></head><body><article>
<h1>Council extends ferry subsidy for two more years</h1>{STORY}
<aside class="sidebar"><p>Updated 20 June 2025</p></aside></article></body></html>"""
    tree = parse_html(html)
    res = find_dates(tree, read_structured(tree), None)
    mods = ranked_modified(res.candidates)
    assert [c.signal for c in mods][:1] == ["meta article:modified_time"]
    assert res.modified == mods[0].iso == "2025-06-13T11:05:00+01:00"
    assert res.published == "2025-06-12T09:30:00+01:00"


def test_wordpress_taxonomy_classes_on_the_post_are_not_related_blocks() -> None:
    html = f"""<html lang="en-GB"><body><div class="topbar">Monday, 9 March 2026</div><main>
<article class="post-4711 post type-post category-recommended tag-read-more has-related-posts">
<h1>Council extends ferry subsidy for two more years</h1><p class="posted-on">Posted on 3 March 2026</p>
{STORY}</article></main></body></html>"""
    assert published(html) == "2026-03-03"


def test_an_aside_of_updates_or_a_timeline_stays_off_topic() -> None:
    for name in ("news-updates", "timeline", "infobox"):
        html = f"""<html lang="en-GB"><body><main><article>
<h1>Council extends ferry subsidy for two more years</h1>
{STORY}<p>Filed on 12 June 2025</p></article>
<aside class="{name}"><h3>Latest</h3><time datetime="2025-06-15T08:00:00+01:00">15 June 2025</time></aside>
</main></body></html>"""
        assert published(html) == "2025-06-12", name
