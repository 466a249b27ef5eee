"""Plain-text page dumps: the story, its headline, byline and date out of copied page text."""

from __future__ import annotations

from dateline import extract
from dateline.extract.textdump import extract_text

ATHENS = """\
Menu
Search
Greece Approves Plan To Cap Short-Term Rentals In Central Athens
By Eleni Markou and Nikos Pappas
Updated: 14/05/2025 09:40 | Published: 13/05/2025 19:05
ATHENS, May 13 (Reuters) - Greece's parliament approved a plan on Tuesday to freeze new short-term rental licences in three central districts of Athens for a year, as the government tries to cool rents that have risen by more than a third since 2019.
The measure covers Kolonaki, Exarchia and the historic centre around the Acropolis, where officials say more than one in five flats are now let to tourists through online platforms.
Housing is a growing political problem
Tourism Minister Olga Kefalogianni told lawmakers the freeze would be reviewed after twelve months and that owners who already hold licences would not be affected.
"We are not against tourism. We are against families being pushed out of the neighbourhoods where they grew up," she said during the debate.
Opposition parties said the plan did too little and came too late, and called for a ban on new licences across the whole of Attica.
Trending
Athens metro extension opens two new stations•
3 hours ago
Heatwave warning issued for Crete and the Dodecanese
5 hours ago
Related
Why Greek rents have outpaced wages for five years
"""


def test_story_fields_from_a_dump() -> None:
    art = extract_text(ATHENS)
    assert art.is_article, art.reason
    assert art.title == "Greece Approves Plan To Cap Short-Term Rentals In Central Athens"
    assert art.authors == ["Eleni Markou", "Nikos Pappas"]
    assert art.published == "2025-05-13T19:05"  # no offset printed, none invented
    assert art.modified == "2025-05-14T09:40"
    assert art.dateline is not None
    assert (art.dateline.place, art.dateline.agency) == ("Athens", "Reuters")
    assert art.agency == "Reuters"
    assert art.lede.startswith("Greece's parliament approved a plan on Tuesday")
    assert art.evidence["title"] and art.evidence["authors"] == "byline pattern"
    assert art.evidence["published"] == "date line"


def test_body_is_the_story_without_lists() -> None:
    art = extract_text(ATHENS)
    kinds = [(p.kind, p.text[:30]) for p in art.paragraphs]
    assert kinds[0] == ("paragraph", "ATHENS, May 13 (Reuters) - Gre")
    assert ("heading", "Housing is a growing political") in kinds
    assert art.paragraphs[-1].text.startswith("Opposition parties said the plan did too little")
    for furniture in ("Menu", "Trending", "Athens metro extension", "3 hours ago", "Related",
                      "Why Greek rents", "By Eleni Markou", "Published:"):
        assert furniture not in art.body


def test_standfirst_repeating_the_first_paragraph_is_printed_once() -> None:
    dump = """\
Port Strike Ends After Workers Accept Pay Deal
Lina Osei (@linaosei) Published June 3, 2025 | 08:15 AM
Dock workers at the country's two largest ports returned to work on Tuesday after accepting a pay offer, ending a nine-day strike that left dozens of ships waiting offshore
Tema, (GNA - Coastline News - 3rd Jun, 2025) Dock workers at the country's two largest ports returned to work on Tuesday after accepting a pay offer, ending a nine-day strike that left dozens of ships waiting offshore.
The union said members had voted by a large majority to accept a 14 percent rise this year and a further 8 percent next year, along with a new overtime allowance for night shifts.
Shipping agents said it could take two weeks to clear the backlog of vessels, many of them carrying fuel and food imports that had been delayed since late May.
The ports authority said it would extend working hours at both terminals until the queue had been cleared.
More Stories From Business
-
Cocoa farmers demand higher farm-gate price12 minutes ago
-
Central bank holds policy rate at 28 percent1 hour ago
"""
    art = extract(dump)
    assert art.is_article, art.reason
    assert art.authors == ["Lina Osei"]
    assert art.published == "2025-06-03T08:15"
    assert art.body.count("Dock workers at the country's two largest ports returned to work") == 1
    assert art.paragraphs[0].text.startswith("Tema, (GNA")
    assert art.dateline.place == "Tema" and art.dateline.agency == "GNA"
    assert art.subtitle is None
    assert art.lede.startswith("Dock workers at the country's two largest ports")
    assert "Cocoa farmers" not in art.body and "minutes ago" not in art.body
    assert "\n-\n" not in art.body and not any(p.text == "-" for p in art.paragraphs)


