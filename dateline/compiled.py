"""The compiled copy of a module, or a compiled kernel, when there is one to trust.

setup.py compiles a few modules of plain Python with Cython into modules of their own
(`stories/cluster_terms.py` → `stories/_cluster_terms_compiled`); the source module then takes its
functions from that copy. It also compiles kernels written for Cython (`stories/_minhash.pyx`), which
their caller uses in place of its numpy code. A compiled module is passed over, and the Python code
runs (slower, with the same results), when it is missing (no C compiler at install), when it is
older than its source (the source was edited since: `make compile` compiles it again), or when
DATELINE_PURE_PYTHON is set.
"""

from __future__ import annotations

import importlib
import os
import warnings
from types import ModuleType

COMPILED_SUFFIX = "_compiled"


def compiled_name(module_name: str) -> str:
    package, _, name = module_name.rpartition(".")
    return f"{package}._{name}{COMPILED_SUFFIX}"


def compiled_copy(module_name: str, source_file: str) -> ModuleType | None:
    """The compiled copy of the module `module_name` (whose source is `source_file`), or None."""
    if module_name.endswith(COMPILED_SUFFIX):
        return None  # (the copy itself runs the source's code, this call included)
    return compiled_module(compiled_name(module_name), source_file, stacklevel=3)


def compiled_module(module_name: str, source_file: str, stacklevel: int = 2) -> ModuleType | None:
    """The compiled module `module_name`, made from `source_file`, or None. (`stacklevel` points a
    warning at the module asking.)"""
    if os.environ.get("DATELINE_PURE_PYTHON"):
        return None
    try:
        copy = importlib.import_module(module_name)
    except ImportError:
        return None
    copy_file = copy.__file__ or ""
    # (A second's grace: an installer writes both files at one moment, in either order.)
    if copy_file and os.path.getmtime(copy_file) + 1.0 < os.path.getmtime(source_file):
        warnings.warn(f"{copy_file} is older than {source_file}: the Python code runs instead "
                      "(`make compile` compiles it again)", RuntimeWarning, stacklevel=stacklevel)
        return None
    return copy
