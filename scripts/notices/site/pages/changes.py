"""The change page of a revision: what changed from the version before, section by section, with a redline."""

from __future__ import annotations

import html

from ...content.model import Notice, Revision, Status
from ...diff import (
    ADDED,
    REMOVED,
    TRANSLATION,
    UNCHANGED,
    LocaleDiff,
    RevisionDiff,
    SectionDiff,
)
from ...diff.formats import RedlineLabels, critic_markup
from ...diff.formats import heading_redline as redline_of_heading
from ...diff.markup import visible_text
from ...diff.stale import (
    NOT_NEEDED,
    NOT_UPDATED,
    OWN_UPDATE,
    PARTLY_UPDATED,
    REWORDED,
    UPDATED,
    translation_state,
)
from ..punctuation import parenthesized, sentences
from .layout import (
    change_label,
    changes_page,
    current_page,
    front_matter,
    md_text,
    relative_link,
    renumbered_only,
    revision_page,
)
from .translation import TranslationNotes, text_in


class ChangesPage(TranslationNotes):
    """Writes the change page of one revision in one language."""

    def change_label(self, change: str, cls: str | None) -> tuple[str, str]:
        return change_label(self.ui, change, cls)

    def review_reason(self, notice: Notice, s: SectionDiff) -> str:
        """Why the reviewer classed the change as they did (``review:``), in this language when given."""
        if s.decision is None:
            return ""
        reason, lang = s.decision.reason_in(self.locale)
        lang = lang or notice.authoritative
        shown = html.escape(reason, quote=False)
        if lang != self.locale:
            shown = f'<span lang="{html.escape(lang)}">{shown}</span>'
        text = self.ui.html("Reason for this classification: %(reason)s", reason=shown)
        return f'<p class="notices-review-reason">{text}</p>\n\n'

    def kind_of(self, notice: Notice, kind: str, translation: bool) -> str:
        """On a translation, a class is the authoritative text's: say so."""
        if not translation:
            return kind
        return self.ui.text(
            "%(kind)s (%(language)s text)", kind=kind, language=self.ui.language_name(notice.authoritative)
        )

    def section_label(self, notice: Notice, s: SectionDiff, d: LocaleDiff, translation: bool) -> tuple[str, str]:
        """(change, kind) of a section: the authoritative text's when it changed, else this translation's own."""
        if s.change != UNCHANGED and s.cls not in (None, TRANSLATION):
            change, kind = self.change_label(s.change, s.cls)
            return change, self.kind_of(notice, kind, translation)
        return self.change_label(d.change, d.cls)

    def changes(self, notice: Notice, revision: Revision) -> str:
        """The change notice: summary, effective date, changed sections and their redline."""
        page = changes_page(notice, revision, self.locale)
        previous = self.previous_of(notice, revision)
        if previous is None:
            raise ValueError(f"{notice.id} {revision.key} has no earlier revision to compare with")
        if not text_in(self.locale, revision, previous):  # a language that joined later, or was dropped
            return self.not_available(notice, revision, page, changes_page(notice, revision, notice.authoritative))
        diff = self.revision_diff(notice, previous, revision)
        name = self.timeline(notice).title(self.locale)
        title = self.ui.text("What changed: %(notice)s", notice=name)
        meta: dict[str, object] = {
            "title": parenthesized(self.locale, title, self.date_text(revision.effective)),
            "description": sentences(
                self.locale,
                title,
                self.ui.text("Effective date: %(date)s", date=self.date_text(revision.effective)),
                revision.summary.get(self.locale, ""),
                end=not revision.summary.get(self.locale),
            ),
            "notices": {
                "notice": notice.id,
                "revision": revision.key,
                "status": self.timeline(notice).state(revision).value,
                "effective": revision.key,
                "page": "changes",
                "lastmod": self.timeline(notice).updated(revision).isoformat(),
            },
        }
        out = [front_matter(meta), f"# {md_text(title)}\n\n"]
        effective = self.ui.html("Effective date: %(date)s", date=self.time(revision.effective))
        out.append(f'<p class="notices-effective">{effective}</p>\n\n')
        compared = self.ui.html("Compared with the version effective %(date)s.", date=self.time(previous.effective))
        read = md_text(self.ui.text("Read the version effective %(date)s", date=self.date_text(revision.effective)))
        out.append(
            f'<p class="notices-compared" markdown>{compared} '
            f"[{read}]({relative_link(page, revision_page(notice, revision, self.locale))})</p>\n\n"
        )
        record = "".join(f"<p>{line}</p>\n" for line in self.record_lines(notice, revision, with_status=True))
        out.append(f'<div class="notices-print-record" data-pagefind-ignore="all">\n{record}</div>\n\n')  # on paper
        out.append(self.authoritative_note(notice))
        if self.timeline(notice).state(revision) is Status.UPCOMING:
            text = self.ui.html(
                "This version takes effect on %(date)s. Until then, the version in force applies.",
                date=self.time(revision.effective),
            )
            link = (self.ui.text("Read the version in force"), relative_link(page, current_page(notice, self.locale)))
            out.append(self.banner("pending", text, link))
        if revision.short_notice_reason:
            reason = html.escape(revision.short_notice_reason, quote=False)
            text = self.ui.plural_html(
                "This change was announced less than %(count)s day before it takes effect. The reason:",
                "This change was announced less than %(count)s days before it takes effect. The reason:",
                notice.notice_period_days,
            )
            lang = html.escape(notice.authoritative)
            out.append(
                f'<div class="admonition warning notices-short-notice" role="note">\n'
                f'<p>{text} <span lang="{lang}">{reason}</span></p>\n</div>\n\n'
            )
        summary = revision.summary.get(self.locale)
        if summary:
            out.append("## " + md_text(self.ui.text("Summary")) + " {#summary}\n\n")
            out.append(html.escape(summary, quote=False) + "\n\n")
        out.append(self.changed_sections(notice, revision, diff, page))
        return "".join(out)

    def changed_sections(self, notice: Notice, revision: Revision, diff: RevisionDiff, page: str) -> str:
        """The table of changed sections and their redline, for a change page or a comparison page.

        ``revision`` is the newer side of ``diff``: its translation notes are the ones shown.
        """
        out: list[str] = []
        translation = self.locale != notice.authoritative
        lagging = diff.stale(self.locale) if translation else {}
        began = self.stale_sections(notice, revision) if translation else {}  # each dated when its lag began
        states: dict[str, str | None] = {}
        changed = []
        for s in (diff.preamble, *diff.sections):
            d = s.locales.get(self.locale)
            if d is None:
                continue
            own_change = d.cls is not None  # this language's text changed
            authoritative_change = s.change != UNCHANGED and s.cls not in (None, TRANSLATION)
            if own_change or authoritative_change:  # a lag from an earlier pair is on the revision page
                states[s.id] = translation_state(s, self.locale, lagging.get(s.id)) if translation else None
                lag = lagging.get(s.id) if states[s.id] in (NOT_UPDATED, PARTLY_UPDATED) else None
                lag = began.get(s.id, lag) if lag is not None else None
                changed.append((s.id or "title", s, d, lag))
        out.append(self.translated_from_note(notice, revision, page))
        renumbered = [d for _sid, s, d, lag in changed if lag is None and d.cls is not None and renumbered_only(d)]
        changed = [c for c in changed if not (c[3] is None and c[2].cls is not None and renumbered_only(c[2]))]
        out.append("## " + md_text(self.ui.text("Changed sections")) + " {#changed-sections}\n\n")
        if renumbered:
            names = self.ui.text(", ").join(visible_text(d.new_heading) for d in renumbered)
            line = self.ui.text("Sections renumbered, their text unchanged: %(sections)s", sections=names)
            out.append(f'<p class="notices-renumbered">{html.escape(line, quote=False)}</p>\n\n')
        if not changed and not renumbered:
            out.append(md_text(self.ui.text("The text of this version is the same as the version before.")) + "\n\n")
            return "".join(out)
        language = self.ui.language_name(notice.authoritative)
        head = [
            self.ui.text("Section"),
            self.ui.text("Change"),
            self.kind_of(notice, self.ui.text("Kind"), translation),
        ]
        state_names = {
            UPDATED: self.ui.text("Updated"),
            REWORDED: self.ui.text("Updated (wording only)"),
            OWN_UPDATE: self.ui.text("Updated"),
            NOT_UPDATED: self.ui.text("Not yet updated"),
            PARTLY_UPDATED: self.ui.text("Partly updated"),
            NOT_NEEDED: self.ui.text("No change needed"),
        }
        if translation:
            head.append(self.ui.text("This translation"))
        out.append("| " + " | ".join(md_text(h) for h in head) + " |\n|" + " --- |" * len(head) + "\n")
        for sid, s, d, _lag in changed:
            heading = self.section_heading(notice, s, d)
            change, kind = self.section_label(notice, s, d, translation)
            cells = [f"[{heading}](#change-{sid})", md_text(change), md_text(kind)]
            if translation:
                cells.append(md_text(state_names.get(states.get(s.id) or "", "")))
            out.append("| " + " | ".join(cells) + " |\n")
        out.append("\n")
        legend = self.ui.text(
            "Substantive changes change what the notice says. Editorial changes only touch wording style, "
            "punctuation, numbering, letter case, spacing or how links are written."
        )
        out.append(f'<p class="notices-legend">{html.escape(legend, quote=False)}</p>\n\n')
        if any(x.address_updated for _, s, _, _ in changed for x in s.locales.values()):
            legend = self.ui.text(
                "A link address changed on the same site (a page moved, a language code or tracking parameters "
                "dropped) is an editorial change; the old and the new address are both shown."
            )
            out.append(f'<p class="notices-legend">{html.escape(legend, quote=False)}</p>\n\n')
        if any((d.cls or s.cls) == TRANSLATION for _, s, d, _ in changed):
            legend = self.ui.text(
                "A translation update changes only this translation: the %(language)s text of the section "
                "stayed the same.",
                language=language,
            )
            out.append(f'<p class="notices-legend">{html.escape(legend, quote=False)}</p>\n\n')
        out.append("## " + md_text(self.ui.text("Changes in detail")) + " {#changes-in-detail}\n\n")
        marks = self.ui.text("Inserted text is underlined and deleted text is struck through.")
        out.append(f'<p class="notices-legend">{html.escape(marks, quote=False)}</p>\n\n')
        labels = RedlineLabels(
            link_changed=self.ui.gettext("link address changed: %(old)s → %(new)s"),
            guard_autolinks=True,
            renumbered=self.ui.gettext("renumbered %(old)s → %(new)s"),
        )
        for sid, s, d, lag in changed:
            heading = self.section_heading(notice, s, d)
            change, kind = self.section_label(notice, s, d, translation)
            out.append(f"### {heading} {{#change-{sid}}}\n\n")
            out.append(f'<p class="notices-change-kind">{html.escape(change)} · {html.escape(kind)}</p>\n\n')
            out.append(self.review_reason(notice, s))
            state = states.get(s.id)
            if lag is not None:
                out.append(self.stale_note(notice, revision, lag, page, partly=state == PARTLY_UPDATED))
            elif state == UPDATED:
                text = self.ui.text("This translation was updated as well.")
                out.append(f'<p class="notices-translation-state">{html.escape(text, quote=False)}</p>\n\n')
            elif state == REWORDED:
                text = self.ui.text("This translation changed only in wording.")
                out.append(f'<p class="notices-translation-state">{html.escape(text, quote=False)}</p>\n\n')
            elif d.cls is None:
                text = self.ui.text(
                    "Only the %(language)s text of this section changed, editorially; this translation did not "
                    "need to change.",
                    language=language,
                )
                out.append(f'<p class="notices-legend">{html.escape(text, quote=False)}</p>\n\n')
            if d.cls is None:
                continue
            redline = []
            if d.heading_changed and d.old_heading and d.new_heading:
                heading_redline = redline_of_heading(d, labels)
                redline.append(f'<p class="notices-redline-heading" markdown>{heading_redline}</p>\n\n')
            if d.body_changed or d.change in (ADDED, REMOVED):  # a renumbered heading needs no body
                redline.append(critic_markup(d.ops, labels).strip("\n") + "\n\n")
            if not any(mark in part for part in redline for mark in ("{++", "{--", "{~~")) and not d.renumbered:
                text = self.ui.text("Only the formatting changed: the text reads the same as before.")
                out.append(f'<p class="notices-legend">{html.escape(text, quote=False)}</p>\n\n')
                continue
            out.append('<div class="notices-redline" markdown>\n\n' + "".join(redline) + "</div>\n\n")
        return "".join(out)
