from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from dateline.model import KEPT_HEADERS, Article, Dateline, Image, Page, Paragraph, _Record


def _article() -> Article:
    return Article(
        input="wire.html", is_article=True, url="https://example.com/a", title="Talks resume in Geneva",
        authors=["Lena Fischer"], agency="Reuters", published="2025-03-04T09:15:00+01:00",
        dateline=Dateline(place="Geneva", agency="Reuters", text="GENEVA (Reuters) -"),
        paragraphs=[Paragraph("GENEVA (Reuters) - Talks resumed."), Paragraph("Background", "heading")],
        images=[Image("https://example.com/p.jpg", "Delegates arrive", "Photo: AP")],
        evidence={"title": "json-ld"},
    )


def test_article_json_round_trip_keeps_nested_types():
    art = _article()
    back = Article.from_json(art.to_json())
    assert back == art
    assert isinstance(back.dateline, Dateline) and back.dateline.place == "Geneva"
    assert back.paragraphs[1].kind == "heading"
    assert isinstance(back.images[0], Image)


@pytest.mark.parametrize("record", [
    Paragraph("Ministers met for a third day.", "quote"),
    Image("https://example.com/p.jpg", caption=None, credit="Photo: AP"),
    Dateline(place="NAIROBI", agency=None, text="NAIROBI —"),
    Page(content="plain text dump", url="https://example.com/b", source="dump.txt", status=None,
         redirects=["http://example.com/b"], given={"title": "Rains return"}),
    Article(),
])
def test_every_model_type_round_trips(record):
    back = type(record).from_json(record.to_json())
    assert back == record and type(back) is type(record)


def test_nested_none_stays_none():
    art = Article.from_json(json.dumps({"title": "Flood warning", "dateline": None, "paragraphs": []}))
    assert art.dateline is None and art.paragraphs == []
    assert Image.from_dict({"url": "https://example.com/i.jpg", "caption": None}).caption is None


def test_page_hashes_content_and_round_trips_bytes():
    # Bytes that are not UTF-8 (a latin-1 page, a BOM) must come back byte for byte.
    page = Page(content=b"<html>\xff\xfe caf\xc3\xa9 \xe9t\xe9</html>", url="https://example.com/",
                headers={"Content-Type": "text/html"})
    assert len(page.content_hash) == 64
    assert page.content_type == "text/html"
    data = json.loads(page.to_json())
    assert data["content"] == {"__bytes__": page.content.decode("latin-1")}
    back = Page.from_json(page.to_json())
    assert back.content == page.content and isinstance(back.content, bytes)
    assert back.content_hash == page.content_hash


def test_from_dict_ignores_unknown_keys_at_every_level():
    art = Article.from_dict({"title": "x", "some_future_field": 1,
                             "dateline": {"place": "Lima", "confidence": 0.9},
                             "paragraphs": [{"text": "One.", "kind": "paragraph", "offset": 0}]})
    assert art.title == "x"
    assert art.dateline == Dateline(place="Lima")
    assert art.paragraphs == [Paragraph("One.")]


# A dataclass of the kind the coming stages add: it round-trips with no code of its own.
@dataclass
class _Actor(_Record):
    name: str
    role: str | None = None


@dataclass
class _Event(_Record):
    what: str
    actors: list[_Actor] = field(default_factory=list)
    lead: _Actor | None = None
    by_role: dict[str, _Actor] = field(default_factory=dict)
    span: tuple[int, int] | None = None
    raw: bytes | None = None
    sources: list[Paragraph] | None = None


def test_a_new_dataclass_round_trips_without_hand_code():
    event = _Event(
        what="ceasefire signed",
        actors=[_Actor("Amina Diallo", "mediator"), _Actor("Lars Holm")],
        lead=_Actor("Amina Diallo", "mediator"),
        by_role={"mediator": _Actor("Amina Diallo")},
        span=(120, 164),
        raw=b"\x00\xff",
        sources=[Paragraph("The two sides signed on Tuesday.")],
    )
    back = _Event.from_json(event.to_json())
    assert back == event
    assert isinstance(back.actors[0], _Actor) and isinstance(back.by_role["mediator"], _Actor)
    assert back.span == (120, 164) and back.raw == b"\x00\xff"
    empty = _Event.from_json(_Event("talks").to_json())
    assert empty.lead is None and empty.raw is None and empty.sources is None



def test_kept_headers_are_lower_case_and_include_conditional_get():
    assert all(h == h.lower() for h in KEPT_HEADERS)
    assert {"etag", "last-modified", "content-type"} <= KEPT_HEADERS


@pytest.mark.parametrize("published, expected", [
    ("2025-03-04T09:15:00+01:00", "2025-03-04T09:15:00+01:00"),  # an offset is kept
    ("2025-02-26T22:29", "2025-02-26T22:29:00+00:00"),  # site-local, offset unknown: taken as UTC
    ("2025-02-26", "2025-02-26T00:00:00+00:00"),  # a date alone: midnight UTC
    ("2025-02-26T22:29:00Z", "2025-02-26T22:29:00+00:00"),
])
def test_published_at_is_timezone_aware(published, expected):
    at = Article(published=published).published_at
    assert at is not None and at.tzinfo is not None
    assert at.isoformat() == expected


def test_published_at_agrees_with_the_store():
    from dateline.store.encode import utc

    for published in ("2025-03-04T09:15:00+01:00", "2025-02-26T22:29", "2025-02-26"):
        assert Article(published=published).published_at == utc(published)


@pytest.mark.parametrize("published", [None, "", "last Tuesday"])
def test_published_at_is_none_without_a_usable_date(published):
    assert Article(published=published).published_at is None


def test_published_at_is_not_a_field_so_json_is_unchanged():
    art = _article()
    assert "published_at" not in art.to_dict()
    assert Article.from_json(art.to_json()) == art
