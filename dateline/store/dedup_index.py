"""The near-duplicate index in the store: what the "stories" stage's writer (store/story_index.py)
does first with each article's fingerprint (stories/dedup.py), which puts every new article in the
duplicate group of the stored articles it duplicates; and the reads and the full pass over it.

Per batch, in the transaction that stores the articles (so a resumed or a concurrent ingest sees
every article committed before it): the batch's LSH bucket keys are looked up in `dedup_bands` and
the levels of `dedup_bands_recent` (indexed equality: one `= ANY(array)` query probing the primary
key on PostgreSQL, an `IN` per 500 keys and table on SQLite; the cost grows with the candidates, not
with the store),
the candidates' fingerprints read, and each article of the batch, in order, joins the groups of
the stored or earlier-in-the-batch articles it duplicates (`dedup.THRESHOLD`); groups it bridges
are merged into the smallest id. The touched groups' original, size and wire count are then counted
again from their members. The batch's band rows go in last (how they are kept: see "The band rows"
below).

`rebuild` is the full pass: every stored fingerprint indexed again from scratch in the order the
articles were published (after `reprocess --stage stories`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, exists, select, update

from ..model import DuplicateGroup, DuplicateMember
from ..stories.dedup import THRESHOLD, DuplicateIndex, Fingerprint, band_keys, pick_original, similarity
from .encode import utc
from .schema import articles, dedup_articles, dedup_bands, duplicate_groups
from .sql import chunks


@dataclass
class _Entry:
    fingerprint: Fingerprint
    group_id: int | None


def _entries(conn: Connection, ids: Iterable[int]) -> dict[int, _Entry]:
    found: dict[int, _Entry] = {}
    d = dedup_articles.c
    for chunk in chunks(sorted(set(ids))):
        for row in conn.execute(select(d.article_id, d.signature, d.lead, d.shingles, d.wire, d.group_id)
                                .where(d.article_id.in_(chunk))):
            found[row.article_id] = _Entry(Fingerprint(bytes(row.signature), bytes(row.lead), row.shingles, row.wire),
                                           row.group_id)
    return found


def assign(conn: Connection, prints: Sequence[tuple[int, Fingerprint]]) -> None:
    """Index these articles' fingerprints and put each in the group of what it duplicates."""
    if conn.dialect.name == "sqlite":
        _widen_cache(conn)
    keys = {aid: sorted(set(band_keys(fp))) for aid, fp in prints}
    bucket: dict[int, list[int]] = defaultdict(list)
    for key, aid in _find_bands(conn, sorted({k for ks in keys.values() for k in ks})):
        bucket[key].append(aid)
    known = _entries(conn, {aid for ids in bucket.values() for aid in ids})
    stored_ids = set(known)
    merged_into: dict[int, int] = {}  # group id → the group it was merged into

    def current(group: int) -> int:
        while group in merged_into:
            group = merged_into[group]
        return group

    joined: dict[int, float | None] = {}
    touched: set[int] = set()
    for aid, fp in prints:
        candidates = {c for key in keys[aid] for c in bucket.get(key, ()) if c in known and c != aid}
        found = [(c, s) for c in candidates if (s := similarity(fp, known[c].fingerprint)) >= THRESHOLD]
        group: int | None = None
        if found:
            groups = {current(known[c].group_id or c) for c, _ in found}
            group = min(groups)
            touched.update(groups)
            for other in groups - {group}:
                merged_into[other] = group
            for c, _ in found:
                if known[c].group_id is None:
                    known[c].group_id = group
                    joined.setdefault(c, None)  # a stored article that founds a group
        known[aid] = _Entry(fp, group)
        joined[aid] = max((s for _, s in found), default=None)
        for key in keys[aid]:
            bucket[key].append(aid)

    new_ids = {aid for aid, _ in prints}
    conn.execute(dedup_articles.insert(), [
        {"article_id": aid, "signature": fp.signature, "lead": fp.lead, "shingles": fp.shingles, "wire": fp.wire,
         "group_id": current(g) if (g := known[aid].group_id) is not None else None, "similarity": joined[aid]}
        for aid, fp in prints])
    _insert_bands(conn, [(k, aid) for aid, ks in keys.items() for k in ks])
    founders = [{"b_id": c, "b_group": current(known[c].group_id or c)}
                for c in joined if c in stored_ids and c not in new_ids]
    if founders:
        conn.execute(update(dedup_articles).where(dedup_articles.c.article_id == bindparam("b_id"))
                     .values(group_id=bindparam("b_group")), founders)
    renamed = {old: current(old) for old in merged_into}
    for old, new in renamed.items():
        conn.execute(update(dedup_articles).where(dedup_articles.c.group_id == old).values(group_id=new))
    refresh_groups(conn, {current(g) for g in touched} | set(renamed))


