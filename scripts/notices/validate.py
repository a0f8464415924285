"""Checks that need more than one file: sections across languages, dates across revisions.

The section ids of the authoritative language are the spine every
translation follows; later diffs align on them, so a translation that skips,
adds or reorders a section is an error, reported in the translation's file.
"""

from __future__ import annotations

from datetime import date

from .commands import command
from .diff import diff_revisions, previous_revision
from .diff.stale import removed_on
from .findings import Reporter
from .markup.check import check_markup
from .markup.fields import check_text_fields
from .model import Content, Document, Notice, Revision
from .sections import RESERVED_IDS
from .timeline import Timeline

#: Ids the generated pages use themselves.


def check_translated_from(notice: Notice, revision: Revision, report: Reporter) -> set[str]:
    """Check ``translated_from``; return the languages whose sections follow an older revision.

    A declared translation may have the sections of the revision it translates
    (or of this one): a warning says it lags. Anything else is an error.
    """
    lagging: set[str] = set()
    line = revision.key_lines.get("translated_from", 1)
    earlier = [r for r in notice.revisions if r.effective < revision.effective and not r.draft]
    known = ", ".join(r.key for r in earlier) or "none"
    spine = revision.documents.get(notice.authoritative)
    for locale, since in sorted(revision.translated_from.items()):
        if locale == notice.authoritative:
            report.error(
                revision.meta_path,
                line,
                f"'translated_from' names '{locale}', the authoritative language of '{notice.id}'",
                f"remove '{locale}: {since.isoformat()}': the authoritative text translates nothing",
                code="translated-from",
            )
            continue
        base = notice.revision(since.isoformat())
        if base is None or base.draft or base.effective >= revision.effective:
            report.error(
                revision.meta_path,
                line,
                f"'translated_from' gives {locale} the date {since.isoformat()}, which is not an earlier "
                f"revision of '{notice.id}'",
                f"use the effective date of the earlier revision the {locale} text translates: {known}",
                code="translated-from",
            )
            continue
        doc = revision.documents.get(locale)
        old_spine = base.documents.get(notice.authoritative)
        if doc is None or spine is None or old_spine is None:
            continue
        ids = doc.section_ids
        if ids not in (old_spine.section_ids, spine.section_ids):
            first = next(
                (s for s, want in zip(doc.sections, old_spine.section_ids, strict=False) if s.id != want),
                doc.sections[-1] if doc.sections else None,
            )
            report.error(
                doc.path,
                first.line if first else doc.title_line or 1,
                f"the sections of {doc.path.name} match neither {spine.path.name} of {revision.key} nor "
                f"{old_spine.path.name} of {base.key}, which 'translated_from' says it translates",
                "use the section ids and order of one of them: " + ", ".join(old_spine.section_ids),
                code="translated-from",
            )
            lagging.add(locale)
            continue
        report.warning(
            revision.meta_path,
            line,
            f"the {locale} text translates the authoritative text of {base.key}, not of {revision.key}: "
            "visitors see a notice that it lags",
            f"when the translation catches up, remove '{locale}: {since.isoformat()}' from 'translated_from'",
            code="translation-lags",
        )
        lagging.add(locale)
    return lagging


def check_section_parity(notice: Notice, revision: Revision, report: Reporter) -> None:
    """Every translation has the authoritative section ids, in the same order.

    Languages declared in ``translated_from`` are checked against the revision they translate.
    """
    lagging = check_translated_from(notice, revision, report)
    spine = revision.documents.get(notice.authoritative)
    if spine is None:
        return
    reference = spine.section_ids
    if not reference or "" in reference:
        return  # the spine's own file has the error (empty, or a heading without id): one message, not one per section
    name = spine.path.name
    for locale, doc in revision.documents.items():
        if locale == notice.authoritative or locale in lagging or "" in doc.section_ids:
            continue
        ids = doc.section_ids
        if ids == reference:
            check_groups(doc, spine, report)
            continue
        for section in doc.sections:
            removed = removed_on(notice, section.id, revision) if section.id not in reference else None
            if removed is not None:
                earlier = previous_revision(notice, revision)
                report.error(
                    doc.path,
                    section.line,
                    f"section '{section.id}' was removed from {name} on {removed.isoformat()}, "
                    f"but {doc.path.name} still shows it",
                    f"remove the section from {doc.path.name}; or, while the translation lags, add "
                    f"'translated_from:' with '  {locale}: <the date of the revision it translates>' "
                    f"to revision.yml (e.g. {earlier.key if earlier else removed.isoformat()}), "
                    "so visitors see that it lags",
                    code="removed-section-kept",
                )
            elif section.id not in reference:
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
        if shared != expected and not check_groups(doc, spine, report):  # a section in another group: that one
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


def check_groups(doc: Document, spine: Document, report: Reporter) -> bool:
    """A ``###`` section sits in the same ``##`` group as in the authoritative text; False when one does not."""
    want = spine.parents
    for section in doc.sections:
        expected = want.get(section.id, section.parent)
        if section.parent == expected:
            continue
        where = f"in group '{expected}'" if expected else "a '##' section of its own"
        fix = f"'## ... {{#{section.id}}}'"
        if expected:
            fix = f"'### ... {{#{section.id}}}' under '## ... {{#{expected}}}'"
        report.error(
            doc.path,
            section.line,
            f"section '{section.id}' is {where} in {spine.path.name}, but not here",
            f"use the same heading levels as {spine.path.name}: {fix}",
            code="section-order",
        )
        return True
    return False


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


def check_notice_dates(notice: Notice, as_of: date, report: Reporter) -> None:
    previous: Revision | None = None
    for revision in notice.revisions:
        lines = revision.key_lines
        if revision.draft:
            if Timeline.of(notice, as_of).overdue(revision):
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
    if notice.revisions and not Timeline.of(notice, as_of).published:
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
    for s in (diff.preamble, *diff.sections):
        if s.decision is not None and s.decision.material:
            report.warning(
                revision.meta_path,
                s.decision.line,
                f"this revision says 'material: false', but the reviewer decided that section "
                f"'{s.id or 'title'}' changed materially",
                "set 'material: true' and add a 'summary' in every language, or correct the decision",
                code="likely-material",
            )
    undecided = [r for s in (diff.preamble, *diff.sections) if s.decision is None for r in s.proposed_reasons]
    for reason in undecided:
        report.warning(
            revision.meta_path,
            revision.key_lines.get("material", 1),
            f"this revision says 'material: false', but {reason} (compared with {previous.key})",
            "set 'material: true' and add a 'summary' in every language, so visitors are told in advance, "
            "or record the reviewer's decision under 'review:' in revision.yml; "
            "see the change with: " + command("diff", notice.id, previous.key, revision.key),
            code="likely-material",
        )


def validate(content: Content, as_of: date, report: Reporter) -> None:
    """Run every cross-file check on loaded content."""
    for notice in content.notices:
        check_notice_dates(notice, as_of, report)
        check_text_fields(notice, None, report)
        for revision in notice.revisions:
            check_text_fields(notice, revision, report)
            check_section_parity(notice, revision, report)
            check_likely_material(notice, revision, report)
            for doc in revision.documents.values():
                check_reserved_ids(doc, report)
                check_markup(doc, report)
