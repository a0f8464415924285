"""The one reader of ``mkdocs.yml``: the typed :class:`Settings` that check, build, preview and every command share.

The command line and the site build must check the same languages, the same
content folder and the same as-of date; otherwise a check passes and the
build fails. :func:`read_settings` reads the file for the command line, the
parallel build and the preview, and checks the notices plugin's block as
strictly as the build does (unknown options, malformed values, the same
messages). The MkDocs adapter makes the same :class:`Settings` from the
configuration MkDocs checked (see ``plugin_settings`` in
:mod:`notices.adapters.mkdocs_plugin`); a test keeps the two equal. Nothing here imports
MkDocs. The YAML is only composed, and plain values are built from the nodes,
so ``!ENV`` (read as MkDocs reads it) or ``!!python/name:`` tags used by other
plugins do not matter.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .content.source_files import read_text
from .content.strict_yaml import marked_error
from .findings import Reporter

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
    "organisation",
)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _plain(node: yaml.Node) -> Any:
    """A node's value without constructing other tags: plain values, or lists and mappings of them.

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
    if node.tag in _PLAIN_TAGS:  # true, 3, 2026-12-01: typed as YAML reads them
        return yaml.SafeLoader("").construct_object(node)
    return str(node.value)


def _top(root: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        return next((v for k, v in root.value if str(k.value) == key), None)
    return None


def _plugin_entry(root: yaml.Node | None, name: str) -> tuple[yaml.Node, yaml.Node | None] | None:
    """(the plugin's key or item, its options) in ``plugins:``, list or mapping form."""
    plugins = _top(root, "plugins")
    entries: list[tuple[yaml.Node, yaml.Node | None]] = []
    if isinstance(plugins, yaml.MappingNode):
        entries = list(plugins.value)
    elif isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode):
                entries.append((item, None))
            elif isinstance(item, yaml.MappingNode):
                entries.extend(item.value)
    return next(((key, value) for key, value in entries if str(key.value) == name), None)


def _plugin_block(root: yaml.Node | None, name: str) -> Any:
    """The options of another plugin (``i18n``), as plain values; None when it is not used."""
    found = _plugin_entry(root, name)
    if found is None:
        return None
    return _plain(found[1]) if found[1] is not None else {}


def site_languages(i18n: Any) -> tuple[str, ...]:
    """The i18n plugin's languages that are built, its default first (as static-i18n builds them).

    ``i18n`` is its options as plain values (mkdocs.yml) or its configuration objects (the build).
    """

    def get(lang: Any, key: str, default: Any) -> Any:
        return lang.get(key, default) if isinstance(lang, dict) else getattr(lang, key, default)

    languages = i18n.get("languages") if isinstance(i18n, dict) else getattr(i18n, "languages", None)
    built = [lang for lang in languages or [] if get(lang, "locale", None) and get(lang, "build", True) is not False]
    built.sort(key=lambda lang: not get(lang, "default", False))
    return tuple(str(get(lang, "locale", "")) for lang in built)


def normal_site_url(value: object) -> str:
    """``site_url`` ending in one '/', or '' when there is none (pages then link site-relative)."""
    return str(value).rstrip("/") + "/" if value else ""


