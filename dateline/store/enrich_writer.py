"""The writer of the "enrich" stage: an article's entities, actor, place and time mentions and
quotes as rows, and the actor knowledge base merged in the same transaction.

The knowledge base is the `actors` table (one row per canonical actor, created the first time an
article names it) and what articles attest of each: the names they call it by (`actor_aliases`)
and the roles they give it, with the article's day (`actor_roles`). Attestations are rows of
their article, so re-enriching an article replaces them instead of counting them twice, and a
deleted article takes them along.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Text, bindparam, delete, func, select, update

from ..model import NAMED_ACTOR_KINDS, Actor, ActorMention, Enrichment
from ..names import fold
from .schema import (
    actor_aliases,
    actor_mentions,
    actor_roles,
    actors,
    articles,
    enrichments,
    entities,
    place_mentions,
    quotes,
    time_expressions,
)
from .sql import chunks, insert_ignore
from .stage_writers import StageOutput, register_stage_writer

# Rows an article owns, deleted before its new ones are written.
ARTICLE_TABLES = (entities, actor_mentions, place_mentions, time_expressions, quotes, enrichments,
                  actor_aliases, actor_roles)

# Mentions whose own words give the actor's role ("Foreign Minister Sergei Lavrov", "Russia's foreign
# minister", "Lavrov, the foreign minister"); not "the minister" nor a bare "Lavrov" that took its
# role from an earlier mention or from the knowledge base.
ROLE_SIGNALS = ("title", "possessive", "apposition", "context")


class EnrichWriter:
    """Stores `Enrichment`s; module-level and stateless, so a writer process can unpickle it."""

    def write(self, conn: Connection, outputs: Sequence[StageOutput]) -> None:
        now = datetime.now(UTC)
        days = _article_days(conn, [o.article_id for o in outputs])
        rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in ARTICLE_TABLES}
        known: dict[str, Actor] = {}
        for out in outputs:
            found: Enrichment = out.output
            aid = out.article_id
            rows["entities"] += [_span(aid, e, label=e.label) for e in found.entities]
            rows["actor_mentions"] += [_actor_mention(aid, m) for m in found.actors]
            rows["place_mentions"] += [_place_mention(aid, m) for m in found.places]
            rows["time_expressions"] += [_span(aid, t, type=t.type, value=t.value, granularity=t.granularity,
                                               anchor=t.anchor, rule=t.rule, mod=t.mod) for t in found.times]
            rows["quotes"] += [_quote(aid, q) for q in found.quotes]
            rows["enrichments"].append({
                "article_id": aid,
                "focus_place": found.focus_place.to_dict() if found.focus_place else None,
                "skipped": list(found.skipped),
            })
            aliases, roles = _attestations(aid, found.actors, days.get(aid) or now.date().isoformat())
            rows["actor_aliases"] += aliases
            rows["actor_roles"] += roles
            for mention in found.actors:
                if mention.actor is not None:
                    known.setdefault(mention.actor.id, mention.actor)
        _merge_actors(conn, list(known.values()), now)  # before the attestations that point at them
        for table in ARTICLE_TABLES:
            if rows[table.name]:
                conn.execute(table.insert(), rows[table.name])

    def delete(self, conn: Connection, article_ids: Sequence[int]) -> None:
        for table in ARTICLE_TABLES:
            conn.execute(delete(table).where(table.c.article_id.in_(article_ids)))


def _article_days(conn: Connection, ids: Sequence[int]) -> dict[int, str | None]:
    days: dict[int, str | None] = {}
    for chunk in chunks(sorted(set(ids))):
        days.update(conn.execute(select(articles.c.id, articles.c.published_day).where(articles.c.id.in_(chunk))).all())
    return days


def _span(article_id: int, span: Any, **fields: Any) -> dict[str, Any]:
    return {"article_id": article_id, "start": span.start, "end": span.end, "text": span.text, **fields}


def _actor_mention(article_id: int, m: ActorMention) -> dict[str, Any]:
    a = m.actor
    return _span(article_id, m, actor_id=a.id if a else None, signal=m.signal, confidence=m.confidence,
                 sentence=m.sentence, name=a.name if a else None, kind=a.kind if a else None,
                 country=a.country if a else None, sector=a.sector if a else None, role=a.role if a else None,
                 former=bool(a.former) if a else False)


def _place_mention(article_id: int, m: Any) -> dict[str, Any]:
    p = m.place
    place = {k: getattr(p, k) if p else None for k in ("geonameid", "name", "kind", "country", "country_code",
                                                       "admin1", "admin1_code", "lat", "lon", "population")}
    return _span(article_id, m, **place, signal=m.signal, confidence=m.confidence, detected_by=m.detected_by,
                 focus=m.focus)


def _quote(article_id: int, q: Any) -> dict[str, Any]:
    speaker, cue = q.speaker, q.cue
    return _span(article_id, q, kind=q.kind, partial=q.partial, parts=[[p.start, p.end] for p in q.parts],
                 speaker_start=speaker.start if speaker else None, speaker_end=speaker.end if speaker else None,
                 speaker_text=speaker.text if speaker else None, speaker_pronoun=q.speaker_pronoun,
                 speaker_actor=q.speaker_actor, cue_start=cue.start if cue else None,
                 cue_end=cue.end if cue else None, cue_text=cue.text if cue else None, cue_lemma=q.cue_lemma,
                 signal=q.signal, confidence=q.confidence)


def _attestations(article_id: int, mentions: Sequence[ActorMention],
                  day: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What one article says of its actors: the names it calls each by, the roles it gives each."""
    aliases: dict[tuple[str, str], dict[str, Any]] = {}
    roles: dict[tuple[str, str], dict[str, Any]] = {}
    for mention in mentions:
        actor = mention.actor
        if actor is None:
            continue
        if actor.kind in NAMED_ACTOR_KINDS:
            names = [actor.name, *actor.aliases]
            for name in names:
                key = fold(name)
                if key:
                    aliases.setdefault((actor.id, key), {"actor_id": actor.id, "alias_key": key,
                                                         "article_id": article_id, "alias": name})
        if actor.role and actor.kind == "person" and mention.signal in ROLE_SIGNALS:
            role = roles.setdefault((actor.id, actor.role), {
                "actor_id": actor.id, "role": actor.role, "article_id": article_id, "country": actor.country,
                "sector": actor.sector, "former": bool(actor.former), "attested": day})
            role["former"] = role["former"] or bool(actor.former)
    return list(aliases.values()), list(roles.values())


def _merge_actors(conn: Connection, found: list[Actor], now: datetime) -> None:
    """New actors become rows; known ones are seen again, and get a country or sector they lacked."""
    if not found:
        return
    conn.execute(insert_ignore(conn.dialect.name, actors, ["id"]),
                 [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "sector": a.sector,
                   "first_seen": now, "last_seen": now} for a in found])
    seen_again = (update(actors).where(actors.c.id == bindparam("b_id")).values(
        last_seen=now,
        country=func.coalesce(actors.c.country, bindparam("b_country", type_=Text)),
        sector=func.coalesce(actors.c.sector, bindparam("b_sector", type_=Text)),
    ))
    conn.execute(seen_again, [{"b_id": a.id, "b_country": a.country, "b_sector": a.sector} for a in found])


register_stage_writer("enrich", EnrichWriter())
