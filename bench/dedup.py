"""Near-duplicate detection (dateline/stories/dedup.py): pair precision and recall on republished
variants of the AEB and Fundus article bodies, beside exact-hash and plain-Jaccard peers, then
speed and bytes per article with 10,000 and 100,000 stored articles, in memory and on SQLite.

Usage: .venv/bin/python bench/dedup.py AEB_DIR FUNDUS_DIR [--seed N] [--variants N]
                                       [--sizes 10000,100000] [--queries N] [--no-speed]
                                       [--no-jaccard] [--pg postgresql://...]

The data folders are read where they are (never copied). Every gold body (AEB `articleBody`,
Fundus summary + paragraphs of the index's parser version) is an original; the generator
(`republish`, seeded) makes --variants copies of each the way sites republish (recipe in
bench/RESULTS.md). Every original and copy goes through the index in publication order; the other
articles of the same site are the hard negatives. A pair counts as predicted when both articles
end up in one group; gold pairs are the pairs within one original's family.

Speed: synthetic bodies (words drawn by their frequency in the same corpora, 250-650 words, 5 %
of them near-copies of an earlier one) fill the index to each size, then --queries new bodies go
in (fingerprint and check and add: what ingest does per article). "memory" is `DuplicateIndex`,
one by one; "SQLite" is `store/dedup_index.assign` on a SQLite store in batches of 500 (as
`write_batch` runs it, fingerprinting first), with minimal article rows under the fingerprints.
Every rate is given per CPU second of this process (SQLite runs in it: per core, on a machine
shared with other work) and per wall-clock second; the store's also with the kilobytes per article
it read and wrote through system calls. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate, combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.stories.dedup import (  # noqa: E402
    SHINGLE_WORDS,
    DuplicateIndex,
    fingerprint_text,
    strip_dateline,
    words,
)


@dataclass
class Doc:
    key: str
    site: str
    family: int  # the original's number: one family = one text
    body: str
    published: datetime
    kind: str  # "original" or the variant's recipe


# -- the data -----------------------------------------------------------------------------------


def load_aeb(folder: Path) -> list[tuple[str, str, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [(f"aeb/{key}", urlsplit(v["url"]).hostname.removeprefix("www.") if v.get("url") else key,
             v["articleBody"]) for key, v in sorted(truth.items())]


def load_fundus(folder: Path) -> list[tuple[str, str, str]]:
    found = []
    for line in (folder / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expected = json.loads((folder / row["expected"]).read_text(encoding="utf-8"))[row["version"]]
        body = expected["body"]
        paragraphs = list(body.get("summary") or [])
        for section in body.get("sections") or []:
            paragraphs += section.get("paragraphs") or []
        found.append((f"fundus/{row['id']}", row["publisher"], "\n".join(paragraphs)))
    return found


# -- the generator -------------------------------------------------------------------------------

CITIES = ["ISTANBUL", "BRUSSELS", "WASHINGTON", "NAIROBI", "BERLIN", "TOKYO", "SAO PAULO", "NEW DELHI", "PARIS"]
AGENCIES = ["Reuters", "AP", "AFP", "dpa", "Xinhua", "Anadolu", "EFE", "PTI"]
BOILERPLATE_END = [
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "Follow us on Facebook, Twitter and Instagram for the latest updates.",
    "© 2025 All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Reporting by staff; editing by the news desk. Our standards: The Trust Principles.",
    "Related: more stories from this section. Read more about this topic in our coverage.",
    "Have a news tip? Contact our newsroom by email or message us on WhatsApp.",
]
# Paragraphs a site adds to a wire story: context of its own, written for the benchmark (a paragraph
# from another article of the data would make that article's copies truly overlap).
ADDED = [
    "The company did not immediately respond to a request for comment from this newspaper on Tuesday evening.",
    "Our correspondent adds: local officials said they had not been informed in advance and would study "
    "the decision before commenting further on what it means for the region.",
    "This story has been updated with additional reporting and a statement from the ministry.",
    "Background: the dispute has simmered for months, with both sides accusing each other of delaying "
    "talks, and analysts say a quick resolution remains unlikely before the end of the year.",
    "Readers in the region can find a list of affected services and the latest travel advice on our "
    "website, which we will keep updated throughout the day.",
    "Hinweis der Redaktion: Dieser Artikel wurde nach Veröffentlichung um weitere Informationen ergänzt.",
]
BOILERPLATE_START = ["Advertisement", "Listen to this article · 4 min", "Share this article", "Updated"]
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "new": "fresh", "big": "large", "large": "big",
    "start": "begin", "began": "started", "help": "assist", "show": "indicate", "shows": "indicates",
    "buy": "purchase", "end": "finish", "people": "residents", "country": "nation", "government": "administration",
    "also": "additionally", "about": "around", "more": "further", "many": "numerous", "but": "however",
    "after": "following", "before": "prior to", "because": "since", "first": "initial", "week": "seven days",
    "sagte": "erklärte", "neue": "weitere", "mehr": "weitere", "dijo": "afirmó", "also,": "moreover,",
}


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s]


def republish(body: str, rng: random.Random) -> tuple[str, str]:
    """A copy of `body` as another site prints it, and the recipe applied."""
    paragraphs = [p for p in body.split("\n") if p.strip()]
    steps: list[str] = []
    if rng.random() < 0.25 and len(" ".join(paragraphs).split()) > 80:
        # truncation to a lead: the first paragraph or two (at least 40 words), a "read more" line
        keep, n = [], 0
        for p in paragraphs:
            keep.append(p)
            n += len(p.split())
            if n >= 40 and (len(keep) >= 2 or rng.random() < 0.5):
                break
        paragraphs = keep + ["Read the full story on our partner's website."]
        steps.append("lead")
    else:
        if len(paragraphs) > 3 and rng.random() < 0.5:
            cut = rng.randint(1, max(1, len(paragraphs) // 3))
            paragraphs = paragraphs[:-cut]
            steps.append(f"trim{cut}")
        if rng.random() < 0.3:
            extra = rng.choice(ADDED)
            paragraphs.insert(rng.randint(1, len(paragraphs)), extra)
            steps.append("added")
        if rng.random() < 0.4:
            k = rng.randrange(len(paragraphs))
            sentences = _sentences(paragraphs[k])
            if len(sentences) > 1:
                sentences.pop(rng.randrange(len(sentences)))
                paragraphs[k] = " ".join(sentences)
                steps.append("sentence")
    if rng.random() < 0.6:
        # light: about one word in a hundred, at least one, at most six
        swapped, length = 0, sum(len(p.split()) for p in paragraphs)
        for _ in range(rng.randint(1, max(1, min(6, length // 80)))):
            k = rng.randrange(len(paragraphs))
            tokens = paragraphs[k].split()
            spots = [i for i, t in enumerate(tokens) if t.lower() in SYNONYMS]
            if spots:
                i = rng.choice(spots)
                tokens[i] = SYNONYMS[tokens[i].lower()]
                swapped += 1
            elif len(tokens) > 3:  # no synonym known (another language): drop a word
                tokens.pop(rng.randrange(len(tokens)))
                swapped += 1
            paragraphs[k] = " ".join(tokens)
        steps.append(f"reword{swapped}")
    if rng.random() < 0.5:
        first = strip_dateline(paragraphs[0]).lstrip(" -—–")
        paragraphs[0] = f"{rng.choice(CITIES)} ({rng.choice(AGENCIES)}) - {first}"
        steps.append("dateline")
    if rng.random() < 0.3:
        paragraphs.insert(0, rng.choice(BOILERPLATE_START))
        steps.append("top")
    if rng.random() < 0.7:
        paragraphs += rng.sample(BOILERPLATE_END, rng.randint(1, 3))
        steps.append("boilerplate")
    if rng.random() < 0.2:
        # the new headline printed above the body: a few of the lead's words in another order
        head = paragraphs[0].split()[:8]
        rng.shuffle(head)
        paragraphs.insert(0, " ".join(head).capitalize())
        steps.append("headline")
    return "\n".join(paragraphs), "+".join(steps) or "same"


def corpus(aeb: Path, fundus: Path, variants: int, seed: int) -> tuple[list[Doc], int]:
    rng = random.Random(seed)
    rows = load_aeb(aeb) + load_fundus(fundus)
    usable = [(k, s, b) for k, s, b in rows if fingerprint_text(b) is not None]
    start = datetime(2025, 3, 1, tzinfo=UTC)
    docs = []
    for n, (key, site, body) in enumerate(usable):
        when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 20))
        docs.append(Doc(key, site, n, body, when, "original"))
        for v in range(variants):
            text, recipe = republish(body, rng)
            later = when + timedelta(minutes=rng.randint(5, 60 * 24))
            docs.append(Doc(f"{key}~{v}", f"copy{v}.{site}", n, text, later, recipe))
    docs.sort(key=lambda d: (d.published, d.key))
    return docs, len(rows) - len(usable)


def same_text_in_the_data(docs: list[Doc]) -> list[tuple[str, str]]:
    """Originals that are one text already (a page crawled twice): one family in the gold, decided
    by exact shingle containment ≥ 0.8, not by the system measured."""
    originals = [d for d in docs if d.kind == "original"]
    sets = {d.family: shingle_set(d.body) for d in originals}
    merged: list[tuple[str, str]] = []
    for a, b in combinations(originals, 2):
        sa, sb = sets[a.family], sets[b.family]
        if len(sa & sb) >= 0.8 * min(len(sa), len(sb)):
            merged.append((a.key, b.key))
            old, new = max(a.family, b.family), min(a.family, b.family)
            for d in docs:
                if d.family == old:
                    d.family = new
    return merged


# -- scoring -------------------------------------------------------------------------------------


def pairs_of(groups: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    return {(a, b) for g in groups for a, b in combinations(sorted(g), 2)}


def closure(n: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Groups (union-find) from duplicate edges, as the index joins them."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    found: dict[int, list[int]] = defaultdict(list)
    for x in range(n):
        found[find(x)].append(x)
    return [g for g in found.values() if len(g) > 1]


def home(doc: Doc) -> str:
    """The site of the original a document comes from (a copy's site is "copyN." + it)."""
    return doc.site.split(".", 1)[1] if doc.kind != "original" else doc.site


def score(predicted: set[tuple[int, int]], gold: set[tuple[int, int]], docs: Sequence[Doc]) -> dict[str, Any]:
    tp = len(predicted & gold)
    same_site = sum(1 for a, b in predicted - gold if home(docs[a]) == home(docs[b]))
    return {"precision": round(tp / len(predicted), 4) if predicted else 1.0,
            "recall": round(tp / len(gold), 4) if gold else 1.0,
            "false_pairs": len(predicted - gold), "false_pairs_same_site": same_site,
            "missed_pairs": len(gold - predicted)}


def normalised(body: str) -> list[str]:
    return words(strip_dateline(body.lstrip()))


def shingle_set(body: str) -> set[tuple[str, ...]]:
    tokens = normalised(body)
    return {tuple(tokens[i : i + SHINGLE_WORDS]) for i in range(max(1, len(tokens) - SHINGLE_WORDS + 1))}


def quality(docs: list[Doc], jaccard_peer: bool = True) -> dict[str, Any]:
    family: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        family[d.family].append(i)
    gold = pairs_of(list(family.values()))
    results: dict[str, Any] = {}

    t = time.perf_counter()
    index = DuplicateIndex()
    for i, d in enumerate(docs):
        fp = fingerprint_text(d.body, published=d.published)
        if fp is not None:
            index.add(i, fp)
    ours = pairs_of(list(index.groups().values()))
    results["dateline MinHash LSH"] = score(ours, gold, docs) | {"seconds": round(time.perf_counter() - t, 2)}

    t = time.perf_counter()
    by_hash: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        by_hash[hashlib.sha1(" ".join(normalised(d.body)).encode()).hexdigest()].append(i)
    results["exact hash of normalised text"] = score(pairs_of(list(by_hash.values())), gold, docs) | {
        "seconds": round(time.perf_counter() - t, 2)}

    t = time.perf_counter()
    sets = [shingle_set(d.body) for d in docs]
    # Jaccard at three thresholds, and the containment dateline estimates, computed exactly.
    peers: dict[str, list[tuple[int, int]]] = (
        {"exact Jaccard ≥ 0.3": [], "exact Jaccard ≥ 0.5": [], "exact Jaccard ≥ 0.7": [], "exact containment ≥ 0.6": []}
        if jaccard_peer else {})
    for a, b in combinations(range(len(docs)) if jaccard_peer else [], 2):
        sa, sb = sets[a], sets[b]
        shared = len(sa & sb)
        if not shared:
            continue
        j = shared / (len(sa) + len(sb) - shared)
        for threshold in (0.3, 0.5, 0.7):
            if j >= threshold:
                peers[f"exact Jaccard ≥ {threshold}"].append((a, b))
        if shared >= 0.6 * min(len(sa), len(sb)):
            peers["exact containment ≥ 0.6"].append((a, b))
    seconds = round(time.perf_counter() - t, 2)
    for name, edges in peers.items():
        results[f"{name} (all pairs)"] = score(pairs_of(closure(len(docs), edges)), gold, docs) | {"seconds": seconds}

    missed = [(docs[a], docs[b]) for a, b in sorted(gold - ours)]
    by_recipe = Counter(d.kind for pair in missed for d in pair if d.kind != "original")
    results["missed_by_recipe"] = dict(by_recipe.most_common(8))
    wrong = sorted(ours - gold)
    results["false_examples"] = [f"{docs[a].key} ~ {docs[b].key}" for a, b in wrong[:6]]
    return results


# -- speed and size ------------------------------------------------------------------------------


class Synthetic:
    """Bodies of words drawn by their frequency in the corpus: they share common words and
    phrases as news does, rarely a 5-word run; one in 20 is a near-copy of an earlier one."""

    def __init__(self, texts: Sequence[str], seed: int) -> None:
        counts = Counter(w for t in texts for w in t.split())
        self.vocab = list(counts)
        self.cumulative = list(accumulate(counts.values()))
        self.rng = random.Random(seed)
        self.made: list[str] = []

    def body(self) -> str:
        if self.made and self.rng.random() < 0.05:
            base = self.rng.choice(self.made[-5000:])
            text, _ = republish(base, self.rng)
        else:
            n = self.rng.randint(250, 650)
            drawn = self.rng.choices(self.vocab, cum_weights=self.cumulative, k=n)
            text = "\n".join(" ".join(drawn[i : i + 60]) for i in range(0, n, 60))
        self.made.append(text)
        if len(self.made) > 20000:
            del self.made[:10000]
        return text


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Clock:
    """CPU seconds of this process (per core: the machine is shared), wall seconds, and the bytes
    it read and wrote through system calls (SQLite's pages: from and to the OS cache)."""

    def __enter__(self) -> Clock:
        self.cpu, self.wall, self.io = time.process_time(), time.perf_counter(), _io()
        return self

    def __exit__(self, *_: object) -> None:
        self.cpu, self.wall = time.process_time() - self.cpu, time.perf_counter() - self.wall
        self.io = tuple(b - a for a, b in zip(self.io, _io(), strict=True))

    def rates(self, n: int, io: bool = False) -> dict[str, int]:
        found = {"per_cpu_s": round(n / self.cpu), "per_wall_s": round(n / self.wall)}
        if io:
            found |= {"kb_read": round(self.io[0] / n / 1024), "kb_written": round(self.io[1] / n / 1024)}
        return found


def _io() -> tuple[int, int]:
    try:
        with open("/proc/self/io") as f:
            fields = dict(line.split(": ") for line in f.read().splitlines())
        return int(fields["rchar"]), int(fields["wchar"])
    except OSError:  # not Linux
        return 0, 0


def speed(texts: Sequence[str], sizes: Sequence[int], queries: int, seed: int, segment: int) -> dict[str, Any]:
    from sqlalchemy import inspect, text

    from dateline.store import Store
    from dateline.store.dedup_index import assign

    gen = Synthetic(texts, seed)
    largest = max(sizes)
    with Clock() as fill_clock:
        stored = [fp for fp in (fingerprint_text(gen.body()) for _ in range(largest)) if fp is not None]
    new = [fp for fp in (fingerprint_text(b) for b in (gen.body() for _ in range(queries))) if fp is not None]
    bodies = [gen.body() for _ in range(queries)]
    with Clock() as clock:
        for body in bodies:
            fingerprint_text(body)
    out: dict[str, Any] = {"fingerprint": clock.rates(queries),
                           "fill_fingerprints_per_s": round(len(stored) / fill_clock.cpu)}

    # in memory
    gc.collect()
    before = rss_bytes()
    index = DuplicateIndex()
    done = 0
    for size in sorted(sizes):
        for k in range(done, size):
            index.add(k, stored[k])
        done = size
        memory = rss_bytes() - before
        with Clock() as check:
            for q, fp in enumerate(new):
                index.add(10**9 + size + q, fp)
        with Clock() as both:
            for q, body in enumerate(bodies):
                if (fp := fingerprint_text(body)) is not None:
                    index.add(2 * 10**9 + size + q, fp)
        out[f"memory_{size}"] = {"check_and_add": check.rates(len(new)),
                                 "fingerprint_check_add": both.rates(len(bodies)),
                                 "rss_bytes_per_article": round(memory / size)}
    del index
    gc.collect()

    # on SQLite, through the store's writer code
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dedup.db"
        with Store.open(str(path)) as store:
            now = datetime.now(UTC).isoformat()
            total = largest + 4 * queries
            with store.engine.begin() as conn:
                conn.execute(text("INSERT INTO articles (id, body, data, dateline_version, created_at, updated_at) "
                                  "VALUES (:id, '', '{}', 'bench', :t, :t)"),
                             [{"id": i, "t": now} for i in range(1, total + 1)])

            def forget() -> None:  # the queries leave again: the next run and size start clean
                with store.engine.begin() as conn:
                    conn.execute(text("DELETE FROM dedup_articles WHERE article_id > :b"), {"b": largest})
                    conn.execute(text("DELETE FROM dedup_bands WHERE article_id > :b"), {"b": largest})
                    if inspect(conn).has_table("dedup_bands_recent"):  # (not in a store before migration 0011)
                        conn.execute(text("DELETE FROM dedup_bands_recent WHERE article_id > :b"), {"b": largest})

            done = 0
            segments: dict[int, dict[str, int]] = {}  # the fill's rate over each `segment` articles
            for size in sorted(sizes):
                previous = done
                with Clock() as fill:
                    for part in range(done, size, segment):
                        with Clock() as piece:
                            for start in range(part, min(size, part + segment), 500):
                                with store.engine.begin() as conn:
                                    assign(conn, [(k + 1, stored[k]) for k in range(start, min(size, start + 500))])
                        segments[min(size, part + segment)] = piece.rates(min(size, part + segment) - part, io=True)
                done = size
                with store.engine.connect() as conn:
                    size_bytes = _table_bytes(conn)
                base = largest + (sorted(sizes).index(size) * queries)
                with Clock() as one:
                    for q, fp in enumerate(new):
                        with store.engine.begin() as conn:
                            assign(conn, [(base + q + 1, fp)])
                forget()
                batch = [(base + q + 1, fp) for q, fp in enumerate(new)]
                with Clock() as batched:
                    for start in range(0, len(batch), 500):
                        with store.engine.begin() as conn:
                            assign(conn, batch[start : start + 500])
                forget()
                with Clock() as full:  # what ingest does: fingerprints, then the batch in one transaction
                    for start in range(0, len(bodies), 500):
                        prints = [(base + q + 1, fp) for q in range(start, min(len(bodies), start + 500))
                                  if (fp := fingerprint_text(bodies[q])) is not None]
                        with store.engine.begin() as conn:
                            assign(conn, prints)
                forget()
                out[f"sqlite_{size}"] = {
                    "fingerprint_and_batches_of_500": full.rates(len(bodies), io=True),
                    "batches_of_500": batched.rates(len(new), io=True),
                    "one_per_transaction": one.rates(len(new)),
                    "fill_batches_of_500": fill.rates(size - previous, io=True),
                    "bytes_per_article": {k: round(v / size) for k, v in size_bytes.items()},
                }
    out["sqlite_fill_segments"] = segments
    return out


def _table_bytes(conn: Any) -> dict[str, int]:
    """Bytes of the dedup tables and their indexes (SQLite's dbstat), else the whole file."""
    from sqlalchemy import text

    try:
        rows = conn.execute(text("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")).all()
    except Exception:  # noqa: BLE001 - a SQLite built without dbstat
        return {}
    found = {name: int(n) for name, n in rows if "dedup" in name or "duplicate" in name}
    found["total"] = sum(found.values())
    return found


def postgres(url: str, texts: Sequence[str], size: int, queries: int, seed: int) -> dict[str, Any]:
    """The store-backed index on PostgreSQL: `size` stored, then `queries` in batches of 500 (wall
    clock: the server's work is in another process), and the tables' bytes per article."""
    from sqlalchemy import text

    from dateline.store import Store
    from dateline.store.dedup_index import assign

    gen = Synthetic(texts, seed)
    prints = [fp for fp in (fingerprint_text(gen.body()) for _ in range(size + queries)) if fp is not None]
    with Store.open(url) as store:
        now = datetime.now(UTC).isoformat()
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO articles (id, body, data, dateline_version, created_at, updated_at) "
                              "VALUES (:id, '', '{}', 'bench', :t, :t)"), [{"id": i + 1, "t": now} for i in range(len(prints))])
        for start in range(0, size, 500):
            with store.engine.begin() as conn:
                assign(conn, [(k + 1, prints[k]) for k in range(start, min(size, start + 500))])
        with store.engine.connect() as conn:
            stored = {name: int(conn.execute(text(f"SELECT coalesce(pg_total_relation_size(to_regclass('{name}')), 0)"))
                                .scalar_one())
                      for name in ("dedup_articles", "dedup_bands", "dedup_bands_recent", "duplicate_groups")}
        t = time.perf_counter()
        for start in range(size, len(prints), 500):
            with store.engine.begin() as conn:
                assign(conn, [(k + 1, prints[k]) for k in range(start, min(len(prints), start + 500))])
        seconds = time.perf_counter() - t
    return {f"postgresql_{size}": {"batches_of_500_per_wall_s": round((len(prints) - size) / seconds),
                                   "bytes_per_article": {k: round(v / size) for k, v in stored.items()}
                                   | {"total": round(sum(stored.values()) / size)}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("aeb", type=Path)
    parser.add_argument("fundus", type=Path)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--segment", type=int, default=10_000,
                        help="report the SQLite fill's rate over each this many articles")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--no-jaccard", action="store_true", help="leave out the all-pairs Jaccard peer (slow)")
    parser.add_argument("--pg", help="an empty PostgreSQL database (URL) to measure the store-backed index on too")
    args = parser.parse_args()

    docs, skipped = corpus(args.aeb, args.fundus, args.variants, args.seed)
    merged = same_text_in_the_data(docs)
    print(f"originals that are one text in the data (one family in the gold): {merged}")
    originals = sum(d.kind == "original" for d in docs)
    sites = Counter(d.site for d in docs if d.kind == "original")
    hard = sum(n * (n - 1) // 2 for n in sites.values())
    by_home: dict[str, Counter[int]] = defaultdict(Counter)
    for d in docs:
        by_home[home(d)][d.family] += 1
    hard_all = sum((sum(c.values()) ** 2 - sum(n * n for n in c.values())) // 2 for c in by_home.values())
    print(f"{originals} originals ({skipped} bodies under MIN_WORDS left out), {len(docs) - originals} copies; "
          f"hard negatives: {hard} same-site pairs of different originals, {hard_all} counting their copies")
    results = quality(docs, jaccard_peer=not args.no_jaccard)
    print(f"{'system':<40} {'precision':>9} {'recall':>7} {'false':>6} {'same-site':>9} {'missed':>6} {'s':>6}")
    for system, r in results.items():
        if isinstance(r, dict) and "precision" in r:
            print(f"{system:<40} {r['precision']:>9.4f} {r['recall']:>7.4f} {r['false_pairs']:>6} "
                  f"{r['false_pairs_same_site']:>9} {r['missed_pairs']:>6} {r['seconds']:>6}")
    print("missed pairs by the copy's recipe:", results["missed_by_recipe"])
    print("false pairs (first):", results["false_examples"])
    figures: dict[str, Any] = {"originals": originals, "copies": len(docs) - originals, "quality": results}
    if not args.no_speed:
        sizes = [int(s) for s in args.sizes.split(",")]
        texts = [d.body for d in docs if d.kind == "original"]
        figures["speed"] = speed(texts, sizes, args.queries, args.seed, args.segment)
        if args.pg:
            figures["speed"] |= postgres(args.pg, texts, min(sizes), args.queries, args.seed)
        for key, value in figures["speed"].items():
            print(f"{key}: {value}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
