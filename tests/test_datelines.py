"""The dateline prefix: the shapes wire copy prints, and sentence openings that must not pass."""

from __future__ import annotations

import pytest

from dateline.extract.datelines import split_dateline

DATELINES = [
    # (first paragraph, place, agency, prefix as printed)
    ("Doha, (APP - UrduPoint / Pakistan Point News - 26th Feb, 2025) Russian and US diplomats will meet",
     "Doha", "APP", "Doha, (APP - UrduPoint / Pakistan Point News - 26th Feb, 2025)"),
    ("WASHINGTON (Reuters) — The Senate passed a stopgap spending bill late on Friday.",
     "Washington", "Reuters", "WASHINGTON (Reuters) —"),
    ("KYIV, Ukraine (AP) — Russian drones struck an energy facility overnight, officials said.",
     "Kyiv", "AP", "KYIV, Ukraine (AP) —"),
    ("BERLIN, March 3 (Reuters) - German industrial orders fell more than expected in January.",
     "Berlin", "Reuters", "BERLIN, March 3 (Reuters) -"),
    ("LONDON: The Bank of England held interest rates on Thursday.", "London", None, "LONDON:"),
    ("PARIS — French lawmakers approved the pension bill in a late-night vote.", "Paris", None, "PARIS —"),
    ("NEW DELHI, Feb 26 (PTI) The government on Wednesday announced a new scheme for farmers.",
     "New Delhi", "PTI", "NEW DELHI, Feb 26 (PTI)"),
    ("Istanbul (dpa) - Die türkische Zentralbank hat den Leitzins erneut gesenkt.", "Istanbul", "dpa",
     "Istanbul (dpa) -"),
    ("GENEVA, 12 March (IPS) – The UN refugee agency warned of a funding gap.", "Geneva", "IPS",
     "GENEVA, 12 March (IPS) –"),
    ("Berlin (AFP) - Bundeskanzler und Länderchefs haben sich auf ein Paket geeinigt.", "Berlin", "AFP",
     "Berlin (AFP) -"),
    ("MADRID, 3 mar (EFE).- El Gobierno aprobó este lunes el anteproyecto de ley.", "Madrid", "EFE",
     "MADRID, 3 mar (EFE).-"),
    ("Paris (AFP) - Le gouvernement a présenté mercredi son projet de budget.", "Paris", "AFP", "Paris (AFP) -"),
    ("SPRINGFIELD, Ill., March 3 (AP) — A judge blocked the new state law on Monday.", "Springfield", "AP",
     "SPRINGFIELD, Ill., March 3 (AP) —"),
    ("RIO DE JANEIRO (Reuters) - Brazil's central bank raised its benchmark rate.", "Rio de Janeiro", "Reuters",
     "RIO DE JANEIRO (Reuters) -"),
    ("PORT-AU-PRINCE, Haiti (AP) — Gangs attacked two police stations.", "Port-au-Prince", "AP",
     "PORT-AU-PRINCE, Haiti (AP) —"),
    ("THE HAGUE, Netherlands (AP) — The court ruled on Friday.", "The Hague", "AP",
     "THE HAGUE, Netherlands (AP) —"),
    ("ST. LOUIS (AP) — A jury found the former officer guilty.", "St. Louis", "AP", "ST. LOUIS (AP) —"),
    ("WASHINGTON (AP) _ The House voted 230-201 on Thursday.", "Washington", "AP", "WASHINGTON (AP) _"),
    ("ISLAMABAD, Feb 26 (APP): Prime Minister Shehbaz Sharif chaired a meeting.", "Islamabad", "APP",
     "ISLAMABAD, Feb 26 (APP):"),
    ("Mumbai, Feb 26: The state government on Monday notified the new rules.", "Mumbai", None, "Mumbai, Feb 26:"),
    ("Berlin (dpa/lni) - Die Landesregierung hat am Dienstag beschlossen.", "Berlin", "dpa", "Berlin (dpa/lni) -"),
    ("FRANKFURT (dpa-AFX) - Der Dax hat am Mittwoch zugelegt.", "Frankfurt", "dpa-AFX", "FRANKFURT (dpa-AFX) -"),
    ("(CNN) — A man was arrested after a chase through downtown.", None, "CNN", "(CNN) —"),
    ("(ANSA) - ROMA, 3 MAR - Il governo ha approvato il decreto.", "Roma", "ANSA", "(ANSA) - ROMA, 3 MAR -"),
    ("Washington (CNN) President Joe Biden signed the bill on Friday.", "Washington", "CNN", "Washington (CNN)"),
    ("NEW YORK, March 3, 2025 /PRNewswire/ -- Acme Corp. today announced results.", "New York", "PRNewswire",
     "NEW YORK, March 3, 2025 /PRNewswire/ --"),
    ("  KUWAIT, March 5 (KUNA) -- Kuwait will raise tariffs.", "Kuwait", "KUNA", "KUWAIT, March 5 (KUNA) --"),
    ("LONDON, March 3 (Reuters Breakingviews) - Shares in the bank fell.", "London", "Reuters Breakingviews",
     "LONDON, March 3 (Reuters Breakingviews) -"),
    ("Hong Kong (CNN Business) — Chinese tech stocks rallied.", "Hong Kong", "CNN Business", "Hong Kong (CNN Business) —"),
    ("SÃO PAULO, 3 Mar (Reuters) - O real caiu.", "São Paulo", "Reuters", "SÃO PAULO, 3 Mar (Reuters) -"),
    ("BEIJING, Feb. 26 (Xinhua) -- China will expand imports.", "Beijing", "Xinhua", "BEIJING, Feb. 26 (Xinhua) --"),
    ("BEIRUT/THE HAGUE, March 7 (Reuters) - An Israeli tank crew fired.", "Beirut/The Hague", "Reuters",
     "BEIRUT/THE HAGUE, March 7 (Reuters) -"),
    ("Lahore, Feb 26 (Online): The provincial cabinet approved the plan.", "Lahore", "Online",
     "Lahore, Feb 26 (Online):"),
    ("МОСКВА — Президент подписал указ.", "Москва", None, "МОСКВА —"),
]


