"""Groups of pages for the per-language and per-page-type tables of the extraction benchmarks.

A benchmark labels each page (its language, the dataset's page type, dateline's verdict on the
page) and scores each group with its own metric; this module only makes the labels and groups.
"""

from __future__ import annotations

from collections.abc import Sequence


def dateline_page_kind(is_article: bool, reason: str | None) -> str:
    """dateline's verdict on a page: "article", or the kind of page its `reason` names.

    Reasons carry details in brackets ("no article text found (12 words of body)"); the part
    before them is the kind, so pages group by kind and not by word count.
    """
    if is_article:
        return "article"
    return "not article: " + (reason or "no reason given").split(" (")[0]


def gold_language(text: str) -> str:
    """py3langid's language of a gold text, to group pages by; never used for a prediction."""
    import py3langid

    lang, _ = py3langid.classify(text)
    return str(lang)


def group_indices(labels: Sequence[str]) -> dict[str, list[int]]:
    """Page indices by label, the largest group first (then by name, so the order is stable)."""
    out: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        out.setdefault(label, []).append(i)
    return dict(sorted(out.items(), key=lambda kv: (-len(kv[1]), kv[0])))
