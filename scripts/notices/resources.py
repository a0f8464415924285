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

from babel import Locale, UnknownLocaleError
from babel.core import get_global

PACKAGE_DIR = Path(__file__).resolve().parent
THEME_DIR = PACKAGE_DIR / "overrides"
LOCALES_DIR = PACKAGE_DIR / "locales"
#: The language the UI strings are written in: it needs no catalog.
SOURCE_LOCALE = "en"


def catalog_names(locale: str) -> tuple[str, ...]:
    """The catalog folders that may serve BCP 47 code ``locale``, best first.

    The code as written, then its gettext spelling, then language and script,
    then the language alone, unless the language alone is written in
    another script (``zh`` is Simplified; ``zh-TW`` is not).

    >>> catalog_names("zh-TW")
    ('zh-TW', 'zh_Hant_TW', 'zh_Hant')
    >>> catalog_names("zh-CN")
    ('zh-CN', 'zh_Hans_CN', 'zh_Hans', 'zh')
    >>> catalog_names("es-ES")
    ('es-ES', 'es_ES', 'es_Latn', 'es')
    """
    parts = locale.replace("_", "-").split("-")
    language = parts[0].lower()
    try:
        parsed = Locale.parse("-".join(parts), sep="-")
    except (UnknownLocaleError, ValueError):
        return (locale,)
    script = parsed.script or _likely_script(str(parsed)) or _likely_script(language)
    names = [locale, str(parsed)]
    if script:
        names.append(f"{language}_{script}")
    if script == _likely_script(language):
        names.append(language)
    return tuple(dict.fromkeys(names))


def locale_script(locale: str) -> str:
    """The ISO 15924 script BCP 47 code ``locale`` is written in (``zh-TW``: Hant, ``ko``: Kore), or ""."""
    language = locale.replace("_", "-").split("-")[0].lower()
    try:
        parsed = Locale.parse(locale.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return _likely_script(language)
    return parsed.script or _likely_script(str(parsed)) or _likely_script(language)


def _likely_script(tag: str) -> str:
    """The script CLDR assumes for ``tag`` (``zh_TW``: Hant), or ""."""
    parts = str(get_global("likely_subtags").get(tag, "")).split("_")
    return parts[1] if len(parts) == 3 else ""


def notices_version() -> str:
    """The installed notices' version: ``version`` in pyproject.toml is its one source."""
    try:
        return metadata.version("notices")
    except metadata.PackageNotFoundError:  # pragma: no cover - imported from a checkout without install
        return "0+unknown"


def catalog_file(locales_dir: Path, locale: str) -> Path:
    """The catalog in ``locales_dir`` that serves ``locale`` (zh-TW: ``zh_Hant``), else the one to write."""
    for name in catalog_names(locale):
        path = locales_dir / name / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            return path
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


def shipped_locales() -> tuple[str, ...]:
    """Every language the package has UI text for, as BCP 47 codes (the folder ``zh_Hant`` is ``zh-Hant``).

    >>> {"en", "ja", "ko", "zh-Hans", "zh-Hant", "fr", "ar"} <= set(shipped_locales())
    True
    """
    found = sorted(p.parent.parent.name.replace("_", "-") for p in LOCALES_DIR.glob("*/LC_MESSAGES/messages.po"))
    return (SOURCE_LOCALE, *[ll for ll in found if ll != SOURCE_LOCALE])


def packaged_locales() -> tuple[str, ...]:
    """The languages a new project starts in: UI text and a starting notice for each (en, ja, vi, th).

    >>> packaged_locales()[:1], {"ja", "vi", "th"} <= set(packaged_locales())
    (('en',), True)
    """
    starters = PACKAGE_DIR / "templates" / "privacy"
    return tuple(ll for ll in shipped_locales() if (starters / f"{ll}.md").is_file())
