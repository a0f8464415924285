"""The hostile-content suite: every case of tests/hostile/cases.yml is reported, and its page is inert.

For each case:
- ``notices check`` reports it as an error at its file and line;
- the page the site would build from it (the generator's Markdown, converted
  with the very extension list MkDocs loads from mkdocs.yml, sanitizer
  included) holds no script, handler, external resource or javascript: URL,
  checked by parsing the HTML;
- Chromium loads that page, inside a real built page with its
  Content-Security-Policy, and sees no dialog and no request leave the
  origin; it also loads the *unsanitized* HTML, to show the policy alone
  holds.
Cases the check accepts (text fields that are escaped) are built for real
with ``mkdocs build`` and every built file is searched for anything live.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import http.server
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, mkdocs, write_config
from htmlq import foreign_in_body, foreign_in_head
from notices.check import check_content
from notices.csp import PLACEHOLDER, apply_policy, script_hash
from notices.findings import Reporter
from notices.markup.check import check_markup
from notices.markup.parse import SITE_EXTENSIONS, parse
from notices.markup.sanitize import removed_by_sanitizer
from notices.messages import UiText
from notices.render import RenderOptions, render_site
from notices.sections import parse_document

LOCALES = ("en", "ja", "vi", "th")
AS_OF = date(2026, 12, 1)
REV = "terms/2030-01-01"
CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "hostile/cases.yml").read_text("utf-8"))
REPORTED = [c for c in CASES if not c.get("inert_only")]
ACCEPTED = [c for c in CASES if c.get("inert_only")]
CHROMIUM = Path("/usr/bin/chromium")


def apply(case: dict[str, Any], root: Path) -> Path:
    path = (root / REV / case.get("file", "en.md")).resolve()
    text = path.read_text(encoding="utf-8")
    old = case.get("old", "Write to us.")
    assert old in text, f"{old!r} not in {path}"
    text = text.replace(old, case["new"], 1) + case.get("append", "")
    path.write_text(text, encoding="utf-8")
    return path


def copy_mini(dest: Path) -> Path:
    target = dest / "content"
    shutil.copytree(FIXTURES / "mini" / "content", target)
    return target


# -- what counts as live ------------------------------------------------------

_NEVER = {
    "script", "iframe", "object", "embed", "base", "link", "meta", "style", "form", "svg", "math", "frame",
    "frameset", "applet", "audio", "video", "source", "input", "button", "textarea", "select", "template",
}  # fmt: skip
_SAFE_SCHEMES = ("https:", "mailto:", "tel:")


def _url(value: str) -> str:
    """The URL as a browser reads it: outer spaces and controls trimmed, tabs and newlines dropped."""
    return (
        re.sub(r"[\t\n\r]", "", value)
        .strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
        )
        .lower()
    )


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


class _Live(HTMLParser):
    """Everything in a page that could run or load: the test's own allowlist, independent of nh3's."""

    def __init__(self, allowed_scripts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed_scripts
        self.found: list[str] = []
        self.script: list[str] | None = None
        self.script_attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "script":
            self.script, self.script_attrs = [], values
            return
        if tag == "link" and values.get("rel") in ("stylesheet", "icon", "canonical", "alternate"):
            if values.get("rel") in ("stylesheet", "icon") and ":" in _url(values.get("href", "")):
                self.found.append(f"<link> loads {values['href']}")
            return
        if tag == "meta" and set(values) <= {"charset", "name", "content", "http-equiv", "property"}:
            return
        if tag == "svg" and not {k for k in values if k.startswith("on")}:
            return  # the theme's inline icons; handlers on them are still live (below)
        if tag in _NEVER and tag not in ("svg", "input", "form", "button", "meta"):
            self.found.append(f"<{tag}>")
        for name, value in values.items():
            url = _url(value)
            if name.startswith("on") or name in (
                "srcset",
                "background",
                "poster",
                "formaction",
                "action",
                "xlink:href",
            ):
                self.found.append(f"{name} on <{tag}>")
            elif name == "style" and ("url(" in url or "expression" in url):
                self.found.append(f"style with a URL on <{tag}>")
            elif name == "href" and _SCHEME.match(url) and not url.startswith(_SAFE_SCHEMES):
                self.found.append(f"href={value!r} on <{tag}>")
            elif name == "src" and (_SCHEME.match(url) or url.startswith(("//", "/\\", "\\"))):
                self.found.append(f"src={value!r} on <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            body = "".join(self.script)
            src = self.script_attrs.get("src")
            if src is not None:
                if _SCHEME.match(_url(src)) or _url(src).startswith("//"):
                    self.found.append(f"<script src={src!r}>")
            elif self.script_attrs.get("type") != "application/json":
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                if f"'sha256-{digest}'" not in self.allowed:
                    self.found.append(f"inline <script> not allowed by the CSP: {body[:40]!r}")
            self.script = None


def live_parts(html: str, csp: str = "") -> list[str]:
    parser = _Live(set(csp.replace(";", " ").split()))
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_detector_sees_every_trick() -> None:
    """The inertness checks below mean something only if the detector finds live content."""
    raw = "\n".join(parse(apply_snippet(c)).html for c in REPORTED if c.get("file", "en.md") == "en.md")
    found = " ".join(live_parts(raw))
    for expected in ("<script>", "onload", "onerror", "javascript", "srcset", "<base>", "style with a URL", "<iframe>"):
        assert expected.lower() in found.lower(), (expected, found)


def apply_snippet(case: dict[str, Any]) -> str:
    text = (FIXTURES / "mini/content" / REV / "en.md").read_text(encoding="utf-8")
    return text.replace(case.get("old", "Write to us."), case["new"], 1) + case.get("append", "")


# -- the check ------------------------------------------------------------------


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("case", REPORTED, ids=[c["name"] for c in REPORTED])
def test_the_check_reports_each_case_at_its_line(case: dict[str, Any], tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    path = apply(case, root)
    result = check_content(root, LOCALES, AS_OF, base=root)
    rel = path.relative_to(root.resolve()).as_posix()
    matching = [f for f in result.errors if case["message"] in f.message]
    assert matching, "\n".join(f.format() for f in result.findings) or "no findings"
    assert (matching[0].path, matching[0].line) == (rel, case["line"]), matching[0].format()
    assert matching[0].hint
    if "shown" in case:
        assert case["shown"] in matching[0].format()
    for finding in result.findings:  # what the terminal shows: content's control characters quoted, never raw
        assert not _CONTROL.search(finding.format()), finding.format()


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["name"] for c in ACCEPTED])
def test_escaped_text_fields_pass_the_check(case: dict[str, Any], tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    apply(case, root)
    assert check_content(root, LOCALES, AS_OF).errors == []


# -- the page -------------------------------------------------------------------


@functools.cache
def mkdocs_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions MkDocs loads from mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def test_the_checker_parses_with_the_sites_extensions() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert [n for n in names if n not in ("pymdownx.critic", "notices.markup.sanitize")] == list(SITE_EXTENSIONS)
    assert names[-1] == "notices.markup.sanitize", "the sanitizer runs last"


def built_pages(root: Path) -> dict[str, str]:
    """The HTML of every English page of the fixture, as the site converts it (preview: the 2030 text too)."""
    result = check_content(root, LOCALES, AS_OF)
    site = render_site(
        result.content, AS_OF, lambda loc: UiText.load(ROOT / "locales", loc), RenderOptions(preview=True)
    )
    pages = {}
    for name, text in site.pages.items():
        if name.startswith("en/") and name.endswith(".md"):
            body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
            pages[name] = mkdocs_markdown().reset().convert(body)
    return pages


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_page_holds_nothing_live(case: dict[str, Any], tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    apply(case, root)
    pages = built_pages(root)
    assert "en/terms/2030-01-01/index.md" in pages
    for name, html in pages.items():
        assert live_parts(html) == [], name


def test_the_allowlist_keeps_every_page_the_generator_writes() -> None:
    """Nothing of the example site's own pages (banners, redlines, tables, history) is removed."""
    result = check_content(ROOT / "content", LOCALES, AS_OF)
    site = render_site(
        result.content, AS_OF, lambda loc: UiText.load(ROOT / "locales", loc), RenderOptions(preview=True)
    )
    raw = markdown.Markdown(
        extensions=[*SITE_EXTENSIONS, "pymdownx.critic"], extension_configs={"toc": {"permalink": True}}
    )
    pages = [(n, t) for n, t in site.pages.items() if n.endswith(".md")]
    assert len(pages) > 40
    for name, text in pages:
        body = text.split("---\n", 2)[2]
        assert removed_by_sanitizer(raw.reset().convert(body)) == [], name


