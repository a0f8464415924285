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
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .commands import command
from .findings import Reporter
from .model import Notice, Revision

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


def read_lock(notice: Notice, report: Reporter | None = None) -> dict[str, dict[str, Any]]:
    path = notice.path / LOCK_NAME
    if not path.is_file():
        return {}
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the lock grows with every revision
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        if report:
            report.error(path, 1, "published.lock is damaged", f"restore it from git: git checkout -- {path}")
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


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
    locked = read_lock(notice, report)
    for revision in notice.published(as_of):
        entry = locked.get(revision.key)
        if entry is None:
            report.error(
                revision.meta_path,
                1,
                f"revision {revision.key} is published (since {revision.published.isoformat()}) but not locked",
                "record its text as published: " + command("publish", notice.id, revision.key),
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
                    "record the correction: " + command("publish", notice.id, revision.key),
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
                f"'errata:' entry for {locale} in revision.yml and run: " + command("publish", notice.id, revision.key),
                code="published-changed",
            )


def publish(notice: Notice, revision: Revision, report: Reporter) -> Path | None:
    """Record ``revision``'s files in the lock; refuse a silent change to a locked file."""
    entries = read_lock(notice, report)
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
