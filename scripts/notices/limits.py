"""Text that would make the Markdown renderer crawl is refused before anything parses it.

Python-Markdown looks for the closing ``]`` of every ``[`` (and CPython's
HTML parser for the ``>`` of every ``<tag``) by scanning the rest of the
paragraph, so a paragraph of thousands of unclosed ``![`` or ``<a`` takes
minutes to render: the page build, and any check that parses the same way,
would appear to hang. A heading padded with thousands of spaces does the same
to attr_list's pattern. The cost is (unclosed openers) x (paragraph length);
one linear scan measures it, and past a budget the first unclosed opener is
reported at its line. Ordinary text (a stray ``[`` or two) is far below it.
WeasyPrint lays out a paragraph in time quadratic in its length, so a paragraph
is limited too (the longest in the Mozilla corpora has 1,915 characters).

What no scan foresees is bounded by time: :func:`time_budget` stops a parse
that runs past :data:`PARSE_SECONDS` and the file gets one message.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from .findings import Reporter
from .source_files import MAX_LINE

#: Characters the renderer may rescan in one file: about a second of work.
BUDGET = 2_000_000
#: Lists and quotes inside each other; Python-Markdown fails past about 200.
MAX_NESTING = 32
#: Spaces and tabs in a row; Python-Markdown's attr_list rescans such a run once per space.
MAX_BLANK_RUN = 1000
_BLANK_RUN = re.compile(r"[ \t]+")
#: Characters in one paragraph: ten times the longest real one; a PDF lays out a longer one in minutes.
MAX_PARAGRAPH = 20_000
#: Seconds one file's parse may take: a 1 MiB file full of links takes a few.
PARSE_SECONDS = 30.0
#: A line that starts a block of its own: a list item, a heading, a table row (after any '>' of a quote).
_BLOCK_START = re.compile(r"[ \t>]*(?:[-*+][ \t]|[0-9]{1,9}[.)][ \t]|#|\|)")


class TooSlow(Exception):
    """A parse ran past its time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`TooSlow` inside the block once ``seconds`` have passed.

    A timer signal interrupts pure-Python loops such as Python-Markdown's; it
    works in the main thread only, so elsewhere (a preview's watcher thread)
    the size checks above stand alone.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TooSlow

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's timer (a test runner's): give it back what is left
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001), interval)


@dataclass(frozen=True)
class _Block:
    start: int  # offset of the paragraph in the text
    length: int
    brackets: list[int]  # offsets of '[' never closed
    targets: list[int]  # offsets of '](' link addresses never closed with ')'
    tags: list[int]  # offsets of '<tag' never closed
    depth: int  # deepest nesting of '[' (each level is rescanned)
    deepest: int  # where that depth is reached

    @property
    def cost(self) -> int:
        return self.length * (len(self.brackets) + len(self.targets) + len(self.tags) + self.depth)


def _scan(text: str, start: int, end: int) -> _Block:
    brackets: list[int] = []
    targets: list[int] = []
    tags: list[int] = []
    parens: list[int] = []  # '(' still open in each open link address
    open_tag: int | None = None
    depth = deepest = 0
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            brackets.append(i)
            if len(brackets) > depth:
                depth, deepest = len(brackets), i
        elif ch == "]" and brackets:
            brackets.pop()
        elif ch == "(" and i > start and text[i - 1] == "]":
            targets.append(i)
            parens.append(1)
        elif ch == "(" and targets:  # '(' inside an address nests: Python-Markdown wants its ')' too
            parens[-1] += 1
        elif ch == ")" and targets:
            parens[-1] -= 1
            if not parens[-1]:
                targets.pop()
                parens.pop()
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
    return _Block(start, end - start, brackets, targets, tags, depth if depth > 2 else 0, deepest)


_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+][ \t]|[0-9]{1,9}[.)][ \t])")


def _too_deep(text: str, path: Path, report: Reporter) -> bool:
    """Lists and quotes nested past what a notice needs (Python-Markdown recurses once per level)."""
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        levels, at = indent // 4, 0
        while levels <= MAX_NESTING:
            m = _CONTAINER.match(line, at)
            if m is None:
                break
            levels, at = levels + 1, m.end()
        if levels > MAX_NESTING:
            report.error(
                path,
                number,
                f"this line is nested more than {MAX_NESTING} levels deep (lists inside lists, or quotes)",
                "a notice needs a few levels at most: remove the extra '>', '-' or indentation",
                code="too-complex",
            )
            return True
    return False


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


def _long_paragraph(text: str, path: Path, report: Reporter) -> bool:
    """A paragraph (lines up to an empty line or the next list item, heading or table row) past the limit."""
    start = size = 0
    lines = text.split("\n")
    for number, line in enumerate([*lines, ""], start=1):
        if len(line) > MAX_LINE:
            return False  # one message: the line's own, from the source check
        if not line.strip() or _BLOCK_START.match(line):
            if size > MAX_PARAGRAPH:
                report.error(
                    path,
                    start,
                    f"this paragraph is {size:,} characters long; the limit is {MAX_PARAGRAPH:,}",
                    "break it into paragraphs with an empty line between them; a page or PDF cannot lay out "
                    "one this long in reasonable time",
                    code="too-complex",
                )
                return True
            start, size = number, 0
        if line.strip():
            start, size = start or number, size + len(line) + 1
        else:
            start = 0
    return False


def check_render_cost(text: str, path: Path, report: Reporter) -> bool:
    """True when the text renders in reasonable time; else one error at the first costly spot."""
    if _too_deep(text, path, report) or _long_blank_run(text, path, report):
        return False
    if "[" not in text and "<" not in text:
        return not _long_paragraph(text, path, report)
    blocks = _blocks(text)
    if sum(b.cost for b in blocks) <= BUDGET:
        return not _long_paragraph(text, path, report)
    worst = max(blocks, key=lambda b: b.cost)
    kinds = {
        "brackets": len(worst.brackets),
        "targets": len(worst.targets),
        "tags": len(worst.tags),
        "depth": worst.depth,
    }
    kind = max(kinds, key=lambda k: kinds[k])
    if kind == "brackets":
        at, count = worst.brackets[0], len(worst.brackets)
        message = f"this paragraph has {count:,} '[' that are never closed with ']'"
        hint = "each '[' starts a link or image: close it with ']', or write '\\[' for a bracket that is only text"
    elif kind == "targets":
        at, count = worst.targets[0], len(worst.targets)
        message = f"this paragraph has {count:,} link addresses '](' that are never closed with ')'"
        hint = "end each link address with ')': [text](https://example.com)"
    elif kind == "tags":
        at, count = worst.tags[0], len(worst.tags)
        message = f"this paragraph has {count:,} '<' that start an HTML tag and are never closed with '>'"
        hint = "write '&lt;' for a '<' that is only text, or close the tag with '>'"
    else:
        at = worst.deepest
        message = f"this paragraph has brackets nested {worst.depth:,} deep"
        hint = "a link needs one pair of brackets: [text](https://...); write '\\[' for a bracket that is only text"
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
