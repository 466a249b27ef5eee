"""Serving: requests per second and p50/p95 latency of `dateline serve`, beside datasette on the same SQLite file.

    .venv/bin/python bench/serve.py [../shared/bench] [--articles 10000] [--enriched 300] [--requests 500]
                                    [--db /tmp/dateline-serve-bench.db] [--front /api/articles?limit=20]
                                    [--modes warm,cold]

The database (built once, outside the repository, and reused while its marker says it was built with
the same counts; --rebuild to build it again):
- the 439 AEB and Fundus pages, extracted (`dateline.pipeline.process_many`, extraction only);
- the first --enriched English articles among them also enriched, coded for events and clustered
  into stories (the full pipeline), so that event queries and story pages have data;
- then copies of every extracted article until there are --articles in all, written through
  `Store.write_batch` as new pages would be: copy k of a page has the URL `<url>?copy=k`, its
  published date k days later, "(copy k)" after its title and one line "Copy k of <url>." after its
  body (so that it is an article of its own, not one more version of the first), and no enrichment.
  A copy's raw page is its body text (the 439 real pages are stored once). Their words are the originals'.

Then `dateline serve` and `datasette` (bench extra) serve that file, all at once, each in a child
process on a free port of 127.0.0.1 (stopped, with its process group, however the run ends), and
each endpoint is measured on one server after the other (see main). dateline runs twice (--modes):
"warm" is the server as it runs by default, its response cache on (the warm-up requests fill it, so
the measured ones are answered from it); "cold" is `dateline serve --no-cache`, rendering every
answer afresh. A load generator in this process (httpx, asyncio, --concurrency requests in flight) asks each endpoint
--requests times (at most --seconds seconds each) after a few warm-up requests; every answer must be
200. The server's own CPU time per request is read from /proc before and after (the warm-up left
out): on a machine shared with other jobs it says more than requests/s, which the load generator's
share of the cores also bounds. Endpoints, dateline beside its datasette peer:
- front page: --front (default: `/` when the server has a front page, else `/api/articles?limit=20`,
  the data of one) beside datasette's table page `/<db>/articles?_size=20` (HTML, newest first);
- story page: `/stories/<id>` of the story with the most articles (--story to choose another) beside
  datasette running, as a read-only SQL query, the list a story page shows: its articles with their
  site and time, in publication order (dateline's page adds the duplicate groups, actors and timeline);
- story list: `/api/stories?limit=20` (latest first) beside `/<db>/stories.json?_sort_desc=last_published&_size=20`;
- event query: `/api/events?type=<--event-type>&limit=20` beside `/<db>/events.json?type=...&_size=20`;
- search: `/api/search?q=<--query>&limit=20` beside datasette's full-text search on the same FTS5
  table, `/<db>/articles.json?_search=...&_size=20` (which returns matches in table order, unranked);
- ranked search: the same dateline search beside datasette running, as a read-only SQL query, what
  dateline's search does on SQLite: FTS5 MATCH, ordered by bm25 (title weighted 10), with a snippet.
Datasette is asked for the columns dateline lists (id, title, site, published_at, language), not the
bodies, and runs with suggested facets off (its docs' advice for large tables). Prints a table and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
DEFAULT_DATA = REPO.parent / "shared" / "bench"
DEFAULT_DB = Path(tempfile.gettempdir()) / "dateline-serve-bench.db"
FULL_STAGES = "extract,enrich,events,stories"  # of the --enriched articles
# What dateline's search runs on SQLite (store/search.py), as one SQL query datasette can answer.
RANKED_SEARCH_SQL = ("select a.id, a.title, a.site, a.published_at, a.language, "
                     "snippet(articles_fts, 1, '<mark>', '</mark>', '…', 24) as snippet "
                     "from articles_fts join articles a on a.id = articles_fts.rowid "
                     "where articles_fts match :q order by bm25(articles_fts, 10.0, 1.0), a.id desc limit 20")
# The articles of one story, as a story page lists them.
STORY_ARTICLES_SQL = ("select a.id, a.title, a.site, a.published_at, s.similarity, d.group_id "
                      "from story_articles s join articles a on a.id = s.article_id "
                      "left join dedup_articles d on d.article_id = s.article_id "
                      "where s.story_id = :story order by a.published_at, a.id")
STORY_COLUMNS = "&".join(f"_col={c}" for c in ("title", "last_published", "article_count", "unique_count", "outlets"))
COLUMNS = "&".join(f"_col={c}" for c in ("title", "site", "published_at", "language"))
MODES = {"warm": [], "cold": ["--no-cache"]}  # dateline serve as it runs by default, and without its cache


# --- the database ------------------------------------------------------------------------------

def _shifted(published: str | None, days: int) -> str | None:
    if not published or days == 0:
        return published
    try:
        return (datetime.fromisoformat(published) + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def _copy(item: Any, k: int) -> Any:
    """Copy k of an extracted page: a page at another URL with an article of its own (see the docstring)."""
    from dateline.model import Page, Processed

    page, article = item.page, item.article
    parts = urlsplit(page.url)  # the query goes before any #fragment, which URL normalisation drops
    url = urlunsplit(parts._replace(query=f"{parts.query}&copy={k}" if parts.query else f"copy={k}"))
    body = f"{article.body}\n\nCopy {k} of {page.url}."
    copied = dataclasses.replace(article, url=url, canonical_url=url, title=f"{article.title} (copy {k})",
                                 published=_shifted(article.published, k), body=body)
    # The copy's raw page is its text, not the original bytes again: a page of the same bytes would be
    # taken as the same story (one more URL of the first article), and 10,000 raw pages would swell the file.
    return Processed(page=Page(content=copied.body, url=url, source=url, fetched_at=page.fetched_at), article=copied,
                     versions={"extract": item.versions.get("extract", "")})


def build_db(data: Path, db: Path, articles: int, enriched: int) -> dict[str, int]:
    from make_warc import benchmark_pages

    from dateline.config import Settings
    from dateline.model import Page
    from dateline.pipeline import process_many
    from dateline.store import open_store

    db.parent.mkdir(parents=True, exist_ok=True)
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    pages = [Page(content=html, url=url, source=url, fetched_at=when.isoformat())
             for url, when, html in benchmark_pages(data)]
    extract_only = Settings(stages="extract", jobs=1)
    extracted = [done for _, done in process_many(((n, p) for n, p in enumerate(pages)), extract_only)
                 if done is not None and done.article is not None and done.article.is_article]
    english = [n for n, item in enumerate(extracted) if item.article.language == "en"][:enriched]
    full = Settings(stages=FULL_STAGES, jobs=1)
    coded = {n: done for n, done in process_many(((n, extracted[n].page) for n in english), full)
             if done is not None}
    counts = {"pages": len(pages), "extracted_articles": len(extracted), "enriched": len(coded)}
    with open_store(str(db)) as store:
        originals = [coded.get(n, item) for n, item in enumerate(extracted)]
        for start in range(0, len(originals), 200):
            store.write_batch(originals[start:start + 200])
        k, batch = 1, []
        while len(extracted) * k < articles:
            for item in extracted[: min(len(extracted), articles - len(extracted) * k)]:
                batch.append(_copy(item, k))
                if len(batch) == 500:
                    store.write_batch(batch)
                    batch = []
            k += 1
        store.write_batch(batch)
        stats = store.stats()
    counts["articles"] = stats.totals.articles
    with sqlite3.connect(db) as conn:
        counts["events"] = conn.execute("select count(*) from events").fetchone()[0]
        counts["event_mentions"] = conn.execute("select count(*) from event_mentions").fetchone()[0]
        counts["stories"] = conn.execute("select count(*) from stories").fetchone()[0]
    return counts


def widest_story(db: Path) -> str | None:
    """The id of the story with the most articles (then the latest), None when there is none."""
    with sqlite3.connect(db) as conn:
        try:
            row = conn.execute("select id from stories order by article_count desc, last_published desc, id "
                               "limit 1").fetchone()
        except sqlite3.OperationalError:  # a database of a dateline without stories
            return None
    return row[0] if row else None


def ensure_db(data: Path, db: Path, articles: int, enriched: int, rebuild: bool) -> dict[str, Any]:
    """The benchmark database, built again only when asked or when built with other counts."""
    marker = db.with_name(db.name + ".json")
    wanted = {"articles_asked": articles, "enriched_asked": enriched, "stages": FULL_STAGES}
    if not rebuild and marker.exists() and db.exists():
        known = json.loads(marker.read_text())
        if all(known.get(key) == value for key, value in wanted.items()):
            return dict(known)
    started = time.perf_counter()
    counts = {**wanted, **build_db(data, db, articles, enriched)}
    counts["build_seconds"] = round(time.perf_counter() - started)
    marker.write_text(json.dumps(counts))
    return counts


# --- the servers -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclasses.dataclass
class Server:
    base: str  # http://127.0.0.1:port
    pid: int

    def cpu_seconds(self) -> float:
        """The CPU time (user + system) the server's process has used so far (Linux /proc; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running(command: list[str], port: int, log: Path, source: Path = REPO) -> Iterator[Server]:
    """A server child process, in a process group of its own so that every process it starts goes with it;
    `source`: the tree whose dateline it imports."""
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                  start_new_session=True, env={**os.environ, "PYTHONPATH": str(source)},
                                  cwd=source)  # `python -m` looks in its folder first
        try:
            deadline = time.monotonic() + 120
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"{command[0]} stopped: {log.read_text(errors='replace')[-2000:]}")
                try:
                    httpx.get(base + "/", timeout=2.0)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{command[0]} did not answer on {base}") from None
                    time.sleep(0.3)
            yield Server(base, server.pid)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()


