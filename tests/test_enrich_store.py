"""Enrichment in the store: its rows beside the article, the actor knowledge base across
articles, runs and reprocessing, the upgrade of an older store, and the commands that read it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import address, migrate
from sqlalchemy import func, select, text

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.model import Page
from dateline.pipeline import Pipeline
from dateline.reprocess import reprocess
from dateline.store import Store
from dateline.store.schema import actor_aliases, actor_mentions, actor_roles, articles, time_expressions

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}T09:30:00+00:00"></head>
<body><article><h1>{title}</h1><p class="byline">By Nadia Werth</p>
{paragraphs}</article></body></html>"""

FIRST = dict(
    title="Lavrov says Geneva talks on grain corridor will resume next week",
    published="2026-03-03",
    paragraphs="""
<p>GENEVA (Reuters) - Russia's foreign minister, Sergei Lavrov, said on Tuesday that talks with Ukraine on
reopening the Black Sea grain corridor would resume in Geneva next week, after a pause of almost a month.</p>
<p>"We are ready to listen to any proposal that respects our interests," Lavrov told reporters after meeting
United Nations officials. He gave no date for the first session.</p>
<p>Ukrainian officials declined to comment. The previous round ended on February 6 without an agreement on
inspections of ships bound for Odesa.</p>""",
)

SECOND = dict(
    title="Grain corridor talks open in Geneva with no sign of a deal",
    published="2026-03-10",
    paragraphs="""
<p>Negotiators met in Geneva on Monday for the first round of talks on the grain corridor since early
February, with both sides saying they expected no quick result.</p>
<p>Lavrov, who arrived on Sunday evening, said the talks would need "several rounds" and accused Kyiv of
delaying the inspections.</p>
<p>The talks are expected to last until Thursday, a spokesman for the organisers said.</p>""",
)

THIRD = dict(
    title="Ex-minister Lavrov to lead think tank",
    published="2026-11-20",
    paragraphs="""
<p>Former foreign minister Sergei Lavrov will head a Moscow research institute from September, the institute
said on Monday in a statement.</p>
<p>Lavrov, who left the ministry last year, will advise the board on relations with Asian states. The
institute, founded in 1992, employs about forty researchers and publishes a yearly survey of Russia's foreign
trade.</p>
<p>His successor at the ministry has not commented on the appointment, which was first reported by a Moscow
business daily on Sunday.</p>""",
)

STAGES = "extract,enrich"


def page(story: dict[str, str], url: str) -> Page:
    return Page(content=PAGE.format(**story).encode(), url=url, source="crawl")


def folder(tmp_path: Path, *stories: dict[str, str], name: str = "pages") -> str:
    """The stories as HTML files of a new folder, read in name order (one per batch with batch_size 1)."""
    where = tmp_path / name
    where.mkdir()
    for n, story in enumerate(stories):
        (where / f"{n:02d}.html").write_text(PAGE.format(**story), encoding="utf-8")
    return str(where)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = str(tmp_path / "enrich.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(url) as opened:
        yield opened


def settings(**changes: object) -> Settings:
    return Settings(stages=STAGES, write_process=False, **changes)  # type: ignore[arg-type]


def count(store: Store, table, *where) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def lavrov_mentions(store: Store, article_id: int) -> list[tuple[str, str | None, str]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(actor_mentions.c.text, actor_mentions.c.actor_id, actor_mentions.c.signal)
            .where(actor_mentions.c.article_id == article_id, actor_mentions.c.text.contains("Lavrov"))
            .order_by(actor_mentions.c.start))]


