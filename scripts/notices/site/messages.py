"""UI text in the visitor's language, from the Babel catalogs in ``locales/``.

The catalogs are read straight from their ``.po`` source, so a fresh clone
renders translated pages without a compile step. A string that has no
translation (or only a fuzzy one) is an error: a Thai page never falls back
to English UI text silently.
"""

from __future__ import annotations

import gettext as _gettext
import html
import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..resources import catalog_file

SOURCE_LOCALE = "en"
#: CLDR capitalizes these languages' names for stand-alone use (menus); in a
#: sentence they are written in lower case ("bản tiếng Anh").
_LOWERCASE_MID_SENTENCE = frozenset({"vi"})


class MissingTranslation(Exception):
    def __init__(self, locale: str, msgid: str, po_path: Path):
        self.locale, self.msgid, self.po_path = locale, msgid, po_path
        super().__init__(f"{po_path}: no {locale} translation for {msgid!r}")


def catalog_path(locales_dir: Path, locale: str) -> Path:
    """The catalog that serves BCP 47 code ``locale`` (``zh-TW`` reads ``zh_Hant``)."""
    return catalog_file(locales_dir, locale)


def babel_locale(code: str) -> Locale:
    """The CLDR locale of a BCP 47 code as a project writes it (``zh-TW``, ``es-ES``, ``pt_BR``).

    >>> babel_locale("zh-TW").script, babel_locale("es-ES").territory
    ('Hant', 'ES')
    """
    return Locale.parse(code.replace("_", "-"), sep="-")


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


def plural_samples(locale: str) -> dict[str, int]:
    """One whole number per CLDR plural category of ``locale``: a page script picks a
    counted message's form with ``Intl.PluralRules``, the catalog supplies each form.

    >>> plural_samples("en"), plural_samples("ja")
    ({'other': 0, 'one': 1}, {'other': 0})
    """
    rule = babel_locale(locale).plural_form
    samples: dict[str, int] = {}
    for n in (*range(1001), 1_000_000):
        samples.setdefault(rule(n), n)
    return samples


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
        self._plurals: dict[str, tuple[str, ...]] = {}
        self._plural_index: Callable[[int], int] = lambda n: 0 if n == 1 else 1  # English
        if catalog is not None:
            self._plural_index = _gettext.c2py(catalog.plural_expr)
            for message in catalog:
                if not message.id or message.fuzzy:
                    continue
                if isinstance(message.id, str) and message.string:
                    self._messages[message.id] = str(message.string)
                elif isinstance(message.id, (list, tuple)) and isinstance(message.string, (list, tuple)):
                    forms = tuple(str(form) for form in message.string)
                    if all(forms):
                        self._plurals[message.id[0]] = forms
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

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a counted message for ``n``, by the catalog's ``Plural-Forms``.

        >>> ui = UiText("en", None, Path("locales"))
        >>> [ui.ngettext("%(count)s page", "%(count)s pages", n) for n in (1, 2)]
        ['%(count)s page', '%(count)s pages']
        """
        forms = self._plurals.get(singular)
        if forms is None:
            if self.locale != SOURCE_LOCALE:
                self.missing.add(singular)
            return singular if n == 1 else plural
        return forms[min(self._plural_index(n), len(forms) - 1)]

    def plural_text(self, singular: str, plural: str, n: int, **params: str) -> str:
        """Translated plain text for count ``n`` (``%(count)s`` is ``n``)."""
        return self.ngettext(singular, plural, n) % {"count": str(n), **params}

    def plural_html(self, singular: str, plural: str, n: int, **params: str) -> str:
        """Like :meth:`plural_text`, HTML-escaped, with already-safe HTML ``params``."""
        return html.escape(self.ngettext(singular, plural, n), quote=False) % {"count": str(n), **params}

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
        name = babel_locale(code).get_language_name(babel_locale(self.locale)) or code
        if babel_locale(self.locale).language in _LOWERCASE_MID_SENTENCE:
            name = name[:1].lower() + name[1:]
        return name
