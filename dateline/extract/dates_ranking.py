"""The choice among the date candidates: the article's original publication date, and its last update.

The order and the rules are those of `dateline.extract.dates`' docstring: the strongest rank
first, then the conflicts settled so that the original wins over an update (URL earlier than
the metadata, the date shown by the headline, a UTC timestamp in the byline's own zone).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from .dates_candidates import R_ITEMPROP, R_JSONLD_PAGE, R_TEXT_ANY, R_TEXT_NEAR, R_URL, R_WEAK_META, Candidate


def _day(iso: str) -> date:
    return date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]))


POLICY = {"utc_shift": True, "url_earlier": True, "modified_fallback": True, "visible": True, "weak_meta": True,
          "earliest_strong": True, "byline_modified": True, "visible_single": True,
          "utc_dateonly": True}
NEAR_H1 = 60  # elements after the headline
NEAR_H1_BEFORE = 0  # elements before it (bylines above the headline)
REPUBLISHED_DAYS = 2
MIDNIGHT_HOURS = 4
URL_EARLIER_DAYS = 0
FAR_BELOW_H1 = 100  # elements
FAR_ABOVE_H1 = 15  # elements: the site's header, where many sites print today's date
FAR_PENALTY = 20
VISIBLE_MAX_DAYS = 3  # distinct days shown in the article before its headline dates are not trusted
_VISIBLE = ("byline text", "time element", "page text", "itemprop")


def _effective_rank(c: Candidate) -> int:
    """Dates far from the headline are more often a comment's, a teaser's or the header's clock than the article's."""
    if c.dist is not None and (c.dist > FAR_BELOW_H1 or c.dist < -FAR_ABOVE_H1):
        return c.rank + FAR_PENALTY
    return c.rank


def ranked_modified(cands: list[Candidate]) -> list[Candidate]:
    """The modification dates worth reading (not off-topic), strongest first."""
    return sorted((c for c in cands if c.kind == "modified" and c.rank < 90), key=lambda c: c.rank)


def choose_published(cands: list[Candidate], mods: list[Candidate] | None = None) -> Candidate | None:
    """The original publication date among the candidates (see `dateline.extract.dates` for the order).

    `mods` is `ranked_modified(cands)` when the caller has it already.
    """
    pubs = sorted((c for c in cands if c.kind == "published"), key=_effective_rank)
    if mods is None:
        mods = ranked_modified(cands)
    if not pubs:
        return mods[0] if mods and POLICY["modified_fallback"] else None
    best = pubs[0]
    if POLICY["byline_modified"] and best.rank >= R_TEXT_ANY - 10:
        # Only body text offers a "published" date, but the byline shows an update: the byline is the page's date.
        shown = [c for c in mods if R_ITEMPROP <= c.rank <= R_TEXT_NEAR + 5]
        if shown:
            return shown[0]
    day = _day(best.iso)
    structured = best.rank < R_URL and best.signal.startswith(("json-ld", "meta"))
    if POLICY["utc_shift"] and structured and best.iso.endswith("+00:00"):
        shifted = _local_day(best, pubs, day)
        if shifted is not None:
            return shifted
    url = next((c for c in pubs if c.signal == "url"), None)
    if POLICY["url_earlier"] and url is not None and best is not url and (day - _day(url.iso)).days > URL_EARLIER_DAYS:
        return url
    visible = [c for c in pubs if c.signal.startswith(_VISIBLE) and c.rank <= 70 and c.dist is not None
               and -NEAR_H1_BEFORE <= c.dist <= NEAR_H1]
    vdays = {_day(c.iso) for c in visible}
    strong = [c for c in pubs if c.rank <= R_JSONLD_PAGE and c.signal.startswith(("json-ld", "meta"))]
    if POLICY["earliest_strong"] and len(strong) > 1 and len({c.iso[:10] for c in strong}) > 1:
        # Structured sources disagree: the one the page shows, else the earliest (a later one is an update).
        agreeing = [c for c in strong if _day(c.iso) in vdays]
        best = agreeing[0] if agreeing else min(strong, key=lambda c: (c.iso[:10], c.rank))
        day = _day(best.iso)
    if not (structured and visible) or day in vdays:
        return best
    if any(_day(c.iso) == day for c in pubs if c.signal.startswith(_VISIBLE) and c.rank <= 70 and (c.dist or 0) >= 0):
        return best  # the page shows the metadata's day too, further down: the headline area is not alone
    modified_days = {_day(c.iso) for c in mods}
    if "live blog" in best.signal:
        return best  # a live blog shows its latest entry by the headline, not its start
    # A shown date that is the metadata's modification time is an update, unless the article was
    # reworked long after it first appeared (then the site presents it as a new publication).
    shown = [c for c in visible if c.rank <= R_TEXT_NEAR + 5
             and (_day(c.iso) not in modified_days or abs((_day(c.iso) - day).days) > REPUBLISHED_DAYS)]
    if POLICY["weak_meta"] and best.rank == R_WEAK_META and shown:
        return shown[0]

    page_days = {c.iso[:10] for c in pubs if c.signal.startswith(_VISIBLE) and c.rank <= R_TEXT_NEAR + 5
                 and (c.dist or 0) >= 0}
    if POLICY["visible"] and shown and (len({c.iso[:10] for c in shown}) == 1 or not POLICY["visible_single"]) \
            and len(page_days) <= VISIBLE_MAX_DAYS:
        # The page shows another date by its headline than its metadata (and not as an update): trust
        # what readers see, unless the headline area lists several dates (a list of other stories).
        return shown[0]
    return best


def _local_day(best: Candidate, pubs: list[Candidate], day: date) -> Candidate | None:
    """A UTC timestamp whose day differs from the one the page shows its readers in local time.

    When a byline shows the same instant in local time, the timestamp is re-expressed in that
    offset (the day readers saw, and still the exact instant); a byline or URL that shows the
    neighbouring day without a time wins as it is.
    """
    local = [c for c in pubs if c.rank <= R_TEXT_NEAR + 5 and c.signal.startswith(("url", "byline", "time", "itemprop"))
             and not _has_offset(c.iso)]
    if day in {_day(c.iso) for c in local}:
        return None
    same_instant = _same_instant_with_offset(best, pubs)
    if same_instant is not None:
        return same_instant
    for c in local:
        shift = (_day(c.iso) - day).days
        if abs(shift) != 1:
            continue
        if not c.has_time and not _near_midnight(best.iso, shift):
            continue  # without a time to compare, only a timestamp near midnight can show another day
        if c.has_time:
            utc = datetime.fromisoformat(best.iso)
            shown = datetime.fromisoformat(c.iso[:16]).replace(tzinfo=UTC)
            minutes = round((shown - utc).total_seconds() / 60)
            if abs(minutes) <= 14 * 60 and minutes % 15 == 0:
                off = timezone(timedelta(minutes=minutes))
                return Candidate(utc.astimezone(off).isoformat(), True, best.signal + " (in the byline's time zone)",
                                 best.rank, best.kind, best.dist)
            if shown < utc:
                return c  # another, earlier instant: the original, before the metadata's update
            continue
        if POLICY["utc_dateonly"]:
            return c
    return None


def _same_instant_with_offset(best: Candidate, pubs: list[Candidate]) -> Candidate | None:
    """The page gives the same instant in its own zone too (a <time> with -05:00): the day its readers saw."""
    try:
        instant = datetime.fromisoformat(best.iso)
    except ValueError:
        return None
    for c in pubs:
        if c is best or not c.has_time or not _has_offset(c.iso) or c.iso.endswith(("+00:00", "Z")):
            continue
        try:
            if datetime.fromisoformat(c.iso) == instant:
                return Candidate(c.iso, True, best.signal + f" (in the page's time zone, from {c.signal})",
                                 best.rank, best.kind, best.dist)
        except ValueError:
            continue
    return None


def _near_midnight(iso: str, shift: int) -> bool:
    """A UTC time close enough to midnight for a nearby zone to be on the next (or previous) day."""
    hour = int(iso[11:13])
    return hour >= 24 - MIDNIGHT_HOURS if shift > 0 else hour < MIDNIGHT_HOURS


def _has_offset(iso: str) -> bool:
    return len(iso) > 16 and (iso[-6] in "+-" or iso.endswith("Z"))
