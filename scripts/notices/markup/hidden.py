"""Text the page shows differently from the file: invisible characters, CriticMarkup, code fences.

A right-to-left override makes a browser show "30 days" for a stored "03
days"; a line separator (U+2028) splits a line for some tools and not for
others; a NUL byte is published as is. CriticMarkup (``{++ ++}``) typed into
a notice would show as a redline on a change page. None of these can be seen
in an editor, so each is an error at its line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ..findings import Reporter

#: Characters that change how text is shown, or are not text at all. U+200B
#: (zero width space) is left alone: Thai text uses it to mark word breaks.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (tab and newline are text)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional controls
    "\u2028\u2029"  # line and paragraph separators
    "\u2060-\u2064\ufeff\ufff9-\ufffb"  # word joiner, invisible operators, stray BOM, annotations
    "\U000e0000-\U000e007f]"  # tag characters
)
_CRITIC = re.compile(r"\{(\+\+|--|~~|==|>>)|(\+\+|--|~~|==|<<)\}")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

_NAMES = {"\x00": "NUL", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR", "\ufeff": "BYTE ORDER MARK"}


def character_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: the name a reader can search for.

    >>> character_name("\\u202e")
    'U+202E (RIGHT-TO-LEFT OVERRIDE)'
    """
    name = _NAMES.get(char) or unicodedata.name(char, "") or "control character"
    return f"U+{ord(char):04X} ({name})"


def invisible_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of each invisible or control character; lines split on LF only.

    >>> list(invisible_characters("a\\nb\\u202ec\\u2028"))
    [(2, 2, '\\u202e'), (2, 4, '\\u2028')]
    """
    for number, line in enumerate(text.split("\n"), start=1):
        for m in _INVISIBLE.finditer(line):
            yield number, m.start() + 1, m.group()


def has_invisible(text: str) -> bool:
    return _INVISIBLE.search(text) is not None


def strip_invisible(text: str) -> str:
    """Remove the characters :func:`invisible_characters` reports (for feeds and e-mail headers)."""
    return _INVISIBLE.sub("", text)


def critic_markup(text: str) -> re.Match[str] | None:
    return _CRITIC.search(text)


def check_source_text(source: str, path: Path, report: Reporter) -> None:
    """Invisible characters, hand-typed CriticMarkup and code fences, each at its line."""
    last_line = 0
    for number, col, char in invisible_characters(source):
        if number == last_line:
            continue  # one message per line is enough to find them
        last_line = number
        report.error(
            path,
            number,
            f"an invisible character {character_name(char)} is in the text",
            "delete it: it makes the page show something other than the file (retype the line if you cannot see it)",
            col=col,
            code="invisible-character",
        )
    fence_open = False
    for number, line in enumerate(source.split("\n"), start=1):
        m = _CRITIC.search(line)
        if m:
            report.error(
                path,
                number,
                f"'{m.group()}' is CriticMarkup, which the site would show as a redline",
                "the site writes redlines itself; write the text as it should read",
                col=m.start() + 1,
                code="critic-markup",
            )
        fence = _FENCE.match(line)
        if fence:
            if not fence_open:
                report.error(
                    path,
                    number,
                    f"{fence.group(1)} does not start a code block on this site: the lines below show as normal text",
                    "remove the line: a notice is text, and the site shows no code blocks",
                    col=fence.start(1) + 1,
                    code="code-fence",
                )
            fence_open = not fence_open
