"""A language joins a project: `notices add-language`, its catalog checked as the build needs it, the
preview's error page, and a language that joins the published example at a new revision."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

from conftest import BIN, ROOT
from notices.content.check import check_content

POT = ROOT / "locales/messages.pot"


def notices(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real `notices` command in ``cwd``."""
    environ = {k: v for k, v in os.environ.items() if k != "NOTICES_AS_OF"} | {"NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(
        [str(BIN / "notices"), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=500
    )


def fill_catalog(path: Path) -> None:
    """What the translator does: every msgstr written (each form of a counted message too)."""
    with path.open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            message.string = tuple(f"(ms) {message.id[1]}" for _ in message.string)
        else:
            message.string = f"(ms) {message.id}"
    with path.open("wb") as fh:
        write_po(fh, catalog)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")
    except OSError:
        return 0, ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_language_notices_does_not_ship_has_one_path(tmp_path: Path) -> None:
    """init en,ko, then add-language ms: check names the catalog and its count, the preview shows it on
    every page (never a 500), and once the translator fills it in the build succeeds."""
    assert notices("init", "acme", "--languages", "en,ko", "-y", "--timezone", "UTC", cwd=tmp_path).returncode == 0
    project = tmp_path / "acme"
    added = notices("add-language", "ms", cwd=project)
    assert added.returncode == 0, added.stderr
    catalog = project / "locales/ms/LC_MESSAGES/messages.po"
    (draft,) = (project / "content/privacy").glob("2*")
    assert (draft / "ms.md").read_bytes() == (draft / "en.md").read_bytes()  # the text to translate
    languages = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][1]["i18n"]
    assert languages["languages"][-1] == {"locale": "ms", "name": "Melayu", "build": True}
    assert "The site's languages are listed once, under i18n below" in (project / "mkdocs.yml").read_text(
        encoding="utf-8"
    )
    with POT.open("rb") as fh:
        total = len([m for m in read_po(fh) if m.id])
    with catalog.open("rb") as fh:
        assert len([m for m in read_po(fh) if m.id]) == total  # every entry, to translate

    checked = notices("check", cwd=project)
    assert checked.returncode == 1
    message = f"locales/ms/LC_MESSAGES/messages.po:1:1: error: {total} of {total} UI strings have no ms translation"
    assert message in checked.stderr and checked.stderr.count("error:") == 1, checked.stderr
    assert "make" not in re.findall(r"\w+", checked.stderr)
    built = notices("build", cwd=project)
    assert built.returncode == 1 and message in built.stderr, built.stderr  # the build fails alike

    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "notices"), "serve", "--preview", "--port", str(port)],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "ready" not in log.read_text(encoding="utf-8"):
            time.sleep(0.2)
        for address in ("/", "/ms/privacy/", "/ko/privacy/"):
            status, page = _get(f"http://127.0.0.1:{port}{address}")
            assert status == 200, (address, status, log.read_text(encoding="utf-8"))
            assert 'class="admonition failure notices-preview-error"' in page and message in page, page
        assert "미리보기에서 이 페이지를 표시할 수 없습니다" in _get(f"http://127.0.0.1:{port}/ko/privacy/")[1]
    finally:
        server.terminate()
        server.wait(timeout=30)

    fill_catalog(catalog)
    assert notices("check", cwd=project).returncode == 0
    built = notices("build", cwd=project, NOTICES_PREVIEW="1")
    assert built.returncode == 0, built.stderr
    page = (project / "site/ms/privacy/index.html").read_text(encoding="utf-8")
    assert '<html lang="ms"' in page and "(ms) Effective date: " in page


def test_add_language_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    assert notices("init", "acme", "--languages", "en,ja", "-y", "--timezone", "UTC", cwd=tmp_path).returncode == 0
    project = tmp_path / "acme"
    before = (project / "mkdocs.yml").read_bytes()
    for args, wording in (
        (("ja",), "ja is already one of the site's languages"),
        (("not-a-code",), "'not-a-code' is not a language code"),
    ):
        refused = notices("add-language", *args, cwd=project)
        assert refused.returncode == 1 and wording in refused.stderr and "nothing was written" in refused.stderr
    assert (project / "mkdocs.yml").read_bytes() == before
    # A shipped language needs no catalog of the project's own.
    assert notices("add-language", "fr", cwd=project).returncode == 0
    assert not (project / "locales").exists()
    assert notices("check", cwd=project).returncode == 0