# --- the load ----------------------------------------------------------------------------------

@dataclasses.dataclass
class Load:
    path: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    failures: int
    server_cpu_ms: float | None = None  # the server's CPU time per measured request

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: int) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


async def _load(base: str, path: str, requests: int, concurrency: int, seconds: float, warm_up: int) -> Load:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        for _ in range(warm_up):
            answer = await client.get(path)
            if answer.status_code != 200:
                raise SystemExit(f"{base}{path} answered {answer.status_code}: {answer.text[:300]}")
        latencies: list[float] = []
        failures = 0
        issued = 0
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal issued, failures
            while issued < requests and time.perf_counter() < deadline:
                issued += 1
                sent = time.perf_counter()
                answer = await client.get(path)
                latencies.append((time.perf_counter() - sent) * 1000)
                failures += answer.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return Load(path, len(latencies), time.perf_counter() - started, latencies, failures)


def measure(server: Server, path: str, args: argparse.Namespace) -> Load:
    """The load on one path, with the CPU time the server spent on it (warm-up excluded): on a
    machine shared with other jobs, requests/s measure the machine as much as the server."""
    asyncio.run(_load(server.base, path, 0, args.concurrency, args.seconds, args.warm_up))
    before = server.cpu_seconds()
    load = asyncio.run(_load(server.base, path, args.requests, args.concurrency, args.seconds, 0))
    if load.requests:
        load.server_cpu_ms = (server.cpu_seconds() - before) * 1000 / load.requests
    return load


