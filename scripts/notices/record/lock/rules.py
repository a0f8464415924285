"""``notices check``'s lock rules: a recorded revision never changes, whatever its date.

The record is the entry git witnessed (see :mod:`.history`), or, for a
revision not committed yet or outside git, the entry in the lock on disk.
Each rule reports one finding at the line to fix, with the changed lines
taken from the text git keeps.

Over 400 lines as one unit: the rules share one context (``_Ctx``) and one wording, and are read
together to know what a recorded revision may still change.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ...content.model import Notice, Revision
from ...content.timeline import Timeline
from ...findings import Reporter
from .errata import beyond_erratum
from .git import Commit
from .history import History, Witnessed, back_dating, read_history
from .record import (
    Entry,
    LockFile,
    errata_of,
    erratum_line,
    file_state,
    files_of,
    git_blob_id,
    load_lock,
    lock_entry,
    notices_cmd,
    revision_meta_digest,
    successor_problem,
)

#: Lock findings that ``notices publish`` itself resolves (or re-checks), so they do not block it.
REPAIRED_BY_PUBLISH = frozenset(
    {"not-locked", "erratum-not-locked", "published-changed", "lock-old-format", "lock-entry-removed"}
)

NEVER_EDIT = "published.lock is written only by `notices publish`; never edit it by hand"


def changed_lines(old: str, new: str, limit: int = 12) -> tuple[int, str]:
    """The first changed line number (in the new text) and a short unified diff.

    >>> changed_lines("a\\nb\\n", "a\\nc\\n")
    (2, '    -b\\n    +c')
    """
    diff = list(difflib.unified_diff(old.split("\n"), new.split("\n"), "published", "now", n=0, lineterm=""))
    first = 1
    for line in diff:
        if line.startswith("@@"):
            first = max(int(line.split("+")[1].split(",")[0].split(" ")[0]), 1)
            break
    body = [d for d in diff[2:] if not d.startswith("@@")]
    shown = body[:limit] + (["..."] if len(body) > limit else [])
    return first, "\n".join("    " + s for s in shown)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n")


def byte_change(old: bytes, new: bytes) -> str:
    """Words for a change that shows no changed line: a BOM or line endings.

    >>> byte_change(b"a\\n", b"\\xef\\xbb\\xbfa\\n")
    'a byte-order mark (BOM) was added at the start'
    >>> byte_change(b"a\\n", b"a\\r\\n")
    'the line endings changed from LF to CRLF'
    """
    changes = []
    old_bom, new_bom = old.startswith(b"\xef\xbb\xbf"), new.startswith(b"\xef\xbb\xbf")
    if old_bom != new_bom:
        changes.append("a byte-order mark (BOM) was " + ("added at the start" if new_bom else "removed"))
    old_crlf, new_crlf = b"\r\n" in old, b"\r\n" in new
    if old_crlf != new_crlf:
        changes.append("the line endings changed from " + ("LF to CRLF" if new_crlf else "CRLF to LF"))
    return " and ".join(changes) or "bytes that do not show as text changed"


def describe_change(old: bytes | None, new: bytes) -> tuple[int, str]:
    """(line, text to append to a message) for a changed published file."""
    if old is None:
        return 1, " (git does not have the published text, so the changed lines cannot be shown)"
    line, shown = changed_lines(_text(old), _text(new))
    if not shown:
        return 1, f": {byte_change(old, new)}"
    return line, ":\n" + shown


def _flatten(value: object, prefix: str = "") -> list[str]:
    if isinstance(value, dict):
        return [line for k, v in sorted(value.items()) for line in _flatten(v, f"{prefix}{k} / ")]
    if isinstance(value, list):
        return [line for item in value for line in _flatten(item, prefix)]
    return [f"{prefix.removesuffix(' / ')}: {value}"]


def _entry_diff(old: Entry, new: Entry) -> str:
    """The changed lines of a lock entry, each with its full key path.

    >>> print(_entry_diff({"files": {"en.md": {"sha256": "a"}}}, {"files": {"en.md": {"sha256": "b"}}}))
        -files / en.md / sha256: a
        +files / en.md / sha256: b
    """
    return changed_lines("\n".join(_flatten(old)), "\n".join(_flatten(new)))[1]


def _where(commit: Commit | None) -> str:
    return f"commit {commit.short} of {commit.date[:10]}" if commit else "the lock"


@dataclass
class _Ctx:
    notice: Notice
    lock: LockFile
    history: History
    report: Reporter

    def restore_hint(self, path: Path, commit: Commit | None) -> str:
        rel = self.history.rel(path)
        return f"restore it from git: git checkout {commit.short if commit else 'HEAD'} -- {rel}"

    def publish_cmd(self, key: str) -> str:
        return notices_cmd("publish", self.notice.id, key)


def check_locks(notice: Notice, as_of: date, report: Reporter, history: History | None = None) -> None:
    """Every recorded revision is as recorded; every published one is recorded."""
    lock = load_lock(notice, report)
    history = history if history is not None else read_history(notice)
    ctx = _Ctx(notice, lock, history, report)
    record = _record(ctx)
    for key, (entry, commit) in sorted(record.items()):
        revision = notice.revision(key)
        if revision is None:
            if not (notice.path / key).is_dir():  # a folder that did not load: the loader said why
                _gone(ctx, key, entry, commit, set(record))
            continue
        _check_meta(ctx, revision, entry, commit, as_of)
        _check_files(ctx, revision, entry, commit)
    published = Timeline.of(notice, as_of).published
    for revision in () if lock.damaged else published:  # a damaged lock: one message is enough
        if revision.key not in record and revision.key not in history.back_dated and revision.key not in lock.entries:
            report.error(
                revision.meta_path,
                1,
                f"revision {revision.key} is published (since {revision.published.isoformat()}) but not locked",
                f"record its text as published: {ctx.publish_cmd(revision.key)}",
                code="not-locked",
            )


def _record(ctx: _Ctx) -> dict[str, tuple[Entry, Commit | None]]:
    """The entry each recorded revision is held to, and the commit git has it from (None: the lock on disk)."""
    lock, history, report = ctx.lock, ctx.history, ctx.report
    record: dict[str, tuple[Entry, Commit | None]] = {}
    rel = history.lock_rel
    emptied = lock.exists and not lock.damaged and not lock.entries
    if (emptied or not lock.exists) and history.last_lock_commit is not None and history.witnessed:
        last = history.last_lock_commit
        report.error(
            lock.path,
            1,
            f"published.lock is {'empty' if emptied else 'missing'}, but git has it "
            f"({len(history.witnessed)} recorded revision(s), last in {_where(last)})",
            f"restore it: git checkout {last.short} -- {rel}   ({NEVER_EDIT}; deleting it does not unpublish)",
            code="lock-missing",
        )
    for key, seen in history.witnessed.items():
        current = lock.entries.get(key)
        record[key] = (seen.entry, seen.last)
        if current is None:
            if lock.entries:
                report.error(
                    lock.path,
                    lock.line_for_missing(key),
                    f"the entry of revision {key} was removed from published.lock "
                    f"(git recorded it in {_where(seen.first)})",
                    f"restore the lock: git checkout {seen.kept.short} -- {rel}   "
                    "(a published revision stays recorded for good)",
                    code="lock-entry-removed",
                )
            continue
        versions = history.conflicts.get(key, ())
        if versions:
            _conflict(ctx, key, versions, current)
            record[key] = (current, None)
            continue
        if current == seen.entry:
            continue
        problem = successor_problem(seen.entry, current)
        if problem is None:
            record[key] = (current, None)
            continue
        revision = ctx.notice.revision(key)
        if revision is not None:
            now = lock_entry(revision)
            if now != seen.entry and successor_problem(seen.entry, now) is None:
                continue  # a lawful correction that the lock has not caught up with: the file check says so
        report.error(
            lock.path,
            lock.line(key, *problem[0]),
            f"published.lock's entry of revision {key} was changed: {problem[1]}; git has the record "
            f"from {_where(seen.last)}:\n" + _entry_diff(seen.entry, current),
            f"restore the lock: git checkout {seen.kept.short} -- {rel}   ({NEVER_EDIT}; "
            f"to correct a published text, add an 'errata:' entry, then run {ctx.publish_cmd(key)})",
            code="lock-entry-changed",
        )
    witnessed = {k: w.entry for k, w in history.witnessed.items()}
    for key, entry in lock.entries.items():
        if key in witnessed:
            continue
        why = back_dating(key, entry, witnessed) if history.repo else ""
        if key in history.back_dated or why:
            since = history.back_dated.get(key)
            report.error(
                lock.path,
                lock.line(key),
                f"revision {key} is back-dated: {why or 'it is dated before a revision published earlier'}"
                + (f" (recorded in {_where(since)})" if since else "")
                + "; the history would show a version that never existed",
                f"delete the entry of {key} from published.lock, rename the folder to a date after "
                f"{max(witnessed) if witnessed else 'the latest revision'}, set 'effective:' and 'published:' to "
                f"match, then run {notices_cmd('publish', ctx.notice.id, '<new date>')}",
                code="back-dated",
            )
            continue
        record[key] = (entry, None)
    return record


def _conflict(ctx: _Ctx, key: str, versions: tuple[Witnessed, ...], current: Entry) -> None:
    """Two lines of history recorded ``key`` differently: the lock in force must lawfully succeed both."""
    if all(successor_problem(w.entry, current) is None for w in versions):
        return
    both = " and ".join(_where(w.first) for w in versions)
    ctx.report.error(
        ctx.lock.path,
        ctx.lock.line(key),
        f"revision {key} was recorded as published twice, with different texts, in {both} (on two branches "
        "that were merged); whichever branch came first, both are in the record",
        "keep the text readers saw, and for each language whose text differs from the other record add an "
        f"'errata:' entry saying what differs, then run {ctx.publish_cmd(key)}",
        code="lock-conflict",
    )


def _gone(ctx: _Ctx, key: str, entry: Entry, commit: Commit | None, recorded: set[str]) -> None:
    """A recorded revision's folder is missing: deleted, or renamed (found by its files' git blob ids)."""
    folder = ctx.notice.path / key
    blobs = {str(f.get("git_blob")) for f in files_of(entry).values()}
    for other in ctx.notice.revisions:
        if other.draft or other.key in recorded:  # `notices new` copies the latest text into a draft
            continue
        states = [file_state(doc.path) for doc in other.documents.values()]
        if states and all(s is not None and s.git_blob in blobs for s in states):
            ctx.report.error(
                other.meta_path,
                1,
                f"published revision {key} was renamed to {other.key}: a published revision keeps its date "
                "and its address for good",
                f"rename it back: git mv {ctx.history.rel(other.path)} {ctx.history.rel(folder)}   "
                f"(to change the notice, start a new revision: {notices_cmd('new', ctx.notice.id, '<date>')})",
                code="published-missing",
            )
            return
    if key in ctx.lock.entries:
        where = (ctx.lock.path, ctx.lock.line(key))
    elif ctx.lock.exists and not ctx.lock.damaged:
        where = (ctx.lock.path, ctx.lock.line_for_missing(key))
    else:
        where = (ctx.notice.meta_path, 1)
    ctx.report.error(
        *where,
        f"published revision {key} is gone: its folder {ctx.history.rel(folder)} was deleted or moved",
        ctx.restore_hint(folder, commit) + "   (published text is a legal record and stays on the site)",
        code="published-missing",
    )


def _check_meta(ctx: _Ctx, revision: Revision, entry: Entry, commit: Commit | None, as_of: date) -> None:
    report, meta, key = ctx.report, revision.meta_path, revision.key
    lines = revision.key_lines
    recorded = str(entry.get("published", ""))
    if revision.draft:
        report.error(
            meta,
            lines.get("draft", 1),
            f"revision {key} was recorded as published (published: {recorded}) and cannot become a draft again; "
            "that would take it, its change notice and its feed entry off the site",
            "delete the 'draft: true' line. To replace a published revision, start a new one: "
            + notices_cmd("new", ctx.notice.id, "<date>"),
            code="published-withdrawn",
        )
    now = revision.published.isoformat()
    if recorded != now:
        announced = recorded <= as_of.isoformat() < now
        message = (
            f"revision {key} was announced on {recorded}; moving 'published' to {now} takes it off the site"
            if announced
            else f"revision {key} was recorded as published on {recorded}; 'published' now says {now}"
        )
        report.error(
            meta,
            lines.get("published", 1),
            message,
            f"put back 'published: {recorded}'. A recorded revision's dates never change",
            code="published-withdrawn" if announced else "published-changed",
        )
    elif entry.get("revision.yml") != revision_meta_digest(revision):
        old = ctx.history.file_at(commit, meta)
        line, shown = describe_change(old, meta.read_bytes()) if old is not None else (1, "")
        report.error(
            meta,
            line,
            f"revision.yml of published revision {key} has changed (dates, material, summary or review)" + shown,
            ctx.restore_hint(meta, commit) + "; a published revision is corrected only by adding 'errata:'",
            code="published-changed",
        )
    errata_line = lines.get("errata", 1)
    current = [erratum_line(e) for e in revision.errata]
    for recorded_erratum in Counter(errata_of(entry)) - Counter(current):  # one of two alike removed counts
        day, locale = recorded_erratum.split(" ")[:2]
        report.error(
            meta,
            errata_line,
            f"the erratum of {day} for {locale} was removed or reworded; the corrected text would show "
            "without its note",
            f"put the erratum back as it was (git show {commit.short if commit else 'HEAD'}:"
            f"{ctx.history.rel(meta)} shows it); add a new erratum for a further correction",
            code="erratum-removed",
        )
    for name, locked in files_of(entry).items():
        locale = name.removesuffix(".md")
        count = sum(1 for e in revision.errata if e.locale == locale)
        if not errata_of(entry) and count < _int(locked.get("errata")):
            report.error(
                meta,
                errata_line,
                f"an erratum for {locale} was removed: the lock recorded {locked.get('errata')}, revision.yml has "
                f"{count}",
                f"put the erratum back as it was (git show {commit.short if commit else 'HEAD'}:"
                f"{ctx.history.rel(meta)} shows it)",
                code="erratum-removed",
            )
    seen_errata: dict[tuple[date, str, str], int] = {}
    # "Today" is the later of the as-of date and the wall clock's date: an as-of date or SOURCE_DATE_EPOCH may
    # name an earlier day for a build of the past, which still has the errata made since. The clock's is the
    # latest date anywhere (UTC+14), so a correction dated today in any time zone passes.
    latest = max(as_of, (datetime.now(UTC) + timedelta(hours=14)).date())
    for number, erratum in enumerate(revision.errata, 1):
        where = erratum.line or errata_line
        if erratum.date > latest:
            report.error(
                meta,
                where,
                f"erratum {number} is dated {erratum.date.isoformat()}, after today ({latest.isoformat()}): an "
                "erratum records a correction already made",
                "date it on the day the correction is made, today at the latest",
                code="erratum-in-future",
            )
        same = seen_errata.setdefault((erratum.date, erratum.locale, erratum.what), number)
        if same != number:
            report.error(
                meta,
                where,
                f"erratum {number} repeats erratum {same} (the same date, language and 'what'): each correction "
                "is recorded once",
                "say in 'what' what this correction changed, or delete the repeated entry if it was never recorded",
                code="erratum-duplicate",
            )
    # A scheduled revision may be corrected before its published date, but never before it was recorded.
    seen = ctx.history.witnessed.get(key)
    recorded_on = date.fromisoformat(seen.first.date[:10]) if seen else as_of
    earliest = min(revision.published, recorded_on)
    for erratum in revision.errata:
        if erratum.date < earliest:
            report.error(
                meta,
                errata_line,
                f"the erratum for {erratum.locale} is dated {erratum.date.isoformat()}, before revision {key} was "
                f"published on {revision.published.isoformat()}: a correction cannot come before the text it corrects",
                "date the erratum on the day the correction is made. A change of substance is a new revision "
                f"({notices_cmd('new', ctx.notice.id, '<date>')}), not an erratum",
                code="erratum-before-published",
            )


def _check_files(ctx: _Ctx, revision: Revision, entry: Entry, commit: Commit | None) -> None:
    report, key = ctx.report, revision.key
    recorded = files_of(entry)
    for name, want in recorded.items():
        path = revision.path / name
        state = file_state(path)
        if state is None:
            report.error(
                *((ctx.lock.path, ctx.lock.line(key, "files", name)) if ctx.lock.exists else (revision.meta_path, 1)),
                f"{name} of published revision {key} is gone",
                ctx.restore_hint(path, commit),
                code="published-missing",
            )
            continue
        if state.sha256 == want.get("sha256") and state.git_blob == want.get("git_blob"):
            _check_correction(ctx, revision, name, want, state.data)
            continue
        lock_line = ctx.lock.line(key, "files", name, "sha256")
        if state.git_blob == want.get("git_blob"):
            if want.get("sha256") == state.legacy_sha256:
                report.error(
                    ctx.lock.path,
                    lock_line,
                    f"published.lock records {name} of {key} in the older format (text without its BOM or "
                    "line endings), so its SHA-256 does not match the file's bytes",
                    f"record the exact bytes: {ctx.publish_cmd(key)}",
                    code="lock-old-format",
                )
            else:
                report.error(
                    ctx.lock.path,
                    lock_line,
                    f"the SHA-256 of {name} of revision {key} in published.lock was edited: {name} itself is "
                    "unchanged since it was published (the same git blob)",
                    f"restore the lock: git checkout {commit.short if commit else 'HEAD'} -- "
                    f"{ctx.history.lock_rel}   ({NEVER_EDIT})",
                    code="lock-edited",
                )
            continue
        locale = name.removesuffix(".md")
        errata = sum(1 for e in revision.errata if e.locale == locale)
        if errata > _int(want.get("errata")):
            report.error(
                path,
                1,
                f"{name} was corrected under an erratum but the lock still has the published text",
                f"record the correction: {ctx.publish_cmd(key)}",
                code="erratum-not-locked",
            )
            continue
        old = ctx.history.blob(want.get("git_blob"))
        if old is None and state.legacy_sha256 == want.get("sha256"):
            old = b"\n"  # only a BOM or the line endings changed: the text is the recorded one
        line, shown = describe_change(old, state.data)
        report.error(
            path,
            line,
            f"{name} of published revision {key} has changed since it was published" + shown,
            f"published text is a legal record: undo the change (git checkout -- {ctx.history.rel(path)}), or add "
            f"an 'errata:' entry for {locale} in revision.yml and run: {ctx.publish_cmd(key)}",
            code="published-changed",
        )
    for locale, doc in revision.documents.items():
        if f"{locale}.md" not in recorded:
            report.error(
                doc.path,
                1,
                f"{locale}.md was added to revision {key} after it was published",
                f"add an 'errata:' entry for {locale} in revision.yml (what was added and why), then run: "
                f"{ctx.publish_cmd(key)}",
                code="published-changed",
            )


def beyond_correction(
    history: History, origin: Entry | None, name: str, errata: int, data: bytes
) -> tuple[int, str] | None:
    """(line, why) when ``data``, corrected under ``errata`` errata of its language in all, changes ``name``
    as first recorded in ``origin`` more than those errata may; None when it does not, or git lacks the text."""
    first = files_of(origin).get(name) if origin is not None else None
    if first is None or first.get("git_blob") == git_blob_id(data):
        return None
    old = history.blob(first.get("git_blob"))
    if old is None:
        return None
    return beyond_erratum(_text(old), _text(data), errata - _int(first.get("errata")))


def _check_correction(ctx: _Ctx, revision: Revision, name: str, want: Entry, data: bytes) -> None:
    seen = ctx.history.witnessed.get(revision.key)
    if seen is None or revision.key in ctx.history.conflicts:
        return  # outside git, or not committed yet: nothing first recorded to compare with (a conflict: said)
    found = beyond_correction(ctx.history, seen.original, name, _int(want.get("errata")), data)
    if found is None:
        return
    line, why = found
    ctx.report.error(
        revision.path / name,
        line,
        f"{name} of published revision {revision.key} changed more than an erratum may ({why}): this is a new "
        "revision, not an erratum",
        f"undo the change (git checkout {seen.first.short} -- "
        f"{ctx.history.rel(revision.path / name)}) and start a new revision: "
        f"{notices_cmd('new', ctx.notice.id, '<date>')} (docs/errata.md says what an erratum may change)",
        code="erratum-too-large",
    )


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return 0
