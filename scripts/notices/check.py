"""The one gate: load, then validate. ``notices check`` and the MkDocs build both call it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .findings import Finding, Reporter
from .load import load_content
from .lock import check_locks, read_history
from .model import Content
from .validate import validate


@dataclass(frozen=True)
class CheckResult:
    content: Content
    findings: tuple[Finding, ...]
    #: Why the published history could not be verified (outside git, a shallow clone): said, never fatal.
    notes: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


def check_content(root: Path, locales: tuple[str, ...], as_of: date, base: Path | None = None) -> CheckResult:
    """Load ``root`` and run every check; paths in findings are relative to ``base``."""
    report = Reporter(base)
    content = load_content(root, locales, report)
    validate(content, as_of, report)
    notes: list[str] = []
    for notice in content.notices:
        history = read_history(notice)
        check_locks(notice, as_of, report, history)
        if history.repo is None and not notes:
            notes.append(
                f"{history.reason}, so the history of published revisions cannot be verified: "
                "only the lock on disk was checked (run notices check in a git clone of the site)"
            )
        elif history.shallow and not notes:
            notes.append(
                "this git clone is shallow, so only part of the history of published revisions was verified "
                "(clone with the full history, e.g. fetch-depth: 0 in GitHub Actions)"
            )
    return CheckResult(content, tuple(sorted(set(report.findings))), tuple(notes))
