"""Story text that repeats itself is the story: the cleaning rules that drop a repeated standfirst
or a second copy of a block keep a paragraph that the story itself says twice."""

from __future__ import annotations

import dateline

URL = "https://millbrook-courier.example/news/library-reopens"
TITLE = "Millbrook library to reopen after roof repairs"


def _page(article: str) -> str:
    return (f"<html><head><title>{TITLE} | Millbrook Courier</title></head><body>"
            '<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
            f"<main><article><h1>{TITLE}</h1>{article}</article></main>"
            "<footer><p>© 2025 Millbrook Courier</p></footer></body></html>")


def _body(article: str) -> list[str]:
    return dateline.extract(_page(article), url=URL).body.split("\n\n")


LEDE = "The Millbrook public library will reopen to readers on Monday."
STORY = [
    LEDE,
    "The library closed in February after a storm tore part of the roof away and rain soaked two floors of the "
    "building, ruining more than four thousand books in the children's section.",
    f"{LEDE[:-1]}, the town's library board confirmed on Thursday, eleven weeks after the roof came down and "
    "after a repair bill that ran to nearly half a million dollars.",
    "Volunteers spent the last month sorting donated books, and the board said the children's shelves would be "
    "fuller than before the storm. The reading room will open later in the summer.",
]


def test_a_paragraph_that_a_later_paragraph_restates_is_kept() -> None:
    article = "".join(f"<p>{p}</p>" for p in STORY)
    assert _body(article) == STORY


def test_paragraphs_either_side_of_a_subheading_repeat_and_both_stay() -> None:
    first = ("Readers who borrowed books before the storm will not be charged late fees, and every loan has been "
             "extended to the end of June.")
    second = ("Readers who borrowed books before the storm will not be charged late fees, and every loan has been "
              "extended to the end of June. Books can be returned at the town hall until then.")
    article = (f"<div><p>{STORY[0]}</p><p>{first}</p><p>{STORY[1]}</p></div><h2>Late fees</h2>"
               f"<div><p>{second}</p><p>{STORY[3]}</p></div>")
    body = _body(article)
    assert first in body and second in body


def test_a_standfirst_that_the_first_paragraph_repeats_still_appears_once() -> None:
    lede = f"{LEDE} Its doors have been shut since a storm in February."
    article = (f'<p class="standfirst">{LEDE}</p><div class="story-body">'
               + "".join(f"<p>{p}</p>" for p in [lede, *STORY[1:]]) + "</div>")
    assert _body(article) == [lede, *STORY[1:]]


REFRAIN = ("Oh the river runs to Millbrook, and the river runs to sea, and the books go down the river, and they "
           "all come back to me.")


def test_a_refrain_the_story_quotes_twice_in_a_row_is_kept_twice() -> None:
    article = (f"<p>{STORY[0]}</p><p>{STORY[1]}</p><p>The children's choir will open the day with a song the "
               "librarian wrote for the reopening, its chorus sung twice:</p>"
               f'<p class="lyric">{REFRAIN}</p><p class="lyric">{REFRAIN}</p><p>{STORY[3]}</p>')
    assert _body(article).count(REFRAIN) == 2


def test_a_paragraph_printed_for_two_screen_sizes_appears_once() -> None:
    article = (f'<p class="summary only-desktop">{STORY[1]}</p><p class="summary only-mobile">{STORY[1]}</p>'
               f"<p>{STORY[0]}</p><p>{STORY[3]}</p>")
    assert _body(article).count(STORY[1]) == 1


# --- headings over headings --------------------------------------------------------------------------

GUIDE = [
    "Millbrook's library has lent books since 1887, and the storm that closed it was not the first setback it "
    "has weathered. Here is what changes for readers when the doors open again on Monday.",
    "Borrowers can take out twelve books at a time instead of eight, and the loan period grows to four weeks.",
    "The children's section moves to the ground floor, next to a new reading garden built by volunteers.",
    "The library board said the changes would stay in place at least until the end of next year.",
]


