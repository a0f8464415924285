"""A small ``sitemap.xml`` beside every page: the page and its other languages.

Material's script fetches ``sitemap.xml`` beside each ``<link rel="alternate">``
of a page (the hreflang alternates and the Atom feed), to map pages between
languages. Without one there, every page view made six failing requests and
logged six console errors. Each file is a valid sitemap (with ``xhtml:link``
hreflang alternates) that lists just that page, so the requests succeed and
search engines get the same language map as the page's head.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from .versions import page_url


def page_path(rel: str) -> str | None:
    """The URL path (after the locale) of a generated Markdown page, or None.

    >>> page_path("ja/privacy/2023-07-03/index.md")
    'privacy/2023-07-03/'
    >>> page_path("ja/privacy/history.md")
    'privacy/history/'
    >>> page_path("en/index.md")
    ''
    >>> page_path("en/privacy/atom.xml") is None
    True
    """
    if not rel.endswith(".md"):
        return None
    path = rel.split("/", 1)[1]
    if path == "index.md" or path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def page_sitemaps(pages: Iterable[str], locales: tuple[str, ...], site_url: str) -> dict[str, str]:
    """``{locale}/{path}sitemap.xml`` for every page, except the site root's (MkDocs writes that one)."""
    if not site_url:
        return {}
    default = locales[0]
    paths: dict[str, set[str]] = {}
    for rel in pages:
        path = page_path(rel)
        if path is not None:
            paths.setdefault(path, set()).add(rel.split("/", 1)[0])
    out = {}
    for path, present in sorted(paths.items()):
        links = [(loc, page_url(site_url, loc, default, path)) for loc in locales if loc in present]
        alternates = "".join(
            f'    <xhtml:link rel="alternate" hreflang={quoteattr(loc)} href={quoteattr(href)}/>\n'
            for loc, href in [*links, ("x-default", links[0][1])]
        )
        for loc, href in links:
            if loc == default and path == "":
                continue
            out[f"{loc}/{path}sitemap.xml"] = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
                f"  <url>\n    <loc>{escape(href)}</loc>\n{alternates}  </url>\n</urlset>\n"
            )
    return out
