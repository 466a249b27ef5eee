"""dateline's compiled modules: modules of plain Python whose hot loops Cython compiles to C.

Each listed Python module is compiled, as it is, into a module of its own beside it
(`stories/cluster_terms.py` → `stories/_cluster_terms_compiled`), which `dateline.compiled.compiled_copy`
picks up in its place; a `.pyx` file is a kernel written for Cython, whose module the caller picks
up with `dateline.compiled.compiled_module`. Either way the Python code stays the reference and the
fallback: without Cython or a C compiler the package installs as it is and runs it, slower, with the
same results (tests/test_compiled.py).
Everything else about the package is in pyproject.toml.
"""

from pathlib import Path

from setuptools import Extension, setup

COMPILED = ["dateline/stories/cluster_terms.py", "dateline/stories/_minhash.pyx", "dateline/stories/_term_table.pyx"]


def module_name(source: Path) -> str:
    return source.stem if source.suffix == ".pyx" else f"_{source.stem}_compiled"


def extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:  # (pyproject.toml's build requirements bring Cython; a bare `setup.py` may lack it)
        return []
    modules = [Extension(".".join([*Path(source).parent.parts, module_name(Path(source))]), [source],
                         optional=True)  # (a failed compile leaves the Python code in use)
               for source in COMPILED]
    return cythonize(modules, language_level=3, build_dir="build", quiet=True)


setup(ext_modules=extensions())
