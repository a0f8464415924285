"""Split a ``<locale>.md`` file into its title, preamble and ``{#id}`` sections.

The split is line based and fence aware: a ``#`` inside a fenced code block is
not a heading. Only ATX headings count (``# Title``, ``## Heading {#id}``);
deeper headings (``###``) stay inside their section's body.
"""

from __future__ import annotations

import re
from pathlib import Path

from .findings import Reporter
from .model import Document, Section

SECTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: Possessive quantifiers and a lookbehind keep these linear: the plain ``(.*?)[ \t]*$`` and
#: ``\s*\{`` rescanned a run of spaces from every position (seconds on one padded heading).
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]++((?:[ \t]*+[^ \t]++)*+))?[ \t]*$")
_ATTR_LIST = re.compile(r"(?<!\s)\s*+\{:?+\s*+([^{}]*+)\}\s*+$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def split_attr_list(text: str) -> tuple[str, str | None, int]:
    """Split ``Heading {#id .cls}`` into (heading, id, column of the id).

    >>> split_attr_list("Purpose of use {#purpose-of-use}")
    ('Purpose of use', 'purpose-of-use', 17)
    >>> split_attr_list("No id here")
    ('No id here', None, 0)
    """
    m = _ATTR_LIST.search(text)
    if not m:
        return text.strip(), None, 0
    for token in m.group(1).split():
        if token.startswith("#"):
            return text[: m.start()].strip(), token[1:], m.start(1) + 1
    return text[: m.start()].strip(), None, 0


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
        m = _ATX.match(line)
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
