"""Written (fictional) articles for the near-duplicate tests: one wire story and the ways sites
republish it, and the articles that must stay apart from it.

- WIRE: the agency's story (Reuters, Vilnius, 11 March 2025, 09:40 UTC);
- RETITLED: another site, a new headline, its own dateline prefix, two words swapped, an hour later;
- TRIMMED: a regional site: the last two paragraphs cut, its newsletter and copyright lines added;
- LEAD: an aggregator: the first two paragraphs only, with a "read more" line;
- SAME_ACTOR_1, SAME_ACTOR_2: two other stories about the same minister on the same day;
- UNRELATED: a council story from another country.
"""

from __future__ import annotations

from dataclasses import dataclass

from dateline.model import Article, Dateline

WIRE_PARAGRAPHS = [
    "VILNIUS (Reuters) - Lithuania, Latvia and Estonia will switch their power grids over to the European "
    "network a month earlier than planned, Lithuanian Energy Minister Rasa Vaitkute said on Tuesday, after "
    "engineers finished testing the last of three new substations along the Polish border.",
    "The three Baltic states have been preparing for more than a decade to leave the BRELL ring, a "
    "Soviet-era system that keeps their frequency in step with Russia and Belarus, and to synchronise "
    "instead with continental Europe through the LitPol link and two undersea cables.",
    "\"We no longer need to wait for the summer. The substations passed every test and the operators "
    "are ready,\" Vaitkute told reporters after a meeting of the three countries' grid operators in "
    "Vilnius. \"From the first of June, our electricity will no longer depend on decisions taken in Moscow.\"",
    "The switch had been scheduled for July. Officials in Riga and Tallinn said their operators would "
    "run the grids in island mode for about 24 hours before connecting to Poland, a step rehearsed "
    "twice last year without interruptions for households.",
    "The European Commission has paid for about three quarters of the 1.6 billion euros spent on the "
    "project, which includes new power lines in eastern Lithuania and synchronous condensers that "
    "keep the frequency stable when large plants go offline.",
    "Russia's energy ministry did not reply to a request for comment. Moscow has said that leaving "
    "BRELL is a political decision and that Kaliningrad, the Russian exclave between Lithuania and "
    "Poland, has its own gas-fired plants to keep its lights on.",
    "Latvia's climate and energy minister said the earlier date would also let the region take part "
    "in the European balancing market from the autumn, which analysts expect to lower peak prices in "
    "the Baltic states by up to a tenth.",
]
WIRE = "\n".join(WIRE_PARAGRAPHS)

_RETITLED_FIRST = ("Vilnius, March 11 (Reuters) - Lithuania, Latvia and Estonia will move their power grids over "
                   "to the European network a month sooner than planned, Lithuanian Energy Minister Rasa Vaitkute "
                   "said on Tuesday, after engineers finished testing the last of three new substations along the "
                   "Polish border.")
RETITLED = "\n".join([_RETITLED_FIRST, *WIRE_PARAGRAPHS[1:]])

TRIMMED = "\n".join([
    *WIRE_PARAGRAPHS[:5],
    "Sign up for our weekly energy newsletter and get the stories that move markets in your inbox every Monday.",
    "© 2025 Thomson Reuters. All rights reserved. Republication or redistribution of Reuters content is "
    "expressly prohibited without the prior written consent of Reuters.",
])

LEAD = "\n".join([
    WIRE_PARAGRAPHS[0],
    "Read the full story on our partner's site.",
])

SAME_ACTOR_1 = "\n".join([
    "VILNIUS, March 11 (BNS) - Lithuanian Energy Minister Rasa Vaitkute on Tuesday opened a tender for a second "
    "floating storage unit at the Klaipeda liquefied natural gas terminal, saying the country must be able to "
    "supply its neighbours if a pipeline from Poland is damaged.",
    "The ministry expects bids from at least four shipowners by the end of April. The vessel would be "
    "leased for ten years, with an option to buy, and moored beside the Independence unit that has "
    "served the port since 2014.",
    "\"Klaipeda has shown that a small country can choose its suppliers,\" Vaitkute said at the port. "
    "\"A second unit means that maintenance on one ship no longer leaves the region with a single route.\"",
    "Opposition lawmakers questioned the cost, put by the ministry at up to 40 million euros a year, and "
    "asked why the tender had not been discussed in parliament's energy committee first.",
])

