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

import markdown

from ..content.words import tokenize
from . import (
    EDITORIAL,
    EQUAL,
    SUBSTANTIVE,
    TRANSLATION,
    UNCHANGED,
    LocaleDiff,
    Op,
    RevisionDiff,
    SectionDiff,
    StaleTranslation,
)
from .redline import RedlineLabels as RedlineLabels
from .redline import critic_markup as critic_markup
from .redline import heading_redline as heading_redline
from .stale import translation_state

JSON_SCHEMA_VERSION = 1


# --- json -------------------------------------------------------------------


def _ops_json(ops: Iterable[Op]) -> list[dict[str, str]]:
    return [{"op": op.op, "old": op.old, "new": op.new} for op in ops]


def _locale_json(d: LocaleDiff, translation: str | None) -> dict[str, Any]:
    number = d.renumbered
    heading: dict[str, Any] = {"old": d.old_heading, "new": d.new_heading, "ops": _ops_json(d.heading_ops)}
    heading["renumbered"] = {"old": number[0], "new": number[1]} if number else None
    return {
        "change": d.change,
        "class": d.cls,
        "translation": translation,
        "address_updated": d.address_updated,
        "grammar_fix": d.grammar_fix,
        "heading": heading,
        "ops": _ops_json(d.ops),
    }


def decision_text(s: SectionDiff) -> str:
    """The machine's proposal beside the reviewer's decision, e.g. "proposed substantive; decided editorial: …"."""
    if s.decision is None:
        return ""
    proposed = (s.proposed_cls or "unchanged") + (", likely material" if s.proposed_reasons else "")
    decided = s.decision.cls + (", material" if s.decision.material else ", not material")
    return f"proposed {proposed}; decided {decided}: {s.decision.reason}"


def _section_json(s: SectionDiff, diff: RevisionDiff) -> dict[str, Any]:
    decision = s.decision
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
        "proposed": {
            "class": s.proposed_cls,
            "likely_material": bool(s.proposed_reasons),
            "reasons": list(s.proposed_reasons),
        },
        "decision": None
        if decision is None
        else {
            "class": decision.cls,
            "material": decision.material,
            "reason": decision.reason,
            "reasons": dict(decision.translations),
        },
        "locales": {
            ll: _locale_json(
                d, None if ll == diff.authoritative else translation_state(s, ll, diff.stale(ll).get(s.id))
            )
            for ll, d in s.locales.items()
        },
        # Only for notices with '###' sections: the '##' group a section is in.
        **({"old_group": s.old_group, "new_group": s.new_group} if s.old_group or s.new_group else {}),
    }


def to_json_data(diff: RevisionDiff) -> dict[str, Any]:
    """The documented JSON schema (README, "notices diff --format json")."""
    preamble = _section_json(diff.preamble, diff)
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
        "sections": [_section_json(s, diff) for s in diff.sections],
        "stale_translations": [
            {"section": s.section, "locale": s.locale, "reason": s.reason, "tokens": list(s.tokens), "since": s.since}
            for s in diff.stale_translations
        ],
        "translated_from": {k: dict(v) for k, v in diff.translated_from.items()},
    }


def to_json(diff: RevisionDiff) -> str:
    return json.dumps(to_json_data(diff), ensure_ascii=False, indent=2) + "\n"


# --- text -------------------------------------------------------------------

STALE_REASONS = {
    "unchanged": "the authoritative text changed in substance, the translation did not",
    "grammar": "the authoritative text's grammar was mended (a word added or removed), the translation did not change: "
    "check that it did not copy the slip",
    "lacks": "the translation lacks what the authoritative text added: {tokens}",
    "missing": "the translation has no such section",
    "moved": "the translation keeps the section in its old place",
    "declared": "translated_from says the translation renders an older text",
    "removed": "the authoritative text removed this section; the translation still shows it",
}


def stale_text(stale: StaleTranslation) -> str:
    """One line for reviewers: which section, which language, why."""
    where = f"section '{stale.section}'" if stale.section else "the title and preamble"
    why = STALE_REASONS.get(stale.reason, stale.reason).format(tokens=", ".join(stale.tokens))
    return f"{where} in {stale.locale}: {why} (since {stale.since})"


