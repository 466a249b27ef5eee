"""dateline's compiled modules: modules of plain Python whose hot loops Cython compiles to C.

Each listed module is compiled, as it is, into a module of its own beside it (`stories/cluster_terms.py`
→ `stories/_cluster_terms_compiled`), which `dateline.compiled.compiled_copy` picks up in its place.
The Python source stays the reference and the fallback: without Cython or a C compiler the package
installs as it is and runs the source, slower, with the same results (tests/test_compiled.py).
Everything else about the package is in pyproject.toml.
"""

from pathlib import Path

from setuptools import Extension, setup

COMPILED = ["dateline/stories/cluster_terms.py"]


def extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:  # (pyproject.toml's build requirements bring Cython; a bare `setup.py` may lack it)
        return []
    modules = [Extension(".".join([*Path(source).parent.parts, f"_{Path(source).stem}_compiled"]), [source],
                         optional=True)  # (a failed compile leaves the Python source in use)
               for source in COMPILED]
    return cythonize(modules, language_level=3, build_dir="build", quiet=True)


setup(ext_modules=extensions())
