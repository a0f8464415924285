"""Render the model into Markdown pages, one tree per locale, for any static site tool.

The output is plain Markdown with a little inline HTML (``<time>``, banners
with ``role="status"``) and YAML front matter; it needs the ``attr_list``,
``md_in_html`` and ``tables`` extensions. MkDocs reads it from a generated
folder, but nothing here imports MkDocs, so the pages outlive the renderer.

Layout, for locale ``ll`` (the adapter maps ``en/`` to the site root)::

    ll/index.md                        the list of notices
    ll/<notice>/index.md               the revision in force
    ll/<notice>/<YYYY-MM-DD>/index.md  one permanent page per published revision
    ll/<notice>/history.md             every published revision
    ll/<notice>/<YYYY-MM-DD>/changes.md  what changed from the revision before
    ll/search.md                       the search page (template ``notices-search.html``)
"""

from __future__ import annotations

import hashlib
import html
import itertools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import yaml

from ..content.dates import format_date
from ..content.model import Content, Document, Notice, Revision, Status
from ..content.timeline import Timeline
from ..diff import (
    ADDED,
    MODIFIED,
    MOVED,
    REMOVED,
    SUBSTANTIVE,
    TRANSLATION,
    UNCHANGED,
    LocaleDiff,
    RevisionDiff,
    SectionDiff,
    StaleTranslation,
    diff_revisions,
    previous_revision,
)
from ..diff.formats import RedlineLabels, critic_markup
from ..diff.formats import heading_redline as redline_of_heading
from ..diff.markup import editorial_key, visible_text
from ..diff.stale import (
    NOT_NEEDED,
    NOT_UPDATED,
    OWN_UPDATE,
    PARTLY_UPDATED,
    REWORDED,
    UPDATED,
    carried_stale,
    translation_state,
)
from ..record.lock import read_lock
from .feeds import atom_feed
from .messages import UiText
from .page_sitemaps import page_sitemaps
from .pdf import PdfSource
from .punctuation import item_separator, parenthesized, sentences
from .versions import page_url, site_index_json, text_sha256, versions_json


@dataclass(frozen=True)
class RenderOptions:
    japanese_era: bool = False
    buddhist_era: bool = True
    #: Also render drafts and revisions not yet published, for the legal team's
    #: own preview (``make preview``). Never deploy a preview build.
    preview: bool = False
    #: The site's address ending in "/", for absolute URLs in feeds and versions.json.
    site_url: str = ""
    #: Who publishes the notices (the feeds' author): MkDocs' site_name.
    publisher: str = ""


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)
    #: (locale, msgid, catalog path) of UI strings with no translation.
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    #: The PDF of each published revision in each language, by path (see notices.site.pdf).
    pdfs: dict[str, PdfSource] = field(default_factory=dict)


def revision_page(notice: Notice, revision: Revision, locale: str) -> str:
    return f"{locale}/{notice.id}/{revision.key}/index.md"


def current_page(notice: Notice, locale: str) -> str:
    return f"{locale}/{notice.id}/index.md"


def history_page(notice: Notice, locale: str) -> str:
    return f"{locale}/{notice.id}/history.md"


def changes_page(notice: Notice, revision: Revision, locale: str) -> str:
    return f"{locale}/{notice.id}/{revision.key}/changes.md"


def pdf_file(notice: Notice, revision: Revision, locale: str) -> str:
    """The PDF's permanent path, beside the revision's page: ``ja/privacy/2023-07-03/privacy-2023-07-03-ja.pdf``."""
    return f"{locale}/{notice.id}/{revision.key}/{notice.id}-{revision.key}-{locale}.pdf"


def search_page(locale: str) -> str:
    return f"{locale}/search.md"


