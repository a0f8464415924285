"""Reading the legal team's files safely: encoding, size, YAML with line numbers.

Every problem becomes a finding at a line, so a stray tab or a non-UTF-8 byte
reads like a compiler error, not a Python traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..findings import Reporter
from .strict_yaml import Parsed, YamlProblem, line_of, marked_error, parse_strict

MAX_BYTES = 1024 * 1024
#: A longer line is a paste gone wrong, and the longest thing the line-based checks ever look at.
MAX_LINE = 20_000


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, symlinks followed, lies inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def refuse_outside(path: Path, root: Path | None, report: Reporter) -> bool:
    """Report a file that is a link to a place outside ``root``; True when refused."""
    if root is None or inside(path, root):
        return False
    report.error(
        path,
        1,
        f"'{path.name}' is a link to a place outside content/",
        "replace the link with the file itself; the site reads only what is inside content/",
        code="outside-content",
    )
    return True


def cannot_read(path: Path, exc: OSError, report: Reporter, what: str = "file") -> None:
    """``cannot read … (permission)``: a fault of the computer, not of the text."""
    if isinstance(exc, PermissionError):
        report.error(
            path,
            1,
            f"cannot read the {what} (permission denied)",
            f"the {what} exists but this account may not read it; make it readable, e.g. chmod a+r "
            f"'{path}' (a folder also needs a+x), or ask whoever set up this computer",
            code="cannot-read",
        )
    else:
        reason = exc.strerror or type(exc).__name__
        report.error(
            path, 1, f"cannot read the {what}: {reason}", "check that it exists and is readable", code="cannot-read"
        )


def read_text(path: Path, report: Reporter, *, root: Path | None = None, max_bytes: int = MAX_BYTES) -> str | None:
    """Return the file as text with LF line endings, or None after reporting why not.

    Refused with one message each: a link to outside ``root``, an unreadable
    file, more than ``max_bytes``, a line longer than :data:`MAX_LINE`,
    bytes that are not UTF-8.
    """
    if refuse_outside(path, root, report):
        return None
    data = b""
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as exc:
        cannot_read(path, exc, report)
        return None
    if size > max_bytes or len(data) > max_bytes:
        size = max(size, len(data))
        report.error(
            path,
            1,
            f"the file is {size / 1048576:.1f} MiB; the limit is {max_bytes / 1048576:g} MiB",
            "a notice never needs this much text; check that the right file was saved here",
            code="too-large",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        report.warning(
            path,
            1,
            "the file starts with a byte-order mark (BOM)",
            "save the file as 'UTF-8' rather than 'UTF-8 with BOM'",
            code="bom",
        )
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(
            path,
            line,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file with the 'UTF-8' encoding in your editor",
            col=col,
            code="not-utf8",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_LINE:
        for number, row in enumerate(text.split("\n"), start=1):
            if len(row) > MAX_LINE:
                report.error(
                    path,
                    number,
                    f"line {number} is {len(row):,} characters long; the limit is {MAX_LINE:,}",
                    "a line this long is a paste gone wrong (a whole document on one line?); "
                    "break it into paragraphs with empty lines between them",
                    code="line-too-long",
                )
                return None
    return text


@dataclass
class YamlMapping:
    """A YAML mapping's values with the line of each key, for precise messages."""

    path: Path
    values: dict[str, Any]
    key_lines: dict[str, int]
    value_lines: dict[str, int]
    node: yaml.Node | None = None

    def line(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def line_at(self, *path: str | int) -> int:
        """The line of a nested value (``'summary', 'th'``; ``'errata', 0, 'why'``), else its nearest parent's."""
        for depth in range(len(path), 0, -1):
            found = line_of(self.node, *path[:depth])
            if found is not None:
                return found
        return 1


def parse_yaml(path: Path, text: str, report: Reporter) -> Parsed | None:
    """Parse strictly (see :mod:`notices.content.strict_yaml`); None after reporting the one mistake."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            report.error(
                path,
                number,
                "a tab is used for indentation",
                "YAML only allows spaces for indentation; replace the tab with spaces",
                col=len(line) - len(stripped) + 1,
                code="yaml-tab",
            )
            return None
    try:
        return parse_strict(text)
    except YamlProblem as problem:
        report.error(path, problem.line, problem.message, problem.hint, col=problem.col, code=problem.code)
    except yaml.YAMLError as exc:
        found = marked_error(text, exc)
        report.error(path, found.line, found.message, found.hint, col=found.col, code=found.code)
    except RecursionError:
        report.error(
            path,
            1,
            "the YAML is nested too deeply",
            "notices use at most three levels of indentation; check the file",
            code="yaml-too-deep",
        )
    return None


def read_yaml_mapping(path: Path, report: Reporter, *, root: Path | None = None) -> YamlMapping | None:
    """Parse a YAML file whose top level must be a mapping of keys to values."""
    text = read_text(path, report, root=root)
    if text is None:
        return None
    if not text.strip():
        report.error(path, 1, "the file is empty", "see README for the keys this file needs", code="empty-file")
        return None
    parsed = parse_yaml(path, text, report)
    if parsed is None:
        return None
    node, values = parsed.node, parsed.value
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        report.error(
            path,
            1,
            "the file must be a list of 'key: value' lines",
            "see README for the keys this file needs",
            code="yaml-not-mapping",
        )
        return None
    key_lines: dict[str, int] = {}
    value_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_lines[key] = key_node.start_mark.line + 1
        value_lines[key] = value_node.start_mark.line + 1
    return YamlMapping(path, values, key_lines, value_lines, node)
