"""An article's body as HTML with its annotations marked: actor mentions (linking to the actor),
places, time expressions, event triggers and quotes, each with its reading in `title` (hover) and
`data-tip` (shown by CSS on keyboard focus). Every piece of text is escaped here; nothing else
of the page is trusted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from ..model import Actor, Enrichment, Event, Place


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # actor | place | time | trigger
    tip: str
    href: str | None = None


@dataclass(frozen=True)
class QuoteRange:
    start: int
    end: int
    tip: str


# When marks overlap the first kind here wins: an event's trigger says most, a place least.
_PRIORITY = {"trigger": 0, "time": 1, "actor": 2, "place": 3}


def actor_url(actor_id: str) -> str:
    return "/actors/" + quote(actor_id, safe=":")


def actor_label(actor: Actor) -> str:
    """Sergei Lavrov — RUS GOV, foreign minister"""
    code = " ".join(part for part in (actor.country, actor.sector) if part)
    role = f"{'former ' if actor.former else ''}{actor.role}" if actor.role else ""
    detail = ", ".join(part for part in (code, role) if part)
    return f"{actor.name} — {detail}" if detail else actor.name


def place_label(place: Place) -> str:
    where = ", ".join(part for part in (place.name, place.admin1, place.country) if part)
    return f"{where} ({place.kind})"


def sides_label(actors: Sequence[Actor]) -> str:
    return ", ".join(a.name + (f" ({a.country})" if a.country and a.country != a.id else "") for a in actors) or "?"


def event_label(event: Event) -> str:
    """CONSULT (meet): Russia → United States · 2025-02-27 · Istanbul"""
    head = event.type + (f" ({event.mode})" if event.mode else "")
    arrow = "↔" if event.reciprocal else "→"
    parts = [f"{head}: {sides_label(event.actors)} {arrow} {sides_label(event.recipients)}"]
    if event.date:
        parts.append(event.date)
    if event.place:
        parts.append(event.place.name)
    flags = [name for name in ("future", "hypothetical", "negated", "historical") if getattr(event, name)]
    if flags:
        parts.append(", ".join(flags))
    return " · ".join(parts)


def marks_of(enrichment: Enrichment | None, events: Iterable[Event], article_id: int) -> list[Mark]:
    marks: list[Mark] = []
    if enrichment is not None:
        for m in enrichment.actors:
            if m.actor is not None:
                marks.append(Mark(m.start, m.end, "actor", actor_label(m.actor), actor_url(m.actor.id)))
        for p in enrichment.places:
            if p.place is not None:
                marks.append(Mark(p.start, p.end, "place", place_label(p.place)))
        for t in enrichment.times:
            reading = ", ".join(part for part in (t.type, t.granularity, t.anchor) if part)
            marks.append(Mark(t.start, t.end, "time", f"{t.value or '?'} ({reading})"))
    for number, event in enumerate(events, start=1):
        for mention in event.mentions:
            if mention.article_id == article_id:
                marks.append(Mark(mention.trigger.start, mention.trigger.end, "trigger", event_label(event),
                                  f"#event-{number}"))
    return marks


def quote_ranges(enrichment: Enrichment | None) -> list[QuoteRange]:
    if enrichment is None:
        return []
    names = {m.actor.id: m.actor.name for m in enrichment.actors if m.actor is not None}
    found = []
    for q in enrichment.quotes:
        speaker = names.get(q.speaker_actor or "") or (q.speaker.text if q.speaker else "unknown speaker")
        for part in q.parts or [q]:
            found.append(QuoteRange(part.start, part.end, f"{q.kind} quote: {speaker}"))
    return found


def _without_overlaps(marks: Iterable[Mark], size: int) -> list[Mark]:
    kept: list[Mark] = []
    taken: list[tuple[int, int]] = []
    for mark in sorted(marks, key=lambda m: (_PRIORITY.get(m.kind, 9), m.start, m.start - m.end)):
        if not (0 <= mark.start < mark.end <= size):
            continue
        if any(mark.start < end and start < mark.end for start, end in taken):
            continue
        kept.append(mark)
        taken.append((mark.start, mark.end))
    return sorted(kept, key=lambda m: m.start)


def _quote_at(ranges: Sequence[QuoteRange], offset: int) -> QuoteRange | None:
    return next((r for r in ranges if r.start <= offset < r.end), None)


def _text(body: str, start: int, end: int, ranges: Sequence[QuoteRange]) -> Markup:
    """Plain text of the body between two marks, its quoted stretches in a span of their own."""
    cuts = sorted({start, end, *(r.start for r in ranges if start < r.start < end),
                   *(r.end for r in ranges if start < r.end < end)})
    out = Markup()
    for a, b in zip(cuts, cuts[1:], strict=False):
        inside = _quote_at(ranges, a)
        piece = escape(body[a:b])
        out += Markup('<span class="quote" title="{}">{}</span>').format(inside.tip, piece) if inside else piece
    return out


def _mark(body: str, mark: Mark, quoted: QuoteRange | None) -> Markup:
    classes = f"ann {mark.kind}" + (" in-quote" if quoted else "")
    tip = mark.tip + (f" — in a {quoted.tip}" if quoted else "")
    text = escape(body[mark.start:mark.end])
    if mark.href:
        return Markup('<a class="{}" href="{}" title="{}" data-tip="{}">{}</a>').format(
            classes, mark.href, tip, tip, text)
    return Markup('<mark class="{}" tabindex="0" title="{}" data-tip="{}">{}</mark>').format(classes, tip, tip, text)


def annotated_body(body: str, enrichment: Enrichment | None, events: Sequence[Event], article_id: int) -> Markup:
    """The body as escaped HTML with its annotations (see the module's docstring)."""
    marks = _without_overlaps(marks_of(enrichment, events, article_id), len(body))
    ranges = quote_ranges(enrichment)
    out = Markup()
    at = 0
    for mark in marks:
        out += _text(body, at, mark.start, ranges)
        out += _mark(body, mark, _quote_at(ranges, mark.start))
        at = mark.end
    return out + _text(body, at, len(body), ranges)
