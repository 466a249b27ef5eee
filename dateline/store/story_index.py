"""Stories in the store: the writer of the "stories" stage, which puts each new article in its
duplicate group (store/dedup_index.py) and then in its story (stories/cluster.py), and the full
pass that clusters every stored article again.

Per batch, in the transaction that stores the articles: the clusterer's state is read from
`story_state` (kept in this process between batches while its stamp is unchanged, so only a
concurrent writer's batch costs a read), the batch's articles are assigned in order, memberships are
written and renamed where stories merged or split, every touched story's row (title, summary, span,
outlets, actors, places, counts) is computed again from its members, and the state is saved under a
new stamp. Stories nobody wrote about for `FORGET_AFTER_FADES` fading periods are
dropped from the state (they stay in the store), so the state and each batch's cost stay bounded.
"""

from __future__ import annotations

import itertools
import logging
import pickle
import secrets
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, update

from ..stories.cluster import Assignment, ClusterSettings, ClusterState, StoryArticle, assign
from ..stories.dedup import Fingerprint, strip_dateline
from ..stories.inputs import StoryInput
from ..stories.summary import summarize
from . import dedup_index
from .encode import utc
from .schema import articles, dedup_articles, stories, story_articles, story_merges, story_state
from .sql import chunks
from .stage_writers import StageOutput, register_stage_writer

STATE_NAME = "cluster"
STATE_FORMAT = 2  # raise it whenever ClusterState's fields change: an older pickle is then not read
FORGET_AFTER_FADES = 2  # a story faded this many times over is dropped from the state
SUMMARY_MEMBERS = 60  # a story's row is computed from its latest members (counts from all)
LEAD_CHARS = 1500  # of each member's body: enough for its lead sentences

log = logging.getLogger(__name__)

SAVE_EVERY_S = 30.0  # a writer saves the state at most this often (and when its store closes)
REPLAY_WINDOW = timedelta(days=1)  # how far before a save a reader looks for assignments it lacks

# This process's copy of each store's state, keyed by the database's URL.
_CACHE: dict[str, _Held] = {}


class StoriesWriter:
    """Stores each article's duplicate group and story; holds only settings, so a writer process
    can unpickle it."""

    def __init__(self, settings: ClusterSettings | None = None) -> None:
        self.settings = settings or ClusterSettings()

    def write(self, conn: Connection, outputs: Sequence[StageOutput]) -> None:
        # A bare fingerprint is what version 1 of the stage gave: a story found on the words alone.
        inputs = [(o.article_id, o.output if isinstance(o.output, StoryInput) else StoryInput(o.output))
                  for o in outputs if isinstance(o.output, StoryInput | Fingerprint)]
        prints = [(aid, i.fingerprint) for aid, i in inputs if i.fingerprint is not None]
        if prints:
            dedup_index.assign(conn, prints)
        if inputs:
            cluster(conn, inputs, self.settings)

    def delete(self, conn: Connection, article_ids: Sequence[int]) -> None:
        dedup_index.remove(conn, article_ids)
        leave(conn, article_ids)


def _story_article(article_id: int, title: str | None, body: str | None, site: str | None,
                   published: datetime | None, group: int | None, actors: Iterable[str] = (),
                   places: Iterable[str] = (), event_keys: Iterable[str] = (), language: str | None = None
                   ) -> StoryArticle:
    """What clustering and the summary read of a stored article. The dateline prefix is left out:
    every story filed from one city that day shares it, and a summary's sentences read better without."""
    return StoryArticle(id=str(article_id), title=title or "", body=strip_dateline(body or "").lstrip(" -–—:"),
                        published=utc(published), site=site or "", actors=tuple(actors), places=tuple(places),
                        event_keys=tuple(event_keys), duplicate_group=str(group) if group is not None else None,
                        language=language)


# -- the state ----------------------------------------------------------------------------------------
# Saving the state costs time that grows with it (term counts, the open stories), so a writer saves
# it at most every SAVE_EVERY_S seconds and when its store closes, not after every batch. A writer
# that reads a saved state (a new process, or another writer saved since) first puts back what the
# state lacks: the articles given a story in the day before that save which it does not know
# (another writer's, or this one's before a crash), clustered again in the order they arrived.


@dataclass
class _Held:
    stamp: int | None            # of the save this copy started from (None: nothing saved yet)
    state: ClusterState
    dirty: bool = False          # holds assignments not saved yet
    saved: float = field(default_factory=time.monotonic)


def _cache_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _stored_stamp(conn: Connection) -> int | None:
    # On PostgreSQL the row stays locked until the transaction ends: two writers take turns.
    query = select(story_state.c.generation).where(story_state.c.name == STATE_NAME)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return conn.execute(query).scalar()


