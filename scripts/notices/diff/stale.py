"""Translations that no longer render the authoritative text: found, with the reason why.

A translation is stale in a section when the authoritative text changed in
substance and the translation did not, when it lacks the addresses, e-mail
addresses, numbers or Latin-script names the authoritative text added (those
pass through translation unchanged, so their absence is proof of lag), when
the section is missing or out of order, or when ``translated_from`` in
revision.yml declares that the translation renders an older authoritative text,
or when it still shows a section the authoritative text removed.

The lag of a section begins at the first authoritative change the translation
did not follow: :func:`carried_stale` keeps that date while the lag lasts,
and :func:`translation_state` says what happened to a translation's own text
in one pair. ``notices status``, the diff and the pages all read these facts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from ..content.model import Notice, Revision, Section
from .markup import OWN_SITE, editorial_key, pass_through, present_in

if TYPE_CHECKING:
    from .engine import LocaleDiff, RevisionDiff, SectionDiff, StaleTranslation

SUBSTANTIVE, EDITORIAL = "substantive", "editorial"
_WEB_ADDRESS = re.compile(r"(?:https?|ftp)://|www\.", re.I)

#: What happened to a translation's own text in one pair (its class follows the authoritative text).
UPDATED = "updated"  # it changed with the authoritative text and renders it
REWORDED = "reworded"  # it changed in wording only (as an editorial change would), and renders the authoritative text
NOT_UPDATED = "not-updated"  # the authoritative text changed in substance (or removed it); this text did not
NOT_NEEDED = "not-needed"  # the authoritative text changed editorially; this text needed no change
PARTLY_UPDATED = "partly-updated"  # it changed, but still lags (a part not followed, an address lacking)
OWN_UPDATE = "own-update"  # it changed while the authoritative text did not
#: Lags judged pair by pair, so they last until the translation changes; the others are read from
#: each revision's own state (``translated_from``, the sections it has, their order).
_CARRIED = ("unchanged", "lacks")


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


def removed_on(notice: Notice, section_id: str, upto: Revision) -> date | None:
    """The effective date of the revision whose authoritative text dropped ``section_id`` (up to ``upto``)."""
    had = False
    removed: date | None = None
    for revision in notice.revisions:
        if revision.draft or revision.effective > upto.effective:
            continue
        doc = revision.documents.get(notice.authoritative)
        if doc is None:
            continue
        if doc.section(section_id) is not None:
            had, removed = True, None
        elif had and removed is None:
            removed = revision.effective
    return removed


def removed_kept(notice: Notice, revision: Revision, locale: str) -> list[tuple[str, date]]:
    """Sections the authoritative text removed that this translation still shows, with the removal date."""
    doc = revision.documents.get(locale)
    spine = revision.documents.get(notice.authoritative)
    if locale == notice.authoritative or doc is None or spine is None:
        return []
    out = []
    for sid in doc.section_ids:
        if spine.section(sid) is None:
            when = removed_on(notice, sid, revision)
            if when is not None:
                out.append((sid, when))
    return out


def translation_state(section: SectionDiff, locale: str, stale: StaleTranslation | None) -> str | None:
    """What happened to ``locale``'s own text of ``section`` in this pair; None: nothing to report.

    Never "not updated" for a text that changed, never "updated" for one that did not.
    """
    d = section.locales.get(locale)
    if d is None:
        return None
    reason = stale.reason if stale is not None else None
    moved_too = d.change == "moved" and reason not in ("moved", "declared")
    own = d.cls is not None and (d.heading_changed or d.body_changed or moved_too)
    authoritative = section.change != "unchanged" and section.cls not in (None, "translation")
    if not authoritative:
        return OWN_UPDATE if own else None
    if own:
        if reason is not None:
            return PARTLY_UPDATED
        return UPDATED if _reworked(d) or d.change != "modified" else REWORDED
    return NOT_UPDATED if reason is not None else NOT_NEEDED


def _reworked(d: LocaleDiff) -> bool:
    """Did this language's own text change beyond an editorial fix (whatever class it follows)?"""
    old_body, new_body = "".join(op.old for op in d.ops), "".join(op.new for op in d.ops)
    return editorial_key(d.old_heading) != editorial_key(d.new_heading) or editorial_key(old_body) != editorial_key(
        new_body
    )


def carried_stale(diffs: Iterable[RevisionDiff], locale: str) -> dict[str, StaleTranslation]:
    """The sections of ``locale`` that lag after the last of ``diffs`` (consecutive pairs, oldest first).

    A lag judged in one pair lasts until the translation changes, and keeps the
    date it began: the first authoritative change the translation did not follow.
    """
    stale: dict[str, StaleTranslation] = {}
    for diff in diffs:
        for s in (diff.preamble, *diff.sections):
            d = s.locales.get(locale)
            if (s.new_position is None and s.id) or (d is not None and d.cls is not None and _reworked(d)):
                stale.pop(s.id, None)  # removed, or the translator reworked it: judged afresh below
        kept = {sid: x for sid, x in stale.items() if x.reason in _CARRIED}
        stale = {}
        for x in diff.stale(locale).values():
            before = kept.pop(x.section, None)
            if before is not None and before.since and (not x.since or before.since < x.since):
                x = replace(x, since=before.since)
            stale[x.section] = x
        stale.update(kept)
    return stale
