"""Online story clustering: each arriving article joins the story it continues, or opens a new one.

Pure: `assign(articles, state, settings)` reads article records and a `ClusterState` (which it
updates) and returns one `Assignment` per article; no I/O, no store. The store keeps the state
between runs (as it keeps any other stage's output).

How an article finds its story:
- its words (sublinear TF-IDF over title and body) say the topic; its marks (names, numbers,
  and the actors, places and event keys enrichment gave, each weighted by rarity) say which
  event of that topic: two film stars entering rehab share the words, not the names;
- candidate stories come from an inverted index of the rarest terms of their members, each
  posting list bounded, so an article's cost does not grow with the number of stories stored;
- a story fades when nobody has written about it for `fade_days`; every new member moves its
  last date, so a long-running story keeps gathering;
- a duplicate group (the same text republished) counts once: a copy joins its original's story
  and does not move the story's centroid;
- an article is compared with a story's centroid and, for the few closest stories, with its
  latest members one by one (one centroid blurs the names of everyone a story has gathered);
- two stories merge when the article that joined one of them also matched the other and the
  two centroids agree; the bigger (then the older) keeps its id;
- a story splits when two groups of its latest members agree too little (checked every
  `split_every` members, over a bounded window); the side with the oldest member keeps the id.
So an id survives small changes, and an article added again keeps its story.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .cluster_terms import cosine, normalised, weigh, words_and_marks


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


@dataclass(frozen=True)
class ClusterSettings:
    """Thresholds, chosen on ECB+ topics 1-35 (bench/stories.py)."""

    join_threshold: float = 0.18    # least combined similarity to join a story
    marks_weight: float = 0.7       # share of names/numbers/entities in the combined similarity
    merge_threshold: float = 0.70   # least centroid similarity for two stories to merge
    fade_days: float = 7.0          # a story nobody wrote about for this long takes no new article
    idf_power: float = 1.0          # rarity counts this much more (weights are tf * idf ** power)
    word_terms: int = 80            # heaviest words kept per article
    mark_terms: int = 40            # heaviest marks kept per article
    centroid_terms: int = 400       # heaviest terms kept per story centroid
    index_terms: int = 12           # rarest terms per article put in the candidate index
    posting_limit: int = 64         # most recent stories kept per index term
    candidate_limit: int = 16       # stories scored per article
    split_threshold: float = 0.12   # a story splits when two groups of its latest members agree less (0: never)
    split_every: int = 8            # check for a split each time a story gains this many unique members
    split_window: int = 12          # latest unique members a split check looks at
    split_min: int = 3              # the least members each side of a split must have
    member_candidates: int = 4      # the closest stories by centroid that the member link re-scores
    member_limit: int = 24          # latest unique members per story an article is compared with
    nearest_members: int = 3        # how many of the closest members the member link averages
    linkage: str = "centroid"       # "average" (mean cosine with the members) or "centroid"
    centroid_share: float = 0.5     # share of the centroid link (the rest: the nearest members)


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

    def add(self, vector: dict[str, float], limit: int, count: int = 1) -> None:
        for term, weight in vector.items():
            self.weights[term] = self.weights.get(term, 0.0) + weight
        if len(self.weights) > 2 * limit:  # prune in bulk, not on every article
            self.weights = dict(sorted(self.weights.items(), key=lambda item: -item[1])[:limit])
        self.norm = math.sqrt(sum(w * w for w in self.weights.values()))
        self.count += count

    def subtract(self, vector: dict[str, float]) -> None:
        for term, weight in vector.items():
            left = self.weights.get(term, 0.0) - weight
            if left > 1e-9:
                self.weights[term] = left
            else:
                self.weights.pop(term, None)
        self.norm = math.sqrt(sum(w * w for w in self.weights.values()))
        self.count = max(0, self.count - 1)

    def link(self, vector: dict[str, float], average: bool) -> float:
        """The article's similarity to the story's members (`vector` is L2-normalised)."""
        if not self.norm:
            return 0.0
        dot = cosine(vector, self.weights, 1.0)
        return dot / self.count if average else dot / self.norm

    def similarity(self, other: _Centroid, average: bool) -> float:
        if not self.norm or not other.norm:
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
    # The latest unique members' vectors: an article is compared with them one by one, since one
    # centroid blurs the names of everyone the story has gathered.
    recent: deque[_Member] = field(default_factory=lambda: deque(maxlen=64))
    unique_members: int = 0         # members that are not copies of another member
    first_published: datetime | None = None
    last_published: datetime | None = None


@dataclass
class ClusterState:
    """What clustering remembers between articles: the stories, the index, term frequencies."""

    stories: dict[str, Story] = field(default_factory=dict)
    story_of_article: dict[str, str] = field(default_factory=dict)
    story_of_group: dict[str, str] = field(default_factory=dict)
    merged_into: dict[str, str] = field(default_factory=dict)  # an old id → the id that absorbed it
    index: dict[str, deque[str]] = field(default_factory=dict)
    frequencies: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def observe(self, articles: Iterable[StoryArticle]) -> None:
        """Count the terms of `articles` for IDF without clustering them (a warm start)."""
        for article in articles:
            words, marks = words_and_marks(article.title, article.body)
            self._count_terms(words, marks, article)

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
        for story in faded:
            del self.stories[story.id]
            for member in story.members:
                self.story_of_article.pop(member, None)
        faded_ids = {story.id for story in faded}
        self.story_of_group = {g: s for g, s in self.story_of_group.items() if self.story_id(s) not in faded_ids}
        self.merged_into = {old: new for old, new in self.merged_into.items() if self.story_id(new) not in faded_ids}
        return sorted(faded_ids)

    def _count_terms(self, words: Counter[str], marks: Counter[str], article: StoryArticle) -> None:
        self.documents += 1
        self.frequencies.update(words.keys())
        self.frequencies.update(marks.keys())
        self.frequencies.update(_enrichment_marks(article).keys())


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


def _assign_one(article: StoryArticle, state: ClusterState, settings: ClusterSettings) -> Assignment:
    known = state.story_of_article.get(article.id)
    if known is not None:  # added again: it keeps its story
        return Assignment(article.id, state.story_id(known), 1.0)
    if article.duplicate_group is not None and article.duplicate_group in state.story_of_group:
        story = state.stories[state.story_id(state.story_of_group[article.duplicate_group])]
        _add_member(story, article, state, vectors=None, settings=settings)
        return Assignment(article.id, story.id, 1.0)

    word_counts, mark_counts = words_and_marks(article.title, article.body)
    mark_counts.update(_enrichment_marks(article))
    state._count_terms(word_counts, mark_counts, article)
    words = weigh(word_counts, state.frequencies, state.documents, settings.word_terms, settings.idf_power)
    marks = weigh(mark_counts, state.frequencies, state.documents, settings.mark_terms, settings.idf_power)

    by_centroid = sorted(((_centroid_similarity(words, marks, story, settings), story)
                          for story in _candidates(words, marks, article.published, state, settings)),
                         key=lambda pair: (-pair[0], pair[1].id))
    # The member link costs a comparison per member: only the closest few stories get it.
    scored = sorted(((_with_members(centroid, words, marks, story, settings), story)
                     for centroid, story in by_centroid[:settings.member_candidates]),
                    key=lambda pair: (-pair[0], pair[1].id))
    if scored and scored[0][0] >= settings.join_threshold:
        best_score, story = scored[0]
        new_story = False
    else:
        best_score, new_story = 1.0, True
        story = Story(id=_fresh_id(article.id, state), opened=state.documents)
        state.stories[story.id] = story
    _add_member(story, article, state, vectors=(words, marks), settings=settings)
    _index(words, marks, story.id, state, settings)
    # Only stories the article also matched can be bridged by it (and the check stays cheap).
    bridged = [other for score, other in scored[1:4] if score >= settings.join_threshold]
    merged = () if new_story else _merge_close(story, bridged, state, settings)
    split_off = None
    if not new_story and settings.split_threshold > 0 and story.unique_members % settings.split_every == 0:
        split_off = _split(state.stories[state.story_id(story.id)], state, settings)
    return Assignment(article.id, state.story_id(state.story_of_article[article.id]), best_score, new_story,
                      merged, split_off)


def _fresh_id(article_id: str, state: ClusterState) -> str:
    """A story's id: its first article's, so the same stream gives the same ids; a mark added
    where a split or a forgotten story already used that one."""
    story_id = f"story-{article_id}"
    while story_id in state.stories or story_id in state.merged_into:
        story_id += "+"
    return story_id


def _centroid_similarity(words: dict[str, float], marks: dict[str, float], story: Story,
                         settings: ClusterSettings) -> float:
    average = settings.linkage == "average"
    if not marks or not story.marks.norm:  # a signal that is missing is left out, not counted as 0
        return story.words.link(words, average)
    return _combined(story.words.link(words, average), story.marks.link(marks, average), settings)


def _with_members(centroid: float, words: dict[str, float], marks: dict[str, float], story: Story,
                  settings: ClusterSettings) -> float:
    if settings.centroid_share >= 1.0 or not story.recent:
        return centroid
    members = sorted((_pair_similarity(words, marks, w, 1.0, m, 1.0 if m else 0.0, settings)
                      for w, m in ((member.words, member.marks)
                                   for member in list(story.recent)[-settings.member_limit:])), reverse=True)
    nearest = members[:settings.nearest_members]
    member_link = sum(nearest) / len(nearest)
    return settings.centroid_share * centroid + (1 - settings.centroid_share) * member_link


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


def _candidates(words: dict[str, float], marks: dict[str, float], published: datetime | None,
                state: ClusterState, settings: ClusterSettings) -> list[Story]:
    """The stories that share the article's rarest terms, most shared first, bounded."""
    hits: Counter[str] = Counter()
    for term in _rarest(words, marks, settings.index_terms * 2):
        for story_id in state.index.get(term, ()):
            hits[state.story_id(story_id)] += 1
    stories = []
    for story_id, _ in hits.most_common():
        story = state.stories.get(story_id)
        if story is None or _faded(story, published, settings):
            continue
        stories.append(story)
        if len(stories) == settings.candidate_limit:
            break
    return stories