def test_a_section_heading_over_its_first_subheading_is_kept() -> None:
    article = (f"<p>{GUIDE[0]}</p><h2>What changes for readers</h2><h3>Longer loans</h3><p>{GUIDE[1]}</p>"
               f"<h3>A new children's floor</h3><p>{GUIDE[2]}</p><p>{GUIDE[3]}</p>")
    body = _body(article)
    assert "What changes for readers" in body and "Longer loans" in body


def test_headings_that_are_whole_sentences_are_kept() -> None:
    points = ["1. The library lent more than 90,000 books last year.",
              "2. Its oldest book, a parish register, dates from 1702.",
              "3. One reader in three is under the age of twelve."]
    article = f"<p>{GUIDE[0]}</p>" + "".join(f"<h3>{p}</h3>" for p in points) + f"<p>{GUIDE[3]}</p>"
    body = _body(article)
    assert all(p in body for p in points)


def test_a_label_left_over_a_removed_box_is_still_dropped() -> None:
    article = (f"<p>{GUIDE[0]}</p><p>{GUIDE[1]}</p><h3>More from Millbrook</h3>"
               f"<h2>Opening hours</h2><p>{GUIDE[2]}</p><p>{GUIDE[3]}</p>")
    body = _body(article)
    assert "More from Millbrook" not in body and "Opening hours" in body


# --- web addresses printed in the story ---------------------------------------------------------------

def test_a_web_address_the_writer_printed_is_kept() -> None:
    article = (f"<p>{GUIDE[0]}</p><p>The board has published the full list of changes, and the form to renew a "
               "library card, on its website:<br>"
               '<a href="https://millbrook-library.example/reopening">https://millbrook-library.example/reopening</a>'
               f"</p><p>{GUIDE[1]}</p><p>{GUIDE[3]}</p>")
    assert "https://millbrook-library.example/reopening" in _body(article)


def test_a_link_with_words_on_its_own_line_is_still_dropped() -> None:
    article = (f"<p>{GUIDE[0]}</p><p>{GUIDE[1]}</p>"
               '<p><a href="/news/pool">Swimming pool to close for winter</a></p>'
               f"<p>{GUIDE[2]}</p><p>{GUIDE[3]}</p>")
    assert "Swimming pool to close for winter" not in _body(article)


# --- h1 section headings -------------------------------------------------------------------------------

def test_h1_section_headings_below_the_first_paragraph_are_kept() -> None:
    article = (f"<p>{GUIDE[0]}</p><h1>Longer loans for every reader</h1><p>{GUIDE[1]}</p>"
               f"<h1>The children's floor moves down</h1><p>{GUIDE[2]}</p><p>{GUIDE[3]}</p>")
    body = _body(article)
    assert body[:3] == [GUIDE[0], "Longer loans for every reader", GUIDE[1]]
    assert "The children's floor moves down" in body and TITLE not in body


def test_a_sign_off_with_the_writers_linked_e_mail_address_is_kept() -> None:
    sign_off = "Columnist Dara Whitlock dara.whitlock@millbrook-courier.example"
    article = (f"<p>{GUIDE[0]}</p><p>{GUIDE[1]}</p><p>{GUIDE[3]}</p>"
               '<div class="sign-off">Columnist Dara Whitlock '
               '<a href="mailto:dara.whitlock@millbrook-courier.example">dara.whitlock@millbrook-courier.example</a></div>')
    assert sign_off in _body(article)


def test_section_headings_linked_to_their_own_anchor_are_kept() -> None:
    article = (f"<p>{GUIDE[0]}</p>"
               '<h2 id="loans"><a class="anchor" href="#loans">Longer loans</a></h2>'
               f"<p>{GUIDE[1]}</p>"
               '<h2 id="children"><a class="anchor" href="#children">A new children\'s floor</a></h2>'
               f"<p>{GUIDE[2]}</p><p>{GUIDE[3]}</p>")
    body = _body(article)
    assert "Longer loans" in body and "A new children's floor" in body


