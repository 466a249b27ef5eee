"""The web UI in a real browser: Debian's headless Chromium driven by Playwright, against the real
`dateline serve` in a child process over a store of the example pages and a hostile page.

It clicks its way from the front page to a story, on to an article and to an actor, filters events, searches,
and checks that charts and the map draw, that the keyboard reaches the links, that a phone's
width does not overflow, and that nothing runs: no dialog, no console error, no CSP violation.
A screenshot of each page goes to $DATELINE_SCREENSHOTS, or to the test run's temp folder.

Chromium comes from Debian (`make test` installs it with apt-get when missing), never from
`playwright install`; without it these tests skip and say why."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT
from ui_corpus import HOSTILE, HOSTILE_TITLE_START, SHARED_DUMP

from dateline.config import Settings
from dateline.ingest import ingest
from dateline.store import Store
from dateline.store.story_reads import StoryFilter

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (make test installs it: apt-get install -y chromium)", allow_module_level=True)

# Registered before any page script: CSP violations reported by the browser itself.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The web UI's corpus (ui_corpus.py) through every stage, stories too."""
    url = str(tmp_path_factory.mktemp("browser") / "ui.db")
    sources = [str(EXAMPLES), str(HOSTILE)] + ([str(SHARED_DUMP)] if SHARED_DUMP.exists() else [])
    report = ingest(sources, url, settings=Settings(stages="extract,enrich,events,stories", write_process=False))
    assert report.articles >= 6 and report.errors == 0, report
    return url