def relative_link(source: str, target: str) -> str:
    """A Markdown link from one generated page to another, which MkDocs resolves.

    >>> relative_link("ja/privacy/index.md", "ja/privacy/2023-07-03/index.md")
    '2023-07-03/index.md'
    >>> relative_link("ja/privacy/2023-07-03/changes.md", "ja/privacy/history.md")
    '../history.md'
    >>> relative_link("ja/index.md", "ja/privacy/index.md")
    'privacy/index.md'
    """
    start = posixpath.dirname(source).split("/") if "/" in source else []
    parts = target.split("/")
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])  # posixpath.relpath, without its cost


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md_text(text: str) -> str:
    """Escape text so Markdown shows it literally (titles in link text, table cells).

    >>> md_text("Terms [draft] <b>")
    'Terms \\\\[draft\\\\] \\\\<b\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def renumbered_only(d: LocaleDiff) -> bool:
    """A section whose heading only changed its number, and whose text is the same (not a moved one)."""
    return (
        d.change == MODIFIED
        and not d.body_changed
        and bool(d.old_heading)
        and editorial_key(d.old_heading) == editorial_key(d.new_heading)
    )


def change_label(ui: UiText, change: str, cls: str | None) -> tuple[str, str]:
    """The localized (change, kind) of a changed section, for change pages and emails."""
    labels = {ADDED: ui.text("Added"), REMOVED: ui.text("Removed"), MOVED: ui.text("Moved")}
    if cls == TRANSLATION:
        return ui.text("Changed"), ui.text("Translation update")
    kind = ui.text("Substantive") if cls == SUBSTANTIVE else ui.text("Editorial")
    return labels.get(change, ui.text("Changed")), kind


def page_url_path(page: str, default_locale: str) -> str:
    """The site path a generated page is served at (directory URLs, default language at the root).

    >>> page_url_path("th/privacy/2023-07-03/changes.md", "en")
    'th/privacy/2023-07-03/changes/'
    >>> page_url_path("en/privacy/2023-07-03/index.md", "en")
    'privacy/2023-07-03/'
    """
    if page.startswith(default_locale + "/"):
        page = page[len(default_locale) + 1 :]
    page = page.removesuffix("index.md")
    return page[:-3] + "/" if page.endswith(".md") else page


def cross_language_link(source: str, target: str, default_locale: str) -> str:
    """A relative URL from one generated page to a page of another language.

    MkDocs builds one language at a time, so it cannot resolve a link to another
    language's ``.md`` file; a link to the built page's URL works everywhere.

    >>> cross_language_link("th/privacy/2023-07-03/changes.md", "en/privacy/2023-07-03/index.md", "en")
    '../../../../privacy/2023-07-03/'
    """
    start = page_url_path(source, default_locale)
    depth = start.count("/")
    return "../" * depth + page_url_path(target, default_locale)


#: libyaml's emitter when PyYAML has it: front matter is written for every page.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(data: dict[str, object]) -> str:
    """YAML front matter: data, never markup (the templates escape it; see notices.markup.fields.html_markup)."""
    return "---\n" + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False) + "---\n\n"


#: Diffs from earlier renders in this process (``mkdocs serve`` renders again on every save).
_DIFF_MEMO: dict[str, RevisionDiff] = {}
_DIFF_BY_OBJECT: dict[tuple[object, ...], tuple[Revision, Revision, RevisionDiff]] = {}


class PageWriter:
    """Renders every page of one locale."""

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

    def stale_note(
        self, notice: Notice, revision: Revision, stale: StaleTranslation, page: str, *, partly: bool | None = None
    ) -> str:
        """The visible note on a section whose translation lags behind the authoritative text.

        ``partly``: the translation changed, but not enough (by default: it lacks what the authoritative text added).
        """
        partly = stale.reason == "lacks" if partly is None else partly
        language = html.escape(self.ui.language_name(notice.authoritative))
        when = date.fromisoformat(stale.since) if stale.since else revision.effective
        if stale.reason == "removed":
            text = self.ui.html(
                "The %(language)s text no longer has this section since %(date)s, and this translation has not "
                "been updated yet. The %(language)s version prevails.",
                language=language,
                date=self.time(when),
            )
            label = md_text(
                self.ui.text(
                    "Read the %(language)s version of this text", language=self.ui.language_name(notice.authoritative)
                )
            )
            link = self.authoritative_link(notice, revision, page)
            return self.lag_box("notices-stale", "note", notice, text, label, link)
        if partly:
            text = self.ui.html(
                "The %(language)s text of this section changed on %(date)s, and this translation has been updated "
                "only in part. The %(language)s version prevails.",
                language=language,
                date=self.time(when),
            )
        else:
            text = self.ui.html(
                "The %(language)s text of this section changed on %(date)s, and this translation has not been "
                "updated yet. The %(language)s version prevails.",
                language=language,
                date=self.time(when),
            )
        label = md_text(
            self.ui.text("Read this section in %(language)s", language=self.ui.language_name(notice.authoritative))
        )
        link = self.authoritative_link(notice, revision, page, stale.section)
        return self.lag_box("notices-stale", "note", notice, text, label, link)

    def lag_box(self, classes: str, role: str, notice: Notice, text: str, label: str, link: str) -> str:
        """A "Translation not yet updated" box: its text and a link to the authoritative language."""
        lang = html.escape(notice.authoritative)
        return (
            f'<div class="admonition warning {classes}" role="{role}" markdown>\n'
            f'<p class="admonition-title">{self.ui.html("Translation not yet updated")}</p>\n\n'
            f'{text} [{label}]({link}){{: hreflang="{lang}" }}\n\n</div>\n\n'
        )

    def translated_from_note(self, notice: Notice, revision: Revision, page: str) -> str:
        """The prominent notice on a translation that renders an older authoritative text."""
        since = revision.translated_from.get(self.locale)
        if since is None:
            return ""
        language = html.escape(self.ui.language_name(notice.authoritative))
        text = self.ui.html(
            "This translation renders the %(language)s text of the version effective %(date)s, not the text of "
            "this version. The %(language)s version prevails.",
            language=language,
            date=self.time(since),
        )
        label = md_text(
            self.ui.text(
                "Read the %(language)s version of this text", language=self.ui.language_name(notice.authoritative)
            )
        )
        link = self.authoritative_link(notice, revision, page)
        return self.lag_box("notices-banner notices-banner--lagging", "status", notice, text, label, link)

    def section_heading(self, notice: Notice, s: SectionDiff, d: LocaleDiff) -> str:
        """The section's heading as Markdown text; a section not yet translated shows the
        authoritative heading, marked with its language for screen readers."""
        own = visible_text(d.new_heading or d.old_heading)
        if own:
            return md_text(own)
        reference = s.locales.get(notice.authoritative)
        other = visible_text(reference.new_heading or reference.old_heading) if reference else s.id
        return f'<span lang="{html.escape(notice.authoritative)}">{html.escape(other, quote=False)}</span>'

    def untranslated_sections(self, notice: Notice, revision: Revision, doc: Document, page: str) -> str:
        """Links to the authoritative text of the sections this translation does not have yet."""
        spine = revision.documents.get(notice.authoritative)
        missing = [s for s in spine.sections if doc.section(s.id) is None] if spine else []
        if not missing:
            return ""
        language = self.ui.language_name(notice.authoritative)
        text = self.ui.html("These sections are not translated yet. Read them in %(language)s:", language=language)
        lang = html.escape(notice.authoritative)
        items = "".join(
            f'- [<span lang="{lang}">{html.escape(visible_text(s.heading), quote=False)}</span>]'
            f'({self.authoritative_link(notice, revision, page, s.id)}){{: hreflang="{lang}" }}\n'
            for s in missing
        )
        return (
            f'<div class="admonition warning notices-stale notices-untranslated" role="note" markdown>\n'
            f'<p class="admonition-title">{self.ui.html("Translation not yet updated")}</p>\n\n'
            f"{text}\n\n{items}\n</div>\n\n"
        )

    def stale_sections(self, notice: Notice, revision: Revision) -> dict[str, StaleTranslation]:
        """Sections of ``revision`` whose text in this language lags behind, by id.

        Walks the revisions up to this one: a section stays stale until its
        translation changes, so a lag from an earlier revision is still shown.
        """
        chain: list[Revision] = []
        current: Revision | None = revision
        while current is not None and len(chain) < 1000:
            chain.append(current)
            current = self.previous_of(notice, current)
        chain.reverse()
        diffs = (self.revision_diff(notice, old, new) for old, new in itertools.pairwise(chain))
        return carried_stale(diffs, self.locale)

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
        """Established / Revised lines, oldest first, up to ``upto``."""
        revisions = [r for r in self.timeline(notice).published if r.effective <= upto.effective]
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

    # -- pages ----------------------------------------------------------
    def revision(self, notice: Notice, revision: Revision, page: str, *, is_index: bool) -> str:
        if self.locale not in revision.documents:
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
        out.append(self.errata_block(revision))
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
            out.append(
                self.banner(
                    "superseded",
                    self.ui.html("This version has been superseded."),
                    (self.ui.text("Read the version in force"), relative_link(page, current_page(notice, self.locale))),
                )
            )
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

    # -- a language that joined later, or was dropped (docs/guide/languages.md) --
    def not_available_line(self, notice: Notice, revision: Revision, page: str) -> str:
        """ "Not available in <language>", with a link to the authoritative text of ``revision``."""
        text = self.ui.html(
            "This version is not available in %(language)s.",
            language=html.escape(self.ui.language_name(self.locale)),
        )
        label = md_text(
            self.ui.text(
                "Read the %(language)s version of this text", language=self.ui.language_name(notice.authoritative)
            )
        )
        target = cross_language_link(
            page, revision_page(notice, revision, notice.authoritative), self.content.locales[0]
        )
        return f'<p class="notices-not-available" markdown>{text} [{label}]({target})</p>\n\n'

    def not_available(self, notice: Notice, revision: Revision, page: str, authoritative_page: str) -> str:
        """The page of a revision at this language's address when the revision has no text in it."""
        title = f"{self.timeline(notice).title(self.locale)} ({self.date_text(revision.effective)})"
        text = self.ui.html(
            "This version is not available in %(language)s.",
            language=html.escape(self.ui.language_name(self.locale)),
        )
        label = self.ui.text(
            "Read the %(language)s version of this text", language=self.ui.language_name(notice.authoritative)
        )
        target = cross_language_link(page, authoritative_page, self.content.locales[0])
        meta: dict[str, object] = {
            "title": title,
            "description": html.unescape(text),
            "notices": {
                "notice": notice.id,
                "revision": revision.key,
                "status": self.timeline(notice).state(revision).value,
                "effective": revision.key,
                "page": "not-available",
                "lastmod": self.timeline(notice).updated(revision).isoformat(),
            },
        }
        heading = self.ui.html(
            "Not available in %(language)s", language=html.escape(self.ui.language_name(self.locale))
        )
        out = [front_matter(meta), f"# {md_text(title)}\n\n"]
        out.append(self.banner("not-available", text, (label, target), title=heading))
        out.append(self.history_block(notice, revision, page))
        return "".join(out)

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
            if self.locale not in revision.documents:
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
        if not text_in(self.locale, revision, previous):
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

    def feed(self, notice: Notice) -> str:
        """The notice's Atom feed in this language: one entry per published revision."""
        published = self.timeline(notice).published
        titles = {
            r.key: self.established_or_revised(
                i, self.date_text(r.effective), escape=False, upcoming=self.is_upcoming(notice, r)
            )
            for i, r in enumerate(published)
        }
        name = self.timeline(notice).title(self.locale)
        return atom_feed(
            notice,
            self.locale,
            self.content.locales,
            self.as_of,
            self.options.site_url,
            title=name,
            author=self.options.publisher or name,
            entry_title=titles,
        )

    def search(self, notices: Iterable[Notice]) -> str:
        """The search page: its form and results come from overrides/notices-search.html."""
        lastmod = max((self.history_lastmod(n) for n in notices), default=self.as_of).isoformat()
        meta: dict[str, object] = {
            "title": self.ui.text("Search the notices"),
            "description": self.ui.text(
                "Searches the notices in force and the versions announced to take effect, in this language."
            ),
            "template": "notices-search.html",
            "notices": {"page": "search", "lastmod": lastmod},
        }
        return front_matter(meta) + "# " + md_text(self.ui.text("Search the notices")) + "\n"

    def home(self, notices: Iterable[Notice]) -> str:
        page = f"{self.locale}/index.md"
        title = self.ui.text("Notices")
        notices = list(notices)
        lastmod = max((self.history_lastmod(n) for n in notices), default=self.as_of).isoformat()
        names = self.ui.text(", ").join(self.timeline(n).title(self.locale) for n in notices)
        meta: dict[str, object] = {
            "title": title,
            "description": f"{title}: {names}",
            "notices": {"page": "home", "lastmod": lastmod},
        }
        out = [front_matter(meta), f"# {md_text(title)}\n\n"]
        for notice in notices:
            shown = _in_force_or_first(notice, self.as_of)
            name = self.timeline(notice).title(self.locale)
            out.append(f"## [{md_text(name)}]({relative_link(page, current_page(notice, self.locale))})\n\n")
            out.append(
                '<p class="notices-effective">'
                + self.ui.html("Effective date: %(date)s", date=self.time(shown.effective))
                + "</p>\n\n"
            )
            for later in self.timeline(notice).upcoming:
                if later is shown:
                    continue
                text = self.ui.html("An updated version takes effect on %(date)s.", date=self.time(later.effective))
                link = relative_link(page, revision_page(notice, later, self.locale))
                when = self.date_text(later.effective)
                read = md_text(self.ui.text("Read the version that takes effect on %(date)s", date=when))
                out.append(f"{text} [{read}]({link})\n\n")
        return "".join(out)


