"""The public API: what `dateline` and `dateline.store` export, and the version the package reports.

A change to these lists is a change for users: update the expected list on purpose, not by accident.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re

import pytest

import dateline

EXPECTED = {
    "dateline": [
        "Analysis",
        "Article",
        "ArticleFilter",
        "Dateline",
        "DatelineError",
        "Enrichment",
        "Event",
        "EventMention",
        "Failure",
        "Image",
        "Page",
        "Paragraph",
        "Pipeline",
        "Processed",
        "Settings",
        "__version__",
        "analyze",
        "events",
        "extract",
        "extract_page",
        "ingest",
        "open_store",
        "reprocess",
    ],
    "dateline.store": [
        "ActorRecord", "ActorRole", "ArticleFilter",
        "BatchCounts",
        "ErrorRecord",
        "ErrorRow",
        "EventFilter",
        "MentionSource",
        "PageVersion",
        "Processed",
        "SearchHit",
        "Stats",
        "Store",
        "StoreBusy",
        "StoreError",
        "StoredArticle",
        "StoryDetail",
        "StoryFilter",
        "StoryRecord",
        "Totals",
        "open_store",
    ],
}


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_all_is_the_expected_list(module):
    assert sorted(importlib.import_module(module).__all__) == EXPECTED[module]


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_every_exported_name_imports(module):
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert getattr(mod, name) is not None, f"{module}.{name}"
    namespace: dict[str, object] = {}
    exec(f"from {module} import *", namespace)  # noqa: S102 - the star import users may write
    assert set(mod.__all__) <= set(namespace)


def test_installed_version_is_the_package_version():
    """pyproject reads the version from dateline/version.py: the metadata pip sees agrees."""
    assert importlib.metadata.version("dateline") == dateline.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", dateline.__version__)
