"""The shared vocabulary of dateline: plain dataclasses with a JSON round-trip.

Every stage reads and writes these types only, so the store, the web UI and the
exports see one shape of data (see DESIGN.md, "The vocabulary").
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

T = TypeVar("T")


def _to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, bytes):
        # Raw page bytes travel as latin-1 text so that every byte survives JSON.
        return {"__bytes__": value.decode("latin-1")}
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    return value


# Rebuilds one field's value from its JSON form; None where the JSON form already is the value.
Decoder = Callable[[Any], Any]


def _decode_bytes(value: Any) -> Any:
    return value["__bytes__"].encode("latin-1") if type(value) is dict else value


def _list_of(each: Decoder) -> Decoder:
    return lambda value: [each(v) for v in value]


def _decoder(hint: Any) -> Decoder | None:
    """How to rebuild a value of type `hint` (a resolved type hint) from what _to_jsonable made of it."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda value: _from_dict(hint, value) if type(value) is dict else value
    if hint is bytes:
        return _decode_bytes
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list and args:
        each = _decoder(args[0])
        return None if each is None else _list_of(each)
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda value: tuple(value) if item is None else tuple(item(v) for v in value)
        items = [_decoder(a) or (lambda v: v) for a in args]
        return lambda value: tuple(d(v) for d, v in zip(items, value, strict=True))
    if origin is dict and len(args) == 2:
        item = _decoder(args[1])
        return None if item is None else lambda value: {k: item(v) for k, v in value.items()}
    if origin is typing.Union or origin is types.UnionType:
        return _union_decoder([a for a in args if a is not type(None)])
    return None  # str, int, float, bool, Any: JSON holds them as they are


def _union_decoder(members: list[Any]) -> Decoder | None:
    """`X | None` is X's decoder (None passes untouched); a wider union picks its member by the JSON shape."""
    if len(members) == 1:
        return _decoder(members[0])
    for_bytes = _decode_bytes if bytes in members else None
    sequences = [m for m in members if typing.get_origin(m) in (list, tuple)]
    for_list = next((d for m in sequences if (d := _decoder(m)) is not None), None)
    for_dict = next((d for m in members if m is not bytes and m not in sequences and (d := _decoder(m)) is not None),
                    None)
    if for_bytes is None and for_dict is None and for_list is None:
        return None

    def decode(value: Any) -> Any:
        if type(value) is dict:
            if for_bytes is not None and "__bytes__" in value:
                return for_bytes(value)
            return for_dict(value) if for_dict is not None else value
        if type(value) is list and for_list is not None:
            return for_list(value)
        return value

    return decode


# Per dataclass: field name -> decoder. Built once: get_type_hints is slow, from_dict runs per stored article.
_PLANS: dict[type, dict[str, Decoder | None]] = {}


def _plan(cls: type) -> dict[str, Decoder | None]:
    hints = typing.get_type_hints(cls)
    plan = _PLANS[cls] = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls) if f.init}
    return plan


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _plan(cls)
    kwargs = {}
    for name, value in data.items():
        if name in plan:  # keys of a newer or older model version are left out
            decode = plan[name]
            kwargs[name] = value if decode is None or value is None else decode(value)
    return cls(**kwargs)


class _Record:
    """Mixin: to_dict/from_dict/to_json/from_json for the dataclasses below.

    from_dict rebuilds nested dataclasses, lists and dicts of them and bytes from the field
    type hints, so a new dataclass round-trips without code of its own.
    """

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        return _from_dict(cls, data)

    @classmethod
    def from_json(cls: type[T], text: str) -> T:
        return cls.from_dict(json.loads(text))  # type: ignore[attr-defined]


# Response headers a Page keeps (lower case), whichever source fetched it: they say what the content
# is (type, language, length, location), allow conditional GETs (etag, last-modified), date the fetch,
# and carry the crawl signals (caching, x-robots-tag, link rel=canonical, redirects, retry-after).
# Cookies, server banners and the like are dropped: they only swell the store.
KEPT_HEADERS = frozenset(
    {
        "content-type",
        "content-language",
        "content-length",
        "content-location",
        "last-modified",
        "etag",
        "date",
        "expires",
        "cache-control",
        "x-robots-tag",
        "link",
        "location",
        "retry-after",
    }
)


