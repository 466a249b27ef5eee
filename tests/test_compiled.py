"""The compiled copies give what their Python source gives, and a copy that cannot be trusted
(missing, older than its source, or turned off) leaves the source in use."""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from test_stories_tokens import TEXTS

import dateline.stories.cluster_terms as cluster_terms
from dateline.compiled import compiled_copy, compiled_name

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _source(module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """`module` run from its Python source, under another name in its package."""
    monkeypatch.setenv("DATELINE_PURE_PYTHON", "1")
    name = module.__name__ + "_source"
    spec = importlib.util.spec_from_file_location(name, module.__file__)
    assert spec is not None and spec.loader is not None
    source = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, source)
    spec.loader.exec_module(source)
    return source


def _texts() -> list[tuple[str, str]]:
    """Titles and bodies: the tokenizer's hard cases and the bundled example pages' text."""
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(EXAMPLES.rglob("*")) if p.is_file()]
    return [("", text) for text in TEXTS] + [(page[:120], page) for page in pages]


def test_the_clustering_terms_module_runs_compiled_where_a_compiler_is() -> None:
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler here: the Python source runs")
    copy = sys.modules.get(compiled_name(cluster_terms.__name__))
    assert copy is not None, "setup.py did not compile stories/cluster_terms.py (run `make compile`)"
    assert cluster_terms.words_and_marks is copy.words_and_marks


def test_the_compiled_terms_are_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    source = _source(cluster_terms, monkeypatch)
    assert source.words_and_marks is not cluster_terms.words_and_marks
    texts = _texts()
    assert len(texts) > 10
    for title, body in texts:
        assert cluster_terms._tokens(body) == source._tokens(body)
        for language in (None, "en", "de", "ja"):
            assert cluster_terms.words_and_marks(title, body, language) == source.words_and_marks(title, body, language)
    # Weights, pruning and cosines over the counts of a stream of them.
    frequencies: Counter[str] = Counter()
    vectors = []
    for n, (title, body) in enumerate(texts * 3):
        words, marks = cluster_terms.words_and_marks(title, body)
        frequencies.update(words.keys())
        assert cluster_terms.pruned(Counter(frequencies), 500) == source.pruned(Counter(frequencies), 500)
        weighed = [module.weigh(words, frequencies, n + 1, keep=200, min_frequency=2) for module in (cluster_terms, source)]
        assert weighed[0] == weighed[1]
        vectors.append(weighed[0])
    rng = random.Random(5)
    for _ in range(200):
        a, b = rng.choice(vectors), rng.choice(vectors)
        assert cluster_terms.cosine(a, b, 1.0) == source.cosine(a, b, 1.0)
        assert cluster_terms.normalised(b) == source.normalised(b)


def test_a_copy_older_than_its_source_is_passed_over(tmp_path: Path) -> None:
    if sys.modules.get(compiled_name(cluster_terms.__name__)) is None:
        pytest.skip("not compiled here")
    edited = tmp_path / "cluster_terms.py"
    edited.write_text("# edited after the copy was compiled\n")
    later = time.time() + 60
    os.utime(edited, (later, later))
    with pytest.warns(RuntimeWarning, match="older than"):
        assert compiled_copy(cluster_terms.__name__, str(edited)) is None
    assert compiled_copy(cluster_terms.__name__, cluster_terms.__file__) is not None


def test_the_source_runs_when_asked_or_when_there_is_no_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    assert compiled_copy("dateline.stories.summary", __file__) is None  # nothing compiled of it
    monkeypatch.setenv("DATELINE_PURE_PYTHON", "1")
    assert compiled_copy(cluster_terms.__name__, cluster_terms.__file__) is None
