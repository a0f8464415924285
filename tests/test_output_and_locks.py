"""Output files and concurrency (issue 19): `-o` never overwrites the record, two publishes never lose an entry,
and build locks live in this user's own folder."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from conftest import BIN, EXAMPLE_AS_OF, ROOT, copy_fixture
from notices.sitebuild.folders import BuildFolderError, BuildLock, user_lock_dir

TH = "2024-01-01/th.md"
ERRATUM = (
    "errata:\n  - date: 2026-11-20\n    locale: th\n    what: section 1 now names the email address too\n"
    "    why: the translation left it out\n"
)


def notices(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "notices"), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_fixture("mini", tmp_path)
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return tmp_path


DIFF = ("diff", "terms", "2020-01-01", "2024-01-01", "--content", "content", "--as-of", EXAMPLE_AS_OF)
NOTICE = ("notice", "terms", "2030-01-01", "--content", "content", "--as-of", EXAMPLE_AS_OF)


@pytest.mark.parametrize("command", [DIFF, NOTICE], ids=["diff", "notice"])
@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("content/terms/2024-01-01/en.md", "it is inside the content folder (content/)"),
        ("content/terms/published.lock", "it is a lock file"),
        ("content/new.html", "it is inside the content folder (content/)"),
        ("locales/ja/LC_MESSAGES/messages.po", "it is inside the UI catalogs folder (locales/)"),
    ],
)
def test_output_into_the_record_is_refused(project: Path, command: tuple[str, ...], target: str, why: str) -> None:
    path = project / target
    before = path.read_bytes() if path.exists() else None
    result = notices(*command, "-o", target, "--force", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{target}: error: will not write the output there: {why}"), result.stderr
    assert "\n  hint: write it outside content/ and locales/" in result.stderr
    assert (path.read_bytes() if path.exists() else None) == before
    assert not list(project.rglob("*.tmp"))


@pytest.mark.parametrize("command", [DIFF, NOTICE], ids=["diff", "notice"])
def test_output_never_replaces_a_file_without_force(project: Path, command: tuple[str, ...]) -> None:
    draft = project / "draft.txt"
    draft.write_text("my notes\n", encoding="utf-8")
    refused = notices(*command, "-o", "draft.txt", cwd=project)
    assert refused.returncode == 1 and "draft.txt: error: the file already exists" in refused.stderr
    assert "add --force to replace it" in refused.stderr
    assert draft.read_text(encoding="utf-8") == "my notes\n"
    forced = notices(*command, "-o", "draft.txt", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert draft.read_text(encoding="utf-8") != "my notes\n"
    fresh = notices(*command, "-o", "new.txt", cwd=project)
    assert fresh.returncode == 0 and (project / "new.txt").stat().st_size > 0


def _publish(content: str, key: str) -> None:
    from notices.cli import main

    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child's own messages
    os._exit(main(["publish", "terms", key, "--content", content, "--as-of", EXAMPLE_AS_OF]))


def test_two_publishes_at_once_both_record(tmp_path: Path) -> None:
    """Ten rounds of two `notices publish` of one notice at once: a new revision and an erratum. Both entries stay."""
    fork = multiprocessing.get_context("fork")
    for round_ in range(10):
        content = copy_fixture("mini", tmp_path / str(round_))
        th = content / "terms" / TH
        th.write_text(th.read_text(encoding="utf-8").replace("ชื่อของท่าน", "ชื่อและอีเมลของท่าน"), "utf-8")
        meta = content / "terms/2024-01-01/revision.yml"
        meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM, encoding="utf-8")
        workers = [fork.Process(target=_publish, args=(str(content), key)) for key in ("2030-01-01", "2024-01-01")]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
        assert [w.exitcode for w in workers] == [0, 0], round_
        lock = yaml.safe_load((content / "terms/published.lock").read_text(encoding="utf-8"))
        assert sorted(lock) == ["2020-01-01", "2024-01-01", "2030-01-01"], round_
        assert len(lock["2024-01-01"]["errata"]) == 1, round_
        assert not list((content / "terms").glob(".*.tmp"))


def test_build_locks_are_this_users_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another account's leftover lock folder (the old shared one) never blocks; a folder of ours that another
    account made is refused with a message that says so."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    shared = tmp_path / "notices-build-locks"
    shared.mkdir(mode=0o755)
    (shared / "site-0000.lock").touch(mode=0o644)
    other = os.getuid() + 1
    if os.getuid() == 0:
        os.chown(shared, other, other)
    lock = BuildLock(tmp_path / "site")
    lock.acquire(timeout=5)
    assert lock.path.parent == user_lock_dir() == tmp_path / f"notices-{os.getuid()}"
    assert (user_lock_dir().stat().st_mode & 0o777) == 0o700
    lock.release()
    if os.getuid() != 0:
        pytest.skip("making a folder owned by another account needs root")
    os.chown(user_lock_dir(), other, other)
    with pytest.raises(BuildFolderError) as refused:
        BuildLock(tmp_path / "site").acquire(timeout=5)
    assert "is not a folder of this user account (another account, or a link, made it)" in refused.value.message
    assert f"delete {tmp_path / f'notices-{os.getuid()}'}" in refused.value.hint
