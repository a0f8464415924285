"""The history page of a notice: every published version, newest first, and earlier versions."""

from __future__ import annotations

import html

from ...content.model import Notice, Status
from ..punctuation import item_separator, sentences
from .layout import (
    changes_page,
    compare_page,
    front_matter,
    history_page,
    md_text,
    pdf_file,
    relative_link,
    revision_page,
)
from .spans import Spans
from .translation import TranslationNotes


class HistoryPage(TranslationNotes, Spans):
    """Writes the history page of one notice in one language."""

    def history(self, notice: Notice) -> str:
        page = history_page(notice, self.locale)
        notice_title = self.timeline(notice).title(self.locale)
        title = self.ui.text("Revision history: %(notice)s", notice=notice_title)
        meta: dict[str, object] = {
            "title": title,
            "description": sentences(self.locale, title, self.ui.text("All versions and what changed"), end=True),
            "notices": {"notice": notice.id, "page": "history", "lastmod": self.history_lastmod(notice).isoformat()},
        }
        out = [front_matter(meta), f"# {md_text(title)}\n\n"]
        labels = {
            Status.IN_FORCE: self.ui.text("In force"),
            Status.SUPERSEDED: self.ui.text("Superseded"),
            Status.UPCOMING: self.ui.text("Upcoming"),
        }
        published = list(self.timeline(notice).published)
        out.append(self.timeline_image(notice, page))
        out.append(self.history_table(notice, page))
        for index, revision in reversed(list(enumerate(published))):
            status = self.timeline(notice).state(revision)
            upcoming = status is Status.UPCOMING
            heading = self.established_or_revised(
                index, self.date_text(revision.effective), escape=False, upcoming=upcoming
            )
            out.append(f"## {md_text(heading)} {{#v{revision.key}}}\n\n")
            facts = [
                self.ui.html("Effective date: %(date)s", date=self.time(revision.effective)),
                self.ui.html("Published: %(date)s", date=self.time(revision.published)),
                self.ui.html("Status: %(status)s", status=html.escape(labels[status])),
            ]
            if revision.material:
                facts.append(self.ui.html("Material change"))
            out.append('<ul class="notices-facts">\n' + "".join(f"<li>{f}</li>\n" for f in facts) + "</ul>\n\n")
            summary = revision.summary.get(self.locale)
            if summary:
                out.append(html.escape(summary, quote=False) + "\n\n")
            link = relative_link(page, revision_page(notice, revision, self.locale))
            when = self.date_text(revision.effective)
            read = md_text(self.ui.text("Read the version effective %(date)s", date=when))
            if self.locale not in revision.documents:  # a language that joined later, or was dropped
                out.append(self.not_available_line(notice, revision, page))
                continue
            links = [f"[{read}]({link})"]
            if upcoming:
                changed = self.ui.text("What will change on %(date)s", date=when)
            else:
                changed = self.ui.text("What changed on %(date)s", date=when)
            links += [
                f"[{md_text(label)}]({target})" for label, target in self.changes_links(notice, revision, page, changed)
            ]
            out.append(item_separator(self.locale).join(links) + "\n\n")
        out.append(self.earlier_versions(notice))
        return "".join(out)

    def history_table(self, notice: Notice, page: str) -> str:
        """Every published version, newest first: published, in force from–to, what changed, PDF.

        It is also the text of the timeline graphic above it, which screen readers skip.
        """
        published = list(self.timeline(notice).published)
        if not published:
            return ""
        head = [
            self.ui.text("Version"),
            self.ui.text("Published"),
            self.ui.text("Period in force"),
            self.ui.text("What changed"),
            self.ui.text("PDF"),
        ]
        rows = ["| " + " | ".join(md_text(h) for h in head) + " |\n|" + " --- |" * len(head) + "\n"]
        language = self.ui.language_name(self.locale)
        for index, revision in reversed(list(enumerate(published))):
            when = self.date_text(revision.effective)
            upcoming = self.is_upcoming(notice, revision)
            version = self.established_or_revised(index, self.time(revision.effective), escape=True, upcoming=upcoming)
            if self.locale not in revision.documents:  # a language that joined later, or was dropped
                missing = self.ui.html(
                    "Not available in %(language)s", language=html.escape(self.ui.language_name(self.locale))
                )
                cells = [version, self.time(revision.published), self.span_html(notice, revision), missing, ""]
                rows.append("| " + " | ".join(cells) + " |\n")
                continue
            changed = []
            if self.previous_of(notice, revision) is not None:
                message = "What will change on %(date)s" if upcoming else "What changed on %(date)s"
                label = md_text(self.ui.text(message, date=when))
                changed.append(f"[{label}]({relative_link(page, changes_page(notice, revision, self.locale))})")
            if self.has_comparison(notice, revision):
                label = md_text(
                    self.ui.text("Compare the version effective %(date)s with the version in force", date=when)
                )
                changed.append(f"[{label}]({relative_link(page, compare_page(notice, revision, self.locale))})")
            pdf = md_text(
                self.ui.text("PDF of the version effective %(date)s (%(language)s)", date=when, language=language)
            )
            cells = [
                f"[{version}]({relative_link(page, revision_page(notice, revision, self.locale))})",
                self.time(revision.published),
                self.span_html(notice, revision),
                "<br>".join(changed),
                f"[{pdf}]({relative_link(page, pdf_file(notice, revision, self.locale))})",
            ]
            rows.append("| " + " | ".join(cells) + " |\n")
        return '<div class="notices-history-table" markdown>\n\n' + "".join(rows) + "\n</div>\n\n"

    def earlier_versions(self, notice: Notice) -> str:
        """Versions from before the site, as dates only: the page never pretends to have their text."""
        if not notice.earlier:
            return ""
        events = {
            "established": "Established %(date)s",
            "revised": "Revised %(date)s",
            "effective": "Effective date: %(date)s",
        }
        items = "".join(f"<li>{self.ui.html(events[e.event], date=self.time(e.date))}</li>\n" for e in notice.earlier)
        heading = md_text(self.ui.text("Earlier versions"))
        note = html.escape(self.ui.text("The text of these versions is not kept on this site."), quote=False)
        return f"## {heading} {{#earlier-versions}}\n\n{note}\n\n" + f'<ul class="notices-facts">\n{items}</ul>\n\n'