def held_state(conn: Connection, settings: ClusterSettings) -> _Held:
    """This process's copy of the store's state, read again when another writer saved since."""
    stamp = _stored_stamp(conn)
    held = _CACHE.get(_cache_key(conn.engine))
    if held is not None and held.stamp == stamp:
        return held
    held = _Held(stamp, ClusterState())
    if stamp is not None:
        row = conn.execute(select(story_state.c.state, story_state.c.updated_at)
                           .where(story_state.c.name == STATE_NAME)).one()
        held.state = _unpickle(bytes(row.state))
        _replay(conn, held, utc(row.updated_at) or datetime.now(UTC), settings)
    _CACHE[_cache_key(conn.engine)] = held
    return held


def _unpickle(data: bytes) -> ClusterState:
    try:
        version, state = pickle.loads(zlib.decompress(data))
    except Exception:  # noqa: BLE001 - whatever unpickling raises: the state is unreadable
        version, state = None, None
    if version != STATE_FORMAT or not isinstance(state, ClusterState):
        # Written by another dateline version: clustering starts afresh; the full pass puts the
        # stored articles back into their stories.
        log.warning("the stored story clustering state was written by another dateline version and is not "
                    "used: new articles open new stories; run `dateline reprocess --stage stories` to "
                    "cluster every stored article again")
        return ClusterState()
    return state


def _replay(conn: Connection, held: _Held, saved_at: datetime, settings: ClusterSettings) -> None:
    s = story_articles.c
    recent = conn.execute(select(s.article_id).where(s.assigned_at >= saved_at - REPLAY_WINDOW)
                          .order_by(s.assigned_at, s.article_id)).scalars().all()
    missing = [aid for aid in recent if str(aid) not in held.state.story_of_article]
    if not missing:
        return
    given = {}
    for chunk in chunks(missing):
        for row in conn.execute(select(s.article_id, s.actors, s.places, s.event_keys).where(s.article_id.in_(chunk))):
            given[row.article_id] = StoryInput(None, tuple(row.actors or ()), tuple(row.places or ()),
                                               tuple(row.event_keys or ()))
    _assign_and_store(conn, held, [(aid, given[aid]) for aid in missing if aid in given], settings)


def save_state(conn: Connection, held: _Held) -> None:
    """Store the state under a new random stamp: a writer whose copy has another stamp reads it
    again (a concurrent writer's save, or a database made anew at the same address)."""
    data = zlib.compress(pickle.dumps((STATE_FORMAT, held.state), protocol=pickle.HIGHEST_PROTOCOL), 1)
    now = datetime.now(UTC)
    new_stamp = secrets.randbits(31)
    if held.stamp is None:
        conn.execute(delete(story_state).where(story_state.c.name == STATE_NAME))
        conn.execute(story_state.insert().values(name=STATE_NAME, generation=new_stamp, state=data, updated_at=now))
    else:
        conn.execute(update(story_state).where(story_state.c.name == STATE_NAME)
                     .values(generation=new_stamp, state=data, updated_at=now))
    # Should this transaction roll back, the stored stamp differs from this one and the next
    # batch reads the saved state again, replaying what it lacks.
    held.stamp, held.dirty, held.saved = new_stamp, False, time.monotonic()


def pending(engine: Engine) -> bool:
    """Whether this process holds assignments for that store that are not saved yet."""
    held = _CACHE.get(_cache_key(engine))
    return held is not None and held.dirty


def flush(conn: Connection) -> None:
    """Save this process's copy of the state if it holds unsaved assignments (a store closing)."""
    held = _CACHE.get(_cache_key(conn.engine))
    if held is not None and held.dirty and held.stamp == _stored_stamp(conn):
        save_state(conn, held)


def forget_cached_state() -> None:
    """Drop this process's copies of the state (a new process would not have them)."""
    _CACHE.clear()


# -- the online pass ----------------------------------------------------------------------------------


def _story_articles(conn: Connection, inputs: Sequence[tuple[int, StoryInput]]) -> list[StoryArticle]:
    ids = [aid for aid, _ in inputs]
    rows: dict[int, Any] = {}
    groups: dict[int, int] = {}
    for chunk in chunks(sorted(set(ids))):
        a = articles.c
        for stored in conn.execute(select(a.id, a.title, a.body, a.site, a.published_at, a.language).where(a.id.in_(chunk))):
            rows[stored.id] = stored
        for aid, gid in conn.execute(select(dedup_articles.c.article_id, dedup_articles.c.group_id)
                                     .where(dedup_articles.c.article_id.in_(chunk))):
            if gid is not None:
                groups[aid] = gid
    found = []
    for aid, given in inputs:
        row = rows.get(aid)
        if row is None:
            continue
        group = groups.get(aid)
        found.append(_story_article(aid, row.title, row.body, row.site, row.published_at, group,
                                    given.actors, given.places, given.event_keys, row.language))
    return found