@pytest.mark.parametrize(("paragraph", "place", "agency", "text"), DATELINES, ids=[d[3] for d in DATELINES])
def test_dateline_shapes(paragraph: str, place: str | None, agency: str | None, text: str) -> None:
    dl = split_dateline(paragraph)
    assert dl is not None
    assert (dl.place, dl.agency, dl.text) == (place, agency, text)
    # The caller strips the prefix exactly as printed to get the lede.
    assert paragraph.lstrip().startswith(dl.text)


SENTENCES = [
    "In a statement, the ministry said the talks would continue next week.",
    "President Trump said on Monday that tariffs would rise.",
    "President Trump (R) — who spoke at a rally — repeated the claim.",
    "Apple (AAPL) said on Monday it would buy back more shares.",
    "Tesla (TSLA) shares fell 4% in early trading.",
    "BREAKING: Fire crews are at the scene of a blaze in the city centre.",
    "Update: this story has been updated with comment from the ministry.",
    "Note: This article was amended on 3 March.",
    "Photo: Reuters",
    "Meanwhile — the opposition called for new elections.",
    "The government — which took office in January — denied the claim.",
    "Russia's foreign minister said (Reuters) - nothing more.",
    "He said: We will not accept this.",
    "Sources: The ministry confirmed the figures.",
    "Officials in Kyiv said the strikes hit an energy facility.",
    "The well-known economist — Jane Doe — disagreed.",
    "Der Minister sagte am Montag, die Reform komme.",
    "Selon le ministère, la réforme entrera en vigueur en mars.",
    "Two-thirds of voters backed the plan.",
    # A mixed-case name and a colon open interview answers and titles more often than datelines.
    "Prof. Carlos: Estou aqui ao lado do Eugênio Tadeu.",
    "Star Wars Jedi: Fallen Order is a game that is many things.",
    "DEAR ABBY: My husband of more than 20 years just purchased a boat.",
    "New Delhi: The government on Monday notified the new rules.",
    "Short.",
    "DALLA NOSTRA CORRISPONDENTENEW YORK - Giorgia Meloni è arrivata.",
    "The company (Apple Inc) said it would appeal.",
    "",
]


@pytest.mark.parametrize("paragraph", SENTENCES)
def test_sentence_openings_are_not_datelines(paragraph: str) -> None:
    assert split_dateline(paragraph) is None


def test_mixed_case_place_is_kept_as_printed() -> None:
    dl = split_dateline("Frankfurt/Main (dpa) - Die Lufthansa streicht Flüge.")
    assert dl is not None and dl.place == "Frankfurt/Main"
