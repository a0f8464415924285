"""Checks that need more than one file: sections across languages, dates across revisions.

The section ids of the authoritative language are the spine every
translation follows; later diffs align on them, so a translation that skips,
adds or reorders a section is an error, reported in the translation's file.
"""

from __future__ import annotations

import re
from datetime import date

from .commands import command
from .diff import diff_revisions, previous_revision
from .findings import Reporter
from .model import Content, Document, Notice, Revision

#: Ids the generated pages use themselves.
RESERVED_IDS = frozenset({"revision-history", "changes", "upcoming", "superseded"})

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCRIPT = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style)\b", re.IGNORECASE)
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*\s(on[a-zA-Z]+)\s*=", re.IGNORECASE)
_JS_URL = re.compile(r"(?:\]\(|href\s*=\s*[\"']?|src\s*=\s*[\"']?|<)\s*(javascript|vbscript|data):", re.IGNORECASE)
#: Images or embeds loaded from another host: the visitor's browser would tell that host their address.
_EXTERNAL_EMBED = re.compile(r"(?:!\[[^\]]*\]\(\s*<?|\bsrc\s*=\s*[\"']?)((?:https?:)?//[^\s)\"'>/]+)", re.IGNORECASE)
#: Relative links that climb out of the revision folder: the site is generated elsewhere.
_PARENT_LINK = re.compile(r"\]\(\s*<?((?:\./)*\.\./[^\s)>]*)")
_RESOURCE_RULES = (
    (
        _EXTERNAL_EMBED,
        "an image or embed from another site ({}) would send every reader's address to it",
        "remove it, or ask a developer to add the file to the site itself (overrides/assets/)",
        "external-resource",
    ),
    (
        _PARENT_LINK,
        "the link '{}' points outside this revision's folder and will not work on the site",
        "link to a full address (https://...) or to a section of this notice (#section-id)",
        "link-outside",
    ),
)
_HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")


def check_section_parity(notice: Notice, revision: Revision, report: Reporter) -> None:
    """Every translation has the authoritative section ids, in the same order."""
    spine = revision.documents.get(notice.authoritative)
    if spine is None:
        return
    reference = spine.section_ids
    name = spine.path.name
    for locale, doc in revision.documents.items():
        if locale == notice.authoritative:
            continue
        ids = doc.section_ids
        if ids == reference:
            continue
        for section in doc.sections:
            if section.id not in reference:
                report.error(
                    doc.path,
                    section.line,
                    f"section '{section.id}' is not in {name}",
                    f"use the same ids as {name}; rename it to one of: " + ", ".join(reference)
                    if reference
                    else f"add it to {name} first",
                    code="extra-section",
                )
        present = set(ids)
        for index, section_id in enumerate(reference):
            if section_id in present:
                continue
            before = reference[index - 1] if index else None
            anchor = doc.section(before) if before else None
            line = anchor.line if anchor else (doc.sections[0].line if doc.sections else doc.title_line)
            where = f"after '{before}'" if before else "as the first section"
            report.error(
                doc.path,
                line,
                f"section '{section_id}' is missing (it is in {name} {where})",
                f"add '## ... {{#{section_id}}}' {where}, translated from {name}",
                code="missing-section",
            )
        shared = [i for i in ids if i in set(reference)]
        expected = [i for i in reference if i in present]
        if shared != expected:
            for got, want in zip(shared, expected, strict=False):
                if got != want:
                    misplaced = doc.section(got)
                    report.error(
                        doc.path,
                        misplaced.line if misplaced else 1,
                        f"section '{got}' is out of order: {name} has '{want}' here",
                        f"put the sections in the same order as {name}: " + ", ".join(reference),
                        code="section-order",
                    )
                    break


def check_reserved_ids(doc: Document, report: Reporter) -> None:
    for section in doc.sections:
        if section.id in RESERVED_IDS:
            report.error(
                doc.path,
                section.line,
                f"the section id '{section.id}' is used by the site itself",
                f"choose another id, e.g. '{section.id}-section'",
                code="reserved-id",
            )


