"""bench/serve.py's own parts: how a copy of a page becomes an article of its own, and the percentiles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import EXAMPLES

from dateline.model import Page
from dateline.pipeline import process
from dateline.store import open_store

BENCH = Path(__file__).resolve().parent.parent / "bench"
_spec = importlib.util.spec_from_file_location("bench_serve", BENCH / "serve.py")
assert _spec is not None and _spec.loader is not None
bench_serve = importlib.util.module_from_spec(_spec)
sys.modules["bench_serve"] = bench_serve  # its dataclass looks itself up there
_spec.loader.exec_module(bench_serve)


def test_copies_are_articles_of_their_own_even_with_a_fragment(tmp_path: Path) -> None:
    html = (EXAMPLES / "wire-reuters.html").read_bytes()
    original = process(Page(content=html, url="https://news.example/gas#comments"))
    copies = [bench_serve._copy(original, k) for k in (1, 2)]
    assert copies[0].page.url == "https://news.example/gas?copy=1#comments"
    assert copies[1].article.published.startswith("2025-03-14")
    with open_store(str(tmp_path / "n.db")) as store:
        store.write_batch([original, *copies])
        assert store.stats().totals.articles == 3


def test_percentiles_are_of_the_sorted_latencies() -> None:
    load = bench_serve.Load("/", 5, 1.0, [5.0, 1.0, 4.0, 2.0, 3.0], 0)
    assert (load.percentile(50), load.percentile(95), load.rps) == (3.0, 5.0, 5.0)


def test_the_story_page_timed_is_the_widest_story(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "s.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table articles (id integer)")
    assert bench_serve.widest_story(db) is None  # a dateline without stories: the slot stays empty
    with sqlite3.connect(db) as conn:
        conn.execute("create table stories (id text, article_count integer, last_published text)")
        conn.executemany("insert into stories values (?, ?, ?)", [("story-1", 3, "2025-01-02"),
                                                                  ("story-2", 5, "2025-01-01"),
                                                                  ("story-3", 5, "2025-01-03")])
    assert bench_serve.widest_story(db) == "story-3"


def test_report_puts_dateline_warm_and_cold_beside_datasette(capsys) -> None:  # type: ignore[no-untyped-def]
    def load(rps: float, cpu_ms: float) -> object:
        return bench_serve.Load("/x", int(rps), 1.0, [10.0] * int(rps), 0, cpu_ms)

    bench_serve.report({"story page": {"dateline warm": load(400, 0.5), "dateline cold": load(50, 8.0),
                                       "datasette": load(200, 2.0)}}, {"articles": 3})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("rps ratio, warm | cpu ratio, warm | rps ratio, cold | cpu ratio, cold")
    assert lines[1].startswith("story page | 400 | 10.0 | 10.0 | 0.50 | 50 |")
    assert lines[1].endswith("| 2.00 | 4.00 | 0.25 | 0.25")


def test_the_servers_cpu_time_is_read_from_proc() -> None:
    import os

    me = bench_serve.Server("http://127.0.0.1:1", os.getpid())
    before = me.cpu_seconds()
    sum(i * i for i in range(300_000))
    assert me.cpu_seconds() >= before
    assert bench_serve.Server("http://127.0.0.1:1", 2**22 + 12345).cpu_seconds() == 0.0  # no such process