def front_page(base: str) -> str:
    """`/` when this dateline has a web UI, else the API call that a front page would make."""
    return "/" if httpx.get(base + "/", timeout=10).status_code == 200 else "/api/articles?limit=20"


# --- the run -----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="folder holding aeb/ and fundus/")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--enriched", type=int, default=300)
    parser.add_argument("--requests", type=int, default=500, help="per endpoint")
    parser.add_argument("--seconds", type=float, default=30.0, help="at most, per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--front", help="dateline's front page path (default: / if it answers, else the API call)")
    parser.add_argument("--story", help="a story's id (default: the one with the most articles)")
    parser.add_argument("--event-type", default="CONSULT")
    parser.add_argument("--query", default="government")
    parser.add_argument("--before", type=Path, metavar="TREE",
                        help="also measure the dateline of this source tree (e.g. `git archive` of an older "
                             "commit), as it runs by default, in the same run: before and after side by side")
    parser.add_argument("--modes", default="warm,cold",
                        help="dateline servers to measure: warm (the response cache on, as by default), "
                             "cold (--no-cache), or both")
    args = parser.parse_args()
    args.db = args.db.resolve()  # the servers run in their source folders
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or set(modes) - set(MODES):
        parser.error(f"--modes: a comma-separated list of {', '.join(MODES)}")

    counts = ensure_db(args.data, args.db, args.articles, args.enriched, args.rebuild)
    print(f"database {args.db}: {counts}", file=sys.stderr)
    name = args.db.stem
    story = args.story or widest_story(args.db)
    peer = {
        "front page": f"/{name}/articles?_size=20&_sort_desc=published_at&{COLUMNS}",
        "story page": f"/{name}.json?" + urlencode({"sql": STORY_ARTICLES_SQL, "story": story}) if story else None,
        "story list": f"/{name}/stories.json?_size=20&_sort_desc=last_published&{STORY_COLUMNS}" if story else None,
        "event query": f"/{name}/events.json?type={args.event_type}&_size=20&_sort_desc=day_from",
        "search": f"/{name}/articles.json?_search={args.query}&_size=20&{COLUMNS}",
        "ranked search": f"/{name}.json?" + urlencode({"sql": RANKED_SEARCH_SQL, "q": args.query}),
    }
    servers: dict[str, Server] = {}
    results: dict[str, dict[str, Load | None]] = {}
    with tempfile.TemporaryDirectory() as logs, ExitStack() as stack:
        # Every server runs from the start (an idle one costs nothing), and each endpoint is measured
        # on all of them one after the other, in an order that turns from one endpoint to the next:
        # on a shared machine the load drifts, and the figures compared should be minutes apart at most.
        paths: dict[str, dict[str, str | None]] = {}
        for mode in ([*modes, "before"] if args.before else modes):
            port = free_port()
            command = [sys.executable, "-m", "dateline", "serve", "--db", str(args.db), "--port", str(port),
                       *MODES.get(mode, [])]
            server = stack.enter_context(running(command, port, Path(logs) / f"dateline-{mode}.log",
                                                 args.before.resolve() if mode == "before" else REPO))
            servers[f"dateline {mode}"] = server
            paths[f"dateline {mode}"] = {
                "front page": args.front or front_page(server.base),
                "story page": f"/stories/{story}" if story else None,
                "story list": "/api/stories?limit=20" if story else None,
                "event query": f"/api/events?type={args.event_type}&limit=20",
                "search": f"/api/search?q={args.query}&limit=20",
                "ranked search": f"/api/search?q={args.query}&limit=20",
            }
        port = free_port()
        # Suggested facets off, as datasette's docs advise for large tables: the peer at its best setting.
        command = [str(Path(sys.executable).with_name("datasette")), "serve", str(args.db), "--port", str(port),
                   "--host", "127.0.0.1", "--setting", "suggest_facets", "off"]
        servers["datasette"] = stack.enter_context(running(command, port, Path(logs) / "datasette.log"))
        paths["datasette"] = peer
        names = list(servers)
        for turn, slot in enumerate(peer):
            results[slot] = dict.fromkeys(names)  # the table's columns keep this order
            for who in names[turn % len(names):] + names[:turn % len(names)]:
                path = paths[who][slot]
                results[slot][who] = measure(servers[who], path, args) if path else None
    report(results, counts)
    return 0