@pytest.mark.build
def test_the_build_stops_on_hostile_content_and_says_where(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    apply(REPORTED[0], root)  # <svg/onload=alert(1)>
    config = write_config(tmp_path, root, preview=True)
    result = mkdocs("build", "-f", str(config), as_of=AS_OF.isoformat())
    assert result.returncode == 1
    assert "terms/2030-01-01/en.md:11:1: error: the HTML element <svg>" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


def test_the_policy_hashes_the_themes_scripts_never_the_contents() -> None:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}">'
    content = "<p>text</p><script>alert(1)</script>"
    page = f"<head>{meta}<script>theme()</script></head><article>{content}</article>"
    policy = _CSP.search(apply_policy(page, content))
    assert policy is not None
    assert script_hash("theme()") in policy.group(1)
    assert script_hash("alert(1)") not in policy.group(1)
    assert "Content-Security-Policy" not in apply_policy(page, content, serving=True)


# -- real builds of what the check accepts ----------------------------------------


@pytest.fixture(scope="module")
def accepted_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A real `mkdocs build` of the fixture with every accepted hostile text field, for a served origin."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    workdir = tmp_path_factory.mktemp("hostile")
    root = copy_mini(workdir)
    for case in ACCEPTED:
        apply(case, root)
    config = write_config(workdir, root, preview=True)  # 2030 is not yet published on AS_OF, and not locked
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_url"] = f"http://127.0.0.1:{port}/"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs("build", "-f", str(config), as_of=AS_OF.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site", port


