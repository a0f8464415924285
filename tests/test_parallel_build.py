"""`notices build`: one process per language, merged into the same site a plain `mkdocs build` writes."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLE_AS_OF, ROOT, write_config

pytestmark = pytest.mark.build

#: static-i18n's serial build gives each language's 404 page the language links of the
#: last page it built (e.g. /ja/privacy/2027-01-15/changes/); the parallel build gives
#: the language homes. These are the only files allowed to differ.
DIFFERENT_404 = {
    "ja/404.html",
    "vi/404.html",
    "th/404.html",
    # Pagefind's entry file names the index chunks it wrote; the chunks themselves must match.
    "pagefind/pagefind-entry.json",
}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTICES_AS_OF": EXAMPLE_AS_OF, "SOURCE_DATE_EPOCH": "1764547200"}
    return subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=600, check=False)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    plain_dir, parallel_dir = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("parallel")
    plain = run(str(BIN / "mkdocs"), "build", "-f", str(write_config(plain_dir, ROOT / "content")))
    assert plain.returncode == 0, plain.stderr
    parallel = run(str(BIN / "notices"), "build", "-f", str(write_config(parallel_dir, ROOT / "content")))
    assert parallel.returncode == 0, parallel.stderr
    assert "notices build: built 4 languages" in parallel.stderr
    return plain_dir / "site", parallel_dir / "site"


def test_parallel_build_writes_the_same_site_as_mkdocs_build(both_builds: tuple[Path, Path]) -> None:
    plain, parallel = (files(site) for site in both_builds)
    assert sorted(parallel) == sorted(plain)
    assert len(parallel) > 100
    differ = sorted(name for name in plain if plain[name] != parallel[name])
    assert set(differ) <= DIFFERENT_404, differ
    entry = json.loads(parallel["pagefind/pagefind-entry.json"])  # one search index over the merged languages
    assert set(entry["languages"]) >= {"en", "ja", "vi", "th"}, entry
    assert gzip.decompress(parallel["sitemap.xml.gz"]) == parallel["sitemap.xml"]


@pytest.mark.parametrize("locale", ["ja", "vi", "th"])
def test_each_404_page_links_to_the_language_homes(both_builds: tuple[Path, Path], locale: str) -> None:
    page = (both_builds[1] / locale / "404.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"[^>]* class="md-select__link"', page))
    assert links == {("/", "en"), ("/ja/", "ja"), ("/vi/", "vi"), ("/th/", "th")}


def test_one_failed_language_fails_the_build_and_leaves_site_as_it_was(tmp_path: Path, mini_content: Path) -> None:
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    config = write_config(tmp_path, mini_content, custom_dir=overrides)
    first = run(str(BIN / "notices"), "build", "-f", str(config))
    assert first.returncode == 0, first.stderr
    before = files(tmp_path / "site")
    (overrides / "404.html").write_text(
        '{% extends "main.html" %}{% block content %}'
        "{% if config.theme.language == 'th' %}{{ 1 / 0 }}{% endif %}{% endblock %}",
        encoding="utf-8",
    )
    result = run(str(BIN / "notices"), "build", "-f", str(config))
    assert result.returncode == 1
    assert "notices build: the th build failed;" in result.stderr
    assert "was left as it was" in result.stderr
    assert files(tmp_path / "site") == before
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["content", "generated", "generated-pages", "mkdocs.yml", "overrides", "site"]


def test_parallel_build_refuses_a_site_folder_over_the_content(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    result = run(str(BIN / "notices"), "build", "-f", str(config), "--site-dir", str(mini_content))
    assert result.returncode == 1
    assert "error: the site folder is content/ or overlaps it" in result.stderr
    assert "Traceback" not in result.stderr
    assert (mini_content / "terms/notice.yml").is_file()


def test_archived_pages_are_rendered_once_and_again_when_what_they_show_changes(
    tmp_path: Path, mini_content: Path
) -> None:
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    config = write_config(tmp_path, mini_content, custom_dir=overrides, preview=True)
    notices = str(BIN / "notices")
    assert run(notices, "build", "-f", str(config)).returncode == 0
    archived = tmp_path / "generated-pages/ja/ja/terms/2020-01-01/index.html"
    in_force = tmp_path / "generated-pages/ja/ja/terms/index.html"
    stamp = archived.stat().st_mtime_ns, in_force.stat().st_mtime_ns
    # An edit elsewhere: the archived page is reused as it was, the page in force is rendered again.
    en = mini_content / "terms/2030-01-01/en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Write to us.", "Write to our new office."), "utf-8")
    assert run(notices, "build", "-f", str(config)).returncode == 0
    assert archived.stat().st_mtime_ns == stamp[0]
    assert in_force.stat().st_mtime_ns != stamp[1]
    assert "Write to our new office." in (tmp_path / "site/terms/2030-01-01/index.html").read_text(encoding="utf-8")
    # A template change reaches every page, archived ones included; the result is what mkdocs build writes.
    main = overrides / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<!-- v2 -->"), "utf-8"
    )
    assert run(notices, "build", "-f", str(config)).returncode == 0
    assert archived.stat().st_mtime_ns != stamp[0]
    assert "<!-- v2 -->" in (tmp_path / "site/ja/terms/2020-01-01/index.html").read_text(encoding="utf-8")
    plain_dir = tmp_path / "plain"
    plain_config = write_config(plain_dir, mini_content, custom_dir=overrides, preview=True)
    assert run(str(BIN / "mkdocs"), "build", "-f", str(plain_config)).returncode == 0
    plain, parallel = files(plain_dir / "site"), files(tmp_path / "site")
    assert sorted(plain) == sorted(parallel)
    assert {name for name in plain if plain[name] != parallel[name]} <= DIFFERENT_404


def test_preview_with_dirty_shows_an_edit_and_keeps_the_archived_pages(tmp_path: Path, mini_content: Path) -> None:
    """`make preview` runs `mkdocs serve --dirty`: a save renders what it touches, the rest stays served."""
    config = write_config(tmp_path, mini_content, preview=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    base = f"http://127.0.0.1:{port}"

    def fetch(path: str) -> str:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def wait(predicate: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.3)
        return False

    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dirty", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"NOTICES_AS_OF": EXAMPLE_AS_OF, "NO_MKDOCS_2_WARNING": "1", "PATH": str(BIN) + ":/usr/bin:/bin"},
    )
    try:
        assert wait(lambda: "Write to us." in fetch("/terms/2030-01-01/"))
        archived = fetch("/ja/terms/2020-01-01/")
        assert 'lang="ja"' in archived
        en = mini_content / "terms/2030-01-01/en.md"
        en.write_text(en.read_text(encoding="utf-8").replace("Write to us.", "Write to our new office."), "utf-8")
        assert wait(lambda: "Write to our new office." in fetch("/terms/2030-01-01/"))
        assert "office" in fetch("/terms/2030-01-01/changes/")  # the redline is rendered again too
        article = re.compile(r"<article.*</article>", re.S)  # the live-reload script differs per request
        assert article.findall(fetch("/ja/terms/2020-01-01/")) == article.findall(archived) != []
        assert 'lang="th"' in fetch("/th/terms/2030-01-01/")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_notices_build_and_mkdocs_build_at_once_both_leave_a_whole_site(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    first = run(str(BIN / "notices"), "build", "-f", str(config))
    assert first.returncode == 0, first.stderr
    expected = set(files(tmp_path / "site"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTICES_AS_OF": EXAMPLE_AS_OF}
    commands = [[str(BIN / "notices"), "build", "-f", str(config)], [str(BIN / "mkdocs"), "build", "-f", str(config)]]
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for c in commands * 2]
    outputs = [p.communicate(timeout=600)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    assert set(files(tmp_path / "site")) == expected
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_content_is_checked_once_for_all_languages(
    tmp_path: Path, mini_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first language checks and renders; the others read its result (tampered with, it is not read)."""
    from notices.build.parallel import build_site
    from notices.build.shared import SHARED_RESULT

    monkeypatch.setenv("NOTICES_AS_OF", EXAMPLE_AS_OF)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    (mini_content / "terms/notes.txt").write_text("a stray file: a warning every build says once\n", "utf-8")
    config = write_config(tmp_path, mini_content)
    report = build_site(config)
    assert report.ok, report.message
    checked = [run.locale for run in report.runs if "pages as of" in run.output]
    warned = [run.locale for run in report.runs if "notes.txt" in run.output]
    assert len(checked) == 1 and warned == checked, [run.output for run in report.runs]
    assert not (tmp_path / "generated" / SHARED_RESULT).exists()  # only ever trusted within its build
    assert (tmp_path / "site/th/terms/index.html").is_file()


