"""The diff engine: what changed between two revisions, and which translations lag behind.

- :mod:`.engine` aligns sections by id and classes each change;
- :mod:`.ops` aligns blocks and words inside a section, as ops that rebuild both texts;
- :mod:`.markup` knows which pieces of Markdown a reader sees, so no redline ever splits a link;
- :mod:`.stale` finds translations that no longer render the authoritative text.
"""

from .engine import (
    ADDED,
    EDITORIAL,
    MATERIAL_TOPICS,
    MISSING,
    MODIFIED,
    MOVED,
    REMOVED,
    SUBSTANTIVE,
    TRANSLATION,
    UNCHANGED,
    LocaleDiff,
    RevisionDiff,
    RevisionNotFound,
    SectionDiff,
    StaleTranslation,
    diff_revisions,
    previous_revision,
    renumbering,
    resolve_revision,
)
from .ops import (
    DELETE,
    EQUAL,
    INSERT,
    REPLACE,
    Op,
    blocks,
    normalize,
    rebuild,
    text_ops,
    word_ops,
)

__all__ = [
    "ADDED",
    "DELETE",
    "EDITORIAL",
    "EQUAL",
    "INSERT",
    "MATERIAL_TOPICS",
    "MISSING",
    "MODIFIED",
    "MOVED",
    "REMOVED",
    "REPLACE",
    "SUBSTANTIVE",
    "TRANSLATION",
    "UNCHANGED",
    "LocaleDiff",
    "Op",
    "RevisionDiff",
    "RevisionNotFound",
    "SectionDiff",
    "StaleTranslation",
    "blocks",
    "diff_revisions",
    "normalize",
    "previous_revision",
    "rebuild",
    "renumbering",
    "resolve_revision",
    "text_ops",
    "word_ops",
]
