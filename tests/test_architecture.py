"""The package's structure as DESIGN.md states it ("Data flow", "Package layout").

- no import cycle among dateline's modules;
- the floors: `cli` → `ingest`, `reprocess`, `scale`, `serve` → `pipeline` → the stages, `sources/`,
  `store/` → `model`, `config` and the shared helpers → `errors`, `version`; nothing imports upwards;
- no module over 700 lines ("a module does one thing").

The import graph is read from the source with `ast`, nothing is imported: every `import` counts,
at module level or inside a function (a lazy import that goes back to a module importing it is
still a cycle in design terms); only `if TYPE_CHECKING:` blocks are left out. Alembic loads the
migrations by path: they are not part of the graph.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dateline"
NOT_IMPORTED = (PACKAGE / "store" / "migrations",)
MAX_LINES = 700

# Top to bottom. A module may import its own component, any component on a lower floor, and
# on its own floor only what SIDEWAYS allows. A component is a subpackage (`extract`, `store`...)
# or a top-level module; `dateline` is the package's __init__, the public API.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("__main__",),                                           # python -m dateline
    ("cli", "cli_stories"),                                  # the command: thin, calls the API
    ("dateline",),                                           # the public API: it gathers what is below
    ("ingest", "reprocess", "scale", "serve", "analyze"),    # the one ingest loop and its users; one page in memory
    ("render", "render_events"),                             # presentation of articles, rows, reports, progress
    ("pipeline",),                                           # strings the stages together, no I/O
    ("extract", "enrich", "events", "stories", "sources", "store"),  # stages (pure); the I/O edges
    ("model", "config", "urls", "writing_systems", "optional", "compiled", "names"),  # the vocabulary, the settings, shared helpers
    ("errors", "version", "iso639"),                                   # import nothing of dateline
)

# Allowed imports between two components of the same floor: (importer, imported).
SIDEWAYS: frozenset[tuple[str, str]] = frozenset({
    ("cli", "cli_stories"),    # the story commands, in a module of their own
    ("reprocess", "ingest"),   # the stored pages as one more source of the one ingest loop
    ("scale", "ingest"),       # the same ingest on Dask, never a second copy of it
    ("serve", "ingest"),       # pages posted to the REST API go through the one ingest loop
    # a later stage may use an earlier one's helpers, in the direction the data flows
    ("enrich", "extract"), ("events", "extract"), ("events", "enrich"),
    ("stories", "extract"), ("stories", "enrich"), ("stories", "events"),
    ("store", "events"),  # the events writer joins reports of one happening by events.identity (pure)
    ("store", "stories"),  # the duplicates writer decides by stories.dedup's signatures (pure)
    ("model", "config"), ("config", "model"),  # "each other as needed" (both at once is a cycle)
})

# Downward imports that are still wrong: (importer, imported, why).
FORBIDDEN: tuple[tuple[str, str, str], ...] = (
    ("pipeline", "sources", "the pipeline has no I/O: ingest takes pages from sources"),
    ("pipeline", "store", "the pipeline has no I/O: ingest writes to the store"),
)


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (a package means its __init__)
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.source} imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))
            if not any(p.is_relative_to(d) for d in NOT_IMPORTED)}


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def import_nodes(tree: ast.AST):
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and is_type_checking(node.test):
            todo.extend(node.orelse)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        else:
            todo.extend(ast.iter_child_nodes(node))


def known(name: str, known_modules: dict[str, Path]) -> str:
    """The module itself, or the nearest package holding it (`import dateline.x.y` of a name that is no module)."""
    while name not in known_modules and "." in name:
        name = name.rpartition(".")[0]
    return name


def imports_of(module: str, path: Path, known_modules: dict[str, Path]) -> list[Import]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in import_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # `from pkg import name`: the submodule pkg.name if there is one, else pkg's __init__
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known_modules else base for a in node.names]
        for target in targets:
            if target != "dateline" and not target.startswith("dateline."):
                continue
            target = known(target, known_modules)
            if target != module:
                found.append(Import(module, target, path, node.lineno))
    # `from .store import A, B`: one import of the store
    return sorted(dict.fromkeys(found), key=lambda i: (i.line, i.target))


@cache
def all_imports() -> tuple[Import, ...]:
    known_modules = modules()
    return tuple(i for m, p in known_modules.items() for i in imports_of(m, p, known_modules))


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


def shortest_cycle(graph: dict[str, set[str]], start: str) -> list[str]:
    """start → ... → start, the fewest steps (breadth first)."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v]):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                todo.append(w)
    return []


