"""Write a :class:`~notices.diff.RevisionDiff` as text, HTML, CriticMarkup or JSON.

Everything that comes from the content is escaped in HTML output: a
``<script>`` in a policy's text shows up as text in the redline.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .diff import EQUAL, REPLACE, UNCHANGED, LocaleDiff, Op, RevisionDiff, SectionDiff
from .words import tokenize

JSON_SCHEMA_VERSION = 1


# --- json -------------------------------------------------------------------


def _ops_json(ops: Iterable[Op]) -> list[dict[str, str]]:
    return [{"op": op.op, "old": op.old, "new": op.new} for op in ops]


def _locale_json(d: LocaleDiff) -> dict[str, Any]:
    return {
        "change": d.change,
        "class": d.cls,
        "heading": {"old": d.old_heading, "new": d.new_heading, "ops": _ops_json(d.heading_ops)},
        "ops": _ops_json(d.ops),
    }


def _section_json(s: SectionDiff) -> dict[str, Any]:
    return {
        "id": s.id,
        "change": s.change,
        "class": s.cls,
        "old_position": s.old_position,
        "new_position": s.new_position,
        "heading_changed": s.heading_changed,
        "body_changed": s.body_changed,
        "topic": s.topic,
        "likely_material": s.likely_material,
        "reasons": list(s.reasons),
        "locales": {ll: _locale_json(d) for ll, d in s.locales.items()},
    }


def to_json_data(diff: RevisionDiff) -> dict[str, Any]:
    """The documented JSON schema (README, "notices diff --format json")."""
    preamble = _section_json(diff.preamble)
    del preamble["id"], preamble["old_position"], preamble["new_position"], preamble["topic"]
    return {
        "schema": JSON_SCHEMA_VERSION,
        "notice": diff.notice,
        "old": diff.old,
        "new": diff.new,
        "authoritative": diff.authoritative,
        "locales": list(diff.locales),
        "likely_material": bool(diff.likely_material),
        "reasons": list(diff.likely_material),
        "preamble": preamble,
        "sections": [_section_json(s) for s in diff.sections],
        "stale_translations": [{"section": s.section, "locale": s.locale} for s in diff.stale_translations],
    }


def to_json(diff: RevisionDiff) -> str:
    return json.dumps(to_json_data(diff), ensure_ascii=False, indent=2) + "\n"


# --- text -------------------------------------------------------------------

_ANSI = {"del": ("\x1b[31;9m", "\x1b[0m"), "ins": ("\x1b[32;4m", "\x1b[0m"), "head": ("\x1b[1m", "\x1b[0m")}
_PLAIN = {"del": ("[-", "-]"), "ins": ("{+", "+}"), "head": ("", "")}


def _inline(ops: Iterable[Op], marks: Mapping[str, tuple[str, str]]) -> str:
    out = []
    for op in ops:
        if op.op == EQUAL:
            out.append(op.new)
            continue
        if op.old:
            out.append(marks["del"][0] + op.old + marks["del"][1])
        if op.new:
            out.append(marks["ins"][0] + op.new + marks["ins"][1])
    return "".join(out)


def _changed_hunks(ops: tuple[Op, ...], locale: str, context: int = 80) -> tuple[Op, ...]:
    """Shorten long equal runs to about ``context`` characters around the changes, cut between words."""
    out = []
    for i, op in enumerate(ops):
        if op.op != EQUAL or len(op.new) <= 2 * context:
            out.append(op)
            continue
        tokens = tokenize(op.new, locale)
        head = tail = ""
        if i > 0:
            for token in tokens:
                if len(head) >= context:
                    break
                head += token
        if i < len(ops) - 1:
            for token in reversed(tokens):
                if len(tail) >= context:
                    break
                tail = token + tail
        text = head + (" … " if head or tail else "") + tail
        out.append(Op(EQUAL, text, text))
    return tuple(out)


def to_text(diff: RevisionDiff, *, color: bool = False) -> str:
    """For the terminal: a summary, then every changed section in every locale."""
    marks = _ANSI if color else _PLAIN
    bold = marks["head"]
    lines = [f"{bold[0]}notices diff {diff.notice} {diff.old} → {diff.new}{bold[1]}", ""]
    width = max((len(s.id) for s in diff.sections), default=10)
    for s in diff.sections:
        cls = s.cls or "-"
        flag = "  likely material" if s.likely_material else ""
        lines.append(f"  {s.id:<{width}}  {s.change:<9}  {cls:<11}{flag}")
    for reason in diff.likely_material:
        lines.append(f"likely material: {reason}")
    for stale in diff.stale_translations:
        lines.append(f"possibly stale translation: section '{stale.section}' in {stale.locale}")
    for s in [diff.preamble, *diff.sections]:
        if s.change == UNCHANGED:
            continue
        name = s.id or "(title and preamble)"
        lines += ["", f"{bold[0]}== {name}: {s.change}, {s.cls}{bold[1]}"]
        for ll, d in s.locales.items():
            if d.cls is None and d.change == UNCHANGED:
                continue
            lines.append(f"-- {ll}: {d.change}, {d.cls}")
            lines.append(_inline(d.heading_ops, marks))
            lines.append(_inline(_changed_hunks(d.ops, ll), marks))
    return "\n".join(lines).rstrip() + "\n"


# --- markdown (CriticMarkup) ----------------------------------------------

#: The words are possessive runs: a lazy ``(.*?)(\s*)$`` rescanned a run of spaces from every position.
_LINE_PREFIX = re.compile(r"^(\s*(?:[-*+]\s+|\d+[.)]\s+|#{1,6}\s+)?)((?:\s*+\S++)*+)(\s*)$", re.S)


def _mark_lines(text: str, open_: str, close: str) -> str:
    """Wrap each line's words, not its list marker or newline, so Markdown structure survives."""
    out = []
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("|"):
            cells = line.rstrip("\n").split("|")
            wrapped = [f" {open_}{c.strip()}{close} " if c.strip() else c for c in cells]
            out.append("|".join(wrapped) + ("\n" if line.endswith("\n") else ""))
            continue
        m = _LINE_PREFIX.match(line)
        assert m is not None  # the pattern matches any string
        prefix, body, trailing = m.groups()
        out.append(f"{prefix}{open_}{body}{close}{trailing}" if body else line)
    return "".join(out)