def test_a_linked_word_inside_a_sentence_is_kept_whatever_its_class_says() -> None:
    # Publishers mark topic links, place names and dates inside the text with classes that also
    # name page furniture ("meta", "tag", "date"); dropping them would change what a sentence says.
    first = ('The library board voted on Thursday to reopen the building in <a class="meta-loc" '
             'href="/topics/millbrook">Millbrook</a> before the summer, the board\'s chairwoman said.')
    second = ('The repairs were paid for by a grant from the <span class="tag">state arts council</span>, '
              'which covered most of the <time class="date">February</time> storm damage.')
    article = (f"<p>{first}</p><p>{second}</p>" + "".join(f"<p>{p}</p>" for p in STORY[1:])
               + '<p>Readers can follow the work on the board\'s page. <a class="more-link" href="/news">'
                 "Read more news</a></p>")
    body = _body(article)
    assert body[0] == ("The library board voted on Thursday to reopen the building in Millbrook before the summer, "
                       "the board's chairwoman said.")
    assert body[1] == ("The repairs were paid for by a grant from the state arts council, which covered most of the "
                       "February storm damage.")
    # a furniture link that ends its paragraph is still furniture
    assert body[-1] == "Readers can follow the work on the board's page."


def test_a_hidden_word_inside_a_sentence_is_still_dropped() -> None:
    article = ('<p>The library will reopen on Monday <span class="sr-only">(opens in a new window)</span> '
               "with longer hours for students.</p>" + "".join(f"<p>{p}</p>" for p in STORY[1:]))
    assert _body(article)[0] == "The library will reopen on Monday with longer hours for students."


def test_a_subheading_between_story_paragraphs_is_kept_whatever_its_class_says() -> None:
    # A site's theme names its subheadings after its widgets ("widget-title"); set between two
    # paragraphs of the story, the heading is the story's. The same class on a box's heading is not.
    article = (f"<p>{STORY[0]} It had been shut since the storm.</p><p>{STORY[1]}</p>"
               '<h2 class="widget-title">Late fees waived</h2>'
               f"<p>{STORY[2]}</p><p>{STORY[3]}</p>"
               '<div class="widget"><h3 class="widget-title">Follow the Courier</h3>'
               "<p>Get the day's local news in your inbox every morning.</p></div>")
    body = _body(article)
    assert "Late fees waived" in body
    assert body.index("Late fees waived") == 2
    assert "Follow the Courier" not in body


def test_a_story_told_as_a_gallery_keeps_its_items_text() -> None:
    # Listicles lay each item out as a figure: a heading, a photo, and the item's paragraphs in the
    # caption. Those paragraphs are the story; a photo's caption (no heading) is still left out.
    items = [
        ("1. The reading room", "The reading room on the second floor has new oak tables and lamps.",
         "What changed: the damaged floor was replaced and forty new seats were added along the windows."),
        ("2. The children's corner", "The corner was rebuilt with low shelves and a carpet for story time.",
         "What changed: four thousand books were bought again, half of them with donations from readers."),
        ("3. The archive", "The local archive moved to the ground floor, away from the roof.",
         "What changed: the town's newspapers since 1890 can now be read on two new scanners by appointment."),
    ]
    figures = "".join(f'<figure class="slide"><div class="slide-header"><h2>{title}</h2></div>'
                      f'<img src="/img/{n}.jpg" alt=""><figcaption><p>{one}</p><p>{two}</p></figcaption></figure>'
                      for n, (title, one, two) in enumerate(items))
    photo = ('<figure><img src="/img/front.jpg" alt=""><figcaption><p>The library from Market Street on Monday, '
             'with the scaffolding gone after eleven weeks of repairs to the roof.</p><p>Photo: Courier staff</p>'
             "</figcaption></figure>")
    body = _body(f"<p>{STORY[0]}</p>{photo}<p>{STORY[1]}</p>{figures}")
    for _, one, two in items:
        assert one in body and two in body
    assert not any("Market Street" in p for p in body)


