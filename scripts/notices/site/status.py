"""``notices status``: where every revision stands on a date, so the team knows what it may edit.

One row per revision: its state (draft, scheduled, upcoming, in force,
superseded), whether ``published.lock`` holds it, whether its text may still
be edited, the days of notice it gives and the translations that lag behind
the authoritative text.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from ..content.model import Content, Notice, Revision, Status
from ..content.timeline import Timeline
from ..diff import RevisionDiff, previous_revision
from ..diff.lag import lag_upto
from ..record.lock import read_lock

#: The words shown for each state; ``scheduled`` is a revision whose ``published`` date is ahead.
STATE_NAMES = {
    Status.DRAFT: "draft",
    Status.UNPUBLISHED: "scheduled",
    Status.UPCOMING: "upcoming",
    Status.IN_FORCE: "in force",
    Status.SUPERSEDED: "superseded",
}


@dataclass(frozen=True)
class Lagging:
    """A translation that did not follow a change of the authoritative text."""

    locale: str
    section: str
    #: The diff's reason: unchanged, lacks, missing, moved, declared, removed, or "translated from <date>".
    reason: str
    since: str = ""  # the date the lag began: the first authoritative change the translation did not follow
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class RevisionState:
    revision: str
    state: str
    effective: date
    published: date
    material: bool
    locked: bool
    editable: bool
    notice_days: int | None  # None for the first revision: there is nothing to give notice of
    notice_required: int | None  # the notice period when the revision is material
    lagging: tuple[Lagging, ...]

    @property
    def why_not_editable(self) -> str:
        if self.editable:
            return ""
        return "locked: correct it only through errata" if self.locked else "visitors can see it: publish it"


def _lagging(notice: Notice, revision: Revision, diffs: dict[tuple[str, str], RevisionDiff]) -> tuple[Lagging, ...]:
    """The lags the pages show for ``revision``: the same facts, from the same diffs (see :func:`lag_upto`)."""
    found = [
        Lagging(locale, "", f"translated from {source.isoformat()}")
        for locale, source in sorted(revision.translated_from.items())
    ]
    for ll in sorted({ll for r in notice.revisions for ll in r.documents} - {notice.authoritative}):
        for lag in lag_upto(notice, revision, ll, diffs).values():
            found.append(Lagging(ll, lag.section, lag.reason, lag.since, lag.tokens))
    return tuple(found)


def revision_states(notice: Notice, as_of: date) -> list[RevisionState]:
    locked = read_lock(notice)
    diffs: dict[tuple[str, str], RevisionDiff] = {}
    rows = []
    for revision in notice.revisions:
        status = Timeline.of(notice, as_of).state(revision)
        is_locked = revision.key in locked
        previous = previous_revision(notice, revision)
        rows.append(
            RevisionState(
                revision=revision.key,
                state=STATE_NAMES[status],
                effective=revision.effective,
                published=revision.published,
                material=revision.material,
                locked=is_locked,
                editable=not is_locked and status in (Status.DRAFT, Status.UNPUBLISHED),
                notice_days=(revision.effective - revision.published).days if previous else None,
                notice_required=notice.notice_period_days if revision.material and previous else None,
                lagging=_lagging(notice, revision, diffs),
            )
        )
    return rows


def _notice_text(row: RevisionState) -> str:
    if row.notice_days is None:
        return "first revision"
    text = f"{row.notice_days} day{'s' if row.notice_days != 1 else ''}"
    if row.notice_required is not None:
        short = " SHORT" if row.notice_days < row.notice_required else ""
        return f"{text} (material: {row.notice_required} required){short}"
    return f"{text} (not material)"


def status_text(content: Content, as_of: date) -> str:
    """A table per notice, for the terminal."""
    out = [f"notices status as of {as_of.isoformat()}"]
    header = ("REVISION", "STATE", "PUBLISHED", "LOCKED", "EDITABLE", "NOTICE GIVEN")
    for notice in content.notices:
        out += [
            "",
            f"{notice.id} (authoritative: {notice.authoritative}; notice period: {notice.notice_period_days} days)",
        ]
        rows = revision_states(notice, as_of)
        table = [header] + [
            (
                r.revision,
                r.state,
                r.published.isoformat(),
                "yes" if r.locked else "no",
                "yes" if r.editable else "no",
                _notice_text(r),
            )
            for r in rows
        ]
        widths = [max(len(line[i]) for line in table) for i in range(len(header) - 1)]
        for line, row in zip(table, [None, *rows], strict=True):
            cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
            out.append("  " + "  ".join([*cells, line[-1]]).rstrip())
            if row is not None and row.lagging:
                out += [f"    lagging translation: {_lagging_text(lag, notice.authoritative)}" for lag in row.lagging]
    out += [
        "",
        "scheduled: announced on a later day; upcoming: announced, not yet in effect.",
        "editable: its text may still change. A locked revision changes only through an erratum.",
    ]
    return "\n".join(out) + "\n"


def _lagging_text(lag: Lagging, authoritative: str) -> str:
    ll, en = f"{lag.locale}.md", f"{authoritative}.md"
    where = f"section '{lag.section}'" if lag.section else "the text before the first section"
    on = f" on {lag.since}" if lag.since else ""
    said = {
        "unchanged": f"{ll}, {where}: {en} changed in substance{on}; {ll} has not followed that change",
        "lacks": f"{ll}, {where}: {ll} changed, but lacks what {en} added{on}: " + ", ".join(lag.tokens),
        "missing": f"{ll}, {where}: {ll} does not have it",
        "moved": f"{ll}, {where}: {ll} keeps it where {en} had it before",
        "declared": f"{ll}, {where}: {en} changed{on}; {ll} translates an older {en} ('translated_from')",
        "removed": f"{ll}, {where}: {en} removed it{on}; {ll} still shows it",
    }
    return said.get(lag.reason, f"{ll}: {lag.reason}")


def status_json(content: Content, as_of: date) -> str:
    """The same as :func:`status_text`, for other tools (``"schema": 1``; fields are only added)."""

    def row(r: RevisionState) -> dict[str, Any]:
        data = asdict(r)
        data["effective"], data["published"] = r.effective.isoformat(), r.published.isoformat()
        data["lagging"] = [asdict(lag) for lag in r.lagging]
        return data

    notices = [
        {
            "id": n.id,
            "authoritative": n.authoritative,
            "notice_period_days": n.notice_period_days,
            "in_force": next((r.key for r in [Timeline.of(n, as_of).in_force] if r is not None), None),
            "revisions": [row(r) for r in revision_states(n, as_of)],
        }
        for n in content.notices
    ]
    return (
        json.dumps({"schema": 1, "as_of": as_of.isoformat(), "notices": notices}, ensure_ascii=False, indent=2) + "\n"
    )
