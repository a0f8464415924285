"""``notices new``: start a revision from the latest one, never overwriting anything."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from ..content.model import Notice


class ScaffoldError(Exception):
    """A refusal with a message for the user (the folder exists, the date is taken...)."""


def announcement_date(notice: Notice, effective: date, today: date) -> date:
    """The day to announce a revision: a full notice period before ``effective``, never in the past.

    >>> from pathlib import Path
    >>> n = Notice("p", Path("p"), "en", 30, 1, {}, {}, ())
    >>> announcement_date(n, date(2027, 6, 1), date(2027, 1, 1)).isoformat()
    '2027-05-02'
    >>> announcement_date(n, date(2027, 6, 1), date(2027, 5, 20)).isoformat()  # too late for 30 days' notice
    '2027-05-20'
    """
    return min(effective, max(today, effective - timedelta(days=notice.notice_period_days)))


def new_revision(notice: Notice, effective: date, today: date | None = None) -> Path:
    """Copy the latest revision to ``<notice>/<effective>/`` as a draft.

    The copy is assembled in a temporary folder beside the target and renamed
    into place, so an interrupted run leaves either nothing or a whole revision.
    """
    target = notice.path / effective.isoformat()
    if target.exists():
        raise ScaffoldError(f"{target} already exists; nothing was changed")
    if not notice.revisions:
        raise ScaffoldError(f"{notice.path} has no revision to start from")
    latest = notice.revisions[-1]
    if effective <= latest.effective:
        raise ScaffoldError(f"a new revision must take effect after the latest one ({latest.key}); choose a later date")
    staging = Path(tempfile.mkdtemp(prefix=f".{effective.isoformat()}.", dir=notice.path))
    try:
        for locale, doc in latest.documents.items():
            shutil.copyfile(doc.path, staging / f"{locale}.md")
        published = announcement_date(notice, effective, today or date.today())
        text = (
            f"# Started from {latest.key} by `notices new`. 'published' is the day visitors are told:\n"
            f"# {notice.notice_period_days} days ahead (notice.yml) if the change is material. Set 'material' and a\n"
            "# 'summary' per language; remove 'draft' when it is ready.\n"
            f"effective: {effective.isoformat()}\n"
            f"published: {published.isoformat()}\n"
            "material: false\n"
            "draft: true\n"
        )
        if latest.translated_from:  # the copied translations still render the same older text
            text += "translated_from:\n" + "".join(
                f"  {locale}: {when.isoformat()}\n" for locale, when in sorted(latest.translated_from.items())
            )
        (staging / "revision.yml").write_text(text, encoding="utf-8")
        os.rename(staging, target)  # fails if target appeared meanwhile: never overwrites
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
