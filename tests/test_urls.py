"""normalise_url: one spelling per page, without changing what the URL points at."""

from __future__ import annotations

import pytest

from dateline.urls import normalise_url, url_site


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # scheme and host case, default ports, fragments
        ("HTTPS://WWW.Harbourtimes.COM/news/ferry-strike", "https://www.harbourtimes.com/news/ferry-strike"),
        ("https://harbourtimes.com:443/news/a", "https://harbourtimes.com/news/a"),
        ("http://harbourtimes.com:80/news/a", "http://harbourtimes.com/news/a"),
        ("http://harbourtimes.com:8080/news/a", "http://harbourtimes.com:8080/news/a"),
        ("https://harbourtimes.com/news/a#comments", "https://harbourtimes.com/news/a"),
        ("https://harbourtimes.com", "https://harbourtimes.com/"),
        ("https://harbourtimes.com.", "https://harbourtimes.com/"),
        # tracking parameters go, the rest is sorted
        (
            "https://harbourtimes.com/a?utm_source=twitter&utm_medium=social&id=42&fbclid=IwAR0x&gclid=Cj0",
            "https://harbourtimes.com/a?id=42",
        ),
        ("https://harbourtimes.com/a?page=2&id=42&mc_cid=1&mc_eid=2&igshid=x", "https://harbourtimes.com/a?id=42&page=2"),
        ("https://harbourtimes.com/a?ref_src=twsrc%5Etfw", "https://harbourtimes.com/a"),
        ("https://harbourtimes.com/a?UTM_Campaign=x&q=ferry", "https://harbourtimes.com/a?q=ferry"),
        ("https://harbourtimes.com/a?utm_source=x#top", "https://harbourtimes.com/a"),
        # paths are kept as written (a trailing slash or index.html may matter to the server)
        ("https://harbourtimes.com/news/", "https://harbourtimes.com/news/"),
        ("https://harbourtimes.com/news/index.html", "https://harbourtimes.com/news/index.html"),
        ("https://harbourtimes.com/News/Ferry", "https://harbourtimes.com/News/Ferry"),
        # escapes: unreserved ones decoded, reserved ones kept, case normalised, raw spaces escaped
        ("https://harbourtimes.com/%7Eeditor/a%2fb", "https://harbourtimes.com/~editor/a%2Fb"),
        ("https://harbourtimes.com/search?q=a+b&tag=c%2Bd", "https://harbourtimes.com/search?q=a+b&tag=c%2Bd"),
        ("https://harbourtimes.com/über uns", "https://harbourtimes.com/%C3%BCber%20uns"),
        ("https://Zürich-Zeitung.ch/lokal", "https://xn--zrich-zeitung-wob.ch/lokal"),
        # blank values and bare names survive
        ("https://harbourtimes.com/a?draft&x=", "https://harbourtimes.com/a?draft&x="),
    ],
)
def test_normalise_url(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


def test_variants_of_one_page_meet() -> None:
    variants = [
        "https://www.harbourtimes.com/news/ferry-strike?id=7&utm_source=newsletter",
        "HTTPS://WWW.HARBOURTIMES.COM:443/news/ferry-strike?id=7#update-3",
        "https://www.harbourtimes.com/news/ferry-strike?fbclid=abc&id=7",
    ]
    assert len({normalise_url(v) for v in variants}) == 1


def test_normalising_twice_changes_nothing() -> None:
    for raw in ("https://A.example/x?b=2&a=1&utm_term=z#f", "https://example.org/über?q=a b", "http://example.org:81"):
        once = normalise_url(raw)
        assert normalise_url(once) == once


def test_non_web_strings_pass_through() -> None:
    assert normalise_url("  /local/path.html ") == "/local/path.html"
    assert normalise_url("mailto:desk@harbourtimes.com") == "mailto:desk@harbourtimes.com"
    assert normalise_url("") == ""


def test_url_site() -> None:
    assert url_site("https://www.Harbourtimes.com/news") == "harbourtimes.com"
    assert url_site("https://news.harbourtimes.co.uk/a") == "news.harbourtimes.co.uk"
    assert url_site(None) is None
    assert url_site("not a url") is None
