"""The shared vocabulary of dateline: plain dataclasses with a JSON round-trip.

Every stage reads and writes these types only, so the store, the web UI and the
exports see one shape of data (see DESIGN.md, "The vocabulary").
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
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


class _Record:
    """Mixin: to_dict/from_dict/to_json/from_json for the dataclasses below."""

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})

    @classmethod
    def from_json(cls: type[T], text: str) -> T:
        return cls.from_dict(json.loads(text))  # type: ignore[attr-defined]


@dataclass
class Page(_Record):
    """A raw page as a source delivered it: bytes (or text) plus where it came from."""

    content: bytes | str
    url: str | None = None
    source: str | None = None  # the input that delivered it: a path, a URL, "-" for stdin
    fetched_at: str | None = None  # ISO 8601, UTC
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_hash: str = ""
    redirects: list[str] = field(default_factory=list)  # URLs passed through before `url`, in order
    # Fields a source already knows, e.g. a corpus row's title, text and published date;
    # a page with a "text" here is taken as already extracted.
    given: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.content, dict) and "__bytes__" in self.content:
            self.content = self.content["__bytes__"].encode("latin-1")
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

    def __post_init__(self) -> None:
        if isinstance(self.dateline, dict):
            self.dateline = Dateline.from_dict(self.dateline)
        self.paragraphs = [Paragraph.from_dict(p) if isinstance(p, dict) else p for p in self.paragraphs]
        self.images = [Image.from_dict(i) if isinstance(i, dict) else i for i in self.images]


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
