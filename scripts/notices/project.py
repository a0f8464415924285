"""The project's settings as the command line needs them, read from its ``mkdocs.yml``.

``notices check`` must check the same languages, content folder and time zone
as the site build, so it reads the notices plugin's options (and, when
``locales`` is not set, the languages of the i18n plugin) from the same file.
Read as plain YAML: the core never imports MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