def _example_with_korean_from(tmp_path: Path, effective: str) -> Path:
    """The example project, with Korean added at a new published revision of each notice."""
    project = tmp_path / "example"
    project.mkdir()
    shutil.copytree(ROOT / "content", project / "content")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      # as_of: 2026-12-01", "      as_of: 2027-06-10")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for notice in ("privacy", "cookies"):
        latest = sorted((project / "content" / notice).glob("2*"))[-1]
        new = project / "content" / notice / effective
        new.mkdir()
        for text in latest.glob("*.md"):
            shutil.copyfile(text, new / text.name)
        shutil.copyfile(latest / "ja.md", new / "ko.md")  # the Korean translation, here a stand-in
        (new / "revision.yml").write_text(f"effective: {effective}\npublished: 2027-04-01\nmaterial: false\n")
    return project


def test_korean_joins_the_example_at_a_new_revision(tmp_path: Path) -> None:
    project = _example_with_korean_from(tmp_path, "2027-06-01")
    added_to_yml = "        - locale: th\n          name: ไทย\n          build: true\n"
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert added_to_yml in text
    config.write_text(
        text.replace(added_to_yml, added_to_yml + added_to_yml.replace("th", "ko").replace("ไทย", "한국어"))
    )
    for notice in ("privacy", "cookies"):
        assert notices("publish", notice, "2027-06-01", cwd=project).returncode == 0
    checked = notices("check", "--allow-unverified", cwd=project)
    assert checked.returncode == 0, checked.stderr  # the locked revisions need no ko.md
    built = notices("build", "--allow-unverified", cwd=project)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    older = (site / "ko/privacy/2023-07-03/index.html").read_text(encoding="utf-8")
    assert "이 버전은 한국어로 제공되지 않습니다." in older
    assert 'href="../../../privacy/2023-07-03/"' in older  # the authoritative (English) text
    history = (site / "ko/privacy/history/index.html").read_text(encoding="utf-8")
    assert history.count("이 버전은 한국어로 제공되지 않습니다.") == 3  # 2019, 2023 and 2027-01-15
    current = (site / "ko/privacy/index.html").read_text(encoding="utf-8")
    assert "제공되지 않습니다" not in current and "2027-06-01" in current
    assert "not available" not in older  # no English on the Korean page
    english = (site / "privacy/2023-07-03/index.html").read_text(encoding="utf-8")
    # hreflang alternates live in the sitemaps, not the page head (decision 0023b): no page points at another origin
    assert '<link rel="alternate" hreflang=' not in english
    assert (site / "ko/privacy/2027-06-01/privacy-2027-06-01-ko.pdf").is_file()
    assert not list((site / "ko/privacy/2023-07-03").glob("*.pdf"))  # no Korean record of a text never in Korean
    changes = (site / "ko/privacy/2027-06-01/changes/index.html").read_text(encoding="utf-8")
    assert 'href="../../../../privacy/2027-06-01/changes/"' in changes  # compared with a version without Korean
    assert "이 버전은 한국어로 제공되지 않습니다." in (site / "ko/cookies/2023-07-03/index.html").read_text("utf-8")


def test_a_language_may_join_or_be_dropped_but_never_skip_a_revision(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/mini/content", content)
    first, middle, last = sorted((content / "terms").glob("2*"))
    locales = ("en", "ja", "vi", "th", "ko")

    def missing() -> list[str]:
        found = check_content(content, locales, date(2026, 1, 1), allow_unverified=True, base=content)
        return [f.format().splitlines()[0] for f in found.errors if f.code == "missing-locale-file"]

    # A site language no revision has: the latest revision lacks it, the published ones need nothing.
    assert missing() == ["terms/2030-01-01:1:1: error: the ko text is missing: ko.md"]
    shutil.copyfile(last / "ja.md", last / "ko.md")  # Korean joins at the last revision
    assert missing() == []
    (last / "th.md").unlink()  # Thai is dropped from the last revision on
    assert missing() == []
    shutil.copyfile(middle / "ja.md", middle / "ko.md")
    (middle / "ko.md").rename(first / "ko.md")  # Korean in the first and last revisions, not between
    assert missing() == ["terms/2024-01-01:1:1: error: the ko text is missing: ko.md"]
