"""The record's witness is the whole history of main, read without trusting its shape (issue 19).

Each case is a real git repository in tmp_path holding the fixture notice 'terms'
(2020 and 2024 recorded), then: a forged branch merged as the first parent, a
shallow clone, no git on PATH, a damaged object, an untracked or ignored lock,
and errata that are not corrections. The checks run through the real `notices`
command, or in-process where only the findings matter (the fuzzer).
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BIN, copy_fixture, write_config
from notices.check import check_content
from notices.findings import Reporter
from notices.load import load_content
from notices.lock import git_blob_id, lock_entry, publish, read_history, write_lock
from notices.project import content_locales
from test_lock_history import AS_OF, ENV, ERRATUM, TH_2024, TH_NEW, TH_OLD, Repo, only

DAY = date.fromisoformat(AS_OF)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The fixture notice committed with 2020 and 2024 recorded as published (as in test_lock_history.py)."""
    repo = Repo(tmp_path / "site")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    copy_fixture("mini", repo.root)
    repo.commit("Terms of 2020 and 2024, published")
    return repo


def forge_thai(repo: Repo) -> None:
    """What a forger does on a branch: rewrite the published Thai text and type its new hashes into the lock."""
    repo.edit(TH_2024, TH_OLD, TH_NEW)
    data = repo.path(TH_2024).read_bytes()
    lock = repo.lock()
    lock["2024-01-01"]["files"]["th.md"].update(sha256=hashlib.sha256(data).hexdigest(), git_blob=git_blob_id(data))
    repo.write_lock(lock)


def merge_branch_first(repo: Repo, branch: str) -> None:
    """The attack: merge main into the branch keeping the branch's side, then fast-forward main to it."""
    repo.git("checkout", "-q", branch)
    repo.day += 1
    repo.git("merge", "-q", "-X", "ours", "main", "-m", "Merge main")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", branch)


def merge_main_first(repo: Repo, branch: str) -> None:
    """The usual merge: on main, the branch's side wins each conflict."""
    repo.git("checkout", "-q", "main")
    repo.day += 1
    repo.git("merge", "-q", "-X", "theirs", branch, "-m", f"Merge {branch}")


def refused_commits(root: Path) -> set[str]:
    notice = load_content(root / "content", content_locales(root / "content"), Reporter()).notices[0]
    return {e.commit.sha[:10] for e in read_history(notice).events if e.kind == "refused"}


def test_a_forged_branch_merged_as_the_first_parent_fails_and_the_genuine_commit_is_not_refused(repo: Repo) -> None:
    genuine = repo.git("rev-parse", "--short=10", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "forged")
    forge_thai(repo)
    forged = repo.commit("Fix a Thai typo")
    repo.git("checkout", "-q", "main")
    repo.commit("Unrelated work on main")
    merge_branch_first(repo, "forged")
    assert repo.git("rev-parse", "--short=10", "HEAD^1").strip() == forged  # the forged side is the first parent
    _path, _line, message, hint = only(repo.errors(), "entry of revision 2024-01-01 was changed")
    assert "th.md changed and revision.yml has no new erratum for it" in message
    assert f"git checkout {genuine} --" in hint
    log = repo.notices("log", "terms").stdout
    assert f"{forged}  REFUSED change" in log and f"{genuine}  REFUSED" not in log
    assert f"{genuine}  locked as published" in log


@pytest.fixture
def two_records(repo: Repo) -> tuple[Repo, str, str]:
    """2030 recorded on main, and recorded with another English text on a branch made before."""
    repo.git("checkout", "-q", "-b", "forged")
    repo.edit("2030-01-01/en.md", "We also collect your email address.", "We also collect your phone number.")
    assert repo.notices("publish", "terms", "2030-01-01", as_of="2029-11-01").returncode == 0
    forged = repo.commit("Announce the 2030 terms")
    repo.git("checkout", "-q", "main")
    assert repo.notices("publish", "terms", "2030-01-01", as_of="2029-11-01").returncode == 0
    genuine = repo.commit("Announce the 2030 terms")
    return repo, genuine, forged


@pytest.mark.parametrize("merge", [merge_branch_first, merge_main_first])
def test_a_revision_recorded_differently_on_two_branches_fails_whichever_came_first(two_records, merge) -> None:
    repo, genuine, forged = two_records
    merge(repo, "forged")
    errors = repo.errors("2029-12-01")
    assert len(errors) == 1, errors  # one mistake, one message
    _path, _line, message, hint = only(errors, "recorded as published twice")
    assert genuine in message and forged in message
    assert "'errata:'" in hint
    log = repo.notices("log", "terms").stdout
    assert "REFUSED" not in log and "not yet committed" not in log, log
    assert "CONFLICT: two merged branches: recorded differently in" in log
    assert f"{genuine}  locked as published" in log and f"{forged}  locked as published" in log