def component(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


FLOOR_OF = {name: n for n, floor in enumerate(FLOORS) for name in floor}


def rule_broken(imp: Import) -> str | None:
    """Why `imp` goes against the floors, or None."""
    src, dst = component(imp.source), component(imp.target)
    if src == dst:
        return None
    for importer, imported, why in FORBIDDEN:
        if (src, dst) == (importer, imported):
            return why
    if FLOOR_OF[dst] < FLOOR_OF[src]:
        return f"upwards: {dst!r} is on a higher floor than {src!r}"
    if FLOOR_OF[dst] == FLOOR_OF[src] and (src, dst) not in SIDEWAYS:
        return f"sideways: {src!r} and {dst!r} are on the same floor and {src!r} may not import {dst!r}"
    return None


# -- the tests -------------------------------------------------------------------------------


def test_the_graph_is_read():
    # a guard against a parser that silently finds nothing: these imports are in the code today
    pairs = {(i.source, i.target) for i in all_imports()}
    assert ("dateline.ingest", "dateline.pipeline") in pairs
    assert ("dateline.store.store", "dateline.store.article_writer") in pairs  # from . import article_writer
    assert ("dateline.ingest", "dateline.sources") in pairs  # from .sources import SourceError: the __init__
    assert ("dateline.store", "dateline.store.store") in pairs  # inside open_store


def test_the_graph_reader(tmp_path):
    # the reading rules on a made-up package, so that they do not depend on today's code
    pkg = tmp_path / "dateline" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "mod.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import sub, helper\n"        # 2: sub is a submodule, helper a name in pkg/__init__
        "from .. import errors\n"            # 3: dateline.errors, a module
        "from ..model import Page\n"         # 4: a name in dateline.model
        "import dateline.pkg.sub.deep\n"     # 5: no such module: the nearest package that is one
        "if TYPE_CHECKING:\n"
        "    from ..cli import main\n"       # left out
        "else:\n"
        "    from ..config import Settings\n"   # 9: counts
        "def f():\n"
        "    from ..ingest import ingest\n"  # 11: counts
        "    import json\n"                  # not dateline
    )
    known_modules = dict.fromkeys(["dateline", "dateline.pkg", "dateline.pkg.mod", "dateline.pkg.sub", "dateline.errors",
                                   "dateline.model", "dateline.config", "dateline.ingest", "dateline.cli"],
                                  tmp_path / "x.py")
    got = [(i.target, i.line) for i in imports_of("dateline.pkg.mod", pkg / "mod.py", known_modules)]
    assert sorted(got) == sorted([("dateline.pkg.sub", 2), ("dateline.pkg", 2), ("dateline.errors", 3),
                                  ("dateline.model", 4), ("dateline.pkg.sub", 5), ("dateline.config", 9),
                                  ("dateline.ingest", 11)])
    init = pkg / "__init__.py"
    init.write_text("from .mod import f\nfrom . import sub\n")
    assert [(i.target, i.line) for i in imports_of("dateline.pkg", init, known_modules)] == [
        ("dateline.pkg.mod", 1), ("dateline.pkg.sub", 2)]


def test_cycle_finder():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"a", "e"}}
    assert sorted(c for c in strongly_connected(graph) if len(c) > 1) == [["a", "b", "c"]]
    assert shortest_cycle(graph, "a") == ["a", "b", "c", "a"]


def test_no_import_cycle():
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for imp in all_imports():
        graph[imp.source].add(imp.target)
    cycles = [c for c in strongly_connected(graph) if len(c) > 1]
    report = []
    for cycle in cycles:
        members = set(cycle)
        report.append(f"cycle among {', '.join(cycle)}\n  e.g. {' -> '.join(shortest_cycle(graph, cycle[0]))}\n"
                      "  the imports within it:\n" + "\n".join(
                          f"    {i}" for i in all_imports() if i.source in members and i.target in members))
    assert not cycles, f"{len(cycles)} import cycle(s):\n" + "\n".join(report)


def test_every_module_has_a_floor():
    unplaced = sorted({f"{component(m)} ({p.relative_to(ROOT)})" for m, p in modules().items()
                       if component(m) not in FLOOR_OF})
    assert not unplaced, "place these in FLOORS (tests/test_architecture.py): " + ", ".join(unplaced)


def test_nothing_imports_upwards():
    broken = [f"{imp}: {why}" for imp in all_imports() if (why := rule_broken(imp))]
    assert not broken, (f"{len(broken)} import(s) against the floors (DESIGN.md, Data flow):\n  "
                        + "\n  ".join(broken))


def test_the_floors_catch_what_they_should():
    def broken(source: str, target: str) -> bool:
        return rule_broken(Import(source, target, PACKAGE / "x.py", 1)) is not None

    assert broken("dateline.store.store", "dateline.pipeline")
    assert broken("dateline.extract.html", "dateline.ingest")
    assert broken("dateline.sources.http", "dateline.cli")
    assert broken("dateline.pipeline", "dateline.ingest")
    assert broken("dateline.pipeline", "dateline.store")
    assert broken("dateline.extract.body", "dateline.store.records")
    assert broken("dateline.model", "dateline.urls")  # model and config import each other, errors, version only
    assert not broken("dateline.model", "dateline.errors")
    assert broken("dateline.errors", "dateline.model")
    assert broken("dateline.ingest", "dateline")  # the public API is no place to get things from
    assert broken("dateline.extract", "dateline.enrich")  # against the data flow
    assert not broken("dateline.enrich.times", "dateline.extract.datetext")
    assert not broken("dateline.reprocess", "dateline.ingest")
    assert not broken("dateline.cli", "dateline.render")


def test_no_module_over_700_lines():
    sizes = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in sorted(PACKAGE.rglob("*.py"))}
    over = sorted(((n, p) for p, n in sizes.items() if n > MAX_LINES), reverse=True)
    assert not over, (f"modules over {MAX_LINES} lines (a module does one thing: split it by what it does):\n  "
                      + "\n  ".join(f"{p.relative_to(ROOT)}: {n} lines" for n, p in over))
