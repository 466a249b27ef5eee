"""Reading what the "enrich" stage stored: an article's `Enrichment` rebuilt from its rows, the
actor knowledge base as a snapshot for the stage (`known_actors`), and actors for people
(`list_actors`, `find_actor`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, case, func, or_, select

from ..model import Actor, ActorMention, Enrichment, Entity, Place, PlaceMention, Quote, Span, TimeExpr
from ..names import fold
from .encode import utc
from .records import ActorRecord, ActorRole
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
from .sql import among, chunks

_PLACE_FIELDS = ("geonameid", "name", "kind", "country", "country_code", "admin1", "admin1_code", "lat", "lon",
                 "population")


def enrichments_of(conn: Connection, article_ids: Sequence[int]) -> dict[int, Enrichment]:
    """The stored enrichment of each of these articles that has one (others are left out)."""
    found: dict[int, Enrichment] = {}
    for chunk in chunks(sorted(set(article_ids))):
        heads = conn.execute(select(enrichments).where(enrichments.c.article_id.in_(chunk))).mappings().all()
        if not heads:
            continue  # none of these articles was enriched: no rows of theirs to read
        for row in heads:
            focus = row["focus_place"]
            found[row["article_id"]] = Enrichment(focus_place=Place.from_dict(focus) if focus else None,
                                                  skipped=list(row["skipped"] or []))
        for table, build, attr in (
            (entities, _entity, "entities"),
            (actor_mentions, _actor_mention, "actors"),
            (place_mentions, _place_mention, "places"),
            (time_expressions, _time, "times"),
            (quotes, _quote, "quotes"),
        ):
            rows = conn.execute(select(table).where(table.c.article_id.in_(chunk)).order_by(table.c.id)).mappings()
            for row in rows:
                enrichment = found.get(row["article_id"])
                if enrichment is not None:
                    getattr(enrichment, attr).append(build(row))
    return found


def _entity(row: Any) -> Entity:
    return Entity(row["start"], row["end"], row["text"], label=row["label"])


def _actor_mention(row: Any) -> ActorMention:
    actor = None
    if row["actor_id"] is not None:
        actor = Actor(row["actor_id"], row["name"] or "", row["kind"] or "person", row["country"], row["sector"],
                      row["role"], bool(row["former"]))
    return ActorMention(row["start"], row["end"], row["text"], actor=actor, signal=row["signal"],
                        confidence=row["confidence"], sentence=row["sentence"])


def _place_mention(row: Any) -> PlaceMention:
    place = None
    if row["geonameid"] is not None:
        place = Place(**{k: row[k] for k in _PLACE_FIELDS})
    return PlaceMention(row["start"], row["end"], row["text"], place=place, signal=row["signal"],
                        confidence=row["confidence"], detected_by=row["detected_by"], focus=bool(row["focus"]))


def _time(row: Any) -> TimeExpr:
    return TimeExpr(row["start"], row["end"], row["text"], type=row["type"], value=row["value"],
                    granularity=row["granularity"], anchor=row["anchor"], rule=row["rule"], mod=row["mod"])


def _quote(row: Any) -> Quote:
    text = row["text"]
    start = row["start"]

    def span(s: int | None, e: int | None, t: str | None) -> Span | None:
        return None if s is None or e is None else Span(s, e, t or "")

    parts = [Span(s, e, text[s - start:e - start]) for s, e in (row["parts"] or [])]
    return Quote(start, row["end"], text, kind=row["kind"], parts=parts, partial=bool(row["partial"]),
                 speaker=span(row["speaker_start"], row["speaker_end"], row["speaker_text"]),
                 speaker_pronoun=bool(row["speaker_pronoun"]), speaker_actor=row["speaker_actor"],
                 cue=span(row["cue_start"], row["cue_end"], row["cue_text"]), cue_lemma=row["cue_lemma"],
                 signal=row["signal"], confidence=row["confidence"])


# -- the knowledge base --------------------------------------------------------------------------


def known_actors(conn: Connection) -> list[Actor]:
    """Every actor an article named, with the names articles call it by and its latest role (former
    when the latest article to give that role said so): what the stage's snapshot is made of."""
    by_id: dict[str, Actor] = {}
    for row in conn.execute(select(actors).order_by(actors.c.first_seen, actors.c.id)).mappings():
        by_id[row["id"]] = Actor(row["id"], row["name"], row["kind"], row["country"], row["sector"])
    names: dict[str, list[str]] = defaultdict(list)
    for actor_id, alias in conn.execute(
        select(actor_aliases.c.actor_id, func.min(actor_aliases.c.alias))
        .group_by(actor_aliases.c.actor_id, actor_aliases.c.alias_key)
    ):
        names[actor_id].append(alias)
    for actor_id, aliases in names.items():
        actor = by_id.get(actor_id)
        if actor is not None:
            actor.aliases = sorted(a for a in aliases if a != actor.name)
    for role in _latest_roles(conn):
        actor = by_id.get(role["actor_id"])
        if actor is not None:
            actor.role, actor.former = role["role"], bool(role["former"])
    return list(by_id.values())


def _latest_roles(conn: Connection, actor_id: str | None = None) -> list[dict[str, Any]]:
    """Per actor, the role of its latest attestation (by the article's day, then the article)."""
    ranked = select(
        actor_roles,
        func.row_number().over(partition_by=actor_roles.c.actor_id,
                               order_by=(actor_roles.c.attested.desc(), actor_roles.c.article_id.desc())).label("n"),
    )
    if actor_id is not None:
        ranked = ranked.where(actor_roles.c.actor_id == actor_id)
    sub = ranked.subquery()
    return [dict(r) for r in conn.execute(select(sub).where(sub.c.n == 1)).mappings()]


