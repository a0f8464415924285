"""Search finds text however its accents were stored: the index and every query are Unicode NFC.

A Vietnamese translation saved decomposed (NFD: "a" + U+0323 + U+0302 for "ậ",
as some editors write it) is indexed composed, so a query typed on any keyboard
(composed, or decomposed) finds it. The published page keeps the bytes of the file.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import socket
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import copy_fixture, mkdocs, run_notices, unrecord, write_config

CHROMIUM = Path("/usr/bin/chromium")
WORDS = "thu thập họ tên"  # in terms/2024-01-01/vi.md, the text in force
NFC, NFD = unicodedata.normalize("NFC", WORDS), unicodedata.normalize("NFD", WORDS)


@pytest.fixture(scope="module")
def nfd_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The mini fixture with its Vietnamese text in force saved as NFD, recorded so, and built."""
    assert NFC != NFD
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    workdir = tmp_path_factory.mktemp("nfd")
    content = copy_fixture("mini", workdir)
    unrecord(content, "terms", "2024-01-01")
    page = content / "terms/2024-01-01/vi.md"
    text = page.read_text(encoding="utf-8")
    assert NFC in text
    page.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    run_notices("publish", "terms", "2024-01-01", "--content", str(content), "--as-of", "2024-01-01", check=True)
    config = write_config(workdir, content)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_url"] = f"http://127.0.0.1:{port}/"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs("build", "-f", str(config), as_of="2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site", port


def _unpacked(folder: Path, pattern: str) -> bytes:
    return b"".join(gzip.decompress(p.read_bytes()) for p in sorted(folder.glob(pattern)))


@pytest.mark.build
def test_the_index_holds_the_nfd_text_composed(nfd_site: tuple[Path, int]) -> None:
    site, _ = nfd_site
    assert NFD in (site / "vi/terms/index.html").read_text(encoding="utf-8")  # the page keeps the file's bytes
    fragments = _unpacked(site / "pagefind/fragment", "vi_*.pf_fragment").decode("utf-8")
    words = _unpacked(site / "pagefind/index", "vi_*.pf_index")
    assert NFC in fragments and NFD not in fragments
    assert "thập".encode() in words
    assert unicodedata.normalize("NFD", "thập").encode() not in words


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.browser
@pytest.mark.build
def test_a_query_in_either_form_finds_the_nfd_text(nfd_site: tuple[Path, int]) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    root, port = nfd_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    found: dict[str, list[str]] = {}
    summaries: dict[str, str] = {}
    exact: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            tab = browser.new_page()
            for name, query in (("NFC", NFC), ("NFD", NFD)):
                tab.goto(f"http://127.0.0.1:{port}/vi/search/")
                tab.fill("#notices-search-query", query)
                tab.press("#notices-search-query", "Enter")
                tab.locator(".notices-search__summary").wait_for(timeout=30_000)
                found[name] = [a.get_attribute("href") or "" for a in tab.locator(".notices-search__list a").all()]
                summaries[name] = tab.locator(".notices-search__summary").inner_text()
                # Pagefind itself, with the diacritics exact (the page falls back to ignoring them).
                exact[name] = tab.evaluate(
                    """async (q) => {
                        const pf = await import("/pagefind/pagefind.js");
                        await pf.options({ exactDiacritics: true });
                        return (await pf.search(q.normalize("NFC"))).results.length;
                    }""",
                    query,
                )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    for name, hrefs in found.items():
        assert any("/vi/terms/" in h for h in hrefs), (name, hrefs)
        assert NFC in summaries[name] and NFD not in summaries[name]  # the page searched the composed form
        assert exact[name] > 0, name  # and the index holds the composed form
