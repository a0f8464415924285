"""The example site served where it was not built for, on a phone and a desktop, in Chromium.

The site is built for https://privacy.example/ and served on http://127.0.0.1:<port>/,
at the root and under a sub-path: nothing may fail, be blocked or leave the origin.
Keyboard (skip link, closed drawer), the language switch's current language,
headings on a phone, axe-core with no violation of any impact, search ranking and
the "Verify this text" record. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import LOCALES, PREFIX, ROOT, mkdocs, write_config

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules/axe-core/axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
PRODUCTION = "https://privacy.example/"
SUB_PATH = "/review/notices/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

PAGES = {
    "in-force": "privacy/",
    "archived": "privacy/2019-04-01/",
    "upcoming": "privacy/2027-01-15/",
    "history": "privacy/history/",
    "changes": "privacy/2027-01-15/changes/",
    "cookies": "cookies/",
    "home": "",
    "search": "search/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built for its production address (not the one it is served from)."""
    workdir = tmp_path_factory.mktemp("host")
    config = write_config(workdir, ROOT / "content")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_url"] = PRODUCTION
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs("build", "-f", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site"


@pytest.fixture(scope="module")
def served(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server for the site at its root and, through a link, under SUB_PATH."""
    mount = tmp_path_factory.mktemp("mount")
    (mount / SUB_PATH.strip("/")).parent.mkdir(parents=True)
    (mount / SUB_PATH.strip("/")).symlink_to(site, target_is_directory=True)
    for entry in site.iterdir():
        (mount / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(mount)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def at(base: str, locale: str, rel: str) -> str:
    return f"{base}{PREFIX[locale]}{rel}"


def until(tab: Any, condition: str) -> bool:
    """Poll ``condition`` (Playwright's wait_for_function evaluates a string, which the CSP refuses)."""
    for _ in range(50):
        if tab.evaluate(condition):
            return True
        tab.wait_for_timeout(100)
    return False


class Watched:
    """A tab that records every console error, failed or blocked request and request elsewhere."""

    def __init__(self, browser: Any, origin: str, viewport: dict[str, int], *, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
        self.tab = self.context.new_page()
        self.problems: list[str] = []
        self.aborted: list[str] = []
        tab = self.tab
        tab.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        tab.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        tab.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        tab.on("requestfailed", self._failed)
        tab.on(
            "request",
            lambda r: None if r.url.startswith((origin + "/", "data:", "blob:")) else self.problems.append(r.url),
        )

    def _failed(self, request: Any) -> None:
        if request.failure == "net::ERR_ABORTED":  # cut short by the next page: fetched again at the end
            self.aborted.append(request.url)
        else:
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def close(self) -> list[str]:
        for address in self.aborted:
            response = self.context.request.get(address)
            if not response.ok:
                self.problems.append(f"HTTP {response.status}: {address}")
        self.context.close()
        return self.problems


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("mount", "viewport"), [("/", DESKTOP), (SUB_PATH, PHONE)], ids=["root", "sub-path"])
def test_nothing_fails_or_is_blocked_off_the_production_origin(
    browser: Any, served: str, locale: str, mount: str, viewport: dict[str, int]
) -> None:
    watched = Watched(browser, served, viewport)
    tab = watched.tab
    try:
        for kind, rel in PAGES.items():
            response = tab.goto(at(served + mount, locale, rel), wait_until="networkidle")
            assert response is not None and response.ok, (kind, rel)
            assert until(tab, "() => !document.documentElement.classList.contains('no-js')"), kind  # the theme ran
            if kind == "search":
                tab.fill("#notices-search-query", "2023")
                tab.press("#notices-search-query", "Enter")
                tab.locator(".notices-search__summary").wait_for(timeout=30_000)
                tab.wait_for_load_state("networkidle")
            if kind == "archived":  # the language switch navigates with its own links, on this host
                other = LOCALES[(LOCALES.index(locale) + 1) % len(LOCALES)]
                tab.hover(".md-header__option .md-select")
                tab.click(f'.md-select__link[hreflang="{other}"]')
                tab.wait_for_url(at(served + mount, other, rel))
                tab.wait_for_load_state("networkidle")
    finally:
        problems = watched.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_switch_marks_the_current_language(browser: Any, served: str, locale: str) -> None:
    watched = Watched(browser, served, DESKTOP)
    try:
        watched.tab.goto(at(served + "/", locale, PAGES["upcoming"]))
        current = watched.tab.locator('.md-select__link[aria-current="page"]')
        assert current.count() == 1
        assert current.get_attribute("hreflang") == locale
        assert watched.tab.locator(".md-select__link").count() == len(LOCALES)
        assert watched.tab.locator("head link[hreflang]").count() == 0  # the sitemap carries them
    finally:
        assert watched.close() == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_keyboard_skip_link_shows_and_focus_never_enters_the_closed_drawer(
    browser: Any, served: str, locale: str, viewport: dict[str, int]
) -> None:
    watched = Watched(browser, served, viewport)
    tab = watched.tab
    try:
        tab.goto(at(served + "/", locale, PAGES["in-force"]))
        tab.keyboard.press("Tab")
        skip = tab.locator(".md-skip")
        assert tab.evaluate("document.activeElement.classList.contains('md-skip')")
        assert until(tab, "() => getComputedStyle(document.querySelector('.md-skip')).opacity === '1'")
        box = skip.bounding_box()
        assert box is not None
        on_top = "([x, y]) => document.elementFromPoint(x, y)?.closest('.md-skip') !== null"
        assert tab.evaluate(on_top, [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        target = skip.get_attribute("href") or ""
        assert tab.locator(f"[id='{target.lstrip('#')}']").count() == 1
        drawer_is_open = "document.getElementById('__drawer').checked"
        in_drawer = "document.activeElement?.closest('.md-sidebar--primary') !== null"
        visible_in_drawer = 0
        for _ in range(40):
            tab.keyboard.press("Tab")
            if tab.evaluate(in_drawer):
                assert tab.evaluate(drawer_is_open) or viewport is DESKTOP, tab.evaluate(
                    "document.activeElement.outerHTML"
                )
                visible_in_drawer += 1
        if viewport is DESKTOP:  # on a desktop the navigation is open beside the text
            assert visible_in_drawer > 0
    finally:
        assert watched.close() == []


def test_the_search_page_skip_link_has_its_target(browser: Any, served: str) -> None:
    watched = Watched(browser, served, DESKTOP)
    try:
        for locale in LOCALES:
            watched.tab.goto(at(served + "/", locale, PAGES["search"]))
            target = (watched.tab.locator(".md-skip").get_attribute("href") or "").lstrip("#")
            assert target and watched.tab.locator(f"[id='{target}']").count() == 1, locale
    finally:
        assert watched.close() == []


#: A heading's permalink (¶) must sit on the heading's last line of text, not on a line of its own.
PERMALINK_ON_LAST_LINE = """() => [...document.querySelectorAll('article h2, article h3')].flatMap(h => {
  const link = h.querySelector('.headerlink');
  if (!link) return [];
  const range = document.createRange();
  range.setStart(h, 0);
  range.setEndBefore(link);
  const lines = [...range.getClientRects()].filter(r => r.width > 0);
  if (!lines.length) return [];
  const last = lines[lines.length - 1];
  const mark = link.getBoundingClientRect();
  const midline = mark.top + mark.height / 2;
  return midline >= last.top && midline <= last.bottom ? [] : [h.id + ': ' + h.textContent.trim()];
})"""


@pytest.mark.bypass_csp
@pytest.mark.parametrize("locale", LOCALES)
def test_axe_headings_and_screenshots_on_phone_and_desktop(browser: Any, served: str, locale: str) -> None:
    """axe-core: no violation of any impact; at 390 px no heading leaves its ¶ on a line of its own."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make browser-deps` (npm ci)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        watched = Watched(browser, served, viewport, bypass_csp=True)  # axe is injected as a script
        tab = watched.tab
        try:
            for kind in ("in-force", "changes", "history"):
                tab.goto(at(served + "/", locale, PAGES[kind]), wait_until="networkidle")
                tab.add_script_tag(path=str(AXE))
                result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                for v in result["violations"]:
                    targets = [" ".join(node["target"]) for node in v["nodes"]][:3]
                    problems.append(f"{name} {kind}: {v['id']} ({v['impact']}): {v['help']} at {targets}")
                if viewport is PHONE:
                    problems += [f"{name} {kind}: ¶ alone under {h}" for h in tab.evaluate(PERMALINK_ON_LAST_LINE)]
                shot = ARTIFACTS / f"host-{locale}-{kind}-{name}.png"
                tab.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
        finally:
            problems += watched.close()
    assert problems == [], "\n".join(problems)


def test_the_version_in_force_ranks_first_and_results_show_dates(browser: Any, served: str) -> None:
    watched = Watched(browser, served, DESKTOP)
    tab = watched.tab
    try:
        tab.goto(at(served + "/", "en", PAGES["search"]))
        tab.fill("#notices-search-query", "passport")
        tab.press("#notices-search-query", "Enter")
        tab.locator(".notices-search__summary").wait_for(timeout=30_000)
        items = tab.locator(".notices-search__list > li")
        hrefs = [items.nth(i).locator("a").first.get_attribute("href") or "" for i in range(items.count())]
        in_force = next(i for i, h in enumerate(hrefs) if h.startswith("/privacy/#"))
        upcoming = next(i for i, h in enumerate(hrefs) if h.startswith("/privacy/2027-01-15/"))
        assert in_force < upcoming, hrefs
        assert items.nth(in_force).locator(".notices-search__status").inner_text() == "In force"
        assert items.nth(in_force).locator(".notices-search__dates").inner_text() == "Effective date: July 3, 2023"
        assert "January 15, 2027" in items.nth(upcoming).locator(".notices-search__status").inner_text()
    finally:
        assert watched.close() == []


@pytest.mark.parametrize("locale", LOCALES)
def test_verify_this_text_gives_the_hash_of_the_file_it_links(browser: Any, served: str, locale: str) -> None:
    watched = Watched(browser, served, PHONE)
    tab = watched.tab
    try:
        tab.goto(at(served + SUB_PATH, locale, PAGES["upcoming"]))
        record = tab.locator("details.notices-verify")
        assert not record.locator(".notices-hash").is_visible()  # closed until asked
        record.locator("summary").click()
        digest = record.locator(".notices-hash").inner_text()
        source = record.locator("a[href$='.md']")
        body = tab.request.get(source.evaluate("a => a.href")).body()
        assert hashlib.sha256(body).hexdigest() == digest
        assert f"sha256sum privacy-2027-01-15-{locale}.md" in record.inner_text()
        feed = tab.locator(".notices-subscribe a")
        response = tab.request.get(feed.evaluate("a => a.href"))
        assert response.ok and b"<feed" in response.body()
        tab.emulate_media(media="print")
        assert not record.is_visible() and not feed.is_visible()  # paper has the record box instead
    finally:
        assert watched.close() == []


@pytest.mark.parametrize("locale", ["en", "th"])
def test_a_printed_change_page_says_its_status_dates_and_address(browser: Any, served: str, locale: str) -> None:
    watched = Watched(browser, served, DESKTOP)
    tab = watched.tab
    try:
        tab.goto(at(served + "/", locale, PAGES["changes"]))
        record = tab.locator(".notices-print-record")
        assert not record.is_visible()  # on screen the banner and the effective date say it
        tab.emulate_media(media="print")
        text = record.inner_text()
        status = {"en": "Not yet in force: takes effect on January 15, 2027", "th": "15 มกราคม พ.ศ. 2570"}[locale]
        assert status in text
        assert f"{PRODUCTION}{PREFIX[locale]}privacy/2027-01-15/" in text  # the permanent address
        assert {"en": "November 16, 2026", "th": "16 พฤศจิกายน พ.ศ. 2569"}[locale] in text  # published
    finally:
        assert watched.close() == []


#: (page, the dates its span shows, where "previous" and "next" lead, whether it links the comparison)
SPANS = [
    ("privacy/2019-04-01/", ["2019-04-01", "2023-07-03"], None, "privacy/2023-07-03/", True),
    ("privacy/", ["2023-07-03", "2027-01-15"], "privacy/2019-04-01/", "privacy/2027-01-15/", False),
    ("privacy/2027-01-15/", ["2027-01-15"], "privacy/2023-07-03/", None, True),
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_version_says_its_span_and_links_its_neighbours(
    browser: Any, served: str, locale: str, viewport: dict[str, int]
) -> None:
    """Superseded, in force, upcoming: the span's dates, the next version and the comparison, as a reader sees them."""
    watched = Watched(browser, served, viewport)
    tab = watched.tab
    for rel, dates, preceding, following, compared in SPANS:
        tab.goto(at(served + "/", locale, rel))
        span = tab.locator(".notices-span")
        assert span.is_visible(), rel
        shown = tab.locator(".notices-span-dates time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
        assert shown == dates, (locale, rel, shown)
        box = span.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, rel
        hrefs = span.locator("a").evaluate_all("els => els.map(e => e.href)")
        for neighbour in (preceding, following):
            if neighbour is not None:
                assert at(served + "/", locale, neighbour) in hrefs, (rel, hrefs)
        assert any(h.endswith("/compare/") for h in hrefs) is compared, (rel, hrefs)
        if compared:  # the comparison with the version in force opens, with its redline
            tab.goto(next(h for h in hrefs if h.endswith("/compare/")))
            assert tab.locator(".notices-redline").first.is_visible()
    assert watched.close() == []