def _rarest(words: dict[str, float], marks: dict[str, float], limit: int) -> list[str]:
    """The article's heaviest terms: rare in the collection and frequent in the article."""
    terms = sorted(words.items(), key=lambda item: -item[1])[:limit]
    terms += sorted(marks.items(), key=lambda item: -item[1])[:limit]
    return [term for term, _ in terms]


def _faded(story: Story, published: datetime | None, settings: ClusterSettings) -> bool:
    """Whether the article lies too far from the story in time: after its fading, or (an older
    article arriving late) as far before its first article."""
    if published is None or story.last_published is None or story.first_published is None:
        return False  # without dates time says nothing
    after = (published - story.last_published).total_seconds()
    before = (story.first_published - published).total_seconds()
    return max(after, before) > settings.fade_days * 86400


def _add_member(story: Story, article: StoryArticle, state: ClusterState,
                vectors: tuple[dict[str, float], dict[str, float]] | None, settings: ClusterSettings) -> None:
    story.members.append(article.id)
    state.story_of_article[article.id] = story.id
    if article.duplicate_group is not None:
        state.story_of_group.setdefault(article.duplicate_group, story.id)
    if vectors is not None:  # a copy adds nothing new to what the story is about
        story.unique_members += 1
        story.recent.append(_Member(article.id, article.published, *vectors))
        story.words.add(vectors[0], settings.centroid_terms)
        if vectors[1]:  # the marks' average is over the members that have any
            story.marks.add(vectors[1], settings.centroid_terms)
    if article.published is not None:
        if story.first_published is None or article.published < story.first_published:
            story.first_published = article.published
        if story.last_published is None or article.published > story.last_published:
            story.last_published = article.published