_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


@pytest.mark.build
def test_every_built_page_has_a_csp_and_nothing_live(accepted_site: tuple[Path, int]) -> None:
    site, _ = accepted_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        m = _CSP.search(html)
        assert m, f"{page} has no Content-Security-Policy"
        policy = m.group(1)
        for directive in ("default-src 'none'", "object-src 'none'", "base-uri 'none'", "img-src 'self' data:"):
            assert directive in policy, (page, policy)
        assert "unsafe-inline" not in policy and "http" not in policy
        assert live_parts(html, policy) == [], page
        assert foreign_in_head(html) == [], page  # front matter is data: nothing of it became markup
        assert foreign_in_body(html) == [], page
    nav = (site / "terms/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;Terms" in nav  # nav_title shown as the text it is


# -- Chromium ----------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def origin(accepted_site: tuple[Path, int]) -> Iterator[str]:
    root, port = accepted_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.DOTALL)


@pytest.mark.browser
def test_chromium_sees_no_dialog_and_no_request_off_the_origin(
    accepted_site: tuple[Path, int], origin: str, tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps`")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    site, _ = accepted_site
    template = (site / "terms/index.html").read_text(encoding="utf-8")
    urls = ["/", "/terms/", "/terms/history/", "/terms/2030-01-01/changes/"]  # the accepted fields, built for real
    for index, case in enumerate(REPORTED):
        if case.get("file", "en.md") != "en.md":
            continue
        source = apply_snippet(case)
        for variant, html in (("clean", mkdocs_markdown().reset().convert(source)), ("raw", parse(source).html)):
            folder = site / f"hostile-{variant}-{index}"  # beside terms/: the same relative asset paths
            folder.mkdir(exist_ok=True)
            page = _ARTICLE.sub(lambda m, h=html: m.group(1) + h + m.group(3), template, count=1)
            (folder / "index.html").write_text(page, encoding="utf-8")
            urls.append(f"/{folder.name}/")
    dialogs: list[str] = []
    foreign: list[str] = []  # any request off the origin: scripts, images, fetches, and navigations
    navigations: list[str] = []  # top-level navigations off the origin, from unsanitized pages
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context()

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith((origin + "/", "data:", "blob:")):
                r.continue_()
                return
            raw = "/hostile-raw-" in r.request.frame.page.url
            (navigations if raw and r.request.is_navigation_request() else foreign).append(url)
            r.abort()

        context.route("**/*", route)
        for path in urls:
            tab = context.new_page()  # one tab per page: a pending refresh never spills into the next one
            tab.on("dialog", lambda d: (dialogs.append(f"{d.page.url}: {d.message}"), d.dismiss()))
            try:
                response = tab.goto(origin + path)
                assert response is not None and response.ok, path
            except PlaywrightError:
                assert path.startswith("/hostile-raw-"), path  # a meta refresh left the page (recorded above)
            tab.wait_for_timeout(150)
            tab.close()
        # The control: without its CSP, the unsanitized pages do run script. So the test can fail.
        unguarded = browser.new_context(bypass_csp=True)
        control = unguarded.new_page()
        ran: list[str] = []
        control.on("dialog", lambda d: (ran.append(d.message), d.dismiss()))
        for path in (u for u in urls if u.startswith("/hostile-raw-")):
            with contextlib.suppress(PlaywrightError):
                control.goto(origin + path)
            control.wait_for_timeout(150)
        browser.close()
    assert len(urls) > 2 * 20
    assert dialogs == []
    assert foreign == []
    # A policy cannot stop a <meta http-equiv="refresh"> sending the visitor elsewhere; the
    # sanitizer does (the clean pages never navigate). This is why the check and the allowlist come first.
    assert navigations == ["https://evil.example/"]
    assert len(ran) >= 5, ran


# -- fuzzing the whole path ----------------------------------------------------------

_TRICKS = [
    "<script>alert(1)</script>", "<svg/onload=alert(1)>", "<img src=x onerror=alert(1)>", "<img src=\"x\"\nonerror=",
    "[x][r]\n\n[r]: javascript:alert(1)\n", "[x](&#106;avascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
    "{: onclick=\"alert(1)\" }", "\n{: onclick=alert(1) }\n", "\\`", "`", "~~~ words\n", "```\n",
    "![i][e]\n\n[e]: https://evil.example/p.png\n", "<img srcset=\"https://evil.example/p 1x\">",
    "<base href=\"https://evil.example/\">", "<p style=\"background:url(https://evil.example/)\">", "<!--", "-->",
    "<div>", "</div>", "<div markdown>", "<a href=\"//evil.example\">", "<iframe src=https://evil.example>",
    "&#x6a;", "&lt;", "<", ">", "\"", "'", "=", "![x](data:image/png;base64,AA==)", "<math><mi xlink:href=x>",
    "<details open ontoggle=alert(1)>", "\u202e", "\u2028", "\0", "{++x++}", "## h {#a}\n", "# t\n", "\n\n",
    "    ", "> ", "- ", "1. ", "| a |\n|---|\n| <b onmouseover=alert(1)> |\n", "!!! note\n    ",
]  # fmt: skip


@st.composite
def hostile_markdown(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_TRICKS) | st.text(max_size=8), max_size=30))
    depth = draw(st.integers(0, 40))
    nest = draw(st.sampled_from(["> ", "- ", "<div>", "    ", "*"]))
    run = draw(st.sampled_from([" ", "[", "<", "{", "`", "*"])) * draw(st.integers(0, 3000))
    return "# Title\n\n## Part {#part}\n\n" + nest * depth + "".join(parts) + run + "".join(parts[::-1])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown())
def test_arbitrary_markdown_gives_a_page_with_nothing_live(source: str) -> None:
    """Any Markdown: the page is inert, and what the check passes is inert even without the sanitizer."""
    assert live_parts(mkdocs_markdown().reset().convert(source)) == []
    report = Reporter()
    doc = parse_document(source, Path("en.md"), "en", report)
    check_markup(doc, report)
    if not report.errors:
        assert live_parts(parse(source).html) == [], [f.format() for f in report.findings]
