"""Events in the store: one happening across articles, re-processing, deletion, filters, the full
identity pass, the upgrade of an older store, and `dateline events` in each format. The events are
built by hand (tests/events_examples.py), as the coder will give them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import address, migrate
from events_examples import (
    FOLLOW_UP,
    REPORT,
    TURKEY,
    WIRE,
    dictator,
    istanbul_talks,
    riyadh_meeting,
)
from sqlalchemy import func, select, text

from dateline.config import Settings
from dateline.model import Article, Event, Page, Processed
from dateline.store import EventFilter, Store
from dateline.store.events_writer import event_row
from dateline.store.schema import event_actors, event_mentions, events, pages

WIRE_URL = "https://www.urdupoint.example/en/world/russia-us-to-hold-talks-in-istanbul.html"
REPORT_URL = "https://wire.example/2025/02/27/istanbul-talks-held"
FOLLOW_URL = "https://news.example/2025/03/01/trump-zelensky"


def coded(body: str) -> list[Event]:
    """What the coder gives for each of the three articles."""
    if body == WIRE:
        return [istanbul_talks(), riyadh_meeting(), dictator()]
    if body == REPORT:
        return [istanbul_talks(future=False, body=REPORT)]
    return [dictator(FOLLOW_UP), riyadh_meeting(FOLLOW_UP)]


def item(url: str, title: str, body: str, published: str, found: list[Event] | None = None) -> Processed:
    article = Article(is_article=True, url=url, title=title, body=body, published=published, language="en",
                      site_name=url.split("/")[2])
    return Processed(Page(content=f"<html><body><h1>{title}</h1><p>{body}</p></body></html>".encode(), url=url),
                     article, outputs={"events": coded(body) if found is None else found},
                     versions={"events": "test"})


def wire() -> Processed:
    return item(WIRE_URL, "Russia, US to hold talks in Istanbul on Thursday", WIRE, "2025-02-26T22:29")


def report() -> Processed:
    return item(REPORT_URL, "Russian and US diplomats meet in Istanbul", REPORT, "2025-02-27T19:05:00+00:00")


def follow_up() -> Processed:
    return item(FOLLOW_URL, "Trump renews attack on Zelensky", FOLLOW_UP, "2025-03-01")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "events.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(url) as opened:
        yield opened


def count(store: Store, table, *where) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def by_type(store: Store) -> dict[str, Event]:
    return {f"{e.type} {e.date}": e for e in store.events(EventFilter(limit=None))}


def row_of(store: Store, event_id: str) -> dict:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(events).where(events.c.id == event_id)).mappings().one())


def article_ids(store: Store) -> dict[str, int]:
    return {a.url or "": a.id for a in store.iter_articles()}


def test_the_same_happening_in_two_articles_is_one_event_with_two_mentions(store: Store) -> None:
    store.write_batch([wire()])
    planned = by_type(store)["CONSULT 2025-02-27"]
    assert planned.future and len(planned.mentions) == 1
    assert row_of(store, planned.id)["future"]
    store.write_batch([report()])
    found = by_type(store)
    assert sorted(found) == ["ACCUSE 2025-02-19", "CONSULT 2025-02-18", "CONSULT 2025-02-27"]
    talks = found["CONSULT 2025-02-27"]
    assert talks.id == planned.id  # the report joined the stored event
    assert not talks.future  # planned, then reported as held
    assert [m.trigger.text for m in talks.mentions] == ["meet", "met"]
    ids = article_ids(store)
    assert [m.article_id for m in talks.mentions] == [ids[WIRE_URL], ids[REPORT_URL]]
    assert [m.published for m in talks.mentions] == ["2025-02-26T22:29", "2025-02-27T19:05:00+00:00"]
    wire_body = store.get_article(ids[WIRE_URL]).body  # type: ignore[union-attr]
    first = talks.mentions[0]
    assert wire_body[first.sentence.start:first.sentence.end] == first.sentence.text
    assert wire_body[first.trigger.start:first.trigger.end] == "meet"
    row = row_of(store, talks.id)
    assert (row["mention_count"], row["article_count"], row["future"]) == (2, 2, False)
    assert row["actor_codes"] == " RUS RUS:GOV RUSGOV " and row["recipient_codes"] == " USA USA:GOV USAGOV "
    assert (row["day_from"], row["day_to"], row["place_geonameid"], row["place_country"]) == (
        "2025-02-27", "2025-02-27", 745044, "TUR")
    assert row["first_seen"].isoformat()[:16] == "2025-02-26T22:29" and row["last_seen"].isoformat()[:16] == \
        "2025-02-27T19:05"
    sources = store.event_sources([m.article_id for m in talks.mentions if m.article_id])
    assert sources[ids[REPORT_URL]].url == REPORT_URL and sources[ids[REPORT_URL]].site == "wire.example"
    assert store.event(talks.id) == talks and store.event("ev-nothing") is None


def test_two_articles_in_one_batch_join_as_well(store: Store) -> None:
    store.write_batch([wire(), report(), follow_up()])
    found = by_type(store)
    assert len(found["CONSULT 2025-02-27"].mentions) == 2
    assert len(found["CONSULT 2025-02-18"].mentions) == 2  # the follow-up recalls the Riyadh meeting
    assert len(found["ACCUSE 2025-02-19"].mentions) == 2  # an undated accusation joins the dated one
    assert count(store, events) == 3 and count(store, event_mentions) == 6


def test_reprocessing_an_article_replaces_its_mentions(store: Store) -> None:
    store.write_batch([wire(), report()])
    before = {e.id: (len(e.mentions), e.future) for e in store.events(EventFilter(limit=None))}
    with store.engine.connect() as conn:
        page_id = conn.execute(select(pages.c.id).where(pages.c.url == REPORT_URL)).scalar_one()
    again = report()
    store.write_batch([Processed(again.page, again.article, outputs=again.outputs, versions={"events": "test"},
                                 page_id=page_id)])
    assert {e.id: (len(e.mentions), e.future) for e in store.events(EventFilter(limit=None))} == before
    # Re-coded without the event: the meeting is only planned again.
    store.write_batch([Processed(again.page, again.article, outputs={"events": []}, versions={"events": "test"},
                                 page_id=page_id)])
    talks = by_type(store)["CONSULT 2025-02-27"]
    assert talks.future and len(talks.mentions) == 1
    assert (row_of(store, talks.id)["mention_count"], row_of(store, talks.id)["article_count"]) == (1, 1)


def test_deleting_an_article_takes_its_mentions_and_the_events_only_it_reported(store: Store) -> None:
    store.write_batch([wire(), report()])
    talks_id = by_type(store)["CONSULT 2025-02-27"].id
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM articles WHERE url = :url"), {"url": WIRE_URL})
    assert sorted(by_type(store)) == ["CONSULT 2025-02-27"]  # Riyadh and the accusation were the wire's only
    row = row_of(store, talks_id)
    assert (row["mention_count"], row["article_count"], row["future"]) == (1, 1, False)
    assert count(store, event_actors) == 6  # the codes of the one event left
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM articles"))
    assert count(store, events) == count(store, event_mentions) == count(store, event_actors) == 0


def test_filters(store: Store) -> None:
    store.write_batch([wire(), report(), follow_up()])

    def picked(**where: object) -> list[str]:
        return [f"{e.type} {e.date}" for e in store.events(EventFilter(**where))]  # type: ignore[arg-type]

    assert picked() == ["CONSULT 2025-02-27", "ACCUSE 2025-02-19", "CONSULT 2025-02-18"]
    assert picked(actor="RUS") == ["CONSULT 2025-02-27", "CONSULT 2025-02-18"]
    assert picked(actor="person:sergei-lavrov") == ["CONSULT 2025-02-18"]
    assert picked(actor="usagov") == ["ACCUSE 2025-02-19"]
    assert picked(recipient="UKR") == ["ACCUSE 2025-02-19"]
    assert picked(actor="RUS", recipient="USA", type="consult") == ["CONSULT 2025-02-27", "CONSULT 2025-02-18"]
    assert picked(country="TUR") == ["CONSULT 2025-02-27"]  # the place's country
    assert picked(country="UKR") == ["ACCUSE 2025-02-19"]  # a side's country
    assert picked(since="2025-02-19") == ["CONSULT 2025-02-27", "ACCUSE 2025-02-19"]
    assert picked(since="2025-02-01", until="2025-02-18") == ["CONSULT 2025-02-18"]
    assert picked(query="DICTATOR") == ["ACCUSE 2025-02-19"]
    assert picked(query="100%") == []
    assert picked(limit=1) == ["CONSULT 2025-02-27"]


def test_the_full_identity_pass_merges_again_from_scratch(store: Store) -> None:
    store.write_batch([wire(), report(), follow_up()])
    before = {e.id: [(m.article_id, m.trigger.text) for m in e.mentions] for e in store.events(EventFilter(limit=None))}
    # As an older identity left it: the report's mention on an event of its own.
    talks = by_type(store)["CONSULT 2025-02-27"]
    split = replace(talks, id="ev-split")
    with store.engine.begin() as conn:
        conn.execute(events.insert(), [event_row("ev-split", split, row_of(store, talks.id)["last_seen"])])
        conn.execute(event_mentions.update().where(event_mentions.c.trigger_text == "met",
                                                   event_mentions.c.sentence_text.contains("six hours"))
                     .values(event_id="ev-split"))
    assert len(store.events(EventFilter(limit=None))) == 4
    assert store.rebuild_event_identity() == 3
    after = {e.id: [(m.article_id, m.trigger.text) for m in e.mentions] for e in store.events(EventFilter(limit=None))}
    assert after == before
    assert not row_of(store, talks.id)["future"] and row_of(store, talks.id)["mention_count"] == 2
    assert store.rebuild_event_identity() == 3  # a second pass changes nothing


class FakeEvents:
    """The events stage as the coder will be: the hand-built events of each example article."""

    name: ClassVar[str] = "events"
    version: ClassVar[str] = "test"
    requires: ClassVar[tuple[str, ...]] = ("extract",)
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def load(self, settings: Settings) -> None:
        pass

    def run(self, item: Processed) -> None:
        if item.article is not None:
            item.outputs["events"] = coded(item.article.body)


def test_reprocess_of_the_events_stage_ends_with_the_full_pass(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline import pipeline
    from dateline.reprocess import reprocess

    monkeypatch.setitem(pipeline._REGISTRY, "events", FakeEvents)
    monkeypatch.setattr(pipeline, "_PROCESS_PIPELINE", None)
    store.write_batch([follow_up(), report(), wire()])  # stored out of order
    calls: list[int] = []
    rebuild = store.rebuild_event_identity
    monkeypatch.setattr(store, "rebuild_event_identity", lambda: calls.append(1) or rebuild())
    settings = Settings(stages="extract,events", write_process=False)
    report_ = reprocess(store, settings=settings, stage="events")
    assert report_.pages == 3 and report_.errors == 0 and calls == [1]
    found = by_type(store)
    assert sorted(found) == ["ACCUSE 2025-02-19", "CONSULT 2025-02-18", "CONSULT 2025-02-27"]
    assert [len(found[k].mentions) for k in sorted(found)] == [2, 2, 2]
    assert count(store, event_mentions) == 6
    reprocess(store, settings=settings, stage="events", outdated_only=True)
    assert calls == [1]  # nothing re-coded: no full pass


def test_an_older_store_upgrades_to_the_events_tables(store: Store) -> None:
    from dateline.store.store import HEAD_REVISION

    assert HEAD_REVISION == store.current_revision()
    store.write_batch([wire()])
    migrate(store, "0007")
    with store.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 1
    with Store.open(address(store)) as upgraded:
        assert upgraded.current_revision() == HEAD_REVISION
        assert upgraded.events() == []
        upgraded.write_batch([report()])
        assert [len(e.mentions) for e in upgraded.events()] == [1]


def roles_out_of_step(store: Store) -> list[tuple[str, str | None, str | None]]:
    """event_actors rows whose copy of the event's first day differs from the event's own."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(event_actors.c.event_id, event_actors.c.day_from, events.c.day_from)
                            .join(events, events.c.id == event_actors.c.event_id))
        return [(i, mine, theirs) for i, mine, theirs in rows if mine != theirs]


