"""Long pages built of many sections, and pages that are not news articles: the whole main text,
none of the page around it. The fixture pages under tests/pages/sections are fictional."""

from __future__ import annotations

from pathlib import Path

import dateline

PAGES = Path(__file__).parent / "pages" / "sections"


def _extract(name: str, url: str) -> dateline.Article:
    return dateline.extract((PAGES / name).read_text(encoding="utf-8"), url=url)


def _assert_all_in(body: str, parts: list[str]) -> None:
    missing = [p for p in parts if p not in body]
    assert not missing, f"missing from the body: {missing}"


def _assert_none_in(body: str, parts: list[str]) -> None:
    found = [p for p in parts if p in body]
    assert not found, f"page furniture in the body: {found}"


def test_listicle_built_from_widget_components_keeps_every_entry():
    # Each entry sits in a "builder-widget" like the intro; only the long intro holds enough
    # paragraphs to survive the furniture word in its class on its own.
    art = _extract("listicle.html", "https://pedalreport.example/guides/best-budget-ebikes/")
    _assert_all_in(art.body, [
        "An electric bike used to mean spending",
        "1. Volta City 3: the best all-rounder", "Real-world range: 61 km",
        "2. Nordwind Pendel: the best for hills", "3. Ferro Lite: the lightest",
        "4. Kessel Cargo Mini: for school runs", "5. Orla Step: the easiest to get on",
        "6. Brisa Uno: the cheapest worth buying", "passed all our tests",
    ])
    _assert_none_in(art.body, ["Advertisement", "newsletter", "More from Pedal Report", "battery last twice as long",
                               "reader funded", "Log in"])
    assert art.is_article


def test_review_keeps_the_table_of_pros_and_cons_between_its_parts():
    art = _extract("review.html", "https://desknotes.example/reviews/arcline-k7/")
    _assert_all_in(art.body, [
        "The K7 is the first low-profile", "Design and build", "Typing feel",
        "Nearly silent switches", "Battery drains fast with the backlight on", "Companion app only for one system",
        "Battery life", "Verdict", "list of the best low-profile keyboards",
    ])
    _assert_none_in(art.body, ["Advertisement", "Same battery problem here", "has tested keyboards for Desk Notes",
                               "The quietest keyboards we tested", "reader supported", "3.5 out of 5"])


def test_product_page_is_no_article_but_keeps_its_description():
    art = _extract("product.html", "https://trailhead.example/p/fjellbu-2-trekking-tent")
    assert not art.is_article
    assert "product page" in art.reason
    _assert_all_in(art.body, ["semi-freestanding tunnel tent", "Two doors and two vestibules",
                              "Outer-first pitching", "Packed size 45 × 16 cm"])
    _assert_none_in(art.body, ["Add to cart", "Customers also bought", "Aluminium Y-peg set", "30-day returns",
                               "Sleeping bags"])


def test_forum_thread_is_no_article_but_keeps_every_post():
    art = _extract("forum.html", "https://crumbforum.example/t/starter-smells-like-acetone/8812")
    assert not art.is_article
    assert "forum thread" in art.reason
    _assert_all_in(art.body, ["I left my rye starter in the fridge", "Not dead, just hungry",
                              "Rye starters bounce back", "Update: two days of feeding"])
    _assert_none_in(art.body, ["Suggested topics", "A fridge schedule for people", "Forum rules", "Yeasted breads",
                               "Quote"])


def test_a_product_reviewed_inside_an_article_leaves_it_an_article():
    art = _extract("review.html", "https://desknotes.example/reviews/arcline-k7/")
    assert art.is_article, art.reason


def test_story_cut_into_numbered_parts_keeps_every_part():
    # "story-body story-body-1" and "story-body story-body-2": one template, numbered.
    art = _extract("numbered_parts.html", "https://ledger.example/2026/01/19/harwick-port-deal")
    _assert_all_in(art.body, ["The sale of the Harwick container terminal", "What the buyer is acquiring",
                              "That two-step structure", "read the circular carefully"])
    _assert_none_in(art.body, ["Advertisement", "More on ports and shipping", "Dock workers vote to strike",
                               "Freight rates fall"])


def test_guide_keeps_sections_in_cousin_containers_across_ads_and_sign_up_boxes():
    # The long intro wins the scoring; each later section sits three wrappers down, with a
    # list or a table under a short paragraph, so its own score fades before it counts.
    art = _extract("guide.html", "https://greenway.example/garden/balcony-vegetables-guide/")
    _assert_all_in(art.body, [
        "A balcony of four square metres", "Wind matters nearly as much as light",
        "Choose containers that hold water", "Fabric grow bags of 20 to 40 litres",
        "Get the soil right", "Salad leaves Plain multipurpose compost",
        "What to grow in your first year", "Watering without ruling your life",
        "Closing the season in autumn", "save the seed in paper envelopes",
    ])
    _assert_none_in(art.body, ["In this guide", "Advertisement", "Grow more with our weekly newsletter",
                               "Photo: Maren Quist", "About the author", "You might also like",
                               "Ten salad leaves", "14 comments", "Twice the crop", "Popular this week",
                               "funded by its readers", "All rights reserved"])


