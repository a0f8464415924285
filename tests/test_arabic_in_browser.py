"""An Arabic notice: built right to left, and its change page's redline read in Chromium.

The mini fixture's notice, in English and Arabic (a text written here for the test), published and built;
Chromium shows the Arabic change page with the page, its banners and the redline laid out right to left,
the inserted words marked as inserted, and no console error.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import BIN, FIXTURES, mkdocs, write_config

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARABIC = {
    "2020-01-01": ("نجمع اسمك.", "راسلنا."),
    "2024-01-01": ("نجمع اسمك.", "راسلنا. ويمكنك أيضًا مراسلتنا بالبريد الإلكتروني."),
    "2030-01-01": ("نجمع اسمك. ونجمع أيضًا عنوان بريدك الإلكتروني.", "راسلنا. ويمكنك أيضًا مراسلتنا بالبريد الإلكتروني."),
}


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("arabic")
    content = work / "content"
    shutil.copytree(FIXTURES / "mini/content", content)
    notice = content / "terms"
    (notice / "published.lock").unlink()
    data = yaml.safe_load((notice / "notice.yml").read_text(encoding="utf-8"))
    data["nav_title"] = {"en": "Terms", "ar": "الشروط"}
    (notice / "notice.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for key, (data_text, contact_text) in ARABIC.items():
        revision = notice / key
        for old in ("ja", "vi", "th"):
            (revision / f"{old}.md").unlink()
        (revision / "ar.md").write_text(
            f"# الشروط\n\nتنطبق هذه الشروط على الخدمة.\n\n## 1. البيانات {{#data}}\n\n{data_text}\n\n"
            f"## 2. التواصل {{#contact}}\n\n{contact_text}\n",
            encoding="utf-8",
        )
        meta = yaml.safe_load((revision / "revision.yml").read_text(encoding="utf-8"))
        if "summary" in meta:
            meta["summary"] = {"en": meta["summary"]["en"], "ar": "نجمع الآن أيضًا بريدك الإلكتروني."}
        (revision / "revision.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    config_path = write_config(work, content)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [
                {"locale": "en", "name": "English", "default": True, "build": True},
                {"locale": "ar", "name": "العربية", "build": True},
            ]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for day in ARABIC:
        published = subprocess.run(
            [str(BIN / "notices"), "publish", "-f", str(config_path), "--as-of", "2029-12-01", "terms", day],
            capture_output=True,
            text=True,
            check=False,
        )
        assert published.returncode == 0, published.stdout + published.stderr
    result = mkdocs("build", "-f", str(config_path), as_of="2029-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def test_the_arabic_change_page_reads_right_to_left_with_its_redline(arabic_site: Path, browser: Any) -> None:
    page = arabic_site / "ar/terms/2030-01-01/changes/index.html"
    assert '<body dir="rtl"' in page.read_text(encoding="utf-8")
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    handler = functools.partial(_Quiet, directory=str(arabic_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tab.goto(f"http://127.0.0.1:{server.server_address[1]}/ar/terms/2030-01-01/changes/")
    redline = tab.locator(".notices-redline").first
    assert redline.is_visible()
    assert redline.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert tab.evaluate("getComputedStyle(document.body).direction") == "rtl"
    inserted = " ".join(tab.locator(".notices-redline ins").all_inner_texts())
    assert "عنوان بريدك الإلكتروني" in inserted, inserted
    banner = tab.locator(".notices-banner").first
    if banner.count():
        assert banner.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # the redline starts at the right: its first line's text box ends at the block's right edge
    box = redline.bounding_box()
    first = tab.locator(".notices-redline p").first.bounding_box()
    assert box is not None and first is not None and abs((first["x"] + first["width"]) - (box["x"] + box["width"])) < 40
    assert errors == []
    tab.close()
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
