"""Notes on a translation that lags behind the authoritative text: stale sections, untranslated ones."""

from __future__ import annotations

import html
import itertools
from datetime import date

from ...content.model import Document, Notice, Revision
from ...diff import (
    LocaleDiff,
    SectionDiff,
    StaleTranslation,
)
from ...diff.markup import visible_text
from ...diff.stale import (
    carried_stale,
)
from .components import Components
from .layout import (
    cross_language_link,
    front_matter,
    md_text,
    revision_page,
)


class TranslationNotes(Components):
    """What a translation page says about the sections its language has not caught up with."""

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


def text_in(locale: str, *revisions: Revision) -> bool:
    """Whether every one of ``revisions`` has a text in ``locale`` (a language joins at a revision)."""
    return all(locale in r.documents for r in revisions)
