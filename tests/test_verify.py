"""Verifiable by anyone: the built site serves every published text's exact bytes, and `notices verify` checks them."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from conftest import BIN, LOCALES, PREFIX, ROOT, build, copy_fixture, run_notices


def served_texts(site: Path) -> Iterator[tuple[str, str, str, dict[str, str]]]:
    """(notice, revision, locale, versions.json entry) for every published text the site lists."""
    index = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    for item in index["notices"]:
        data = json.loads((site / item["notice"] / "versions.json").read_text(encoding="utf-8"))
        for version in data["versions"]:
            for locale, entry in version["locales"].items():
                yield item["notice"], version["effective"], locale, entry


def test_the_example_site_serves_every_published_text_with_its_hash(example_site: Path) -> None:
    seen = 0
    for notice, key, locale, entry in served_texts(example_site):
        rel = f"{PREFIX[locale]}{notice}/{key}/{notice}-{key}-{locale}.md"
        assert entry["source_url"] == f"https://privacy.soralotus.example/{rel}"
        served = (example_site / rel).read_bytes()
        assert served == (ROOT / "content" / notice / key / f"{locale}.md").read_bytes()
        assert hashlib.sha256(served).hexdigest() == entry["sha256"]
        seen += 1
    assert seen == 16  # privacy: 3 revisions x 4 languages; cookies: 1 x 4


@pytest.fixture(scope="module")
def bom_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with a Word-saved (BOM, CRLF) English text in the 2030 revision, published and built."""
    workdir = tmp_path_factory.mktemp("bom")
    content = copy_fixture("mini", workdir)
    en = content / "terms/2030-01-01/en.md"
    en.write_bytes(b"\xef\xbb\xbf" + en.read_bytes().replace(b"\n", b"\r\n"))
    run_notices("publish", "terms", "2030-01-01", "--content", str(content), "--as-of", "2029-11-01", check=True)
    return build(workdir, content, as_of="2029-12-01")


def test_versions_json_hash_is_what_sha256sum_gives_bom_and_crlf_included(bom_site: Path) -> None:
    texts = list(served_texts(bom_site))
    assert len(texts) == 3 * len(LOCALES)
    for notice, key, locale, entry in texts:
        path = bom_site / f"{PREFIX[locale]}{notice}/{key}/{notice}-{key}-{locale}.md"
        assert entry["source_url"].endswith(path.relative_to(bom_site).as_posix())
        sha256sum = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True).stdout
        assert sha256sum.split()[0] == entry["sha256"]
    served = (bom_site / "terms/2030-01-01/terms-2030-01-01-en.md").read_bytes()
    assert served.startswith(b"\xef\xbb\xbf") and b"\r\n" in served


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "notices"), "verify", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_verify_passes_then_fails_once_any_byte_of_a_served_text_changes(bom_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(bom_site, site)
    result = verify(str(site))
    assert result.returncode == 0, result.stderr
    assert "12 published text(s) checked against versions.json, 0 error(s)" in result.stderr
    text = site / "th/terms/2024-01-01/terms-2024-01-01-th.md"
    data = bytearray(text.read_bytes())
    data[-2] ^= 0x01  # one bit of one byte
    text.write_bytes(bytes(data))
    result = verify(str(site))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{text.as_posix()}:1:1: error: the th text of terms 2024-01-01 does not match versions.json: its SHA-256 is "
        f"{hashlib.sha256(bytes(data)).hexdigest()}"
    ), result.stderr
    assert "hint: the served text was altered after the build" in result.stderr
    text.unlink()
    assert "the th text of terms 2024-01-01 is not served: the file is missing" in verify(str(site)).stderr


def test_verify_with_the_content_catches_a_rewritten_versions_json(bom_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(bom_site, site)
    content = bom_site.parent / "content"
    assert verify(str(site), "--content", str(content)).returncode == 0
    text = site / "terms/2020-01-01/terms-2020-01-01-en.md"
    text.write_bytes(text.read_bytes().replace(b"name", b"name and address"))
    versions = site / "terms/versions.json"
    data = json.loads(versions.read_text(encoding="utf-8"))
    data["versions"][0]["locales"]["en"]["sha256"] = hashlib.sha256(text.read_bytes()).hexdigest()
    versions.write_text(json.dumps(data), encoding="utf-8")
    assert verify(str(site)).returncode == 0  # consistent with itself...
    result = verify(str(site), "--content", str(content))
    assert result.returncode == 1  # ...but not the published record
    assert "the en text of terms 2020-01-01 is not the text recorded in published.lock" in result.stderr


@pytest.fixture
def served(bom_site: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the site on a local http.server (127.0.0.1, a free port)."""
    site = tmp_path / "site"
    shutil.copytree(bom_site, site)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", site
    finally:
        server.shutdown()
        server.server_close()


def test_verify_a_deployed_site_by_its_address(served: tuple[str, Path]) -> None:
    url, site = served
    result = verify(url)
    assert result.returncode == 0, result.stderr
    assert "12 published text(s) checked" in result.stderr
    text = site / "vi/terms/2030-01-01/terms-2030-01-01-vi.md"
    text.write_bytes(text.read_bytes() + b" ")
    result = verify(url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{url}vi/terms/2030-01-01/terms-2030-01-01-vi.md:1:1: error: the vi text"), (
        result.stderr
    )


def test_verify_says_plainly_when_nothing_answers() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = verify(f"http://127.0.0.1:{port}/")
    assert result.returncode == 1
    assert "cannot read the list of notices: the site could not be reached" in result.stderr
    assert "Traceback" not in result.stderr
