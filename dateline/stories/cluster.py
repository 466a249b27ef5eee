"""Online story clustering: each arriving article joins the story it continues, or opens a new one.

Pure: `assign(articles, state, settings)` reads article records and a `ClusterState` (which it
updates) and returns one `Assignment` per article; no I/O, no store. The store keeps the state
between runs (as it keeps any other stage's output).

How an article finds its story (two levels: a topic, then a story in it):
- its terms (sublinear TF-IDF over title and body: words, two- and three-word phrases, and marks:
  names, numbers and the actors, places and event keys enrichment gave) form one vector; a term
  fewer than `min_frequency` articles used is left out (a typo, one writer's aside);
- its topic (stories of one kind: two film stars entering rehab) comes from an inverted index of
  the heaviest words of the topics' members, each posting list bounded, so an article's cost does
  not grow with the number of stories stored; it joins the candidate whose members it agrees
  with most on average (from the topic's centroid sum), or opens a topic;
- in the topic it joins the story whose latest members it agrees with most on average (the
  group-average link), or opens a story; the similarities to the topic's latest members are kept;
- now and then (every `split_every` new members of a topic, and at once when a join agreed less
  than `split_threshold`) the topic's latest members are regrouped by group-average
  agglomerative clustering, as a batch clustering would have grouped them (a group of one or two
  left apart, a brief that shares few words with anything, joins the group it agrees with most if
  that is above noise, `attach_threshold`): each group keeps the
  story that holds most of its members, another group opens a story of its own, a story left
  empty is merged into the one that took most of its members. So an article's story can change
  after it arrived: `state.story_of_article` (through `story_id`) says where it is now, and an
  `Assignment` reports the stories a regrouping opened (`split_off`) or emptied (`merged`);
- a story (and a topic) fades when nobody has written about it for `fade_days`; every new member
  moves its last date, so a long-running story keeps gathering;
- a duplicate group (the same text republished) counts once: a copy joins its original's story
  and does not move the story's centroid;
- two stories merge when the article that joined one of them also matched the other and the
  two centroids agree; the bigger (then the older) keeps its id.
So an id survives small changes, and an article added again keeps its story.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, repeat
from operator import add, mul, sub

import numpy as np

from . import topic_index
from .agglomerate import attach_small, average_link
from .cluster_terms import cosine, normalised, weigh, words_and_marks
from .term_arrays import TermArrays
from .term_table import Table, from_counts, new_table


@dataclass(frozen=True)
class StoryArticle:
    """What clustering reads of an article. Every field past `body` is optional."""

    id: str
    title: str
    body: str
    published: datetime | None = None
    site: str = ""
    actors: tuple[str, ...] = ()       # canonical actor ids or names
    places: tuple[str, ...] = ()       # GeoNames ids or names
    event_keys: tuple[str, ...] = ()   # e.g. events.identity keys: who did what to whom
    duplicate_group: str | None = None  # near-duplicates share one (stories/dedup.py)
    language: str | None = None        # ISO 639-1: its function words are not compared


@dataclass(frozen=True)
class ClusterSettings:
    """Thresholds, chosen on ECB+ topics 1-35 (bench/stories.py)."""

    topic_threshold: float = 0.08   # least similarity to a topic's centroid for an article to join the topic
    join_threshold: float = 0.14    # least mean similarity to a story's latest members to join that story
    marks_weight: float = 0.7       # share of names/numbers/entities in the combined similarity
    merge_threshold: float = 0.70   # least centroid similarity for two stories to merge
    fade_days: float = 7.0          # a story nobody wrote about for this long takes no new article
    idf_power: float = 1.0          # rarity counts this much more (weights are tf * idf ** power)
    min_frequency: int = 3          # a term fewer articles have used is one writer's noise (typos, asides)
    # Two articles that share fewer terms than this are not alike, however rare the terms: one rare
    # word (and the name it also is) is a coincidence, as short articles in a language rare in the
    # stream show. (Read by the one-vector comparison, `one_vector`, the default.)
    min_shared_terms: int = 3
    one_vector: bool = True         # names and numbers in one vector with the words (else apart, by marks_weight)
    word_terms: int = 300           # heaviest words (with one_vector: terms) kept per article
    mark_terms: int = 40            # heaviest marks kept per article
    centroid_terms: int = 500       # heaviest terms kept per story or topic centroid
    body_chars: int = 6000             # if > 0, only the body's first this many characters are read
    index_terms: int = 24           # rarest terms per article put in the candidate index
    posting_limit: int = 32         # most recent topics kept per index term
    candidate_limit: int = 8       # topics scored per article
    split_threshold: float = 0.22   # a topic's latest members are regrouped into stories that agree this much
    split_every: int = 4            # regroup each time a topic gains this many unique members (0: never)
    split_window: int = 24          # latest unique members of a topic that are regrouped
    attach_threshold: float = 0.12  # a group of at most `attach_size` members the regrouping left apart
    attach_size: int = 2            # joins the larger group it agrees with most from this
    split_min: int = 2              # the least members a regrouped story must have to leave its old story
    member_candidates: int = 4      # the topic's closest stories by mean similarity that the merge check sees
    member_limit: int = 24          # latest unique members per story an article is compared with
    nearest_members: int = 0        # if > 0, a story's link is the mean of only its closest members
    linkage: str = "average"        # the topic link: "average" (mean cosine with the members) or "centroid"
    centroid_share: float = 0.0     # share of the story centroid in the story link (the rest: its members)


@dataclass(frozen=True)
class Assignment:
    article_id: str
    story_id: str
    similarity: float               # to the story it joined (1.0 for a copy or a re-added article)
    new_story: bool = False
    merged: tuple[str, ...] = ()    # ids of stories that this assignment merged into story_id
    split_off: str | None = None    # the id of a story this assignment split off (story_id may be it)


@dataclass
class _Centroid:
    """The sum of member vectors, pruned to its heaviest terms, with its norm and count kept current.

    The sum serves both links: its cosine with an article (centroid link), and its dot product
    divided by the number of members, which is the mean of the article's cosines with every
    member (group-average link, as agglomerative clustering's "average"): a story that has
    gathered loosely related articles scores lower there than its centroid makes it look.
    """

    weights: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    count: int = 0
    squares: float = 0.0  # the sum of the squared weights, kept current term by term

    def add(self, vector: dict[str, float], limit: int, count: int = 1) -> None:
        # Term by term as `squares += new * new - old * old`, in bulk (map and sum run in C, and
        # sum adds in order, so the floats are the same).
        weights = self.weights
        olds = list(map(weights.get, vector, repeat(0.0)))
        news = list(map(add, olds, vector.values()))
        weights.update(zip(vector, news, strict=True))
        squares = sum(map(sub, map(mul, news, news), map(mul, olds, olds)), self.squares)
        if len(weights) > 2 * limit:  # prune in bulk, not on every article
            # The heaviest, ties in order (a stable sort, descending, as sorted() gives it).
            terms, values = list(weights), list(weights.values())
            heaviest = np.argsort(-np.array(values), kind="stable")[:limit].tolist()
            self.weights = dict(zip(map(terms.__getitem__, heaviest), map(values.__getitem__, heaviest), strict=True))
            kept = self.weights.values()
            squares = sum(map(mul, kept, kept))
        self.squares = squares
        self.norm = math.sqrt(max(squares, 0.0))
        self.count += count

    def subtract(self, vector: dict[str, float]) -> None:
        # Term by term: what is left of a weight (none below 1e-9), and `squares += left * left -
        # old * old` (in bulk, in order, as `add`).
        weights = self.weights
        olds = list(map(weights.get, vector, repeat(0.0)))
        lefts = [left if left > 1e-9 else 0.0 for left in map(sub, olds, vector.values())]
        for term in [term for term, left in zip(vector, lefts, strict=True) if not left]:
            weights.pop(term, None)
        weights.update([(term, left) for term, left in zip(vector, lefts, strict=True) if left])
        # (Emptied, the running sum keeps its rounding: a story all of whose members left had a norm.)
        self.squares = sum(map(sub, map(mul, lefts, lefts), map(mul, olds, olds)), self.squares) if weights else 0.0
        self.norm = math.sqrt(max(self.squares, 0.0))
        self.count = max(0, self.count - 1)

    def link(self, vector: dict[str, float], average: bool) -> float:
        """The article's similarity to the story's members (`vector` is L2-normalised)."""
        if not self.norm or not self.count:
            return 0.0
        dot = cosine(vector, self.weights, 1.0)
        return dot / self.count if average else dot / self.norm

    def similarity(self, other: _Centroid, average: bool) -> float:
        if not self.norm or not other.norm or not self.count or not other.count:
            return 0.0
        if average:
            return cosine(self.weights, other.weights, 1.0) / (self.count * other.count)
        return cosine(normalised(self.weights), other.weights, other.norm)


@dataclass(frozen=True)
class _Member:
    article_id: str
    published: datetime | None
    words: dict[str, float]
    marks: dict[str, float]


@dataclass
class Story:
    id: str
    opened: int = 0                 # order of opening in this state: the older keeps its id on a merge
    words: _Centroid = field(default_factory=_Centroid)
    marks: _Centroid = field(default_factory=_Centroid)
    members: list[str] = field(default_factory=list)
    # Kept empty: the story's topic holds its latest members' vectors (one copy, bounded); the
    # field stays for the state's readers.
    recent: deque[_Member] = field(default_factory=lambda: deque(maxlen=64))
    unique_members: int = 0         # members that are not copies of another member
    first_published: datetime | None = None
    last_published: datetime | None = None
    topic: str = ""                 # the topic (a group of stories of one kind) the story belongs to


@dataclass
class _Topic:
    """Stories of one kind (two film stars entering rehab; a dam running dry and the rationing
    that follows): found by the words they share; their latest members are regrouped now and
    then into stories, as a batch clustering would group them."""

    id: str
    words: _Centroid = field(default_factory=_Centroid)
    marks: _Centroid = field(default_factory=_Centroid)
    window: deque[_Member] = field(default_factory=deque)
    # For each window member, its similarity to the members before it, the latest first: computed
    # once, when it arrived (the regrouping reads them), and small (single precision).
    rows: deque[array[float]] = field(default_factory=deque)
    stories: list[str] = field(default_factory=list)
    unique_members: int = 0
    last_published: datetime | None = None


@dataclass
class ClusterState:
    """What clustering remembers between articles: the stories, the index, term frequencies."""

    stories: dict[str, Story] = field(default_factory=dict)
    story_of_article: dict[str, str] = field(default_factory=dict)
    story_of_group: dict[str, str] = field(default_factory=dict)
    merged_into: dict[str, str] = field(default_factory=dict)  # an old id → the id that absorbed it
    index: dict[str, deque[str]] = field(default_factory=dict)  # a term → the latest topics using it
    frequencies: Table = field(default_factory=new_table)  # articles that used a term (term_table.py)
    documents: int = 0
    topics: dict[str, _Topic] = field(default_factory=dict)
    # At most this many distinct terms are counted: past it the rarest (mostly one writer's phrases)
    # are dropped until half as many are left, so the state stays bounded on an endless stream (and
    # a pruning comes only every few hundred articles); a term that comes back is counted afresh.
    term_limit: int = 400_000

    def __getstate__(self) -> dict[str, object]:
        """The fields (the arrays made for the comparisons are made again where needed)."""
        state = dict(self.__dict__)
        state.pop("_arrays", None)
        state.pop("_filed", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        if isinstance(counts := state.get("frequencies"), Mapping):  # saved when counted by term
            state["frequencies"] = from_counts(counts)
        self.__dict__.update(state)

    def _term_arrays(self) -> TermArrays:
        arrays: TermArrays | None = self.__dict__.get("_arrays")
        if arrays is None:
            arrays = self.__dict__["_arrays"] = TermArrays()
        return arrays

    def _terms_of_topic(self) -> dict[str, dict[str, None]]:
        filed: dict[str, dict[str, None]] | None = self.__dict__.get("_filed")
        if filed is None:
            filed = self.__dict__["_filed"] = topic_index.reverse(self.index)
        return filed

    def observe(self, articles: Iterable[StoryArticle]) -> None:
        """Count the terms of `articles` for IDF without clustering them (a warm start)."""
        for article in articles:
            words, marks = words_and_marks(article.title, article.body, article.language)
            self._count_terms([*words, *marks, *_enrichment_marks(article)])

    def story_id(self, story_id: str) -> str:
        """The current id of a story that may have been merged since."""
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def forget_before(self, when: datetime) -> list[str]:
        """Drop the stories nobody wrote about since `when` (faded: no article can join them any
        more), so that memory, like the per-article cost, stays bounded on a long stream. Returns
        their ids; the store keeps them. An article of theirs added again opens a new story."""
        faded = [story for story in self.stories.values()
                 if story.last_published is not None and story.last_published < when]
        if not faded:
            return []
        for story in faded:
            del self.stories[story.id]
            for member in story.members:
                self.story_of_article.pop(member, None)
        faded_ids = {story.id for story in faded}
        # The maps are edited in place and only the faded stories' topics are looked at: this runs
        # after every batch, and its cost should follow what faded, not the size of the state. (A
        # topic's `stories` holds only live stories, each of its own; the index only live topics.)
        for links in (self.story_of_group, self.merged_into):  # (merged_into last: story_id reads it)
            for key in [k for k, s in links.items() if self.story_id(s) in faded_ids]:
                del links[key]
        dropped_topics = set()
        for topic in [self.topics[t] for t in {story.topic for story in faded} if t in self.topics]:
            topic.stories = [s for s in topic.stories if s in self.stories]
            if not topic.stories:  # (forgotten members of a live topic leave its window as others arrive)
                del self.topics[topic.id]
                dropped_topics.add(topic.id)
        self._term_arrays().forget(sorted(dropped_topics))
        topic_index.drop(self.index, self._terms_of_topic(), dropped_topics, self.topics)
        return sorted(faded_ids)

    def _count_terms(self, terms: list[str]) -> np.ndarray:
        """Count an article's distinct terms; their document frequencies now (after a pruning)."""
        self.documents += 1
        now = self.frequencies.count(terms)
        if len(self.frequencies) > self.term_limit:
            self.frequencies = self.frequencies.pruned(self.term_limit // 2)
            now = self.frequencies.lookup(terms)
        return now


def assign(articles: Iterable[StoryArticle], state: ClusterState,
           settings: ClusterSettings | None = None) -> list[Assignment]:
    """Put each article, in the order given, into a story of `state` (which is updated)."""
    settings = settings or ClusterSettings()
    return [_assign_one(article, state, settings) for article in articles]


def _enrichment_marks(article: StoryArticle) -> Counter[str]:
    marks: Counter[str] = Counter()
    for prefix, values in (("a:", article.actors), ("p:", article.places), ("e:", article.event_keys)):
        for value in values:
            marks[prefix + value.lower()] += 1
    return marks


def _add_counts(counts: dict[str, int], more: Mapping[str, int]) -> None:
    """`more` added to `counts` (as `Counter.update`)."""
    for term, count in more.items():
        counts[term] = counts.get(term, 0) + count


def _assign_one(article: StoryArticle, state: ClusterState, settings: ClusterSettings) -> Assignment:
    known = state.story_of_article.get(article.id)
    if known is not None:  # added again: it keeps its story
        return Assignment(article.id, state.story_id(known), 1.0)
    if article.duplicate_group is not None and article.duplicate_group in state.story_of_group:
        story = state.stories[state.story_id(state.story_of_group[article.duplicate_group])]
        _add_member(story, article, state, vectors=None, settings=settings)
        return Assignment(article.id, story.id, 1.0)

    word_counts, mark_counts = words_and_marks(article.title, _lead(article.body, settings.body_chars), article.language)
    _add_counts(mark_counts, _enrichment_marks(article))
    frequency = state._count_terms([*word_counts, *mark_counts])  # (no term is both: marks are prefixed)
    if settings.one_vector:  # (the marks after the words, as they were counted)
        _add_counts(word_counts, mark_counts)
        mark_counts = {}
    words = state._term_arrays().interned(weigh(word_counts, frequency[:len(word_counts)], state.documents,
                                                settings.word_terms, settings.idf_power,
                                                min_frequency=settings.min_frequency, interned=False))
    marks = weigh(mark_counts, frequency[len(word_counts):], state.documents, settings.mark_terms, settings.idf_power,
                  min_frequency=settings.min_frequency)

    rarest = _rarest(words, settings.index_terms)
    topic = _best_topic(words, marks, rarest, article.published, state, settings)
    row: list[float] = []
    scored = [] if topic is None else _story_links(words, marks, article.published, topic, state, settings, row)
    if topic is None:
        topic_id = f"topic-{article.id}"
        while topic_id in state.topics:
            topic_id += "+"
        topic = state.topics[topic_id] = _Topic(id=topic_id, window=deque(maxlen=settings.split_window),
                                                rows=deque(maxlen=settings.split_window))
    if scored and scored[0][0] >= settings.join_threshold:
        best_score, story = scored[0]
        new_story = False
    else:
        best_score, new_story = 1.0, True
        story = _open_story(article.id, topic, state)
    member = _add_member(story, article, state, vectors=(words, marks), settings=settings)
    assert member is not None
    _add_to_topic(topic, member, row, settings)
    state._term_arrays().joined(topic.id, member)
    topic_index.add(state.index, state._terms_of_topic(), rarest, topic.id, settings.posting_limit)
    # Only stories the article also matched can be bridged by it (and the check stays cheap).
    bridged = [other for score, other in scored[1:1 + settings.member_candidates]
               if score >= settings.join_threshold]
    merged = () if new_story else _merge_close(story, bridged, state, settings)
    split_off = None
    doubtful = not new_story and best_score < settings.split_threshold  # the regrouping may undo it
    if settings.split_every > 0 and settings.split_threshold > 0 and (
            doubtful or topic.unique_members % settings.split_every == 0):
        split_off, regroup_merged = _regroup(topic, article.id, state, settings)
        merged += regroup_merged
    return Assignment(article.id, state.story_id(state.story_of_article[article.id]), best_score, new_story,
                      merged, split_off)


def _lead(body: str, limit: int) -> str:
    """The body up to `limit` characters, cut at a word's end (news puts what matters first)."""
    if limit <= 0 or len(body) <= limit:
        return body
    cut = body.rfind(" ", 0, limit)
    return body[:cut if cut > 0 else limit]


def _open_story(article_id: str, topic: _Topic, state: ClusterState) -> Story:
    story = Story(id=_fresh_id(article_id, state), opened=state.documents, topic=topic.id)
    state.stories[story.id] = story
    topic.stories.append(story.id)
    return story


def _fresh_id(article_id: str, state: ClusterState) -> str:
    """A story's id: its first article's, so the same stream gives the same ids; a mark added
    where a split or a forgotten story already used that one."""
    story_id = f"story-{article_id}"
    while story_id in state.stories or story_id in state.merged_into:
        story_id += "+"
    return story_id


def _centroid_similarity(words: dict[str, float], marks: dict[str, float], group: Story | _Topic,
                         settings: ClusterSettings) -> float:
    average = settings.linkage == "average"
    if not marks or not group.marks.norm:  # a signal that is missing is left out, not counted as 0
        return group.words.link(words, average)
    return _combined(group.words.link(words, average), group.marks.link(marks, average), settings)


def _best_topic(words: dict[str, float], marks: dict[str, float], rarest: list[str], published: datetime | None,
                state: ClusterState, settings: ClusterSettings) -> _Topic | None:
    best: tuple[float, str] | None = None
    for topic in _candidates(rarest, published, state, settings):
        score = _centroid_similarity(words, marks, topic, settings)
        if score >= settings.topic_threshold and (best is None or (score, topic.id) > best):
            best = (score, topic.id)
    return None if best is None else state.topics[best[1]]


def _story_links(words: dict[str, float], marks: dict[str, float], published: datetime | None, topic: _Topic,
                 state: ClusterState, settings: ClusterSettings, row: list[float]) -> list[tuple[float, Story]]:
    """The topic's live stories, each with the article's mean similarity to its latest members
    (the group-average link of agglomerative clustering), best first: those with a member in the
    topic's window, and the `member_candidates` latest opened others (by their centroid), so the
    cost stays bounded however many stories a long-running topic has had. `row` receives the
    article's similarity to each window member, the latest first."""
    by_story: dict[str, list[float]] = {}
    story_of, merged_into, keys = state.story_of_article, state.merged_into, words.keys()
    least_shared = settings.min_shared_terms
    window = list(topic.window)
    # One vector (no marks apart): the dot products with every member at once, in numpy.
    bulk = not marks and not any(member.marks for member in window)
    dots, shared_terms = state._term_arrays().links(words, topic.id, window) if bulk else ([], [])
    for n in range(len(window) - 1, -1, -1):  # (the latest first)
        member = window[n]
        story_id = story_of.get(member.article_id)
        if story_id is None:  # forgotten: it leaves the window as others arrive
            row.append(0.0)
            continue
        if bulk:
            similarity = dots[n] if shared_terms[n] >= least_shared else 0.0
        elif marks or member.marks:
            similarity = _pair_similarity(words, marks, member.words, 1.0, member.marks,
                                          1.0 if member.marks else 0.0, settings)
        else:  # one vector: the cosine of two normalised vectors, inlined (this is the hot loop)
            other = member.words
            shared = keys & other.keys()
            similarity = sum([words[t] * other[t] for t in shared]) if len(shared) >= least_shared else 0.0
        row.append(similarity)
        if story_id in merged_into:
            story_id = state.story_id(story_id)
        if story_id in by_story:
            by_story[story_id].append(similarity)
        else:
            by_story[story_id] = [similarity]
    others = [s for s in topic.stories if s not in by_story][-settings.member_candidates:]
    scored = []
    for story_id in [*by_story, *others]:
        story = state.stories.get(story_id)
        if story is None or _faded(story, published, settings):
            continue
        similarities = by_story.get(story_id, [])[:settings.member_limit]
        if settings.nearest_members > 0:
            similarities = sorted(similarities, reverse=True)[:settings.nearest_members]
        if similarities and settings.centroid_share <= 0:
            scored.append((sum(similarities) / len(similarities), story))
            continue
        centroid = _centroid_similarity(words, marks, story, settings)
        link = sum(similarities) / len(similarities) if similarities else centroid
        if settings.centroid_share > 0:
            link = settings.centroid_share * centroid + (1 - settings.centroid_share) * link
        scored.append((link, story))
    return sorted(scored, key=lambda pair: (-pair[0], pair[1].id))


def _pair_similarity(words: dict[str, float], marks: dict[str, float], other_words: dict[str, float],
                     other_words_norm: float, other_marks: dict[str, float], other_marks_norm: float,
                     settings: ClusterSettings) -> float:
    word_similarity = cosine(words, other_words, other_words_norm)
    if not marks or not other_marks_norm:  # a signal that is missing is left out, not counted as 0
        return word_similarity
    return _combined(word_similarity, cosine(marks, other_marks, other_marks_norm), settings)


def _combined(word_similarity: float, mark_similarity: float, settings: ClusterSettings) -> float:
    """A weighted geometric mean: the topic and the names must both agree (a sum lets many shared
    topic words make up for different people, which is how two rehab stories become one)."""
    if word_similarity <= 0 or mark_similarity <= 0:
        return 0.0
    return word_similarity ** (1 - settings.marks_weight) * mark_similarity ** settings.marks_weight


def _candidates(rarest: list[str], published: datetime | None, state: ClusterState,
                settings: ClusterSettings) -> list[_Topic]:
    """The topics that share the article's rarest terms, most shared first, bounded."""
    hits: Counter[str] = Counter()
    hits.update(chain.from_iterable(map(state.index.get, rarest, repeat(()))))  # (counted in C)
    topics = []
    for topic_id, _ in hits.most_common():
        topic = state.topics.get(topic_id)
        if topic is None or _faded(topic, published, settings):
            continue
        topics.append(topic)
        if len(topics) == settings.candidate_limit:
            break
    return topics


def _rarest(words: dict[str, float], limit: int) -> list[str]:
    """The article's heaviest words: rare in the collection and frequent in the article. Not its
    names: the index finds the topic, and two events of one kind share words, not names. (As
    heapq.nlargest, ties in order, but sorted in C.)"""
    return sorted(words, key=words.__getitem__, reverse=True)[:limit]


def _faded(group: Story | _Topic, published: datetime | None, settings: ClusterSettings) -> bool:
    """Whether the article lies too far from a story or topic in time: after its fading, or (an
    older article arriving late) as far before a story's first article."""
    if published is None or group.last_published is None:
        return False  # without dates time says nothing
    after = (published - group.last_published).total_seconds()
    first = group.first_published if isinstance(group, Story) else None
    before = (first - published).total_seconds() if first is not None else 0.0
    return max(after, before) > settings.fade_days * 86400


def _add_member(story: Story, article: StoryArticle, state: ClusterState,
                vectors: tuple[dict[str, float], dict[str, float]] | None,
                settings: ClusterSettings) -> _Member | None:
    story.members.append(article.id)
    state.story_of_article[article.id] = story.id
    if article.duplicate_group is not None:
        state.story_of_group.setdefault(article.duplicate_group, story.id)
    member = None
    if vectors is not None:  # a copy adds nothing new to what the story is about
        member = _Member(article.id, article.published, *vectors)
        _gain(story, member, settings)
    _extend_dates(story, article.published)
    return member


def _gain(story: Story, member: _Member, settings: ClusterSettings) -> None:
    story.unique_members += 1
    story.words.add(member.words, settings.centroid_terms)
    if member.marks:  # the marks' average is over the members that have any
        story.marks.add(member.marks, settings.centroid_terms)


def _extend_dates(story: Story, when: datetime | None) -> None:
    if when is not None:
        if story.first_published is None or when < story.first_published:
            story.first_published = when
        if story.last_published is None or when > story.last_published:
            story.last_published = when


def _add_to_topic(topic: _Topic, member: _Member, row: list[float], settings: ClusterSettings) -> None:
    topic.unique_members += 1
    topic.window.append(member)
    topic.rows.append(array("f", row[:settings.split_window - 1]))
    topic.words.add(member.words, settings.centroid_terms)
    if member.marks:
        topic.marks.add(member.marks, settings.centroid_terms)
    if member.published is not None and (topic.last_published is None or member.published > topic.last_published):
        topic.last_published = member.published


def _merge_close(story: Story, others: Sequence[Story], state: ClusterState,
                 settings: ClusterSettings) -> tuple[str, ...]:
    """Merge into one the stories whose centroids now agree (the article bridged them)."""
    merged: list[str] = []
    for other in others:
        if other.id == story.id or other.id not in state.stories:
            continue
        if _story_similarity(story, other, settings) < settings.merge_threshold:
            continue
        keeper, absorbed = _keeper(story, other)
        _absorb(keeper, absorbed, state, settings)
        merged.append(absorbed.id)
        story = keeper
    return tuple(merged)


def _story_similarity(a: Story, b: Story, settings: ClusterSettings) -> float:
    average = settings.linkage == "average"
    word_similarity = a.words.similarity(b.words, average)
    if not a.marks.norm or not b.marks.norm:
        return word_similarity
    return _combined(word_similarity, a.marks.similarity(b.marks, average), settings)


def _keeper(a: Story, b: Story) -> tuple[Story, Story]:
    """The story whose id survives a merge: the bigger, then the one opened first."""
    if (len(a.members), -a.opened) >= (len(b.members), -b.opened):
        return a, b
    return b, a


def _absorb(keeper: Story, absorbed: Story, state: ClusterState, settings: ClusterSettings) -> None:
    for member in absorbed.members:
        state.story_of_article[member] = keeper.id
    keeper.members.extend(absorbed.members)
    keeper.unique_members += absorbed.unique_members
    keeper.words.add(absorbed.words.weights, settings.centroid_terms, absorbed.words.count)
    keeper.marks.add(absorbed.marks.weights, settings.centroid_terms, absorbed.marks.count)
    for when in (absorbed.first_published, absorbed.last_published):
        _extend_dates(keeper, when)
    _retire(absorbed, keeper.id, state)


def _retire(story: Story, into: str, state: ClusterState) -> None:
    state.merged_into[story.id] = into
    del state.stories[story.id]
    topic = state.topics.get(story.topic)
    if topic is not None and story.id in topic.stories:
        topic.stories.remove(story.id)


def _regroup(topic: _Topic, latest: str, state: ClusterState,
             settings: ClusterSettings) -> tuple[str | None, tuple[str, ...]]:
    """Regroup the topic's latest members into stories by group-average agglomerative clustering
    (each step joins the two groups whose members agree most on average, until no two agree
    `split_threshold`), as a batch clustering would have grouped them: one article at a time, a
    story can gather two events of a kind, or one event can open two stories.

    Each group keeps the story that holds most of its members (the biggest group chooses
    first); a group whose story another took opens a new one if it has `split_min` members
    (else its members stay where they are). Members older than the window stay. A story left
    empty is merged into the one that took most of its members. Returns the id of a story this
    opened (the latest article's if it is in one) and the ids of the stories emptied into the
    latest article's story.
    """
    live = [p for p, m in enumerate(topic.window) if m.article_id in state.story_of_article]
    if len(live) < 2:
        return None, ()
    window = [topic.window[p] for p in live]
    rows = [topic.rows[p] for p in live]
    similarity = [[rows[i][live[i] - live[j] - 1] for j in range(i)] for i in range(len(live))]
    current = [state.story_id(state.story_of_article[m.article_id]) for m in window]
    groups = average_link(similarity, settings.split_threshold)
    groups = attach_small(groups, similarity, settings.attach_threshold, settings.attach_size)
    groups = sorted(groups, key=lambda g: (-len(g), min(g)))
    claimed: set[str] = set()
    opened: list[str] = []
    received: dict[str, Counter[str]] = {}  # a story that lost members → where they went
    for group in groups:
        counts = Counter(current[i] for i in group if current[i] not in claimed and current[i] in state.stories)
        if counts:
            target = max(counts, key=lambda s: (counts[s], -state.stories[s].opened))
            claimed.add(target)
        elif len(group) >= settings.split_min or window[group[0]].article_id == latest:  # (or undo its join)
            story = _open_story(window[min(group)].article_id, topic, state)
            target = story.id
            claimed.add(target)
            opened.append(target)
        else:
            continue
        for i in group:
            if current[i] != target:
                _move(window[i], state.stories[current[i]], state.stories[target], state, settings)
                received.setdefault(current[i], Counter())[target] += 1
    latest_story = state.story_of_article[latest]
    merged = []
    for source, targets in received.items():
        left = state.stories.get(source)
        if left is not None and not left.members:
            into = targets.most_common(1)[0][0]
            _retire(left, into, state)
            if into == latest_story:
                merged.append(source)
    split_off = latest_story if latest_story in opened else (opened[0] if opened else None)
    return split_off, tuple(merged)


def _move(member: _Member, source: Story, target: Story, state: ClusterState, settings: ClusterSettings) -> None:
    # Searched from the end, where the members of the topic's window are (each article is once in
    # a story's members): a long-running story's list grows with the archive.
    members = source.members
    del members[len(members) - 1 - members[::-1].index(member.article_id)]
    source.unique_members -= 1
    source.words.subtract(member.words)
    if member.marks:
        source.marks.subtract(member.marks)
    target.members.append(member.article_id)
    _gain(target, member, settings)
    _extend_dates(target, member.published)
    state.story_of_article[member.article_id] = target.id