def _critic_escape(text: str) -> str:
    """Keep content from closing a CriticMarkup span early."""
    return re.sub(r"([-+~]{2})\}", "\\1\u200b}", text).replace("~>", "~\u200b>")


def critic_markup(ops: Iterable[Op]) -> str:
    """Ops as CriticMarkup (``{++ ++}``, ``{-- --}``, ``{~~ ~> ~~}``), rendered by pymdownx.critic.

    >>> critic_markup([Op("equal", "We ", "We "), Op("replace", "keep", "sell"), Op("equal", " it.", " it.")])
    'We {~~keep~>sell~~} it.'
    >>> critic_markup([Op("equal", "- a\\n", "- a\\n"), Op("insert", "", "- b\\n")])
    '- a\\n- {++b++}\\n'
    """
    out = []
    for op in ops:
        old, new = _critic_escape(op.old), _critic_escape(op.new)
        if op.op == EQUAL:
            out.append(new)
        elif op.op == REPLACE and "\n" not in old and "\n" not in new and old.strip() and new.strip():
            out.append(f"{{~~{old}~>{new}~~}}")
        else:
            if old.strip():
                out.append(_mark_lines(old, "{--", "--}"))
            if new.strip():
                out.append(_mark_lines(new, "{++", "++}"))
            elif new:
                out.append(new)  # whitespace only: keep the new layout
    return "".join(out)


def to_markdown(diff: RevisionDiff, locale: str | None = None) -> str:
    """A Markdown redline of every changed section, per locale."""
    locales = [locale] if locale else list(diff.locales)
    out = [f"# {diff.notice}: {diff.old} → {diff.new}", ""]
    for ll in locales:
        if len(locales) > 1:
            out += [f"## {ll}", ""]
        for s in [diff.preamble, *diff.sections]:
            d = s.locales.get(ll)
            if d is None or s.change == UNCHANGED or (d.cls is None and d.change == UNCHANGED):
                continue
            level = "###" if len(locales) > 1 else "##"
            out += [f"{level} {critic_markup(d.heading_ops)} ({s.change}, {d.cls})", "", critic_markup(d.ops), ""]
    return "\n".join(out).rstrip() + "\n"


