"""Written (fictional) articles for the story tests, beside the near-duplicate examples
(dedup_examples.py: a Reuters story on the Baltic grid switch republished three ways, two other
stories about the same minister on the same day, an unrelated council story):

- the grid story continues over the next three days at other outlets, in their own words:
  Latvia's grid operator sets the test date (12 March), Moscow and Kaliningrad answer (13 March),
  Estonia runs its island-mode rehearsal (14 March);
- a month later, another story about the same grid (a storm cuts a line): not the same story.
"""

from __future__ import annotations

from dedup_examples import EXAMPLES as DEDUP_EXAMPLES
from dedup_examples import Example

from dateline.model import Dateline

DAY_2 = "\n".join([
    "RIGA, March 12 (LETA) - Latvia's transmission system operator AST said on Wednesday it would disconnect "
    "the country's power grid from the Russian-controlled BRELL ring on May 31, the day before Lithuania, Latvia "
    "and Estonia begin running their grids in step with continental Europe.",
    "AST chairman Gatis Ozols told a news conference in Riga that the three operators had agreed the sequence "
    "of the switch after Lithuania brought the date forward by a month on Tuesday. Latvia will disconnect its "
    "two lines to Russia first, then the line to Belarus, he said.",
    "\"For about a day our grids will run on their own, in island mode, before we close the link to Poland,\" "
    "Ozols said. \"Households should notice nothing. We have tested this twice.\"",
    "Latvia has spent about 300 million euros on the synchronisation, most of it from the European Union, "
    "on new substations and on synchronous condensers near Riga and Aizkraukle.",
])

DAY_3 = "\n".join([
    "MOSCOW, March 13 (TASS-style report by Harbour Times staff) - Russia's energy ministry said on Thursday "
    "that the Baltic states' decision to leave the BRELL power ring earlier than planned would not affect "
    "electricity supplies to the Kaliningrad region.",
    "Kaliningrad, the Russian exclave between Lithuania and Poland, has run its own grid in island mode in "
    "tests since 2019 and can cover its demand from gas-fired plants and a coal plant built in 2020, the "
    "ministry said in a statement.",
    "The statement came two days after Lithuania's energy minister Rasa Vaitkute said the three countries "
    "would synchronise with the European network from June 1, a month before the date they had announced.",
    "Analysts in Vilnius said the Baltic grid operators would keep reserve capacity on standby for the first "
    "weeks after the switch in case of a disturbance on the lines to Poland.",
])

DAY_4 = "\n".join([
    "TALLINN - Estonia's grid operator Elering ran its power system in island mode for six hours on Friday, "
    "the last rehearsal before the Baltic states leave the Russian BRELL ring and synchronise with the "
    "continental European grid at the start of June.",
    "Elering said frequency stayed within limits throughout the test, with synchronous condensers and "
    "batteries at Kiisa and Auvere keeping the system stable while it was cut off from Russia and Latvia.",
    "The operators of Lithuania, Latvia and Estonia agreed this week to bring the switch forward by a month. "
    "Latvia will disconnect its lines to Russia on May 31, the day before synchronisation with Poland.",
    "Elering's head, Kalle Kilk, said the company would publish the timetable for the switch-over day in May "
    "so that large industrial users could plan around it.",
])

STORM = "\n".join([
    "VILNIUS - A storm with gusts of up to 110 kilometres an hour knocked out the 330-kilovolt line between "
    "Alytus and the Polish border on Saturday, leaving the LitPol link idle for nine hours, Lithuania's grid "
    "operator Litgrid said.",
    "Fallen trees damaged two towers near Lazdijai, and about 40,000 households in the south of the country "
    "lost power for up to three hours while crews rerouted supply through Kaunas.",
    "Litgrid said the Baltic grids, which have run in step with continental Europe since June, stayed stable "
    "because the undersea cables to Sweden and Finland took up the load.",
    "Repairs to the towers are expected to take two weeks. The operator said it would ask the government to "
    "speed up plans to bury part of the line underground.",
])

FOLLOW_UPS = [
    Example("day_2", "https://leta.example/en/economy/ast-sets-brell-exit-date",
            "Latvia to disconnect from Russian grid on May 31", DAY_2, "2025-03-12T11:30:00+02:00",
            Dateline("Riga", "LETA", "RIGA, March 12 (LETA) -"), "LETA"),
    Example("day_3", "https://harbourtimes.example/world/russia-says-kaliningrad-power-safe",
            "Russia says Kaliningrad power safe as Baltics speed up grid exit", DAY_3, "2025-03-13T14:10:00+00:00",
            authors=("Harbour Times staff",)),
    Example("day_4", "https://err.example/news/elering-island-mode-test",
            "Estonia runs last island-mode test before grid switch", DAY_4, "2025-03-14T17:45:00+02:00",
            authors=("Kadri Tamm",)),
]
LATER = Example("storm", "https://lrt.example/en/news/storm-knocks-out-litpol-line",
                "Storm knocks out Lithuania-Poland power line for nine hours", STORM, "2025-08-09T15:20:00+03:00",
                authors=("Ieva Petraityte",))

EXAMPLES = [*DEDUP_EXAMPLES, *FOLLOW_UPS, LATER]
GRID_STORY = ("wire", "retitled", "trimmed", "lead", "day_2", "day_3", "day_4")  # one story
APART = ("same_actor_1", "same_actor_2", "unrelated", "storm")  # each a story of its own