def test_what_enrichment_found_is_stored_beside_the_article_and_read_back_the_same(store: Store) -> None:
    done = Pipeline.from_settings(settings())(page(FIRST, "https://wire.example/lavrov-geneva"))
    assert done.failure is None
    store.write_batch([done])
    (row,) = store.iter_articles()
    found = done.outputs["enrich"]
    assert found.actors and found.places and found.times and found.quotes and found.entities
    stored = store.enrichments([row.id])[row.id]
    assert stored.to_dict() == {**found.to_dict(), "actors": [
        # The stored mention keeps the actor as this article resolved it; aliases live in the knowledge base.
        {**m, "actor": m["actor"] and {**m["actor"], "aliases": []}} for m in found.to_dict()["actors"]]}
    body = row.body
    assert all(body[t.start:t.end] == t.text for t in stored.times + stored.actors + stored.places)
    # "next week" in an article of Tuesday 3 March 2026 is ISO week 11.
    with store.engine.connect() as conn:
        values = dict(conn.execute(select(time_expressions.c.text, time_expressions.c.value)).all())
    assert values["next week"] == "2026-W11"
    run = store.stage_run(row.id, "enrich")
    assert run is not None and run["version"] == Pipeline.from_settings(settings()).stages[1].version


def test_a_later_article_that_says_only_the_surname_resolves_through_the_knowledge_base(
        store: Store, tmp_path: Path) -> None:
    ingest([folder(tmp_path, FIRST)], store, settings=settings())
    ingest([folder(tmp_path, SECOND, name="later")], store, settings=settings())
    ids = [a.id for a in store.iter_articles()]
    assert lavrov_mentions(store, ids[1])[0] == ("Lavrov", "person:sergei-lavrov", "knowledge base")
    lavrov = store.actor("Lavrov")
    assert lavrov is not None and lavrov.id == "person:sergei-lavrov"
    assert (lavrov.country, lavrov.sector, lavrov.articles) == ("RUS", "GOV", 2)
    # Only the first article gives the role in its own words; the second took it from the knowledge base.
    (role,) = lavrov.roles
    assert (role.role, role.since, role.last, role.ended, role.articles) == (
        "foreign minister", "2026-03-03", "2026-03-03", None, 1)
    assert lavrov.aliases["Sergei Lavrov"] == 2 and lavrov.aliases["Lavrov"] == 2
    assert [a["title"] for a in lavrov.recent] == [SECOND["title"], FIRST["title"]]
    assert store.actor("sergei lavrov") == store.actor("person:sergei-lavrov") == lavrov


def test_within_one_run_an_article_learns_from_the_batches_committed_before_it(store: Store, tmp_path: Path) -> None:
    ingest([folder(tmp_path, FIRST, SECOND)], store, settings=settings(batch_size=1))
    second = [a.id for a in store.iter_articles() if a.title == SECOND["title"]][0]
    assert lavrov_mentions(store, second)[0][1] == "person:sergei-lavrov"


def test_former_ends_a_role_and_reprocessing_replaces_what_an_article_attests(store: Store, tmp_path: Path) -> None:
    ingest([folder(tmp_path, FIRST, SECOND, THIRD)], store, settings=settings(batch_size=1))
    before = (count(store, actor_aliases), count(store, actor_roles), count(store, actor_mentions))
    (role,) = store.actor("Lavrov").roles  # type: ignore[union-attr]
    assert (role.since, role.last, role.ended, role.articles) == ("2026-03-03", "2026-03-03", "2026-11-20", 2)
    known = {a.id: a for a in store.known_actors()}["person:sergei-lavrov"]
    assert (known.role, known.former) == ("foreign minister", True)  # the latest article says "former"

    report = reprocess(store, settings=settings(), stage="enrich")
    assert report.pages == 3 and report.errors == 0
    assert (count(store, actor_aliases), count(store, actor_roles), count(store, actor_mentions)) == before
    assert store.actor("Lavrov").roles == [role]  # type: ignore[union-attr]

    with store.engine.begin() as conn:  # an article deleted takes what it attested along
        third = conn.execute(select(articles.c.id).where(articles.c.title == THIRD["title"])).scalar_one()
        conn.execute(articles.delete().where(articles.c.id == third))
    (role,) = store.actor("Lavrov").roles  # type: ignore[union-attr]
    assert (role.ended, role.articles) == (None, 1)


