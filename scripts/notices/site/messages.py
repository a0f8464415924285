"""UI text in the visitor's language, from the Babel catalogs in ``locales/``.

The catalogs are read straight from their ``.po`` source, so a fresh clone
renders translated pages without a compile step. A string that has no
translation (or only a fuzzy one) is an error: a Thai page never falls back
to English UI text silently.
"""

from __future__ import annotations

import html
import io
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

SOURCE_LOCALE = "en"
#: CLDR capitalizes these languages' names for stand-alone use (menus); in a
#: sentence they are written in lower case ("bản tiếng Anh").
_LOWERCASE_MID_SENTENCE = frozenset({"vi"})


class MissingTranslation(Exception):
    def __init__(self, locale: str, msgid: str, po_path: Path):
        self.locale, self.msgid, self.po_path = locale, msgid, po_path
        super().__init__(f"{po_path}: no {locale} translation for {msgid!r}")


def catalog_path(locales_dir: Path, locale: str) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=32)
def _read_catalog(path: Path, mtime_ns: int) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def read_catalog(locales_dir: Path, locale: str) -> Catalog | None:
    path = catalog_path(locales_dir, locale)
    if not path.is_file():
        return None
    return _read_catalog(path, path.stat().st_mtime_ns)


def gettext_translations(locales_dir: Path, locale: str) -> Translations | None:
    """A gettext object for Jinja's i18n extension (the templates in overrides/)."""
    catalog = read_catalog(locales_dir, locale)
    if catalog is None:
        return None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


class UiText:
    """Strict translations for one locale.

    >>> ui = UiText("en", None, Path("locales"))
    >>> ui.html("Effective date: %(date)s", date="<time>July 3, 2023</time>")
    'Effective date: <time>July 3, 2023</time>'
    """

    def __init__(self, locale: str, catalog: Catalog | None, locales_dir: Path):
        self.locale = locale
        self.po_path = catalog_path(locales_dir, locale)
        self._messages: dict[str, str] = {}
        if catalog is not None:
            for message in catalog:
                if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
                    self._messages[message.id] = str(message.string)
        self.missing: set[str] = set()

    @classmethod
    def load(cls, locales_dir: Path, locale: str) -> UiText:
        return cls(locale, read_catalog(locales_dir, locale), locales_dir)

    def gettext(self, msgid: str) -> str:
        """The translation of ``msgid``; records a miss for every locale but the source one."""
        if self.locale == SOURCE_LOCALE:
            return self._messages.get(msgid) or msgid
        text = self._messages.get(msgid)
        if text is None:
            self.missing.add(msgid)
            return msgid
        return text

    def text(self, msgid: str, **params: str) -> str:
        """Translated plain text with ``%(name)s`` parameters filled in."""
        message = self.gettext(msgid)
        return message % params if params else message

    def html(self, msgid: str, **params: str) -> str:
        """Translated text, HTML-escaped, with already-safe HTML ``params`` inserted."""
        message = html.escape(self.gettext(msgid), quote=False)
        return message % params if params else message

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in this locale, from CLDR, as used mid-sentence.

        >>> UiText("vi", None, Path("locales")).language_name("en")
        'tiếng Anh'
        """
        name = Locale.parse(code).get_language_name(self.locale) or code
        if self.locale in _LOWERCASE_MID_SENTENCE:
            name = name[:1].lower() + name[1:]
        return name
