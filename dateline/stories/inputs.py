"""What the "stories" stage hands the store for one article: its near-duplicate fingerprint and
the marks of enrichment and events that tell one story from another of the same kind (who, where,
what happened). Pure; the title, body, site and date are read back from the stored article.

Each signal is optional: without enrichment the story is found on the words alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Actor, Article, Enrichment, Event
from .dedup import Fingerprint, fingerprint

MOST_ACTORS = 12  # an article's most-named actors: the rest are background
MOST_PLACES = 8
MOST_EVENTS = 12


@dataclass(frozen=True)
class StoryInput:
    fingerprint: Fingerprint | None  # None: too short to compare as a text
    actors: tuple[str, ...] = ()       # actor ids, most mentioned first
    places: tuple[str, ...] = ()       # place names as the gazetteer spells them, most mentioned first
    event_keys: tuple[str, ...] = ()   # "TYPE actors>recipients", once each


def story_input(article: Article, enrichment: Enrichment | None = None,
                events: Sequence[Event] = ()) -> StoryInput:
    actors: Counter[str] = Counter()
    places: Counter[str] = Counter()
    if enrichment is not None:
        # An actor known only by its sector ("---:GOV", some government) tells no story apart.
        actors.update(m.actor.id for m in enrichment.actors if m.actor is not None and not m.actor.id.startswith("-"))
        places.update(m.place.name for m in enrichment.places if m.place is not None)
    keys = dict.fromkeys(event_key(e) for e in events if not e.historical)
    return StoryInput(fingerprint=fingerprint(article),
                      actors=tuple(a for a, _ in actors.most_common(MOST_ACTORS)),
                      places=tuple(p for p, _ in places.most_common(MOST_PLACES)),
                      event_keys=tuple(list(keys)[:MOST_EVENTS]))


def event_key(event: Event) -> str:
    """Who did what to whom, by country where known: two outlets' reports of one meeting agree on
    it though one names the minister and the other only his country."""
    def side(actors: Sequence[Actor]) -> str:
        return "+".join(sorted({a.country or a.id for a in actors}))
    return f"{event.type} {side(event.actors)}>{side(event.recipients)}"