def check_markup(doc: Document, report: Reporter) -> None:
    """No scripts, event handlers or script URLs; other raw HTML is discouraged."""
    fence: str | None = None
    for number, line in enumerate(doc.source.split("\n"), start=1):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        if "<" not in line and ":" not in line and "/" not in line:
            continue  # every rule below needs one of these: most lines of a notice skip the regexes
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
        for pattern, what in (
            (_SCRIPT, "a <{}> element"),
            (_EVENT_ATTR, "an event-handler attribute '{}'"),
            (_JS_URL, "a '{}:' link"),
        ):
            m = pattern.search(text)
            if m:
                report.error(
                    doc.path,
                    number,
                    f"{what.format(m.group(1).lower())} is not allowed in a notice",
                    "notices are plain text: remove it; use Markdown for links, e.g. [text](https://...)",
                    col=m.start() + 1,
                    code="unsafe-html",
                )
                break
        else:
            found = next(((rule, m) for rule in _RESOURCE_RULES if (m := rule[0].search(text))), None)
            if found:
                (_, message, hint, code), m = found
                report.error(doc.path, number, message.format(m.group(1)), hint, col=m.start(1) + 1, code=code)
                continue
            m = _HTML_TAG.search(text)
            if m and m.group(1).lower() not in ("br",):
                report.warning(
                    doc.path,
                    number,
                    f"raw HTML <{m.group(1)}> in the text",
                    "write it in Markdown instead (**bold**, lists, tables); raw HTML is not checked across languages",
                    col=m.start() + 1,
                    code="raw-html",
                )


def check_notice_dates(notice: Notice, as_of: date, report: Reporter) -> None:
    previous: Revision | None = None
    for revision in notice.revisions:
        lines = revision.key_lines
        if revision.draft:
            if revision.effective < as_of:
                report.warning(
                    revision.meta_path,
                    lines.get("draft", 1),
                    f"this draft's effective date {revision.key} has already passed",
                    "publish it with a future date (rename the folder and set 'effective'), or delete the draft",
                    code="stale-draft",
                )
            continue
        if previous is not None and revision.material:
            lead = (revision.effective - revision.published).days
            if lead < notice.notice_period_days:
                message = (
                    f"material revision announced {lead} days before it takes effect; "
                    f"notice.yml requires {notice.notice_period_days}"
                )
                if revision.short_notice_reason:
                    report.warning(
                        revision.meta_path,
                        lines.get("published", lines.get("effective", 1)),
                        message + " (short_notice_reason given)",
                        "the reason is shown on the change page",
                        code="short-notice",
                    )
                else:
                    report.error(
                        revision.meta_path,
                        lines.get("published", lines.get("effective", 1)),
                        message,
                        f"set 'published' at least {notice.notice_period_days} days before 'effective', move "
                        "the effective date later, or explain with 'short_notice_reason: ...'",
                        code="short-notice",
                    )
        previous = revision
    if notice.revisions and not notice.published(as_of):
        report.warning(
            notice.meta_path,
            1,
            f"no revision of '{notice.id}' is published on {as_of.isoformat()}; the site leaves it out",
            "check the 'published' dates and 'draft' flags, or the as-of date",
            code="nothing-published",
        )


def check_likely_material(notice: Notice, revision: Revision, report: Reporter) -> None:
    """Warn when a change regulators treat as material comes with ``material: false``."""
    if revision.material:
        return
    previous = previous_revision(notice, revision)
    if previous is None or notice.authoritative not in previous.documents:
        return
    if notice.authoritative not in revision.documents:
        return
    diff = diff_revisions(notice, previous, revision, (notice.authoritative,))
    for reason in diff.likely_material:
        report.warning(
            revision.meta_path,
            revision.key_lines.get("material", 1),
            f"this revision says 'material: false', but {reason} (compared with {previous.key})",
            "set 'material: true' and add a 'summary' in every language, so visitors are told in advance; "
            "see the change with: " + command("diff", notice.id, previous.key, revision.key),
            code="likely-material",
        )


def validate(content: Content, as_of: date, report: Reporter) -> None:
    """Run every cross-file check on loaded content."""
    for notice in content.notices:
        check_notice_dates(notice, as_of, report)
        for revision in notice.revisions:
            check_section_parity(notice, revision, report)
            check_likely_material(notice, revision, report)
            for doc in revision.documents.values():
                check_reserved_ids(doc, report)
                check_markup(doc, report)
