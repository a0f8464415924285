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

One module per kind of page (``revision``, ``changes``, ``history``, ``home``,
``search``, ``feed``), the pieces they share in ``components`` (and the
translation notes in ``translation``), where pages go in ``layout``, and the
assembly of the whole site in ``site``.
"""

from .layout import RenderedSite, RenderOptions
from .site import PageWriter, pages_of_revision, render_site, shown_notices

__all__ = ["PageWriter", "RenderOptions", "RenderedSite", "pages_of_revision", "render_site", "shown_notices"]
