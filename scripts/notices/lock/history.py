"""Git history as the witness of what was published.

Every commit that touched ``published.lock`` is read back (one ``git log``,
one ``git cat-file --batch``). Walking them oldest first gives, for each
revision, the entry git witnessed: the first one recorded, replaced only by a
lawful successor (the same text, or a correction under a new erratum). What a
later commit or the working tree says is judged against that, so deleting the
lock, editing it, or recording a changed text again cannot rewrite the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import Notice
from .git import Commit, GitError, Repo, find_repo
from .record import LOCK_NAME, Entry, errata_of, parse_lock, successor_problem


@dataclass(frozen=True)
class Witnessed:
    """A revision's entry as git witnessed it."""

    key: str
    entry: Entry
    first: Commit  # the commit that first recorded it
    last: Commit  # the commit of the entry in force (a later erratum moves it)
    kept: Commit  # the latest commit whose lock still had that entry: the one to restore the lock from


@dataclass(frozen=True)
class Event:
    """One line of the audit trail (``notices log``)."""

    commit: Commit
    key: str
    kind: str  # locked | erratum | re-recorded | refused | removed | lock-deleted | back-dated
    detail: str = ""


@dataclass
class History:
    """What git knows about one notice's lock; ``repo`` is None outside git (``reason`` says why)."""

    lock_path: Path
    repo: Repo | None = None
    reason: str = ""
    shallow: bool = False
    witnessed: dict[str, Witnessed] = field(default_factory=dict)
    back_dated: dict[str, Commit] = field(default_factory=dict)
    last_lock_commit: Commit | None = None
    events: list[Event] = field(default_factory=list)
    previous: dict[str, Entry] = field(default_factory=dict)  # the lock as the last commit had it

    @property
    def lock_rel(self) -> str:
        return self.repo.rel(self.lock_path) if self.repo else self.lock_path.as_posix()

    def rel(self, path: Path) -> str:
        try:
            return self.repo.rel(path) if self.repo else path.as_posix()
        except ValueError:
            return path.as_posix()

    def blob(self, blob_id: object) -> bytes | None:
        """Bytes git keeps under this blob id (published files are stored by ``notices publish``)."""
        if not isinstance(blob_id, str) or len(blob_id) != 40:
            return None
        repo = self.repo or _repo_of(Path.cwd())[0]  # a copy outside git: the blob may still be in the cwd's repo
        if repo is None:
            return None
        try:
            return repo.read_many([blob_id])[0]
        except GitError:
            return None

    def file_at(self, commit: Commit | None, path: Path) -> bytes | None:
        """``path`` as committed in ``commit`` (None: as staged, then as in HEAD)."""
        if self.repo is None:
            return None
        try:
            rel = self.repo.rel(path)
            specs = [f"{commit.sha}:{rel}"] if commit else [f":{rel}", f"HEAD:{rel}"]
            return next((b for b in self.repo.read_many(specs) if b is not None), None)
        except (GitError, ValueError):
            return None


def back_dating(key: str, entry: Entry, earlier: dict[str, Entry]) -> str:
    """Why a revision recorded after ``earlier`` is back-dated, or ''."""
    if not earlier:
        return ""
    latest = max(earlier)
    if key < latest:
        return f"it takes effect on {key}, before {latest}, which was already recorded as published"
    published = str(entry.get("published"))
    latest_published = max(str(e.get("published")) for e in earlier.values())
    if published < latest_published:
        return f"its published date {published} is before {latest_published}, when an earlier revision was published"
    return ""


_REPOS: dict[Path, tuple[Repo | None, str]] = {}


def _repo_of(folder: Path) -> tuple[Repo | None, str]:
    found = _REPOS.get(folder)
    if found is None:
        found = _REPOS[folder] = find_repo(folder)
    return found


def read_history(notice: Notice) -> History:
    """The witnessed record of ``notice``'s lock (empty outside git)."""
    lock_path = notice.path / LOCK_NAME
    repo, reason = _repo_of(notice.path.resolve().parent)
    history = History(lock_path, repo, reason)
    if repo is None:
        return history
    try:
        commits = repo.log(lock_path)
        rel = repo.rel(lock_path)
        texts = repo.read_many([f"{c.sha}:{rel}" for c in commits])
    except (GitError, ValueError) as exc:
        history.repo, history.reason = None, f"git could not read the history ({exc})"
        return history
    history.shallow = repo.is_shallow()
    for commit, data in zip(commits, texts, strict=True):
        lock = parse_lock(data.decode("utf-8", "replace"), lock_path) if data is not None else None
        if lock is None:
            if data is None:
                history.events.append(Event(commit, "", "lock-deleted"))
                history.previous = {}
            continue
        history.last_lock_commit = commit
        _witness(history, commit, lock.entries)
    return history


def _witness(history: History, commit: Commit, entries: dict[str, Entry]) -> None:
    earlier = {k: w.entry for k, w in history.witnessed.items()}
    for key in sorted(history.previous.keys() - entries.keys()):
        history.events.append(Event(commit, key, "removed"))
    previous, history.previous = history.previous, entries
    for key, witnessed in history.witnessed.items():
        if entries.get(key) == witnessed.entry:
            history.witnessed[key] = replace(witnessed, kept=commit)
    for key, entry in sorted(entries.items()):
        if previous.get(key) == entry:
            continue  # unchanged since the last commit
        seen = history.witnessed.get(key)
        if seen is None:
            if key in history.back_dated:
                continue
            why = back_dating(key, entry, earlier)
            if why:
                history.back_dated[key] = commit
                history.events.append(Event(commit, key, "back-dated", why))
                continue
            history.witnessed[key] = Witnessed(key, entry, commit, commit, commit)
            history.events.append(Event(commit, key, "locked", str(entry.get("published", ""))))
        elif entry != seen.entry:
            problem = successor_problem(seen.entry, entry)
            if problem is not None:
                history.events.append(Event(commit, key, "refused", problem[1]))
                continue
            added = [e for e in errata_of(entry) if e not in errata_of(seen.entry)]
            history.witnessed[key] = replace(seen, entry=entry, last=commit, kept=commit)
            if added:
                for line in added:
                    history.events.append(Event(commit, key, "erratum", line))
            else:
                history.events.append(Event(commit, key, "re-recorded"))
