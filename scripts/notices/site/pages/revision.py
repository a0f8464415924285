"""A revision's page: its text, status banners, record and history lines (also the page in force)."""

from __future__ import annotations

from ...content.model import Notice, Revision, Status
from ..punctuation import parenthesized, sentences
from .layout import (
    changes_page,
    current_page,
    front_matter,
    md_text,
    pdf_file,
    relative_link,
    revision_page,
)
from .spans import Spans
from .translation import TranslationNotes


class RevisionPage(TranslationNotes, Spans):
    """Writes the page of one revision in one language."""

    def revision(self, notice: Notice, revision: Revision, page: str, *, is_index: bool) -> str:
        if self.locale not in revision.documents:  # a language that joined later, or was dropped
            return self.not_available(notice, revision, page, revision_page(notice, revision, notice.authoritative))
        doc = revision.documents[self.locale]
        timeline = self.timeline(notice)
        status, in_force, upcoming = timeline.state(revision), timeline.in_force, timeline.upcoming
        title = doc.title if is_index else parenthesized(self.locale, doc.title, self.date_text(revision.effective))
        effective_text = self.ui.text("Effective date: %(date)s", date=self.date_text(revision.effective))
        meta: dict[str, object] = {
            "title": title,
            "description": sentences(self.locale, doc.title, effective_text, self.status_text(notice, revision)),
            "notices": {
                "notice": notice.id,
                "revision": revision.key,
                "status": status.value,
                "effective": revision.key,
                "page": "current" if is_index else "revision",
                "lastmod": self.revision_lastmod(notice, revision, is_index=is_index).isoformat(),
            },
        }
        # Search finds the text in force and announced revisions, each once; not archives.
        if is_index or (status is Status.UPCOMING and in_force is not None):
            notices_meta = meta["notices"]
            assert isinstance(notices_meta, dict)
            notices_meta["index"] = True
            if status is Status.UPCOMING:
                notices_meta["search_label"] = self.ui.text(
                    "Not yet in force: takes effect on %(date)s", date=self.date_text(revision.effective)
                )
        out = [front_matter(meta), f"# {doc.title}\n\n"]
        effective = self.ui.html("Effective date: %(date)s", date=self.time(revision.effective))
        out.append(f'<p class="notices-effective" data-pagefind-ignore="all">{effective}</p>\n\n')
        out.append(self.span_block(notice, revision, page))
        if self.previous_of(notice, revision) is not None:
            what = md_text(self.ui.text("What changed in this version"))
            target = relative_link(page, changes_page(notice, revision, self.locale))
            own = f"[{what}]({target})"
            out.append(f'<p class="notices-changes-link" data-pagefind-ignore="all" markdown>{own}</p>\n\n')
        record = "".join(f"<p>{line}</p>\n" for line in self.record_lines(notice, revision, with_status=True))
        out.append(f'<div class="notices-print-record" data-pagefind-ignore="all">\n{record}</div>\n\n')
        if timeline.visible(revision):
            pdf = relative_link(page, pdf_file(notice, revision, self.locale))
            label = md_text(
                self.ui.text("PDF of this version (%(language)s)", language=self.ui.language_name(self.locale))
            )
            out.append(f'<p class="notices-pdf" data-pagefind-ignore="all" markdown>[{label}]({pdf})</p>\n\n')
        out.append(self.authoritative_note(notice))
        if status in (Status.DRAFT, Status.UNPUBLISHED):
            out.append(
                self.banner(
                    "preview",
                    self.ui.html(
                        "Preview: this version has not been published. Visitors cannot see it, and its text may change."
                    ),
                )
            )
        elif status is Status.SUPERSEDED and in_force is not None:
            out.append(self.superseded_banner(notice, revision, page))
        elif status is Status.UPCOMING:
            if in_force is not None:
                text = self.ui.html(
                    "This version takes effect on %(date)s. Until then, the version in force applies.",
                    date=self.time(revision.effective),
                )
                link = (
                    self.ui.text("Read the version in force"),
                    relative_link(page, current_page(notice, self.locale)),
                )
                own_changes = self.changes_links(notice, revision, page, self.ui.text("What changed in this version"))
                out.append(self.banner("pending", text, link, *own_changes))
            else:
                text = self.ui.html("This notice takes effect on %(date)s.", date=self.time(revision.effective))
                out.append(self.banner("pending", text))
        if status is Status.IN_FORCE or (is_index and in_force is None):
            for later in upcoming:
                if later is revision:
                    continue
                when = self.date_text(later.effective)
                if status is Status.IN_FORCE:  # the title gives the date
                    text = self.ui.html("Until then, the version on this page applies.")
                else:
                    text = self.ui.html("An updated version takes effect on %(date)s.", date=self.time(later.effective))
                link = (
                    self.ui.text("Read the version that takes effect on %(date)s", date=when),
                    relative_link(page, revision_page(notice, later, self.locale)),
                )
                coming = self.changes_links(
                    notice, later, page, self.ui.text("What will change on %(date)s", date=when)
                )
                title = self.ui.html("A new version takes effect on %(date)s", date=self.time(later.effective))
                out.append(self.banner("upcoming", text, link, *coming, title=title))
        out.append(self.errata_block(revision))  # below the banners: the status comes first
        notes: dict[str, str] = {}
        if self.locale != notice.authoritative:
            out.append(self.translated_from_note(notice, revision, page))
            if self.previous_of(notice, revision) is not None:
                for sid, stale in self.stale_sections(notice, revision).items():
                    notes[sid] = self.stale_note(notice, revision, stale, page)
            if "" in notes:
                out.append(notes.pop(""))
            out.append(self.untranslated_sections(notice, revision, doc, page))
        out.append(self.document_body(doc, notes))
        out.append(self.history_block(notice, revision, page))
        return "".join(out)

    def superseded_banner(self, notice: Notice, revision: Revision, page: str) -> str:
        """When this version stopped applying, and links to the version that replaced it and the one in force."""
        timeline = self.timeline(notice)
        successor = timeline.successor(revision)
        span = timeline.span(revision)
        if successor is None or span is None or span.end is None:  # cannot happen for a superseded revision
            text = self.ui.html("This version has been superseded.")
            return self.banner(
                "superseded",
                text,
                (self.ui.text("Read the version in force"), relative_link(page, current_page(notice, self.locale))),
            )
        text = (
            self.ui.html("This version has been superseded.")
            + " "
            + self.ui.html("This version stopped applying on %(date)s.", date=self.time(span.end))
        )
        replaced = (
            self.ui.text("Read the version effective %(date)s", date=self.date_text(successor.effective)),
            relative_link(page, revision_page(notice, successor, self.locale)),
        )
        links = [replaced]
        if successor is not timeline.in_force:
            links.append(
                (self.ui.text("Read the version in force"), relative_link(page, current_page(notice, self.locale)))
            )
        return self.banner("superseded", text, *links)
