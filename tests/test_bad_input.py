"""Bad input never raises, never hangs, never costs the rest of a batch."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import dateline

STORY = " ".join(
    f"The council voted {i} times on the harbour plan before the mayor, Ana Ruiz, called a final session "
    "to settle the dispute over the new ferry terminal." for i in range(12)
)
ARTICLE = f"""<!doctype html><html lang="en"><head><title>Harbour plan approved</title>
<meta property="og:type" content="article"></head><body><article><h1>Harbour plan approved</h1>
<p>{STORY}</p><p>{STORY}</p></article></body></html>"""


def test_empty_and_whitespace():
    for raw in (b"", b"\n\n  \t", ""):
        art = dateline.extract(raw, input_name="empty.html")
        assert not art.is_article and "empty" in art.reason and art.input == "empty.html"


def test_binary_file():
    art = dateline.extract(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, input_name="photo.html")
    assert not art.is_article and "PNG" in art.reason


def test_non_html_json_is_not_an_article():
    art = dateline.extract(json.dumps({"items": [{"id": i, "ok": True} for i in range(50)]}).encode())
    assert not art.is_article and art.reason


def test_truncated_html_still_yields_the_story():
    cut = ARTICLE[: len(ARTICLE) * 2 // 3]
    art = dateline.extract(cut)
    assert art.is_article and "harbour plan" in art.body and art.title == "Harbour plan approved"


def test_dom_nested_100000_levels_is_quick_and_clean():
    page = "<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000 + "</body></html>"
    start = time.monotonic()
    art = dateline.extract(page)
    assert time.monotonic() - start < 10
    assert not art.is_article and art.reason


def test_page_of_10000_links_is_not_an_article():
    links = "\n".join(f'<li><a href="/story/{i}">Story number {i} about the regional budget</a></li>' for i in range(10_000))
    page = f"<html><head><title>Archive</title></head><body><ul>{links}</ul></body></html>"
    start = time.monotonic()
    art = dateline.extract(page)
    assert time.monotonic() - start < 20
    assert not art.is_article and art.reason


def test_error_page_is_not_an_article():
    page = """<html><head><title>404 Not Found | The Daily Ledger</title></head><body>
    <nav><a href="/">Home</a><a href="/world">World</a></nav><h1>Page not found</h1>
    <p>Sorry, the page you were looking for does not exist or has been moved.</p></body></html>"""
    art = dateline.extract(page)
    assert not art.is_article and "error page" in art.reason


def test_time_limit_gives_a_reason_not_a_hang(monkeypatch):
    from dateline.extract import html as html_stage

    def endless(*args, **kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(html_stage, "extract_body", endless)
    start = time.monotonic()
    art = dateline.extract(ARTICLE, input_name="slow.html", time_limit_s=0.5)
    assert time.monotonic() - start < 3
    assert not art.is_article and "time limit" in art.reason and art.input == "slow.html"


def test_50_mb_page_has_bounded_memory_and_time(tmp_path):
    """Run in a child process so that its peak memory can be read."""
    big = tmp_path / "huge.html"
    filler = "<div class='promo'><script>var x = '" + "x" * 5000 + "';</script><a href='/x'>more</a></div>\n"
    with open(big, "w") as fh:
        fh.write(ARTICLE.replace("</article>", "</article>" + filler * (50_000_000 // len(filler))))
    code = textwrap.dedent(f"""
        import resource, time, dateline
        raw = open({str(big)!r}, 'rb').read()
        t = time.monotonic()
        art = dateline.extract(raw, input_name='huge.html')
        print(art.is_article, round(time.monotonic() - t, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    is_article, seconds, peak_mb = out.stdout.split()
    assert is_article == "True"
    assert float(seconds) < 30
    assert int(peak_mb) < 1200, f"peak RSS {peak_mb} MB"
