"""Shared pieces of the pages: dates, banners, status and record lines, errata, the history list."""

from __future__ import annotations

import hashlib
import html
from datetime import date

from ...content.dates import format_date
from ...content.model import Content, Document, Notice, Revision, Status
from ...content.timeline import Timeline
from ...diff import (
    RevisionDiff,
    diff_revisions,
    previous_revision,
)
from ...record.lock import read_lock
from ..messages import UiText
from ..pdf import PdfSource
from ..versions import page_url, text_sha256
from .layout import (
    RenderOptions,
    changes_page,
    cross_language_link,
    history_page,
    md_text,
    relative_link,
    revision_page,
)

#: Diffs from earlier renders in this process (``mkdocs serve`` renders again on every save).
_DIFF_MEMO: dict[str, RevisionDiff] = {}
_DIFF_BY_OBJECT: dict[tuple[object, ...], tuple[Revision, Revision, RevisionDiff]] = {}


class Components:
    """The pieces every page of one locale is built from: dates, banners, record lines, notes, history lines.

    The page modules (revision, changes, history, home, search, feed) extend it; see notices.site.pages.site.
    """

    def __init__(
        self,
        content: Content,
        locale: str,
        as_of: date,
        ui: UiText,
        options: RenderOptions,
        diffs: dict[tuple[str, str, str], RevisionDiff] | None = None,
    ):
        self.content = content
        self.locale = locale
        self.as_of = as_of
        self.ui = ui
        self.options = options
        #: Diffs shared by the writers of all locales: each pair is compared once.
        self.diffs = {} if diffs is None else diffs
        self._locks: dict[str, dict[str, dict[str, object]]] = {}

    def previous_of(self, notice: Notice, revision: Revision) -> Revision | None:
        """The revision a change page compares with: the published one before it."""
        previous = self.timeline(notice).predecessor(revision)
        if previous is None and self.options.preview:
            previous = previous_revision(notice, revision)
        return previous

    def revision_diff(self, notice: Notice, old: Revision, new: Revision) -> RevisionDiff:
        key = (notice.id, old.key, new.key)
        if key not in self.diffs:
            # The same revision objects (a preview reuses unchanged ones): no need to spell them out again.
            same = (id(old), id(new), notice.id, notice.authoritative, self.content.locales, self.options.site_url)
            kept = _DIFF_BY_OBJECT.get(same)
            if kept is not None and kept[0] is old and kept[1] is new:
                self.diffs[key] = kept[2]
                return kept[2]
            # By what is compared, so `mkdocs serve` compares only the pairs a save changed.
            what = repr((notice.id, notice.authoritative, self.content.locales, self.options.site_url, old, new))
            memo = hashlib.sha256(what.encode("utf-8")).hexdigest()
            if memo not in _DIFF_MEMO:
                if len(_DIFF_MEMO) > 4096:
                    _DIFF_MEMO.clear()
                _DIFF_MEMO[memo] = diff_revisions(
                    notice, old, new, self.content.locales, site_url=self.options.site_url
                )
            self.diffs[key] = _DIFF_MEMO[memo]
            if len(_DIFF_BY_OBJECT) > 4096:
                _DIFF_BY_OBJECT.clear()
            _DIFF_BY_OBJECT[same] = (old, new, self.diffs[key])  # holding them keeps their ids unique
        return self.diffs[key]

    # -- small pieces ---------------------------------------------------
    def timeline(self, notice: Notice) -> Timeline:
        return Timeline.of(notice, self.as_of)

    def permanent_url(self, notice: Notice, revision: Revision) -> str:
        return page_url(self.options.site_url, self.locale, self.content.locales[0], f"{notice.id}/{revision.key}/")

    def text_hash(self, notice: Notice, revision: Revision) -> str | None:
        if notice.id not in self._locks:
            self._locks[notice.id] = read_lock(notice)
        return text_sha256(self._locks[notice.id], revision, self.locale)[0]

    def status_text(self, notice: Notice, revision: Revision) -> str:
        """The revision's standing in one sentence, for the printed page."""
        status = self.timeline(notice).state(revision)
        later = self.timeline(notice).later(revision)
        successor = self.timeline(notice).successor(revision)
        if status is Status.SUPERSEDED and successor is not None:
            return self.ui.text(
                "Superseded by the version effective %(date)s: %(url)s",
                date=self.date_text(successor.effective),
                url=self.permanent_url(notice, successor),
            )
        if status is Status.UPCOMING:
            return self.ui.text("Not yet in force: takes effect on %(date)s", date=self.date_text(revision.effective))
        if status is Status.IN_FORCE and later:
            return self.ui.text(
                "In force. A new version takes effect on %(date)s: %(url)s",
                date=self.date_text(later[0].effective),
                url=self.permanent_url(notice, later[0]),
            )
        if status is Status.IN_FORCE:
            return self.ui.text("In force.")
        return self.ui.text("Preview")

    def record_lines(self, notice: Notice, revision: Revision, *, with_status: bool) -> list[str]:
        """What a printed copy must say about itself (HTML): status, dates, address, hash."""
        lines = []
        if with_status:
            status = html.escape(self.status_text(notice, revision), quote=False)
            lines.append(self.ui.html("Status: %(status)s", status=f"<strong>{status}</strong>"))
        lines.append(self.ui.html("Effective date: %(date)s", date=self.time(revision.effective)))
        lines.append(self.ui.html("Published: %(date)s", date=self.time(revision.published)))
        url = html.escape(self.permanent_url(notice, revision))
        lines.append(self.ui.html("Permanent address: %(url)s", url=f'<span class="notices-url">{url}</span>'))
        digest = self.text_hash(notice, revision)
        if digest:
            lines.append(
                self.ui.html("SHA-256 of this text: %(hash)s", hash=f'<span class="notices-hash">{digest}</span>')
            )
        return lines

    def pdf_source(self, notice: Notice, revision: Revision) -> PdfSource:
        doc = revision.documents[self.locale]
        record = self.record_lines(notice, revision, with_status=False)
        if self.locale != notice.authoritative:
            record.append(self.authoritative_text(notice))
        return PdfSource(self.locale, doc.title, tuple(record), self.document_body(doc))

    def date_text(self, value: date) -> str:
        return format_date(
            value, self.locale, japanese_era=self.options.japanese_era, buddhist_era=self.options.buddhist_era
        )

    def time(self, value: date) -> str:
        return f'<time datetime="{value.isoformat()}">{html.escape(self.date_text(value))}</time>'

    def banner(self, kind: str, text_html: str, *links: tuple[str, str], title: str | None = None) -> str:
        """An admonition announced to screen readers; each link is (label, target), one per line."""
        title = (
            title
            or {
                "superseded": self.ui.html("Archived version"),
                "pending": self.ui.html("Not yet in effect"),
                "preview": self.ui.html("Preview"),
            }[kind]
        )
        body = text_html
        if links:
            body += "\n\n" + "".join(f"- [{md_text(label)}]({target})\n" for label, target in links)
        style = "warning" if kind in ("superseded", "preview") else "info"
        return (
            f'<div class="admonition {style} notices-banner notices-banner--{kind}" role="status" '
            f'data-pagefind-ignore="all" markdown>\n'
            f'<p class="admonition-title">{title}</p>\n\n{body}\n\n</div>\n\n'
        )

    def changes_links(self, notice: Notice, revision: Revision, page: str, label: str) -> list[tuple[str, str]]:
        """(label, link to the change page) when ``revision`` has one.

        Each label names its revision, so two such links on one page never read alike.
        """
        if self.previous_of(notice, revision) is None:
            return []
        return [(label, relative_link(page, changes_page(notice, revision, self.locale)))]

    def authoritative_text(self, notice: Notice) -> str:
        language = self.ui.language_name(notice.authoritative)
        return self.ui.html(
            "This is a translation. If it differs from the %(language)s version, the %(language)s version prevails.",
            language=html.escape(language),
        )

    def authoritative_note(self, notice: Notice) -> str:
        if self.locale == notice.authoritative:
            return ""
        text = self.authoritative_text(notice)
        return f'<p class="notices-authoritative" data-pagefind-ignore="all">{text}</p>\n\n'

    def authoritative_link(self, notice: Notice, revision: Revision, page: str, section: str = "") -> str:
        target = revision_page(notice, revision, notice.authoritative)
        url = cross_language_link(page, target, self.content.locales[0])
        return url + (f"#{section}" if section else "")

    def errata_block(self, revision: Revision) -> str:
        """Corrections made to this revision after it was published, in every language."""
        if not revision.errata:
            return ""
        items = []
        for erratum in sorted(revision.errata, key=lambda e: e.date):
            what, why, written_in = erratum.in_language(self.locale)
            if written_in == self.locale:
                what, why = html.escape(what), html.escape(why)
            else:  # not explained in this language: say which language it is in
                lang = html.escape(written_in)
                what = f'<span lang="{lang}">{html.escape(what)}</span>'
                why = f'<span lang="{lang}">{html.escape(why)}</span>'
            text = self.ui.html(
                "%(date)s, %(language)s text: %(what)s (%(why)s)",
                date=self.time(erratum.date),
                language=html.escape(self.ui.language_name(erratum.locale)),
                what=what,
                why=why,
            )
            items.append(f"<li>{text}</li>")
        title = self.ui.html("Corrections after publication")
        return (
            f'<div class="notices-errata" role="note" data-pagefind-ignore="all">\n<p><strong>{title}</strong></p>\n'
            f"<ul>\n" + "\n".join(items) + "\n</ul>\n</div>\n\n"
        )

    def history_block(self, notice: Notice, upto: Revision, page: str) -> str:
        """Established / Revised lines of every published version, oldest first, ``upto`` marked as this page."""
        revisions = list(self.timeline(notice).published)
        if upto not in revisions:  # a preview of a draft or unpublished revision
            revisions.append(upto)
        lines = []
        for index, revision in enumerate(revisions):
            label = self.established_or_revised(
                index, self.time(revision.effective), escape=True, upcoming=self.is_upcoming(notice, revision)
            )
            if revision is upto:
                lines.append(f'- <span aria-current="page">{label}</span>')
            else:
                lines.append(f"- [{label}]({relative_link(page, revision_page(notice, revision, self.locale))})")
        history_link = relative_link(page, history_page(notice, self.locale))
        heading = md_text(self.ui.text("Revision history"))
        all_versions = md_text(self.ui.text("All versions and what changed"))
        return (
            f'## {heading} {{#revision-history data-pagefind-ignore="all"}}\n\n'
            f'<div class="notices-history" data-pagefind-ignore="all" markdown>\n\n' + "\n".join(lines) + "\n\n"
            f"[{all_versions}]({history_link})\n\n</div>\n"
        )

    def is_upcoming(self, notice: Notice, revision: Revision) -> bool:
        return self.timeline(notice).state(revision) is Status.UPCOMING

    def established_or_revised(self, index: int, date_text: str, *, escape: bool, upcoming: bool = False) -> str:
        """'Established <date>' for the first revision, 'Revised <date>' after it; 'Takes effect' before its day."""
        if upcoming:  # never the past tense for a text not yet in force
            message = self.ui.gettext("Takes effect %(date)s")
        else:
            message = self.ui.gettext("Established %(date)s") if index == 0 else self.ui.gettext("Revised %(date)s")
        return (html.escape(message, quote=False) if escape else message) % {"date": date_text}

    def document_body(self, doc: Document, notes: dict[str, str] | None = None) -> str:
        """The text, with a note under each heading whose translation lags (``notes`` by id)."""
        notes = notes or {}
        parts = []
        if doc.preamble:
            parts.append(doc.preamble + "\n")
        for section in doc.sections:
            parts.append(f"{'#' * section.level} {section.heading} {{#{section.id}}}\n")
            if section.id in notes:
                parts.append(notes[section.id])
            if section.body:
                parts.append(section.body + "\n")
        return "\n".join(parts) + "\n"

    def revision_lastmod(self, notice: Notice, revision: Revision, *, is_index: bool) -> date:
        """The last day this page's text changed: for the sitemap, never the build time.

        A revision page changes when it is published, corrected, superseded or
        announces a later version; the page in force also when a revision takes effect.
        """
        return self.timeline(notice).page_changed(revision, is_current=is_index)

    def history_lastmod(self, notice: Notice) -> date:
        return self.timeline(notice).last_event


def in_force_or_first(notice: Notice, as_of: date) -> Revision:
    shown = Timeline.of(notice, as_of).shown
    if shown is None:
        raise ValueError(f"{notice.id} has no revision to show")
    return shown
