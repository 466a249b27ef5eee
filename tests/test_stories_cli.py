"""The story commands (`dateline stories`, `dateline story`, `dateline bench clusters`) and the
clustering scores they print, on a store of written articles (story_examples.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from story_examples import EXAMPLES, Example
from test_stories_store import IN_ORDER, item

from dateline.store import Store
from dateline.stories.scoring import score_clusters
from dateline.urls import normalise_url


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("stories") / "stories.db")
    with Store.open(path) as store:
        for e in IN_ORDER:
            store.write_batch([item(e)])
    return path


def story_of(rows: list[dict], example: Example) -> str:
    return next(r["story_id"] for r in rows if r["url"] == normalise_url(example.url))


def test_stories_lists_the_latest_first_and_filters(run_cli, db: str) -> None:
    table = run_cli("stories", "--db", db)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "last_published", "article_count", "unique_count"]
    assert "Storm knocks out" in lines[2]  # the latest story first
    rows = [json.loads(line) for line in run_cli("stories", "--db", db, "--format", "jsonl").stdout.splitlines()]
    assert len(rows) == len({r["id"] for r in rows}) >= 4
    assert all(r["first_published"] <= r["last_published"] for r in rows)
    later = run_cli("stories", "--db", db, "--since", "2025-08-01", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["title"] for line in later] == [EXAMPLES[-1].title]
    none = run_cli("stories", "--db", db, "--query", "volcano", "--format", "jsonl")
    assert none.returncode == 0 and none.stdout == ""


def test_members_export_every_article_with_its_story(run_cli, db: str) -> None:
    result = run_cli("stories", "--db", db, "--members", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(EXAMPLES)
    by_key = {e.key: e for e in EXAMPLES}
    assert story_of(rows, by_key["wire"]) == story_of(rows, by_key["retitled"]) == story_of(rows, by_key["day_2"])
    assert story_of(rows, by_key["unrelated"]) != story_of(rows, by_key["wire"])
    copies = [r for r in rows if r["duplicate_group"]]
    assert len(copies) == 4 and len({r["duplicate_group"] for r in copies}) == 1


def test_story_shows_its_articles_by_duplicate_group(run_cli, db: str) -> None:
    rows = [json.loads(line) for line in run_cli("stories", "--db", db, "--members", "--format", "jsonl")
            .stdout.splitlines()]
    grid = story_of(rows, EXAMPLES[0])
    shown = run_cli("story", grid, "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "7 articles (4 unique)" in shown.stdout
    assert shown.stdout.count("  = [") == 3  # three copies under the wire story
    as_json = json.loads(run_cli("story", grid, "--db", db, "--format", "json").stdout)
    assert [len(g) for g in as_json["groups"]][0] == 4
    missing = run_cli("story", "story-nope", "--db", db)
    assert missing.returncode == 1 and "no story 'story-nope'" in missing.stderr


def test_bench_clusters_scores_the_stored_stories_against_labels(run_cli, db: str, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    labels = {e.url: ("grid" if e.key in ("wire", "retitled", "trimmed", "lead", "day_2", "day_3", "day_4")
                      else e.key) for e in EXAMPLES}
    gold.write_text("".join(json.dumps({"id": normalise_url(url), "cluster": c}) + "\n" for url, c in labels.items()))
    result = run_cli("bench", "clusters", "--gold", str(gold), "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["items"] == len(EXAMPLES) and scores["unmatched"] == 0
    assert scores["bcubed_f1"] == pytest.approx(1.0)
    table = run_cli("bench", "clusters", "--gold", str(gold), "--db", db)
    assert "B-cubed" in table.stdout and "pairwise" in table.stdout


def test_bench_clusters_names_a_bad_label_file(run_cli, db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "cluster": "a"}\nnot json\n')
    result = run_cli("bench", "clusters", "--gold", str(bad), "--db", db)
    assert result.returncode == 1
    assert "bad.jsonl, line 2" in result.stderr and "Traceback" not in result.stderr
    gone = run_cli("bench", "clusters", "--gold", str(tmp_path / "missing.jsonl"), "--db", db)
    assert gone.returncode == 1 and "missing.jsonl: cannot read the labels" in gone.stderr


def test_scores_of_a_known_clustering() -> None:
    gold = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
    perfect = score_clusters(gold, gold)
    assert perfect.bcubed_f1 == perfect.pairwise_f1 == 1.0
    # a, b together; c alone; d, e together: B-cubed precision 1, recall (2/3*2 + 1/3 + 1 + 1) / 5
    split = score_clusters({"a": "x", "b": "x", "c": "y", "d": "z", "e": "z"}, gold)
    assert split.bcubed_precision == 1.0
    assert split.bcubed_recall == pytest.approx((2 / 3 * 2 + 1 / 3 + 2) / 5)
    assert split.pairwise_precision == 1.0 and split.pairwise_recall == pytest.approx(2 / 4)
    lumped = score_clusters({k: "all" for k in gold}, gold)
    assert lumped.bcubed_recall == 1.0 and lumped.bcubed_precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)
    unknown = score_clusters({}, gold)  # nothing predicted: each item alone
    assert unknown.bcubed_precision == 1.0 and unknown.predicted_clusters == 5
