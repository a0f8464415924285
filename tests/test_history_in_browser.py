"""The history fixture's change pages in a real browser: a changed link shows both addresses."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from conftest import copy_fixture, mkdocs, write_config
from test_site_in_browser import ARTIFACTS, _Quiet, browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tests/fixtures/history built as of 2026-06-01 for, and served at, http://127.0.0.1:<port>/."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    workdir = tmp_path_factory.mktemp("history-browser")
    config = write_config(workdir, copy_fixture("history", workdir))
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_url"] = f"http://127.0.0.1:{port}/"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs("build", "-f", str(config), as_of="2026-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(_Quiet, directory=str(workdir / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Any, origin: str) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    tab = context.new_page()
    yield tab
    context.close()


def test_a_changed_link_shows_its_old_and_new_address(page: Any, origin: str) -> None:
    page.goto(f"{origin}/privacy/2023-01-15/changes/")
    redline = page.locator("#change-cookies ~ .notices-redline").first
    text = redline.inner_text()
    assert "https://shop.example/cookies/" in text and "https://shop.example/cookie-policy/" in text
    assert "](" not in text and "{--" not in text
    link = redline.get_by_role("link", name="cookie policy")
    assert link.get_attribute("href") == "https://shop.example/cookie-policy/"
    old = redline.locator("del", has_text="https://shop.example/cookies/")
    new = redline.locator("ins", has_text="https://shop.example/cookie-policy/")
    assert old.is_visible() and new.is_visible()
    # Screen readers do not announce <del>/<ins>: the stylesheet says where each starts.
    before = old.evaluate("e => getComputedStyle(e, '::before').content")
    assert "deletion" in before
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots/history-link-change.png"), full_page=True)


def test_thai_change_page_points_to_the_english_text_of_a_stale_section(page: Any, origin: str) -> None:
    page.goto(f"{origin}/th/privacy/2026-01-10/changes/")
    note = page.locator(".notices-stale")
    assert note.count() == 1 and note.is_visible()
    assert note.get_attribute("role") == "note"
    note.get_by_role("link").click()
    page.wait_for_url("**/privacy/2026-01-10/#contact")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#contact").is_visible()


def test_declared_lag_is_announced_on_the_thai_revision_page(page: Any, origin: str) -> None:
    page.goto(f"{origin}/th/privacy/2024-06-01/")
    banner = page.locator(".notices-banner--lagging")
    assert banner.get_attribute("role") == "status"
    assert banner.locator("time").get_attribute("datetime") == "2023-01-15"
    # the banner leads to the English page of the same revision
    assert banner.get_by_role("link").get_attribute("href") == "../../../privacy/2024-06-01/"
