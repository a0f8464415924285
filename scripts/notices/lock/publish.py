"""``notices publish``: record a revision's exact bytes, once, for good."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from ..findings import Reporter
from ..model import Notice, Revision
from ..sitebuild.folders import BuildFolderError, hold_lock, user_lock_dir
from .git import GitError
from .history import History, back_dating, read_history
from .record import (
    LOCK_NAME,
    Entry,
    file_state,
    files_of,
    load_lock,
    lock_entry,
    notices_cmd,
    successor_problem,
    write_lock,
)
from .rules import _int, beyond_correction, describe_change


def publish(notice: Notice, revision: Revision, report: Reporter, history: History | None = None) -> Path | None:
    """Record ``revision`` in the lock; refuse a draft, a back-dated revision and any change to a recorded one."""
    history = history if history is not None else read_history(notice)
    key = revision.key
    if revision.draft:
        report.error(
            revision.meta_path,
            revision.key_lines.get("draft", 1),
            f"revision {key} is a draft, so it cannot be published",
            "when the text is approved, delete the 'draft: true' line, then run: "
            + notices_cmd("publish", notice.id, key),
            code="publish-draft",
        )
        return None
    try:
        fd = hold_lock(publish_lock_path(notice))
    except BuildFolderError as exc:
        report.error(Path(exc.path), 1, exc.message, exc.hint, code="publish-lock")
        return None
    if fd is None:  # pragma: no cover - half an hour
        report.error(notice.meta_path, 1, "another notices publish of this notice is still running", "try again")
        return None
    try:  # read, judge and write the lock while no other publish of this notice can
        return _record(notice, revision, report, history)
    finally:
        os.close(fd)


def publish_lock_path(notice: Notice) -> Path:
    """The file lock that keeps two ``notices publish`` of one notice apart (outside content/)."""
    digest = hashlib.sha256(str((notice.path / LOCK_NAME).resolve()).encode()).hexdigest()[:16]
    return user_lock_dir() / f"publish-{notice.id}-{digest}.lock"


def _record(notice: Notice, revision: Revision, report: Reporter, history: History) -> Path | None:
    key = revision.key
    lock = load_lock(notice, report)
    if lock.damaged:
        return None  # never overwrite a damaged lock: the other revisions' records would be lost
    lost = not lock.exists or (not lock.entries and not lock.damaged)
    if lost and history.witnessed and history.last_lock_commit is not None:
        report.error(
            lock.path,
            1,
            f"published.lock is {'missing' if not lock.exists else 'empty'}, but git has it; publishing now would "
            "start a new record",
            f"restore it first: git checkout {history.last_lock_commit.short} -- {history.lock_rel}",
            code="lock-missing",
        )
        return None
    new = lock_entry(revision)
    bases: list[tuple[str, Entry]] = []
    if key in history.witnessed:  # git is the authority; the lock on disk may have been edited
        bases.append((f"git ({history.witnessed[key].last.short})", history.witnessed[key].entry))
    elif key in lock.entries:
        bases.append(("published.lock", lock.entries[key]))
    for source, old in bases:
        problem = successor_problem(old, new)
        if problem is not None:
            _refuse(notice, revision, old, problem, source, history, report)
            return None
    origin = history.witnessed[key].original if key in history.witnessed else lock.entries.get(key)
    for name, locked in files_of(new).items():
        state = file_state(revision.path / name)
        found = (
            None if state is None else beyond_correction(history, origin, name, _int(locked.get("errata")), state.data)
        )
        if found is not None:
            report.error(
                revision.path / name,
                found[0],
                f"{name} changed more than an erratum may ({found[1]}): this is a new revision, not an erratum",
                f"undo the change (git checkout -- {history.rel(revision.path / name)}) and start a new revision: "
                f"{notices_cmd('new', notice.id, '<date>')} (docs/errata.md says what an erratum may change)",
                code="erratum-too-large",
            )
            return None
    if not bases:
        earlier = {k: w.entry for k, w in history.witnessed.items()}
        earlier.update({k: e for k, e in lock.entries.items() if k not in history.back_dated})
        why = back_dating(key, new, earlier)
        if why:
            report.error(
                revision.meta_path,
                revision.key_lines.get("effective", 1),
                f"revision {key} is back-dated: {why}; recording it would show a version that never existed",
                f"give it a date after {max(earlier)}: rename the folder, set 'effective:' and 'published:' to match, "
                "then publish it",
                code="back-dated",
            )
            return None
    entries = dict(lock.entries)
    entries[key] = new
    path = write_lock(notice, entries)
    if history.repo is not None:  # keep the published bytes in git, so changed lines can be shown before a commit
        with contextlib.suppress(GitError):
            history.repo.store([doc.path for doc in revision.documents.values()] + [revision.meta_path])
    return path


def _refuse(
    notice: Notice,
    revision: Revision,
    old: Entry,
    problem: tuple[tuple[str, ...], str],
    source: str,
    history: History,
    report: Reporter,
) -> None:
    keys, why = problem
    hint = "restore the published text (git checkout -- <file>); a published revision is corrected only through an "
    hint += "'errata:' entry for that language, then publish again"
    if keys[0] == "files" and len(keys) > 1:
        name = keys[1]
        path = revision.path / name
        state = file_state(path)
        was = files_of(old).get(name, {})
        line, shown = (1, "") if state is None else describe_change(history.blob(was.get("git_blob")), state.data)
        report.error(
            path,
            line,
            f"{name} differs from the text recorded as published in {source}: {why}" + shown,
            f"add an 'errata:' entry (date, locale, what, why) for {name[:-3]}, then publish again; or undo the "
            f"change: git checkout -- {history.rel(path)}",
            code="published-changed",
        )
        return
    line = revision.key_lines.get(keys[0], 1) if keys[0] in ("published", "errata") else 1
    report.error(
        revision.meta_path,
        line,
        f"revision.yml of {revision.key} differs from what was recorded in {source}: {why}",
        hint.replace("the published text", "the published dates, material flag, summary and errata"),
        code="published-changed",
    )