def _row(load: Load | None) -> list[str]:
    if load is None:
        return ["—", "—", "—", "—"]
    cpu = f"{load.server_cpu_ms:.2f}" if load.server_cpu_ms is not None else "—"
    return [f"{load.rps:.0f}", f"{load.percentile(50):.1f}", f"{load.percentile(95):.1f}", cpu]


def _ratio(ours: float | None, theirs: float | None) -> str:
    return f"{ours / theirs:.2f}" if ours and theirs else "—"


def report(results: dict[str, dict[str, Load | None]], counts: dict[str, int]) -> None:
    """The table: per server rps, p50, p95 and its CPU ms per request; then, per dateline server,
    its rps over datasette's and datasette's CPU per request over its own (above 1: dateline ahead)."""
    servers = list(next(iter(results.values()))) if results else []
    header = ["endpoint"]
    for who in servers:
        header += [f"{who} rps", "p50 ms", "p95 ms", "cpu ms/req"]
    ours_names = [who for who in servers if who.startswith("dateline")]
    header += [f"{kind} ratio, {who.removeprefix('dateline ')}" for who in ours_names for kind in ("rps", "cpu")]
    print(" | ".join(header))
    summary: dict[str, Any] = {"benchmark": "serve", "database": counts, "endpoints": {}}
    for slot, pair in results.items():
        theirs = pair.get("datasette")
        ratios = []
        for who in ours_names:
            ours = pair.get(who)
            ratios.append(_ratio(ours.rps if ours else None, theirs.rps if theirs else None))
            ratios.append(_ratio(theirs.server_cpu_ms if theirs else None, ours.server_cpu_ms if ours else None))
        print(" | ".join([slot, *(cell for who in servers for cell in _row(pair.get(who))), *ratios]))
        summary["endpoints"][slot] = {
            who: None if load is None else {"path": load.path, "requests": load.requests, "failures": load.failures,
                                             "rps": round(load.rps, 1), "p50_ms": round(load.percentile(50), 1),
                                             "p95_ms": round(load.percentile(95), 1),
                                             "server_cpu_ms": None if load.server_cpu_ms is None
                                             else round(load.server_cpu_ms, 3)}
            for who, load in pair.items()}
        for who, load in pair.items():
            if load is not None and load.failures:
                print(f"  {who} {load.path}: {load.failures} answers were not 200", file=sys.stderr)
    print(json.dumps(summary))


if __name__ == "__main__":
    raise SystemExit(main())