# The band rows, 56 an article, go through the driver: SQLAlchemy's per-row parameter handling
# would cost more than the SQL. PostgreSQL takes them as arrays in one statement (psycopg's
# executemany sends a statement per row); SQLite's executemany is a loop in C.
#
# Their keys are random, so in one B-tree a batch's rows land on most of its pages once the store
# holds some 10,000 articles, and each batch writes all those pages again (on SQLite to the WAL and
# then at the checkpoint): the cost of an article grew with the store. So the rows are a
# log-structured merge. A batch goes in at level 0 of `dedup_bands_recent` (the level leads its
# primary key: a level is a range of pages of its own). A level past RECENT_ROWS × LEVEL_RATIO^level
# rows moves, in key order, into the next level, or into `dedup_bands` when the next level would
# be as large as that table. Each page a move writes then takes many rows, and a row is moved once
# per level, so its cost grows with the log of the store, not with the store. A look-up reads every
# level and `dedup_bands`. The moves run in the batch's transaction: at every commit a row is in
# exactly one place, whatever other writers do. Rows go in "or ignore": a row left behind by a
# deleted article (see schema.py) may meet the same (key, id) again where ids are reused (SQLite).

INDEX_CACHE_KB = 64 * 1024  # the SQLite page cache of a connection that writes the index
RECENT_ROWS = 100_000  # level 0's size: ~1,800 articles, a few MB that stay in the page cache
LEVEL_RATIO = 4  # each level holds this many times the one before it
SAMPLE = 1024  # rows read to estimate a level's size


