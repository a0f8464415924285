"""Text that would make the Markdown renderer crawl is refused before anything parses it.

Python-Markdown looks for the closing ``]`` of every ``[`` (and CPython's
HTML parser for the ``>`` of every ``<tag``) by scanning the rest of the
paragraph, so a paragraph of thousands of unclosed ``![`` or ``<a`` takes
minutes to render: the page build, and any check that parses the same way,
would appear to hang. A heading padded with thousands of spaces does the same
to attr_list's pattern. The cost is (unclosed openers) x (paragraph length);
one linear scan measures it, and past a budget the first unclosed opener is
reported at its line. Ordinary text (a stray ``[`` or two) is far below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .findings import Reporter

#: Characters the renderer may rescan in one file: about a second of work.
BUDGET = 2_000_000
#: Spaces and tabs in a row; Python-Markdown's attr_list rescans such a run once per space.
MAX_BLANK_RUN = 1000
_BLANK_RUN = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class _Block:
    start: int  # offset of the paragraph in the text
    length: int
    brackets: list[int]  # offsets of '[' never closed
    tags: list[int]  # offsets of '<tag' never closed


def _scan(text: str, start: int, end: int) -> _Block:
    brackets: list[int] = []
    tags: list[int] = []
    open_tag: int | None = None
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            brackets.append(i)
        elif ch == "]" and brackets:
            brackets.pop()
        elif ch == "<":
            if open_tag is not None:
                tags.append(open_tag)
            nxt = text[i + 1 : i + 2]
            open_tag = i if nxt.isascii() and (nxt.isalpha() or nxt in "/!?") else None
        elif ch == ">":
            open_tag = None
        i += 1
    if open_tag is not None:
        tags.append(open_tag)
    return _Block(start, end - start, brackets, tags)


def _blocks(text: str) -> list[_Block]:
    """Paragraphs (text between empty lines), each scanned once."""
    blocks = []
    start = 0
    for end in _paragraph_ends(text):
        if end > start:
            blocks.append(_scan(text, start, end))
        start = end
    return blocks


def _paragraph_ends(text: str) -> list[int]:
    ends = []
    at = 0
    while True:
        found = text.find("\n\n", at)
        if found < 0:
            ends.append(len(text))
            return ends
        ends.append(found + 1)
        at = found + 2


def _long_blank_run(text: str, path: Path, report: Reporter) -> bool:
    """attr_list's heading pattern is quadratic in a run of spaces: refuse runs no notice needs."""
    for m in _BLANK_RUN.finditer(text):
        if len(m.group()) > MAX_BLANK_RUN:
            at = m.start()
            report.error(
                path,
                text.count("\n", 0, at) + 1,
                f"{len(m.group()):,} spaces or tabs in a row, which would take minutes to display",
                "remove them: spaces do not lay out text on the page; use an empty line between paragraphs",
                col=at - (text.rfind("\n", 0, at) + 1) + 1,
                code="too-complex",
            )
            return True
    return False


def check_render_cost(text: str, path: Path, report: Reporter) -> bool:
    """True when the text renders in reasonable time; else one error at the first costly spot."""
    if _long_blank_run(text, path, report):
        return False
    if "[" not in text and "<" not in text:
        return True
    blocks = _blocks(text)
    total = sum(b.length * (len(b.brackets) + len(b.tags)) for b in blocks)
    if total <= BUDGET:
        return True
    worst = max(blocks, key=lambda b: b.length * (len(b.brackets) + len(b.tags)))
    if len(worst.brackets) >= len(worst.tags):
        at, count = worst.brackets[0], len(worst.brackets)
        message = f"this paragraph has {count:,} '[' that are never closed with ']'"
        hint = "each '[' starts a link or image: close it with ']', or write '\\[' for a bracket that is only text"
    else:
        at, count = worst.tags[0], len(worst.tags)
        message = f"this paragraph has {count:,} '<' that start an HTML tag and are never closed with '>'"
        hint = "write '&lt;' for a '<' that is only text, or close the tag with '>'"
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    report.error(
        path,
        line,
        message + ", which would take minutes to display",
        hint,
        col=col,
        code="too-complex",
    )
    return False