def test_story_split_at_a_read_more_fold_keeps_the_paragraphs_before_it():
    art = _extract("fold.html", "https://lowfieldpost.example/opinion/parking-rules-cost")
    _assert_all_in(art.body, ["THE council's transport committee spent four hours", "The scheme replaces pay-and-display",
                              "Officers estimated the first-year income", "That is a strange thing to plan for",
                              "see whether it still adds up"])
    _assert_none_in(art.body, ["More opinion", "answers a question nobody", "Sunday opening costs little",
                               "Lowfield Post"])


def test_listing_page_is_no_article_and_keeps_each_entry_with_its_headline():
    art = _extract("listing.html", "https://riversidecourier.example/topics/cycling/")
    assert not art.is_article
    assert "front or section page" in art.reason or "listing" in art.reason
    _assert_all_in(art.body, [
        "Protected lane on the Mill Bridge opens two months early", "The kerbed lane, which separates riders",
        "A bike library for children who outgrow theirs every year", "The club that has ridden every Sunday",
        "Riverside Wheelers will mark their centenary",
    ])
    _assert_none_in(art.body, ["Older posts", "Most read", "Council tax to rise", "Independent local news",
                               "Transport"])
    assert art.body.index("Protected lane on the Mill Bridge") < art.body.index("The kerbed lane")


def test_a_story_keeps_dropping_linked_headlines_of_other_stories():
    art = _extract("numbered_parts.html", "https://ledger.example/2026/01/19/harwick-port-deal")
    assert art.is_article
    assert "Dock workers vote to strike" not in art.body


def test_service_page_is_no_article_but_keeps_every_section():
    art = _extract("service.html", "https://haldenheating.example/services/boiler-servicing/")
    assert not art.is_article
    assert "service page" in art.reason
    _assert_all_in(art.body, ["A yearly service keeps your boiler safe", "What a service includes",
                              "Repairs when you need them", "Annual boiler service £85", "Twelve-month guarantee",
                              "What our customers say"])
    _assert_none_in(art.body, ["Book a service", "Heat pumps", "12 Mill Lane", "Gas Safe registration 000000"])


def test_product_page_told_by_microdata_alone():
    page = (PAGES / "product.html").read_text(encoding="utf-8")
    page = page.replace('<meta property="og:type" content="product">', "")
    page = page[:page.index('<script type="application/ld+json">')] + page[page.index("</script>") + 9:]
    page = page.replace('<main class="product">', '<main class="product" itemscope itemtype="https://schema.org/Product">')
    art = dateline.extract(page, url="https://trailhead.example/p/fjellbu-2-trekking-tent")
    assert not art.is_article
    assert "product page" in art.reason
    assert "semi-freestanding tunnel tent" in art.body


def test_short_story_in_a_container_named_like_furniture_beats_the_box_beside_it():
    # "c-article--has-toolbar" names a toolbar; the story has too few paragraphs to count as a
    # wrapper, so the strict walk skips it and a box of regional briefs looks like the story.
    art = _extract("misnamed.html", "https://valleycourier.example/travel/night-trains-return-coast-line")
    _assert_all_in(art.body, ["Overnight trains will run again", "Two trains a week", "bookings would open on 1 April",
                              "asked for a daily service"])
    _assert_none_in(art.body, ["From around the region", "Harbour festival", "cycle path", "Library extends"])


def test_text_and_markdown_output_of_a_product_page_show_its_main_text():
    from dateline.render import to_markdown, to_text

    art = _extract("product.html", "https://trailhead.example/p/fjellbu-2-trekking-tent")
    for rendered in (to_text(art), to_markdown(art)):
        assert "not an article: a product page" in rendered
        assert "semi-freestanding tunnel tent" in rendered


def test_docs_page_keeps_every_section_and_leaves_the_navigation_tree_out():
    # A guard, not a fix: documentation pages already came out whole.
    art = _extract("docs.html", "https://tidepool.example/en/stable/retries.html")
    _assert_all_in(art.body, ["Network calls fail", "The default policy", 'pool = tidepool.Pool("db.internal:5432"',
                              "Changing the policy", "backoff 0.2", "Per-call overrides", "Only retry writes"])
    _assert_none_in(art.body, ["Installation", "Quickstart", "tidepool.errors", "Search docs", "Previous", "Copyright"])
