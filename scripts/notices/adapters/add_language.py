"""``notices add-language LL``: one path for a language, shipped or not.

It writes what the check and the build then need, and nothing that is locked:
the UI catalog with every entry to translate (for a language notices does not
ship), ``LL.md`` in each revision not yet published (a copy of the
authoritative text, to translate) and the language in mkdocs.yml's i18n
languages with its own name. Published revisions keep their files: the
language joins the notice at its first revision (docs/guide/languages.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import UnknownLocaleError

from ..commands import command
from ..content.load import load_content
from ..findings import Reporter, display_path
from ..project import read_settings
from ..record.lock import read_lock
from ..resources import LOCALES_DIR, SOURCE_LOCALE, catalog_file
from ..site.messages import babel_locale
from .new_project import InitError, language_name, write_catalog


@dataclass
class Added:
    """What ``add-language`` wrote, and what is left for the team to do."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml's node positions whatever its tags (``!ENV``, ``!!python/name``)."""


def _languages_node(text: str) -> yaml.SequenceNode:
    """The i18n plugin's ``languages:`` list in mkdocs.yml, as written (block style)."""
    root = yaml.compose(text, Loader=_Loader)

    def value(node: yaml.Node | None, key: str) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        return None

    plugins = value(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else []
    i18n = next((value(item, "i18n") for item in entries if value(item, "i18n") is not None), None)
    languages = value(i18n, "languages")
    if not isinstance(languages, yaml.SequenceNode) or not languages.value or languages.flow_style:
        raise InitError("mkdocs.yml has no list of languages under the i18n plugin; add the language there by hand")
    return languages


def add_to_mkdocs_yml(config_file: Path, locale: str) -> None:
    """Append ``locale`` to the i18n languages, with its own name, keeping the file's comments."""
    text = config_file.read_text(encoding="utf-8")
    node = _languages_node(text)
    first = node.value[0]
    indent = " " * max(first.start_mark.column - 2, 0)
    entry = (
        f"{indent}- locale: {locale}\n"
        f"{indent}  name: {yaml.safe_dump(language_name(locale), allow_unicode=True).splitlines()[0]}\n"
        f"{indent}  build: true\n"
    )
    lines = text.splitlines(keepends=True)
    end = node.value[-1].end_mark
    at = end.line if end.column == 0 else end.line + 1
    while at > 0 and not lines[at - 1].strip():  # after the last entry, before any blank lines
        at -= 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    lines.insert(at, entry)
    config_file.write_text("".join(lines), encoding="utf-8")


def add_language(config_file: Path, locale: str) -> Added:
    """Add ``locale`` to the project of ``config_file``; InitError (nothing written) when it cannot."""
    try:
        babel_locale(locale)
    except (UnknownLocaleError, ValueError):
        raise InitError(f"'{locale}' is not a language code; use codes such as ms, ko, pt-BR") from None
    report = Reporter()
    settings = read_settings(config_file, report)
    if settings is None:
        raise InitError("; ".join(f.format() for f in report.findings) or "mkdocs.yml cannot be read")
    if locale in settings.locales:
        raise InitError(f"{locale} is already one of the site's languages ({', '.join(settings.locales)})")
    _languages_node(config_file.read_text(encoding="utf-8"))  # refuse before writing anything
    content = load_content(settings.content_dir, settings.locales, Reporter())
    texts: list[tuple[Path, Path]] = []
    for notice in content.notices:
        locked = read_lock(notice)
        open_revisions = [r for r in notice.revisions if r.key not in locked]
        if not open_revisions:
            raise InitError(
                f"every revision of '{notice.id}' is published and locked, and a language joins at a new "
                f"revision: start one with `{command('new', notice.id, 'YYYY-MM-DD')}`, then run "
                f"`{command('add-language', locale)}` again"
            )
        for revision in open_revisions:
            source = revision.path / f"{notice.authoritative}.md"
            if source.is_file() and not (revision.path / f"{locale}.md").exists():
                texts.append((source, revision.path / f"{locale}.md"))
    done = Added()
    catalogs = settings.locales_dir or settings.root / "locales"
    if locale != SOURCE_LOCALE and not catalog_file(LOCALES_DIR, locale).is_file():
        if not catalog_file(catalogs, locale).is_file():
            path = write_catalog(locale, catalogs, settings.site_name)
            done.written.append(path)
        done.notes.append(
            f"{display_path(catalog_file(catalogs, locale))} has the UI text to translate: write every msgstr"
        )
    for source, target in texts:
        target.write_bytes(source.read_bytes())
        done.written.append(target)
        done.notes.append(f"{display_path(target)} is a copy of {source.name}: translate it before publishing")
    add_to_mkdocs_yml(config_file, locale)
    done.written.append(config_file)
    done.notes.append(
        f"a material revision needs a summary in {locale} too; `{command('check')}` lists what is left to do"
    )
    return done
