"""Git history is the witness of what was published: each way of rewriting the record fails `notices check`.

Every test builds a real git repository in tmp_path (fixed author and dates),
commits the small fixture notice 'terms' as published, then does what a user
might do. The checks run through the real `notices` command.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, copy_fixture

UNVERIFIED = "NOTICES_ALLOW_UNVERIFIED"  # conftest sets it for the suite; the record tests test without it
AS_OF = "2026-12-01"  # 2020 superseded, 2024 in force, 2030 announced on 2029-11-01 (not yet)
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in ("NOTICES_AS_OF", UNVERIFIED)},
    "GIT_AUTHOR_NAME": "Legal Team",
    "GIT_AUTHOR_EMAIL": "legal@example.org",
    "GIT_COMMITTER_NAME": "Legal Team",
    "GIT_COMMITTER_EMAIL": "legal@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}
FINDING = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):\d+: error: (?P<message>.*)$", re.M)


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.day = 0

    def git(self, *args: str) -> str:
        env = {**ENV, "GIT_AUTHOR_DATE": f"2026-01-{self.day + 1:02d}T10:00:00Z"}
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"]
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def commit(self, message: str) -> str:
        self.day += 1
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "--short=10", "HEAD").strip()

    def notices(self, *args: str, as_of: str = AS_OF) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "notices"), *args, "--content", "content", "--as-of", as_of],
            cwd=self.root,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def check(self, as_of: str = AS_OF) -> tuple[int, str]:
        result = self.notices("check", as_of=as_of)
        assert "Traceback" not in result.stderr
        return result.returncode, result.stderr

    def errors(self, as_of: str = AS_OF) -> list[tuple[str, int, str, str]]:
        """(path, line, message, hint) of every error `notices check` prints."""
        code, out = self.check(as_of)
        found = []
        for block in re.split(r"\n(?=\S)", out):
            match = FINDING.match(block)
            if match:
                hint = block.split("\n  hint: ", 1)[1] if "\n  hint: " in block else ""
                found.append((match["path"], int(match["line"]), match["message"] + block[match.end() :], hint))
        assert (code == 1) == bool(found), out
        return found

    def path(self, rel: str) -> Path:
        return self.root / "content/terms" / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert old in text, text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def lock(self) -> dict[str, dict]:
        return yaml.safe_load(self.path("published.lock").read_text(encoding="utf-8"))

    def write_lock(self, lock: dict[str, dict]) -> None:
        self.path("published.lock").write_text(yaml.safe_dump(lock, sort_keys=False), encoding="utf-8")

    def lock_line(self, *needles: str) -> int:
        """The line of the last needle, found after each of the ones before it."""
        lines = self.path("published.lock").read_text(encoding="utf-8").split("\n")
        at = 0
        for needle in needles:
            at = next(i for i in range(at, len(lines)) if needle in lines[i])
        return at + 1


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """The fixture notice committed with 2020 and 2024 recorded as published."""
    repo = Repo(tmp_path / "site")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    copy_fixture("mini", repo.root)
    repo.commit("Terms of 2020 and 2024, published")
    code, out = repo.check()
    assert code == 0 and "0 error(s), 0 warning(s)" in out and "cannot be verified" not in out, out
    return repo


def only(errors: list[tuple[str, int, str, str]], code_words: str) -> tuple[str, int, str, str]:
    matching = [e for e in errors if code_words in e[2]]
    assert len(matching) == 1, errors
    return matching[0]


TH_2024 = "2024-01-01/th.md"
TH_OLD, TH_NEW = "เราเก็บรวบรวมชื่อของท่าน", "เราเก็บรวบรวมชื่อและอีเมลของท่าน"


def test_edit_delete_the_lock_and_publish_again_fails(repo: Repo) -> None:
    sha = repo.git("rev-parse", "--short=10", "HEAD").strip()
    repo.edit(TH_2024, TH_OLD, TH_NEW)
    repo.path("published.lock").unlink()
    published = repo.notices("publish", "terms", "2024-01-01")
    assert published.returncode == 1
    assert "published.lock is missing, but git has it" in published.stderr
    assert not repo.path("published.lock").exists()
    errors = repo.errors()
    path, line, message, hint = only(errors, "published.lock is missing")
    assert (path, line) == ("content/terms/published.lock", 1)
    assert f"git checkout {sha} -- content/terms/published.lock" in hint
    # The changed lines are still shown, from the text git keeps.
    path, line, message, _ = only(errors, "has changed since it was published")
    assert (path, line) == (f"content/terms/{TH_2024}", 7)
    assert f"-{TH_OLD}\n    +{TH_NEW}" in message


def test_a_fresh_lock_cannot_record_an_edited_text(repo: Repo) -> None:
    repo.edit(TH_2024, TH_OLD, TH_NEW)
    repo.path("published.lock").write_text("", encoding="utf-8")
    refused = repo.notices("publish", "terms", "2020-01-01")
    assert refused.returncode == 1 and "published.lock is empty, but git has it" in refused.stderr
    assert only(repo.errors(), "published.lock is empty")[:2] == ("content/terms/published.lock", 1)
    # A lock rebuilt by hand with the unchanged revision only: the edited one is still refused.
    lock = yaml.safe_load(repo.git("show", "HEAD:content/terms/published.lock"))
    repo.write_lock({"2020-01-01": lock["2020-01-01"]})
    refused = repo.notices("publish", "terms", "2024-01-01")
    assert refused.returncode == 1
    assert "th.md differs from the text recorded as published in git" in refused.stderr
    assert f"+{TH_NEW}" in refused.stderr
    repo.commit("Re-recorded")
    path, _line, message, hint = only(repo.errors(), "removed from published.lock")
    assert path == "content/terms/published.lock"
    assert "the entry of revision 2024-01-01" in message and "git checkout" in hint


def test_an_edited_text_with_a_matching_hash_written_by_hand_fails(repo: Repo) -> None:
    from notices.lock import git_blob_id, sha256_bytes

    repo.edit(TH_2024, TH_OLD, TH_NEW)
    data = repo.path(TH_2024).read_bytes()
    lock = repo.lock()
    lock["2024-01-01"]["files"]["th.md"].update(sha256=sha256_bytes(data), git_blob=git_blob_id(data))
    repo.write_lock(lock)
    repo.commit("Fix the Thai wording")  # even committed, the first record stands
    errors = repo.errors()
    path, line, message, hint = only(errors, "entry of revision 2024-01-01 was changed")
    assert (path, line) == ("content/terms/published.lock", repo.lock_line("'2024-01-01'", "th.md:", "sha256"))
    assert "th.md changed and revision.yml has no new erratum" in message
    assert "-files / th.md / sha256: " in message and "git checkout" in hint
    path, line, message, hint = only(errors, "has changed since it was published")
    assert (path, line) == (f"content/terms/{TH_2024}", 7) and f"+{TH_NEW}" in message
    assert "errata:" in hint


def test_a_hand_edited_lock_hash_is_blamed_on_the_lock_not_the_unchanged_file(repo: Repo) -> None:
    lock = repo.lock()
    lock["2024-01-01"]["files"]["en.md"]["sha256"] = "0" * 64
    repo.write_lock(lock)
    errors = repo.errors()
    assert len(errors) == 1, errors
    path, line, message, hint = errors[0]
    assert (path, line) == ("content/terms/published.lock", repo.lock_line("'2024-01-01'", "en.md:", "sha256"))
    assert "en.md itself is unchanged since it was published" in message
    assert "git checkout HEAD -- content/terms/published.lock" in hint


def test_removing_a_lock_entry_fails(repo: Repo) -> None:
    lock = repo.lock()
    del lock["2020-01-01"]
    repo.write_lock(lock)
    repo.commit("Drop the old terms")
    path, line, message, hint = only(repo.errors(), "removed from published.lock")
    assert (path, line) == ("content/terms/published.lock", repo.lock_line("'2024-01-01'"))
    assert "the entry of revision 2020-01-01 was removed" in message
    assert "git checkout" in hint and "stays recorded for good" in hint


def test_deleting_a_published_revision_folder_fails(repo: Repo) -> None:
    shutil.rmtree(repo.path("2020-01-01"))
    repo.commit("Remove the 2020 terms")
    path, line, message, hint = only(repo.errors(), "is gone")
    assert (path, line) == ("content/terms/published.lock", repo.lock_line("'2020-01-01'"))
    assert "published revision 2020-01-01 is gone" in message
    assert re.search(r"git checkout \w{10} -- content/terms/2020-01-01", hint)


def test_renaming_a_published_revision_and_publishing_it_again_fails(repo: Repo) -> None:
    repo.git("mv", "content/terms/2020-01-01", "content/terms/2020-02-01")
    repo.edit("2020-02-01/revision.yml", "effective: 2020-01-01", "effective: 2020-02-01")
    refused = repo.notices("publish", "terms", "2020-02-01")
    assert refused.returncode == 1 and "nothing was locked" in refused.stderr
    path, line, message, hint = only(repo.errors(), "was renamed")
    assert (path, line) == ("content/terms/2020-02-01/revision.yml", 1)
    assert "published revision 2020-01-01 was renamed to 2020-02-01" in message
    assert "git mv content/terms/2020-02-01 content/terms/2020-01-01" in hint


def test_deleting_a_file_of_a_published_revision_fails(repo: Repo) -> None:
    repo.path("2024-01-01/vi.md").unlink()
    path, line, _message, hint = only(repo.errors(), "vi.md of published revision 2024-01-01 is gone")
    assert (path, line) == ("content/terms/published.lock", repo.lock_line("'2024-01-01'", "vi.md:"))
    assert re.search(r"git checkout \w{10} -- content/terms/2024-01-01/vi.md", hint)


@pytest.fixture
def announced(repo: Repo) -> Repo:
    """2030 recorded on the day it was announced (2029-11-01) and committed."""
    assert repo.notices("publish", "terms", "2030-01-01", as_of="2029-11-01").returncode == 0
    repo.commit("Announce the 2030 terms")
    return repo


def test_moving_an_announced_revision_into_the_future_fails(announced: Repo) -> None:
    announced.edit("2030-01-01/revision.yml", "published: 2029-11-01", "published: 2029-12-20")
    path, line, message, hint = only(announced.errors("2029-12-01"), "takes it off the site")
    assert (path, line) == ("content/terms/2030-01-01/revision.yml", 2)
    assert "revision 2030-01-01 was announced on 2029-11-01; moving 'published' to 2029-12-20" in message
    assert hint.startswith("put back 'published: 2029-11-01'")
    # Recording the new date instead is refused, and so is a lock edited to match.
    refused = announced.notices("publish", "terms", "2030-01-01", as_of="2029-12-01")
    assert refused.returncode == 1 and "nothing was locked" in refused.stderr
    lock = announced.lock()
    del lock["2030-01-01"]
    announced.write_lock(lock)
    assert announced.notices("publish", "terms", "2030-01-01", as_of="2029-12-01").returncode == 1


def test_turning_an_announced_revision_back_into_a_draft_fails(announced: Repo) -> None:
    meta = announced.path("2030-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
    path, line, _message, hint = only(announced.errors("2029-12-01"), "cannot become a draft again")
    assert (path, line) == ("content/terms/2030-01-01/revision.yml", 9)
    assert "delete the 'draft: true' line" in hint


ERRATUM = (
    "errata:\n  - date: 2026-11-20\n    locale: th\n    what: section 1 now names the email address too\n"
    "    why: the translation left it out\n"
)


@pytest.fixture
def corrected(repo: Repo) -> Repo:
    """The errata route: a correction, its erratum, `notices publish`, a commit."""
    repo.edit(TH_2024, TH_OLD, TH_NEW)
    meta = repo.path("2024-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM, encoding="utf-8")
    assert repo.notices("publish", "terms", "2024-01-01").returncode == 0
    repo.commit("Erratum for the Thai terms of 2024")
    return repo


def test_the_errata_route_still_passes(corrected: Repo) -> None:
    assert corrected.check() == (0, corrected.check()[1])
    assert "0 error(s)" in corrected.check()[1]


def test_deleting_an_erratum_fails(corrected: Repo) -> None:
    meta = corrected.path("2024-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8").replace(ERRATUM, ""), encoding="utf-8")
    path, line, _message, hint = only(corrected.errors(), "erratum of 2026-11-20 for th was removed")
    assert (path, line) == ("content/terms/2024-01-01/revision.yml", 1)
    assert "git show" in hint


def test_an_erratum_dated_before_its_revision_was_published_fails(repo: Repo) -> None:
    repo.edit(TH_2024, TH_OLD, TH_NEW)
    meta = repo.path("2024-01-01/revision.yml")
    meta.write_text(meta.read_text(encoding="utf-8") + ERRATUM.replace("2026-11-20", "2023-12-01"), encoding="utf-8")
    errors = repo.errors()
    path, line, _message, hint = only(errors, "before revision 2024-01-01 was published")
    assert (path, line) == ("content/terms/2024-01-01/revision.yml", 4)
    assert "a new revision" in hint
    assert repo.notices("publish", "terms", "2024-01-01").returncode == 1


def test_inserting_a_back_dated_revision_fails(repo: Repo) -> None:
    from notices.check import check_content
    from notices.lock import lock_entry

    shutil.copytree(repo.path("2020-01-01"), repo.path("2022-01-01"))
    repo.edit(
        "2022-01-01/revision.yml",
        "effective: 2020-01-01\npublished: 2020-01-01",
        "effective: 2022-01-01\npublished: 2022-01-01",
    )
    refused = repo.notices("publish", "terms", "2022-01-01")
    assert refused.returncode == 1
    assert "revision 2022-01-01 is back-dated: it takes effect on 2022-01-01, before 2024-01-01" in refused.stderr
    # Written into the lock some other way and committed: still refused.
    notice = check_content(repo.root / "content", ("en", "ja", "vi", "th"), date_of(AS_OF)).content.notices[0]
    lock = repo.lock()
    lock["2022-01-01"] = lock_entry(notice.revision("2022-01-01"))
    repo.write_lock(lock)
    repo.commit("Terms of 2022")
    path, line, message, hint = only(repo.errors(), "is back-dated")
    assert (path, line) == ("content/terms/published.lock", repo.lock_line("'2022-01-01'"))
    assert "a version that never existed" in message
    assert "rename the folder to a date after 2024-01-01" in hint


def test_publishing_a_draft_is_refused(repo: Repo) -> None:
    assert repo.notices("new", "terms", "2031-01-01").returncode == 0
    refused = repo.notices("publish", "terms", "2031-01-01")
    assert refused.returncode == 1
    assert "content/terms/2031-01-01/revision.yml:" in refused.stderr
    assert "revision 2031-01-01 is a draft, so it cannot be published" in refused.stderr
    assert "2031-01-01" not in repo.lock()


def test_an_edit_after_publishing_fails_at_once_before_the_published_date(repo: Repo) -> None:
    """Recorded on 2029-06-01 for 2029-11-01 and not committed: an edit that day already fails, with its lines."""
    assert repo.notices("publish", "terms", "2030-01-01", as_of="2029-06-01").returncode == 0
    repo.edit("2030-01-01/en.md", "Email works too.", "Email and post work too.")
    path, _line, message, _hint = only(repo.errors("2029-06-01"), "has changed since it was published")
    assert path == "content/terms/2030-01-01/en.md"
    assert "-Write to us. Email works too.\n    +Write to us. Email and post work too." in message


def test_an_older_lock_of_a_file_with_a_bom_is_recorded_again(tmp_path: Path) -> None:
    from notices.lock import git_blob_id
    from notices.lock.record import legacy_sha256

    repo = Repo(tmp_path / "site")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    copy_fixture("mini", repo.root)
    # As older versions recorded it: a file with a BOM, hashed without it.
    en = repo.path("2024-01-01/en.md")
    en.write_bytes(b"\xef\xbb\xbf" + en.read_bytes())
    lock = repo.lock()
    lock["2024-01-01"]["files"]["en.md"].update(
        sha256=legacy_sha256(en.read_bytes()), git_blob=git_blob_id(en.read_bytes())
    )
    repo.write_lock(lock)
    repo.commit("Terms as an older version locked them")
    path, _line, _message, hint = only(repo.errors(), "older format")
    assert path == "content/terms/published.lock" and hint == "record the exact bytes: notices publish terms 2024-01-01"
    assert repo.notices("publish", "terms", "2024-01-01").returncode == 0
    repo.commit("Record the exact bytes")
    code, out = repo.check()
    assert code == 0, out
    assert repo.lock()["2024-01-01"]["files"]["en.md"]["sha256"] == hashlib.sha256(en.read_bytes()).hexdigest()


def test_outside_git_check_warns_and_still_checks_the_lock(tmp_path: Path) -> None:
    content = copy_fixture("mini", tmp_path)
    result = subprocess.run(
        [str(BIN / "notices"), "check", "--content", str(content), "--as-of", AS_OF],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert (
        "warning: the folder is not in a git repository, so the history of published revisions cannot be verified"
        in result.stderr
    )
    th = content / "terms" / TH_2024
    th.write_text(th.read_text(encoding="utf-8").replace(TH_OLD, TH_NEW), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "notices"), "check", "--content", str(content), "--as-of", AS_OF],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and "has changed since it was published" in result.stderr


def date_of(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_log_lists_when_each_revision_was_locked_and_every_erratum(corrected: Repo) -> None:
    first, erratum = corrected.git("log", "--reverse", "--format=%h %cs", "--abbrev=10").strip().split("\n")
    lock_sha, lock_day = first.split()
    fix_sha, fix_day = erratum.split()
    result = corrected.notices("log", "terms")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("terms: published revisions, from the git history of content/terms/published.lock\n")
    assert f"2020-01-01  (published 2020-01-01)\n  {lock_day}  {lock_sha}  locked as published\n" in out
    assert (
        f"  {fix_day}  {fix_sha}  erratum recorded 2026-11-20 th: section 1 now names the email address too\n"
        f"{'':26}by Legal Team: Erratum for the Thai terms of 2024\n"
    ) in out
    data = json.loads(corrected.notices("log", "terms", "--format", "json").stdout)
    events = {r["revision"]: [e["kind"] for e in r["events"]] for r in data["revisions"]}
    assert events == {"2020-01-01": ["locked"], "2024-01-01": ["locked", "erratum"]}


def test_log_shows_a_refused_change_that_git_recorded(repo: Repo) -> None:
    lock = repo.lock()
    del lock["2020-01-01"]
    repo.write_lock(lock)
    sha = repo.commit("Drop the old terms")
    out = repo.notices("log", "terms").stdout
    assert f"{sha}  entry removed from the lock" in out


def test_a_changed_summary_of_a_recorded_revision_shows_the_changed_lines(announced: Repo) -> None:
    announced.edit("2030-01-01/revision.yml", "We now also collect your email.", "We now collect your email.")
    path, line, message, hint = only(announced.errors("2029-12-01"), "revision.yml of published revision 2030-01-01")
    assert (path, line) == ("content/terms/2030-01-01/revision.yml", 5)
    assert "-  en: We now also collect your email.\n    +  en: We now collect your email." in message
    assert "errata:" in hint


def test_a_lock_left_with_merge_conflict_markers_is_one_error(repo: Repo) -> None:
    lock = repo.path("published.lock")
    lock.write_text("<<<<<<< HEAD\n" + lock.read_text(encoding="utf-8") + "=======\n>>>>>>> other\n", encoding="utf-8")
    errors = repo.errors()
    assert [(e[0], e[1]) for e in errors] == [("content/terms/published.lock", 1)], errors
    assert "published.lock has merge conflict markers" in errors[0][2]
    assert "keep the entries of both sides" in errors[0][3] and "git checkout --" in errors[0][3]


def test_a_shallow_clone_says_only_part_of_the_history_was_verified(repo: Repo, tmp_path: Path) -> None:
    repo.commit("A second commit")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
        env=ENV,
        check=True,
        capture_output=True,
        timeout=60,
    )
    code, out = Repo(clone).check()
    assert code == 0, out  # a warning (test_record_witness.py: --strict fails on it)
    assert "warning: this git clone is shallow, so only part of the history of published revisions could be" in out


def test_a_scheduled_revision_may_be_corrected_before_its_published_date(repo: Repo) -> None:
    """Recorded on 2029-06-01 for 2029-11-01: a correction on 2029-06-10 goes through an erratum of that day."""
    assert repo.notices("publish", "terms", "2030-01-01", as_of="2029-06-01").returncode == 0
    repo.commit("Schedule the 2030 terms")
    repo.edit("2030-01-01/en.md", "Write to us.", "Please write to us.")
    assert repo.notices("publish", "terms", "2030-01-01", as_of="2029-06-10").returncode == 1
    meta = repo.path("2030-01-01/revision.yml")
    text = meta.read_text(encoding="utf-8")
    erratum = "errata:\n  - {date: DAY, locale: en, what: section 2 asks politely, why: the tone was curt}\n"
    meta.write_text(text + erratum.replace("DAY", "2025-06-01"), encoding="utf-8")  # before it was recorded
    path, line, _message, _hint = only(repo.errors("2029-06-10"), "is dated 2025-06-01, before revision 2030-01-01")
    assert (path, line) == ("content/terms/2030-01-01/revision.yml", 9)
    meta.write_text(text + erratum.replace("DAY", "2029-06-10"), encoding="utf-8")
    assert repo.notices("publish", "terms", "2030-01-01", as_of="2029-06-10").returncode == 0
    repo.commit("Erratum before publication")
    assert repo.check("2029-06-10")[0] == 0
    assert repo.check("2029-12-01")[0] == 0


def test_the_hint_restores_the_latest_lock_that_still_had_the_entry(announced: Repo) -> None:
    """Restoring from the commit that first recorded 2020 would drop 2030, recorded later: the hint names the latest."""
    latest = announced.git("rev-parse", "--short=10", "HEAD").strip()
    lock = announced.lock()
    del lock["2020-01-01"]
    announced.write_lock(lock)
    _path, _line, _message, hint = only(announced.errors("2029-12-01"), "removed from published.lock")
    assert hint.startswith(f"restore the lock: git checkout {latest} -- content/terms/published.lock")


def test_without_git_installed_check_says_so(tmp_path: Path) -> None:
    content = copy_fixture("mini", tmp_path)
    result = subprocess.run(
        [str(BIN / "notices"), "check", "--content", str(content), "--as-of", AS_OF],
        env={**ENV, "PATH": str(BIN)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning: git is not installed, so the history of published revisions cannot be verified" in result.stderr


def test_a_lock_entry_edited_while_the_text_is_unchanged_fails(repo: Repo) -> None:
    lock = repo.lock()
    lock["2020-01-01"]["published"] = "2020-03-01"
    repo.write_lock(lock)
    path, line, message, hint = only(repo.errors(), "entry of revision 2020-01-01 was changed")
    assert (path, line) == ("content/terms/published.lock", repo.lock_line("'2020-01-01'", "published:"))
    assert "its published date was 2020-01-01, now 2020-03-01" in message
    assert "-published: 2020-01-01\n    +published: 2020-03-01" in message
    assert "git checkout" in hint


def test_a_lock_in_the_wrong_shape_is_reported_at_its_line_and_never_overwritten(repo: Repo) -> None:
    lock = repo.lock()
    lock["2024-01-01"]["files"]["ja.md"]["git_blob"] = "not a hash"
    repo.write_lock(lock)
    errors = repo.errors()
    assert [(e[0], e[1]) for e in errors] == [
        ("content/terms/published.lock", repo.lock_line("'2024-01-01'", "ja.md:", "git_blob"))
    ], errors
    assert "'git_blob' of ja.md in '2024-01-01' must be a git object id" in errors[0][2]
    before = repo.path("published.lock").read_bytes()
    assert repo.notices("publish", "terms", "2024-01-01").returncode == 1
    assert repo.path("published.lock").read_bytes() == before