def shown_notices(content: Content, as_of: date, options: RenderOptions) -> list[Notice]:
    return [n for n in content.notices if Timeline.of(n, as_of).published or (options.preview and n.revisions)]


def _revision_pages(writer: PageWriter, notice: Notice, revision: Revision) -> dict[str, str]:
    """The pages of one revision in the writer's language: its own page and its change page."""
    page = revision_page(notice, revision, writer.locale)
    pages = {page: writer.revision(notice, revision, page, is_index=False)}
    if writer.previous_of(notice, revision) is not None:
        pages[changes_page(notice, revision, writer.locale)] = writer.changes(notice, revision)
    return pages


def text_in(locale: str, *revisions: Revision) -> bool:
    """Whether every one of ``revisions`` has a text in ``locale`` (a language joins at a revision)."""
    return all(locale in r.documents for r in revisions)


def _in_force_or_first(notice: Notice, as_of: date) -> Revision:
    shown = Timeline.of(notice, as_of).shown
    if shown is None:
        raise ValueError(f"{notice.id} has no revision to show")
    return shown


def render_site(
    content: Content,
    as_of: date,
    ui_for: Callable[[str], UiText],
    options: RenderOptions | None = None,
) -> RenderedSite:
    """Every page of every locale, keyed by path relative to the generated folder."""
    options = options or RenderOptions()
    site = RenderedSite()
    notices = shown_notices(content, as_of, options)
    diffs: dict[tuple[str, str, str], RevisionDiff] = {}
    for locale in content.locales:
        ui = ui_for(locale)
        writer = PageWriter(content, locale, as_of, ui, options, diffs)
        site.pages[f"{locale}/index.md"] = writer.home(notices)
        site.pages[search_page(locale)] = writer.search(notices)
        for notice in notices:
            published = Timeline.of(notice, as_of).published
            shown = _in_force_or_first(notice, as_of)
            site.pages[current_page(notice, locale)] = writer.revision(
                notice, shown, current_page(notice, locale), is_index=True
            )
            shown_revisions = notice.revisions if options.preview else published
            for revision in published:
                if text_in(locale, revision):  # a language that joined later has no PDF of earlier versions
                    site.pdfs[pdf_file(notice, revision, locale)] = writer.pdf_source(notice, revision)
            for revision in shown_revisions:
                site.pages.update(_revision_pages(writer, notice, revision))
            site.pages[history_page(notice, locale)] = writer.history(notice)
            site.pages[f"{locale}/{notice.id}/atom.xml"] = writer.feed(notice)
            if locale == content.locales[0]:
                site.pages[f"{locale}/{notice.id}/versions.json"] = versions_json(
                    notice, content.locales, as_of, options.site_url
                )
        site.missing.extend((locale, msgid, str(ui.po_path)) for msgid in sorted(ui.missing))
    site.pages[f"{content.locales[0]}/versions.json"] = site_index_json(content, as_of, options.site_url)
    site.pages.update(page_sitemaps(list(site.pages), content.locales, options.site_url))
    return site


def pages_of_revision(
    content: Content,
    as_of: date,
    ui_for: Callable[[str], UiText],
    options: RenderOptions,
    notice_id: str,
    key: str,
) -> dict[str, str]:
    """The pages that show one revision's text, in every language, exactly as :func:`render_site` writes them.

    The preview renders these first when the revision is edited, so the page
    being read changes at once; the whole site follows (see notices.adapters.preview).
    Also the change page of the revision after it, which compares with this one.
    """
    notice = content.notice(notice_id)
    if notice is None or notice not in shown_notices(content, as_of, options):
        return {}
    listed = notice.revisions if options.preview else Timeline.of(notice, as_of).published
    shown = _in_force_or_first(notice, as_of)
    pages: dict[str, str] = {}
    diffs: dict[tuple[str, str, str], RevisionDiff] = {}
    for locale in content.locales:
        writer = PageWriter(content, locale, as_of, ui_for(locale), options, diffs)
        if shown.key == key:
            pages[current_page(notice, locale)] = writer.revision(
                notice, shown, current_page(notice, locale), is_index=True
            )
        for revision in listed:
            before = writer.previous_of(notice, revision)
            if revision.key == key or (before is not None and before.key == key):
                pages.update(_revision_pages(writer, notice, revision))
    return pages
