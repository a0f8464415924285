"""Split a ``<locale>.md`` file into its title, preamble and ``{#id}`` sections, as the page shows them.

The headings come from the same Python-Markdown parse that renders the page
(:mod:`notices.markup.parse`): what the checker counts as a section is what a
visitor sees as one. The source lines are then matched to those headings, so
each section keeps its Markdown and its line number. Where the two disagree,
the file says one thing and the page another, which is an error at the line:

- a ``## Heading`` line the page does not show as a heading (inside an
  unclosed ``<div>`` or an HTML comment);
- a heading the page shows but that is not a ``## `` line (``Title`` over
  ``-----``, a heading inside a box or an HTML block);
- a heading with two ids, or ``##Heading`` without a space.

H1 is the title and H2 a section. Sections nest one level: a ``### Heading
{#id}`` under a ``##`` makes that ``##`` a group and the ``###`` a section of
its own (aligned, diffed and checked like any other); a ``###`` without an id
stays text inside its section, as before, unless its group has ``###``
sections, where every ``###`` needs an id.

Over 400 lines as one unit: the split and the heading checks read the same parse matched to the same
source lines, and must agree.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..findings import Reporter
from ..markup.hidden import check_source_text
from ..markup.parse import parse
from .model import Document, Section

SECTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Ids the pages give their own parts: no section or anchor may take them.
RESERVED_IDS = frozenset({"revision-history", "changes", "upcoming", "superseded"})
#: An ATX heading as Python-Markdown reads it: no space is needed after the hashes. Possessive
#: quantifiers keep it linear: ``(.*?)[ \t]*$`` rescanned a run of spaces from every position.
_ATX = re.compile(r"^ {0,3}(#{1,6})((?:[ \t]*+[^ \t]++)*+)[ \t]*$")
#: The lookbehind and possessive quantifiers keep this linear on long runs of spaces.
_ATTR_LIST = re.compile(r"(?<!\s)\s*+\{:?+\s*+([^{}]*+)\}\s*+$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_PLACEHOLDER = re.compile("\x02wzxhzdk:\\d+\x03")
#: A YAML front matter block as other site generators read it: ``---`` on line 1, closed by ``---`` or ``...``.
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_YAML_KEY = re.compile(r"^[A-Za-z_][\w -]*:(?:\s|$)")


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


@dataclass(frozen=True)
class _Heading:
    """An H1, H2 or H3 as the page shows it."""

    level: int
    text: str
    id: str | None
    nested: bool

    @property
    def key(self) -> tuple[int, str, str | None]:
        return self.level, self.text, self.id


def _text(element: ET.Element) -> str:
    return " ".join(_PLACEHOLDER.sub("", "".join(element.itertext())).split())


def page_headings(tree: ET.Element) -> list[_Heading]:
    """Every H1 and H2 of a parse, and each H3 at the left margin, in order.

    ``nested`` when inside a list, box or HTML block (an H3 there is text of its section).
    """
    found: list[_Heading] = []

    def walk(element: ET.Element, depth: int) -> None:
        for child in element:
            if child.tag in ("h1", "h2") or (child.tag == "h3" and depth == 0):
                found.append(_Heading(int(child.tag[1]), _text(child), child.get("id"), depth > 0))
            else:
                walk(child, depth + 1)

    walk(tree, 0)
    return found


@lru_cache(maxsize=4096)
def _line_heading(line: str) -> _Heading | None:
    """How the page shows one ``#`` line on its own: the key to find it among the page's headings."""
    headings = page_headings(parse(line.strip()).tree)
    return headings[0] if len(headings) == 1 else None


@dataclass
class _Line:
    number: int
    level: int
    rest: str  # the text after the hashes, as written
    col: int  # column where ``rest`` starts


def _heading_lines(lines: list[str]) -> list[_Line]:
    found = []
    for number, line in enumerate(lines, start=1):
        m = _ATX.match(line)
        if m and len(m.group(1)) <= 3 and not line.startswith("#" * (len(m.group(1)) + 1), line.index("#")):
            found.append(_Line(number, len(m.group(1)), m.group(2), m.start(2)))
    return found


def _front_matter(lines: list[str]) -> int:
    """The last line of a YAML front matter block at the top of the file, or 0 when there is none."""
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if _FRONT_MATTER_END.match(line):
            keys = [x for x in lines[1 : number - 1] if x.strip() and not x.startswith((" ", "\t", "-", "#"))]
            return number if keys and all(_YAML_KEY.match(x) for x in keys) else 0
    return 0


