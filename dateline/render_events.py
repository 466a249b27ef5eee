"""Events as people and programs read them: a table, JSON Lines, CSV, and GDELT 2.0 event rows.

GDELT: the 61 tab-separated columns of the GDELT 2.0 event table ("export" files), in GDELT's order
and with its names (GDELT Event Codebook V2.0; the names as in GDELT's BigQuery table
gdelt-bq.gdeltv2.events), no header row (GDELT's files have none). How dateline fills them:
- GLOBALEVENTID: a stable integer of the event id (the first 13 hex digits of its SHA-1);
- SQLDATE, MonthYear, Year, FractionDate: the event's day (the first day of a month or year it
  names; an undated event takes its first article's day, as GDELT dates by the article);
  FractionDate is the year plus the share of it gone by that day, 4 decimals;
- Actor1* the first actor, Actor2* the first recipient: Code the CAMEO-style country and sector
  (RUSGOV), Name the actor's name in capitals, CountryCode the ISO alpha-3 of a state, KnownGroupCode
  an organisation's code (UNO, NATO), Type1Code the sector; ethnic, religion, Type2/3: empty;
- IsRootEvent 1 when a mention is the article's first sentence; EventCode the CAMEO code,
  EventBaseCode its first three digits, EventRootCode its first two; QuadClass, GoldsteinScale as
  coded; NumMentions, NumSources (distinct sites), NumArticles from its mentions; AvgTone empty
  (dateline measures no tone);
- Actor1Geo_* and Actor2Geo_* empty (dateline places the event, not each actor); ActionGeo_* the
  event's place: Type 1 country, 2 US state, 3 US city, 4 other city, 5 other first-level region;
  FullName "city, region, country"; CountryCode FIPS 10-4 (Turkey is TU, not TR); ADM1Code FIPS
  country + GeoNames admin1 code (TU34); ADM2Code empty; Lat, Long; FeatureID the GeoNames id (the
  FIPS code for a country);
- DATEADDED: its first article's publication time, YYYYMMDDHHMMSS in UTC; SOURCEURL: that
  article's URL.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import IO, Any

from .enrich.countries import load_countries
from .events.fips import fips_of
from .events.identity import date_range
from .model import Actor, Event, Place

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)

CSV_COLUMNS = ("id", "date", "type", "mode", "actors", "recipients", "cameo", "quad_class", "goldstein", "place",
               "place_country", "future", "hypothetical", "negated", "historical", "mentions", "articles",
               "confidence", "sentence", "url")

FLAG_NAMES = (("future", "future"), ("hypothetical", "hypo"), ("negated", "negated"), ("historical", "past"))


def write_events(events: Sequence[Event], fmt: str, sources: Mapping[int, Any], out: IO[str],
                 header: bool = False) -> None:
    """`events` in `fmt` (table, jsonl, csv or gdelt); `sources`: the articles of their mentions by
    id (store.event_sources), for URLs and sites; `header`: a header row for gdelt."""
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event_record(event, sources), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_row(event, sources) for event in events)
    elif fmt == "gdelt":
        if header:
            out.write("\t".join(GDELT_COLUMNS) + "\n")
        for event in events:
            out.write("\t".join(_tsv(v) for v in gdelt_row(event, sources)) + "\n")
    else:
        out.write(events_table(events))


# -- the table ------------------------------------------------------------------------------------


def actor_label(actor: Actor) -> str:
    """A person or organisation by name, a state or group by its CAMEO-style code: "RUS" for the
    state, "RUSGOV" for its government, so that the two read apart in one event."""
    if actor.kind in ("person", "organisation"):
        return actor.name
    return actor.country + (actor.sector or "") if actor.country else actor.id


def _sides(event: Event) -> str:
    actors = ", ".join(actor_label(a) for a in event.actors) or "?"
    recipients = ", ".join(actor_label(a) for a in event.recipients)
    return actors + (" → " + recipients if recipients else "")


def flags(event: Event) -> str:
    return ",".join(short for name, short in FLAG_NAMES if getattr(event, name))


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


TABLE_COLUMNS = (("date", 10), ("type", 16), ("actors", 34), ("place", 16), ("flags", 12), ("n", 3),
                 ("sentence", 60))


def events_table(events: Sequence[Event]) -> str:
    if not events:
        return "no events\n"
    lines = ["  ".join(name.ljust(width) for name, width in TABLE_COLUMNS).rstrip(),
             "  ".join("-" * width for _, width in TABLE_COLUMNS)]
    for e in events:
        first = e.mentions[0].sentence.text if e.mentions else ""
        values = (e.date or "—", e.type + (f"/{e.mode}" if e.mode else ""), _sides(e),
                  e.place.name if e.place else "—", flags(e), str(len(e.mentions)), first)
        lines.append("  ".join(_cell(v, w) for v, (_, w) in zip(values, TABLE_COLUMNS, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


# -- records --------------------------------------------------------------------------------------


def _url(source: Any) -> str | None:
    return getattr(source, "url", None) if source is not None else None


def event_record(event: Event, sources: Mapping[int, Any]) -> dict[str, Any]:
    """The event as `Event.to_dict()` (so `Event.from_dict` reads it back), with its counts and
    each mention's article URL."""
    record = event.to_dict()
    record["mention_count"] = len(event.mentions)
    record["article_count"] = len({m.article_id for m in event.mentions})
    for mention, data in zip(event.mentions, record["mentions"], strict=True):
        data["url"] = _url(sources.get(mention.article_id or 0))
    return record


