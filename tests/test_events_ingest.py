"""Events end to end: pages ingested with the default stages are coded, stored and joined across
articles; a planned meeting and its later report are one event that is no longer future; the
commands read them back; `reprocess --stage events` codes the stored articles again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.reprocess import reprocess
from dateline.store import EventFilter, Store

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}T08:00:00+00:00"></head>
<body><article><h1>{title}</h1><p class="byline">By Lena Hartmann</p>
{paragraphs}</article></body></html>"""

PLANNED = dict(
    title="Lavrov and Rubio to meet in Istanbul on Thursday",
    published="2026-03-03",
    paragraphs="""
<p>Russian Foreign Minister Sergei Lavrov will meet US Secretary of State Marco Rubio in Istanbul on Thursday,
the Russian foreign ministry said on Tuesday, in the first meeting of the two since January.</p>
<p>Diplomats on both sides said they expected the talks to focus on the exchange of prisoners and on the
staffing of embassies, which both countries cut sharply over the past three years.</p>""",
)

REPORTED = dict(
    title="Lavrov and Rubio hold three hours of talks in Istanbul",
    published="2026-03-05",
    paragraphs="""
<p>Russian Foreign Minister Sergei Lavrov met US Secretary of State Marco Rubio in Istanbul on Thursday for
about three hours, officials from both delegations said.</p>
<p>Neither side announced an agreement. A Russian spokeswoman said the discussions had been useful and that
working groups would meet again in April.</p>""",
)

RECIPE = dict(
    title="A quick lemon cake",
    published="2026-03-04",
    paragraphs="""
<p>Preheat the oven to 180 degrees. Beat the butter with the sugar until pale, then beat in the eggs one by
one and fold in the flour.</p>
<p>Bake for forty minutes and leave the cake to cool before you strike a match for the candles.</p>""",
)


def write_pages(folder: Path, *stories: dict[str, str]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for number, story in enumerate(stories):
        (folder / f"story-{number}.html").write_text(PAGE.format(**story), encoding="utf-8")
    return str(folder)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store.open(str(tmp_path / "events.db")) as opened:
        yield opened


def istanbul_meetings(store: Store) -> list:
    return [e for e in store.events(EventFilter(type="CONSULT"))
            if e.place is not None and e.place.name == "Istanbul"]


def test_a_planned_meeting_and_its_report_are_one_stored_event(store: Store, tmp_path: Path) -> None:
    settings = Settings(stages="extract,enrich,events", write_process=False)
    ingest([write_pages(tmp_path / "first", PLANNED)], store, settings=settings)
    [planned] = istanbul_meetings(store)
    assert planned.future and planned.date == "2026-03-05"
    assert [a.country for a in planned.actors + planned.recipients] == ["RUS", "USA"]

    ingest([write_pages(tmp_path / "second", REPORTED)], store, settings=settings)
    [met] = istanbul_meetings(store)
    assert met.id == planned.id  # joined, not a second event
    assert not met.future  # it happened
    assert len({m.article_id for m in met.mentions}) == 2
    assert {m.trigger.text for m in met.mentions} >= {"will meet", "met"}


def test_a_recipe_stores_no_event(store: Store, tmp_path: Path) -> None:
    ingest([write_pages(tmp_path / "food", RECIPE)], store,
           settings=Settings(stages="extract,enrich,events", write_process=False))
    assert store.events(EventFilter()) == []


def test_reprocess_of_the_events_stage_codes_the_stored_articles_again(store: Store, tmp_path: Path) -> None:
    settings = Settings(stages="extract,enrich,events", write_process=False)
    ingest([write_pages(tmp_path / "both", PLANNED, REPORTED)], store, settings=settings)
    before = {e.id: len(e.mentions) for e in store.events(EventFilter())}
    report = reprocess(store, settings=settings, stage="events")
    assert report.errors == 0
    after = {e.id: len(e.mentions) for e in store.events(EventFilter())}
    assert after == before  # the same events, each mention once


def test_the_default_ingest_codes_events_and_the_command_lists_them(tmp_path: Path, run_cli,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATELINE_STAGES")  # ingest enriches and codes events by default
    db = str(tmp_path / "cli.db")
    done = run_cli("ingest", write_pages(tmp_path / "pages", PLANNED, REPORTED), "--db", db, "--quiet")
    assert done.returncode == 0, done.stderr
    listed = run_cli("events", "--db", db, "--actor", "RUS", "--type", "CONSULT", "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    istanbul = [r for r in rows if (r.get("place") or {}).get("name") == "Istanbul"]
    assert len(istanbul) == 1 and len(istanbul[0]["mentions"]) == 2 and istanbul[0]["future"] is False
    gdelt = run_cli("events", "--db", db, "--actor", "RUS", "--type", "CONSULT", "--format", "gdelt")
    rows = [line.split("\t") for line in gdelt.stdout.splitlines()]
    assert rows and all(len(row) == 61 for row in rows)
    [row] = [row for row in rows if any(cell.startswith("Istanbul") for cell in row)]
    assert "TU" in row, "|".join(row)  # Turkey's FIPS code, where GDELT writes FIPS
