"""``/<notice>/versions.json``: every published revision, for machines.

Consent records, apps and auditors cite a revision by its effective date,
its language and the SHA-256 of its text. The hashes come from
``published.lock``, the same record that makes published text immutable, and
are of the exact bytes served at ``source_url`` (see :mod:`notices.served`), so
``sha256sum`` of the download gives the same value. ``/versions.json`` lists
every notice, so ``notices verify`` can find them all on a deployed site.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .lock import read_lock, sha256_bytes
from .model import Content, Erratum, Notice, Revision
from .served import source_path
from .timeline import Timeline

#: 2: hashes of the exact bytes (BOM and line endings included), ``source_url``, ``site``.
SCHEMA_VERSION = 2


def page_url(base: str, locale: str, default_locale: str, path: str) -> str:
    """The public URL of a page; ``base`` is the site URL ending in '/' (or '' for site-relative).

    >>> page_url("https://example.org/", "ja", "en", "privacy/2023-07-03/")
    'https://example.org/ja/privacy/2023-07-03/'
    >>> page_url("", "en", "en", "privacy/")
    '/privacy/'
    """
    prefix = "" if locale == default_locale else f"{locale}/"
    return (base or "/") + prefix + path


def text_sha256(lock: dict[str, dict[str, Any]], revision: Revision, locale: str) -> tuple[str | None, bool]:
    """(SHA-256 of ``revision``'s ``locale`` text, whether published.lock recorded it).

    The one place the site gets a text's hash: versions.json, the printed page
    and the PDF all cite this, so they can never disagree. ``lock`` is
    :func:`notices.lock.read_lock` of the notice.
    """
    locked = lock.get(revision.key, {}).get("files", {})
    entry = locked.get(f"{locale}.md")
    digest = entry.get("sha256") if isinstance(entry, dict) else None
    if digest:
        return str(digest), True
    doc = revision.documents.get(locale)
    return (sha256_bytes(doc.path.read_bytes()) if doc else None), False


def versions_document(notice: Notice, locales: tuple[str, ...], as_of: date, base: str) -> dict[str, Any]:
    """The versions.json content for ``notice`` as of ``as_of``."""
    lock = read_lock(notice)
    default = locales[0]
    timeline = Timeline.of(notice, as_of)
    in_force, published = timeline.in_force, timeline.published
    versions = []
    for index, revision in enumerate(published):
        files = {}
        for locale in locales:
            digest, locked = text_sha256(lock, revision, locale)
            files[locale] = {
                "sha256": digest,
                "locked": locked,
                "url": page_url(base, locale, default, f"{notice.id}/{revision.key}/"),
            }
            if revision.documents.get(locale) is not None:
                files[locale]["source_url"] = (base or "/") + source_path(notice, revision, locale, default)
            if index > 0:
                files[locale]["changes_url"] = page_url(base, locale, default, f"{notice.id}/{revision.key}/changes/")
        versions.append(
            {
                "effective": revision.key,
                "published": revision.published.isoformat(),
                "status": timeline.state(revision).value,
                "material": revision.material,
                "summary": {loc: revision.summary[loc] for loc in locales if loc in revision.summary},
                "errata": [_erratum(e) for e in sorted(revision.errata, key=lambda e: e.date)],
                "locales": files,
                "translated_from": {ll: d.isoformat() for ll, d in sorted(revision.translated_from.items())},
            }
        )
    return {
        "schema": SCHEMA_VERSION,
        "notice": notice.id,
        "site": base or "/",
        "authoritative": notice.authoritative,
        "as_of": as_of.isoformat(),
        "in_force": in_force.key if in_force else None,
        "upcoming": [r.key for r in timeline.upcoming],
        "versions": versions,
    }


def _erratum(e: Erratum) -> dict[str, Any]:
    entry: dict[str, Any] = {"date": e.date.isoformat(), "locale": e.locale, "what": e.what, "why": e.why}
    if e.translations:
        entry["translations"] = {loc: {"what": w, "why": y} for loc, (w, y) in e.translations.items()}
    return entry


def versions_json(notice: Notice, locales: tuple[str, ...], as_of: date, base: str) -> str:
    return json.dumps(versions_document(notice, locales, as_of, base), ensure_ascii=False, indent=2) + "\n"


def site_index_json(content: Content, as_of: date, base: str) -> str:
    """``/versions.json``: where each notice's versions.json is, so a verifier can find them all."""
    notices = [
        {"notice": n.id, "versions": page_url(base, content.locales[0], content.locales[0], f"{n.id}/versions.json")}
        for n in content.notices
        if Timeline.of(n, as_of).published
    ]
    document = {"schema": SCHEMA_VERSION, "site": base or "/", "as_of": as_of.isoformat(), "notices": notices}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
