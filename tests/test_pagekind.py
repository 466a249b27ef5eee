"""Article or not: fronts, archives and error pages are told apart from short stories."""

import dateline
from dateline.extract.pagekind import count_words

NAV = "".join(f'<li><a href="/s/{i}">Section number {i} of the site</a></li>' for i in range(150))
CARDS = "".join(
    f'<div class="card"><a href="/2025/05/0{i % 9 + 1}/story-{i}"><h3>Headline of teaser story {i} about the harbour</h3></a>'
    f"<p>One sentence of teaser text for story {i}, written to make a reader click.</p></div>"
    for i in range(12)
)


def test_cjk_words_are_counted_by_characters():
    assert count_words("東京都は十四日、新しい防災計画を発表した。") >= 8
    assert count_words("Der Minister sprach") == 3


def test_home_page_with_teaser_cards_is_not_an_article():
    page = f"""<html><head><title>The Harbour Gazette</title><meta property="og:type" content="website"></head>
    <body><ul>{NAV[:2000]}</ul><main>{CARDS}</main></body></html>"""
    art = dateline.extract(page, url="https://harbourgazette.example/")
    assert not art.is_article and "front" in art.reason


def test_short_story_on_a_link_heavy_page_is_an_article():
    story = ("Firefighters rescued two hikers from the northern ridge of Mount Carrow on Saturday evening after "
             "the pair became stranded by a rock fall, the regional fire service said. Both were taken to hospital "
             "in Elmsford with minor injuries, and the trail will stay closed until engineers inspect it on Monday.")
    page = f"""<html><head><title>Hikers rescued from Mount Carrow</title></head><body><ul>{NAV}</ul>
    <div class="post"><h1>Hikers rescued from Mount Carrow</h1><p>{story}</p></div><ul>{NAV}</ul></body></html>"""
    art = dateline.extract(page)
    assert art.is_article, art.reason
    assert "Elmsford" in art.body and "Section number" not in art.body


def test_news_article_declared_in_json_ld_with_a_short_body_is_an_article():
    page = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Polls close"}</script>
    </head><body><article><h1>Polls close</h1><p>Polls closed at 8 p.m. across the state, and the first results are
    expected shortly after midnight, election officials said in a short statement.</p></article></body></html>"""
    art = dateline.extract(page)
    assert art.is_article, art.reason


def test_article_like_urls():
    from dateline.extract.pagekind import article_like_url

    stories = ["https://news.example/world/2025/jul/14/ferry-strike-channel",
               "https://amt.example/SharedDocs/Pressemitteilungen/DE/2022/001.html",
               "https://city24.example/194420/three-dead-in-crash", "https://autos.example/news.php?newsid=6486285"]
    fronts = ["https://news.example/", "https://news.example/world/", "https://blog.example/2011/",
              "https://blog.example/2025/03/", "https://news.example/tag/elm-street-bike-lanes"]
    assert all(article_like_url(u) for u in stories)
    assert not any(article_like_url(u) for u in fronts)


def test_short_story_among_many_teasers_is_an_article_at_a_story_url():
    story = ("The regional customs office said on Friday that new rules for declaring mineral oil deliveries "
             "will apply from January, and that companies have until the end of March to register.")
    page = f"""<html><head><title>New rules for mineral oil deliveries</title><meta property="og:type" content="website">
    </head><body><main><h1>New rules for mineral oil deliveries</h1><p>{story}</p></main><aside>{CARDS}</aside></body></html>"""
    at_story = dateline.extract(page, url="https://customs.example/news/2021/mineral-oil-deliveries-rules.html")
    assert at_story.is_article, at_story.reason
    at_front = dateline.extract(page, url="https://customs.example/")
    assert not at_front.is_article


def test_link_density_counts_only_what_a_reader_sees():
    from lxml import html as lxml_html

    from dateline.extract.pagekind import read_page_shape

    script = "var config = {" + ", ".join(f"key{i}: 'value {i}'" for i in range(3000)) + "};"
    page = f"""<html><body><script>{script}</script><style>.nav a {{ color: red }}</style>
    <ul><li><a href="/a">Local council news today</a></li><li><a href="/b">Weather for the coast</a></li></ul>
    <p>Our directory of local firms.</p><!-- a comment with many words that no reader ever sees --></body></html>"""
    shape = read_page_shape(lxml_html.fromstring(page))
    assert round(shape.link_density, 2) == round(8 / 13, 2)


def test_mostly_links_yields_to_a_story_address():
    # A short radio item on a page of menus: at a story's address it is a story, at a short path a front.
    story = ("Twenty-four billion tonnes of fertile soil are lost every year as land degrades, a study by "
             "the regional research institute in Dakar found.</p><p>Farmers in the highlands are hit hardest, and "
             "the authors call for terraces, hedges and a ban on burning fields before the rains.")
    menus = "".join(f'<li><a href="/s/{i}">Section link number {i}</a></li>' for i in range(40))
    page = f"""<html><head><title>Fertile land lost</title></head><body><ul>{menus}</ul>
    <div><h1>Fertile land lost</h1><p>{story}</p></div><ul>{menus}</ul></body></html>"""
    at_story = dateline.extract(page, url="https://radio.example/fr/fertile-land-lost/a-6533123")
    assert at_story.is_article, at_story.reason
    at_front = dateline.extract(page, url="https://radio.example/fr/")
    assert not at_front.is_article and "mostly links" in at_front.reason
