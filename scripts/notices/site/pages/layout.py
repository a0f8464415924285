"""Where each generated page goes, and the Markdown helpers every page uses.

The render options and the rendered site live here too: every page module reads them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

import yaml

from ...content.model import Notice, Revision
from ...diff import (
    ADDED,
    MODIFIED,
    MOVED,
    REMOVED,
    SUBSTANTIVE,
    TRANSLATION,
    LocaleDiff,
)
from ...diff.markup import editorial_key
from ..messages import UiText
from ..pdf import PdfSource


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


def compare_page(notice: Notice, revision: Revision, locale: str) -> str:
    """The page comparing ``revision`` with the version in force (one per revision, never every pair)."""
    return f"{locale}/{notice.id}/{revision.key}/compare.md"


def timeline_file(notice: Notice, locale: str) -> str:
    """The history page's timeline graphic (SVG), beside it: ``ja/privacy/timeline.svg``."""
    return f"{locale}/{notice.id}/timeline.svg"


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