BRANCH = ("forge", "erratum", "unrelated", "record-2030")
MAIN = ("empty", "unrelated", "record-2030")


def _run(root: Path, *args: str) -> None:
    env = {**ENV, "GIT_AUTHOR_DATE": "2026-11-25T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-25T10:00:00Z"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, timeout=60)


def _publish(root: Path, key: str, as_of: date) -> None:
    content = load_content(root / "content", content_locales(root / "content"), Reporter())
    notice = content.notices[0]
    revision = notice.revision(key)
    assert revision is not None
    report = Reporter()
    assert publish(notice, revision, report) is not None, report.findings


def _errors(root: Path) -> list[str]:
    result = check_content(root / "content", content_locales(root / "content"), DAY, allow_unverified=False)
    return [f.code for f in result.errors]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    branch=st.sampled_from(BRANCH),
    main=st.sampled_from(MAIN),
    branch_first=st.booleans(),
    forged_2030=st.booleans(),
)
def test_merges_with_either_parent_first_fail_exactly_when_a_record_was_forged(
    branch: str, main: str, branch_first: bool, forged_2030: bool
) -> None:
    """Whatever the merge order, the check fails iff the merged history changed a record; no genuine commit is
    refused. A branch's lock change and a main's lock change are never combined (git would merge them by lines)."""
    if branch in ("forge", "erratum") and main == "record-2030":
        main = "empty"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        repo = Repo(root)
        _run(root, "init", "-q", "-b", "main")
        copy_fixture("mini", root)
        _run(root, "add", "-A")
        _run(root, "commit", "-q", "-m", "Published")
        _run(root, "checkout", "-q", "-b", "side")
        if branch == "forge":
            forge_thai(repo)
        elif branch == "erratum":
            repo.edit(TH_2024, TH_OLD, TH_NEW)
            meta = repo.path("2024-01-01/revision.yml")
            meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM, encoding="utf-8")
            _publish(root, "2024-01-01", DAY)
        elif branch == "record-2030":
            if forged_2030:
                repo.edit("2030-01-01/en.md", "your email address", "your phone number")
            _publish(root, "2030-01-01", DAY)
        else:
            (root / "NOTES.txt").write_text("branch notes\n", encoding="utf-8")
        _run(root, "add", "-A")
        _run(root, "commit", "-q", "--allow-empty", "-m", f"side: {branch}")
        side = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
        _run(root, "checkout", "-q", "main")
        if main == "record-2030":
            _publish(root, "2030-01-01", DAY)
        elif main == "unrelated":
            (root / "MAIN.txt").write_text("main notes\n", encoding="utf-8")
        _run(root, "add", "-A")
        _run(root, "commit", "-q", "--allow-empty", "-m", f"main: {main}")
        if branch_first:
            _run(root, "checkout", "-q", "side")
            _run(root, "merge", "-q", "-X", "ours", "main", "-m", "Merge main")
            _run(root, "checkout", "-q", "main")
            _run(root, "merge", "-q", "--ff-only", "side")
        else:
            _run(root, "merge", "-q", "-X", "theirs", "side", "-m", "Merge side")
        forged = branch == "forge" or (branch == "record-2030" and forged_2030 and main == "record-2030")
        errors = _errors(root)
        assert bool(errors) == forged, (branch, main, branch_first, forged_2030, errors)
        refused = refused_commits(root)
        assert refused == ({side[:10]} if branch == "forge" else set()), refused


# -- history that cannot be read ------------------------------------------------------------------------------


def _strict_and_allowed(repo: Repo, reason: str, env: dict[str, str] | None = None) -> str:
    """Plain: passes with the warning counted. --strict: fails. --allow-unverified: passes, and says so."""

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "notices"), "check", "--content", "content", "--as-of", AS_OF, *extra],
            cwd=repo.root,
            env=env or ENV,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    plain = run()
    assert plain.returncode == 0, plain.stderr
    assert f"warning: {reason}" in plain.stderr and "0 error(s), 1 warning(s)" in plain.stderr, plain.stderr
    assert "--allow-unverified" in plain.stderr  # the hint names the way out
    strict = run("--strict")
    assert strict.returncode == 1 and "1 warning(s)" in strict.stderr, strict.stderr
    allowed = run("--strict", "--allow-unverified")
    assert allowed.returncode == 0, allowed.stderr
    assert "0 warning(s)" in allowed.stderr and "history NOT verified (--allow-unverified)" in allowed.stderr
    assert f"note: {reason}" in allowed.stderr and "Traceback" not in plain.stderr + strict.stderr + allowed.stderr
    return plain.stderr