def test_other_stories_cards_inside_the_story_box_are_dropped() -> None:
    # A card: a headline that is one link, then its summary cut off with an ellipsis.
    cards = "".join(f'<div class="box"><h3><a href="/news/{n}">{title}</a></h3><p>{summary}</p></div>' for n, (title, summary) in
                    enumerate([("Council approves new cycle lanes on Mill Road",
                                "The council voted on Tuesday to add protected cycle lanes along Mill Road, where two ..."),
                               ("Harvest festival returns after two years",
                                "Stalls, a parade and a tractor race will fill the market square on Saturday, and the …")]))
    body = _body("".join(f"<p>{p}</p>" for p in STORY) + cards)
    assert body == STORY


def test_a_listing_of_cards_keeps_its_summaries() -> None:
    # On a page that is mostly cards (a section front), the summaries are the page's text.
    cards = "".join(f'<div class="box"><h3><a href="/news/{n}">Story number {n} of the day in Millbrook</a></h3>'
                    f"<p>The summary of story number {n}, which goes on about the town and its people and then ...</p>"
                    "</div>" for n in range(6))
    body = _body(f"<p>{LEDE}</p>{cards}")
    assert sum("The summary of story number" in p for p in body) == 6


def test_a_video_players_messages_are_not_story_text() -> None:
    # JW Player and Video.js put their fallback and error messages in the page itself.
    player = ('<div class="featured-video jwplayer"><div class="video-fallback"><div>We apologize, but this video '
              "has failed to load.</div><div>Try refreshing your browser, or tap here to see other videos.</div></div>"
              '</div><div class="video-js vjs-default-skin"><div class="vjs-error-display"><div>The media could not '
              "be loaded, either because the server or network failed.</div></div></div>")
    body = _body(f"<p>{STORY[0]}</p>{player}" + "".join(f"<p>{p}</p>" for p in STORY[1:]))
    assert body == STORY


def test_a_list_of_further_reading_that_ends_the_story_is_dropped() -> None:
    # each item half a link, as sites write them: a phrase, then the link on its end
    reading = ('<p>More from the Courier</p><ul><li>How the storm of February <a href="/news/storm">tore the roof away</a></li>'
               '<li>Why volunteers spent a month <a href="/news/volunteers">sorting donated books</a></li>'
               '<li>What the town hall will do <a href="/news/town-hall">with the returned books</a></li></ul>')
    sources = ('<ul><li><a href="https://millbrook.example/board/minutes">https://millbrook.example/board/minutes</a></li>'
               '<li><a href="https://millbrook.example/board/budget">https://millbrook.example/board/budget</a></li>'
               '<li><a href="https://millbrook.example/board/repairs">https://millbrook.example/board/repairs</a></li></ul>')
    story = "".join(f"<p>{p}</p>" for p in STORY)
    assert _body(story + reading) == STORY
    # printed addresses are sources the story cites: they stay
    assert _body(story + sources)[-1] == "https://millbrook.example/board/repairs"


def test_a_servers_error_messages_printed_into_the_page_are_not_the_story() -> None:
    errors = ("<p>Deprecated: Assigning the return value of new by reference is deprecated in "
              "/www/htdocs/wp-includes/cache.php on line 36</p>"
              "<p>Strict Standards: Redefining already defined constructor for class wpdb in "
              "/www/htdocs/wp-includes/wp-db.php on line 56</p>")
    # a sentence of the story that speaks of a warning is still the story
    warning = "Warning: the board said the building would stay closed on Sundays until the end of the year."
    body = _body(errors + "".join(f"<p>{p}</p>" for p in STORY) + f"<p>{warning}</p>")
    assert body == [*STORY, warning]


def test_pointers_to_other_stories_are_dropped_in_any_of_their_wordings() -> None:
    pointers = ["SEE MORE: Library board votes to sell the old depot", "Read next: Council approves cycle lanes",
                "Related: Harvest festival returns", "See also: How the storm hit the coast"]
    story = [STORY[0], pointers[0], STORY[1], pointers[1], STORY[2], pointers[2], STORY[3], pointers[3]]
    assert _body("".join(f"<p>{p}</p>" for p in story)) == STORY