def test_event_roles_keep_the_events_first_day_through_writes_merges_and_an_upgrade(store: Store) -> None:
    from dateline.store.store import HEAD_REVISION

    # The wire dates the Istanbul talks by its week only; the report names the day, which the stored
    # event takes: its roles' copy of the first day must move with it.
    weekly = replace(istanbul_talks(), date="2025-W09", date_granularity="week", date_source="publication date")
    store.write_batch([item(WIRE_URL, "Russia, US to hold talks in Istanbul", WIRE, "2025-02-26T22:29", [weekly])])
    talks = store.events()[0]
    assert row_of(store, talks.id)["day_from"] == "2025-02-24" and roles_out_of_step(store) == []
    store.write_batch([report(), follow_up()])
    assert row_of(store, talks.id)["day_from"] == "2025-02-27"
    assert count(store, event_actors) > 0 and roles_out_of_step(store) == []
    store.rebuild_event_identity()
    assert roles_out_of_step(store) == []
    migrate(store, "0012")
    with Store.open(address(store)) as upgraded:  # the upgrade fills the copy from the events
        assert upgraded.current_revision() == HEAD_REVISION
        assert roles_out_of_step(upgraded) == [] and count(upgraded, event_actors, event_actors.c.day_from.is_not(None)) > 0