def test_an_older_store_upgrades_in_place_and_reprocess_enriches_what_it_holds(store: Store, tmp_path: Path) -> None:
    from dateline.store.store import HEAD_REVISION

    ingest([folder(tmp_path, FIRST, SECOND)], store, settings=Settings(stages="extract", write_process=False))
    migrate(store, "0006")  # as the previous release left it
    with store.engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 2
    with Store.open(address(store)) as upgraded:
        assert upgraded.current_revision() == HEAD_REVISION
        assert [a.title for a in upgraded.iter_articles()] == [FIRST["title"], SECOND["title"]]
        assert upgraded.enrichments([1, 2]) == {}
        report = reprocess(upgraded, settings=settings(), stage="enrich", outdated_only=True)
        assert report.pages == 2
        ids = [a.id for a in upgraded.iter_articles()]
        assert sorted(upgraded.enrichments(ids)) == ids
        assert reprocess(upgraded, settings=settings(), stage="enrich", outdated_only=True).pages == 0
        assert upgraded.actor("Lavrov") is not None


def test_extraction_only_stores_no_enrichment(store: Store, tmp_path: Path) -> None:
    ingest([folder(tmp_path, FIRST)], store, settings=Settings(stages="extract", write_process=False))
    (row,) = store.iter_articles()
    assert store.enrichments([row.id]) == {} and store.known_actors() == []


def test_the_writer_process_stores_enrichment_too(tmp_path: Path) -> None:
    db = str(tmp_path / "proc.db")
    stories = [dict(FIRST, title=f"{FIRST['title']} ({n})",
                    paragraphs=FIRST["paragraphs"] + f"<p>Update {n}: the talks were moved to day {n + 2}.</p>")
               for n in range(4)]
    ingest([folder(tmp_path, *stories)], db, settings=Settings(stages=STAGES, batch_size=2, write_process=True))
    with Store.open(db) as store:
        ids = [a.id for a in store.iter_articles()]
        assert len(ids) == 4 and sorted(store.enrichments(ids)) == ids
        assert store.actor("Sergei Lavrov").articles == 4  # type: ignore[union-attr]


def test_the_actor_commands_list_and_show_the_knowledge_base(tmp_path: Path, run_cli,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATELINE_STAGES")  # ingest enriches by default
    db = str(tmp_path / "cli.db")
    done = run_cli("ingest", folder(tmp_path, FIRST, SECOND), "--db", db, "--batch-size", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    listed = run_cli("actors", "--db", db, "--country", "rus", "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows[0]["id"] == "person:sergei-lavrov" and rows[0]["articles"] == 2
    assert all(r["country"] == "RUS" for r in rows)
    table = run_cli("actors", "--db", db, "--sector", "GOV", "--kind", "person")
    assert "Sergei Lavrov" in table.stdout and "RUS" in table.stdout
    shown = run_cli("actor", "Lavrov", "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "Sergei Lavrov" in shown.stdout and "role: foreign minister (RUS GOV; 2026-03-03 to 2026-03-03; 1 articles)" in shown.stdout
    missing = run_cli("actor", "Nobody Atall", "--db", db)
    assert missing.returncode == 1 and "no actor called 'Nobody Atall'" in missing.stderr


def test_exports_carry_the_annotations(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from dateline.store.export import export_bytes

    ingest([folder(tmp_path, FIRST)], store, settings=settings())
    ingest([folder(tmp_path, SECOND, name="plain")], store, settings=Settings(stages="extract", write_process=False))
    enriched, plain = (json.loads(line) for line in export_bytes(store, "jsonl").decode().splitlines())
    assert plain["actors"] is None and plain["times"] is None  # not enriched, rather than nothing found
    lavrov = next(a for a in enriched["actors"] if a["text"] == "Sergei Lavrov")
    assert lavrov["actor"]["id"] == "person:sergei-lavrov"
    assert enriched["body"][lavrov["start"]:lavrov["end"]] == "Sergei Lavrov"
    assert {"entities", "places", "focus_place", "quotes", "enrichment_skipped"} <= set(enriched)
    assert any(q["speaker"] and q["speaker"]["text"] == "Lavrov" for q in enriched["quotes"])
    (tmp_path / "out.parquet").write_bytes(export_bytes(store, "parquet"))
    table = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert json.loads(table[0]["times"]) == enriched["times"] and table[1]["times"] is None
