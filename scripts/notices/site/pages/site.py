"""Assemble the site: every page of every locale, and the pages of one revision for the preview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ...content.model import Content, Notice, Revision
from ...content.timeline import Timeline
from ...diff import (
    RevisionDiff,
)
from ..messages import UiText
from ..page_sitemaps import page_sitemaps
from ..versions import site_index_json, versions_json
from .comparison import ComparisonPage
from .components import in_force_or_first
from .feed import FeedPage
from .history import HistoryPage
from .home import HomePage
from .layout import (
    RenderedSite,
    RenderOptions,
    changes_page,
    compare_page,
    current_page,
    history_page,
    pdf_file,
    revision_page,
    search_page,
    timeline_file,
)
from .revision import RevisionPage
from .search import SearchPage
from .translation import text_in


class PageWriter(RevisionPage, ComparisonPage, HistoryPage, HomePage, SearchPage, FeedPage):
    """Renders every page of one locale: each kind of page is written by its own module."""


def shown_notices(content: Content, as_of: date, options: RenderOptions) -> list[Notice]:
    return [n for n in content.notices if Timeline.of(n, as_of).published or (options.preview and n.revisions)]


def _revision_pages(writer: PageWriter, notice: Notice, revision: Revision) -> dict[str, str]:
    """The pages of one revision in the writer's language: its own page, its change and comparison pages."""
    page = revision_page(notice, revision, writer.locale)
    pages = {page: writer.revision(notice, revision, page, is_index=False)}
    if writer.previous_of(notice, revision) is not None:
        pages[changes_page(notice, revision, writer.locale)] = writer.changes(notice, revision)
    if writer.has_comparison(notice, revision):
        pages[compare_page(notice, revision, writer.locale)] = writer.comparison(notice, revision)
    return pages


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
            shown = in_force_or_first(notice, as_of)
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
            if published:
                site.pages[timeline_file(notice, locale)] = writer.timeline_svg(notice)
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
    shown = in_force_or_first(notice, as_of)
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
