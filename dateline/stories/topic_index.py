"""The index that finds an article's candidate topics: a term → the latest topics whose members
weighed it most (a bounded posting list). Beside it, derived and never saved, the reverse: a topic →
the terms whose lists hold it (kept exact as a full list drops its oldest topic), so that forgetting
faded topics edits only their own terms' postings instead of walking the whole index (some 100,000
terms) after every batch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Container, Iterable, Mapping


def add(index: dict[str, deque[str]], terms_of_topic: dict[str, dict[str, None]], terms: Iterable[str],
        topic_id: str, posting_limit: int) -> None:
    """File `topic_id` under each of `terms` (once; the oldest topic of a full list drops out)."""
    filed = terms_of_topic.setdefault(topic_id, {})
    for term in terms:
        postings = index.get(term)
        if postings is None:
            postings = index[term] = deque(maxlen=posting_limit)
        if topic_id not in postings:
            if len(postings) == postings.maxlen:  # (the oldest drops out: it is no longer filed there)
                terms_of_topic[postings[0]].pop(term, None)
            postings.append(topic_id)
            filed[term] = None


def drop(index: dict[str, deque[str]], terms_of_topic: dict[str, dict[str, None]], dropped: Iterable[str],
         live: Container[str]) -> None:
    """Take the `dropped` topics out of the index: each posting list keeps its `live` topics, in
    order; a list left empty goes. (Edited in place: an entry that stays keeps its place.)"""
    dropped = set(dropped)
    terms = dict.fromkeys(term for topic_id in dropped for term in terms_of_topic.pop(topic_id, ()))
    for term in terms:
        postings = index.get(term)
        if postings is None:
            continue
        kept = [topic_id for topic_id in postings if topic_id in live]
        if kept:
            index[term] = deque(kept, maxlen=postings.maxlen)
        else:
            del index[term]


def reverse(index: Mapping[str, Iterable[str]]) -> dict[str, dict[str, None]]:
    """The terms each topic is filed under (made again from the index of a state read back)."""
    terms_of_topic: dict[str, dict[str, None]] = {}
    for term, postings in index.items():
        for topic_id in postings:
            terms_of_topic.setdefault(topic_id, {})[term] = None
    return terms_of_topic
