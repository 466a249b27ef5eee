"""The web UI: server-rendered pages over the same store reads as the REST API.

    /                      latest stories, recent articles, sections by site and by country, a search box
    /stories               stories with the filters of `dateline stories`, the latest first
    /stories/{id}          a story: summary, span, outlets, actors, places, its articles by duplicate group,
                           the timeline of its events
    /articles/{id}         the body with its annotations, metadata with evidence, provenance, events, its story
    /articles/{id}/raw     the stored page, only ever as a download
    /actors/{name}         an actor: aliases, roles, events over time, counterparts, quotes
    /events                the event explorer: the CLI's filters, a table, counts by type, a map
    /search?q=             full-text search with snippets and facets

Templates autoescape everything; the little HTML made here (annotations, charts, snippets) is
built from escaped pieces. No page carries a script of its own: htmx (static/) only swaps the
explorer's results in place, and every page works without it."""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import ArticleFilter, EventFilter, Store
from ..store.query import QueryError
from ..store.story_reads import StoryFilter
from .annotate import actor_label, actor_url, annotated_body, event_label, place_label
from .api import search_items
from .cache import FRESH_UNTIL
from .charts import Series, series_of, stacked_bars, world_map
from .errors import ApiError
from .humanize import iso_utc, readable_utc, relative_time, watching_changes
from .pagination import key_of, make_cursor, read_cursor
from .params import StoreDep, when

HERE = Path(__file__).parent
RECENT = 30  # articles on the front page
STORIES = 10  # stories on the front page
STORIES_PER_PAGE = 30
# A big story (hundreds of outlets over weeks) shows its first duplicate groups and events; the API has all.
STORY_PAGE_ITEMS = 200
STORY_FILTERS = ("query", "actor", "place", "since", "until")
EVENTS_PER_PAGE = 50
SEARCH_HITS = 50
MONTH = re.compile(r"^\d{4}-\d{2}$")
EVENT_FILTERS = ("actor", "recipient", "type", "country", "since", "until", "query")
# The metadata shown on an article page, in this order, with the evidence extraction recorded.
ARTICLE_FIELDS = ("title", "subtitle", "authors", "published", "modified", "agency", "dateline", "language",
                  "site_name", "section", "tags", "url", "canonical_url")


