"""Git history as the witness of what was published.

Every commit that touched ``published.lock`` is read back with its parents (one
``git log``, one ``git cat-file --batch-check``, one ``git cat-file --batch``),
so the history is a graph, not a line: a branch merged with itself as the first
parent ranks no higher than main. Each commit is judged against what its
parents witnessed: an entry first recorded there is witnessed; a later one is
witnessed only as a lawful successor (the same text, or a correction under a
new erratum) of every record its parents hold. Two branches that recorded the
same revision differently both stay witnessed, so the lock in force must be a
lawful successor of both. What a later commit or the working tree says is
judged against that, so deleting the lock, editing it, recording a changed
text again or merging a forged branch cannot rewrite the record.
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
    origin: Entry | None = None  # the entry as first recorded, before any erratum (None: this one)

    @property
    def original(self) -> Entry:
        return self.origin if self.origin is not None else self.entry


@dataclass(frozen=True)
class Event:
    """One line of the audit trail (``notices log``)."""

    commit: Commit
    key: str
    kind: str  # locked | erratum | re-recorded | refused | conflict | removed | lock-deleted | back-dated
    detail: str = ""


@dataclass
class History:
    """What git knows about one notice's lock; ``repo`` is None outside git (``reason`` says why)."""

    lock_path: Path
    repo: Repo | None = None
    reason: str = ""
    shallow: bool = False
    #: Why the lock's record is not what a fresh clone would verify ('' when it is): untracked, ignored.
    untracked: str = ""
    witnessed: dict[str, Witnessed] = field(default_factory=dict)
    #: Revisions that two lines of history recorded differently: every record, each one witnessed.
    conflicts: dict[str, tuple[Witnessed, ...]] = field(default_factory=dict)
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
        locks = _locks_of(repo, commits, lock_path)
        history.shallow = repo.is_shallow()
        if lock_path.exists():
            history.untracked = repo.tracking(lock_path)
    except (GitError, ValueError) as exc:
        history.repo, history.reason = None, f"git could not read the history ({exc})"
        return history
    _walk(history, commits, locks)
    return history


#: A commit's lock: its entries, or None where the commit has no lock (deleted, or not yet made).
_Lock = dict[str, Entry] | None


def _locks_of(repo: Repo, commits: list[Commit], lock_path: Path) -> list[_Lock]:
    """The lock in each commit, each distinct text parsed once; an object git cannot read is a GitError."""
    rel = repo.rel(lock_path)
    ids = repo.blob_ids([f"{c.sha}:{rel}" for c in commits])
    unique = sorted({i for i in ids if i is not None})
    texts = dict(zip(unique, repo.read_many(unique), strict=True))
    parsed: dict[str, _Lock] = {}
    locks: list[_Lock] = []
    for commit, blob in zip(commits, ids, strict=True):
        if blob is None:
            if repo.has_path(commit.sha, rel):  # there, but git cannot read it: a damaged repository
                raise GitError(f"the lock in commit {commit.short} cannot be read")
            locks.append(None)
            continue
        data = texts[blob]
        if data is None:
            raise GitError(f"object {blob[:10]} (the lock in commit {commit.short}) is missing or corrupt")
        if blob not in parsed:
            lock = parse_lock(data.decode("utf-8", "replace"), lock_path)
            parsed[blob] = lock.entries if lock is not None else _DAMAGED
        locks.append(parsed[blob])
    return locks


_Records = dict[str, tuple[Witnessed, ...]]
#: A committed lock git cannot parse (conflict markers): it witnesses nothing and removes nothing.
_DAMAGED: dict[str, Entry] = {}


def _latest(a: Commit, b: Commit) -> Commit:
    return max(a, b, key=lambda c: (c.date, c.sha))


def _earliest(a: Commit, b: Commit) -> Commit:
    return min(a, b, key=lambda c: (c.date, c.sha))


def _join(records: list[Witnessed]) -> tuple[Witnessed, ...]:
    """The records of one revision that two lines of history bring together: the same entry once,
    and an entry that another one lawfully succeeds left out (the successor carries it)."""
    merged: list[Witnessed] = []
    for seen in records:
        same = next((i for i, m in enumerate(merged) if m.entry == seen.entry), None)
        if same is None:
            merged.append(seen)
            continue
        m = merged[same]
        merged[same] = replace(
            m, first=_earliest(m.first, seen.first), last=_earliest(m.last, seen.last), kept=_latest(m.kept, seen.kept)
        )
    kept = [
        m
        for m in merged
        if not any(o is not m and o.entry != m.entry and successor_problem(m.entry, o.entry) is None for o in merged)
    ]
    return tuple(sorted(kept, key=lambda w: (w.first.date, w.first.sha)))


