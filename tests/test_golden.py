"""Golden pages: what a careful reader takes off each page in examples/, checked field by field.

Each tests/golden/<name>.json names a page (relative to examples/), its URL and the expected
fields. The expectations were written from the pages themselves, never from dateline's output.
One test per page and field, so that a failure names the field and hence the module behind it.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

import dateline
from dateline.model import Article

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples"


def _cases() -> list:
    cases = []
    for path in sorted(GOLDEN.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for field in spec["expect"]:
            cases.append(pytest.param(path.stem, field, id=f"{path.stem}:{field}"))
    return cases


def _spec(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _article(name: str) -> Article:
    spec = _spec(name)
    page = (EXAMPLES / spec["page"]).resolve()
    if not page.exists():
        pytest.skip(f"{page} is not here (it lives outside the repo)")
    return dateline.extract(page.read_bytes(), spec.get("url"), input_name=page.name)


def _norm(text: str | None) -> str | None:
    return " ".join(text.split()) if isinstance(text, str) else text


def _texts(art: Article) -> list[str]:
    return [_norm(p.text) for p in art.paragraphs if p.kind != "heading"]


def _same_time(expected: str, actual: str | None) -> None:
    assert actual, "no date found"
    want, got = datetime.fromisoformat(expected), datetime.fromisoformat(actual)
    if want.tzinfo is None:
        # The page gives no offset: none may be invented.
        assert got.tzinfo is None, f"{actual} carries an offset the page does not give"
        assert got == want, actual
    else:
        assert got.tzinfo is not None, f"{actual} lost the offset the page gives ({expected})"
        assert got == want, f"{actual} is not the instant {expected}"


@pytest.mark.parametrize(("name", "field"), _cases())
def test_golden(name: str, field: str) -> None:
    want = _spec(name)["expect"][field]
    art = _article(name)
    body = art.body
    if field in ("title", "subtitle", "agency", "language", "lede"):
        assert _norm(getattr(art, field)) == want
    elif field == "is_article":
        assert art.is_article is want, art.reason
    elif field == "authors":
        assert art.authors == want
    elif field == "published":
        _same_time(want, art.published)
    elif field == "dateline":
        if want is None:
            assert art.dateline is None
        else:
            assert art.dateline is not None, "no dateline found"
            for key, value in want.items():
                assert getattr(art.dateline, key) == value, key
    elif field == "body_first":
        texts = _texts(art)
        assert texts and texts[0] == want
    elif field == "body_last":
        texts = _texts(art)
        assert texts and texts[-1] == want
    elif field == "headings":
        headings = [_norm(p.text) for p in art.paragraphs if p.kind == "heading"]
        for heading in want:
            assert heading in headings
    elif field == "body_contains":
        for text in want:
            assert text in body
    elif field == "body_excludes":
        leaked = [text for text in want if text in body]
        assert not leaked, f"boilerplate in the body: {leaked}"
    elif field == "body_count":
        for text, count in want.items():
            assert body.count(text) == count, text
    else:
        raise AssertionError(f"unknown field {field!r} in tests/golden/{name}.json")
