"""Published revisions are a legal record: the lock, git as its witness, and ``notices publish``.

- :mod:`.record` reads and writes ``published.lock`` (exact-byte SHA-256 and git blob ids);
- :mod:`.git` runs the ``git`` command safely;
- :mod:`.history` reads the lock's committed history and decides what git witnessed;
- :mod:`.rules` is ``notices check``'s part; :mod:`.publish` is ``notices publish``;
- :mod:`.audit` is ``notices log``.
"""

from __future__ import annotations

from .history import History, read_history
from .publish import publish
from .record import (
    LOCK_NAME,
    git_blob_id,
    load_lock,
    lock_entry,
    read_lock,
    revision_meta_digest,
    sha256_bytes,
    sha256_text,
    write_lock,
)
from .rules import REPAIRED_BY_PUBLISH, changed_lines, check_locks

__all__ = [
    "LOCK_NAME",
    "REPAIRED_BY_PUBLISH",
    "History",
    "changed_lines",
    "check_locks",
    "git_blob_id",
    "load_lock",
    "lock_entry",
    "publish",
    "read_history",
    "read_lock",
    "revision_meta_digest",
    "sha256_bytes",
    "sha256_text",
    "write_lock",
]
