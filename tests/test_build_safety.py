"""Faults never cost content or the site: real `mkdocs build` runs against mistaken settings and bad disks."""

from __future__ import annotations

import resource
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import BIN, EXAMPLE_AS_OF, ROOT, mkdocs, write_config

pytestmark = pytest.mark.build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def set_option(config: Path, key: str, value: str) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    if key == "site_dir":
        data["site_dir"] = value
    else:
        for plugin in data["plugins"]:
            if isinstance(plugin, dict) and "notices" in plugin:
                plugin["notices"][key] = value
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("key", "where"),
    [
        ("generated_dir", "content"),
        ("generated_dir", "content/terms"),
        ("generated_dir", "."),
        ("generated_dir", "locales"),
        ("site_dir", "content"),
        ("site_dir", "content/terms/site"),
        ("site_dir", "."),
    ],
)
def test_a_generated_or_site_folder_over_the_content_is_refused_and_nothing_is_deleted(
    tmp_path: Path, mini_content: Path, key: str, where: str
) -> None:
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    (tmp_path / "locales/keep.txt").write_text("translator notes\n", encoding="utf-8")
    config = write_config(tmp_path, mini_content)
    set_option(config, key, str(tmp_path / where))
    if key == "generated_dir" and where == "locales":
        set_option(config, "locales_dir", str(tmp_path / "locales"))
    before = tree(tmp_path)
    result = mkdocs("build", "-f", str(config))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    ours = f"error: the {'generated' if key == 'generated_dir' else 'site'} folder is" in output
    assert (ours and f"hint: set {key} in mkdocs.yml" in output) or "Config value 'site_dir'" in output  # MkDocs' own
    after = tree(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before, "a file of the project was changed or deleted"


def test_a_generated_folder_holding_other_files_is_not_emptied(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    notes = tmp_path / "generated/notes.md"
    notes.parent.mkdir()
    notes.write_text("# My notes\n", encoding="utf-8")
    result = mkdocs("build", "-f", str(config))
    assert result.returncode != 0
    assert "generated: error: the generated folder already holds files the build did not make" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert notes.read_text(encoding="utf-8") == "# My notes\n"


def test_two_builds_at_once_both_leave_a_whole_site(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    assert mkdocs("build", "-f", str(config)).returncode == 0
    expected = set(tree(tmp_path / "site"))
    env = {"NO_MKDOCS_2_WARNING": "1", "NOTICES_AS_OF": EXAMPLE_AS_OF, "PATH": str(BIN)}
    runs = [
        subprocess.Popen(
            [str(BIN / "mkdocs"), "build", "-f", str(config)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=300)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert set(tree(tmp_path / "site")) == expected
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_leftovers_of_a_killed_build_never_block_the_next(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    assert mkdocs("build", "-f", str(config)).returncode == 0
    for name in (".site.old", ".site.building", ".site.building-x1y2"):
        (tmp_path / name / "privacy").mkdir(parents=True)
        for page in ("index.html", "404.html", "sitemap.xml", ".notices-owned"):
            (tmp_path / name / page).write_text("old", encoding="utf-8")
    result = mkdocs("build", "-f", str(config))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "generated", "mkdocs.yml", "site"]


def test_an_unwritable_target_is_a_message_not_a_traceback(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    (tmp_path / "blocker").write_text("a file, not a folder\n", encoding="utf-8")
    set_option(config, "site_dir", str(tmp_path / "blocker/site"))
    result = mkdocs("build", "-f", str(config))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "error: a file stands where the build needs a folder" in output
    if Path("/sys/fs").is_dir():  # a read-only system folder (even for root)
        set_option(config, "site_dir", "/sys/fs/notices-site")
        result = mkdocs("build", "-f", str(config))
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "Traceback" not in output
        assert "error: cannot write here (permission denied)" in output or "read-only" in output


def _small_files_only() -> None:
    """A disk that fills up: any file over 64 KiB fails to write (EFBIG), like ENOSPC half-way."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_is_a_message_and_the_site_stays_as_it_was(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    assert mkdocs("build", "-f", str(config)).returncode == 0
    site = tmp_path / "site"
    before = tree(site)
    en = mini_content / "terms/2030-01-01/en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    env = {"NO_MKDOCS_2_WARNING": "1", "NOTICES_AS_OF": EXAMPLE_AS_OF, "PATH": str(BIN)}
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_small_files_only,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "error: the disk is full" in output
    assert tree(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(predicate: Callable[[], bool], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_keeps_the_last_good_site_and_shows_the_error(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={"NOTICES_AS_OF": EXAMPLE_AS_OF, "NO_MKDOCS_2_WARNING": "1", "PATH": str(BIN) + ":/usr/bin:/bin"},
        )
    en, ja = f"http://127.0.0.1:{port}/terms/", f"http://127.0.0.1:{port}/ja/terms/"
    th = mini_content / "terms/2024-01-01/th.md"
    good = th.read_text(encoding="utf-8")
    try:
        assert _wait_for(lambda: "Write to us." in _fetch(en)), log.read_text()
        th.write_text(good.replace("## 2. ติดต่อ {#contact}\n", ""), encoding="utf-8")
        assert _wait_for(lambda: "notices-preview-error" in _fetch(en)), log.read_text()
        page = _fetch(en)
        assert "Write to us." in page  # the last good text, still served
        assert "terms/2024-01-01/th.md:5:1: error: section &#x27;contact&#x27; is missing" in page
        assert "This preview is out of date" in page
        assert "このプレビューは最新ではありません" in _fetch(ja)
        output = log.read_text(encoding="utf-8")
        assert "terms/2024-01-01/th.md:5:1: error: section 'contact' is missing" in output
        assert "still shows the last good version" in output
        assert "Traceback" not in output
        th.write_text(good, encoding="utf-8")
        assert _wait_for(lambda: "Write to us." in (p := _fetch(en)) and "notices-preview-error" not in p), (
            log.read_text()
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