def test_german_dump_with_von_byline_and_related_box() -> None:
    dump = """\
Startseite / Politik / Deutschland
Länder einigen sich auf Reform der Grundsteuer-Hebesätze
Von Jana Krüger
Veröffentlicht am 04.03.2025, 16:20 Uhr
Hannover (dpa) - Die Finanzminister der Länder haben sich nach monatelangem Streit auf gemeinsame Regeln für die Hebesätze der Grundsteuer verständigt. Das teilte das niedersächsische Finanzministerium am Dienstag in Hannover mit.
Künftig sollen Gemeinden unterschiedliche Hebesätze für Wohn- und Gewerbegrundstücke festlegen dürfen. Damit wollen die Länder verhindern, dass Mieter durch die Reform stärker belastet werden als bisher.
Lesen Sie auch: Was die neue Grundsteuer für Eigentümer bedeutet
Der Städtetag begrüßte die Einigung, forderte aber eine Übergangsfrist von mindestens zwei Jahren. Viele Kommunen hätten ihre Haushalte für das laufende Jahr bereits beschlossen.
Der Bund der Steuerzahler kritisierte dagegen, die Reform mache das System noch unübersichtlicher und führe in vielen Städten zu höheren Belastungen.
Meistgelesen
Bahnstreik: Diese Verbindungen fallen am Donnerstag aus
Wetter: Schnee bis ins Flachland erwartet
"""
    art = extract(dump)
    assert art.is_article, art.reason
    assert art.title == "Länder einigen sich auf Reform der Grundsteuer-Hebesätze"
    assert art.authors == ["Jana Krüger"]
    assert art.published == "2025-03-04T16:20"
    assert art.dateline.place == "Hannover" and art.agency == "dpa"
    assert art.language == "de"
    # The story goes on after the "Lesen Sie auch" line, which itself stays out.
    assert art.paragraphs[-1].text.startswith("Der Bund der Steuerzahler kritisierte")
    assert "Lesen Sie auch" not in art.body and "Meistgelesen" not in art.body
    assert "Bahnstreik" not in art.body


def test_a_list_of_headlines_is_not_an_article() -> None:
    dump = """\
Latest News
Council approves new bus routes for the east side
Stock markets close higher on tech rally
2 hours ago
Heavy rain expected across the region this weekend
3 hours ago
Local team wins regional championship in overtime
Yesterday
"""
    art = extract_text(dump)
    assert art.is_article is False
    assert art.reason and "no story found" in art.reason


def test_a_short_note_is_not_an_article() -> None:
    art = extract_text("Opening hours\nThe library is closed on public holidays.\n")
    assert art.is_article is False and art.reason


def test_nav_lines_and_breadcrumbs_are_not_the_headline() -> None:
    art = extract_text("Home | News | Sport | Business\n" + ATHENS)
    assert art.title == "Greece Approves Plan To Cap Short-Term Rentals In Central Athens"


def test_undated_dump_without_byline() -> None:
    body = ("The festival will move to the riverside park next summer after complaints about noise from "
            "residents near the old showground, the organisers said on Friday. ")
    art = extract_text("Festival Moves To Riverside Park\n" + body + "\n" + body.replace("Friday", "Monday") + "\n")
    assert art.title == "Festival Moves To Riverside Park"
    assert art.authors == [] and art.published is None
    assert art.dateline is None
    assert len(art.paragraphs) == 2


def test_site_name_and_section_lines_above_the_headline() -> None:
    dump = ATHENS.replace("Menu\nSearch\n", "The Aegean Courier\nSubscribe\nWorld News\n")
    art = extract_text(dump)
    assert art.title == "Greece Approves Plan To Cap Short-Term Rentals In Central Athens"


def test_long_headline_without_full_stop_stays_a_headline() -> None:
    title = "Lawmakers in three states move to ban phones in classrooms as teachers report rising distraction"
    dump = ATHENS.replace("Greece Approves Plan To Cap Short-Term Rentals In Central Athens", title)
    art = extract_text(dump)
    assert art.title == title
    assert title not in art.body


def test_hard_wrapped_paragraphs_are_joined() -> None:
    dump = """\
Harbour Board Delays Vote On Cruise Terminal

By Tom Reilly
March 18, 2025

The harbour board postponed a vote on the planned cruise terminal on
Tuesday after residents' groups submitted more than 2,000 objections in
the final week of the consultation.

Board chair Moira Keane said the objections raised questions about
traffic and air quality that the board had a duty to consider before
reaching a decision, and that a new vote would be held in May.

The developer, Northline Ports, said it was disappointed by the delay but
remained committed to the project, which it says would bring 300 jobs to
the town and up to 90 cruise calls a year.
"""
    art = extract_text(dump)
    assert art.is_article, art.reason
    assert art.title == "Harbour Board Delays Vote On Cruise Terminal"
    assert art.authors == ["Tom Reilly"]
    assert art.published == "2025-03-18"
    assert len(art.paragraphs) == 3
    assert art.paragraphs[0].text.startswith("The harbour board postponed a vote on the planned cruise terminal on Tuesday")
    assert art.paragraphs[-1].text.endswith("up to 90 cruise calls a year.")


def test_data_is_not_a_story() -> None:
    records = "\n".join(f'{{"id": {i}, "city": "Berlin", "value": {i * 3.7:.1f}, "ok": true}}' for i in range(40))
    art = extract(records)
    assert art.is_article is False and "no story found" in art.reason