def parse_document(source: str, path: Path, locale: str, report: Reporter) -> Document:
    """Parse one locale file; problems go to ``report`` with their line.

    Returns a Document even when there are errors, so later checks (section
    parity, for one) can still run and report everything in one pass.
    """
    lines = source.split("\n")
    check_source_text(source, path, report)
    front = _front_matter(lines)
    if front:
        report.error(
            path,
            1,
            f"lines 1-{front} are YAML front matter ('---' ... '---'), which a notice's text does not have",
            f"delete lines 1-{front}: the title is the '# Title' line, and dates and summaries go in revision.yml",
            code="front-matter",
        )
        lines = [""] * front + lines[front:]  # the rest is checked on its own, at its own line numbers
        source = "\n".join(lines)
    parsed = parse(source)
    shown = page_headings(parsed.tree)
    candidates = _heading_lines(lines)

    # Match each heading of the page to its "#" line, in order; what is left over disagrees.
    matched: list[tuple[_Line, _Heading]] = []
    hidden: list[_Line] = []
    unwritten: list[_Heading] = []
    start = 0
    for heading in shown:
        index = next(
            (
                i
                for i in range(start, len(candidates))
                if (h := _line_heading(lines[candidates[i].number - 1])) and h.key == heading.key
            ),
            None,
        )
        if index is None or heading.nested:
            if heading.level < 3 or heading.id:  # an H3 without an id is text of its section
                unwritten.append(heading)
            continue
        hidden.extend(candidates[start:index])
        matched.append((candidates[index], heading))
        start = index + 1
    hidden.extend(candidates[start:])
    hidden = [c for c in hidden if c.level < 3 or split_attr_list(c.rest)[1] is not None]
    # A "## " line inside an HTML block or a box is both: one message, about the box.
    nested = {h.key for h in unwritten if h.nested}
    hidden = [c for c in hidden if not ((h := _line_heading(lines[c.number - 1])) and h.key in nested)]
    _report_hidden(hidden, lines, parsed.raw_html, path, report)
    _report_unwritten(unwritten, lines, path, report)

    title = ""
    title_line = 0
    sections: list[Section] = []
    seen: dict[str, int] = {}
    starts: list[tuple[int, Section | None]] = []  # (line, section) where each part begins
    group = ""  # the id of the last "##" section: the group of a "###" section below it
    plain: dict[str, list[_Line]] = {}  # "###" lines without an id, by group: text, unless the group has sections
    for line, heading in matched:
        rest = line.rest
        number = line.number
        text, written_id, id_col = split_attr_list(rest)
        if line.level == 3 and written_id is None:
            plain.setdefault(group, []).append(line)
            continue
        if rest and rest[0] not in " \t":
            report.error(
                path,
                number,
                f"'{'#' * line.level}{rest[:60]}' needs a space after '{'#' * line.level}'",
                f"write '{'#' * line.level} {rest.strip()}'; without the space other tools do not see a heading",
                col=line.col + 1,
                code="heading-space",
            )
        attr = _ATTR_LIST.search(rest)
        bad_attrs = True
        if attr and len(attr.group(1).split()) > 1:
            report.error(
                path,
                number,
                f"the heading's {{{attr.group(1).strip()}}} sets more than its id",
                "a heading takes one id and nothing else, e.g. '## Contact {#contact}'",
                col=line.col + attr.start(1) + 1,
                code="heading-attributes",
            )
        elif heading.id is None and written_id is not None and text:
            report.error(
                path,
                number,
                "this heading has more than one {#id}, so the page uses none of them",
                "keep one id at the end of the heading, e.g. '## Contact {#contact}'",
                col=line.col + id_col,
                code="heading-attributes",
            )
            written_id = None
        else:
            bad_attrs = False  # an empty '## {#id}' keeps its id: the empty heading is its one mistake
        if heading.level == 1:
            if title_line:
                report.error(
                    path,
                    number,
                    f"a second H1 '# {text}' (the title is already set on line {title_line})",
                    "a notice has one title; make this a section with '## ' and an {#id}",
                    code="second-h1",
                )
                continue
            if sections or any(x.strip() for x in lines[: number - 1]):
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
            starts.append((number, None))
            continue
        # A heading whose {...} is already reported gets no id: the other checks would only repeat it.
        section_id = (heading.id or written_id) if written_id is not None and not bad_attrs else None
        col = line.col + id_col
        marks = "#" * line.level
        if section_id is None and not title_line and not sections and not any(x.strip() for x in lines[: number - 1]):
            report.error(
                path,
                number,
                f"the title is written '{marks} {text[:60]}', a section heading without an id",
                f"write the title with one '#': '# {text}'",
                code="no-h1",
            )
            title, title_line = text, number
            starts.append((number, None))
            continue
        if section_id is None:
            if not bad_attrs:
                report.error(
                    path,
                    number,
                    f"section '{marks} {text}' has no id",
                    f"add a stable id at the end of the heading, e.g. '{marks} Contact {{#contact}}'; "
                    "use the same id in every language",
                    code="missing-id",
                )
            section_id = ""
        elif not SECTION_ID.match(section_id):
            report.error(
                path,
                number,
                f"section id '{section_id}' is not valid",
                "ids use lowercase letters a-z, digits and single hyphens, e.g. {#purpose-of-use}",
                col=col,
                code="bad-id",
            )
        if not text:
            report.error(
                path,
                number,
                f"section '{section_id}' has an empty heading",
                f"write the heading's words before the {{#id}}, e.g. '{marks} Contact {{#{section_id or 'contact'}}}'",
                code="empty-heading",
            )
        if section_id and section_id in seen:
            report.error(
                path,
                number,
                f"duplicate section id '{section_id}' (first used on line {seen[section_id]})",
                "every section needs its own id, '##' groups and '###' sections alike; rename one of them",
                col=col,
                code="duplicate-id",
            )
        if section_id:
            seen.setdefault(section_id, number)
        level, parent = line.level, group if line.level == 3 else ""
        if level == 3 and not sections:
            report.error(
                path,
                number,
                f"the section '{marks} {text}' comes before any '##' heading, so it belongs to no group",
                f"make it '## {text} {{#{section_id or 'id'}}}', or put a '## Group {{#group-id}}' heading above it",
                code="orphan-section",
            )
            level = 2
        section = Section(id=section_id, heading=text, body="", line=number, level=level, parent=parent)
        sections.append(section)
        starts.append((number, section))
        if level == 2:
            group = section_id
    _report_plain_subheadings(plain, sections, path, report)

    # Each part's Markdown runs from the line after its heading to the next heading.
    bodies: dict[int, str] = {}
    bounds = [*starts, (len(lines) + 1, None)]
    preamble_lines = lines[: bounds[0][0] - 1]
    for (line_no, part), (next_line, _) in itertools.pairwise(bounds):
        body = "\n".join(lines[line_no : next_line - 1]).strip("\n")
        if part is None:
            preamble_lines = [*preamble_lines, body] if body else preamble_lines
        else:
            bodies[line_no] = body
    sections = [replace(s, body=bodies.get(s.line, "")) for s in sections]

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
        preamble="\n".join(x for x in preamble_lines).strip("\n"),
        sections=tuple(sections),
        source=source,
    )


