"""Bylines to people and agency: the shapes news sites print them in."""

from __future__ import annotations

import pytest

from dateline.extract.authors import is_agency, is_person, parse_byline, split_people_and_agency


@pytest.mark.parametrize(
    ("byline", "people", "agency"),
    [
        ("By Jane Doe and John Smith, Reuters", ["Jane Doe", "John Smith"], "Reuters"),
        ("Mohammad Ali (@ChaudhryMAli88) Published February 26, 2025 | 10:29 PM", ["Mohammad Ali"], None),
        ("Von Anna Müller, dpa", ["Anna Müller"], "dpa"),
        ("Von Hans-Peter van der Berg und Eva Meier", ["Hans-Peter van der Berg", "Eva Meier"], None),
        ("Par Jean Dupont et Marie Lefèvre (AFP)", ["Jean Dupont", "Marie Lefèvre"], "AFP"),
        ("Por María García y José López | 12/03/2024", ["María García", "José López"], None),
        ("Di Mario Rossi", ["Mario Rossi"], None),
        ("Av Ola Nordmann og Kari Nordmann", ["Ola Nordmann", "Kari Nordmann"], None),
        ("By Tom Baker, Senior Correspondent", ["Tom Baker"], None),
        ("By Priya Natarajan | priya.natarajan@example-news.com", ["Priya Natarajan"], None),
        ("By Lena Ortiz in Brussels", ["Lena Ortiz"], None),
        ("By Sam Whitfield Updated 3 hours ago", ["Sam Whitfield"], None),
        ("Autor: Petra Klein 05.01.2025, 15:23", ["Petra Klein"], None),
        ("Written by Dr. Felix Hartmann", ["Dr. Felix Hartmann"], None),
        ("By THE ASSOCIATED PRESS", [], "THE ASSOCIATED PRESS"),
        ("Staff Reporter", [], "Staff Reporter"),
        ("BBC News", [], "BBC News"),
        ("Dora Vance (dvc)", ["Dora Vance"], None),
        ("김민지 기자", ["김민지"], None),
        ("By Ravi Menon for The Guardian", ["Ravi Menon"], None),
        ("Aktualisiert am 05.01.2025 Von Peter Meyer", ["Peter Meyer"], None),
        ("John Smith Staff Writer", ["John Smith"], None),
        ("Mark Thompson, BBC Business Editor", ["Mark Thompson"], None),
        ("Guardian staff reporter", [], "Guardian staff reporter"),
        ("Von Hans Müller, Politikredakteur", ["Hans Müller"], None),
        ("By Sam Ford and Ali Khan, The Associated Press", ["Sam Ford", "Ali Khan"], "The Associated Press"),
        ("Lena Berg, dpa/AFP", ["Lena Berg"], "dpa; AFP"),
        # Label words cut only as whole words: these surnames begin like "Stand", "Share", "Follow".
        ("By Tom Standage", ["Tom Standage"], None),
        ("By Ahmed Shareef and Mia Followell", ["Ahmed Shareef", "Mia Followell"], None),
        ("Von Max Muster Stand: 3. Mai 2025", ["Max Muster"], None),
    ],
)
def test_parse_byline(byline: str, people: list[str], agency: str | None) -> None:
    assert parse_byline(byline) == (people, agency)


def test_byline_never_yields_furniture() -> None:
    people, agency = parse_byline("By Staff and Wire Services | Published Monday, March 3, 2025 at 9:14 am")
    assert people == []
    for bad in ("By", "Staff", "and", "Published", "Monday"):
        assert bad not in people


def test_split_people_and_agency() -> None:
    people, agency = split_people_and_agency(["Adam Vidler", "AP", "Senior Correspondent", "@adamvidler"])
    assert people == ["Adam Vidler"]
    assert agency == "AP"
    people, agency = split_people_and_agency(["Deutsche Presse-Agentur", "Konstantin Weber"])
    assert people == ["Konstantin Weber"]
    assert agency == "Deutsche Presse-Agentur"


def test_shapes() -> None:
    assert is_agency("Reuters") and is_agency("ORF.at") and is_agency("Online-Redaktion")
    assert not is_agency("Jane Doe")
    assert is_person("Jane Doe") and is_person("JÖRG ZSCHOCHE") and is_person("Michelle de Oliveira")
    assert not is_person("Reuters") and not is_person("jane doe") and not is_person("Jane Doe 2025")
