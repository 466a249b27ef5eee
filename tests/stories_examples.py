"""Written example articles for story clustering (fictional people, places and events).

- WIRE: one agency story about a ferry sinking, republished by three sites (one trimmed, one
  with its own headline), all one duplicate group;
- MINISTER_TRADE and MINISTER_RESIGN: two different stories about the same minister on the same
  day (a trade deal signed abroad, a deputy resigning at home);
- DROUGHT: a story that continues over three days (a dam at record low, rationing, rain);
- UNRELATED: a football match report.
"""

from __future__ import annotations

from datetime import datetime

from dateline.stories.cluster import StoryArticle
from dateline.stories.summary import TimelineEntry

_FERRY_BODY = (
    "PORT HALVERSEN (Norland Press) - A passenger ferry carrying 212 people sank in a storm off the "
    "island of Skarvik early on Tuesday, and rescuers had pulled 187 survivors from the water by noon, "
    "the Norland coast guard said.\n"
    "The MS Fjellvind left Port Halversen at 5:40 a.m. bound for Skarvik and sent a distress call "
    "40 minutes later, when waves of up to six metres broke over its car deck, coast guard spokesman "
    "Erik Lindqvist told reporters.\n"
    "\"We are still searching for 25 people, and we will search through the night,\" Lindqvist said.\n"
    "Three helicopters and eleven fishing boats joined the rescue. Survivors were taken to the hospital "
    "in Skarvik, where 14 were treated for hypothermia.\n"
    "Transport Minister Ingrid Solberg said an inquiry would examine why the ferry sailed after the "
    "weather service had warned of gale-force winds."
)

WIRE = [
    StoryArticle(
        id="wire-1", site="norlandpress.example", duplicate_group="dup-ferry",
        published=datetime(2026, 3, 10, 9, 5),
        title="Ferry with 212 aboard sinks off Skarvik, 25 missing",
        body=_FERRY_BODY,
        actors=("Erik Lindqvist", "Ingrid Solberg", "Norland coast guard"), places=("Skarvik", "Port Halversen"),
    ),
    StoryArticle(
        id="wire-2", site="dailyharbour.example", duplicate_group="dup-ferry",
        published=datetime(2026, 3, 10, 9, 40),
        title="Ferry sinks off Skarvik; 187 rescued, 25 still missing",
        body=_FERRY_BODY,
    ),
    StoryArticle(
        id="wire-3", site="northpost.example", duplicate_group="dup-ferry",
        published=datetime(2026, 3, 10, 10, 15),
        title="25 missing after ferry sinks in storm off Skarvik",
        body=_FERRY_BODY.rsplit("\n", 1)[0],  # trimmed: the last paragraph dropped
    ),
]

MINISTER_TRADE = StoryArticle(
    id="solberg-trade", site="northpost.example", published=datetime(2026, 3, 12, 8, 0),
    title="Solberg signs Norland-Kesh rail freight deal in Taravan",
    body=(
        "Norland's transport minister Ingrid Solberg signed a rail freight agreement with Kesh in the "
        "Kesh capital Taravan on Thursday, opening a 1,400-kilometre cargo route to the Amber Sea ports.\n"
        "The deal, worth 3.2 billion crowns over ten years, lets Norland freight trains run on Kesh track "
        "from 2028, Solberg said at a signing ceremony with Kesh railways minister Daru Anvek.\n"
        "\"Our exporters have waited twenty years for this corridor,\" Anvek said.\n"
        "Norland timber and ore companies welcomed the agreement, which cuts shipping times to the Amber "
        "Sea by about a week."
    ),
    actors=("Ingrid Solberg", "Daru Anvek"), places=("Taravan", "Kesh"),
    event_keys=("NOR GOV|AGREE|KES GOV",),
)

MINISTER_RESIGN = StoryArticle(
    id="solberg-deputy", site="dailyharbour.example", published=datetime(2026, 3, 12, 15, 30),
    title="Solberg's deputy resigns over Halversen bridge contract",
    body=(
        "Deputy transport minister Pavel Ostrand resigned on Thursday after newspaper reports that a "
        "company owned by his brother won the contract to repair the Halversen harbour bridge.\n"
        "Ostrand denied any wrongdoing in a statement, saying he had declared the family link to the "
        "ministry's ethics office in 2024.\n"
        "Opposition leader Margit Haugen demanded that minister Ingrid Solberg, who was abroad, explain to "
        "parliament why the tender was not reopened.\n"
        "The bridge repair, awarded in January for 86 million crowns, is six months behind schedule."
    ),
    actors=("Pavel Ostrand", "Ingrid Solberg", "Margit Haugen"), places=("Halversen",),
    event_keys=("NOR GOV|RESIGN|",),
)

