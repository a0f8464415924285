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

import regex

from ..findings import Reporter

#: Characters that change how text is shown, or are not text at all: control characters (tab and
#: newline are text), line and paragraph separators, interlinear annotations, and every
#: Default_Ignorable_Code_Point of Unicode (soft hyphen, U+034F, U+180E, U+3164 HANGUL FILLER,
#: bidirectional controls, word joiners, tag characters ...), read from the ``regex`` module's tables.
_INVISIBLE = regex.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufff9-\ufffb\p{Default_Ignorable_Code_Point}]"
)
#: Default-ignorable characters that are part of writing: U+200B marks Thai word breaks; the
#: joiners (U+200C, U+200D) and a variation selector shape the character before them (Indic
#: scripts, emoji, a Japanese name's kanji variant). They are allowed after a visible character,
#: at most two in a row; anywhere else (a run that could carry hidden data, or alone) they are reported.
_WRITING = regex.compile(r"[\u200b\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_JOINED = regex.compile(
    r"(?<![\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef])(?<=[\p{L}\p{M}\p{N}\p{S}\p{P}])[\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef]{1,2}"
    r"(?![\u200c\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef])"
)


def _invisible(line: str) -> Iterator[regex.Match[str]]:
    """Each invisible character of ``line``, leaving out the ones that are part of writing."""
    found = list(_INVISIBLE.finditer(line))
    writing = any(_WRITING.match(m.group()) and m.group() != "\u200b" for m in found)
    allowed = {i for m in _JOINED.finditer(line) for i in range(m.start(), m.end())} if writing else set()
    for m in found:
        if m.group() == "\u200b" or (m.start() in allowed and _WRITING.match(m.group())):
            continue
        yield m


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
    if not _INVISIBLE.search(text):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        for m in _invisible(line):
            yield number, m.start() + 1, m.group()


def has_invisible(text: str) -> bool:
    return next(invisible_characters(text), None) is not None


def strip_invisible(text: str) -> str:
    """Remove the characters :func:`invisible_characters` reports (for feeds and e-mail headers).

    >>> strip_invisible("a\\u00adb\\u3164c \\u0e01\\u200b\\u0e02 \\U0001f441\\ufe0f\\u200d\\U0001f5e8\\ufe0f")
    'abc \u0e01\u200b\u0e02 👁️\u200d🗨️'
    """
    if not _INVISIBLE.search(text):
        return text
    return "\n".join(_strip_line(line) for line in text.split("\n"))


def _strip_line(line: str) -> str:
    out, position = [], 0
    for m in _invisible(line):
        out.append(line[position : m.start()])
        position = m.end()
    out.append(line[position:])
    return "".join(out)


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
