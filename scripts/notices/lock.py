"""Published revisions are immutable: ``content/<notice>/published.lock`` proves it.

``notices publish`` records, for each file of a revision, its SHA-256 (what
versions.json and consent records cite) and its git blob id (so that a later
check can fetch the published text from git and show the changed lines).
Once a revision's ``published`` date has come, a file that no longer matches
is an error. The only way to change it is an ``errata:`` entry in
``revision.yml`` for that language, then ``notices publish`` again, which
records the corrected hash.

``revision.yml`` is locked by the meaning of its keys, not its bytes, so
adding an erratum does not count as a change.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .findings import Reporter, display_path
from .model import Notice, Revision
from .source_files import YamlMapping, parse_yaml, read_text

LOCK_NAME = "published.lock"
HEADER = (
    "# Written by `notices publish`: the SHA-256 of every file of each published revision.\n"
    "# Do not edit by hand. A published text is corrected only through an `errata:` entry.\n"
)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    return sha256_text(json.dumps(meta, sort_keys=True, ensure_ascii=False))


@dataclass(frozen=True)
class LockedFile:
    sha256: str
    git_blob: str
    errata: int  # errata entries for this file's language when it was locked


def _doc_entry(revision: Revision, locale: str) -> LockedFile:
    doc = revision.documents[locale]
    raw = doc.path.read_bytes()
    return LockedFile(
        sha256=sha256_text(doc.source),
        git_blob=git_blob_id(raw),
        errata=sum(1 for e in revision.errata if e.locale == locale),
    )


#: A lock grows by about 1 KB a revision; this is thousands of revisions.
MAX_LOCK_BYTES = 16 * 1024 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX40 = re.compile(r"[0-9a-f]{40}")


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and bool(_HEX64.fullmatch(value))


def _is_blob(value: Any) -> bool:
    return isinstance(value, str) and bool(_HEX40.fullmatch(value))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _lock_problems(data: YamlMapping) -> list[tuple[int, str]]:
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


def load_lock(notice: Notice, report: Reporter | None = None) -> dict[str, dict[str, Any]] | None:
    """The lock's entries by revision; None (after a message at its line) when the lock is damaged."""
    path = notice.path / LOCK_NAME
    if not path.is_file() and not path.is_symlink():
        return {}
    report = report if report is not None else Reporter()
    restore = f"restore it from git: git checkout -- {display_path(path)}"
    text = read_text(path, report, root=notice.path, max_bytes=MAX_LOCK_BYTES)
    if text is None:
        return None
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
        return {}
    before = len(report.findings)
    data = parse_yaml(path, text, report)
    if data is None:
        for index in range(before, len(report.findings)):  # the YAML message, with the lock's own hint
            finding = report.findings[index]
            report.findings[index] = replace(
                finding, message="published.lock is damaged: " + finding.message, hint=restore
            )
        return None
    if not isinstance(data.value, dict):
        report.error(path, 1, "published.lock is damaged: it is not a list of revisions", restore, code="lock-damaged")
        return None
    mapping = YamlMapping(path, data.value, {}, {}, data.node)
    problems = _lock_problems(mapping)
    for line, what in problems:
        report.error(path, line, f"published.lock is damaged: {what}", restore, code="lock-damaged")
    if problems:
        return None
    return {str(k): v for k, v in data.value.items()}


def read_lock(notice: Notice, report: Reporter | None = None) -> dict[str, dict[str, Any]]:
    """The lock's entries by revision; empty when there is none or it is damaged (reported)."""
    return load_lock(notice, report) or {}


def lock_entry(revision: Revision) -> dict[str, Any]:
    files = {}
    for locale in sorted(revision.documents):
        entry = _doc_entry(revision, locale)
        files[f"{locale}.md"] = {"sha256": entry.sha256, "git_blob": entry.git_blob, "errata": entry.errata}
    return {
        "published": revision.published.isoformat(),
        "revision.yml": revision_meta_digest(revision),
        "files": files,
    }


