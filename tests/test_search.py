"""Search: one query language, the same hits on SQLite and PostgreSQL for the same articles.

A small news corpus is written to both backends; every query form is asked of both and must
give the same titles, and the titles expected."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import pg_schema_url

from dateline.model import Article, Page, Paragraph
from dateline.store import ArticleFilter, Processed, Store
from dateline.store.query import QueryError

# (site, language, title, body): fictional news, written so that each query below has one answer.
CORPUS = [
    ("energywire.com", "en", "Gas storage levels rise before winter",
     "European gas storage reached 90 percent of capacity on Monday, the grid operator said. "
     "Natural gas prices fell for a third week as tankers kept arriving."),
    ("energywire.com", "en", "Storage of gas is costly, say traders",
     "Keeping fuel in underground caverns has become costly; storage fees doubled since spring, "
     "traders in Rotterdam said."),
    ("ohiodaily.com", "en", "Gasoline prices climb in Ohio",
     "Drivers in Columbus paid $3.89 a gallon on average, up 12 cents in a week."),
    ("capitolreport.com", "en", "Trump meets Venezuela envoy",
     "Donald Trump met an envoy from Venezuela at the White House to discuss sanctions on crude."),
    ("capitolreport.com", "en", "Trump rally draws thousands in Iowa",
     "Supporters queued for hours in Des Moines to hear Trump speak about farm subsidies."),
    ("latamwire.com", "en", "Venezuela election result disputed",
     "Observers questioned the count in Caracas as the opposition refused to concede."),
    ("harbourtimes.com", "en", "Electric buses arrive in Port Alder",
     "Twelve battery buses entered service on the harbour routes, the council said."),
    ("telecomdesk.com", "en", "AT&T outage hits emergency lines",
     "Customers of AT&T in three states could reach no emergency line for two hours on Friday."),
    ("harbourtimes.com", "en", "Roundabout planned for busy junction",
     "Drivers wait at T-junction near the depot every morning, residents told the council."),
    ("montrealmatin.ca", "fr", "Café owners in Montréal protest rent rise",
     "Les propriétaires de cafés du Plateau dénoncent une hausse de loyer de 30 %."),
    ("harbourtimes.com", "en", "Election-day e-mail scam warning",
     "Police warned voters about an e-mail asking them to confirm their polling station by phone."),
    ("econobserver.com", "en", "Inflation eases to 2.5% in March",
     "Consumer prices rose 2.5% from a year earlier, down from 2.9% in February."),
    ("capitolreport.com", "en", "Or else: the campaign slogan that stuck",
     "The two words on the posters became the motto of the season."),
    ("harbourtimes.com", "en", "Ferry or bus? Commuters weigh options",
     "With the ferry crews on strike, the replacement bus service runs every forty minutes."),
    ("marketwatcher.com", "en", "Trump tariffs weigh on AT&T shares",
     "Shares of AT&T slid 4% after the Trump tariffs on network equipment were announced."),
    ("latamwire.com", "en", "Oil exports from Venezuela fall",
     "Exports dropped after new sanctions imposed by the Trump administration took effect."),
    ("harbourtimes.com", "en", "Municipal library extends hours",
     "The central library will not close before midnight during exam season."),
    ("ohiodaily.com", "en", "Storage gas leak forces evacuation",
     "A leak from a storage tank of propane in Dayton forced 200 residents from their homes."),
    ("energywire.com", "en", "Winter plans: gas",
     "Storage sites are full across the region, the ministry said."),
    ("stadtbote.de", "de", "Gasspeicher sind voll",
     "Die Speicher in Bayern sind zu 95 Prozent gefüllt, teilte die Bundesnetzagentur mit."),
]


def _processed(n: int, site: str, lang: str, title: str, body: str) -> Processed:
    url = f"https://{site}/news/{n}"
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>"
    article = Article(is_article=True, url=url, title=title, language=lang, published="2026-03-03",
                      paragraphs=[Paragraph(text=body)], body=body)
    return Processed(Page(content=html.encode(), url=url, source="crawl"), article)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, pg_database: str) -> Iterator[dict[str, Store]]:
    opened = {"sqlite": Store.open(str(tmp_path_factory.mktemp("search") / "news.db")),
              "postgresql": Store.open(pg_schema_url(pg_database))}
    for store in opened.values():
        counts = store.write_batch([_processed(n, *row) for n, row in enumerate(CORPUS)])
        assert counts.articles_added == len(CORPUS)
    yield opened
    for store in opened.values():
        store.close()


def titles(stores: dict[str, Store], query: str, where: ArticleFilter | None = None) -> set[str]:
    """The titles found, asserted the same on both backends."""
    found = {name: {hit.title or "" for hit in store.search(query, where, limit=1000)}
             for name, store in stores.items()}
    assert found["sqlite"] == found["postgresql"], query
    return found["sqlite"]


GAS_STORAGE = "Gas storage levels rise before winter"
TRUMP_VENEZUELA = "Trump meets Venezuela envoy"
TRUMP_RALLY = "Trump rally draws thousands in Iowa"
TARIFFS = "Trump tariffs weigh on AT&T shares"
OIL = "Oil exports from Venezuela fall"

EXPECTED = {
    # A phrase: the words side by side, in order, within the title or within the body (not across).
    '"gas storage"': {GAS_STORAGE},
    '"storage gas"': {"Storage gas leak forces evacuation"},
    '"gas storage': {GAS_STORAGE},  # an unclosed quote closes at the end
    # Words: all of them, anywhere.
    "gas storage": {GAS_STORAGE, "Storage of gas is costly, say traders", "Storage gas leak forces evacuation",
                    "Winter plans: gas"},
    "gas AND storage": {GAS_STORAGE, "Storage of gas is costly, say traders", "Storage gas leak forces evacuation",
                        "Winter plans: gas"},
    # Exclusion, written three ways.
    "Trump NOT Venezuela": {TRUMP_RALLY, TARIFFS},
    "Trump -Venezuela": {TRUMP_RALLY, TARIFFS},
    "-Venezuela Trump": {TRUMP_RALLY, TARIFFS},
    "Trump -(Venezuela OR tariffs)": {TRUMP_RALLY},
    "Trump": {TRUMP_VENEZUELA, TRUMP_RALLY, TARIFFS, OIL},
    # Prefixes.
    "electi*": {"Venezuela election result disputed", "Election-day e-mail scam warning"},
    "elect*": {"Venezuela election result disputed", "Electric buses arrive in Port Alder",
               "Election-day e-mail scam warning"},
    "gas*": {GAS_STORAGE, "Storage of gas is costly, say traders", "Gasoline prices climb in Ohio",
             "Storage gas leak forces evacuation", "Winter plans: gas", "Gasspeicher sind voll"},
    '"natural gas"*': {GAS_STORAGE},
    # Punctuation splits words: AT&T is the phrase "at t", which "at T-junction" also reads as.
    "AT&T": {"AT&T outage hits emergency lines", TARIFFS, "Roundabout planned for busy junction"},
    "e-mail": {"Election-day e-mail scam warning"},
    "email": set(),
    "2.5%": {"Inflation eases to 2.5% in March"},
    # Case and accents do not matter.
    "café": {"Café owners in Montréal protest rent rise"},
    "CAFE montreal": {"Café owners in Montréal protest rent rise"},
    "gefullt": {"Gasspeicher sind voll"},
    # OR between words; alone (or at an end) OR, AND and NOT are words.
    "ferry OR library": {"Ferry or bus? Commuters weigh options", "Municipal library extends hours"},
    "OR": {"Or else: the campaign slogan that stuck", "Ferry or bus? Commuters weigh options"},
    "NOT": {"Municipal library extends hours"},
    "or else": {"Or else: the campaign slogan that stuck"},
    # Fields.
    "title:Trump": {TRUMP_VENEZUELA, TRUMP_RALLY, TARIFFS},
    "title:(gas OR oil)": {GAS_STORAGE, "Storage of gas is costly, say traders", "Storage gas leak forces evacuation",
                           "Winter plans: gas", OIL},
    'title:"storage gas"': {"Storage gas leak forces evacuation"},
    "body:storage title:gas": {GAS_STORAGE, "Winter plans: gas", "Storage of gas is costly, say traders",
                               "Storage gas leak forces evacuation"},
    "body:storage -body:gas title:gas": {"Winter plans: gas", "Storage of gas is costly, say traders",
                                         "Storage gas leak forces evacuation"},
    "title:trump sanctions": {TRUMP_VENEZUELA},
    "(gas OR oil) -title:gas": {OIL},
    # Nothing to look for: no hits, no error.
    "": set(),
    "-": set(),
    "*": set(),
    "&& !!": set(),
    "()": set(),
    "zeppelin": set(),
}


@pytest.mark.parametrize("query", list(EXPECTED))
def test_the_same_hits_on_both_backends(stores: dict[str, Store], query: str) -> None:
    assert titles(stores, query) == EXPECTED[query]


@pytest.mark.parametrize("query, message", [
    ("-Venezuela", "only excludes"),
    ("NOT Venezuela -Trump", "only excludes"),
    ("Venezuela OR -Trump", "exclude"),
    (" ".join(["pipeline"] * 1000), "at most 500"),
    (" ".join(f"w{n}" for n in range(70)), "at most 64"),
])
def test_queries_that_cannot_be_answered_say_why(stores: dict[str, Store], query: str, message: str) -> None:
    for store in stores.values():
        with pytest.raises(QueryError, match=message):
            store.search(query)


def test_filters_match_site_and_language_literally(stores: dict[str, Store]) -> None:
    assert titles(stores, "Trump", ArticleFilter(site="capitolreport.com")) == {TRUMP_VENEZUELA, TRUMP_RALLY}
    assert titles(stores, "gas*", ArticleFilter(lang="de")) == {"Gasspeicher sind voll"}
    for where in (ArticleFilter(site="%"), ArticleFilter(site="%.com"), ArticleFilter(site="_"),
                  ArticleFilter(lang="%"), ArticleFilter(lang="_n"), ArticleFilter(lang="e%")):
        assert titles(stores, "Trump", where) == set(), where


def test_snippets_mark_the_words_in_the_real_text(stores: dict[str, Store]) -> None:
    for store in stores.values():
        [hit] = store.search('"gas storage"')
        assert "European <mark>gas</mark> <mark>storage</mark> reached" in hit.snippet
        [hit] = store.search("cafe")
        assert hit.snippet == "Les propriétaires de <mark>cafés</mark> du Plateau dénoncent une hausse de loyer de 30 %." \
            or "<mark>Café</mark>" in hit.snippet
        [hit] = store.search("title:gasspeicher")
        assert hit.snippet == "<mark>Gasspeicher</mark> sind voll"
        hits = store.search("electi*")
        assert any("<mark>election</mark>" in h.snippet for h in hits)
        # The title counts tenfold: a title match ranks first.
        assert store.search("storage")[0].title in {GAS_STORAGE, "Storage of gas is costly, say traders",
                                                    "Storage gas leak forces evacuation"}


def test_a_search_past_its_time_limit_is_stopped(tmp_path: Path, pg_database: str) -> None:
    words = " ".join(f"pipeline{n % 997} valve{n % 991} pressure{n % 983}" for n in range(6000))
    for target in (str(tmp_path / "big.db"), pg_schema_url(pg_database)):
        with Store.open(target) as store:
            store.write_batch([_processed(n, "energywire.com", "en", f"Pipeline report {n}", f"Station {n}: {words}")
                               for n in range(40)])
            query = "pipeline* valve* pressure* -title:zeppelin"
            assert len(store.search(query, limit=5)) == 5
            with pytest.raises(QueryError, match="took longer than"):
                store.search(query, limit=1000, timeout=0.001)
            # The connection is usable again.
            assert len(store.search("valve1", limit=3)) == 3


def test_the_cli_takes_a_query_beginning_with_a_minus(stores: dict[str, Store], run_cli) -> None:  # type: ignore[no-untyped-def]
    db = stores["sqlite"].name

    def cli_titles(*args: str) -> set[str]:
        out = run_cli("search", *args)
        assert out.returncode == 0, out.stderr
        return {json.loads(line)["title"] for line in out.stdout.splitlines()}

    expected = {TRUMP_RALLY, TARIFFS}
    assert cli_titles("-Venezuela Trump", "--db", db, "--format", "jsonl") == expected
    assert cli_titles("-Venezuela", "Trump", "--db", db, "--format", "jsonl", "--limit", "50") == expected
    assert cli_titles("--db", db, "--format=jsonl", "--", "-Venezuela", "Trump") == expected
    assert cli_titles("Trump", "--site", "%", "--db", db, "--format", "jsonl") == set()
    refused = run_cli("search", "-Venezuela", "--db", db)
    assert refused.returncode == 1 and "only excludes" in refused.stderr