def summary_counts(diff: RevisionDiff) -> dict[str, int]:
    """How many sections changed in substance, editorially and only in translation."""
    counts = {SUBSTANTIVE: 0, EDITORIAL: 0, TRANSLATION: 0, "unchanged": 0}
    for s in [diff.preamble, *diff.sections]:
        counts[s.cls or "unchanged"] = counts.get(s.cls or "unchanged", 0) + 1
    return {("translation updates" if k == TRANSLATION else k): v for k, v in counts.items()}


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
        if s.old_group != s.new_group and s.old_position and s.new_position:
            flag += f"  group {s.old_group or '(top)'} → {s.new_group or '(top)'}"
        if s.decision is not None:
            flag = f"  {decision_text(s)}"
        lines.append(f"  {s.id:<{width}}  {s.change:<9}  {cls:<11}{flag}")
    counts = summary_counts(diff)
    lines.append("sections: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    for reason in diff.likely_material:
        lines.append(f"likely material: {reason}")
    for stale in diff.stale_translations:
        lines.append(f"stale translation: {stale_text(stale)}")
    for s in [diff.preamble, *diff.sections]:
        if s.change == UNCHANGED:
            continue
        name = s.id or "(title and preamble)"
        lines += ["", f"{bold[0]}== {name}: {s.change}, {s.cls}{bold[1]}"]
        for ll, d in s.locales.items():
            if d.cls is None and d.change == UNCHANGED:
                continue
            notes = [
                note for note, on in (("address updated", d.address_updated), ("grammar fix", d.grammar_fix)) if on
            ]
            lines.append(f"-- {ll}: {d.change}, {d.cls}" + "".join(f" ({note})" for note in notes))
            number = d.renumbered
            lines.append(
                f"{d.new_heading} (renumbered {number[0]} → {number[1]})" if number else _inline(d.heading_ops, marks)
            )
            lines.append(_inline(_changed_hunks(d.ops, ll), marks))
    return "\n".join(lines).rstrip() + "\n"


# --- markdown (CriticMarkup) ----------------------------------------------


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
            out += [f"{level} {heading_redline(d)} ({s.change}, {d.cls})", "", critic_markup(d.ops), ""]
    return "\n".join(out).rstrip() + "\n"


# --- html -------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,"Noto Sans","Noto Sans Thai","Noto Sans JP","Hiragino Sans",Tahoma,sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}
table{border-collapse:collapse}th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left}
ins{background:#d7f5dd;text-decoration:underline}del{background:#fbe0e0;text-decoration:line-through}
ins::before{content:"[+"}ins::after{content:"+]"}del::before{content:"[−"}del::after{content:"−]"}
.body{overflow-wrap:anywhere}.substantive{font-weight:bold}.material{color:#8a1c1c}
nav a{margin-right:1rem}section{border-top:1px solid #ccc;margin-top:2rem}
"""


def _as_inline(text: str) -> str:
    """A heading's text as one paragraph: "1. Purposes" is a number, not a list.

    >>> print(_as_inline("1. Purposes"))
    1\\. Purposes
    """
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


_BLOCK_START = re.compile(r"^(\s*\d*)([.)](?=\s)|[-+*#>](?=\s|$))")


def render_markdown(text: str, *, inline: bool = False) -> str:
    """CriticMarkup to HTML with Python-Markdown, as the site renders it, but raw HTML shown as text.

    >>> render_markdown("See [the {--old--}{++new++} policy](#x) <b>", inline=True)
    'See <a href="#x">the <del class="critic">old</del><ins class="critic">new</ins> policy</a> &lt;b&gt;'
    """
    md = markdown.Markdown(extensions=["tables", "attr_list", "pymdownx.critic"])
    md.preprocessors.deregister("html_block")  # a reviewer's redline runs nothing from the content
    md.inlinePatterns.deregister("html")
    out = str(md.convert(text))
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


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
        if s.decision is not None:  # the reviewer's decision, with the machine's proposal beside it
            material = ' class="material"' if s.likely_material else ""
            flag = f'<td{material}><span class="decision">{e(decision_text(s))}</span></td>'
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
        "<p>" + e(", ".join(f"{n} {what}" for what, n in summary_counts(diff).items())) + "</p>",
        f"<table><thead><tr><th scope=col>section</th>{head}<th scope=col>material?</th></tr></thead>",
        "<tbody>" + "".join(rows) + "</tbody></table>",
    ]
    if diff.likely_material:
        parts.append('<h2>Likely material</h2><ul class="material">')
        parts += [f"<li>{e(r)}</li>" for r in diff.likely_material]
        parts.append("</ul>")
    if diff.stale_translations:
        parts.append("<h2>Stale translations</h2><ul>")
        parts += [f"<li>{e(stale_text(s))}</li>" for s in diff.stale_translations]
        parts.append("</ul>")
    for ll in diff.locales:
        parts.append(f'<section id="{e(ll)}" lang="{e(ll)}"><h2>{e(ll)}</h2>')
        for s in [diff.preamble, *diff.sections]:
            in_locale = s.locales.get(ll)
            if in_locale is None or not _shown(s, in_locale):
                continue
            heading = render_markdown(_as_inline(heading_redline(in_locale)), inline=True)
            parts.append(
                f'<h3 id="{e(_anchor(ll, s))}">{heading} '
                f'<small lang="en">({e(in_locale.change)}, {e(in_locale.cls or "")})</small></h3>'
            )
            parts.append(f'<div class="body">{render_markdown(critic_markup(in_locale.ops))}</div>')
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


FORMATS = ("text", "html", "markdown", "json")
