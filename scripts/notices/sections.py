"""Split a ``<locale>.md`` file into its title, preamble and ``{#id}`` sections.

The split is line based and fence aware: a ``#`` inside a fenced code block is
not a heading. Only ATX headings count (``# Title``, ``## Heading {#id}``);
deeper headings (``###``) stay inside their section's body.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .findings import Reporter
from .model import Document, Section

SECTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: The opening hashes only: the rest of the line is cut with str methods, which
#: never backtrack (a lazy ``(.*?)[ \t]*$`` took seconds on a heading padded with spaces).
_ATX_OPEN = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")


class _Atx:
    """An ATX heading line: ``group(1)`` the hashes, ``group(2)`` the text (None when empty)."""

    def __init__(self, hashes: str, text: str, start: int):
        self._groups = (hashes, text or None)
        self._start = start

    def group(self, index: int) -> Any:  # as re.Match.group: the hashes, or the text or None
        return self._groups[index - 1]

    def start(self, index: int) -> int:
        return self._start


def _match_atx(line: str) -> _Atx | None:
    m = _ATX_OPEN.match(line)
    if m is None:
        return None
    rest = line[m.end() :]
    text = rest.lstrip(" \t")
    start = m.end() + len(rest) - len(text)
    return _Atx(m.group(1), text.rstrip(" \t"), start)


_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def split_attr_list(text: str) -> tuple[str, str | None, int]:
    """Split ``Heading {#id .cls}`` into (heading, id, column of the id).

    >>> split_attr_list("Purpose of use {#purpose-of-use}")
    ('Purpose of use', 'purpose-of-use', 17)
    >>> split_attr_list("No id here")
    ('No id here', None, 0)
    """
    body = text.rstrip()
    opening = body.rfind("{")
    if not body.endswith("}") or opening < 0 or "}" in body[opening + 1 : -1]:
        return text.strip(), None, 0
    inner = opening + 1 + (body[opening + 1 : opening + 2] == ":")
    inner += len(body[inner:-1]) - len(body[inner:-1].lstrip())
    before = body[:opening].rstrip()
    for token in body[inner:-1].split():
        if token.startswith("#"):
            return before.strip(), token[1:], inner + 1
    return before.strip(), None, 0


def parse_document(source: str, path: Path, locale: str, report: Reporter) -> Document:
    """Parse one locale file; problems go to ``report`` with their line.

    Returns a Document even when there are errors, so later checks (section
    parity, for one) can still run and report everything in one pass.
    """
    lines = source.splitlines()
    title = ""
    title_line = 0
    preamble: list[str] = []
    sections: list[Section] = []
    current: dict[str, object] | None = None
    body: list[str] = []
    fence: str | None = None
    fence_line = 1
    seen: dict[str, int] = {}

    def close() -> None:
        if current is not None:
            sections.append(
                Section(
                    id=str(current["id"]),
                    heading=str(current["heading"]),
                    body="\n".join(body).strip("\n"),
                    line=int(current["line"]),  # type: ignore[call-overload]
                )
            )

    for number, line in enumerate(lines, start=1):
        target = body if current is not None else preamble
        if fence is not None:
            target.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        fm = _FENCE.match(line)
        if fm:
            fence, fence_line = fm.group(1), number
            target.append(line)
            continue
        m = _match_atx(line)
        if m and len(m.group(1)) == 1:
            text, _, _ = split_attr_list(m.group(2) or "")
            if title_line:
                report.error(
                    path,
                    number,
                    f"a second H1 '# {text}' (the title is already set on line {title_line})",
                    "a notice has one title; make this a section with '## ' and an {#id}",
                    code="second-h1",
                )
                target.append(line)
                continue
            if current is not None or any(p.strip() for p in preamble):
                report.error(
                    path,
                    number,
                    "the title '# ...' must come first, before any text or section",
                    "move the '# Title' line to the top of the file",
                    code="late-h1",
                )
            if not text:
                report.error(path, number, "the title is empty", "write the notice's title after '# '", code="empty-h1")
            title, title_line = text, number
            continue
        if m and len(m.group(1)) == 2:
            heading, section_id, col = split_attr_list(m.group(2) or "")
            col += m.start(2) if m.group(2) else 0
            if section_id is None:
                report.error(
                    path,
                    number,
                    f"section '## {heading}' has no id",
                    "add a stable id at the end of the heading, e.g. '## Contact {#contact}'; "
                    "use the same id in every language",
                    code="missing-id",
                )
                section_id = f"line-{number}"
            elif not SECTION_ID.match(section_id):
                report.error(
                    path,
                    number,
                    f"section id '{section_id}' is not valid",
                    "ids use lowercase letters a-z, digits and single hyphens, e.g. {#purpose-of-use}",
                    col=col,
                    code="bad-id",
                )
            if not heading:
                report.error(
                    path,
                    number,
                    f"section '{section_id}' has an empty heading",
                    "write the heading before the {#id}",
                    code="empty-heading",
                )
            if section_id in seen:
                report.error(
                    path,
                    number,
                    f"duplicate section id '{section_id}' (first used on line {seen[section_id]})",
                    "every section needs its own id; rename one of them",
                    col=col,
                    code="duplicate-id",
                )
            seen.setdefault(section_id, number)
            close()
            current = {"id": section_id, "heading": heading, "line": number}
            body = []
            continue
        target.append(line)

    close()
    if not source.strip():
        report.error(
            path,
            1,
            "the file is empty",
            "write the notice: a '# Title' line, then '## Heading {#id}' sections",
            code="empty-file",
        )
    elif not title_line:
        report.error(
            path, 1, "the file has no title", "start the file with one line '# Title of the notice'", code="no-h1"
        )
    if fence is not None:
        report.error(
            path,
            fence_line,
            f"a code block opened with {fence} on this line is never closed",
            f"add a closing {fence} line",
            code="open-fence",
        )
    if not sections and title_line:
        report.error(
            path,
            title_line,
            "the notice has no sections",
            "add sections as '## Heading {#id}' below the title",
            code="no-sections",
        )
    return Document(
        locale=locale,
        path=path,
        title=title,
        title_line=title_line,
        preamble="\n".join(preamble).strip("\n"),
        sections=tuple(sections),
        source=source,
    )
