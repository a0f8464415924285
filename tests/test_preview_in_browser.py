"""`notices serve --preview` in Chromium: the open page redraws itself when its text is saved, nothing else does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_build_safety import _wait_for
from test_preview import _get, start_preview
from test_site_in_browser import browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(tmp_path: Path, mini_content: Path) -> Iterator[str]:
    server, base, log = start_preview(tmp_path, mini_content)
    try:
        assert _wait_for(lambda: "Write to us." in _get(f"{base}/terms/2030-01-01/")[1]), log.read_text()
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_open_page_shows_a_saved_edit_by_itself(browser: Any, preview: str, mini_content: Path) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    draft, archived = context.new_page(), context.new_page()
    errors: list[str] = []
    for tab in (draft, archived):
        tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        draft.goto(f"{preview}/terms/2030-01-01/")
        archived.goto(f"{preview}/ja/terms/2020-01-01/")
        draft.evaluate("window.sinceLoad = 'same page'")
        archived.evaluate("window.sinceLoad = 'same page'")
        time.sleep(0.5)  # both pages are waiting for the next change
        en = mini_content / "terms/2030-01-01/en.md"
        en.write_text(en.read_text(encoding="utf-8").replace("Write to us.", "Write to our new office."), "utf-8")
        draft.wait_for_function("document.body.innerText.includes('Write to our new office.')", timeout=30_000)
        assert draft.evaluate("typeof window.sinceLoad") == "undefined"  # it reloaded itself
        time.sleep(3)  # the rest of the site is rebuilt meanwhile
        assert archived.evaluate("window.sinceLoad") == "same page"  # a page that did not change is left alone
        assert errors == []
    finally:
        context.close()


def test_search_works_in_the_preview(browser: Any, preview: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(f"{preview}/search/?q=collect")
        tab.wait_for_selector("#notices-search-results a", timeout=30_000)
        hrefs = tab.eval_on_selector_all("#notices-search-results a", "links => links.map(a => a.pathname)")
        assert any(href.startswith("/terms/") for href in hrefs), hrefs
    finally:
        context.close()
