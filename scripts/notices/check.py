"""The one gate: load, then validate. ``notices check`` and the MkDocs build both call it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .findings import Finding, Reporter
from .load import load_content
from .lock import check_locks
from .model import Content
from .validate import validate


@dataclass(frozen=True)
class CheckResult:
    content: Content
    findings: tuple[Finding, ...]

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
    for notice in content.notices:
        check_locks(notice, as_of, report)
    return CheckResult(content, tuple(sorted(set(report.findings))))