@pytest.fixture
def shallow(repo: Repo, tmp_path: Path) -> Repo:
    repo.commit("A second commit")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
        env=ENV,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return Repo(clone)


def test_a_shallow_clone_fails_strict_unless_allowed(shallow: Repo) -> None:
    _strict_and_allowed(shallow, "this git clone is shallow")


def test_without_git_on_path_strict_fails_unless_allowed(repo: Repo) -> None:
    _strict_and_allowed(repo, "git is not installed", {**ENV, "PATH": str(BIN)})


def test_outside_git_plain_check_counts_the_warning(tmp_path: Path) -> None:
    copy_fixture("mini", tmp_path)
    _strict_and_allowed(Repo(tmp_path), "the folder is not in a git repository")


def test_a_damaged_object_in_the_history_fails_strict_unless_allowed(repo: Repo) -> None:
    """The lock as first committed is damaged on disk: git cannot vouch for the history."""
    blob = repo.git("rev-parse", "HEAD:content/terms/published.lock").strip()
    forge_thai(repo)  # a tampered text, typed into the lock, while the history cannot be read
    repo.commit("Tampered")
    loose = repo.root / ".git/objects" / blob[:2] / blob[2:]
    loose.chmod(0o644)
    loose.write_bytes(b"not a zlib stream")
    _strict_and_allowed(repo, "git could not read the history")


def test_a_damaged_pack_fails_strict(repo: Repo) -> None:
    repo.commit("A second commit")
    repo.git("repack", "-q", "-a", "-d")
    pack = next((repo.root / ".git/objects/pack").glob("*.pack"))
    data = bytearray(pack.read_bytes())
    for i in range(12, len(data) - 20, 5):  # every object, not the header or the trailing checksum
        data[i] ^= 0x55
    pack.chmod(0o644)
    pack.write_bytes(bytes(data))
    _strict_and_allowed(repo, "git could not read the history")


@pytest.mark.parametrize("ignored", [False, True])
def test_an_untracked_or_ignored_lock_fails_strict(repo: Repo, ignored: bool) -> None:
    repo.git("rm", "-q", "--cached", "content/terms/published.lock")
    if ignored:
        (repo.root / ".gitignore").write_text("published.lock\n", encoding="utf-8")
    repo.git("add", "-A", "--", ".", *([] if ignored else [":!content/terms/published.lock"]))
    repo.git("commit", "-q", "-m", "Stop tracking the lock")  # the lock stays on disk, as in a fresh project
    reason = "published.lock is " + ("ignored by git (.gitignore lists it)" if ignored else "not tracked by git")
    errors = repo.errors()  # git's record of the lock still stands: its entries are checked
    assert errors == [], errors
    out = _strict_and_allowed(repo, reason)
    assert f"content/terms/published.lock:1:1: warning: {reason}" in out


@pytest.mark.build
def test_the_build_fails_strict_in_a_shallow_clone_and_without_git_unless_allowed(shallow: Repo) -> None:
    config = write_config(shallow.root / "build", shallow.root / "content")
    env = {**ENV, "NOTICES_AS_OF": AS_OF}

    def build(*extra: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "notices"), "build", "--strict", "-j", "2", "-f", str(config), *extra],
            cwd=shallow.root,
            env={**env, "PATH": path} if path else env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    refused = build()
    assert refused.returncode == 1 and "this git clone is shallow" in refused.stderr, refused.stderr
    assert not (shallow.root / "build/site").exists()
    no_git = build(path=str(BIN))
    assert no_git.returncode == 1 and "git is not installed" in no_git.stderr, no_git.stderr
    allowed = build("--allow-unverified")
    assert allowed.returncode == 0, allowed.stderr
    assert "history NOT verified (--allow-unverified)" in allowed.stderr.splitlines()[-1]


# -- errata are corrections -----------------------------------------------------------------------------------


