"""`notices serve`: a saved edit is shown at once, the same as the whole build renders it, and mistakes are shown."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, EXAMPLE_AS_OF, write_config
from test_build_safety import _free_port, _wait_for

AS_OF = EXAMPLE_AS_OF  # terms: 2024 in force; 2030 a draft the preview shows (editable: not in published.lock)


def _article(html: str) -> str:
    found = re.search(r"<article.*</article>", html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def session(tmp_path: Path, mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from notices.adapters.preview.session import PreviewSession

    monkeypatch.setenv("NOTICES_AS_OF", AS_OF)
    monkeypatch.setenv("NOTICES_PREVIEW", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    preview = PreviewSession(write_config(tmp_path, mini_content), preview=True)
    assert preview.build_all()
    yield preview
    for language in preview.languages:
        language.close()


def test_an_edited_revision_is_rendered_alone_exactly_as_the_whole_build_renders_it(
    session: Any, mini_content: Path
) -> None:
    en_site = session.languages[0].site_dir
    page, changes = en_site / "terms/2030-01-01/index.html", en_site / "terms/2030-01-01/changes/index.html"
    others = {
        lang.locale: lang.site_dir / lang.locale / "terms/2030-01-01/index.html" for lang in session.languages[1:]
    }
    epoch = session.changes.epoch
    en = mini_content / "terms/2030-01-01/en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Write to us.", "Write to our new office."), "utf-8")

    assert session.edited_first({en})
    fast = {path: path.read_bytes() for path in (page, changes, *others.values())}
    assert "Write to our new office." in page.read_text(encoding="utf-8")
    assert "office" in changes.read_text(encoding="utf-8")  # the redline against 2024, rendered again too
    told = session.changes.wait(epoch, timeout=0)
    assert {"/terms/2030-01-01/", "/terms/2030-01-01/changes/"} <= set(told["urls"]) and not told["all"]

    assert session.build_all()
    for path, data in fast.items():  # the whole build writes the very same pages
        assert path.read_bytes() == data, path
    # The English text changed, so the Japanese page says at once that its translation lags.
    assert "翻訳は未更新です" in others["ja"].read_text(encoding="utf-8")
    after_full = session.changes.wait(told["epoch"], timeout=0)
    assert "/terms/2030-01-01/" not in after_full["urls"]  # nothing changed twice: no second reload


def test_a_new_revision_folder_is_built_with_the_whole_site(session: Any, mini_content: Path) -> None:
    import shutil

    draft = mini_content / "terms/2031-01-01"
    shutil.copytree(mini_content / "terms/2030-01-01", draft)
    meta = draft / "revision.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2030-01-01", "2031-01-01"), "utf-8")
    assert session.edited_first({draft / "en.md"})  # a page MkDocs has not seen: left to the whole build
    assert not (session.languages[0].site_dir / "terms/2031-01-01/index.html").exists()
    assert session.build_all()
    assert (session.languages[0].site_dir / "terms/2031-01-01/index.html").is_file()
    assert (session.languages[-1].site_dir / session.languages[-1].locale / "terms/2031-01-01/index.html").is_file()


def test_a_mistake_changes_no_page_and_is_said_once(session: Any, mini_content: Path) -> None:
    th = mini_content / "terms/2030-01-01/th.md"
    good = th.read_text(encoding="utf-8")
    page = session.languages[0].site_dir / "terms/2030-01-01/index.html"
    shown = page.read_bytes()
    th.write_text(good.replace("## 2. ติดต่อ {#contact}\n", ""), encoding="utf-8")
    assert not session.edited_first({th})
    assert page.read_bytes() == shown
    assert session.failure is not None and "terms/2030-01-01/th.md" in session.failure
    assert "error: section 'contact' is missing" in session.failure
    boxed = session.decorate(page.read_text(encoding="utf-8"), "/ja/terms/")
    assert "notices-preview-error" in boxed and "このプレビューは最新ではありません" in boxed
    th.write_text(good, encoding="utf-8")
    assert session.edited_first({th}) and session.build_all()
    assert session.failure is None
    assert "notices-preview-error" not in session.decorate(page.read_text(encoding="utf-8"), "/terms/")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")
    except OSError:
        return 0, ""


def start_preview(tmp_path: Path, content: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """`notices serve --preview` on ``content``: the process, its address and its log."""
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    config = write_config(tmp_path, content)
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "notices"), "serve", "--preview", "-f", str(config), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    return server, f"http://127.0.0.1:{port}", log


def test_notices_serve_reloads_the_page_that_changed(tmp_path: Path, mini_content: Path) -> None:
    server, base, log = start_preview(tmp_path, mini_content)
    try:
        assert _wait_for(lambda: "Write to us." in _get(f"{base}/terms/2030-01-01/")[1]), log.read_text()
        html = _get(f"{base}/terms/2030-01-01/")[1]
        epoch = int(re.search(r"var epoch = (\d+);", html).group(1))  # type: ignore[union-attr]
        entry = json.loads(_get(f"{base}/pagefind/pagefind-entry.json")[1])  # the search page works here too
        assert sorted(entry["languages"]) == ["en", "ja", "th", "vi"]
        assert _get(f"{base}/pagefind/pagefind.js")[0] == 200
        archived = _article(_get(f"{base}/ja/terms/2020-01-01/")[1])
        assert 'lang="ja"' in _get(f"{base}/ja/terms/2020-01-01/")[1] and archived

        told: dict[str, Any] = {}

        def wait_for_change() -> None:
            told.update(json.loads(_get(f"{base}/.notices/reload?since={epoch}")[1]))

        waiter = threading.Thread(target=wait_for_change)
        waiter.start()
        time.sleep(0.3)
        en = mini_content / "terms/2030-01-01/en.md"
        en.write_text(en.read_text(encoding="utf-8").replace("Write to us.", "Write to our new office."), "utf-8")
        waiter.join(timeout=60)
        assert "/terms/2030-01-01/" in told.get("urls", []), (told, log.read_text())
        assert "Write to our new office." in _get(f"{base}/terms/2030-01-01/")[1]
        assert _wait_for(lambda: "site rebuilt" in log.read_text().split("shown in", 1)[-1]), log.read_text()
        assert _article(_get(f"{base}/ja/terms/2020-01-01/")[1]) == archived
        assert 'lang="th"' in _get(f"{base}/th/terms/2030-01-01/")[1]

        # A mistake: every page keeps its last good text, with the message on top, in the page's language.
        th = mini_content / "terms/2024-01-01/th.md"  # published: the lock also objects
        good = th.read_text(encoding="utf-8")
        th.write_text(good.replace("## 2. ติดต่อ {#contact}\n", ""), encoding="utf-8")
        assert _wait_for(lambda: "notices-preview-error" in _get(f"{base}/terms/")[1]), log.read_text()
        page = _get(f"{base}/terms/")[1]
        assert "Write to us." in page and "This preview is out of date" in page
        assert "terms/2024-01-01/th.md:5:1: error: section &#x27;contact&#x27; is missing" in page
        assert "このプレビューは最新ではありません" in _get(f"{base}/ja/terms/")[1]
        th.write_text(good, encoding="utf-8")
        assert _wait_for(lambda: "notices-preview-error" not in _get(f"{base}/terms/")[1]), log.read_text()

        # Only this project's pages: no way out of the site folders, and unknown pages are the 404 page.
        for path in ("/../mkdocs.yml", "/%2e%2e/%2e%2e/mkdocs.yml", "/..%2f..%2fmkdocs.yml", "/terms/../../serve.log"):
            status, body = _get(base + path)
            assert status == 404 and "notices:" not in body and "site_name" not in body, path
        rebinding = urllib.request.Request(f"{base}/terms/2030-01-01/", headers={"Host": "attacker.example:80"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebinding, timeout=30)
        assert refused.value.code == 403
        status, body = _get(f"{base}/ja/no-such-page/")
        assert status == 404 and 'lang="ja"' in body
        # A published revision's PDF is made when it is opened (the preview does not make them all).
        with urllib.request.urlopen(f"{base}/th/terms/2024-01-01/terms-2024-01-01-th.pdf", timeout=120) as response:
            assert response.headers["Content-Type"] == "application/pdf" and response.read(5) == b"%PDF-"
        output = log.read_text(encoding="utf-8")
        assert "terms/2024-01-01/th.md:5:1: error: section 'contact' is missing" in output
        assert "Traceback" not in output and "'dirty' build" not in output
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("preview", [False, True])
def test_the_pages_of_one_revision_are_the_pages_the_whole_site_has(tmp_path: Path, preview: bool) -> None:
    """What the preview renders first is exactly what the build writes (the history fixture: lagging translations)."""
    from datetime import date

    from conftest import copy_fixture
    from notices.content.check import check_content
    from notices.resources import catalog_dir
    from notices.site.messages import UiText
    from notices.site.render import RenderOptions, pages_of_revision, render_site

    content_dir = copy_fixture("history", tmp_path)
    as_of = date(2026, 6, 1)
    result = check_content(content_dir, ("en", "ja", "vi", "th"), as_of)
    assert not result.errors
    options = RenderOptions(preview=preview)

    def ui(locale: str) -> UiText:
        return UiText.load(catalog_dir(locale), locale)

    site = render_site(result.content, as_of, ui, options)
    covered: set[str] = set()
    for notice in result.content.notices:
        for revision in notice.revisions:
            pages = pages_of_revision(result.content, as_of, ui, options, notice.id, revision.key)
            assert pages or (not preview and revision not in notice.published(as_of))
            for path, text in pages.items():
                assert site.pages.get(path) == text, path
            covered |= set(pages)
    dated = {p for p in site.pages if re.search(r"/\d{4}-\d{2}-\d{2}/", p)}
    assert dated <= covered  # every revision page and change page is some revision's


def test_a_second_check_reads_only_what_changed(tmp_path: Path, mini_content: Path) -> None:
    """A long-lived process reuses unchanged revision folders, but never misses a save."""
    from datetime import date

    from notices.content.check import check_content

    locales, as_of = ("en", "ja", "vi", "th"), date(2026, 12, 1)
    (mini_content / "terms/2030-01-01/notes.md").write_text("not a language\n", "utf-8")
    first = check_content(mini_content, locales, as_of)
    again = check_content(mini_content, locales, as_of)
    assert again.findings == first.findings and any("notes.md" in f.path for f in first.findings)
    assert again.content.notices[0].revisions[0] is first.content.notices[0].revisions[0]  # reused
    en = mini_content / "terms/2030-01-01/en.md"
    text = en.read_text(encoding="utf-8")
    stat = en.stat()
    en.write_text(text.replace("Write to us.", "Write to me."), "utf-8")  # the same size
    os.utime(en, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old modification time, set back
    changed = check_content(mini_content, locales, as_of)
    assert "Write to me." in changed.content.notices[0].revisions[-1].documents["en"].source
    (mini_content / "terms/2030-01-01/notes.md").unlink()
    en.write_text(text.replace("## 2.", "##2."), "utf-8")
    broken = check_content(mini_content, locales, as_of)
    assert not any("notes.md" in f.path for f in broken.findings)
    assert any(f.path.endswith("2030-01-01/en.md") and "space" in f.message for f in broken.errors)


def test_a_broken_template_is_one_message_and_the_pages_stay(
    tmp_path: Path, mini_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notices.adapters.preview.session import PreviewSession

    monkeypatch.setenv("NOTICES_AS_OF", AS_OF)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    session = PreviewSession(write_config(tmp_path, mini_content, custom_dir=overrides), preview=True)
    try:
        assert session.build_all()
        page = session.languages[0].site_dir / "terms/index.html"
        shown = page.read_bytes()
        (overrides / "main.html").write_text('{% extends "base.html" %}{% block content %}{{ oops( }}{% endblock %}')
        assert not session.build_all()
        assert session.failure is not None and "Traceback" not in session.failure, session.failure
        assert f"{overrides / 'main.html'}:1:1: error: this template cannot be read" in session.failure
        assert page.read_bytes() == shown  # the last good page is still served
        assert "notices-preview-error" in session.decorate(page.read_text(encoding="utf-8"), "/terms/")
        (overrides / "main.html").unlink()
        assert session.build_all() and session.failure is None
    finally:
        for language in session.languages:
            language.close()


def test_a_preview_started_on_a_mistake_shows_it_until_it_is_fixed(tmp_path: Path, mini_content: Path) -> None:
    en = mini_content / "terms/2030-01-01/en.md"
    good = en.read_text(encoding="utf-8")
    en.write_text(good.replace("## 2.", "##2."), "utf-8")
    server, base, log = start_preview(tmp_path, mini_content)
    try:
        assert _wait_for(lambda: "notices-preview-error" in _get(f"{base}/terms/")[1]), log.read_text()
        status, page = _get(f"{base}/terms/")
        assert status == 200  # the error is the page, never an HTTP 500
        assert "content/terms/2030-01-01/en.md:9:3: error: &#x27;##2. Contact" in page and "/.notices/reload" in page
        en.write_text(good, "utf-8")
        assert _wait_for(lambda: "Write to us." in _get(f"{base}/terms/2030-01-01/")[1]), log.read_text()
        output = log.read_text(encoding="utf-8")
        assert output.count("needs a space after '##'") == 1 and "Traceback" not in output
    finally:
        server.terminate()
        server.wait(timeout=30)
