"""The one gate: load, then validate. ``notices check`` and the MkDocs build both call it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..findings import Finding, Reporter
from ..record.lock import check_locks, read_history
from ..site.catalogs import check_catalogs
from .load import load_content
from .model import Content
from .validate import validate

#: The finding of a history that cannot be verified: a warning, so ``--strict`` and a strict build fail on it.
UNVERIFIED = "history-unverified"
#: Set to 1 by ``--allow-unverified`` (check, build), and read by the MkDocs plugin: the explicit way out.
ALLOW_UNVERIFIED = "NOTICES_ALLOW_UNVERIFIED"


def unverified_allowed() -> bool:
    return os.environ.get(ALLOW_UNVERIFIED, "") not in ("", "0")


@dataclass(frozen=True)
class CheckResult:
    content: Content
    findings: tuple[Finding, ...]
    #: Why the history was not verified, when ``--allow-unverified`` let that pass: said, never counted.
    notes: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


def check_content(
    root: Path,
    locales: tuple[str, ...],
    as_of: date,
    base: Path | None = None,
    allow_unverified: bool | None = None,
    locales_dir: Path | None = None,
) -> CheckResult:
    """Load ``root`` and run every check; paths in findings are relative to ``base``.

    A history git cannot vouch for (no git, not a clone, a shallow clone, a damaged
    repository, a lock git does not track) is a warning, so a strict check or build
    fails on it, unless ``allow_unverified`` (default: ``$NOTICES_ALLOW_UNVERIFIED``)
    turns it into a note. With ``locales_dir`` (the project's catalogs), every language's UI text
    is checked too, as the build needs it.
    """
    allow = unverified_allowed() if allow_unverified is None else allow_unverified
    report = Reporter(base)
    content = load_content(root, locales, report)
    validate(content, as_of, report)
    if locales_dir is not None:
        check_catalogs(locales, locales_dir, report)
    unverified: list[tuple[Path, str]] = []
    for notice in content.notices:
        history = read_history(notice)
        check_locks(notice, as_of, report, history)
        if history.repo is None:
            why = f"{history.reason}, so the history of published revisions cannot be verified: "
            why += "only the lock on disk was checked"
            unverified.append((root, why))
        elif history.shallow:
            why = "this git clone is shallow, so only part of the history of published revisions could be verified"
            unverified.append((root, why))
        if history.untracked:
            why = f"published.lock is {history.untracked}; its record is verified only once it is committed"
            unverified.append((history.lock_path, why))
    notes: list[str] = []
    for path, why in dict.fromkeys(unverified):  # once per reason and place
        if allow:
            notes.append(why + " (allowed by --allow-unverified)")
            continue
        report.warning(
            path,
            1,
            why,
            "run it in a full git clone of the site (in CI: fetch-depth: 0), with the lock committed; to check "
            "the files on disk only, on purpose, pass --allow-unverified",
            code=UNVERIFIED,
        )
    return CheckResult(content, tuple(sorted(set(report.findings))), tuple(notes))