# -- the command ---------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.db")
    with Store.open(path) as opened:
        opened.write_batch([wire(), report(), follow_up()])
    return path


def test_the_events_command_lists_events_as_a_table(db: str, run_cli) -> None:
    done = run_cli("events", "--db", db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["date", "type", "actors"]
    assert "2025-02-27" in lines[2] and "CONSULT/meet" in lines[2] and "RUSGOV → USAGOV" in lines[2]  # the diplomats: governments, by CAMEO code
    assert "Istanbul" in lines[2] and "2" in lines[2]
    assert len(lines) == 5
    only = run_cli("events", "--db", db, "--actor", "RUS", "--country", "TUR", "--since", "2025-02-20")
    assert len(only.stdout.splitlines()) == 3
    none = run_cli("events", "--db", db, "--type", "ASSAULT")
    assert none.returncode == 0 and none.stdout == "no events\n"


def test_the_events_command_writes_jsonl_and_csv(db: str, run_cli) -> None:
    done = run_cli("events", "--db", db, "--format", "jsonl", "--recipient", "USA")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["date"] for r in rows] == ["2025-02-27", "2025-02-18"]
    assert rows[0]["mentions"][1]["url"] == REPORT_URL and rows[0]["mention_count"] == 2
    assert rows[0]["article_count"] == 2 and rows[0]["future"] is False
    assert Event.from_dict(rows[0]).mentions[0].trigger.text == "meet"
    table = list(csv.DictReader(io.StringIO(run_cli("events", "--db", db, "--format", "csv").stdout)))
    assert table[0]["type"] == "CONSULT" and table[0]["actors"] == "RUS:GOV" and table[0]["place_country"] == "TUR"
    assert table[0]["mentions"] == "2" and table[0]["sentence"].startswith("Russian and US diplomats will meet")


