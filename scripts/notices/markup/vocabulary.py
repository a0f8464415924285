"""The site's own vocabulary, which content may not use: the theme's classes, ids and data attributes.

Material's JavaScript reads ``<div id="__config">`` as its configuration and
``data-md-*`` as its components; Pagefind reads ``data-pagefind-*`` to decide
what is indexed and how it is labelled; ``notices-…`` classes are the
banners, notes and print lines the renderer writes. A notice that used them
could pose as the site (an official-looking "in force" banner), hide a
sentence on screen or in print, or relabel itself in search. The ids are read
from the theme's templates and the notices' overrides, so a new id in a
theme upgrade is covered without editing a list.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from ..resources import THEME_DIR

#: Class prefixes of the site: Material's (``md-``) and the renderer's (``notices-``).
CLASS_PREFIXES = ("md-", "notices-")
#: Data attributes the theme's and the search's scripts read.
DATA_PREFIXES = ("data-md-", "data-pagefind")
_ID = re.compile(r"""\bid=["']([^"'{}\s]*)(\{)?""")


def _template_folders() -> list[Path]:
    folders = [THEME_DIR]
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "templates")
    return folders


def _common_start(words: set[str]) -> str:
    """The start all ``words`` share (that of the first and last in order is that of them all)."""
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


@lru_cache(maxsize=1)
def theme_ids() -> tuple[frozenset[str], tuple[str, ...]]:
    """(ids, id prefixes) the templates write.

    ``id="__config"`` is an id; ``id="__palette_{{ … }}"`` a prefix; and the prefix every id of
    a theme shares (Material's ``__``, which its navigation's ``id="{{ path }}"`` also uses).
    """
    ids: set[str] = set()
    prefixes: set[str] = set()
    for folder in _template_folders():
        own: set[str] = set()
        for path in folder.rglob("*.html") if folder.is_dir() else ():
            for m in _ID.finditer(path.read_text(encoding="utf-8", errors="replace")):
                if m.group(2) and m.group(1):
                    prefixes.add(m.group(1))
                elif m.group(1) and not m.group(2):
                    own.add(m.group(1))
        shared = _common_start(own) if len(own) > 1 else ""
        if len(shared) >= 2 and not shared[-1].isalnum():
            prefixes.add(shared)
        ids |= own
    return frozenset(ids), tuple(sorted(prefixes))


def is_site_id(value: str) -> bool:
    """An id the theme or the site's own pages use.

    >>> [is_site_id(v) for v in ("__config", "__search", "__nav_2", "notices-search-query", "contact")]
    [True, True, True, True, False]
    """
    ids, prefixes = theme_ids()
    return value in ids or value.startswith((*prefixes, *CLASS_PREFIXES))


@dataclass(frozen=True)
class Borrowed:
    """One use of the site's vocabulary: ``kind`` is "class", "id" or "attribute"."""

    kind: str
    tag: str
    value: str
    section: str


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Borrowed] = []
        self.section = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "h2":
            self.section = values.get("id", self.section)
        elif tag == "h1":
            self.section = ""
        for name, value in values.items():
            if name == "class":
                for token in value.split():
                    if token.startswith(CLASS_PREFIXES):
                        self.found.append(Borrowed("class", tag, token, self.section))
            elif name == "id" and is_site_id(value):
                self.found.append(Borrowed("id", tag, value, self.section))
            elif name.startswith(DATA_PREFIXES):
                self.found.append(Borrowed("attribute", tag, name, self.section))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def borrowed_vocabulary(html: str) -> Iterator[Borrowed]:
    """Every class, id and data attribute of the site's own in ``html`` (a notice's page, unsanitized)."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    yield from scan.found
