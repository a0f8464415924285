"""``notices new``: start a revision from the latest one, never overwriting anything."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import yaml

from .model import Notice


class ScaffoldError(Exception):
    """A refusal with a message for the user (the folder exists, the date is taken...)."""


def new_revision(notice: Notice, effective: date) -> Path:
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
        meta = {
            "effective": effective,
            "published": date(effective.year, effective.month, effective.day),  # not the same object: no &id001 alias
            "material": False,
            "draft": True,
        }
        if latest.translated_from:  # the copied translations still render the same older text
            meta["translated_from"] = dict(latest.translated_from)
        text = (
            f"# Started from {latest.key} by `notices new`. Set 'published' to the day it is announced,\n"
            "# 'material' and a 'summary' per language; remove 'draft' when it is ready.\n"
            + yaml.safe_dump(meta, sort_keys=False)
        )
        (staging / "revision.yml").write_text(text, encoding="utf-8")
        os.rename(staging, target)  # fails if target appeared meanwhile: never overwrites
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