@dataclass
class Page(_Record):
    """A raw page as a source delivered it: bytes (or text) plus where it came from."""

    content: bytes | str
    url: str | None = None
    source: str | None = None  # the input that delivered it: a path, a URL, "-" for stdin
    fetched_at: str | None = None  # ISO 8601, UTC
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # only KEPT_HEADERS
    content_hash: str = ""
    redirects: list[str] = field(default_factory=list)  # URLs passed through before `url`, in order
    # Fields a source already knows, e.g. a corpus row's title, text and published date;
    # a page with a "text" here is taken as already extracted.
    given: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.content_hash:
            raw = self.content.encode("utf-8") if isinstance(self.content, str) else self.content
            self.content_hash = hashlib.sha256(raw).hexdigest()

    @property
    def content_type(self) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return value
        return None


@dataclass
class Paragraph(_Record):
    """One block of the article body, in reading order."""

    text: str
    kind: str = "paragraph"  # paragraph | heading | quote | list


@dataclass
class Image(_Record):
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class Dateline(_Record):
    """The place and agency printed before the story opens: "WASHINGTON (Reuters) —"."""

    place: str | None = None
    agency: str | None = None
    text: str | None = None  # the prefix exactly as printed


@dataclass
class Article(_Record):
    """What extraction gets out of one page; `evidence` names the signal behind each field."""

    input: str | None = None
    is_article: bool = False
    reason: str | None = None  # why is_article is false, or what went wrong
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    agency: str | None = None
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    site_name: str | None = None
    dateline: Dateline | None = None
    lede: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    body: str = ""
    images: list[Image] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)

    @property
    def published_at(self) -> datetime | None:
        """`published` as a timezone-aware datetime, None when there is none or it does not parse.

        The rule is the store's: a time without an offset (pages often give site-local time
        with the offset unknown, e.g. "2025-02-26T22:29") is taken as UTC, a date alone as
        midnight UTC; a time with an offset keeps it.
        """
        if not self.published:
            return None
        try:
            value = datetime.fromisoformat(self.published.strip())
        except ValueError:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@dataclass
class Span(_Record):
    """A stretch of `Article.body` (or of any text an enrichment read): [start, end) and its text."""

    start: int
    end: int
    text: str


# TIMEX3 types of a time expression, and how its value was fixed.
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")
TIME_ANCHORS = ("absolute", "publication date", "previous time expression", "none", "unresolved")


@dataclass
class TimeExpr(Span):
    """A temporal expression normalised TIMEX3-style (see DESIGN.md, "The vocabulary").

    `value` is a TIMEX3 value: 2025-02-27, 2025-01, 2025-W09, 2025-Q1, 2025-SU, 202X, P3Y,
    2025-02-26T22:29, XXXX-03-21, PRESENT_REF …; None when the expression needs an anchor that
    the text lacks (no publication date). `anchor` is one of TIME_ANCHORS: "absolute" for a
    value the words state in full, "none" for durations and sets, which are not anchored.
    `rule` names the pattern and the cue (e.g. the clause's tense) that gave the value.
    """

    type: str = "DATE"  # one of TIME_TYPES
    value: str | None = None
    granularity: str = ""  # day, week, month, quarter, year, decade, time, vague …
    anchor: str = "absolute"  # one of TIME_ANCHORS
    rule: str = ""
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, LESS_THAN …


# What a place is in the gazetteer (GeoNames feature class, coarsely).
PLACE_KINDS = ("continent", "country", "admin1", "admin2", "city")


@dataclass
class Place(_Record):
    """A GeoNames place: id, name, where it lies (ISO 3166 country, first-level region) and its point."""

    geonameid: int
    name: str
    kind: str  # one of PLACE_KINDS
    country: str | None = None  # ISO alpha-3, e.g. QAT
    country_code: str | None = None  # ISO alpha-2, e.g. QA
    admin1: str | None = None  # the first-level region's name, e.g. Texas
    admin1_code: str | None = None  # GeoNames admin1 code, e.g. TX
    lat: float = 0.0
    lon: float = 0.0
    population: int = 0


@dataclass
class PlaceMention(Span):
    """A place name in the text and the place it was resolved to (None when none fits).

    `signal` says what picked the place: "only" (one candidate), "qualifier" ("Paris, Texas"),
    "dateline", "context" (the article's other places and countries), "site country",
    "population"; `detected_by` what found the name: "ner" (a GPE or LOC entity), "ner relabelled"
    (a PERSON or ORG entity the context makes a place), "gazetteer" (a name the tagger left out),
    "gold" (given by the caller).
    `focus` marks the article's main place.
    """

    place: Place | None = None
    signal: str = ""
    confidence: float = 0.0
    detected_by: str = "ner"
    focus: bool = False