def test_the_events_command_writes_gdelt_rows(db: str, run_cli) -> None:
    from dateline.render_events import GDELT_COLUMNS

    assert len(GDELT_COLUMNS) == 61
    done = run_cli("events", "--db", db, "--format", "gdelt", "--type", "CONSULT")
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert len(rows) == 2 and all(len(r) == 61 for r in rows)
    talks = dict(zip(GDELT_COLUMNS, rows[0], strict=True))
    assert talks["GLOBALEVENTID"].isdigit() and talks["SQLDATE"] == "20250227"
    assert (talks["MonthYear"], talks["Year"], talks["FractionDate"]) == ("202502", "2025", "2025.1562")
    assert (talks["Actor1Code"], talks["Actor1CountryCode"], talks["Actor1Type1Code"]) == ("RUSGOV", "RUS", "GOV")
    assert (talks["Actor2Code"], talks["Actor2CountryCode"]) == ("USAGOV", "USA")
    assert (talks["EventCode"], talks["EventBaseCode"], talks["EventRootCode"]) == ("036", "036", "03")
    assert (talks["QuadClass"], talks["GoldsteinScale"], talks["NumMentions"], talks["NumArticles"]) == (
        "1", "4.0", "2", "2")
    assert talks["ActionGeo_CountryCode"] == "TU"  # FIPS 10-4, not ISO: Turkey is TU
    assert (talks["ActionGeo_FullName"], talks["ActionGeo_FeatureID"], talks["ActionGeo_Type"]) == (
        "Istanbul, Istanbul, Turkey", "745044", "4")
    assert talks["SOURCEURL"] == WIRE_URL and len(talks["DATEADDED"]) == 14
    again = run_cli("events", "--db", db, "--format", "gdelt", "--type", "CONSULT", "--header")
    assert again.stdout.splitlines()[0].split("\t") == list(GDELT_COLUMNS)
    assert again.stdout.splitlines()[1:] == done.stdout.splitlines()  # the ids are stable


