"""Translations that no longer render the authoritative text: found, with the reason why.

A translation is stale in a section when the authoritative text changed in
substance and the translation did not, when it lacks the addresses, e-mail
addresses, numbers or Latin-script names the authoritative text added (those
pass through translation unchanged, so their absence is proof of lag), when
the section is missing or out of order, or when ``translated_from`` in
revision.yml declares that the translation renders an older authoritative text.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..model import Notice, Revision, Section
from .markup import OWN_SITE, editorial_key, pass_through, present_in

SUBSTANTIVE, EDITORIAL = "substantive", "editorial"
_WEB_ADDRESS = re.compile(r"(?:https?|ftp)://|www\.", re.I)


def _text(section: Section | None) -> str:
    return f"{section.heading}\n\n{section.body}" if section else ""  # the heading is a block of its own


def stale_reason(
    auth_old: Section | None,
    auth_new: Section | None,
    tr_old: Section | None,
    tr_new: Section | None,
    auth_class: str | None,
    own: str = OWN_SITE,
) -> tuple[str, tuple[str, ...]] | None:
    """(reason, tokens) when the translation of one section lags behind; None when it keeps up."""
    if auth_new is None:
        return None  # the section was removed: nothing to translate
    if tr_new is None:
        return ("missing", ())
    if auth_class not in (SUBSTANTIVE, EDITORIAL):
        return None
    if auth_class == SUBSTANTIVE and tr_old is not None and auth_old is not None:
        for part in ("heading", "body"):  # a new English heading with the old translated one is stale too
            auth_changed = editorial_key(getattr(auth_old, part), own) != editorial_key(getattr(auth_new, part), own)
            if auth_changed and editorial_key(getattr(tr_old, part), own) == editorial_key(getattr(tr_new, part), own):
                return ("unchanged", ())
    added = pass_through(_text(auth_new)) - pass_through(_text(auth_old))
    if auth_class == EDITORIAL:  # an address updated on the same site: a translation still needs the new one
        added = Counter({token: n for token, n in added.items() if _WEB_ADDRESS.match(token)})
    shown = _text(tr_new)
    lacking = tuple(sorted(token for token in added if not present_in(token, shown)))
    return ("lacks", lacking) if lacking else None


def changed_on(notice: Notice, section_id: str, after: date, upto: Revision) -> date:
    """The effective date of the first revision after ``after`` whose authoritative section changed."""
    previous = notice.revision(after.isoformat())
    for revision in notice.revisions:
        if revision.draft or revision.effective <= after or revision.effective > upto.effective:
            continue
        a = _section(previous, notice.authoritative, section_id)
        b = _section(revision, notice.authoritative, section_id)
        if editorial_key(_text(a)) != editorial_key(_text(b)):
            return revision.effective
        previous = revision
    return upto.effective


def _section(revision: Revision | None, locale: str, section_id: str) -> Section | None:
    doc = revision.documents.get(locale) if revision else None
    if doc is None:
        return None
    if section_id == "":
        return Section("", doc.title, doc.preamble, doc.title_line)
    return doc.section(section_id)


def declared_lag(notice: Notice, revision: Revision, locale: str) -> list[tuple[str, date]]:
    """Sections whose authoritative text changed since the revision ``translated_from`` names.

    Each comes with the date its authoritative text changed; ``[]`` when nothing is declared.
    """
    since = revision.translated_from.get(locale)
    base = notice.revision(since.isoformat()) if since else None
    spine = revision.documents.get(notice.authoritative)
    if since is None or base is None or spine is None:
        return []
    out = []
    for sid in ("", *spine.section_ids):
        before = _section(base, notice.authoritative, sid)
        now = _section(revision, notice.authoritative, sid)
        if editorial_key(_text(before)) != editorial_key(_text(now)):
            out.append((sid, changed_on(notice, sid, since, revision)))
    return out