def write_lock(notice: Notice, entries: dict[str, dict[str, Any]]) -> Path:
    """Write the lock through a temporary file, so a crash never leaves half a lock."""
    path = notice.path / LOCK_NAME
    text = HEADER + yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, sort_keys=False)
    tmp = path.with_name(f".{LOCK_NAME}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def _published_text(path: Path, blob: str) -> str | None:
    """The locked text, from git's object store (the file's repository or the current one)."""
    if not blob:
        return None
    for cwd in (path.parent, Path.cwd()):
        try:
            result = subprocess.run(
                ["git", "cat-file", "blob", blob], cwd=cwd, capture_output=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if result.returncode == 0:
            return result.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return None


def changed_lines(old: str, new: str, limit: int = 12) -> tuple[int, str]:
    """The first changed line number (in the new text) and a short unified diff."""
    diff = list(difflib.unified_diff(old.split("\n"), new.split("\n"), "published", "now", n=0, lineterm=""))
    first = 1
    for line in diff:
        if line.startswith("@@"):
            first = max(int(line.split("+")[1].split(",")[0].split(" ")[0]), 1)
            break
    body = [d for d in diff[2:] if not d.startswith("@@")]
    shown = body[:limit] + (["..."] if len(body) > limit else [])
    return first, "\n".join("    " + s for s in shown)


def check_locks(notice: Notice, as_of: date, report: Reporter) -> None:
    """Every revision published by ``as_of`` matches its lock, or has an erratum for the change."""
    locked = load_lock(notice, report)
    if locked is None:
        return  # damaged: one message at its line, not one per revision
    for revision in notice.published(as_of):
        entry = locked.get(revision.key)
        if entry is None:
            report.error(
                revision.meta_path,
                1,
                f"revision {revision.key} is published (since {revision.published.isoformat()}) but not locked",
                f"record its text as published: notices publish {notice.id} {revision.key}",
                code="not-locked",
            )
            continue
        if entry.get("revision.yml") != revision_meta_digest(revision):
            report.error(
                revision.meta_path,
                1,
                f"revision.yml of published revision {revision.key} has changed (dates, material or summary)",
                "restore it (git checkout -- <file>); a published revision is corrected only through 'errata:'",
                code="published-changed",
            )
        files = entry.get("files") or {}
        for locale, doc in revision.documents.items():
            name = f"{locale}.md"
            want = files.get(name) or {}
            if want.get("sha256") == sha256_text(doc.source):
                continue
            errata = sum(1 for e in revision.errata if e.locale == locale)
            if errata > int(want.get("errata", 0)):
                report.error(
                    doc.path,
                    1,
                    f"{name} was corrected under an erratum but the lock still has the published text",
                    f"record the correction: notices publish {notice.id} {revision.key}",
                    code="erratum-not-locked",
                )
                continue
            old = _published_text(doc.path, str(want.get("git_blob", "")))
            line, shown = changed_lines(old, doc.source) if old is not None else (1, "")
            message = f"{name} of published revision {revision.key} has changed since it was published"
            if shown:
                message += ":\n" + shown
            report.error(
                doc.path,
                line,
                message,
                "published text is a legal record: undo the change (git checkout -- <file>), or add an "
                f"'errata:' entry for {locale} in revision.yml and run: notices publish {notice.id} {revision.key}",
                code="published-changed",
            )


def publish(notice: Notice, revision: Revision, report: Reporter) -> Path | None:
    """Record ``revision``'s files in the lock; refuse a silent change to a locked file."""
    entries = load_lock(notice, report)
    if entries is None:
        return None  # never overwrite a damaged lock: the other revisions' records would be lost
    old = entries.get(revision.key)
    new = lock_entry(revision)
    if old is not None:
        if old.get("revision.yml") != new["revision.yml"]:
            report.error(
                revision.meta_path,
                1,
                f"revision.yml of {revision.key} differs from what was published",
                "restore the published dates, material flag and summary; only 'errata:' may be added",
                code="published-changed",
            )
            return None
        for name, locked in (old.get("files") or {}).items():
            now = new["files"].get(name, {})
            if locked.get("sha256") != now.get("sha256") and now.get("errata", 0) <= locked.get("errata", 0):
                report.error(
                    revision.path / name,
                    1,
                    f"{name} changed since it was published and revision.yml has no new erratum for it",
                    f"add an 'errata:' entry (date, locale, what, why) for {name[:-3]}, then publish again",
                    code="published-changed",
                )
                return None
    entries[revision.key] = new
    return write_lock(notice, entries)
