"""The database schema as SQLAlchemy 2 Core tables: the same tables on SQLite and PostgreSQL.

Migrations (store/migrations/versions/) create and change these tables; this module is what the
code queries against, and tests check that the two agree. Backend-specific search structures
live outside the tables below, made by the migrations (see search.py):
- SQLite: the FTS5 external-content table `articles_fts` (search_title, search_body) kept in sync
  by triggers;
- PostgreSQL: the generated column `articles.search_tsv` (tsvector, 'simple' config, over
  search_title and search_body) with a GIN index.
PostgreSQL also has indexes for the latest-first lists, POSTGRESQL_ONLY_INDEXES (migration 0014).

Later stages add their tables by their own migrations and write them through a stage writer
(stage_writers.py), in the transaction that stores the article. Every such row points at
`articles.id` (ON DELETE CASCADE) with character offsets into `articles.body`, so it is only
right for the body it was computed on: `stage_runs` records, per article and stage, the stage
version and the body hash it read. When an article's body changes, the runs (and rows) of the
stages that read the old body are dropped, and `reprocess --stage NAME --outdated-only` finds
the articles whose run is missing, of another version, or of another body.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

# Stable constraint names so that migrations can refer to them on both backends.
# Made by migration 0014 on PostgreSQL only: "latest first, undated last" in index order, which a
# plain index gives on SQLite but not on PostgreSQL (NULLs first when scanned descending).
POSTGRESQL_ONLY_INDEXES = ("ix_articles_latest", "ix_articles_site_latest")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

JSONType = JSON().with_variant(JSONB(), "postgresql")
# Timestamps are stored in UTC (SQLite keeps them as naive UTC text; PostgreSQL as timestamptz).
Timestamp = DateTime(timezone=True)

# Raw page bytes, once per distinct content (the same bytes at several URLs are stored once).
contents = Table(
    "contents",
    metadata,
    Column("content_hash", Text, primary_key=True),  # sha256 hex of the raw bytes (Page.content_hash)
    Column("data", LargeBinary, nullable=False),  # zstandard-compressed
    Column("compression", Text, nullable=False, server_default="zstd"),
    Column("size", Integer, nullable=False),  # uncompressed size in bytes
    Column("is_text", Boolean, nullable=False, server_default="0"),  # the source delivered str, not bytes
)

# One derived article: the same content at several URLs is one row (see article_urls).
articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # sha256 of the whitespace-normalised body, for every body (identity uses it only for long ones;
    # later stages record it with their rows, see stage_runs).
    Column("body_hash", Text, index=True),
    Column("content_hash", Text, index=True),  # raw content of the page it was first derived from
    Column("url", Text, index=True),  # normalised
    Column("canonical_url", Text),  # normalised
    Column("site", Text, index=True),  # host without "www."
    Column("title", Text),
    Column("subtitle", Text),
    Column("authors", JSONType),
    Column("agency", Text),
    Column("published", Text),  # as extracted (ISO 8601, maybe date only)
    Column("published_at", Timestamp, index=True),  # the same in UTC, for range filters
    Column("published_day", Text, index=True),  # YYYY-MM-DD as printed (local day), for stats and day filters
    Column("modified", Text),
    Column("language", Text, index=True),
    Column("section", Text),
    Column("tags", JSONType),
    Column("site_name", Text),
    Column("dateline_place", Text),
    Column("lede", Text),
    Column("body", Text, nullable=False, server_default=""),
    Column("word_count", Integer),
    Column("source_id", Text),  # a corpus row's own id, where the article came from one
    # Title and body as search sees them (store/query.py: search_columns), what both backends index.
    Column("search_title", Text),
    Column("search_body", Text),
    # The whole Article as JSON (Article.to_dict(), text kept once: see store._compact_text); plain
    # JSON rather than JSONB on PostgreSQL: it is read whole, never queried, and JSONB costs on write.
    Column("data", JSON, nullable=False),
    Column("dateline_version", Text, nullable=False),  # the version that derived it
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)
Index("ix_articles_site_published_at", articles.c.site, articles.c.published_at)  # a site's latest articles

# Every normalised URL an article was seen at (page URL, URLs redirected through, canonical URL).
# One URL belongs to one article.
article_urls = Table(
    "article_urls",
    metadata,
    Column("url", Text, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", Text, nullable=False),  # url | redirect | canonical
    Column("first_seen", Timestamp, nullable=False),
)

# One stored version of one page: provenance plus a link to its content and its derived article.
pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # Normalised final URL; a page without URL (a file, stdin) is keyed "source:<source>".
    Column("url_key", Text, nullable=False),
    Column("requested_key", Text, nullable=False, index=True),  # normalised first URL before redirects
    Column("url", Text),  # final URL as delivered
    Column("requested_url", Text),
    Column("redirects", JSONType),
    Column("source", Text),
    Column("fetched_at", Timestamp),
    Column("status", Integer),
    Column("headers", JSONType),  # the headers that matter (see model.KEPT_HEADERS)
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_hash", Text, ForeignKey("contents.content_hash"), nullable=False, index=True),
    Column("given", JSONType),  # fields a corpus row already carried (Page.given)
    # What extraction made of this version (zstd-compressed JSON of the Article): the article's
    # fields are chosen from all its versions (versions.py).
    Column("derived", LargeBinary),
    Column("kind", Text, nullable=False),  # article | non_article | error
    Column("reason", Text),  # why not an article, or the error
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    Column("dateline_version", Text, nullable=False),  # the version that stored the page
    Column("derived_version", Text, nullable=False),  # the version that derived kind/article (reprocess)
    Column("stored_at", Timestamp, nullable=False),
    UniqueConstraint("url_key", "content_hash"),
)

# Every failure, with its reason; no failure stops a run. The same failure again (a URL that
# still fails on the next run) is the same row, counted, with the time it was last seen.
errors = Table(
    "errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Timestamp, nullable=False, index=True),  # first seen
    Column("last_seen", Timestamp),
    Column("count", Integer, nullable=False, server_default="1"),
    Column("source", Text),
    Column("url", Text),
    Column("stage", Text),  # read | fetch | robots | decode | extract | store ...
    Column("code", Text),  # a stable code for the kind of failure (model.Failure.code), where known
    Column("reason", Text, nullable=False),
    Column("dateline_version", Text, nullable=False),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="SET NULL"), index=True),
)

Index("ix_errors_reason", errors.c.reason)


# Which version of which stage derived an article's rows, from which body (see the docstring).
# Extraction itself is recorded on the page (pages.derived_version).
stage_runs = Table(
    "stage_runs",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", Text, primary_key=True),
    Column("version", Text, nullable=False),
    Column("body_hash", Text, nullable=False),
    Column("derived_at", Timestamp, nullable=False),
)
Index("ix_stage_runs_stage_version", stage_runs.c.stage, stage_runs.c.version)


# -- enrichment (the "enrich" stage; written by store/enrich_writer.py) ---------------------------
# Every row points at its article (ON DELETE CASCADE) with [start, end) offsets into its body;
# `stage_runs` holds the stage version and body hash they were computed on.


def _span_table(name: str, *columns: Column) -> Table:
    """An article's rows of one kind: its id, then the span, then the kind's own columns."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
        *columns,
    )


