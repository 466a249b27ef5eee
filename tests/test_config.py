"""Settings: flags over DATELINE_* variables over dateline.toml over defaults."""

import inspect
import json
import os
import time
from pathlib import Path

import pytest
from httpserver import LocalServer, Reply

import dateline
from dateline import cli
from dateline.config import ConfigError, Settings, load_settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_precedence(tmp_path):
    toml = tmp_path / "dateline.toml"
    toml.write_text('[dateline]\ndb = "from-file.db"\nbatch_size = 10\nhost_delay = 2.5\nuser-agent = "newsroom-bot/1.0"\n')
    env = {"DATELINE_DB": "postgresql://postgres@127.0.0.1/news", "DATELINE_BATCH_SIZE": "25"}
    s = load_settings({"batch_size": 50, "jobs": None}, env=env, config_path=toml)
    assert s.db == "postgresql://postgres@127.0.0.1/news"  # environment over file
    assert s.batch_size == 50  # flag over environment
    assert s.host_delay == 2.5 and s.user_agent == "newsroom-bot/1.0"  # file over defaults
    assert s.jobs == Settings().jobs  # a flag not given changes nothing


def test_file_is_optional_unless_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}).db == "dateline.db"
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_settings(env={}, config_path=tmp_path / "missing.toml")


@pytest.mark.parametrize("text, message", [
    ("db = [", "not valid TOML"),
    ("colour = 'blue'", "unknown setting 'colour'"),
    ("batch_size = 'many'", "batch_size must be a whole number"),
])
def test_bad_files_name_the_file_and_the_setting(tmp_path, text, message):
    path = tmp_path / "dateline.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(env={}, config_path=path)
    assert str(path) in str(info.value)


def test_bad_environment_names_the_variable():
    with pytest.raises(ConfigError, match="DATELINE_JOBS"):
        load_settings(env={"DATELINE_JOBS": "two"})


def test_user_errors_share_one_base():
    from dateline import DatelineError
    from dateline.cli import UsageError
    from dateline.sources import FetchError, SourceError

    for cls in (ConfigError, SourceError, FetchError, UsageError):
        assert issubclass(cls, DatelineError), cls


def test_cli_prints_a_bad_setting_and_exits_2(monkeypatch, tmp_path, capsys):
    from dateline import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATELINE_BATCH_SIZE", "lots")
    assert cli.main(["stats", "--db", str(tmp_path / "news.db")]) == 2
    err = capsys.readouterr().err
    assert err == "dateline: DATELINE_BATCH_SIZE: batch_size must be a whole number, not 'lots'\n"


def test_cli_prints_any_dateline_error_without_a_traceback(monkeypatch, capsys):
    from dateline import cli
    from dateline.sources import SourceError

    def unreadable(args):
        raise SourceError("feeds.txt: cannot read (permission denied)")

    monkeypatch.setitem(cli.COMMANDS, "stats", unreadable)
    assert cli.main(["stats"]) == 1
    assert capsys.readouterr().err == "dateline: error: feeds.txt: cannot read (permission denied)\n"


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No DATELINE_* variables and no dateline.toml but those a test sets."""
    for name in list(os.environ):
        if name.startswith("DATELINE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.fixture
def slow_extraction(monkeypatch):
    """Extraction that never ends on its own: only the time limit stops it."""
    from dateline.extract import html as html_stage

    def endless(*args, **kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(html_stage, "extract_body", endless)


def _extract_reason(capsys, *args: str) -> str:
    start = time.monotonic()
    assert cli.main(["extract", "--format", "jsonl", *args, str(EXAMPLES / "wire-reuters.html")]) == 0
    assert time.monotonic() - start < 5  # not the 30 s default
    [line] = capsys.readouterr().out.splitlines()
    art = json.loads(line)
    assert not art["is_article"]
    return art["reason"]


def test_time_limit_from_the_environment_reaches_extract(clean_env, slow_extraction, capsys):
    clean_env.setenv("DATELINE_TIME_LIMIT", "0.3")
    assert _extract_reason(capsys) == "gave up after the time limit of 0.3 s"
    # A flag still wins over the environment.
    assert _extract_reason(capsys, "--time-limit", "0.2") == "gave up after the time limit of 0.2 s"


def test_time_limit_from_dateline_toml_reaches_extract(clean_env, slow_extraction, capsys, tmp_path):
    (tmp_path / "dateline.toml").write_text("[dateline]\ntime-limit = 0.25\n")
    assert _extract_reason(capsys) == "gave up after the time limit of 0.25 s"
    other = tmp_path / "other.toml"
    other.write_text("time_limit = 0.15\n")
    assert _extract_reason(capsys, "--config", str(other)) == "gave up after the time limit of 0.15 s"


def test_fetch_timeout_from_the_environment_reaches_extract(clean_env, capsys):
    clean_env.setenv("DATELINE_FETCH_TIMEOUT", "0.3")
    with LocalServer() as server:
        # Headers trickle in a byte at a time: only the whole-fetch deadline (3 x the timeout) stops it.
        server.route("/slow", Reply(body=(EXAMPLES / "wire-reuters.html").read_bytes(), drip=0.05, drip_headers=True))
        start = time.monotonic()
        assert cli.main(["extract", "--format", "jsonl", server.url("/slow")]) == 1
    assert time.monotonic() - start < 5  # the default would wait 60 s
    assert "deadline of 0.9 s passed" in capsys.readouterr().err


def test_help_prints_the_defaults_of_settings(capsys):
    defaults = Settings()
    with pytest.raises(SystemExit):
        cli.main(["extract", "--help"])
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert f"seconds per document (default {defaults.time_limit:g})" in text
    assert f"seconds for fetching a URL (default {defaults.fetch_timeout:g})" in text
    assert f"(output order is kept; default {defaults.jobs})" in text
    with pytest.raises(SystemExit):
        cli.main(["ingest", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"pages per transaction (default {defaults.batch_size})" in text
    assert f"hosts fetched at once (default {defaults.concurrency})" in text


def test_the_api_time_limit_is_the_settings_default():
    assert inspect.signature(dateline.extract).parameters["time_limit_s"].default == Settings().time_limit
