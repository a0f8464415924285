"""``content/<notice>/published.lock``: what ``notices publish`` recorded.

For each file of a published revision the lock keeps its SHA-256 (of the exact
bytes, BOM and line endings included, so it matches ``sha256sum`` and
versions.json) and its git blob id (so the published text can be read back
from git to show what changed). For ``revision.yml`` it keeps a hash of what
the file means, leaving out ``errata`` (which may only grow), plus one line
per erratum, so that removing a correction is noticed.

Older locks hashed the text without a BOM and with LF line endings; such an
entry is recognised by its git blob id and re-recorded by ``notices publish``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..commands import command
from ..findings import Finding, Reporter
from ..model import Erratum, Notice, Revision
from ..source_files import YamlMapping, parse_yaml, read_text

LOCK_NAME = "published.lock"
HEADER = (
    "# Written by `notices publish`: the SHA-256 of every file of each published revision.\n"
    "# Do not edit by hand. A published text is corrected only through an `errata:` entry.\n"
)

Entry = dict[str, Any]


def notices_cmd(*args: str) -> str:
    """A ``notices`` command as a hint shows it: ``notices`` when on PATH, else its path (see ``commands``).

    >>> notices_cmd("publish", "privacy", "2023-07-03").endswith("notices publish privacy 2023-07-03")
    True
    """
    return command(*args)


def sha256_bytes(data: bytes) -> str:
    """What ``sha256sum`` prints for these bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def legacy_sha256(data: bytes) -> str:
    """The hash older locks recorded: UTF-8 text without a BOM, LF line endings."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return sha256_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes, so the published text can be read back from history.

    >>> git_blob_id(b"hello\\n")
    'ce013625030ba8dba906f756967f9e9ca394464a'
    """
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def revision_meta_digest(revision: Revision) -> str:
    """A hash of what revision.yml means, leaving out ``errata`` (which may grow)."""
    meta = {
        "effective": revision.effective.isoformat(),
        "published": revision.published.isoformat(),
        "material": revision.material,
        "summary": dict(sorted(revision.summary.items())),
        "short_notice_reason": revision.short_notice_reason,
    }
    if revision.review:  # the reviewer's decisions are part of the record (absent: the digest of older locks)
        meta["review"] = {
            sid: {"class": d.cls, "material": d.material, "reason": d.reason, "translations": dict(d.translations)}
            for sid, d in sorted(revision.review.items())
        }
    return sha256_text(json.dumps(meta, sort_keys=True, ensure_ascii=False))


def erratum_line(erratum: Erratum) -> str:
    """One erratum as the lock keeps it: its date, its language and a hash of its wording.

    >>> from datetime import date
    >>> erratum_line(Erratum(date(2024, 1, 10), "th", "typo", "a slip"))[:14]
    '2024-01-10 th '
    """
    wording = sha256_text(json.dumps([erratum.what, erratum.why], ensure_ascii=False))[:16]
    return f"{erratum.date.isoformat()} {erratum.locale} {wording}"


@dataclass(frozen=True)
class FileState:
    """A file of a revision as it is on disk now."""

    sha256: str
    git_blob: str
    legacy_sha256: str
    data: bytes


def file_state(path: Path) -> FileState | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return FileState(sha256_bytes(data), git_blob_id(data), legacy_sha256(data), data)


def lock_entry(revision: Revision) -> Entry:
    """The entry ``notices publish`` writes for ``revision`` as it is now."""
    files: dict[str, Any] = {}
    for locale in sorted(revision.documents):
        state = file_state(revision.documents[locale].path)
        if state is None:
            continue
        files[f"{locale}.md"] = {
            "sha256": state.sha256,
            "git_blob": state.git_blob,
            "errata": sum(1 for e in revision.errata if e.locale == locale),
        }
    entry: Entry = {
        "published": revision.published.isoformat(),
        "revision.yml": revision_meta_digest(revision),
        "files": files,
    }
    if revision.errata:
        entry["errata"] = [erratum_line(e) for e in revision.errata]
    return entry


@dataclass
class LockFile:
    """A parsed lock: its entries by revision key and the line of every key in it."""

    path: Path
    entries: dict[str, Entry]
    lines: dict[tuple[str, ...], int]
    exists: bool = True
    damaged: bool = False

    def line_for_missing(self, key: str) -> int:
        """Where the entry of ``key`` belongs: the line of the next revision, else the end."""
        later = [line for k, line in self.lines.items() if len(k) == 1 and k[0] > key]
        return min(later) if later else max(self.lines.values(), default=1)

    def line(self, *keys: str) -> int:
        """The line of the deepest of ``keys`` that the lock has (1 when none)."""
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return self.lines[keys[:n]]
        return 1