@pytest.fixture(scope="module")
def server(db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dateline serve` on a free port; its base URL. Its log goes to a file (a pipe left unread
    would fill up and stall the server)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    log_path = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with open(log_path, "wb") as log:
        child = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", db, "--port", str(port)],
                                 env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise AssertionError(f"dateline serve exited: {log_path.read_text(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("dateline serve did not start listening in 30 s")
        yield base
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("DATELINE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Watched:
    """A browser page and everything it must not do: dialogs, console errors, CSP violations."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.add_init_script(WATCH_CSP)
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        violations = self.page.evaluate("window.__cspViolations || []")
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.errors, f"console errors: {self.errors}"
        assert not violations, f"CSP violations: {violations}"
        assert not self.failed, f"failed requests: {self.failed}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Watched(page)
    context.close()


def test_front_page_to_story_to_article_to_actor(server: str, watched: Watched, shots: Path, db: str) -> None:
    page = watched.page
    page.goto(server + "/")
    assert page.locator("#recent li").count() >= 6
    assert "ago" in page.locator("#recent time").first.inner_text()
    assert page.locator("#stories li").count() >= 4
    page.screenshot(path=str(shots / "front.png"), full_page=True)
    with Store.open(db) as store:
        [found] = store.stories(StoryFilter(query="istanbul embassies", limit=None))
        story = store.story(found.id)
    assert story is not None
    page.locator("#stories a", has_text=story.title).click()
    page.wait_for_url(f"**/stories/{story.id}")
    assert page.locator("h1").inner_text() == story.title
    assert page.locator("#groups > li.group").count() == len(story.groups)
    assert page.locator("#groups .copies li").count() == story.article_count - story.unique_count > 0
    assert page.locator("#timeline tbody tr").count() == len(story.timeline) > 0
    assert page.locator("#actors a").count() == len(story.actors)
    page.screenshot(path=str(shots / "story.png"), full_page=True)
    first = story.groups[0][0]
    page.locator("#groups > li.group > a").first.click()
    page.wait_for_url(f"**/articles/{first.article_id}")
    assert page.locator("h1").inner_text() == first.title
    assert page.locator(".story-link a").get_attribute("href") == f"/stories/{story.id}"
    actor = page.locator("a.ann.actor").first
    assert actor.get_attribute("title")
    page.screenshot(path=str(shots / "article.png"), full_page=True)
    name = actor.get_attribute("title").split(" — ")[0]
    actor.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text() == name
    page.screenshot(path=str(shots / "actor.png"), full_page=True)
    watched.assert_clean()


def test_the_keyboard_reaches_a_story_from_the_front_page(server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(server + "/")
    first = page.locator("#stories a").first
    href = first.get_attribute("href")
    for _ in range(40):  # the skip link, the navigation, the search box, then the stories
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    else:
        raise AssertionError("Tab never reached the first story")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator("#timeline, #timeline-h").count() >= 1
    watched.assert_clean()


def test_the_keyboard_reaches_links_and_shows_focus(server: str, watched: Watched, db: str) -> None:
    page = watched.page
    with Store.open(db) as store:
        target = next(a for a in store.iter_articles() if a.site == "harbourtimes.com")
    page.goto(f"{server}/articles/{target.id}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    # A time mark is focusable, and focus shows its reading (CSS only: the ::after of :focus-visible).
    mark = page.locator("mark.ann.time").first
    mark.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert mark.get_attribute("data-tip") in tip
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    watched.assert_clean()


def test_event_filters_chart_and_map(server: str, watched: Watched, shots: Path) -> None:
    page = watched.page
    page.goto(server + "/events")
    every = page.locator("#event-table tbody tr").count()
    assert page.locator("svg.chart rect").count() > 0
    assert page.locator("svg.map circle").count() > 0
    # The map's country shapes are an SVG file of this server, drawn inside the map.
    assert page.evaluate("fetch('/static/world-110m.svg').then(r => r.text()).then(t => t.split('<path').length - 1)") > 150
    page.screenshot(path=str(shots / "events.png"), full_page=True)
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.__samePage = true")  # gone if the form loads a new page instead of htmx swapping
    page.fill('input[name="type"]', "CONSULT")
    page.click('form.filters button[type="submit"]')
    page.wait_for_url("**/events?*type=CONSULT*")
    page.wait_for_function(f"document.querySelectorAll('#event-table tbody tr').length < {every}")
    assert page.evaluate("window.__samePage === true")
    assert page.locator("#results").count() == 1
    types = page.locator("#event-table tbody tr td:nth-child(2) a").all_inner_texts()
    assert types and set(types) == {"CONSULT"}
    export = page.locator('.exports a[href^="/api/export/events.csv"]').get_attribute("href")
    assert export == "/api/export/events.csv?type=CONSULT"
    page.screenshot(path=str(shots / "events-consult.png"), full_page=True)
    watched.assert_clean()


def test_search_marks_the_word(server: str, watched: Watched, shots: Path) -> None:
    page = watched.page
    page.goto(server + "/")
    page.fill("#top-q", "reservoir")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=reservoir")
    assert page.locator(".snippet mark").first.inner_text().lower() == "reservoir"
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    watched.assert_clean()


def test_hostile_page_runs_nothing(server: str, watched: Watched, shots: Path, db: str) -> None:
    page = watched.page
    with Store.open(db) as store:
        hostile = next(a.id for a in store.iter_articles() if (a.title or "").startswith(HOSTILE_TITLE_START))
    page.goto(f"{server}/articles/{hostile}")
    assert page.locator("h1").inner_text().startswith("Harbour board <img src=x onerror=")
    assert '<script>alert("body")</script>' in page.locator(".body").inner_text()
    for mark in page.locator(".body .ann").all()[:10]:
        mark.hover()
    page.get_by_text("the board published").click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "hostile.png"), full_page=True)
    with Store.open(db) as store:
        link = store.story_link(hostile)
    assert link is not None
    for path in ("/", "/search?q=prank", "/events", f"/stories/{link.id}"):
        page.goto(server + path)
    # The raw page is a download, never a page of this origin.
    page.goto(f"{server}/articles/{hostile}")
    with page.expect_download() as download:
        page.locator("a", has_text="download").first.click()
    assert download.value.suggested_filename.startswith(f"article-{hostile}-")
    assert page.url.endswith(f"/articles/{hostile}")
    watched.assert_clean()


def test_pages_fit_a_phone(server: str, browser: Any, shots: Path, db: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    watched = Watched(page)
    with Store.open(db) as store:
        target = next(a.id for a in store.iter_articles() if a.site == "harbourtimes.com")
        story = store.stories(StoryFilter(query="istanbul embassies", limit=None))[0].id
    for name, path in (("phone-front", "/"), ("phone-article", f"/articles/{target}"), ("phone-events", "/events"),
                       ("phone-story", f"/stories/{story}"), ("phone-stories", "/stories")):
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the phone"
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    watched.assert_clean()
    context.close()
