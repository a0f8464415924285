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

from ..resources import LOCALES_DIR


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