def _publication_order(article: StoryArticle) -> tuple[bool, datetime, int]:
    """Published first, then by id (as the full pass orders them); an undated article last."""
    when = article.published
    return (when is None, when or datetime.min.replace(tzinfo=UTC), int(article.id))


def cluster(conn: Connection, inputs: Sequence[tuple[int, StoryInput]], settings: ClusterSettings) -> None:
    """Put these stored articles, in publication order, into stories, and keep the stories' rows current."""
    held = held_state(conn, settings)
    _assign_and_store(conn, held, inputs, settings)
    if held.stamp is None or time.monotonic() - held.saved >= SAVE_EVERY_S:
        save_state(conn, held)


def _assign_and_store(conn: Connection, held: _Held, inputs: Sequence[tuple[int, StoryInput]],
                      settings: ClusterSettings) -> None:
    state = held.state
    # In publication order: a story is told forwards, and a batch of an archive crawled newest
    # first would otherwise meet each follow-up before the article it follows.
    batch = sorted(_story_articles(conn, inputs), key=_publication_order)
    for article in batch:
        # A copy of an article clustered before the copy existed: its group is named after an
        # article (dedup_index), whose story the copy joins.
        group = article.duplicate_group
        if group is not None and group not in state.story_of_group and group in state.story_of_article:
            state.story_of_group[group] = state.story_of_article[group]
    known_merges = len(state.merged_into)
    done = assign(batch, state, settings)
    held.dirty = True
    # Merges are recorded in the order they happen: the batch's are the last ones.
    new_merges = list(itertools.islice(state.merged_into, known_merges, None))
    _write_memberships(conn, done, dict(inputs), state, new_merges)
    latest = max((a.published for a in batch if a.published is not None), default=None)
    if latest is not None:
        state.forget_before(latest - timedelta(days=settings.fade_days * FORGET_AFTER_FADES))


def _current(state: ClusterState, article_id: str) -> str:
    return state.story_id(state.story_of_article[article_id])


def _write_memberships(conn: Connection, done: Sequence[Assignment], given: dict[int, StoryInput],
                       state: ClusterState, new_merges: Sequence[str]) -> None:
    """Store where the batch's articles are now, and bring the stored memberships in line with
    what the batch changed in the state: stories merged (every member follows, and so do links
    to the old id) and members a regrouping moved (only ever among its topic's latest members)."""
    ids = [int(a.article_id) for a in done]
    for chunk in chunks(ids):
        conn.execute(delete(story_articles).where(story_articles.c.article_id.in_(chunk)))
    now = datetime.now(UTC)
    conn.execute(story_articles.insert(), [
        {"article_id": aid, "story_id": _current(state, str(aid)), "similarity": a.similarity, "assigned_at": now,
         "actors": list(given[aid].actors), "places": list(given[aid].places),
         "event_keys": list(given[aid].event_keys)} for a, aid in zip(done, ids, strict=True)])
    touched = {_current(state, a.article_id) for a in done}
    for old in new_merges:
        new_id = state.story_id(old)
        conn.execute(update(story_articles).where(story_articles.c.story_id == old).values(story_id=new_id))
        conn.execute(update(story_merges).where(story_merges.c.story_id == old).values(story_id=new_id))
        conn.execute(delete(story_merges).where(story_merges.c.old_id.in_([old, new_id])))
        conn.execute(story_merges.insert().values(old_id=old, story_id=new_id))
        touched.update((old, new_id))
    window: set[str] = set()
    for story_id in list(touched):
        story = state.stories.get(story_id)
        topic = state.topics.get(story.topic) if story is not None else None
        if topic is not None:
            window.update(m.article_id for m in topic.window if m.article_id in state.story_of_article)
    s = story_articles.c
    for chunk in chunks(sorted(int(aid) for aid in window)):
        for aid, stored in conn.execute(select(s.article_id, s.story_id).where(s.article_id.in_(chunk))).all():
            now_in = _current(state, str(aid))
            if stored != now_in:
                conn.execute(update(story_articles).where(s.article_id == aid).values(story_id=now_in))
                touched.update((stored, now_in))
    refresh_stories(conn, sorted(touched))


def leave(conn: Connection, article_ids: Sequence[int]) -> None:
    """Take these articles out of their stories (the state keeps them: an article stored again
    keeps its story); the stories' rows are computed again, an emptied story is deleted."""
    touched: set[str] = set()
    for chunk in chunks(sorted(set(article_ids))):
        touched.update(conn.execute(select(story_articles.c.story_id)
                                    .where(story_articles.c.article_id.in_(chunk))).scalars())
        conn.execute(delete(story_articles).where(story_articles.c.article_id.in_(chunk)))
    refresh_stories(conn, sorted(touched))


# -- the stories' rows --------------------------------------------------------------------------------