# Named entities as the NER model tagged them.
entities = _span_table("entities", Column("label", Text, nullable=False))

# Actor mentions, and the actor each stands for as this article resolved it (`actor_id` names the
# knowledge base's row; the other actor columns keep what this article said, e.g. a role it gave).
actor_mentions = _span_table(
    "actor_mentions",
    Column("actor_id", Text),
    Column("signal", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("name", Text),
    Column("kind", Text),
    Column("country", Text),
    Column("sector", Text),
    Column("role", Text),
    Column("former", Boolean, nullable=False, server_default="0"),
)

# With the article id in the index, an actor's article counts and its latest articles read no table row.
Index("ix_actor_mentions_actor_article", actor_mentions.c.actor_id, actor_mentions.c.article_id)

# Place mentions and the GeoNames place each was resolved to (null when none fits).
place_mentions = _span_table(
    "place_mentions",
    Column("geonameid", Integer, index=True),
    Column("name", Text),
    Column("kind", Text),
    Column("country", Text),
    Column("country_code", Text),
    Column("admin1", Text),
    Column("admin1_code", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("population", Integer),
    Column("signal", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("detected_by", Text, nullable=False),
    Column("focus", Boolean, nullable=False, server_default="0"),
)

# The front page's country sections read the ids of the articles a country is the focus of.
Index("ix_place_mentions_focus_country", place_mentions.c.focus, place_mentions.c.country,
      place_mentions.c.article_id)

# Temporal expressions, TIMEX3-style (model.TimeExpr).
time_expressions = _span_table(
    "time_expressions",
    Column("type", Text, nullable=False),
    Column("value", Text, index=True),
    Column("granularity", Text, nullable=False),
    Column("anchor", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("mod", Text),
)

# Quotes: the quoted stretches (`parts`, [[start, end], ...]), speaker and cue as spans of the body.
quotes = _span_table(
    "quotes",
    Column("kind", Text, nullable=False),
    Column("partial", Boolean, nullable=False, server_default="0"),
    Column("parts", JSONType),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_text", Text),
    Column("speaker_pronoun", Boolean, nullable=False, server_default="0"),
    Column("speaker_actor", Text, index=True),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_text", Text),
    Column("cue_lemma", Text),
    Column("signal", Text, nullable=False),
    Column("confidence", Float, nullable=False),
)

# One row per enriched article: its focus place and what enrichment left out, and why.
enrichments = Table(
    "enrichments",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("focus_place", JSONType),  # model.Place as a dict
    Column("skipped", JSONType),  # list of reasons
)

# The actor knowledge base: one row per canonical actor (model.Actor.id), kept across articles;
# what attests it lies in the two tables below, per article, so that re-deriving an article
# replaces its attestations instead of counting them twice.
actors = Table(
    "actors",
    metadata,
    Column("id", Text, primary_key=True),  # e.g. person:sergei-lavrov, RUS:GOV, UNO
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("country", Text, index=True),
    Column("sector", Text, index=True),
    Column("first_seen", Timestamp, nullable=False),
    Column("last_seen", Timestamp, nullable=False),
)

# A name an article called the actor by ("Sergei Lavrov", "Lavrov"): `alias_key` folded for lookup.
actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", Text, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("alias_key", Text, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, nullable=False),
)
Index("ix_actor_aliases_alias_key", actor_aliases.c.alias_key)
Index("ix_actor_aliases_article_id", actor_aliases.c.article_id)

# A role an article gave the actor, with the article's date: `former` when the article says the
# role has ended ("former US president Joe Biden").
actor_roles = Table(
    "actor_roles",
    metadata,
    Column("actor_id", Text, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("role", Text, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("country", Text),
    Column("sector", Text),
    Column("former", Boolean, nullable=False, server_default="0"),
    Column("attested", Text),  # the article's day (YYYY-MM-DD), else the day it was enriched
)
Index("ix_actor_roles_article_id", actor_roles.c.article_id)


# -- events (the "events" stage; written by store/events_writer.py) -------------------------------
# An event is a happening across articles (identity: events/identity.py); its mentions are rows of
# their article (ON DELETE CASCADE), each with the sentence and trigger as offsets into the body.
# A trigger made by the migration keeps an event's counts and flags in step when mentions are
# deleted (re-processing, a deleted article) and deletes an event left without any mention.

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),  # events.identity.stable_id of its first report
    Column("type", Text, nullable=False),  # PLOVER, one of model.EVENT_TYPES
    Column("mode", Text),
    Column("contexts", JSONType),
    Column("actors", JSONType),  # model.Actor dicts
    Column("recipients", JSONType),
    # " RUS RUSGOV person:sergei-lavrov ": every actor's id, country and country+sector, for people
    # reading the table; filters use event_actors.
    Column("actor_codes", Text),
    Column("recipient_codes", Text),
    Column("reciprocal", Boolean, nullable=False, server_default="0"),
    Column("cameo", Text, index=True),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("intensity", Float),
    Column("date", Text),  # TIMEX3 value: 2025-02-27, 2025-02, 2025-W09 ...
    Column("date_granularity", Text, nullable=False, server_default=""),
    Column("date_source", Text, nullable=False, server_default="none"),
    Column("day_from", Text),  # the first and last day (YYYY-MM-DD) `date` covers, for range filters
    Column("day_to", Text),
    Column("place", JSONType),  # model.Place dict
    Column("place_geonameid", Integer, index=True),
    Column("place_country", Text, index=True),
    Column("place_source", Text, nullable=False, server_default="none"),
    # Each true only when every mention says so (a planned meeting later reported as held is not future).
    Column("future", Boolean, nullable=False, server_default="0"),
    Column("hypothetical", Boolean, nullable=False, server_default="0"),
    Column("negated", Boolean, nullable=False, server_default="0"),
    Column("historical", Boolean, nullable=False, server_default="0"),
    # The earliest and latest publication of the articles reporting it (the time stored, for an undated one).
    Column("first_seen", Timestamp, nullable=False),
    Column("last_seen", Timestamp, nullable=False, index=True),
    Column("mention_count", Integer, nullable=False, server_default="0"),
    Column("article_count", Integer, nullable=False, server_default="0"),
    Column("confidence", Float, nullable=False, server_default="0"),  # the best mention's
)
Index("ix_events_type_day_from", events.c.type, events.c.day_from)
Index("ix_events_day_from", events.c.day_from)

# The codes an event is found by, per side (actor | recipient): each actor's id, country and
# country+sector (RUSGOV), as in events.actor_codes.
event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", Text, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("side", Text, primary_key=True),
    Column("code", Text, primary_key=True),
    # The event's `day_from`, copied (the writer keeps the two in step): an actor's events by month,
    # its latest events and its counterparts are read from the index below without the events table.
    Column("day_from", Text),
)
Index("ix_event_actors_code_side_day", event_actors.c.code, event_actors.c.side, event_actors.c.day_from,
      event_actors.c.event_id)

# One sentence of one article reporting an event. `coded` is the event as that article's coder gave
# it (without mentions; `article_event` its place in the article's list): what a full identity pass
# merges again (store.rebuild_event_identity). Its flags and date are the coded event's.
event_mentions = Table(
    "event_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("event_id", Text, ForeignKey("events.id"), nullable=False, index=True),
    Column("article_event", Integer, nullable=False),
    Column("position", Integer, nullable=False),  # the mention's place among its coded event's
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentence_text", Text, nullable=False),
    Column("sentence_index", Integer, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("quote_speaker", Text),
    Column("confidence", Float, nullable=False),
    Column("future", Boolean, nullable=False, server_default="0"),
    Column("hypothetical", Boolean, nullable=False, server_default="0"),
    Column("negated", Boolean, nullable=False, server_default="0"),
    Column("historical", Boolean, nullable=False, server_default="0"),
    Column("date", Text),
    Column("date_granularity", Text, nullable=False, server_default=""),
    Column("seen", Timestamp, nullable=False),  # the article's publication, else the time stored
    Column("coded", JSONType, nullable=False),
)


# -- near-duplicates (the "stories" stage; written by store/dedup_index.py) -----------------------
# Each fingerprinted article (stories/dedup.py) with the duplicate group it belongs to (NULL while
# it has no duplicate), its LSH bucket keys, and each group's original. Groups are named by the id
# of the article they were founded on; merged groups keep the smaller id.

dedup_articles = Table(
    "dedup_articles",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),  # dedup.Fingerprint.signature: NUM_PERM uint32
    Column("lead", LargeBinary, nullable=False),  # dedup.Fingerprint.lead: LEAD_PERM uint32
    Column("shingles", Integer, nullable=False),
    Column("wire", Text),  # the agency of a wire story, from its dateline or byline
    Column("group_id", Integer, index=True),
    Column("similarity", Float),  # to the closest stored article when it joined its group
)

# One row per LSH bucket an article falls in: a new article's candidates are the articles sharing
# a key. No foreign key: rows of a deleted article are left behind and ignored (a look-up joins
# dedup_articles), so deleting an article needs no index on article_id; the full pass drops them.
dedup_bands = Table(
    "dedup_bands",
    metadata,
    Column("band_key", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,  # the primary key is the table: half the bytes
)

# The band rows of recent batches, in levels (store/dedup_index.py): a batch's rows go in at level 0,
# and a level past its size moves in key order into the next or into `dedup_bands`. Levels lead the
# primary key, so each level is a range of pages of its own; a row is in one of the two tables.
dedup_bands_recent = Table(
    "dedup_bands_recent",
    metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("band_key", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

duplicate_groups = Table(
    "duplicate_groups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("original_id", Integer, nullable=False),  # earliest published, then most complete (dedup.pick_original)
    Column("size", Integer, nullable=False),
    Column("wire_count", Integer, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)


# -- stories (the "stories" stage; written by store/story_index.py) -------------------------------
# Each story as a reader sees it (stories/summary.py), kept current as articles join; its timeline
# is read from the events of its articles. A story merged into another is deleted, its id kept in
# `story_state` (the clustering state) so a link to it still finds the story that absorbed it.
stories = Table(
    "stories",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False, server_default=""),
    Column("summary", Text, nullable=False, server_default=""),
    Column("first_published", Timestamp, index=True),
    Column("last_published", Timestamp, index=True),
    Column("article_count", Integer, nullable=False),
    Column("unique_count", Integer, nullable=False),
    Column("outlets", JSONType, nullable=False),
    Column("actors", JSONType, nullable=False),
    Column("places", JSONType, nullable=False),
    Column("search_text", Text, nullable=False, server_default=""),  # title and summary, case-folded
    Column("updated_at", Timestamp, nullable=False),
)

# Which story each article is in, how close it came, and the marks clustering read of it (what a
# full pass clusters again without re-running enrichment).
story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Text, nullable=False, index=True),
    Column("similarity", Float, nullable=False),
    Column("assigned_at", Timestamp, nullable=False, index=True),  # when it was put in its story
    Column("actors", JSONType, nullable=False),
    Column("places", JSONType, nullable=False),
    Column("event_keys", JSONType, nullable=False),
)

# Stories merged into another: a link to the old id still finds the story that absorbed it.
story_merges = Table(
    "story_merges",
    metadata,
    Column("old_id", Text, primary_key=True),
    Column("story_id", Text, nullable=False, index=True),
)

# The online clusterer's state (stories/cluster.ClusterState), pickled and compressed, with a
# random stamp of its latest save (`generation`): a writer whose copy has another stamp reads it again.
story_state = Table(
    "story_state",
    metadata,
    Column("name", Text, primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("state", LargeBinary, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
)
