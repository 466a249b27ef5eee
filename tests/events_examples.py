"""Events as the coder gives them for the wire story of DESIGN.md ("The example that drives it all")
and its follow-ups, built by hand: the store and identity tests share them."""

from __future__ import annotations

from dataclasses import replace

from dateline.model import Actor, Event, EventMention, Place, Span

LAVROV = Actor("person:sergei-lavrov", "Sergei Lavrov", "person", "RUS", "GOV", "foreign minister")
RUBIO = Actor("person:marco-rubio", "Marco Rubio", "person", "USA", "GOV", "secretary of state")
TRUMP = Actor("person:donald-trump", "Donald Trump", "person", "USA", "GOV", "president")
ZELENSKY = Actor("person:volodymyr-zelensky", "Volodymyr Zelensky", "person", "UKR", "GOV", "president")
RUS_DIPLOMATS = Actor("RUS:GOV", "Russia (government)", "state", "RUS", "GOV")
USA_DIPLOMATS = Actor("USA:GOV", "United States (government)", "state", "USA", "GOV")
TURKEY = Actor("TUR:GOV", "Turkey (government)", "state", "TUR", "GOV")

ISTANBUL = Place(745044, "Istanbul", "city", "TUR", "TR", "Istanbul", "34", 41.01384, 28.94966, 15_701_602)
RIYADH = Place(108410, "Riyadh", "city", "SAU", "SA", "Riyadh Region", "10", 24.68773, 46.72185, 4_205_961)
TURKEY_PLACE = Place(298795, "Turkey", "country", "TUR", "TR", None, None, 39.0, 35.0, 82_319_724)


def mention(body: str, sentence: str, trigger: str, rule: str = "verb meet", confidence: float = 0.8,
            index: int = 0, speaker: str | None = None) -> EventMention:
    """The mention of `sentence` (with its `trigger` word) as it stands in `body`."""
    start = body.index(sentence)
    at = start + sentence.index(trigger)
    return EventMention(Span(start, start + len(sentence), sentence), Span(at, at + len(trigger), trigger),
                        sentence_index=index, rule=rule, quote_speaker=speaker, confidence=confidence)


WIRE = ("Russian and US diplomats will meet in Istanbul on Thursday to discuss the work of their embassies, "
        "Foreign Minister Sergei Lavrov said. Lavrov met Secretary of State Marco Rubio in Riyadh on February 18. "
        "Last week Trump called Zelensky a \"dictator without elections\".")
REPORT = ("Russian and US diplomats met in Istanbul on Thursday for more than six hours, the Russian "
          "embassy said. The talks were \"constructive\", a US official said.")
FOLLOW_UP = ("Trump again accused Zelensky of refusing elections. Lavrov and Rubio, who met in Riyadh on "
             "February 18, spoke by phone on Friday.")


def istanbul_talks(future: bool = True, body: str = WIRE) -> Event:
    """RUS diplomats CONSULT (meet) USA diplomats, Istanbul, 2025-02-27: planned in the wire, held in the report."""
    sentence = (WIRE.split(". ")[0] + "." if future
                else "Russian and US diplomats met in Istanbul on Thursday for more than six hours, the Russian "
                     "embassy said.")
    return Event("coder-istanbul" + ("-planned" if future else ""), "CONSULT", mode="meet", contexts=["diplomatic"],
                 actors=[RUS_DIPLOMATS], recipients=[USA_DIPLOMATS], reciprocal=True, cameo="036", quad_class=1,
                 goldstein=4.0, intensity=1.0, date="2025-02-27", date_granularity="day", date_source="sentence",
                 place=ISTANBUL, place_source="sentence", future=future,
                 mentions=[mention(body, sentence, "meet" if future else "met")])


def riyadh_meeting(body: str = WIRE) -> Event:
    """Lavrov CONSULT (meet) Rubio, 2025-02-18, Riyadh: told in the past."""
    sentence = ("Lavrov met Secretary of State Marco Rubio in Riyadh on February 18." if body == WIRE
                else "Lavrov and Rubio, who met in Riyadh on February 18, spoke by phone on Friday.")
    return Event("coder-riyadh", "CONSULT", mode="meet", contexts=["diplomatic"], actors=[LAVROV],
                 recipients=[RUBIO], cameo="036", quad_class=1, goldstein=4.0, date="2025-02-18",
                 date_granularity="day", date_source="sentence", place=RIYADH, place_source="sentence",
                 mentions=[mention(body, sentence, "met", index=1)])


def dictator(body: str = WIRE) -> Event:
    """Trump ACCUSE Zelensky ("dictator"), 2025-02-19 (the wire's "last Wednesday")."""
    sentence = ('Last week Trump called Zelensky a "dictator without elections".' if body == WIRE
                else "Trump again accused Zelensky of refusing elections.")
    trigger = "called" if body == WIRE else "accused"
    return Event("coder-dictator", "ACCUSE", mode="criticize", actors=[TRUMP], recipients=[ZELENSKY], cameo="111",
                 quad_class=3, goldstein=-2.0, date="2025-02-19" if body == WIRE else None,
                 date_granularity="day" if body == WIRE else "", date_source="sentence" if body == WIRE else "none",
                 mentions=[mention(body, sentence, trigger, rule=f"verb {trigger}", index=2)])


def undated(event: Event) -> Event:
    return replace(event, date=None, date_granularity="", date_source="none")
