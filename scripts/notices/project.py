"""The notices plugin's settings in ``mkdocs.yml``, read without MkDocs, so ``notices check`` and the build agree.

The command line and the site build must check the same languages, the same
content folder and the same as-of date; otherwise a check passes and the
build fails. MkDocs reads ``mkdocs.yml`` for the build; this reads the same
``plugins: - notices: {...}`` block for the command line. It only composes
the YAML (no values are built), so ``!ENV`` or ``!!python/name:`` tags used by
other plugins do not matter.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import Reporter
from .source_files import read_text
from .strict_yaml import marked_error

#: The options of the notices plugin (``NoticesConfig`` in the MkDocs adapter; a test keeps them equal).
PLUGIN_OPTIONS = (
    "content_dir",
    "locales_dir",
    "generated_dir",
    "locales",
    "as_of",
    "japanese_era",
    "buddhist_era",
    "preview",
)


@dataclass(frozen=True)
class ProjectConfig:
    """What ``notices`` needs from ``mkdocs.yml``; empty when there is none."""

    path: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def folder(self, key: str, default: str) -> Path:
        """A folder option, relative to mkdocs.yml as MkDocs reads it."""
        value = self.options.get(key)
        path = Path(str(value)) if isinstance(value, str) and value.strip() else Path(default)
        if self.path is not None and not path.is_absolute():
            path = self.path.parent / path
        return path

    @property
    def locales(self) -> tuple[str, ...] | None:
        value = self.options.get("locales")
        if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
            return tuple(value)
        return None


def _plain(node: yaml.Node) -> Any:
    """A node's value without constructing tags: text, or lists and mappings of text.

    ``!ENV VAR`` and ``!ENV [VAR, ..., default]`` are read as MkDocs reads them.
    """
    if node.tag == "!ENV":
        names = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for name in names[:-1] if len(names) > 1 else names:
            found = os.environ.get(str(name.value))
            if found is not None:
                try:
                    return yaml.safe_load(found)
                except yaml.YAMLError:
                    return found
        return _plain(names[-1]) if len(names) > 1 else None
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _plain(v) for k, v in node.value}
    return str(node.value)


def _notices_block(root: yaml.Node) -> tuple[yaml.Node, yaml.Node | None] | None:
    """(the 'notices' key or item, its options) in ``plugins:``, list or mapping form."""
    if not isinstance(root, yaml.MappingNode):
        return None
    plugins = next((v for k, v in root.value if str(k.value) == "plugins"), None)
    if isinstance(plugins, yaml.MappingNode):
        for key, value in plugins.value:
            if str(key.value) == "notices":
                return key, value
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode) and item.value == "notices":
                return item, None
            if isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    if str(key.value) == "notices":
                        return key, value
    return None


def read_project_config(path: Path, report: Reporter, *, required: bool = True) -> ProjectConfig | None:
    """Read the notices plugin's options from ``path``; None after reporting a problem.

    When not ``required`` (a ./mkdocs.yml found by chance), a file without the
    notices plugin means no settings rather than an error.
    """
    text = read_text(path, report)
    if text is None:
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        problem = marked_error(text, exc)
        report.error(path, problem.line, problem.message, problem.hint, col=problem.col, code=problem.code)
        return None
    found = _notices_block(root) if root is not None else None
    if found is None and not required:
        return ProjectConfig()
    if found is None:
        report.error(
            path,
            1,
            "mkdocs.yml does not use the notices plugin",
            "add it under 'plugins:' as '- notices' (see README), or pass --config-file",
            code="no-plugin",
        )
        return None
    key, block = found
    if block is None or (isinstance(block, yaml.ScalarNode) and not block.value):
        return ProjectConfig(path)
    if not isinstance(block, yaml.MappingNode):
        report.error(
            path,
            key.start_mark.line + 1,
            "the notices plugin's options must be 'name: value' lines",
            "indent the options below '- notices:'",
            code="bad-option",
        )
        return None
    options: dict[str, Any] = {}
    lines: dict[str, int] = {}
    ok = True
    for name_node, value_node in block.value:
        name = str(name_node.value)
        line = name_node.start_mark.line + 1
        if name not in PLUGIN_OPTIONS:
            report.error(path, line, *unknown_option(name), col=name_node.start_mark.column + 1, code="unknown-option")
            ok = False
            continue
        options[name] = _plain(value_node)
        lines[name] = line
    config = ProjectConfig(path, options, lines)
    if "locales" in options and config.locales is None:
        report.error(
            path,
            lines["locales"],
            "the notices plugin's 'locales' must be a list of language codes",
            "write e.g. 'locales: [en, ja, vi, th]'",
            code="bad-option",
        )
        ok = False
    return config if ok else None


def unknown_option(name: str) -> tuple[str, str]:
    """The message and hint for an option the notices plugin does not have (shared with the build)."""
    close = difflib.get_close_matches(name, PLUGIN_OPTIONS, n=1, cutoff=0.6)
    return (
        f"the notices plugin has no option '{name}'",
        (f"did you mean '{close[0]}'? " if close else "") + "its options are: " + ", ".join(PLUGIN_OPTIONS),
    )