def _widen_cache(conn: Connection) -> None:
    """A larger page cache for this connection (SQLite's default is 2 MB), never a smaller one; once
    per database connection (the pool keeps it)."""
    info = conn.connection.info
    if info.get("dedup_cache"):
        return
    pages = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
    page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 4096)
    if (-pages if pages < 0 else pages * page_size // 1024) < INDEX_CACHE_KB:
        conn.exec_driver_sql(f"PRAGMA cache_size = -{INDEX_CACHE_KB}")
    info["dedup_cache"] = True


def _levels(conn: Connection) -> list[int]:
    """The levels of `dedup_bands_recent` that may hold rows (the top one from the primary key)."""
    top = conn.exec_driver_sql("SELECT max(level) FROM dedup_bands_recent").scalar()
    return [] if top is None else list(range(int(top) + 1))


def _find_bands(conn: Connection, keys: Sequence[int]) -> list[tuple[int, int]]:
    """The (band_key, article_id) rows under these keys, in either table."""
    levels = _levels(conn)
    if conn.dialect.name == "postgresql":
        # For a batch's ~28,000 keys the planner would scan the whole table (in parallel, hashing
        # the keys), a cost that grows with the store, where probing the primary key for each key
        # (sorted) is 3-4x faster at 100,000 articles; only for this query (SET LOCAL: this
        # transaction; a failure rolls it back).
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = [(k, a) for k, a in conn.exec_driver_sql(
            "SELECT band_key, article_id FROM dedup_bands WHERE band_key = ANY(%(k)s) UNION ALL "
            "SELECT band_key, article_id FROM dedup_bands_recent WHERE level = ANY(%(l)s) AND band_key = ANY(%(k)s)",
            {"k": list(keys), "l": levels})]
        conn.exec_driver_sql("SET LOCAL enable_seqscan TO DEFAULT")
        return rows
    found: list[tuple[int, int]] = []
    for chunk in chunks(list(keys)):
        marks = ",".join("?" * len(chunk))
        found += [(k, a) for k, a in conn.exec_driver_sql(
            f"SELECT band_key, article_id FROM dedup_bands WHERE band_key IN ({marks})", tuple(chunk))]
        if levels:
            found += [(k, a) for k, a in conn.exec_driver_sql(
                f"SELECT band_key, article_id FROM dedup_bands_recent "
                f"WHERE level IN ({','.join(map(str, levels))}) AND band_key IN ({marks})", tuple(chunk))]
    return found


def _insert_bands(conn: Connection, rows: list[tuple[int, int]]) -> None:
    """The batch's rows into level 0, then each level past its size moved on."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("INSERT INTO dedup_bands_recent (level, band_key, article_id) "
                             "SELECT 0, * FROM unnest(%s::bigint[], %s::integer[]) ON CONFLICT DO NOTHING",
                             ([k for k, _ in rows], [a for _, a in rows]))
    else:
        conn.exec_driver_sql("INSERT OR IGNORE INTO dedup_bands_recent (level, band_key, article_id) "
                             "VALUES (0, ?, ?)", sorted(rows))
    level = 0
    while _rows(conn, level) >= RECENT_ROWS * LEVEL_RATIO**level:
        if RECENT_ROWS * LEVEL_RATIO ** (level + 1) > _rows(conn, None):
            _move(conn, level, None)
            return
        _move(conn, level, level + 1)
        level += 1


def _rows(conn: Connection, level: int | None) -> int:
    """About how many rows a level holds (None: `dedup_bands`). The keys are spread evenly over the
    64-bit range, so the SAMPLE-th smallest tells the count (within ~3 %) for SAMPLE rows read,
    whatever the size; fewer rows than that are counted."""
    source = "dedup_bands" if level is None else f"dedup_bands_recent WHERE level = {int(level)}"
    key = conn.exec_driver_sql(f"SELECT band_key FROM {source} ORDER BY band_key LIMIT 1 OFFSET {SAMPLE - 1}").scalar()
    if key is None:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {source}").scalar_one())
    return round(SAMPLE * 2.0**64 / (int(key) + 2**63 + 1))


def _move(conn: Connection, level: int, to: int | None) -> None:
    """A level's rows, in key order, into level `to` (None: `dedup_bands`)."""
    target = ("dedup_bands (band_key, article_id) SELECT band_key, article_id" if to is None else
              f"dedup_bands_recent (level, band_key, article_id) SELECT {int(to)}, band_key, article_id")
    rows = f"FROM dedup_bands_recent WHERE level = {int(level)} ORDER BY band_key, article_id"
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"INSERT INTO {target} {rows} ON CONFLICT DO NOTHING")
    else:
        conn.exec_driver_sql(f"INSERT OR IGNORE INTO {target} {rows}")
    conn.exec_driver_sql(f"DELETE FROM dedup_bands_recent WHERE level = {int(level)}")


def _delete_bands(conn: Connection, rows: list[tuple[int, int]]) -> None:
    if not rows:
        return
    levels = _levels(conn)
    if conn.dialect.name == "postgresql":
        args = ([k for k, _ in rows], [a for _, a in rows])
        conn.exec_driver_sql("DELETE FROM dedup_bands WHERE (band_key, article_id) IN "
                             "(SELECT * FROM unnest(%s::bigint[], %s::integer[]))", args)
        if levels:
            conn.exec_driver_sql("DELETE FROM dedup_bands_recent WHERE level = ANY(%s) AND (band_key, article_id) IN "
                                 "(SELECT * FROM unnest(%s::bigint[], %s::integer[]))", (levels, *args))
        return
    conn.exec_driver_sql("DELETE FROM dedup_bands WHERE band_key = ? AND article_id = ?", rows)
    if levels:
        conn.exec_driver_sql(f"DELETE FROM dedup_bands_recent WHERE level IN ({','.join(map(str, levels))}) "
                             "AND band_key = ? AND article_id = ?", rows)


def remove(conn: Connection, article_ids: Sequence[int]) -> None:
    """Take these articles out of the index and their groups (a group left with one member is dissolved)."""
    gone = _entries(conn, article_ids)
    if not gone:
        return
    _delete_bands(conn, [(k, aid) for aid, e in gone.items() for k in set(band_keys(e.fingerprint))])
    for chunk in chunks(sorted(gone)):
        conn.execute(delete(dedup_articles).where(dedup_articles.c.article_id.in_(chunk)))
    refresh_groups(conn, {e.group_id for e in gone.values() if e.group_id is not None})