def _counts() -> Select[Any]:
    return (select(actor_mentions.c.actor_id,
                   func.count(func.distinct(actor_mentions.c.article_id)).label("articles"),
                   func.count().label("mentions"))
            .group_by(actor_mentions.c.actor_id))


def list_actors(conn: Connection, *, country: str | None = None, sector: str | None = None,
                kind: str | None = None, name: str | None = None, limit: int | None = 50) -> list[ActorRecord]:
    """Actors of the knowledge base, those named in the most articles first."""
    query = filtered_actors(country=country, sector=sector, kind=kind, name=name)
    query = query.order_by(query.selected_columns.articles.desc(), query.selected_columns.mentions.desc(),
                           actors.c.name)
    if limit:
        query = query.limit(limit)
    return [actor_record(row) for row in conn.execute(query).mappings()]


def filtered_actors(*, country: str | None = None, sector: str | None = None, kind: str | None = None,
                    name: str | None = None) -> Select[Any]:
    """The actors the filters pick with their `articles` and `mentions` counts, unordered (list_actors
    and the API's pages); `name` matches part of a name or alias."""
    counts = _counts().subquery()
    query = (select(actors, func.coalesce(counts.c.articles, 0).label("articles"),
                    func.coalesce(counts.c.mentions, 0).label("mentions"))
             .join(counts, counts.c.actor_id == actors.c.id, isouter=True))
    if country:
        query = query.where(actors.c.country == country.upper())
    if sector:
        query = query.where(actors.c.sector == sector.upper())
    if kind:
        query = query.where(actors.c.kind == kind)
    if name:
        key = fold(name)
        query = query.where(or_(
            func.lower(actors.c.name).contains(key, autoescape=True),
            actors.c.id.in_(select(actor_aliases.c.actor_id).where(actor_aliases.c.alias_key.contains(key,
                                                                                                     autoescape=True))),
        ))
    return query


def actor_record(row: Any) -> ActorRecord:
    return ActorRecord(row["id"], row["name"], row["kind"], row["country"], row["sector"], int(row["articles"]),
                       int(row["mentions"]), utc(row["first_seen"]), utc(row["last_seen"]))


def find_actor(conn: Connection, name: str, recent: int = 10) -> ActorRecord | None:
    """The actor with this id, name or alias (the one named in the most articles when several
    are), with its aliases, roles and latest articles; None when the knowledge base has none."""
    key = fold(name)
    ids = [name] + [r[0] for r in conn.execute(select(actors.c.id).where(func.lower(actors.c.name) == key))]
    ids += [r[0] for r in conn.execute(select(func.distinct(actor_aliases.c.actor_id))
                                       .where(actor_aliases.c.alias_key == key))]
    counts = _counts().where(actor_mentions.c.actor_id.in_(ids)).subquery()  # only the candidates' mentions
    row = conn.execute(
        select(actors, func.coalesce(counts.c.articles, 0).label("articles"),
               func.coalesce(counts.c.mentions, 0).label("mentions"))
        .join(counts, counts.c.actor_id == actors.c.id, isouter=True)
        .where(actors.c.id.in_(ids))
        .order_by(case((actors.c.id == name, 0), else_=1), func.coalesce(counts.c.articles, 0).desc())
        .limit(1)
    ).mappings().first()
    if row is None:
        return None
    record = actor_record(row)
    record.aliases = {alias: int(n) for alias, n in conn.execute(
        select(func.min(actor_aliases.c.alias), func.count(func.distinct(actor_aliases.c.article_id)).label("n"))
        .where(actor_aliases.c.actor_id == record.id)
        .group_by(actor_aliases.c.alias_key)
        .order_by(func.count(func.distinct(actor_aliases.c.article_id)).desc(), func.min(actor_aliases.c.alias))
    )}
    record.roles = _roles(conn, record.id)
    record.recent = [dict(r) for r in conn.execute(
        select(articles.c.id, articles.c.title, articles.c.published, articles.c.url)
        .where(among(conn.dialect.name, articles.c.id,
                     select(actor_mentions.c.article_id).where(actor_mentions.c.actor_id == record.id)))
        .order_by(articles.c.published_at.desc().nulls_last(), articles.c.id.desc())
        .limit(recent)
    ).mappings()]
    return record


def _roles(conn: Connection, actor_id: str) -> list[ActorRole]:
    current = and_(actor_roles.c.actor_id == actor_id, actor_roles.c.former.is_(False))
    ended = and_(actor_roles.c.actor_id == actor_id, actor_roles.c.former.is_(True))
    rows = conn.execute(
        select(actor_roles.c.role, func.max(actor_roles.c.country), func.max(actor_roles.c.sector),
               func.min(case((current, actor_roles.c.attested))), func.max(case((current, actor_roles.c.attested))),
               func.min(case((ended, actor_roles.c.attested))), func.count(func.distinct(actor_roles.c.article_id)))
        .where(actor_roles.c.actor_id == actor_id)
        .group_by(actor_roles.c.role)
    ).all()
    roles = [ActorRole(role, country, sector, since, last, end, int(n))
             for role, country, sector, since, last, end, n in rows]
    return sorted(roles, key=lambda r: max(r.last or "", r.ended or ""), reverse=True)
