"""The site's pages, kept importable here: they now live in :mod:`notices.site.pages`, one module per kind."""

from .pages.layout import (
    RenderedSite,
    RenderOptions,
    change_label,
    changes_page,
    cross_language_link,
    current_page,
    front_matter,
    history_page,
    md_text,
    page_url_path,
    pdf_file,
    relative_link,
    revision_page,
    search_page,
)
from .pages.site import PageWriter, pages_of_revision, render_site, shown_notices

__all__ = [
    "PageWriter",
    "RenderOptions",
    "RenderedSite",
    "change_label",
    "changes_page",
    "cross_language_link",
    "current_page",
    "front_matter",
    "history_page",
    "md_text",
    "page_url_path",
    "pages_of_revision",
    "pdf_file",
    "relative_link",
    "render_site",
    "revision_page",
    "search_page",
    "shown_notices",
]