def date_text(value: object) -> str | None:
    """``as_of`` as written: a YAML date reads as its ISO form, a timestamp as its text (an error later)."""
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def read_settings(path: Path, report: Reporter, *, required: bool = True) -> Settings | None:
    """The settings in ``path``, checked as the build checks them; None after reporting a problem.

    When not ``required`` (a ./mkdocs.yml found by chance), a file without the
    notices plugin gives the defaults rather than an error.
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
    found = _plugin_entry(root, "notices")
    if found is None and required:
        report.error(
            path,
            1,
            "mkdocs.yml does not use the notices plugin",
            "add it under 'plugins:' as '- notices' (see README), or pass --config-file",
            code="no-plugin",
        )
        return None
    key, block = found if found is not None else (None, None)
    options: dict[str, Any] = {}
    lines: dict[str, int] = {}
    marks: dict[str, tuple[int, int]] = {}
    if key is not None and block is not None and not (isinstance(block, yaml.ScalarNode) and not block.value):
        if not isinstance(block, yaml.MappingNode):
            report.error(
                path,
                key.start_mark.line + 1,
                "the notices plugin's options must be 'name: value' lines",
                "indent the options below '- notices:'",
                code="bad-option",
            )
            return None
        ok = True
        for name_node, value_node in block.value:
            name = str(name_node.value)
            line = name_node.start_mark.line + 1
            if name not in PLUGIN_OPTIONS:
                col = name_node.start_mark.column + 1
                report.error(path, line, *unknown_option(name), col=col, code="unknown-option")
                ok = False
                continue
            options[name] = _plain(value_node)
            lines[name] = line
            marks[name] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        locales = options.get("locales")
        if "locales" in options and not (
            isinstance(locales, list) and locales and all(isinstance(v, str) and v for v in locales)
        ):
            report.error(
                path,
                lines["locales"],
                "the notices plugin's 'locales' must be a list of language codes",
                "write e.g. 'locales: [en, ja, vi, th]'",
                code="bad-option",
            )
            ok = False
        for name in ("japanese_era", "buddhist_era", "preview"):
            if name in options and options[name] is not None and not isinstance(options[name], bool):
                line, col = marks[name]
                report.error(
                    path,
                    line,
                    f"the notices plugin's '{name}' must be true or false",
                    f"write '{name}: true' or '{name}: false'",
                    col=col,
                    code="bad-option",
                )
                ok = False
        if not ok:
            return None
    theme = _plain_key(root, "theme")
    return Settings.make(
        path,
        options,
        i18n=_plugin_block(root, "i18n") if root is not None else None,
        site_url=_plain_key(root, "site_url"),
        site_dir=_plain_key(root, "site_dir"),
        site_name=_plain_key(root, "site_name"),
        custom_dir=theme.get("custom_dir") if isinstance(theme, dict) else None,
        marks=marks,
    )


def _plain_key(root: yaml.Node | None, key: str) -> Any:
    node = _top(root, key) if root is not None else None
    return _plain(node) if node is not None else None


def unknown_option(name: str) -> tuple[str, str]:
    """The message and hint for an option the notices plugin does not have (shared with the build)."""
    close = difflib.get_close_matches(name, PLUGIN_OPTIONS, n=1, cutoff=0.6)
    return (
        f"the notices plugin has no option '{name}'",
        (f"did you mean '{close[0]}'? " if close else "") + "its options are: " + ", ".join(PLUGIN_OPTIONS),
    )


CONFIG_NAME = "mkdocs.yml"
_LANGUAGE_FILE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Settings:
    """Everything notices takes from ``mkdocs.yml``: check, build, preview and every command read this.

    :func:`read_settings` makes it from the file (the command line, the parallel build and
    the preview); the MkDocs adapter makes it from the configuration MkDocs has checked with
    its ``config_options``. Both go through :meth:`make`, so they cannot disagree.
    """

    root: Path  # the folder of mkdocs.yml: relative folders are relative to it
    config_file: Path | None
    content_dir: Path
    locales_dir: Path | None  # only when set: the default (locales/ beside mkdocs.yml) is the adapter's
    generated_dir: Path
    pdf_cache_dir: Path
    #: The notices' languages: ``locales``, else the i18n plugin's, the default first.
    locales: tuple[str, ...]
    #: The i18n plugin's languages that are built, the default first: one build each.
    site_languages: tuple[str, ...]
    timezone: str | None
    as_of: str | None  # as written; parsed (and refused) where it is used
    japanese_era: bool
    buddhist_era: bool
    preview: bool | None  # None: NOTICES_PREVIEW decides
    site_url: str  # ending in "/", or "" when not set
    site_dir: Path
    site_name: str
    custom_dir: Path | None
    #: ``organisation:`` as written: ``name`` (one, or one per language) and ``contact``.
    organisation: Mapping[str, Any] = field(default_factory=dict, compare=False)
    #: Line and column of each notices plugin option's value in mkdocs.yml, for messages.
    option_marks: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    @classmethod
    def make(
        cls,
        config_file: Path | None,
        options: Mapping[str, Any],
        *,
        i18n: Any = None,
        site_url: object = None,
        site_dir: object = None,
        site_name: object = None,
        custom_dir: object = None,
        marks: Mapping[str, tuple[int, int]] | None = None,
    ) -> Settings:
        """Settings from the notices plugin's ``options`` and the few MkDocs keys the commands need."""
        root = config_file.resolve().parent if config_file is not None else Path.cwd()

        def folder(value: object, default: str) -> Path:
            text = str(value).strip() if isinstance(value, str | Path) else ""
            return (root / (text or default)).resolve()

        languages = site_languages(i18n)
        own = options.get("locales")
        timezone = options.get("timezone")
        preview = options.get("preview")
        return cls(
            root=root,
            config_file=config_file.resolve() if config_file is not None else None,
            content_dir=folder(options.get("content_dir"), "content"),
            locales_dir=folder(options["locales_dir"], "") if options.get("locales_dir") else None,
            generated_dir=folder(options.get("generated_dir"), "build/docs"),
            pdf_cache_dir=folder(options.get("pdf_cache_dir"), "build/pdf-cache"),
            locales=tuple(str(ll) for ll in own) if isinstance(own, list | tuple) and own else languages,
            site_languages=languages,
            timezone=str(timezone) if timezone else None,
            as_of=date_text(options.get("as_of")),
            japanese_era=options.get("japanese_era") is True,
            buddhist_era=options.get("buddhist_era") is not False,
            preview=preview if isinstance(preview, bool) else None,
            site_url=normal_site_url(site_url),
            site_dir=folder(site_dir, "site"),
            site_name=str(site_name or ""),
            custom_dir=folder(custom_dir, "") if custom_dir else None,
            organisation=dict(options["organisation"]) if isinstance(options.get("organisation"), dict) else {},
            option_marks=dict(marks or {}),
        )

    def organisation_name(self, locale: str) -> str:
        """The organisation's name in ``locale`` (else in its language, else the default's), else site_name."""
        name = self.organisation.get("name")
        if isinstance(name, dict):
            language = locale.replace("_", "-").split("-")[0]
            default = self.locales[0] if self.locales else ""
            for key in (locale, language, default):
                if name.get(key):
                    return str(name[key])
            return next((str(v) for v in name.values() if v), self.site_name)
        return str(name) if name else self.site_name

    @property
    def contact(self) -> str:
        """Where people write about their data (``organisation: contact:``), or ""."""
        return str(self.organisation.get("contact") or "")


def find_config(start: Path | None = None) -> Path | None:
    """The ``mkdocs.yml`` in ``start`` (the current folder) or the nearest folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    return None


def read_project(config_file: Path) -> Settings:
    """The settings in ``config_file``, or the defaults when it cannot be used (for tools that only look)."""
    return read_settings(config_file, Reporter(), required=False) or Settings.make(config_file, {})


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