@dataclass
class Entity(Span):
    """A named-entity span as the NER model tagged it (PERSON, ORG, GPE, NORP ...)."""

    label: str = ""


# What kind of thing an actor is, and the signals that tie a mention to its actor.
ACTOR_KINDS = ("person", "group", "organisation", "state")
# The kinds whose names the knowledge base remembers: a state's or a group's name comes from the tables.
NAMED_ACTOR_KINDS = ("person", "organisation")
ACTOR_SIGNALS = ("title", "possessive", "apposition", "demonym", "metonym", "country", "organisation",
                 "coreference", "knowledge base", "context", "place", "ner")


@dataclass
class Actor(_Record):
    """A canonical actor in the PLOVER/CAMEO style (see DESIGN.md, "The vocabulary").

    `country` is an ISO 3166 alpha-3 code, or the code of an international organisation (UNO, NATO,
    EU ...) or NGO; `sector` a CAMEO/PLOVER agent code (GOV, MIL, REB, CVL ...); `role` the title as
    canonical words ("foreign minister"); `former` marks a role the text says has ended ("former US
    president Joe Biden"). `id` is stable across articles for the same person or group.
    """

    id: str
    name: str
    kind: str = "person"  # one of ACTOR_KINDS
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    former: bool = False
    aliases: list[str] = field(default_factory=list)


@dataclass
class ActorMention(Span):
    """A stretch of the text that names an actor, the signal that tied it (one of ACTOR_SIGNALS),
    how sure that tie is (0-1) and the index of its sentence in the document."""

    actor: Actor | None = None
    signal: str = "ner"
    confidence: float = 0.5
    sentence: int = 0


def utc_now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Failure(_Record):
    """Why a page went no further: the stage that stopped it, a stable code to group and test
    by, and a message for people. Codes: see `pipeline.FAILURE_CODES`."""

    stage: str  # read | fetch | extract | ... | store
    code: str  # e.g. time_limit, not_a_page, too_large, too_deep, bug
    message: str


@dataclass
class Processed:
    """One page on its way through the pipeline, and what each stage made of it.

    `article` is what extraction gave; `outputs` holds what later stages assign, by stage name;
    `versions` the version of each stage that ran. A page the store already holds (reprocess)
    carries its `page_id`, so its row is re-derived rather than added again.
    """

    page: Page
    article: Article | None = None
    failure: Failure | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    page_id: int | None = None
    # Outputs of an earlier run that a reprocess hands to the stages after them as their input:
    # read from the store, never written back.
    stored_inputs: tuple[str, ...] = ()
    # What one stage leaves for a later one in the same run (the parse), never stored nor sent between
    # processes: `Pipeline` empties it when the item leaves.
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


# What a quote is: words in quotation marks, or speech reported in the writer's words.
QUOTE_KINDS = ("direct", "indirect")


