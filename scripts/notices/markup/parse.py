"""The site's Markdown, as a plain Python-Markdown instance: the checks parse what the page shows.

MkDocs builds pages with the ``markdown_extensions`` of mkdocs.yml; this
module names the same list so the checker needs no MkDocs import
(tests/test_hostile_content.py asserts the two lists agree).
``pymdownx.critic`` is left out on purpose: in content, CriticMarkup typed
by hand is an error, not a redline (see :mod:`notices.markup.hidden`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

#: The content extensions of mkdocs.yml, with their options.
SITE_EXTENSIONS: tuple[str, ...] = (
    "toc",
    "attr_list",
    "md_in_html",
    "tables",
    "admonition",
    "pymdownx.magiclink",
    "notices.markup.breaks",
)
SITE_EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": True}}


@dataclass
class Parsed:
    """One parse: the tree before ``toc`` adds ids, the final HTML, and the raw HTML blocks.

    ``uneven_rows``: each table row whose cell count differs from its header's, as
    (the row as written, the header's cells, the row's cells); the page pads or drops cells.
    """

    tree: ET.Element
    html: str
    raw_html: list[str] = field(default_factory=list)
    uneven_rows: list[tuple[str, int, int]] = field(default_factory=list)


class _Capture(Treeprocessor):  # type: ignore[misc]  # Python-Markdown is untyped
    """Keeps a copy of the tree after ``attr_list`` and before ``toc`` (ids are the author's own)."""

    def run(self, root: ET.Element) -> None:
        self.md.notices_tree = _copy(root)


def _copy(element: ET.Element) -> ET.Element:
    clone = ET.Element(element.tag, dict(element.attrib))
    clone.text, clone.tail = element.text, element.tail
    clone.extend(_copy(child) for child in element)
    return clone


class _CaptureExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Capture(md), "notices_capture", 6)
        if "table" in md.parser.blockprocessors:
            _count_cells(md, md.parser.blockprocessors["table"])


def _count_cells(md: markdown.Markdown, tables: Any) -> None:
    """Record each row the tables extension builds with another cell count than its header.

    The extension pads a short row and drops the cells past the header's, silently:
    the same split that builds the row counts its cells, so the check sees what the page does.
    """
    build_row = tables._build_row

    def counted(row: str, parent: ET.Element, align: list[str | None]) -> None:
        cells = len(tables._split_row(row))
        if cells != len(align):
            md.notices_rows.append((row, len(align), cells))
        build_row(row, parent, align)

    tables._build_row = counted


def site_markdown(*, sanitize: bool = True, capture: bool = False) -> markdown.Markdown:
    """A Markdown instance configured like the site's pages (and sanitized like them)."""
    from .sanitize import SanitizeExtension

    extensions: list[str | Extension] = list(SITE_EXTENSIONS)
    if sanitize:
        extensions.append(SanitizeExtension())
    if capture:
        extensions.append(_CaptureExtension())
    return markdown.Markdown(extensions=extensions, extension_configs=SITE_EXTENSION_CONFIGS)


_PARSER: markdown.Markdown | None = None


@lru_cache(maxsize=4096)  # load and check read each file's parse; a preview re-checks unchanged files
def parse(source: str) -> Parsed:
    """Parse Markdown as the site does, without sanitizing (the checks compare before and after).

    Cached: the section split and the markup check read the same parse. Treat it as read-only.
    """
    global _PARSER
    if _PARSER is None:
        _PARSER = site_markdown(sanitize=False, capture=True)
    md = _PARSER.reset()
    md.notices_tree = ET.Element("div")  # convert("") runs no treeprocessor
    md.notices_rows = []
    html = md.convert(source)
    tree: ET.Element = getattr(md, "notices_tree", ET.Element("div"))
    raw = [str(b) for b in md.htmlStash.rawHtmlBlocks]
    return Parsed(tree=tree, html=html, raw_html=raw, uneven_rows=list(md.notices_rows))