def _report_plain_subheadings(
    plain: dict[str, list[_Line]], sections: list[Section], path: Path, report: Reporter
) -> None:
    """A ``###`` without an id in a group that has ``###`` sections: its text would join the section above."""
    groups = {s.parent for s in sections if s.parent}
    for group, found in plain.items():
        if group not in groups:
            continue
        for line in found:
            text = split_attr_list(line.rest)[0]
            report.error(
                path,
                line.number,
                f"'### {text[:60]}' has no id, but the other '###' headings of group '{group}' are sections",
                f"give it an id, e.g. '### {text} {{#{_slug(text) or 'section-id'}}}', the same in every language",
                code="missing-id",
            )


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:40].strip("-")


def _report_hidden(hidden: list[_Line], lines: list[str], raw_html: list[str], path: Path, report: Reporter) -> None:
    """A ``## `` line that the page shows as plain text: say which HTML above it swallowed it."""
    reported_blocks: set[int] = set()
    for line in hidden:
        text = lines[line.number - 1].strip()
        block = next((i for i, raw in enumerate(raw_html) if text in raw), None)
        if block is not None:
            if block in reported_blocks:
                continue
            reported_blocks.add(block)
            first = raw_html[block].strip().split("\n", 1)[0].strip()
            opened = next(
                (n for n in range(line.number - 1, 0, -1) if lines[n - 1].strip() == first),
                None,
            )
            if first.startswith("<!--"):
                continue  # the comment itself is reported where it starts (it hides text)
            where = f"on line {opened}" if opened else "above it"
            report.error(
                path,
                line.number,
                f"the page shows '{text[:60]}' as plain text, not as a heading: the HTML {first[:30]!r} "
                f"{where} is not closed",
                "close the HTML element before the heading (e.g. '</div>'), or remove the HTML",
                code="hidden-heading",
            )
        else:
            report.error(
                path,
                line.number,
                f"the page does not show '{text[:60]}' as a heading",
                "leave a blank line before and after the heading line, and start it at the left margin",
                code="hidden-heading",
            )


def _report_unwritten(unwritten: list[_Heading], lines: list[str], path: Path, report: Reporter) -> None:
    """A heading on the page that is not a ``#`` line of its own: underlined, or inside a box."""
    for heading in unwritten:
        number = next(
            (
                n
                for n in range(1, len(lines))
                if heading.text
                and heading.text in " ".join(lines[n - 1].split())
                and (_SETEXT.match(lines[n]) or heading.nested)
            ),
            1,
        )
        marks = "#" * heading.level
        anchor = f"{{#{heading.id}}}" if heading.id else "{#id}"
        if heading.nested:
            message = f"the heading '{heading.text[:60]}' is inside a list, quote, box or HTML block"
            hint = f"move it out to the left margin as '{marks} {heading.text} {anchor}'"
        else:
            rule = lines[number][:3] if number < len(lines) else "---"
            message = f"'{heading.text[:60]}' underlined with '{rule}' is a heading the check cannot see"
            hint = f"write it as '{marks} {heading.text} {anchor}' and delete the line below it"
        report.error(path, number, message, hint, code="unwritten-heading")
