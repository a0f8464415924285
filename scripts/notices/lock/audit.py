"""``notices log <notice>``: the audit trail of a notice's published revisions, read from git.

For each revision: when it was locked and in which commit, every erratum
recorded since, and anything git saw that the check refused (a changed or
removed entry, a back-dated revision), so an auditor sees the whole story,
not only the current state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..model import Notice
from .history import Event, History
from .record import LockFile, erratum_line

WORDS = {
    "locked": "locked as published",
    "erratum": "erratum recorded",
    "re-recorded": "recorded again (same text)",
    "refused": "REFUSED change",
    "removed": "entry removed from the lock",
    "back-dated": "REFUSED back-dated revision",
    "conflict": "CONFLICT: two merged branches",
    "lock-deleted": "published.lock deleted",
}


@dataclass
class RevisionTrail:
    key: str
    published: str
    events: list[dict[str, str]] = field(default_factory=list)


def audit_trail(notice: Notice, history: History, lock: LockFile) -> list[RevisionTrail]:
    """One trail per revision that git or the lock knows, oldest first; lock-wide events under key ''."""
    trails: dict[str, RevisionTrail] = {}

    def trail(key: str, published: str = "") -> RevisionTrail:
        if key not in trails:
            trails[key] = RevisionTrail(key, published)
        return trails[key]

    for event in history.events:
        published = (
            str(history.witnessed[event.key].entry.get("published", "")) if event.key in history.witnessed else ""
        )
        trail(event.key, published).events.append(_row(notice, event))
    for key, entry in lock.entries.items():
        records = history.conflicts.get(key) or ((history.witnessed[key],) if key in history.witnessed else ())
        if all(seen.entry != entry for seen in records):
            trail(key, str(entry.get("published", ""))).events.append(
                {
                    "kind": "uncommitted",
                    "what": "recorded in published.lock, not yet committed"
                    if history.repo
                    else "recorded in published.lock (not in git: no history)",
                    "commit": "",
                    "date": "",
                    "author": "",
                    "subject": "",
                }
            )
    return [trails[k] for k in sorted(trails, key=lambda k: (k == "", k))]


def _row(notice: Notice, event: Event) -> dict[str, str]:
    what = WORDS.get(event.kind, event.kind)
    if event.kind == "erratum":
        revision = notice.revision(event.key)
        match = next((e for e in (revision.errata if revision else ()) if erratum_line(e) == event.detail), None)
        what += f" {event.detail.rsplit(' ', 1)[0]}" + (f": {match.what}" if match else " (no longer in revision.yml)")
    elif event.detail and event.kind != "locked":
        what += f": {event.detail}"
    c = event.commit
    return {"kind": event.kind, "what": what, "commit": c.sha, "date": c.date, "author": c.author, "subject": c.subject}


def format_trail(notice: Notice, trails: list[RevisionTrail], history: History) -> str:
    source = "git history of " + history.lock_rel if history.repo else f"{history.lock_rel} only ({history.reason})"
    out = [f"{notice.id}: published revisions, from the {source}"]
    for trail in trails:
        out.append("")
        out.append(f"{trail.key}  (published {trail.published})" if trail.key else "published.lock itself")
        for row in trail.events:
            when = row["date"][:10] or "          "
            commit = row["commit"][:10] or "          "
            out.append(f"  {when}  {commit}  {row['what']}")
            if row["subject"]:
                subject = row["subject"] if len(row["subject"]) <= 72 else row["subject"][:71] + "…"
                out.append(f"{'':26}by {row['author']}: {subject}")
    return "\n".join(out) + "\n"


def trail_json(notice: Notice, trails: list[RevisionTrail]) -> str:
    data: dict[str, Any] = {
        "notice": notice.id,
        "revisions": [
            {"revision": t.key or None, "published": t.published or None, "events": t.events} for t in trails
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
