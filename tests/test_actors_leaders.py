"""The bundled table of well-known political figures: read by full name or listed spelling, never by
surname alone (a title and a surname find the one figure of that role), and only where the text gives no
country."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.analyze import analyze_text
from dateline.enrich import actors_leaders
from dateline.enrich.actors_leaders import find_figure, load_leaders, read_leaders
from dateline.enrich.countries import load_countries

ORGANISATIONS = {"UNO", "NATO", "EU", "AU", "ARL", "OPEC", "IAEA", "WHO", "IMF", "WBK"}


def write_table(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "leaders.tsv"
    path.write_text("# a test table\nname\taliases\tcountry\tsector\trole\tfrom\tto\n" + rows, encoding="utf-8")
    return path


def test_a_figure_is_found_by_name_and_every_spelling(tmp_path: Path) -> None:
    table = read_leaders(write_table(tmp_path, "Muammar Gaddafi\tMoammar Gadhafi|Muammar Qaddafi\tLBY\tGOV\tleader\t1969\t2011\n"
                                               "Moammar Gadhafi\t\tEGY\tGOV\tnobody\t\t\n"))
    figure = table["muammar qaddafi"]
    assert (figure.country, figure.sector, figure.role, figure.start, figure.end) == ("LBY", "GOV", "leader", 1969, 2011)
    assert table["moammar gadhafi"].country == "LBY"  # the first row wins a clash


def test_a_missing_table_is_empty(tmp_path: Path) -> None:
    assert read_leaders(tmp_path / "nowhere.tsv") == {}


def test_the_bundled_table_is_broad_and_well_formed() -> None:
    table = load_leaders()
    figures = set(table.values())
    assert len(figures) >= 800
    countries = load_countries()
    bad = sorted({f.country for f in figures if f.country not in ORGANISATIONS and countries.get(f.country) is None})
    assert not bad, f"codes the country table does not know: {bad}"
    assert {f.sector for f in figures} <= {"GOV", "OPP", "REB", "IGO", "REL", "CVL", "MIL"}


@pytest.mark.parametrize(("name", "country"), [("Hosni Mubarak", "EGY"), ("Helmut Kohl", "DEU"),
                                               ("Kofi Annan", "UNO"), ("Fidel Castro", "CUB")])
def test_well_known_figures_have_their_country(name: str, country: str) -> None:
    figure = find_figure(name)
    assert figure is not None and figure.country == country


def test_a_surname_alone_finds_nobody() -> None:
    assert find_figure("Mubarak") is None


def test_a_titled_figure_without_a_country_in_the_text_takes_the_table_s(monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    table = read_leaders(write_table(tmp_path, "Amadou Diallo Keita\t\tMLI\tGOV\tpresident\t2031\t\n"))
    monkeypatch.setattr(actors_leaders, "load_leaders", lambda: table)
    analysis = analyze_text("President Amadou Diallo Keita rejected the proposal on Monday.", language="en")
    [mention] = [m for m in analysis.enrichment.actors if "Keita" in m.text]
    assert mention.actor is not None and (mention.actor.country, mention.actor.sector) == ("MLI", "GOV")
    assert mention.signal == "knowledge base"
    # what the text says wins: a Senegalese president of that name is Senegal's
    analysis = analyze_text("Senegalese President Amadou Diallo Keita rejected the proposal on Monday.", language="en")
    [mention] = [m for m in analysis.enrichment.actors if "Keita" in m.text]
    assert mention.actor is not None and mention.actor.country == "SEN"


def test_a_title_and_a_surname_find_the_one_figure_of_that_role(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    table = read_leaders(write_table(tmp_path, "Amadou Diallo Keita\t\tMLI\tGOV\tpresident\t2031\t\n"
                                               "Ibrahim Keita\t\tSEN\tGOV\tforeign minister\t2030\t\n"
                                               "Jean Mbeki\t\tCMR\tGOV\tprime minister\t2030\t\n"
                                               "Paul Mbeki\t\tGAB\tGOV\tprime minister\t2033\t\n"
                                               "Omar Tanji\t\tMAR\tGOV\tpresident\t2030\t2032\n"
                                               "Ali Tanji\t\tMAR\tGOV\tpresident\t2036\t\n"))
    monkeypatch.setattr(actors_leaders, "titled_index", lambda: actors_leaders.by_surname_and_role(table))
    figure = actors_leaders.find_titled("Keita", "president")
    assert figure is not None and figure.country == "MLI"
    assert actors_leaders.find_titled("Keita", "foreign minister").country == "SEN"  # type: ignore[union-attr]
    assert actors_leaders.find_titled("Keita", "king") is None  # nobody of that name held that role
    assert actors_leaders.find_titled("Mbeki", "prime minister") is None  # two, of two countries
    assert actors_leaders.find_titled("Tanji", "president").country == "MAR"  # type: ignore[union-attr]
    assert actors_leaders.find_titled("Amadou Keita", "president") is None  # a full name is find_figure's


def test_a_titled_surname_takes_the_table_s_country_unless_the_text_gives_one(monkeypatch: pytest.MonkeyPatch,
                                                                              tmp_path: Path) -> None:
    table = read_leaders(write_table(tmp_path, "Amadou Diallo Keita\t\tMLI\tGOV\tpresident\t2031\t\n"))
    monkeypatch.setattr(actors_leaders, "titled_index", lambda: actors_leaders.by_surname_and_role(table))
    analysis = analyze_text("President Keita rejected the proposal on Monday.", language="en")
    [mention] = [m for m in analysis.enrichment.actors if "Keita" in m.text]
    assert mention.actor is not None and (mention.actor.country, mention.actor.sector) == ("MLI", "GOV")
    analysis = analyze_text("Senegalese President Keita rejected the proposal on Monday.", language="en")
    [mention] = [m for m in analysis.enrichment.actors if "Keita" in m.text]
    assert mention.actor is not None and mention.actor.country == "SEN"
