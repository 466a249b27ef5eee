"""The `dateline` command, run as a user runs it (in-process: conftest's run_cli calls dateline.cli.main)."""

from __future__ import annotations

import json

import pytest
from httpserver import Reply

STORY = ("The regional assembly approved the budget on Tuesday after a debate that lasted eleven hours, "
         "with opposition members warning that the plan would cut rural bus services. ")
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Assembly passes budget | Valley Post</title>
<meta property="og:title" content="Assembly passes budget"><meta property="og:type" content="article">
<meta property="article:published_time" content="2025-03-04T18:20:00+01:00"></head>
<body><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<article><h1>Assembly passes budget</h1><p>{STORY * 3}</p><p>{STORY * 2}</p></article></body></html>"""


@pytest.fixture
def pages(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.html").write_text(PAGE)
    (tmp_path / "b" / "c.html").write_text(PAGE.replace("Assembly passes budget", "Second story"))
    (tmp_path / "b" / "empty.html").write_bytes(b"")
    return tmp_path


def test_single_file_prints_one_json_object(run_cli, pages):
    out = run_cli("extract", str(pages / "a.html"), "--url", "https://valleypost.example/politics/budget")
    assert out.returncode == 0, out.stderr
    art = json.loads(out.stdout)
    assert art["is_article"] is True
    assert art["title"] == "Assembly passes budget"
    assert art["url"] == "https://valleypost.example/politics/budget"
    assert art["published"].startswith("2025-03-04")
    assert "eleven hours" in art["body"]


def test_directory_and_missing_file_in_order_as_jsonl(run_cli, pages):
    out = run_cli("extract", "--format", "jsonl", str(pages), str(pages / "missing.html"))
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["input"].rsplit("/", 1)[-1] for line in lines] == ["a.html", "c.html", "empty.html", "missing.html"]
    assert [line["is_article"] for line in lines] == [True, True, False, False]
    assert "empty" in lines[2]["reason"] and "no such file" in lines[3]["reason"]
    assert "missing.html: no such file" in out.stderr
    assert "Traceback" not in out.stderr
    assert out.returncode == 1  # one input could not be read; the rest were still extracted


def test_jobs_keep_input_order(run_cli, pages):
    out = run_cli("extract", "--format", "jsonl", "--jobs", "2", str(pages))
    titles = [json.loads(line)["title"] for line in out.stdout.splitlines()]
    assert titles[:2] == ["Assembly passes budget", "Second story"]


def test_stdin_and_markdown(run_cli):
    out = run_cli("extract", "--format", "markdown", "-", stdin=PAGE.encode())
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# Assembly passes budget\n")
    assert "eleven hours" in out.stdout


def test_progress_bar_goes_to_stderr_only(run_cli, pages):
    out = run_cli("extract", "--format", "jsonl", "--progress", "always", str(pages))
    assert "3page" in out.stderr.replace(" ", "")  # tqdm's final count
    assert [json.loads(line)["is_article"] for line in out.stdout.splitlines()] == [True, True, False]


def test_usage_error_is_not_a_traceback(run_cli):
    out = run_cli("extract", "--format", "yaml", "x.html")
    assert out.returncode == 2 and "invalid choice" in out.stderr and "Traceback" not in out.stderr


@pytest.fixture
def site(local_server):
    local_server.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    local_server.route("/news/budget", Reply(body=PAGE))
    local_server.route("/private/memo", Reply(body=PAGE, content_type="text/html"))
    return local_server


def test_fetches_urls_honouring_robots(site):
    from dateline.sources.http import Fetcher, SourceError

    base = site.base
    with Fetcher(timeout=5) as fetcher:
        page = fetcher.fetch(base + "/news/budget")
        assert page.status == 200 and b"Assembly passes budget" in page.content
        with pytest.raises(SourceError, match="robots.txt"):
            fetcher.fetch(base + "/private/memo")
        with pytest.raises(SourceError, match="HTTP 404"):
            fetcher.fetch(base + "/gone")
    assert all(seen.headers["user-agent"].startswith("dateline/") for seen in site.requests)
    assert len(site.hits("/robots.txt")) == 1 and site.hits("/private/memo") == []


def test_cli_with_url(run_cli, site):
    base = site.base
    out = run_cli("extract", "--format", "jsonl", base + "/news/budget", base + "/private/memo")
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["is_article"] and first["url"] == base + "/news/budget"
    assert not second["is_article"] and "robots.txt" in second["reason"]


def test_version_is_the_package_version(run_cli):
    import dateline

    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout == f"dateline {dateline.__version__}\n"