@dataclass
class Quote(Span):
    """What someone is reported to have said (see DESIGN.md, "The vocabulary").

    `start`/`end`/`text` run from the first quoted word to the last, marks left out. `parts` are
    the quoted stretches themselves: one for most quotes, more for a quote broken by its
    attribution ("“First part,” he said, “second part.”"), for one over several paragraphs and for
    reported speech with an "according to X" inside it; `text` may then hold the attribution
    between them, and `overlaps(start, end)` tells whether a stretch of the body (an event's
    sentence or trigger) lies in the quoted words.

    `kind` is one of QUOTE_KINDS: "direct" for words in quotation marks, "indirect" for the
    clause after "X said (that)", "X told Y (that)", "according to X,". `partial` marks a few
    quoted words inside the writer's own sentence ("described the talks as “constructive”").

    `speaker` is the speaker's mention as written ("Foreign Minister Sergei Lavrov", "the
    source", "he"), None where the text names nobody; `speaker_pronoun` says it is a pronoun,
    for coreference to resolve. `speaker_actor` is the id of the actor that mention stands for:
    quote finding leaves it None and the enrichment stage sets it by matching `speaker` against
    the actor mentions. `cue` is the reporting verb or phrase ("said", "added", "according to")
    and `cue_lemma` its base form; `signal` names the rule that found the quote and its speaker,
    `confidence` (0–1) how far to trust the quote with that speaker.
    """

    kind: str = "direct"  # one of QUOTE_KINDS
    parts: list[Span] = field(default_factory=list)
    partial: bool = False
    speaker: Span | None = None
    speaker_pronoun: bool = False
    speaker_actor: str | None = None
    cue: Span | None = None
    cue_lemma: str | None = None
    signal: str = ""
    confidence: float = 0.0

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with the quoted words (not the attribution between parts)."""
        return any(p.start < end and start < p.end for p in self.parts or [self])


@dataclass
class Enrichment(_Record):
    """What enrichment found in one article's body, every item with offsets into `Article.body`.

    `skipped` says what was left out and why ("no spaCy pipeline for language 'de'": times are
    still read; "body cut at 1,000,000 characters"), so a user can tell "nothing found" from "not read".
    """

    entities: list[Entity] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    focus_place: Place | None = None
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# PLOVER 2021's sixteen event types, from cooperation to conflict (see events/data/plover.toml).
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# Where an event's date and place came from.
EVENT_DATE_SOURCES = ("sentence", "paragraph", "publication date", "none")
EVENT_PLACE_SOURCES = ("sentence", "paragraph", "dateline", "none")


@dataclass
class EventMention(_Record):
    """One sentence that reports an event: the evidence a user can check.

    `sentence` and `trigger` are spans of `Article.body` ("met", "the talks", "was attacked");
    `sentence_index` counts the body's sentences from 0. `rule` names the lexicon entry that coded
    it ("verb meet", "noun talks", or a PETRARCH pattern), `quote_speaker` the actor id (or, when
    unresolved, the words) of whoever is quoted saying it, `confidence` (0-1) how far to trust the
    coding. `article_id` is set by the store; `published` is the article's publication date.
    """

    sentence: Span
    trigger: Span
    sentence_index: int = 0
    rule: str = ""
    quote_speaker: str | None = None
    confidence: float = 0.0
    article_id: int | None = None
    published: str | None = None


@dataclass
class Event(_Record):
    """A happening: who did what to whom, when and where (see DESIGN.md, "The vocabulary").

    `type` is one of EVENT_TYPES with its PLOVER `mode` ("meet", "visit", "third-party", "phone" …)
    and `contexts` ("diplomatic", "military" …). `actors` and `recipients` are canonical actors,
    lists for compound events; `reciprocal` marks an event both sides do to each other ("Russian
    and US diplomats will meet"). `cameo` is the CAMEO code, with its `quad_class` (1 verbal
    cooperation … 4 material conflict) and `goldstein` score (-10 … +10); `intensity` PLOVER's.

    `date` is a TIMEX3 value ("2025-02-27", "2022-03") with its `date_granularity`, and
    `date_source` (one of EVENT_DATE_SOURCES) says whether the sentence gave it or the publication
    date stands in; `place` is where it happened, `place_source` (one of EVENT_PLACE_SOURCES) says
    which words said so ("dateline" is a last resort). Flags: `future` (planned, "will meet"),
    `hypothetical` ("could impose"), `negated` ("did not meet": kept, marked), `historical`
    (background told in the past: "hosted talks in March 2022").

    `id` is stable for the same happening: the store merges mentions from several sentences and
    articles into one event by actors, type, date and place (`events.identity`).
    """

    id: str
    type: str  # one of EVENT_TYPES
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    reciprocal: bool = False
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    intensity: float | None = None
    date: str | None = None
    date_granularity: str = ""
    date_source: str = "none"  # one of EVENT_DATE_SOURCES
    place: Place | None = None
    place_source: str = "none"  # one of EVENT_PLACE_SOURCES
    future: bool = False
    hypothetical: bool = False
    negated: bool = False
    historical: bool = False
    mentions: list[EventMention] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """The best of its mentions' confidences."""
        return max((m.confidence for m in self.mentions), default=0.0)


@dataclass
class DuplicateMember(_Record):
    """One article of a duplicate group: how close it came to the group when it joined (None for
    the article the group was founded on) and its wire agency, when it is a wire copy."""

    article_id: int
    similarity: float | None = None
    wire: str | None = None


@dataclass
class DuplicateGroup(_Record):
    """Articles that are one text republished (stories/dedup.py); `original_id` is the earliest
    published, then the most complete. `members` come original first."""

    id: int
    original_id: int
    members: list[DuplicateMember] = field(default_factory=list)
