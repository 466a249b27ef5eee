"""The compiled copies and kernels give what their Python code gives, and a compiled module that
cannot be trusted (missing, older than its source, or turned off) leaves the Python code in use."""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import sys
import time
import zlib
from collections import Counter
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from test_stories_tokens import TEXTS

import dateline.stories.cluster_terms as cluster_terms
from dateline.compiled import compiled_copy, compiled_name
from dateline.stories import dedup, term_table

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
    # Weights and cosines over the counts of a stream of them (by term, and as the table gives them).
    frequencies: Counter[str] = Counter()
    vectors = []
    for n, (title, body) in enumerate(texts * 3):
        words, marks = cluster_terms.words_and_marks(title, body)
        frequencies.update(words.keys())
        weighed = [module.weigh(words, frequencies, n + 1, keep=200, min_frequency=2) for module in (cluster_terms, source)]
        assert weighed[0] == weighed[1]
        as_array = np.array([frequencies[term] for term in words], dtype=np.int64)
        assert source.weigh(words, as_array, n + 1, keep=200, min_frequency=2) == weighed[0]
        vectors.append(weighed[0])
    rng = random.Random(5)
    for _ in range(200):
        a, b = rng.choice(vectors), rng.choice(vectors)
        assert cluster_terms.cosine(a, b, 1.0) == source.cosine(a, b, 1.0)
        assert cluster_terms.normalised(b) == source.normalised(b)


def _compiled_or_skip(module: ModuleType | None) -> ModuleType:
    if module is None:
        pytest.skip("not compiled here")
    return module


# Words as `\w+` finds them, whatever the script: underscores, accents, digits of other scripts,
# letters past the BMP (four bytes of UTF-8), Chinese and Japanese one character a word (and their
# punctuation none), Thai and Korean as they are spaced.
WORD_CASES = ["snake_case and naïve café, Straße", "x² ٣٤ Ⅻ 𐌰𐌱𐌲 word", "東京都に住む・カーター氏は「ラーメン」を",
              "กรุงเทพมหานคร ประเทศไทย", "서울특별시 대한민국", "mixed東京text_and 中文", "a", "", "___ __x__ 9_9"]


def test_the_fingerprint_kernel_gives_the_python_codes_words_and_signatures(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel = _compiled_or_skip(dedup._KERNEL)
    for text in WORD_CASES:
        expected = [zlib.crc32(word.encode()) for word in dedup.words(text)]
        assert kernel.word_hashes(dedup._folded(text)).tolist() == expected, text
    bodies = [body for _, body in _texts()] + [" ".join(WORD_CASES) * 3, "one two three " * 10, "word " * 25]
    compiled = [dedup.fingerprint_text(body) for body in bodies]
    monkeypatch.setattr(dedup, "_KERNEL", None)
    assert [dedup.fingerprint_text(body) for body in bodies] == compiled
    assert sum(fp is not None for fp in compiled) > 10


def test_the_compiled_term_table_counts_prunes_and_pickles_as_the_python_one() -> None:
    kernel = _compiled_or_skip(term_table._KERNEL)
    empty = np.zeros(0, np.uint64), np.zeros(0, np.int64)
    python, compiled = term_table.PythonTermTable(), kernel.TermTable(*empty)
    vocabulary = [word for _, body in _texts() for word in body.split()][:6000] + ["", "東京", "naïve"]
    rng = random.Random(3)
    for _ in range(400):  # (past the compiled table's first size: it grows on the way)
        terms = list(dict.fromkeys(rng.sample(vocabulary, 60)))
        assert python.count(terms).tolist() == compiled.count(terms).tolist()
    assert len(python) == len(compiled) > 1024
    assert python.lookup(vocabulary).tolist() == compiled.lookup(vocabulary).tolist()
    for limit in (len(python), len(python) // 2, 200, 5):
        kept = python.pruned(limit), compiled.pruned(limit)
        assert len(kept[0]) == len(kept[1]) <= limit or limit < 10
        assert kept[0].lookup(vocabulary).tolist() == kept[1].lookup(vocabulary).tolist()
    # Either pickles into the table that is there: the compiled one's state reads back in plain Python.
    for table in (python, compiled):
        keys, counts = table.arrays()
        as_python = term_table.PythonTermTable(keys.tolist(), counts.tolist())
        assert as_python.lookup(vocabulary).tolist() == python.lookup(vocabulary).tolist()
    pairs = [sorted(zip(*(part.tolist() for part in table.arrays()), strict=True)) for table in (python, compiled)]
    assert pairs[0] == pairs[1]


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
