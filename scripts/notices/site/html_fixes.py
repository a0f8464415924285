"""Repairs to Material's page markup that the Nu Html Checker rejects.

Material 9.8 writes three kinds of invalid HTML on every page; templates
cannot reach them without copying base.html whole, so the MkDocs adapter
passes each finished page through :func:`fix_theme_markup`:

- ``autocomplete="off"`` on its checkbox toggles (only text-like inputs may have it);
- ``tabindex=""`` on navigation section labels (not an integer);
- ``<label for="__toc">`` on pages whose table-of-contents toggle is not in
  the navigation (archived revisions, change pages): it names no control.
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')


def fix_theme_markup(page: str) -> str:
    """Return ``page`` with the theme's invalid attributes removed.

    >>> fix_theme_markup('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">')
    '<input class="md-toggle" type="checkbox" id="__drawer">'
    >>> fix_theme_markup('<label class="md-nav__link" for="__nav_2" tabindex="">')
    '<label class="md-nav__link">'
    >>> fix_theme_markup('<input type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">')
    '<input type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">'
    """
    page = _TOGGLE.sub(lambda m: m.group(0).replace(' autocomplete="off"', ""), page)
    page = _EMPTY_TABINDEX.sub("", page)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    return _FOR.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), page)