def test_turkey_hosting_in_2022_is_a_historical_event(store: Store) -> None:
    hosted = Event("coder-host", "CONSULT", mode="third-party", actors=[TURKEY], recipients=[], date="2022-03",
                   date_granularity="month", date_source="sentence", historical=True,
                   mentions=istanbul_talks().mentions)
    store.write_batch([item(WIRE_URL, "Russia, US to hold talks", WIRE, "2025-02-26T22:29", found=[hosted])])
    (stored,) = store.events(EventFilter(actor="TUR"))
    assert stored.historical and stored.date == "2022-03"
    assert row_of(store, stored.id)["day_from"] == "2022-03-01"
    assert store.events(EventFilter(actor="TUR", since="2022-03-15", until="2022-03-15")) == [stored]


def test_events_nothing_ties_together_but_their_key_get_ids_of_their_own(store: Store) -> None:
    # No actor on either side: nothing to match on, so never one event, though their keys are the same.
    blank = replace(dictator(), id="coder-blank", actors=[], recipients=[])
    store.write_batch([item(WIRE_URL, "Wire", WIRE, "2025-02-26T22:29", found=[blank, blank])])
    again = replace(blank, mentions=istanbul_talks(future=False, body=REPORT).mentions)
    store.write_batch([item(REPORT_URL, "Report", REPORT, "2025-02-27", found=[again, replace(blank, mentions=[])])])
    ids = sorted(e.id for e in store.events(EventFilter(limit=None)))
    assert len(ids) == 3 and ids[1:] == [ids[0] + "-2", ids[0] + "-3"]  # (one without a mention is not kept)


def test_the_writer_travels_to_a_writer_process() -> None:
    import pickle

    from dateline.store.events_writer import EventsWriter
    from dateline.store.stage_writers import registered_writers

    writers = pickle.loads(registered_writers())
    assert isinstance(writers["events"], EventsWriter)
