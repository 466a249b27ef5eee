"""Optional dependencies: imported where a feature needs them, with the install command when missing.

    pq = require("pyarrow.parquet", extra="parquet", purpose="writing Parquet")
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import DatelineError


class MissingDependency(DatelineError):
    """A feature needs a package that is not installed; the message says which extra brings it."""

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        package = module.split(".")[0]
        super().__init__(f"{purpose} needs {package}: pip install 'dateline[{extra}]'")
        self.module = module
        self.extra = extra


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import and return `module`, or raise MissingDependency naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name is not None and module != exc.name and not module.startswith(exc.name + "."):
            raise  # the package is there but one of its own imports failed: not a missing extra
        raise MissingDependency(module, extra, purpose) from exc