SAME_ACTOR_2 = "\n".join([
    "Lithuania's energy minister Rasa Vaitkute said on Tuesday that household electricity bills would fall "
    "by about six percent in the second half of the year, as the regulator cut the fee that pays for "
    "reserve power plants.",
    "Speaking on the public broadcaster LRT, Vaitkute said the cut was possible because new batteries "
    "installed by the grid operator now cover much of the reserve that gas-fired plants used to provide.",
    "She said the government would keep the subsidy for pensioners with the lowest incomes, which "
    "covers the first 100 kilowatt hours a month, and would review it again in December.",
    "Consumer groups welcomed the cut but said fixed network charges had risen twice in two years and "
    "still made up more than a third of a typical bill in Vilnius and Kaunas.",
])

UNRELATED = "\n".join([
    "Councillors in Port Alder voted seven to two on Tuesday evening to close Harbour Street to cars on "
    "weekends from May, turning the stretch between the ferry terminal and the market into a pedestrian zone.",
    "Shop owners had been split on the plan. Several cafes said the trial last summer doubled their "
    "weekend takings, while two hardware stores said customers could no longer park near their doors.",
    "The council will add forty parking spaces behind the library and run a free shuttle bus from the "
    "park-and-ride site every fifteen minutes on Saturdays and Sundays.",
    "A review of traffic on the surrounding streets is due in October, the council's transport officer said.",
])


@dataclass(frozen=True)
class Example:
    key: str
    url: str
    title: str
    body: str
    published: str
    dateline: Dateline | None = None
    agency: str | None = None
    authors: tuple[str, ...] = ()

    def article(self) -> Article:
        return Article(is_article=True, url=self.url, title=self.title, body=self.body, published=self.published,
                       language="en", site_name=self.url.split("/")[2], dateline=self.dateline,
                       agency=self.agency, authors=list(self.authors))


EXAMPLES = [
    Example("wire", "https://wire.example/world/baltics-grid-switch-2025-03-11/",
            "Baltic states to leave Russian power grid a month early", WIRE, "2025-03-11T09:40:00+00:00",
            Dateline("Vilnius", "Reuters", "VILNIUS (Reuters) -"), "Reuters"),
    Example("retitled", "https://dailyherald.example/business/energy/baltic-grid-june",
            "Baltics set June date for grid switch away from Moscow", RETITLED, "2025-03-11T10:45:00+00:00",
            Dateline("Vilnius", "Reuters", "Vilnius, March 11 (Reuters) -")),
    Example("trimmed", "https://northcoastnews.example/2025/03/11/lithuania-power-grid",
            "Lithuania says grid will cut ties with Russia by June", TRIMMED, "2025-03-11T12:05:00+01:00",
            Dateline("Vilnius", "Reuters", "VILNIUS (Reuters) -"), "Reuters"),
    Example("lead", "https://newsdigest.example/a/88231", "Baltic grid switch brought forward", LEAD,
            "2025-03-11T11:00:00+00:00", Dateline("Vilnius", "Reuters", "VILNIUS (Reuters) -")),
    Example("same_actor_1", "https://bns.example/lt/energy/klaipeda-second-fsru",
            "Lithuania opens tender for second LNG storage ship", SAME_ACTOR_1, "2025-03-11T13:20:00+02:00",
            Dateline("Vilnius", "BNS", "VILNIUS, March 11 (BNS) -"), "BNS"),
    Example("same_actor_2", "https://lrt.example/en/news/electricity-bills-to-fall",
            "Electricity bills to fall six percent, minister says", SAME_ACTOR_2, "2025-03-11T16:00:00+02:00",
            authors=("Ieva Petraityte",)),
    Example("unrelated", "https://portalder-gazette.example/local/harbour-street-weekend-closure",
            "Harbour Street to go car-free at weekends", UNRELATED, "2025-03-11T19:30:00+00:00",
            authors=("Maria Lindqvist",)),
]
BY_KEY = {e.key: e for e in EXAMPLES}
COPIES = ("wire", "retitled", "trimmed", "lead")  # one group, the wire story its original
APART = ("same_actor_1", "same_actor_2", "unrelated")