def _key_lines(node: yaml.Node, prefix: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            out[path] = key.start_mark.line + 1
            _key_lines(value, path, out)


#: A lock grows by about 1 KB a revision; this is thousands of revisions.
MAX_LOCK_BYTES = 16 * 1024 * 1024
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.M)
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX40 = re.compile(r"[0-9a-f]{40}")


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and bool(_HEX64.fullmatch(value))


def _is_blob(value: Any) -> bool:
    return isinstance(value, str) and bool(_HEX40.fullmatch(value))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def lock_problems(data: YamlMapping) -> list[tuple[int, str]]:
    """Where a hand-edited or damaged lock breaks its shape: (line, what), one per mistake."""
    problems: list[tuple[int, str]] = []

    def kind(value: Any) -> str:
        if isinstance(value, dict):
            return "several 'key: value' lines"
        if isinstance(value, list):
            return "a list"
        return "nothing" if value is None else repr(value)

    for key, entry in data.values.items():
        if not isinstance(entry, dict):
            problems.append((data.line_at(key), f"the entry '{key}' must be 'key: value' lines, not {kind(entry)}"))
            continue
        for field, pattern in (("published", None), ("revision.yml", _HEX64)):
            value = entry.get(field)
            if field in entry and not (isinstance(value, str) and (pattern is None or pattern.fullmatch(value))):
                what = "a date in quotes" if pattern is None else "a SHA-256 hash"
                problems.append((data.line_at(key, field), f"'{field}' of '{key}' must be {what}, not {kind(value)}"))
        files = entry.get("files", {})
        if not isinstance(files, dict):
            problems.append((data.line_at(key, "files"), f"'files' of '{key}' must list files, not {kind(files)}"))
            continue
        for name, locked in files.items():
            where = f"{name} in '{key}'"
            if not isinstance(locked, dict):
                problems.append(
                    (data.line_at(key, "files", name), f"{where} must be 'key: value' lines, not {kind(locked)}")
                )
                continue
            for field, check, what in (
                ("sha256", _is_hash, "a SHA-256 hash"),
                ("git_blob", _is_blob, "a git object id"),
                ("errata", _is_count, "a whole number"),
            ):
                if field in locked and not check(locked[field]):
                    problems.append(
                        (
                            data.line_at(key, "files", name, field),
                            f"'{field}' of {where} must be {what}, not {kind(locked[field])}",
                        )
                    )
    return problems


#: Locks already read by this process, by their text: a preview reads the same lock on every save.
_PARSED: dict[tuple[str, str, str, str], tuple[LockFile | None, tuple[Finding, ...]]] = {}


def parse_lock(text: str, path: Path, report: Reporter | None = None, hint: str = "") -> LockFile | None:
    """The lock in ``text``, read strictly (no aliases, decimal numbers, no repeated keys);
    None when it is damaged, after one message per mistake at its line in ``report``."""
    sink = report if report is not None else Reporter()
    key = (text, str(path), hint, str(sink.base))
    if key not in _PARSED:
        mine = Reporter(sink.base)
        if len(_PARSED) > 64:
            _PARSED.clear()
        _PARSED[key] = (_parse_lock(text, path, mine, hint), tuple(mine.findings))
    lock, findings = _PARSED[key]
    sink.findings.extend(findings)
    return lock  # shared: read-only (publish writes a copy of the entries)