def refresh_groups(conn: Connection, group_ids: Iterable[int]) -> None:
    """Each group's original, size and wire count from its members; a group of fewer than two is gone."""
    now = datetime.now(UTC)
    d = dedup_articles.c
    for chunk in chunks(sorted(set(group_ids))):
        members: dict[int, list[Any]] = defaultdict(list)
        for row in conn.execute(select(d.group_id, d.article_id, d.shingles, d.wire, articles.c.published_at)
                                .join(articles, articles.c.id == d.article_id).where(d.group_id.in_(chunk))):
            members[row.group_id].append(row)
        conn.execute(delete(duplicate_groups).where(duplicate_groups.c.id.in_(chunk)))
        lone = [rows[0].article_id for rows in members.values() if len(rows) == 1]
        if lone:
            conn.execute(update(dedup_articles).where(d.article_id.in_(lone)).values(group_id=None, similarity=None))
        rows = [_group_row(gid, ms, now) for gid, ms in members.items() if len(ms) > 1]
        if rows:
            conn.execute(duplicate_groups.insert(), rows)


def _group_row(group_id: int, members: Sequence[Any], now: datetime) -> dict[str, Any]:
    original = pick_original((m.article_id, utc(m.published_at), m.shingles) for m in members)
    return {"id": group_id, "original_id": original, "size": len(members),
            "wire_count": sum(m.wire is not None for m in members), "updated_at": now}


# -- reads ------------------------------------------------------------------------------------------


def group_of(conn: Connection, article_id: int) -> DuplicateGroup | None:
    """The duplicate group of an article, members original first then by id; None when it has no duplicate."""
    d = dedup_articles.c
    group_id = conn.execute(select(d.group_id).where(d.article_id == article_id)).scalar()
    if group_id is None:
        return None
    group = conn.execute(select(duplicate_groups).where(duplicate_groups.c.id == group_id)).mappings().first()
    if group is None:
        return None
    rows = conn.execute(select(d.article_id, d.similarity, d.wire).where(d.group_id == group_id)
                        .order_by(d.article_id)).all()
    members = [DuplicateMember(r.article_id, r.similarity, r.wire) for r in rows]
    members.sort(key=lambda m: m.article_id != group["original_id"])
    return DuplicateGroup(id=group_id, original_id=group["original_id"], members=members)


# -- the full pass ----------------------------------------------------------------------------------


def rebuild(conn: Connection) -> int:
    """Group every stored fingerprint again from scratch, articles in the order they were published
    (then by id); returns how many groups there are. Holds every fingerprint in memory once."""
    d = dedup_articles.c
    index = DuplicateIndex()
    joined: dict[int, float] = {}
    query = (select(d.article_id, d.signature, d.lead, d.shingles, d.wire, articles.c.published_at)
             .join(articles, articles.c.id == d.article_id)
             .order_by(articles.c.published_at.asc().nulls_last(), d.article_id))
    for row in conn.execute(query):
        fp = Fingerprint(bytes(row.signature), bytes(row.lead), row.shingles, row.wire, utc(row.published_at))
        found = index.add(row.article_id, fp)
        if found:
            joined[row.article_id] = found[0].similarity
    groups = index.groups()
    now = datetime.now(UTC)
    conn.execute(update(dedup_articles).values(group_id=None, similarity=None))
    conn.execute(delete(duplicate_groups))
    placed = [{"b_id": aid, "b_group": gid, "b_similarity": joined.get(aid)}
              for gid, members in groups.items() for aid in members]
    if placed:
        conn.execute(update(dedup_articles).where(d.article_id == bindparam("b_id"))
                     .values(group_id=bindparam("b_group"), similarity=bindparam("b_similarity")), placed)
        conn.execute(duplicate_groups.insert(), [
            {"id": gid, "original_id": index.original(members), "size": len(members),
             "wire_count": sum(index.get(m).wire is not None for m in members), "updated_at": now}
            for gid, members in groups.items()])
    # Every level into `dedup_bands` (a full pass is a clear moment for it), then the buckets of
    # articles deleted since they were indexed.
    for level in reversed(_levels(conn)):
        _move(conn, level, None)
    conn.execute(delete(dedup_bands).where(~exists().where(d.article_id == dedup_bands.c.article_id)))
    return len(groups)

