"""The theme overrides and UI catalogs that ship inside the package.

``overrides/`` and ``locales/`` at the top of the repository are the source;
``scripts/notices/overrides`` and ``scripts/notices/locales`` are links to
them that setuptools copies into the wheel. A project needs its own folders
only to customise: its catalog for a language wins over the packaged one, and
its ``custom_dir`` comes before the packaged templates.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
THEME_DIR = PACKAGE_DIR / "overrides"
LOCALES_DIR = PACKAGE_DIR / "locales"
#: The language the UI strings are written in: it needs no catalog.
SOURCE_LOCALE = "en"


def notices_version() -> str:
    """The installed notices' version: ``version`` in pyproject.toml is its one source."""
    try:
        return metadata.version("notices")
    except metadata.PackageNotFoundError:  # pragma: no cover - imported from a checkout without install
        return "0+unknown"


def catalog_file(locales_dir: Path, locale: str) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / "messages.po"


def catalog_dir(locale: str, project_dir: Path | None = None) -> Path:
    """The folder whose catalog serves ``locale``: the project's if it has one, else the package's.

    >>> catalog_dir("ja") == LOCALES_DIR
    True
    """
    if project_dir is not None and catalog_file(project_dir, locale).is_file():
        return project_dir
    if catalog_file(LOCALES_DIR, locale).is_file() or project_dir is None:
        return LOCALES_DIR
    return project_dir  # neither has it: errors then name the project's (missing) file


def packaged_locales() -> tuple[str, ...]:
    """The languages the package has UI text for: the source language and every catalog.

    >>> {"en", "ja", "vi", "th"} <= set(packaged_locales())
    True
    """
    found = sorted(p.parent.parent.name for p in LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))
    return (SOURCE_LOCALE, *[ll for ll in found if ll != SOURCE_LOCALE])