def test_a_shared_result_is_read_only_with_its_build_token(tmp_path: Path) -> None:
    from notices.build.shared import SHARED_RESULT, new_token, read_shared, write_shared

    token = new_token()
    write_shared(tmp_path, token, "stamp", {"checked": True})
    assert read_shared(tmp_path, token, "stamp") == {"checked": True}
    assert read_shared(tmp_path, new_token(), "stamp") is None  # another build's token
    assert read_shared(tmp_path, token, "other stamp") is None  # content that changed since
    path = tmp_path / SHARED_RESULT
    data = bytearray(path.read_bytes())
    data[-2] ^= 1
    path.write_bytes(bytes(data))
    assert read_shared(tmp_path, token, "stamp") is None  # altered on disk
    path.write_bytes(b"short")
    assert read_shared(tmp_path, token, "stamp") is None


def test_strict_stops_on_a_warning_but_not_on_the_reuse_of_archived_pages(tmp_path: Path, mini_content: Path) -> None:
    """`notices build --strict` (the workflow's build): --dirty is deliberate, a content warning is not."""
    config = write_config(tmp_path, mini_content)
    clean = run(str(BIN / "notices"), "build", "--strict", "-f", str(config))
    assert clean.returncode == 0, clean.stderr
    again = run(str(BIN / "notices"), "build", "--strict", "-f", str(config))  # archived pages reused
    assert again.returncode == 0, again.stderr
    built = files(tmp_path / "site")
    (mini_content / "terms/notes.txt").write_text("a stray file\n", "utf-8")
    warned = run(str(BIN / "notices"), "build", "--strict", "-f", str(config))
    assert warned.returncode == 1
    assert "terms/notes.txt" in warned.stderr and "strict" in warned.stderr
    assert files(tmp_path / "site") == built  # nothing published


def test_a_mistake_stops_every_language_with_one_message(tmp_path: Path, mini_content: Path) -> None:
    en = mini_content / "terms/2030-01-01/en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("## 2.", "##2."), "utf-8")
    result = run(str(BIN / "notices"), "build", "-f", str(write_config(tmp_path, mini_content)))
    assert result.returncode == 1
    assert result.stderr.count("needs a space after '##'") == 1, result.stderr
    assert "content/terms/2030-01-01/en.md:9:3: error:" in result.stderr
    assert "Traceback" not in result.stderr and "INFO" not in result.stderr
    assert result.stderr.rstrip().endswith("was left as it was")
