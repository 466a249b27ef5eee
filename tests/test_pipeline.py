"""The stage contract: stages by name from the settings, their order checked, resources loaded
once per process, structured failures, and a time limit that holds in any thread."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import stages_for_tests
from stages_for_tests import read_pids

from dateline.config import ConfigError, Settings, load_settings
from dateline.extract.guard import TimeLimitExceeded, time_limit
from dateline.model import Page, Processed
from dateline.pipeline import Pipeline, parse_stages, process, process_many, stage_names
from dateline.sources import read_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example(name: str) -> Page:
    return read_file(EXAMPLES / name)


def test_stages_come_from_the_settings_in_order() -> None:
    assert {"extract", "wordcount", "shout"} <= set(stage_names())
    assert parse_stages(load_settings(env={"DATELINE_STAGES": "extract, wordcount"}).stages) == ["extract", "wordcount"]
    pipeline = Pipeline.from_settings(Settings(stages="extract,wordcount,shout"))
    assert pipeline.names == ["extract", "wordcount", "shout"]
    assert pipeline.downstream("wordcount") == ["wordcount", "shout"]
    assert pipeline.downstream("extract") == ["extract", "wordcount", "shout"]


def test_unknown_and_misordered_stages_are_setting_errors() -> None:
    with pytest.raises(ConfigError, match="unknown stage enrichh.*extract"):
        parse_stages("extract,enrichh")
    with pytest.raises(ConfigError, match="'wordcount' needs extract before it"):
        Pipeline.from_settings(Settings(stages="wordcount,extract"))
    with pytest.raises(ConfigError, match="at least one stage"):
        parse_stages(" , ")


def test_a_page_goes_through_every_stage_and_each_records_its_version() -> None:
    pipeline = Pipeline.from_settings(Settings(stages="extract,wordcount,shout"))
    done = pipeline(example("wire-reuters.html"))
    assert done.failure is None
    assert done.article is not None and done.article.title.startswith("EU agrees to extend gas storage rules")
    assert done.outputs["wordcount"]["paragraph"] > 200
    assert done.outputs["shout"] == done.article.title.upper()
    assert done.versions == {"extract": pipeline.stages[0].version, "wordcount": "1", "shout": "1"}


def test_failures_are_structured_and_stop_the_item_there() -> None:
    binary = Page(content=bytes(range(256)) * 40, source="photo.jpg")
    done = process(binary)
    assert done.failure is not None
    assert (done.failure.stage, done.failure.code) == ("extract", "not_a_page")
    assert done.failure.message.startswith("not a page")

    refused = Page(content="<html><body><article><h1>Odd</h1><p>" + "word " * 80 + "refuse me</p></article></body></html>",
                   source="odd.html")
    done = Pipeline.from_settings(Settings(stages="extract,wordcount,shout"))(refused)
    assert (done.failure.stage, done.failure.code) == ("wordcount", "refused")
    assert "shout" not in done.versions  # nothing ran after the failure

    done = Pipeline.from_settings(Settings(stages="crash"))(example("wire-reuters.html"))
    assert (done.failure.stage, done.failure.code) == ("crash", "bug")
    assert "KeyError" in done.failure.message and "please report" in done.failure.message


@pytest.mark.parametrize("where", ["main thread", "worker thread"])
def test_the_time_limit_holds_in_any_thread(where: str) -> None:
    pipeline = Pipeline.from_settings(Settings(stages="spin", time_limit=0.3))
    page = example("wire-reuters.html")
    started = time.monotonic()
    if where == "main thread":
        done = pipeline(page)
    else:
        with ThreadPoolExecutor(1) as pool:
            done = pool.submit(pipeline, page).result(timeout=10)
    assert time.monotonic() - started < 3
    assert done.failure is not None and done.failure.code == "time_limit"
    assert done.failure.message == "gave up after the time limit of 0.3 s"


def test_a_time_limit_never_fires_after_its_block() -> None:
    # Many short blocks in several threads at once: an exception may stop a block that overran
    # (a loaded machine), but none may land after its block has ended.
    late: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(300):
                try:
                    with time_limit(0.002):
                        sum(range(200))
                except TimeLimitExceeded:
                    pass  # this block overran: the limit did its job
            time.sleep(0.05)  # a late exception would land here
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            late.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert late == []
    # One that overruns raises inside it.
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            while True:
                pass


def test_resources_load_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "loads.txt"
    monkeypatch.setenv("WORDCOUNT_LOADS_LOG", str(log))
    settings = Settings(stages="extract,wordcount", jobs=2)
    pages = [example(name) for name in ("wire-reuters.html", "german-dpa.html", "blog-wordpress.html")] * 4
    results = list(process_many(((i, p) for i, p in enumerate(pages)), settings))
    assert [tag for tag, _ in results] == list(range(len(pages)))  # input order kept
    assert all(isinstance(done, Processed) and "wordcount" in done.outputs for _, done in results)
    pids = read_pids(log)
    assert 1 <= len(pids) <= 2 and len(set(pids)) == len(pids)  # each worker loaded the stage once


def test_only_named_stages_run_on_an_item_that_has_the_rest() -> None:
    pipeline = Pipeline.from_settings(Settings(stages="extract,wordcount,shout"))
    first = pipeline(example("wire-reuters.html"))
    again = Processed(first.page, first.article, page_id=7)
    done = pipeline(again, only=["wordcount", "shout"])
    assert set(done.versions) == {"wordcount", "shout"}
    assert done.outputs == first.outputs


assert stages_for_tests.WordCount.name == "wordcount"  # the test stages are registered on import
