"""A backslash at the end of a line is a line break: how content writes an address block.

Markdown joins the lines of a paragraph, so a contact block ("Personal Information
Desk", the company, the e-mail address) ran as one line. CommonMark's hard break, a
``\\`` at the end of the line, keeps the break visible in the source, where two
trailing spaces (Python-Markdown's own) are invisible and editors strip them.
See docs/guide/content.md ("Line breaks: an address block").

>>> import markdown
>>> markdown.markdown("Desk\\\\\\nSora Lotus Travel", extensions=[LineBreakExtension()])
'<p>Desk<br />\\nSora Lotus Travel</p>'
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

#: A backslash that ends a line inside a paragraph (not an escaped one, ``\\\\``: that is a backslash).
HARD_BREAK = r"(?<!\\)\\\n"


class _HardBreak(InlineProcessor):  # type: ignore[misc]  # Python-Markdown is untyped
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[ET.Element, int, int]:
        return ET.Element("br"), m.start(0), m.end(0)


class LineBreakExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_HardBreak(HARD_BREAK, md), "notices_hard_break", 185)  # before escapes (180)


def makeExtension(**kwargs: object) -> LineBreakExtension:  # Python-Markdown's name
    return LineBreakExtension(**kwargs)
