"""The text-level diff: blocks aligned first, then words inside the changed blocks, as ops that rebuild both texts.

:mod:`.engine` aligns sections by id and classes each change; this module only
turns two texts of one section in one language into :class:`Op` steps, with
:func:`notices.diff.markup.tokens`, so Thai and Japanese are compared word by
word rather than character by character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .markup import tokens

EQUAL, INSERT, DELETE, REPLACE = "equal", "insert", "delete", "replace"


@dataclass(frozen=True)
class Op:
    """One step of a diff: ``old`` became ``new`` (both empty-able)."""

    op: str
    old: str
    new: str


# --- blocks ---------------------------------------------------------------

_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_ROW = re.compile(r"^\s*\|")


def blocks(text: str) -> list[str]:
    """Paragraphs, list items and table rows; they join back to ``text``.

    Blank lines open the block that follows them, so an item inserted at the
    end of a list is a clean insertion, not a change to the paragraph after it.

    >>> blocks("Intro.\\n\\n- one\\n- two\\n\\n| a |\\n| b |\\n")
    ['Intro.\\n', '\\n- one\\n', '- two\\n', '\\n| a |\\n', '| b |\\n']
    """
    out: list[str] = []
    current = ""
    pending = ""
    previous_blank = True
    for line in text.splitlines(keepends=True):
        if not line.strip():
            pending += line
            previous_blank = True
            continue
        if current and (previous_blank or _ITEM.match(line) or _ROW.match(line)):
            out.append(current)
            current = ""
        current += pending + line
        pending = ""
        previous_blank = False
    if current or pending:
        out.append(current + pending)
    return out


# --- ops ------------------------------------------------------------------


def normalize(ops: Iterable[Op]) -> tuple[Op, ...]:
    """Merge neighbours: equal runs join; any run of changes becomes one op."""
    out: list[Op] = []
    for op in ops:
        if not op.old and not op.new:
            continue
        if out and (out[-1].op == EQUAL) == (op.op == EQUAL):
            last = out.pop()
            old, new = last.old + op.old, last.new + op.new
            kind = EQUAL if op.op == EQUAL else (INSERT if not old else DELETE if not new else REPLACE)
            out.append(Op(kind, old, new))
        else:
            out.append(op)
    return tuple(out)


def _absorb_slivers(ops: list[Op]) -> list[Op]:
    """Fold a lone space or one-character word between two changes into the change.

    "the ~~old~~new ~~words~~text" reads worse than "~~the old words~~the new text".
    """
    out: list[Op] = []
    for i, op in enumerate(ops):
        between = 0 < i < len(ops) - 1 and ops[i - 1].op != EQUAL and ops[i + 1].op != EQUAL
        if op.op == EQUAL and between and (op.old.isspace() or len(op.old) <= 1):
            out.append(Op(REPLACE, op.old, op.new))
        else:
            out.append(op)
    return out


def word_ops(old: str, new: str, locale: str) -> tuple[Op, ...]:
    """Word-level ops from ``old`` to ``new`` in ``locale``'s script.

    >>> [(o.op, o.old, o.new) for o in word_ops("We keep it.", "We sell it.", "en")]
    [('equal', 'We ', 'We '), ('replace', 'keep', 'sell'), ('equal', ' it.', ' it.')]
    >>> [(o.op, o.old, o.new) for o in word_ops("เก็บข้อมูล", "ลบข้อมูล", "th")]
    [('replace', 'เก็บ', 'ลบ'), ('equal', 'ข้อมูล', 'ข้อมูล')]
    """
    if old == new:
        return normalize([Op(EQUAL, old, new)])
    a, b = tokens(old, locale), tokens(new, locale)
    # Common head and tail first: a sentence added to a long paragraph is then a
    # small problem for SequenceMatcher, whose cost grows with the square of the length.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    matcher = SequenceMatcher(None, mid_a, mid_b, autojunk=False)
    ops = [Op(EQUAL, "".join(a[:head]), "".join(b[:head]))]
    ops += [Op(tag, "".join(mid_a[i1:i2]), "".join(mid_b[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    ops.append(Op(EQUAL, "".join(a[len(a) - tail :]), "".join(b[len(b) - tail :])))
    return normalize(_absorb_slivers(list(normalize(ops))))


def _similarity(a: str, b: str, locale: str) -> float:
    """How alike two blocks are, by their words (order aside): enough to pair them."""
    return SequenceMatcher(None, tokens(a.strip(), locale), tokens(b.strip(), locale), autojunk=False).quick_ratio()


def _pair_blocks(old: Sequence[str], new: Sequence[str], locale: str) -> list[tuple[int | None, int | None]]:
    """Pair changed blocks in order, maximising similarity; unpaired ones are added or removed."""
    n, m = len(old), len(new)
    if n * m > 400:  # a rewritten section: pair in order, no search
        pairs: list[tuple[int | None, int | None]] = [(i, i) for i in range(min(n, m))]
        pairs += [(i, None) for i in range(m, n)] + [(None, j) for j in range(n, m)]
        return pairs
    sim = [[_similarity(old[i], new[j], locale) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= 0.3 else -1.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= 0.3 and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


def text_ops(old: str, new: str, locale: str) -> tuple[Op, ...]:
    """Ops from ``old`` to ``new``: blocks aligned first, then words inside changed blocks."""
    if old == new:
        return normalize([Op(EQUAL, old, new)])
    a, b = blocks(old), blocks(new)
    matcher = SequenceMatcher(None, [x.strip() for x in a], [x.strip() for x in b], autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                ops.extend(word_ops(x, y, locale))
            continue
        for i, j in _pair_blocks(a[i1:i2], b[j1:j2], locale):
            if i is not None and j is not None:
                ops.extend(word_ops(a[i1 + i], b[j1 + j], locale))
            elif i is not None:
                ops.append(Op(DELETE, a[i1 + i], ""))
            elif j is not None:
                ops.append(Op(INSERT, "", b[j1 + j]))
    return normalize(ops)


def rebuild(ops: Iterable[Op]) -> tuple[str, str]:
    """The old and the new text that ``ops`` describe."""
    ops = tuple(ops)
    return "".join(op.old for op in ops), "".join(op.new for op in ops)
