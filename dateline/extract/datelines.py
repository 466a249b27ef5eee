"""The dateline that opens a story: "WASHINGTON (Reuters) —", "Doha, (APP - ...)".

PLACEHOLDER.
"""

from __future__ import annotations

from ..model import Dateline


def split_dateline(first_paragraph: str) -> Dateline | None:
    return None
