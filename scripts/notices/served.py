"""The exact source text of every published revision, served at a permanent address.

Anyone can check a citation: ``/<ll>/<notice>/<date>/<notice>-<date>-<ll>.md``
(the default language without the ``<ll>/`` prefix, like its pages) holds the
very bytes of ``content/<notice>/<date>/<ll>.md``, BOM and line endings
included, so ``sha256sum`` of the download equals the SHA-256 in versions.json
and in published.lock. These are plain file copies: any renderer can serve
them; the MkDocs adapter copies them into the built site.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from .model import Content, Notice, Revision
from .timeline import Timeline


def source_name(notice: Notice, revision: Revision, locale: str) -> str:
    """The file name a downloaded text keeps: it says which notice, revision and language it is.

    >>> from pathlib import Path
    >>> n = Notice("privacy", Path("."), "en", 30, 1, {}, {}, ())
    >>> r = Revision("privacy", Path("."), date(2023, 7, 3), date(2023, 7, 3), False)
    >>> source_name(n, r, "th")
    'privacy-2023-07-03-th.md'
    """
    return f"{notice.id}-{revision.key}-{locale}.md"


def source_path(notice: Notice, revision: Revision, locale: str, default_locale: str) -> str:
    """The site-relative address of a published text (no leading slash)."""
    prefix = "" if locale == default_locale else f"{locale}/"
    return f"{prefix}{notice.id}/{revision.key}/{source_name(notice, revision, locale)}"


def published_sources(content: Content, as_of: date, locale: str | None = None) -> dict[str, Path]:
    """Site-relative address -> source file, for every published revision (one language when given)."""
    default = content.locales[0]
    found: dict[str, Path] = {}
    for notice in content.notices:
        for revision in Timeline.of(notice, as_of).published:
            for ll, doc in sorted(revision.documents.items()):
                if locale is None or ll == locale:
                    found[source_path(notice, revision, ll, default)] = doc.path
    return found


def copy_sources(content: Content, as_of: date, site_dir: Path, locale: str | None = None) -> int:
    """Copy the published texts' bytes into a built site; returns how many."""
    sources = published_sources(content, as_of, locale)
    for rel, src in sources.items():
        dest = site_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        shutil.copyfile(src, tmp)
        tmp.replace(dest)
    return len(sources)
