"""``notices update-catalogs``: a project's own catalogs get the entries a newer notices added.

A project made by ``notices init`` keeps catalogs only for languages notices
does not ship (``locales/fr/...``). When an upgrade of notices brings new UI
text, the build names each missing entry; this adds them, empty, for the team
to translate, as ``pybabel update --no-fuzzy-matching`` would (what
``make locales-update`` runs in notices' own repository). Translations already
there are kept; an entry no longer used is kept as obsolete (``#~``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from ..commands import command, make_or
from ..findings import Reporter
from ..resources import LOCALES_DIR, SOURCE_LOCALE, catalog_dir, catalog_file


def _translated(string: object) -> bool:
    """A message has its text, or every plural form of it."""
    return all(string) if isinstance(string, (list, tuple)) else bool(string)


@dataclass(frozen=True)
class Updated:
    path: Path
    added: int
    untranslated: int


def update_catalogs(locales_dir: Path, template: Path = LOCALES_DIR / "messages.pot") -> list[Updated]:
    """Merge ``template`` into every ``<ll>/LC_MESSAGES/messages.po`` under ``locales_dir``."""
    with template.open("rb") as fh:
        pot = read_po(fh)
    done: list[Updated] = []
    for path in sorted(locales_dir.glob("*/LC_MESSAGES/messages.po")):
        locale = path.parent.parent.name
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=locale.replace("-", "_"))  # Babel spells zh-TW as zh_TW
        before = {m.id for m in catalog if m.id}
        catalog.update(pot, no_fuzzy_matching=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            write_po(fh, catalog, width=100)
        tmp.replace(path)
        added = sum(1 for m in catalog if m.id and m.id not in before)
        untranslated = sum(1 for m in catalog if m.id and not _translated(m.string))
        done.append(Updated(path, added, untranslated))
    return done


def _key(msgid: object) -> object:
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def untranslated(path: Path, template: Path = LOCALES_DIR / "messages.pot") -> tuple[int, int, int]:
    """Of ``template``'s entries: how many ``path`` leaves empty (or fuzzy), how many it lacks, how many in all."""
    with template.open("rb") as fh:
        wanted = [_key(m.id) for m in read_po(fh) if m.id]
    with path.open("rb") as fh:
        catalog = read_po(fh)
    present = {_key(m.id) for m in catalog if m.id}
    done = {_key(m.id) for m in catalog if m.id and not m.fuzzy and _translated(m.string)}
    absent = sum(1 for key in wanted if key not in present)
    empty = sum(1 for key in wanted if key in present and key not in done)
    return empty, absent, len(wanted)


def check_catalogs(locales: tuple[str, ...], locales_dir: Path, report: Reporter) -> None:
    """One error per language whose UI text is incomplete, naming its catalog and the count: the build
    would stop on the first page that shows an untranslated string, so ``notices check`` stops first."""
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        path = catalog_file(catalog_dir(locale, locales_dir), locale)
        if not path.is_file():
            report.error(
                path,
                1,
                f"the {locale} pages have no UI text: this catalog does not exist",
                f"run `{command('add-language', locale)}`: it writes this file with every entry to translate",
                code="catalog-missing",
            )
            continue
        try:
            empty, absent, total = untranslated(path)
        except (OSError, ValueError) as exc:
            report.error(path, 1, f"the catalog cannot be read: {exc}", "repair or rewrite the file", code="catalog")
            continue
        if not empty and not absent:
            continue
        update = make_or("locales-update", command("update-catalogs"), locales_dir.parent)
        report.error(
            path,
            1,
            f"{empty + absent} of {total} UI strings have no {locale} translation, so {locale} pages would show "
            "English",
            (
                f"run `{update}` to add the {absent} new entr{'y' if absent == 1 else 'ies'} to this file, then "
                if absent
                else ""
            )
            + "write each empty msgstr in this file (a PO editor lists them), then run "
            + f"`{command('check')}`",
            code="catalog-untranslated",
        )
