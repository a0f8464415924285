"""Findings: what a check says about the content, pointing at a file and line.

Every content mistake becomes a :class:`Finding`, never a traceback. The
format is the one compilers use, so editors and CI can jump to the spot::

    content/privacy/2023-07-03/th.md:12:1: error: section 'contact' is missing
      hint: add '## ... {#contact}' after 'security-measures', as in en.md
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    message: str
    hint: str = ""
    code: str = ""

    def format(self) -> str:
        """``path:line:col: severity: message`` and, indented below, the hint.

        >>> Finding("a.md", 3, 1, "error", "no H1", "add '# Title'").format()
        "a.md:3:1: error: no H1\\n  hint: add '# Title'"
        """
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return printable(text)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


#: What a terminal would act on or reorder instead of showing: control characters (ESC starts
#: an escape sequence), bidirectional controls, line separators. Newline and tab are kept.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` for a terminal line: a control character quoted from content shows as ``\\x1b``, never raw.

    >>> printable("## Heading \\x1b[2J\\u202e")
    '## Heading \\\\x1b[2J\\\\u202e'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class ContentError(Exception):
    """Raised by adapters when the content has errors; carries the findings."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = sorted(findings)
        super().__init__(format_findings(self.findings))


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user typed it: relative to ``base`` (or the cwd) when inside it."""
    absolute = Path(os.path.abspath(path))  # not resolve(): a symlink is shown where it is
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return absolute.relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class Reporter:
    """Collects findings for one run, with paths shown relative to a base."""

    def __init__(self, base: Path | None = None):
        self.base = base
        self.findings: list[Finding] = []

    def add(
        self,
        severity: str,
        path: Path,
        line: int,
        message: str,
        hint: str = "",
        *,
        col: int = 1,
        code: str = "",
    ) -> None:
        self.findings.append(
            Finding(display_path(path, self.base), max(line, 1), max(col, 1), severity, message, hint, code)
        )

    def error(self, path: Path, line: int, message: str, hint: str = "", **kw: object) -> None:
        self.add("error", path, line, message, hint, **kw)  # type: ignore[arg-type]

    def warning(self, path: Path, line: int, message: str, hint: str = "", **kw: object) -> None:
        self.add("warning", path, line, message, hint, **kw)  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


def format_findings(findings: Iterable[Finding]) -> str:
    return "\n".join(f.format() for f in sorted(findings))


def findings_json(findings: Iterable[Finding]) -> str:
    return json.dumps([asdict(f) for f in sorted(findings)], ensure_ascii=False, indent=2)