def test_an_erratum_dated_in_the_future_fails_at_its_line(repo: Repo) -> None:
    repo.edit(TH_2024, TH_OLD, TH_NEW)
    meta = repo.path("2024-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM.replace("2026-11-20", "2099-01-01"), "utf-8")
    path, line, _message, hint = only(repo.errors(), "erratum 1 is dated 2099-01-01, after today (2026-12-01)")
    assert (path, line) == ("content/terms/2024-01-01/revision.yml", 5)
    assert "today at the latest" in hint
    assert repo.notices("publish", "terms", "2024-01-01").returncode == 1


def _two_alike(repo: Repo) -> Path:
    """A lock written before errata had to be distinct: two identical Thai errata, recorded and committed."""
    repo.edit(TH_2024, TH_OLD, TH_NEW)
    meta = repo.path("2024-01-01/revision.yml")
    twice = ERRATUM + ERRATUM.removeprefix("errata:\n")
    meta.write_text(meta.read_text(encoding="utf-8") + twice, encoding="utf-8")
    content = load_content(repo.root / "content", content_locales(repo.root / "content"), Reporter())
    notice = content.notices[0]
    revision = notice.revision("2024-01-01")
    assert revision is not None and len(revision.errata) == 2
    entries = dict(repo.lock())
    entries["2024-01-01"] = lock_entry(revision)
    write_lock(notice, entries)
    repo.commit("Two identical errata")
    return meta


def test_errata_must_be_distinct(repo: Repo) -> None:
    _two_alike(repo)
    path, line, message, _hint = only(repo.errors(), "erratum 2 repeats erratum 1")
    assert (path, line) == ("content/terms/2024-01-01/revision.yml", 9)
    assert "the same date, language and 'what'" in message


def test_removing_one_of_two_identical_errata_fails(repo: Repo) -> None:
    meta = _two_alike(repo)
    meta.write_text(meta.read_text(encoding="utf-8").rsplit("  - date:", 1)[0], encoding="utf-8")
    _path, _line, message, _hint = only(repo.errors(), "the erratum of 2026-11-20 for th was removed")
    assert "without its note" in message


SUBSTANTIVE = [
    ("Write to us.", "Write to us within 30 days.", "a number or date changed: nothing became 'within 30 days'"),
    ("Email works too.", "Email privacy@example.org too.", "an address changed: 'works' became 'privacy@example.org'"),
    ("apply to the service.", "apply to the Acme service.", "a name changed: nothing became 'Acme'"),
    (
        "These terms apply to the service.",
        "These terms apply whenever you use any part of our service, app or shop.",
        "11 words changed, more than 1 erratum(s) may correct (10 words each)",
    ),
]


@pytest.mark.parametrize(("old", "new", "why"), SUBSTANTIVE, ids=["number", "address", "name", "words"])
def test_publish_refuses_an_erratum_that_is_a_new_revision(repo: Repo, old: str, new: str, why: str) -> None:
    repo.edit("2024-01-01/en.md", old, new)
    meta = repo.path("2024-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM.replace("locale: th", "locale: en"), "utf-8")
    result = repo.notices("publish", "terms", "2024-01-01")
    assert result.returncode == 1, result.stderr
    assert f"en.md changed more than an erratum may ({why}): this is a new revision, not an erratum" in result.stderr
    assert "notices new terms" in result.stderr


def test_a_substantive_erratum_recorded_by_hand_fails_the_check(repo: Repo) -> None:
    repo.edit("2024-01-01/en.md", "Write to us.", "Write to us within 30 days.")
    meta = repo.path("2024-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM.replace("locale: th", "locale: en"), "utf-8")
    content = load_content(repo.root / "content", content_locales(repo.root / "content"), Reporter())
    notice = content.notices[0]
    revision = notice.revision("2024-01-01")
    assert revision is not None
    write_lock(notice, {**repo.lock(), "2024-01-01": lock_entry(revision)})  # what publish would have written
    repo.commit("A substantive change, called an erratum")
    path, line, message, hint = only(repo.errors(), "changed more than an erratum may")
    assert (path, line) == ("content/terms/2024-01-01/en.md", 11)
    assert "a number or date changed" in message and "): this is a new revision, not an erratum\n" in message
    assert "notices new terms" in hint


def test_a_real_correction_still_passes(repo: Repo) -> None:
    """A typo fixed at the start of a sentence, and words made a link: corrections, not amendments."""
    repo.edit("2024-01-01/en.md", "Write to us.", "Please write to [us](https://example.org/contact).")
    meta = repo.path("2024-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM.replace("locale: th", "locale: en"), "utf-8")
    assert repo.notices("publish", "terms", "2024-01-01").returncode == 0
    repo.commit("Erratum")
    assert repo.errors() == []