def refresh_stories(conn: Connection, story_ids: Iterable[str]) -> None:
    """Compute each story's row again from its members (the latest SUMMARY_MEMBERS of them for the
    title and summary, all of them for the counts); a story without members is deleted."""
    now = datetime.now(UTC)
    s, a = story_articles.c, articles.c
    for chunk in chunks(sorted(set(story_ids))):
        counts: dict[str, int] = dict(conn.execute(select(s.story_id, func.count()).where(s.story_id.in_(chunk))
                                   .group_by(s.story_id)).all())
        members: dict[str, list[StoryArticle]] = defaultdict(list)
        query = (select(s.story_id, s.article_id, s.actors, s.places, a.title, func.substr(a.body, 1, LEAD_CHARS),
                        a.site, a.published_at, dedup_articles.c.group_id)
                 .join(articles, a.id == s.article_id)
                 .outerjoin(dedup_articles, dedup_articles.c.article_id == s.article_id)
                 .where(s.story_id.in_(chunk))
                 .order_by(s.story_id, a.published_at.desc().nulls_last(), s.article_id.desc()))
        for row in conn.execute(query):
            if len(members[row[0]]) < SUMMARY_MEMBERS:
                members[row[0]].append(_story_article(row[1], row[4], row[5], row[6], row[7], row[8],
                                                      row[2] or (), row[3] or ()))
        conn.execute(delete(stories).where(stories.c.id.in_(chunk)))
        rows = [_story_row(story_id, list(reversed(found)), counts[story_id], conn, now)
                for story_id, found in members.items()]
        if rows:
            conn.execute(stories.insert(), rows)


def _unique_count(conn: Connection, story_id: str) -> int:
    """Members, a duplicate group counting once: those in no group, and one per group."""
    s, d = story_articles.c, dedup_articles.c
    return conn.execute(select(func.count() - func.count(d.group_id) + func.count(func.distinct(d.group_id)))
                        .select_from(story_articles.outerjoin(dedup_articles, s.article_id == d.article_id))
                        .where(s.story_id == story_id)).scalar() or 0


def _story_row(story_id: str, members: list[StoryArticle], count: int, conn: Connection,
               now: datetime) -> dict[str, Any]:
    summary = summarize(members)
    unique = summary.unique_articles if count <= len(members) else _unique_count(conn, story_id)
    return {"id": story_id, "title": summary.title, "summary": summary.summary,
            "first_published": summary.first_published, "last_published": summary.last_published,
            "article_count": count, "unique_count": unique, "outlets": list(summary.outlets),
            "actors": list(summary.actors), "places": list(summary.places),
            "search_text": f"{summary.title}\n{summary.summary}".casefold(), "updated_at": now}


# -- the full pass --------------------------------------------------------------------------------------


def rebuild(conn: Connection, settings: ClusterSettings | None = None) -> int:
    """Cluster every stored article again from scratch, in the order they were published (then by
    id), from the marks stored with each membership; returns how many stories there are."""
    settings = settings or ClusterSettings()
    s, a = story_articles.c, articles.c
    query = (select(a.id, a.title, a.body, a.site, a.published_at, a.language, s.actors, s.places, s.event_keys,
                    dedup_articles.c.group_id)
             .join(story_articles, s.article_id == a.id)
             .outerjoin(dedup_articles, dedup_articles.c.article_id == a.id)
             .order_by(a.published_at.asc().nulls_last(), a.id))
    state = ClusterState()
    placed: dict[int, tuple[str, float]] = {}
    for row in conn.execute(query):
        article = _story_article(row.id, row.title, row.body, row.site, row.published_at, row.group_id,
                                 row.actors or (), row.places or (), row.event_keys or (), row.language)
        placed[row.id] = (article.id, assign([article], state, settings)[0].similarity)
    now = datetime.now(UTC)
    # Where each article is at the end (a regrouping may have moved it after it arrived).
    moves = [{"b_id": aid, "b_story": _current(state, key), "b_similarity": similarity, "b_at": now}
             for aid, (key, similarity) in placed.items()]
    if moves:
        conn.execute(update(story_articles).where(s.article_id == bindparam("b_id"))
                     .values(story_id=bindparam("b_story"), similarity=bindparam("b_similarity"),
                             assigned_at=bindparam("b_at")), moves)
    conn.execute(delete(stories))
    conn.execute(delete(story_merges))
    merges = [{"old_id": old, "story_id": state.story_id(old)} for old in state.merged_into]
    if merges:
        conn.execute(story_merges.insert(), merges)
    story_ids = sorted({str(m["b_story"]) for m in moves})
    refresh_stories(conn, story_ids)
    conn.execute(delete(story_state))
    held = _Held(None, state)
    save_state(conn, held)
    _CACHE[_cache_key(conn.engine)] = held
    return len(story_ids)


register_stage_writer("stories", StoriesWriter())