DROUGHT = [
    StoryArticle(
        id="drought-1", site="valleytimes.example", published=datetime(2026, 7, 1, 7, 0),
        title="Lake Morvath reservoir falls to record low as drought deepens",
        body=(
            "The Morvath dam, which supplies drinking water to 900,000 people in the Osterdal valley, held "
            "just 18 percent of its capacity on Wednesday, the lowest since it was built in 1962, the "
            "Osterdal water board said.\n"
            "No rain has fallen in the valley for 61 days. Water board director Hanne Vik said households "
            "should stop watering gardens and washing cars.\n"
            "Farmers around Lake Morvath say their wheat crop is already lost."
        ),
        actors=("Hanne Vik", "Osterdal water board"), places=("Lake Morvath", "Osterdal"),
        event_keys=("OST WAT|WARN|OST CIV",),
    ),
    StoryArticle(
        id="drought-2", site="northpost.example", published=datetime(2026, 7, 2, 12, 0),
        title="Osterdal orders water rationing as Morvath dam drops to 16 percent",
        body=(
            "The Osterdal water board ordered water rationing for the valley's 900,000 residents from "
            "Friday, cutting supply to homes to six hours a day, after the Morvath dam fell to 16 percent "
            "of capacity.\n"
            "\"We have no choice: at this rate Lake Morvath runs dry in five weeks,\" director Hanne Vik "
            "said on Thursday.\n"
            "Hospitals and schools are exempt. Tankers will bring water to villages above the dam."
        ),
        actors=("Hanne Vik", "Osterdal water board"), places=("Lake Morvath", "Osterdal"),
        event_keys=("OST WAT|RESTRICT|OST CIV",),
    ),
    StoryArticle(
        id="drought-3", site="valleytimes.example", published=datetime(2026, 7, 4, 18, 0),
        title="First rain in 64 days falls on Osterdal, but rationing stays",
        body=(
            "Heavy rain fell across the Osterdal valley on Saturday for the first time in 64 days, but the "
            "water board said rationing would stay until the Morvath dam refills to at least 40 percent.\n"
            "Hanne Vik, the board's director, said the rain had raised Lake Morvath by less than one "
            "percentage point.\n"
            "Farmers welcomed the storm but said it came too late for this year's wheat."
        ),
        actors=("Hanne Vik",), places=("Lake Morvath", "Osterdal"),
        event_keys=("OST WAT|RESTRICT|OST CIV",),
    ),
]

UNRELATED = StoryArticle(
    id="football", site="sportsdesk.example", published=datetime(2026, 3, 11, 21, 30),
    title="Halversen Rovers beat Skarvik United 3-1 to go top of the league",
    body=(
        "Halversen Rovers came from a goal down to beat Skarvik United 3-1 on Wednesday night and go top "
        "of the Norland Premier League on goal difference.\n"
        "Striker Jonas Brekke scored twice after half-time, and substitute Ali Mansour added a third in "
        "stoppage time.\n"
        "Rovers coach Stefan Aaland said his team had \"played the best 45 minutes of the season\"."
    ),
    actors=("Jonas Brekke", "Ali Mansour", "Stefan Aaland"), places=("Halversen",),
)

DROUGHT_EVENTS = [
    TimelineEntry("2026-07-02", "Osterdal water board orders water rationing", "drought-2", "OST WAT|RESTRICT|OST CIV"),
    TimelineEntry("2026-07-01", "Water board warns households to stop watering gardens", "drought-1",
                  "OST WAT|WARN|OST CIV"),
    TimelineEntry("2026-07-03", "Osterdal water board orders water rationing", "drought-3", "OST WAT|RESTRICT|OST CIV"),
]

ALL = [*WIRE, MINISTER_TRADE, MINISTER_RESIGN, *DROUGHT, UNRELATED]