def csv_row(event: Event, sources: Mapping[int, Any]) -> dict[str, Any]:
    first = event.mentions[0] if event.mentions else None
    return {
        "id": event.id, "date": event.date, "type": event.type, "mode": event.mode,
        "actors": ";".join(a.id for a in event.actors), "recipients": ";".join(a.id for a in event.recipients),
        "cameo": event.cameo, "quad_class": event.quad_class, "goldstein": event.goldstein,
        "place": event.place.name if event.place else None,
        "place_country": event.place.country if event.place else None,
        **{name: getattr(event, name) for name, _ in FLAG_NAMES},
        "mentions": len(event.mentions), "articles": len({m.article_id for m in event.mentions}),
        "confidence": event.confidence, "sentence": first.sentence.text if first else None,
        "url": _url(sources.get(first.article_id or 0)) if first else None,
    }


# -- GDELT ----------------------------------------------------------------------------------------


def global_event_id(event_id: str) -> int:
    """A stable integer for an event id (52 bits: safe as a double too)."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:13], 16)


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _day(event: Event) -> date | None:
    days = date_range(event.date)
    if days is not None:
        return days[0]
    published = next((p for m in event.mentions if (p := _published(m.published)) is not None), None)
    return published.date() if published else None


def _is_state(code: str | None) -> bool:
    return bool(code) and load_countries().kind_of(code) == "state"


def _gdelt_actor(actor: Actor | None) -> list[Any]:
    if actor is None:
        return [""] * len(_ACTOR)
    state = _is_state(actor.country)
    code = (actor.country or "") + (actor.sector or "")
    return [code, actor.name.upper(), actor.country if state else "", "" if state else (actor.country or ""),
            "", "", "", actor.sector or "", "", ""]


def _country_name(iso3: str | None) -> str | None:
    country = load_countries().get(iso3)
    return country.name if country else None


def _gdelt_geo(place: Place | None) -> list[Any]:
    if place is None:
        return [""] * len(_GEO)
    fips = fips_of(place.country) if place.country else None
    us = place.country == "USA"
    kind = {"country": 1, "admin1": 2 if us else 5, "admin2": 3 if us else 4, "city": 3 if us else 4}.get(place.kind, "")
    names = [place.name] if place.kind == "country" else [place.name, place.admin1, _country_name(place.country)]
    full = ", ".join(n for n in names if n)
    adm1 = f"{fips}{place.admin1_code}" if fips and place.admin1_code and place.kind != "country" else (fips or "")
    feature = fips if place.kind == "country" else place.geonameid
    return [kind, full, fips or "", adm1, "", place.lat, place.lon, feature or ""]


def gdelt_row(event: Event, sources: Mapping[int, Any]) -> list[Any]:
    """The event's 61 values in GDELT_COLUMNS order (see the module docstring)."""
    day = _day(event)
    first = event.mentions[0] if event.mentions else None
    source = sources.get(first.article_id or 0) if first else None
    added = _published(first.published) if first else None
    cameo = event.cameo or ""
    sites = {getattr(sources.get(m.article_id or 0), "site", None) or m.article_id for m in event.mentions}
    if day is not None:
        fraction = round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)
        when: list[Any] = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{fraction:.4f}"]
    else:
        when = ["", "", "", ""]
    return [
        global_event_id(event.id), *when,
        *_gdelt_actor(event.actors[0] if event.actors else None),
        *_gdelt_actor(event.recipients[0] if event.recipients else None),
        int(any(m.sentence_index == 0 for m in event.mentions)), cameo, cameo[:3], cameo[:2],
        event.quad_class, event.goldstein,
        len(event.mentions), len(sites), len({m.article_id for m in event.mentions}), "",
        *_gdelt_geo(None), *_gdelt_geo(None), *_gdelt_geo(event.place),
        added.strftime("%Y%m%d%H%M%S") if added else "", _url(source) or "",
    ]


def _tsv(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).replace("\t", " ").split()) if isinstance(value, str) else str(value)