def _parse_lock(text: str, path: Path, sink: Reporter, hint: str) -> LockFile | None:
    hint = hint or f"restore it from git: git checkout -- {path.as_posix()}"
    conflict = _CONFLICT.search(text)
    if conflict:
        sink.error(
            path,
            text.count("\n", 0, conflict.start()) + 1,
            "published.lock has merge conflict markers: two branches published revisions",
            "keep the entries of both sides and delete the <<<<<<<, ======= and >>>>>>> lines, or " + hint,
            code="lock-damaged",
        )
        return None
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
        return LockFile(path, {}, {})
    before = len(sink.findings)
    parsed = parse_yaml(path, text, sink)
    if parsed is None:
        for index in range(before, len(sink.findings)):  # the YAML message, with the lock's own hint
            finding = sink.findings[index]
            sink.findings[index] = replace(
                finding, message="published.lock is damaged: " + finding.message, hint=hint, code="lock-damaged"
            )
        return None
    if not isinstance(parsed.value, dict):
        sink.error(path, 1, "published.lock is damaged: it is not a list of revisions", hint, code="lock-damaged")
        return None
    problems = lock_problems(YamlMapping(path, parsed.value, {}, {}, parsed.node))
    for line, what in problems:
        sink.error(path, line, f"published.lock is damaged: {what}", hint, code="lock-damaged")
    if problems:
        return None
    lines: dict[tuple[str, ...], int] = {}
    if parsed.node is not None:
        _key_lines(parsed.node, (), lines)
    return LockFile(path, {str(k): v for k, v in parsed.value.items()}, lines)


def load_lock(notice: Notice, report: Reporter | None = None) -> LockFile:
    """The lock on disk; an empty one (``exists=False``) when there is none; ``damaged`` after a message."""
    path = notice.path / LOCK_NAME
    if not path.exists() and not path.is_symlink():
        return LockFile(path, {}, {}, exists=False)
    sink = report if report is not None else Reporter()
    hint = (
        f"restore it from git (git checkout -- {path.as_posix()}), then run "
        f"{notices_cmd('publish', notice.id, '<date>')} for any revision recorded since"
    )
    before = len(sink.findings)
    text = read_text(path, sink, root=notice.path, max_bytes=MAX_LOCK_BYTES)
    if text is None:  # unreadable, a link outside content/, too large or not UTF-8: already reported
        return LockFile(path, {}, {}, damaged=True)
    del sink.findings[before:]  # a BOM warning is not the lock's business: its hash is of the files
    lock = parse_lock(text, path, sink, hint)
    return lock if lock is not None else LockFile(path, {}, {}, damaged=True)


def read_lock(notice: Notice, report: Reporter | None = None) -> dict[str, Entry]:
    return load_lock(notice, report).entries


def write_lock(notice: Notice, entries: dict[str, Entry]) -> Path:
    """Write the lock through a temporary file, so a crash never leaves half a lock."""
    path = notice.path / LOCK_NAME
    text = HEADER + yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, sort_keys=False)
    tmp = path.with_name(f".{LOCK_NAME}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)
    return path


def files_of(entry: Entry) -> dict[str, dict[str, Any]]:
    files = entry.get("files")
    if not isinstance(files, dict):
        return {}
    return {str(k): v for k, v in files.items() if isinstance(v, dict)}


def errata_of(entry: Entry) -> list[str]:
    errata = entry.get("errata")
    return [str(e) for e in errata] if isinstance(errata, list) else []


def successor_problem(old: Entry, new: Entry) -> tuple[tuple[str, ...], str] | None:
    """Why ``new`` may not replace ``old`` (the key path in the lock and a reason), or None.

    An entry may only grow: same dates and meaning, every file still there
    with the same bytes unless an erratum for its language was added, every
    erratum kept. The same git blob id with another SHA-256 is an older lock's
    hash being re-recorded, so it is allowed (the file check compares the hash
    with the bytes).
    """
    if str(new.get("published")) != str(old.get("published")):
        return ("published",), f"its published date was {old.get('published')}, now {new.get('published')}"
    if new.get("revision.yml") != old.get("revision.yml"):
        return ("revision.yml",), "the recorded meaning of revision.yml (dates, material, summary, review) changed"
    new_files = files_of(new)
    for name, was in files_of(old).items():
        now = new_files.get(name)
        if now is None:
            return ("files", name), f"{name} is no longer recorded"
        if _int(now.get("errata")) < _int(was.get("errata")):
            return ("files", name, "errata"), f"an erratum for {name} was removed"
        if now.get("git_blob") == was.get("git_blob"):
            continue  # the same bytes (an older lock's hash may be re-recorded)
        if _int(now.get("errata")) > _int(was.get("errata")):
            continue  # corrected under a new erratum
        return ("files", name, "sha256"), f"{name} changed and revision.yml has no new erratum for it"
    gone = Counter(errata_of(old)) - Counter(errata_of(new))  # counted: one of two alike removed is removed
    for line in gone:
        return ("errata",), f"the erratum of {line[:13]} was removed"
    return None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
