"""Verifiable by anyone: the built site serves every published text's exact bytes, and `notices verify` checks them."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BIN, LOCALES, PREFIX, ROOT, build, copy_fixture, run_notices
from notices.verify import verify_site


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


# --- a verifier trusts nothing the site says (issue 19) -------------------------------------------------------

GENUINE = "terms/2020-01-01/terms-2020-01-01-en.md"
VERSIONS = "terms/versions.json"


def _edit_json(site: Path, rel: str, change: Callable[[Any], Any]) -> None:
    path = site / rel
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)  # edits in place
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _entry(data: Any, key: str = "2020-01-01", locale: str = "en") -> dict[str, Any]:
    entry: dict[str, Any] = next(v for v in data["versions"] if v["effective"] == key)["locales"][locale]
    return entry


def _tamper(site: Path) -> None:
    """Alter the served English 2020 text, keeping a genuine copy outside the site for a decoy to point at."""
    text = site / GENUINE
    shutil.copyfile(text, site.parent / "genuine.md")
    text.write_bytes(text.read_bytes().replace(b"name", b"name and address"))


def _decoy(url: str) -> Callable[[Path], None]:
    """Tamper with the text, and point its source_url at an untouched copy."""

    def apply(site: Path) -> None:
        _tamper(site)
        _edit_json(site, VERSIONS, lambda d: _entry(d).update(source_url=url.format(outside=site.parent)))

    return apply


def _inside_decoy(site: Path) -> None:
    """The untouched copy kept inside the site, where the folder check alone cannot object."""
    shutil.copyfile(site / GENUINE, site / "terms/2020-01-01/copy.md")
    _tamper(site)
    _edit_json(
        site,
        VERSIONS,
        lambda d: _entry(d).update(source_url="https://privacy.soralotus.example/terms/2020-01-01/copy.md"),
    )


def _link_outside(site: Path) -> None:
    _tamper(site)
    (site / GENUINE).unlink()
    (site / GENUINE).symlink_to(site.parent / "genuine.md")


def _write(rel: str, data: bytes) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        (site / rel).write_bytes(data)

    return apply


def _change(rel: str, change: Callable[[Any], Any]) -> Callable[[Path], None]:
    return lambda site: _edit_json(site, rel, change)


def _drop_version(data: Any) -> None:
    data["versions"] = [v for v in data["versions"] if v["effective"] != "2024-01-01"]


@dataclass
class Tamper:
    name: str
    change: Callable[[Path], None]
    message: str  # in the output, with --content and (unless content_only) without
    content_only: bool = False


TAMPERING = [
    Tamper("source_url an absolute path", _decoy("/%2F{outside}/genuine.md"), "is not a path inside the site"),
    Tamper("source_url with ..", _decoy("/terms/../../genuine.md"), "the address leaves the site ('..')"),
    Tamper("source_url relative with ..", _decoy("../genuine.md"), "'../genuine.md' is not an address on the site"),
    Tamper(
        "source_url on another host", _decoy("https://evil.example/genuine.md"), "is not on the site ('evil.example')"
    ),
    Tamper("source_url a file: URL", _decoy("file://{outside}/genuine.md"), "is not on the site ('file')"),
    Tamper("source_url a link out of the folder", _link_outside, "a link to a place outside the site folder"),
    Tamper(
        "decoy copy inside the site",
        _inside_decoy,
        "versions.json points the en text of terms 2020-01-01 at 'https://privacy.soralotus.example/terms/2020-01-01/"
        "copy.md'; the build serves it at 'terms/2020-01-01/terms-2020-01-01-en.md'",
        content_only=True,
    ),
    Tamper(
        "source_url with an escape sequence",
        _change(VERSIONS, lambda d: _entry(d).update(source_url="/terms/\x1b[2J.md")),
        "the address 'terms/\\x1b[2J.md' holds a backslash or a control character",
    ),
    Tamper("no source_url", _change(VERSIONS, lambda d: _entry(d).pop("source_url")), "2020-01-01 has no source_url"),
    Tamper(
        "source_url a number", _change(VERSIONS, lambda d: _entry(d).update(source_url=7)), "the address is a number"
    ),
    Tamper(
        "a dropped version",
        _change(VERSIONS, _drop_version),
        "versions.json of terms does not list revision 2024-01-01, which is published",
        content_only=True,
    ),
    Tamper(
        "a dropped locale",
        _change(VERSIONS, lambda d: d["versions"][0]["locales"].pop("th")),
        "versions.json does not list the th text of terms 2020-01-01, which is published",
        content_only=True,
    ),
    Tamper(
        "a dropped notice",
        _change("versions.json", lambda d: d.update(notices=[])),
        "the list of notices does not list terms, which is published",
        content_only=True,
    ),
    Tamper(
        "a notice's versions.json elsewhere",
        _change("versions.json", lambda d: d["notices"][0].update(versions="https://evil.example/v.json")),
        "gives 'terms' a bad address: 'https://evil.example/v.json' is not on the site ('evil.example')",
    ),
    Tamper("nested 100,000 deep", _write(VERSIONS, b"[" * 100_000), "it nests more than 32 levels deep"),
    Tamper("list index nested deep", _write("versions.json", b'{"notices": ' + b"[" * 5000), "nests more than 32"),
    Tamper(
        "versions that are not objects",
        _change(VERSIONS, lambda d: d.update(versions=[1, "x"])),
        "versions.json of 'terms' is not in the expected shape: entry 1 of 'versions' is a number, not an object",
    ),
    Tamper(
        "a locale entry that is a list",
        _change(VERSIONS, lambda d: d["versions"][0]["locales"].update(en=[])),
        "the 'en' entry of '2020-01-01' is a list, not an object",
    ),
    Tamper(
        "notices that are not objects",
        _change("versions.json", lambda d: d.update(notices=["terms"])),
        "the list of notices is not in the expected shape: entry 1 of 'notices' is text, not an object",
    ),
    Tamper(
        "a 5,000-digit number", _write(VERSIONS, b"1" * 5000), "cannot read versions.json of 'terms': it is not JSON"
    ),
    Tamper("an unclosed string of 2,000,000 escaped quotes", _write(VERSIONS, b'"' + b'\\"' * 2_000_000), "not JSON"),
    Tamper("not UTF-8", _write(VERSIONS, b'{"versions": "\xff"}'), "it is not UTF-8 text"),
    Tamper("larger than any notice", _write(VERSIONS, b" " * (9 * 1024 * 1024)), "more than any notice"),
    Tamper(
        "an escape sequence in a notice id",
        _change("versions.json", lambda d: d["notices"][0].update(notice="t\x1b[2Jx", versions=7)),
        "gives 't\\x1b[2Jx' a bad address",
    ),
]


@pytest.mark.parametrize("case", TAMPERING, ids=[t.name for t in TAMPERING])
def test_verify_trusts_nothing_in_versions_json(case: Tamper, bom_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(bom_site, site, symlinks=True)
    case.change(site)
    content = bom_site.parent / "content"
    for args in (
        ((str(site), "--content", str(content)),)
        if case.content_only
        else ((str(site),), (str(site), "--content", str(content)))
    ):
        result = verify(*args)
        assert result.returncode == 1, (args, result.stderr)
        assert case.message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and "\x1b" not in result.stderr


class _Drip(http.server.BaseHTTPRequestHandler):
    """A server that answers, then sends one byte every 2 s (at most 30): it never finishes in time."""

    in_headers = False

    def do_GET(self) -> None:
        self.wfile.write(b"HTTP/1.0 200 OK\r\n")
        if not self.in_headers:
            self.wfile.write(b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
        self.wfile.flush()
        for _ in range(30):
            time.sleep(2)
            try:
                self.wfile.write(b"X-A: b\r\n" if self.in_headers else b" ")
                self.wfile.flush()
            except OSError:  # the client gave up
                return

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _DripHeaders(_Drip):
    in_headers = True


class _Redirect(_Drip):
    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", f"http://localhost:{self.server.server_address[1]}/versions.json")
        self.end_headers()


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("handler", [_Drip, _DripHeaders], ids=["body", "headers"])
def test_verify_gives_up_on_a_site_that_drips_within_its_deadline(handler: type[_Drip]) -> None:
    for url in _serve(handler):
        result = verify(url, "--timeout", "3")  # the 120 s subprocess timeout catches a hang
        assert result.returncode == 1, result.stderr
        assert "cannot read the list of notices: the site did not answer within 3 s" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_verify_follows_no_redirect_off_the_site() -> None:
    for url in _serve(_Redirect):
        result = verify(url)
        assert result.returncode == 1
        assert "the site redirects to 'http://localhost:" in result.stderr, result.stderr
        assert "outside the site" in result.stderr and "Traceback" not in result.stderr


def test_verify_reads_a_remote_site_within_a_byte_budget(served: tuple[str, Path]) -> None:
    url, _ = served
    assert verify_site(url).findings == []
    result = verify_site(url, budget=2_000)
    assert result.findings, "a budget smaller than the site must stop the check"
    assert any("the site sent more than the check reads in all" in f.message for f in result.findings)


def test_a_bad_timeout_is_a_usage_error() -> None:
    result = verify("site", "--timeout", "soon")
    assert result.returncode == 2 and "'soon' is not a number of seconds" in result.stderr


# --- versions.json of any shape: a message, never a traceback ---------------------------------------------------

_URLS = st.sampled_from(
    [
        "https://privacy.soralotus.example/terms/2020-01-01/terms-2020-01-01-en.md",
        "/terms/2020-01-01/terms-2020-01-01-en.md",
        "/terms/versions.json",
        "/%2Fetc/hostname",
        "/terms/../../x",
        "../x",
        "http://[::1",
        "https://evil.example/x",
        "file:///etc/hostname",
        "/a?b#c",
        "/\x00",
        "",
    ]
)
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
    | _URLS
    | st.just([])
    | st.just({})
)
_ANY = st.recursive(
    _LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
)
_ENTRY = st.fixed_dictionaries({}, optional={"source_url": _URLS | _ANY, "sha256": _ANY}) | _ANY
_LOCALE = st.sampled_from(["en", "ja", "vi", "th"]) | st.text(max_size=4)
_VERSION = (
    st.fixed_dictionaries(
        {
            "effective": st.sampled_from(["2020-01-01", "2024-01-01", "2030-01-01"]) | _ANY,
            "locales": st.dictionaries(_LOCALE, _ENTRY, max_size=5) | _ANY,
        }
    )
    | _ANY
)
_DOCUMENT = st.fixed_dictionaries(
    {}, optional={"site": _URLS | _ANY, "versions": st.lists(_VERSION, max_size=4) | _ANY}
)
_NOTICE = st.fixed_dictionaries({}, optional={"notice": st.just("terms") | _ANY, "versions": _URLS | _ANY}) | _ANY
_INDEX = st.fixed_dictionaries(
    {}, optional={"site": st.just("https://privacy.soralotus.example/") | _ANY, "notices": st.lists(_NOTICE) | _ANY}
)


def _as_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


_GOOD_INDEX = {
    "site": "https://privacy.soralotus.example/",
    "notices": [{"notice": "terms", "versions": "https://privacy.soralotus.example/terms/versions.json"}],
}
_BROKEN = st.binary(max_size=40) | st.integers(30, 3000).map(lambda n: b"{" * n)
_INDEX_FILE = (st.just(_GOOD_INDEX) | _INDEX | _ANY).map(_as_bytes) | _BROKEN
_DOCUMENT_FILE = (_DOCUMENT | _ANY).map(_as_bytes) | _BROKEN


@pytest.fixture(scope="module")
def fuzz_content(bom_site: Path) -> Any:
    from notices.check import check_content

    return check_content(bom_site.parent / "content", LOCALES, date(2029, 12, 1)).content


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=_INDEX_FILE, document=_DOCUMENT_FILE)
def test_versions_json_of_any_shape_gets_messages_never_a_traceback(
    index: bytes, document: bytes, bom_site: Path, fuzz_content: Any
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "terms/2020-01-01").mkdir(parents=True)
        shutil.copyfile(bom_site / GENUINE, site / GENUINE)
        (site / "versions.json").write_bytes(index)
        (site / VERSIONS).write_bytes(document)
        for content in (None, fuzz_content):
            result = verify_site(str(site), content, date(2029, 12, 1))
            for finding in result.findings:
                assert finding.severity == "error" and finding.message and finding.hint
                assert "\x1b" not in finding.format() and "\x00" not in finding.format()
            if content is not None:  # the genuine record is never satisfied by a fuzzed versions.json
                assert result.findings