# --- html -------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,"Noto Sans","Noto Sans Thai","Noto Sans JP","Hiragino Sans",Tahoma,sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}
table{border-collapse:collapse}th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left}
ins{background:#d7f5dd;text-decoration:underline}del{background:#fbe0e0;text-decoration:line-through}
ins::before{content:"[+"}ins::after{content:"+]"}del::before{content:"[−"}del::after{content:"−]"}
.body{white-space:pre-wrap}.substantive{font-weight:bold}.material{color:#8a1c1c}
nav a{margin-right:1rem}section{border-top:1px solid #ccc;margin-top:2rem}
"""


def _html_inline(ops: Iterable[Op]) -> str:
    out = []
    for op in ops:
        if op.op == EQUAL:
            out.append(html.escape(op.new))
            continue
        if op.old:
            out.append(f"<del>{html.escape(op.old)}</del>")
        if op.new:
            out.append(f"<ins>{html.escape(op.new)}</ins>")
    return "".join(out)


def _shown(s: SectionDiff, d: LocaleDiff) -> bool:
    """Whether a section has a redline in this language."""
    return s.change != UNCHANGED and not (d.cls is None and d.change == UNCHANGED)


def _anchor(locale: str, s: SectionDiff) -> str:
    return f"{locale}-{s.id or 'title'}"


def to_html(diff: RevisionDiff) -> str:
    """A standalone, self-contained redline for reviewers: no scripts, no external files."""
    e = html.escape
    title = f"{diff.notice}: {diff.old} → {diff.new}"
    rows = []
    for s in [diff.preamble, *diff.sections]:
        cells = []
        for ll, d in s.locales.items():
            label = e(d.change) + (", " + e(d.cls) if d.cls else "")
            if _shown(s, d):  # each cell leads to that language's redline of the section
                label = f'<a href="#{e(_anchor(ll, s))}">{label}</a>'
            cells.append(f'<td class="{e(d.cls or "")}">{label}</td>')
        flag = '<td class="material">likely material</td>' if s.likely_material else "<td></td>"
        rows.append(f"<tr><th scope=row>{e(s.id or '(title and preamble)')}</th>{''.join(cells)}{flag}</tr>")
    head = "".join(f"<th scope=col>{e(ll)}</th>" for ll in diff.locales)
    parts = [
        "<!doctype html>",
        f'<html lang="{e(diff.authoritative)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        "<nav>" + "".join(f'<a href="#{e(ll)}">{e(ll)}</a>' for ll in diff.locales) + "</nav>",
        "<h2>Sections</h2>",
        f"<table><thead><tr><th scope=col>section</th>{head}<th scope=col>material?</th></tr></thead>",
        "<tbody>" + "".join(rows) + "</tbody></table>",
    ]
    if diff.likely_material:
        parts.append('<h2>Likely material</h2><ul class="material">')
        parts += [f"<li>{e(r)}</li>" for r in diff.likely_material]
        parts.append("</ul>")
    if diff.stale_translations:
        parts.append("<h2>Possibly stale translations</h2><ul>")
        parts += [f"<li>{e(s.section)}: {e(s.locale)}</li>" for s in diff.stale_translations]
        parts.append("</ul>")
    for ll in diff.locales:
        parts.append(f'<section id="{e(ll)}" lang="{e(ll)}"><h2>{e(ll)}</h2>')
        for s in [diff.preamble, *diff.sections]:
            in_locale = s.locales.get(ll)
            if in_locale is None or not _shown(s, in_locale):
                continue
            parts.append(
                f'<h3 id="{e(_anchor(ll, s))}">{_html_inline(in_locale.heading_ops)} '
                f'<small lang="en">({e(in_locale.change)}, {e(in_locale.cls or "")})</small></h3>'
            )
            parts.append(f'<div class="body">{_html_inline(in_locale.ops)}</div>')
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


FORMATS = ("text", "html", "markdown", "json")