def safe_href(url: str | None) -> str | None:
    """A link a page may carry: http(s) only, so that a `javascript:` or `data:` URL of a page
    never becomes a link (it is shown as text instead)."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _environment() -> Environment:
    # auto_reload off: the templates ship with the package, so no stat() of each file on each render
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.globals.update(relative_time=relative_time, iso_utc=iso_utc, readable_utc=readable_utc,
                       actor_url=actor_url, actor_label=actor_label, place_label=place_label,
                       event_label=event_label, safe_href=safe_href, urlencode=urlencode)
    return env


templates = Jinja2Templates(env=_environment())
router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    now = context.setdefault("now", datetime.now(UTC))
    with watching_changes() as changes:
        response = templates.TemplateResponse(request, name, context, status_code=status)
    if getattr(request.app.state, "response_cache", None) is not None:
        # The page reads the same until its footer's minute or one of its relative times changes.
        changes.append(now.replace(second=0, microsecond=0) + timedelta(minutes=1))
        response.headers[FRESH_UNTIL] = repr(min(changes).timestamp())
    return response


def not_found(request: Request, message: str) -> HTMLResponse:
    return render(request, "message.html", status=404, title="Not found", message=message)


# -- the front page ------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def front_page(request: Request, store: StoreDep, cursor: str | None = None) -> HTMLResponse:
    sort = "-published_at"
    try:
        after = key_of(read_cursor(cursor, sort)) if cursor else None
    except ApiError:
        after = None  # a stale or made-up cursor: the first page
    found = store.article_page(None, sort="published_at", descending=True, after=after, limit=RECENT)
    more = make_cursor(sort, list(found.next_key)) if found.next_key else None
    by_site = store.latest_by_site(store.top_sites(6), limit=4)
    countries = store.focus_countries(top=6)
    by_country = store.articles_about([c.country for c in countries], limit=4)
    stories = store.stories(StoryFilter(limit=STORIES)) if after is None else []
    return render(request, "index.html", title="Latest articles", articles=found.items, more=more, first=after is None,
                  stories=stories, by_site=by_site, countries=countries, by_country=by_country)


# -- an article ----------------------------------------------------------------------------------


def _metadata(article: Any) -> list[tuple[str, str, str | None]]:
    rows = []
    for name in ARTICLE_FIELDS:
        value = getattr(article, name, None)
        if name == "dateline" and value is not None:
            value = value.text or value.place
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value:
            rows.append((name, str(value), article.evidence.get(name)))
    return rows


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, store: StoreDep) -> HTMLResponse:
    article = store.get_article(article_id)
    if article is None:
        return not_found(request, f"There is no article {article_id}.")
    enrichment = store.enrichments([article_id]).get(article_id)
    events = store.article_events(article_id)
    sources = store.event_sources([m.article_id for e in events for m in e.mentions if m.article_id is not None])
    return render(request, "article.html", title=article.title or f"Article {article_id}", article_id=article_id,
                  article=article, body=annotated_body(article.body, enrichment, events, article_id),
                  enrichment=enrichment, metadata=_metadata(article), events=events, sources=sources,
                  urls=store.article_urls(article_id), pages=store.article_pages(article_id),
                  quotes=enrichment.quotes if enrichment else [], story=store.story_link(article_id))


# -- stories -------------------------------------------------------------------------------------


@router.get("/stories", response_class=HTMLResponse)
def story_list(request: Request, store: StoreDep, cursor: str | None = None) -> HTMLResponse:
    params = {k: v.strip() for k in STORY_FILTERS if (v := request.query_params.get(k)) and v.strip()}
    problem = None
    bounds = {}
    for name in ("since", "until"):
        try:
            bounds[name] = when(name, params.get(name))
        except ApiError as exc:
            problem, bounds[name] = exc.message, None
    where = StoryFilter(query=params.get("query"), actor=params.get("actor"), place=params.get("place"),
                        since=bounds["since"], until=bounds["until"], limit=None)
    sort = "-last_published"
    try:
        after = key_of(read_cursor(cursor, sort)) if cursor else None
    except ApiError:
        after = None
    found = store.story_page(where, sort="last_published", descending=True, after=after, limit=STORIES_PER_PAGE)
    more = make_cursor(sort, list(found.next_key)) if found.next_key else None
    return render(request, "stories.html", title="Stories", stories=found.items, more=more, params=params,
                  query=urlencode(params), problem=problem)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, store: StoreDep) -> Response:
    story = store.story(story_id, limit=STORY_PAGE_ITEMS)
    if story is None:
        merged = store.merged_story(story_id)
        if merged is not None:  # a link to a story that has since joined another one
            return RedirectResponse(f"/stories/{quote(merged, safe='')}", status_code=307)
        return not_found(request, f"There is no story “{story_id}”.")
    names = store.actor_names(story.actors)
    actors = [(code, *names.get(code, (code, None))) for code in story.actors]
    times = store.published_times([m.article_id for group in story.groups for m in group])
    outlets = Counter(m.site for group in story.groups for m in group if m.site)
    sources = store.event_sources([m.article_id for e in story.timeline for m in e.mentions[:1]
                                   if m.article_id is not None])
    return render(request, "story.html", title=story.title or f"Story {story_id}", story=story, actors=actors,
                  times=times, outlets=[(site, outlets.get(site, 0)) for site in story.outlets], sources=sources)


@router.get("/articles/{article_id}/raw")
def raw_page(request: Request, article_id: int, store: StoreDep, page: int | None = None) -> Response:
    """The stored page as it was fetched: a download (attachment, octet-stream), never rendered, so a
    hostile page's markup cannot run on this origin."""
    raw = store.raw_content(article_id, page)
    if raw is None:
        return not_found(request, f"Article {article_id} has no stored page{f' {page}' if page else ''}.")
    # Never .html: a saved copy opened by a double click should not run the page's scripts either.
    name = f"article-{article_id}-page-{raw.page_id}.{'txt' if raw.is_text else 'raw'}"
    return Response(raw.data, media_type="application/octet-stream",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


# -- an actor ------------------------------------------------------------------------------------


MAX_MONTHS = 120  # bars of a chart by month; a longer span is shown by year


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline(counts: list[dict[str, int]]) -> tuple[list[str], list[dict[str, int]]]:
    """The periods of a chart over time, without gaps (a month with no event is a bar of 0), and the
    counts on them: by month ("2025-02"), by year when the months would be too many; "undated" last."""
    dated = sorted({p for c in counts for p in c if MONTH.match(p)})
    undated = ["undated"] if any("undated" in c for c in counts) else []
    if not dated:
        return undated, counts
    months = _months_between(dated[0], dated[-1])
    if len(months) <= MAX_MONTHS:
        return months + undated, counts
    by_year = []
    for c in counts:
        years: Counter[str] = Counter()
        for period, n in c.items():
            years[period[:4] if MONTH.match(period) else period] += n
        by_year.append(dict(years))
    years_axis = [str(y) for y in range(int(dated[0][:4]), int(dated[-1][:4]) + 1)]
    return years_axis + undated, by_year


@router.get("/actors/{name:path}", response_class=HTMLResponse)
def actor_page(request: Request, name: str, store: StoreDep) -> HTMLResponse:
    actor = store.actor(name, recent=10)
    if actor is None:
        return not_found(request, f"There is no actor called “{name}” in the knowledge base.")
    by_side = store.actor_event_counts(actor.id)
    periods, (as_actor, as_recipient) = timeline([by_side.get("actor", {}), by_side.get("recipient", {})])
    series = [Series("as actor", "s0", as_actor), Series("as recipient", "s1", as_recipient)]
    chart = stacked_bars(periods, series, f"Events of {actor.name} by month") if periods else None
    acting = store.latest_events(actor.id, "actor", limit=10)
    receiving = store.latest_events(actor.id, "recipient", limit=10)
    sources = store.event_sources([m.article_id for e in acting + receiving for m in e.mentions[:1]
                                   if m.article_id is not None])
    return render(request, "actor.html", title=actor.name, actor=actor, chart=chart, periods=periods, series=series,
                  acting=acting, receiving=receiving, sources=sources, counterparts=store.counterparts(actor.id),
                  quotes=store.actor_quotes(actor.id))


# -- the event explorer --------------------------------------------------------------------------


def _event_filter(params: dict[str, str]) -> tuple[EventFilter, str | None]:
    """The explorer's filter, and what was wrong with a date (that bound is then left out)."""
    problem = None
    bounds = {}
    for name in ("since", "until"):
        try:
            bounds[name] = when(name, params.get(name))
        except ApiError as exc:
            problem, bounds[name] = exc.message, None
    return EventFilter(actor=params.get("actor"), recipient=params.get("recipient"), type=params.get("type"),
                       country=params.get("country"), since=bounds["since"], until=bounds["until"],
                       query=params.get("query"), limit=None), problem


def _counts_table(store: Store, where: EventFilter) -> tuple[list[str], list[Series]]:
    by_type: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.event_counts(where):
        by_type[row.type][row.period or "undated"] = row.events
    names = list(by_type)
    periods, counts = timeline([by_type[name] for name in names])
    return periods, series_of(dict(zip(names, counts, strict=True)))


@router.get("/events", response_class=HTMLResponse)
def event_explorer(request: Request, store: StoreDep, cursor: str | None = None) -> HTMLResponse:
    params = {k: v.strip() for k in EVENT_FILTERS if (v := request.query_params.get(k)) and v.strip()}
    where, problem = _event_filter(params)
    sort = "-date"
    try:
        after = key_of(read_cursor(cursor, sort)) if cursor else None
    except ApiError:
        after = None
    found = store.event_page(where, sort="date", descending=True, after=after, limit=EVENTS_PER_PAGE)
    sources = store.event_sources([m.article_id for e in found.items for m in e.mentions if m.article_id is not None])
    more = make_cursor(sort, list(found.next_key)) if found.next_key else None
    periods, series = _counts_table(store, where)
    places = store.event_places(where)
    query = urlencode(params)
    return render(request, "events.html", title="Events", params=params, problem=problem, events=found.items,
                  sources=sources, more=more, query=query, periods=periods, series=series,
                  chart=stacked_bars(periods, series, "Events by month and type") if periods else None,
                  places=places, map=world_map(places, params))


# -- search --------------------------------------------------------------------------------------


def _facets(items: list[dict[str, Any]]) -> dict[str, list[tuple[str, int, dict[str, str]]]]:
    """Counts of the hits by site, language and month of publication, each with the parameters
    that narrow the search to it."""
    def month_bounds(month: str) -> dict[str, str]:
        year, number = int(month[:4]), int(month[5:7])
        return {"since": f"{month}-01", "until": f"{month}-{monthrange(year, number)[1]:02d}"}

    months = Counter(i["published"][:7] for i in items if i["published"] and MONTH.match(i["published"][:7]))
    return {
        "site": [(s, n, {"site": s}) for s, n in Counter(i["site"] for i in items if i["site"]).most_common(10)],
        "language": [(lang, n, {"language": lang})
                     for lang, n in Counter(i["language"] for i in items if i["language"]).most_common(10)],
        "month": [(m, n, month_bounds(m)) for m, n in sorted(months.items(), reverse=True)[:12]],
    }


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: str = "", site: str = "", language: str = "",
                since: str = "", until: str = "") -> HTMLResponse:
    q = q.strip()[:500]
    params = {k: v for k, v in (("q", q), ("site", site), ("language", language), ("since", since),
                                ("until", until)) if v}
    items: list[dict[str, Any]] = []
    problem = None
    if q:
        try:
            where = ArticleFilter(since=when("since", since), until=when("until", until), site=site or None,
                                  lang=language or None)
            items = search_items(store, q, where, SEARCH_HITS)
        except ApiError as exc:
            problem = exc.message
        except QueryError as exc:
            problem = str(exc)
    return render(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, params=params, items=items,
                  problem=problem, facets=_facets(items))


def _wants_a_page(request: Request) -> bool:
    """A browser asking for a path outside the API (whose errors stay JSON for programs)."""
    outside_api = not request.url.path.startswith(("/api/", "/docs", "/openapi"))
    return outside_api and "text/html" in request.headers.get("accept", "")


def install_pages(app: FastAPI) -> None:
    """The pages and their static files (CSS, htmx, the world map), all served from here. A
    browser that asks for a page that does not exist gets a page saying so, not the API's JSON."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    api_handler = app.exception_handlers[StarletteHTTPException]

    def page_or_api_error(request: Request, exc: Exception) -> Response | Awaitable[Response]:
        if isinstance(exc, StarletteHTTPException) and exc.status_code == 404 and _wants_a_page(request):
            return not_found(request, f"There is no page at {request.url.path}.")
        return api_handler(request, exc)  # errors.py's handler: sync, so never awaited here

    app.add_exception_handler(StarletteHTTPException, page_or_api_error)