def _walk(history: History, commits: list[Commit], locks: list[_Lock]) -> None:
    """Judge each commit against its parents' records, parents first; the tips' records are the record."""
    records: dict[str, _Records] = {}
    lock_at: dict[str, _Lock] = {}
    children: set[str] = set()
    for commit, lock in zip(commits, locks, strict=True):
        parents = [p for p in commit.parents if p in records]
        children.update(parents)
        inherited: dict[str, list[Witnessed]] = {}
        for parent in parents:
            for key, seen in records[parent].items():
                inherited.setdefault(key, []).extend(seen)
        mine: _Records = {key: _join(seen) for key, seen in inherited.items()}
        before = [lock_at[p] for p in parents]
        if lock is _DAMAGED:  # judged as if it were its parents' lock
            lock_at[commit.sha] = before[0] if before else None
            records[commit.sha] = mine
            continue
        lock_at[commit.sha] = lock
        if lock is None:
            if any(b is not None for b in before):
                history.events.append(Event(commit, "", "lock-deleted"))
            records[commit.sha] = mine
            continue
        history.last_lock_commit = commit
        for key in sorted(mine):
            if len(mine[key]) > 1 and all(len(records[p].get(key, ())) < len(mine[key]) for p in parents):
                both = " and ".join(_where(w.first) for w in mine[key])
                history.events.append(Event(commit, key, "conflict", f"recorded differently in {both}"))
            if key not in lock and any(b is not None and key in b for b in before):
                history.events.append(Event(commit, key, "removed"))
        for key, entry in sorted(lock.items()):
            if any(b is not None and b.get(key) == entry for b in before):
                mine[key] = tuple(replace(w, kept=commit) if w.entry == entry else w for w in mine.get(key, ()))
                if key in mine:
                    continue  # unchanged since a parent: judged there
            _judge(history, commit, key, entry, mine, records)
        records[commit.sha] = mine
    tips = [records[c.sha] for c in commits if c.sha not in children]
    final: dict[str, list[Witnessed]] = {}
    for tip in tips:
        for key, seen in tip.items():
            final.setdefault(key, []).extend(seen)
    for key, found in final.items():
        joined = _join(found)
        history.witnessed[key] = joined[-1] if len(joined) > 1 else joined[0]
        if len(joined) > 1:
            history.conflicts[key] = joined
    if commits and lock_at.get(commits[-1].sha):
        history.previous = dict(lock_at[commits[-1].sha] or {})


def _where(commit: Commit) -> str:
    return f"commit {commit.short} of {commit.date[:10]}"


def _judge(
    history: History, commit: Commit, key: str, entry: Entry, mine: _Records, records: dict[str, _Records]
) -> None:
    """One entry of one commit's lock, new or changed since every parent."""
    seen = mine.get(key, ())
    if not seen:
        if key in history.back_dated:
            return
        earlier = {k: v[0].entry for k, v in mine.items() if v}
        why = back_dating(key, entry, earlier)
        if why:
            history.back_dated[key] = commit
            history.events.append(Event(commit, key, "back-dated", why))
            return
        mine[key] = (Witnessed(key, entry, commit, commit, commit),)
        history.events.append(Event(commit, key, "locked", str(entry.get("published", ""))))
        return
    problems = [p for p in (successor_problem(w.entry, entry) for w in seen) if p is not None]
    if problems:
        history.events.append(Event(commit, key, "refused", problems[0][1]))
        return
    if any(w.entry == entry for w in seen):
        return  # the record of another line of history, taken by a merge
    base = seen[0]
    added = [e for e in errata_of(entry) if all(e not in errata_of(w.entry) for w in seen)]
    mine[key] = (
        replace(
            base,
            entry=entry,
            first=min((w.first for w in seen), key=lambda c: (c.date, c.sha)),
            last=commit,
            kept=commit,
            origin=base.original,
        ),
    )
    for line in added:
        history.events.append(Event(commit, key, "erratum", line))
    if not added:
        history.events.append(Event(commit, key, "re-recorded"))
