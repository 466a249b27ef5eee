"""The lookup form of a name, shared by the actor tables (enrich/) and the knowledge base (store/)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """The lookup form of a name: lower case, no accents, straight apostrophes, single spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = text.lower().split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)
