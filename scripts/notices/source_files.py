"""Reading the legal team's files safely: encoding, size, YAML with line numbers.

Every problem becomes a finding at a line, so a stray tab or a non-UTF-8 byte
reads like a compiler error, not a Python traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .findings import Reporter

MAX_BYTES = 1024 * 1024


#: libyaml's parser when PyYAML has it (ten times faster); the pure-Python one otherwise.
_FastSafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """Keep an impossible date such as 2024-02-30 as text.

    PyYAML raises a bare ValueError for those; as text, the schema check
    reports it at its line like any other wrong value.
    """
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return str(node.value)


class _Loader(_FastSafeLoader):  # type: ignore[valid-type,misc]
    pass


class _SlowLoader(yaml.SafeLoader):
    pass


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_SlowLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _parse(text: str) -> tuple[Any, Any]:
    """(node with line marks, values). libyaml first; on an error the pure-Python
    parser again, whose messages are the ones README documents."""
    try:
        return yaml.compose(text, Loader=_FastSafeLoader), yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader), yaml.load(text, Loader=_SlowLoader)


def read_text(path: Path, report: Reporter) -> str | None:
    """Return the file as text with LF line endings, or None after reporting why not."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        report.error(path, 1, f"cannot read the file: {exc.strerror}", "check that it exists and is readable")
        return None
    if size > MAX_BYTES:
        report.error(
            path,
            1,
            f"the file is {size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB",
            "a notice never needs this much text; check that the right file was saved here",
            code="too-large",
        )
        return None
    data = path.read_bytes()
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
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class YamlMapping:
    """A YAML mapping's values with the line of each key, for precise messages."""

    path: Path
    values: dict[str, Any]
    key_lines: dict[str, int]
    value_lines: dict[str, int]

    def line(self, key: str) -> int:
        return self.key_lines.get(key, 1)


def read_yaml_mapping(path: Path, report: Reporter) -> YamlMapping | None:
    """Parse a YAML file whose top level must be a mapping of keys to values."""
    text = read_text(path, report)
    if text is None:
        return None
    if not text.strip():
        report.error(path, 1, "the file is empty", "see README for the keys this file needs", code="empty-file")
        return None
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
        node, values = _parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at_line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        report.error(
            path,
            at_line,
            f"invalid YAML: {problem}",
            "check indentation and quoting on this line or the one above; "
            "text containing ': ' or starting with a quote needs quotes around it",
            col=col,
            code="yaml-syntax",
        )
        return None
    except yaml.YAMLError as exc:
        report.error(path, 1, f"invalid YAML: {exc}", "check the file's syntax", code="yaml-syntax")
        return None
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
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in seen:
            report.error(
                path,
                key_node.start_mark.line + 1,
                f"the key '{key}' appears twice",
                "keep one of them; YAML would silently use the last one",
                code="yaml-duplicate-key",
            )
        seen.add(key)
        key_lines[key] = key_node.start_mark.line + 1
        value_lines[key] = value_node.start_mark.line + 1
    return YamlMapping(path, {str(k): v for k, v in values.items()}, key_lines, value_lines)
