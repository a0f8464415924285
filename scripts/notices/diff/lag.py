"""A translation's lag over a whole history: the pair-by-pair facts of :mod:`notices.diff.stale`, carried along.

Apart from ``stale`` because it runs the engine, which imports ``stale``: one direction only, no cycle.
"""

from __future__ import annotations

import itertools

from ..content.model import Notice, Revision
from .engine import RevisionDiff, StaleTranslation, diff_revisions, previous_revision
from .stale import carried_stale


def lag_upto(
    notice: Notice, revision: Revision, locale: str, memo: dict[tuple[str, str], RevisionDiff] | None = None
) -> dict[str, StaleTranslation]:
    """:func:`carried_stale` of ``locale`` for ``revision``, over every revision before it (``memo``: diffs kept)."""
    memo = {} if memo is None else memo
    chain = [revision]
    while (earlier := previous_revision(notice, chain[-1])) is not None and len(chain) < 1000:
        chain.append(earlier)
    chain.reverse()
    diffs = []
    for old, new in itertools.pairwise(chain):
        if notice.authoritative not in old.documents or notice.authoritative not in new.documents:
            continue
        if (old.key, new.key) not in memo:
            memo[old.key, new.key] = diff_revisions(notice, old, new)
        diffs.append(memo[old.key, new.key])
    return carried_stale(diffs, locale)