def _index(words: dict[str, float], marks: dict[str, float], story_id: str, state: ClusterState,
           settings: ClusterSettings) -> None:
    for term in _rarest(words, marks, settings.index_terms):
        postings = state.index.get(term)
        if postings is None:
            postings = state.index[term] = deque(maxlen=settings.posting_limit)
        if story_id not in postings:
            postings.append(story_id)


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
    keeper.recent.extend(absorbed.recent)
    keeper.words.add(absorbed.words.weights, settings.centroid_terms, absorbed.words.count)
    keeper.marks.add(absorbed.marks.weights, settings.centroid_terms, absorbed.marks.count)
    for when in (absorbed.first_published, absorbed.last_published):
        if when is not None:
            if keeper.first_published is None or when < keeper.first_published:
                keeper.first_published = when
            if keeper.last_published is None or when > keeper.last_published:
                keeper.last_published = when
    state.merged_into[absorbed.id] = keeper.id
    del state.stories[absorbed.id]


def _split(story: Story, state: ClusterState, settings: ClusterSettings) -> str | None:
    """Split off the latest members that form a group of their own (two events the story mixed).

    Two seeds, the least similar pair of the latest members, gather the others by their mean
    similarity (two rounds); the story splits when each side has `split_min` members and the
    mean similarity across the sides is under `split_threshold`. The side with the story's
    oldest member keeps the id (and so do all members older than the window).
    """
    window = list(story.recent)[-settings.split_window:]
    if len(window) < 2 * settings.split_min:
        return None
    n = len(window)
    similarity = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a, b = window[i], window[j]
            value = _pair_similarity(a.words, a.marks, b.words, 1.0, b.marks, 1.0 if b.marks else 0.0, settings)
            similarity[i][j] = similarity[j][i] = value
    seed_a, seed_b = min(((i, j) for i in range(n) for j in range(i + 1, n)), key=lambda p: similarity[p[0]][p[1]])
    sides = ([seed_a], [seed_b])
    for _ in range(2):
        new_sides: tuple[list[int], list[int]] = ([], [])
        for i in range(n):
            means = [sum(similarity[i][k] for k in side) / len(side) for side in sides]
            new_sides[0 if means[0] >= means[1] else 1].append(i)
        if not new_sides[0] or not new_sides[1]:
            return None
        sides = new_sides
    if min(len(side) for side in sides) < settings.split_min:
        return None
    across = sum(similarity[i][k] for i in sides[0] for k in sides[1]) / (len(sides[0]) * len(sides[1]))
    if across >= settings.split_threshold:
        return None
    moving = [window[i] for i in (sides[1] if 0 in sides[0] else sides[0])]
    return _move_to_new_story(story, moving, state, settings)


def _move_to_new_story(story: Story, moving: list[_Member], state: ClusterState, settings: ClusterSettings) -> str:
    new_id = _fresh_id(moving[0].article_id, state)
    new = state.stories[new_id] = Story(id=new_id, opened=state.documents)
    moved_ids = {member.article_id for member in moving}
    story.members = [m for m in story.members if m not in moved_ids]
    story.recent = deque((m for m in story.recent if m.article_id not in moved_ids), maxlen=story.recent.maxlen)
    for member in moving:
        state.story_of_article[member.article_id] = new_id
        new.members.append(member.article_id)
        new.recent.append(member)
        new.unique_members += 1
        story.unique_members -= 1
        new.words.add(member.words, settings.centroid_terms)
        story.words.subtract(member.words)
        if member.marks:
            new.marks.add(member.marks, settings.centroid_terms)
            story.marks.subtract(member.marks)
        if member.published is not None:
            new.first_published = min(filter(None, (new.first_published, member.published)))
            new.last_published = max(filter(None, (new.last_published, member.published)))
        _index(member.words, member.marks, new_id, state, settings)
    return new_id
