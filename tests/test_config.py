"""Settings: flags over DATELINE_* variables over dateline.toml over defaults."""

import pytest

from dateline.config import ConfigError, Settings, load_settings


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
