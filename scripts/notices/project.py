"""The notices plugin's settings in ``mkdocs.yml``, read without MkDocs, so ``notices check`` and the build agree.

Two readers: :func:`read_project_config` checks the plugin block strictly (unknown
options, malformed values: the same errors the build gives), and
:func:`read_project` gives the command line the values it uses (content folder,
languages, time zone), falling back to the i18n plugin's languages.

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
import re
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
    "timezone",
    "as_of",
    "japanese_era",
    "buddhist_era",
    "preview",
    "pdf_cache_dir",
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


CONFIG_NAME = "mkdocs.yml"
_LANGUAGE_FILE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs' ``!ENV`` and ``!!python/name`` tags as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)


@dataclass(frozen=True)
class Project:
    """What the command line needs from ``mkdocs.yml`` (all optional)."""

    root: Path
    content_dir: Path | None = None
    locales: tuple[str, ...] = ()
    timezone: str | None = None
    as_of: str | None = None
    #: Line and column of each notices plugin option in mkdocs.yml, for messages.
    option_marks: dict[str, tuple[int, int]] = field(default_factory=dict)


def _plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The options of plugin ``name``, whether ``plugins`` is a list or a mapping."""
    plugins = config.get("plugins") or []
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for plugin in plugins:
            if isinstance(plugin, str):
                entries.append((plugin, {}))
            elif isinstance(plugin, dict):
                entries.extend(plugin.items())
    for key, options in entries:
        if key == name:
            return options if isinstance(options, dict) else {}
    return None


def _option_marks(text: str) -> dict[str, tuple[int, int]]:
    """Where each option of the notices plugin's value starts (1-based line, column)."""
    try:
        root = yaml.compose(text, Loader=_TolerantLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if key.value != "plugins" or not isinstance(value, yaml.SequenceNode | yaml.MappingNode):
            continue
        items = value.value if isinstance(value, yaml.MappingNode) else []
        if isinstance(value, yaml.SequenceNode):
            for entry in value.value:
                if isinstance(entry, yaml.MappingNode):
                    items.extend(entry.value)
        for name, options in items:
            if name.value == "notices" and isinstance(options, yaml.MappingNode):
                return {k.value: (v.start_mark.line + 1, v.start_mark.column + 1) for k, v in options.value}
    return {}


def read_project(config_file: Path) -> Project:
    """The settings in ``config_file``; an empty :class:`Project` when it is missing or unreadable."""
    root = config_file.resolve().parent
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        config = yaml.load(text, Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return Project(root)
    if not isinstance(config, dict):
        return Project(root)
    options = _plugin_options(config, "notices") or {}
    locales = options.get("locales")
    if not isinstance(locales, list):
        languages = (_plugin_options(config, "i18n") or {}).get("languages") or []
        locales = [lang.get("locale") for lang in languages if isinstance(lang, dict)]
    content = options.get("content_dir")
    as_of = options.get("as_of")
    return Project(
        root=root,
        content_dir=root / str(content) if content else root / "content",
        locales=tuple(str(ll) for ll in locales if ll),
        timezone=str(options["timezone"]) if options.get("timezone") else None,
        as_of=str(as_of) if as_of else None,
        option_marks=_option_marks(text),
    )


def find_project(start: Path | None = None) -> Project | None:
    """The project whose ``mkdocs.yml`` is in ``start`` (the current folder) or a folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return read_project(folder / CONFIG_NAME)
    return None


def content_locales(content_dir: Path) -> tuple[str, ...]:
    """The languages the content is written in: the ``<ll>.md`` names of its revision folders.

    For a content folder outside any project. The authoritative language of
    the first notice comes first, as the site's default language.
    """
    found: set[str] = set()
    first: str | None = None
    for notice in sorted(content_dir.glob("*/notice.yml")):
        if first is None:
            match = re.search(
                r"^authoritative:\s*([A-Za-z_-]+)", notice.read_text(encoding="utf-8", errors="replace"), re.M
            )
            first = match.group(1) if match else None
        for md in notice.parent.glob("*/*.md"):
            if _LANGUAGE_FILE.match(md.stem):
                found.add(md.stem)
    ordered = sorted(found)
    if first in found:
        ordered.remove(first)
        ordered.insert(0, first)
    return tuple(ordered)
