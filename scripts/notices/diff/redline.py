"""CriticMarkup redlines (``{--old--}{++new++}``) of a section's ops, as the pages and ``notices diff`` show them.

A change is never split inside a link, an image or an autolink (see
:mod:`.markup`); a changed address is said in words after the link, a
renumbered heading as its number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import (
    EQUAL,
    REPLACE,
    LocaleDiff,
    Op,
)
from .markup import AUTOLINK, IMAGE, LINK, TEXT, units, visible_text


@dataclass(frozen=True)
class RedlineLabels:
    """Words a redline adds, in the reader's language (the site passes translated ones)."""

    #: Shown after a link whose address changed; %(old)s and %(new)s are the marked addresses.
    link_changed: str = "link address changed: %(old)s → %(new)s"
    #: The page autolinks bare addresses (the site's pymdownx.magiclink): keep the shown addresses text.
    guard_autolinks: bool = False
    #: Shown after a heading whose only change is its number; %(old)s and %(new)s are the numbers.
    renumbered: str = "renumbered %(old)s → %(new)s"


#: The words are possessive runs: a lazy ``(.*?)(\s*)$`` rescanned a run of spaces from every position.
_LINE_PREFIX = re.compile(r"^(\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+|#{1,6}\s+)?)((?:\s*+\S++)*+)(\s*)$", re.S)


_PIPE = re.compile(r"(?<!\\)\|")


def _critic_escape(text: str) -> str:
    """Keep content from closing a CriticMarkup span early."""
    return re.sub(r"([-+~]{2})\}", "\\1\u200b}", text).replace("~>", "~\u200b>")


def _pieces(text: str) -> list[list[tuple[str, str]]]:
    """``text`` as lines of (kind, text) pieces: "vis" (seen), "inv" (attribute list, tag) or "sep" (structure).

    Units never break across pieces, so a link that wraps over two lines stays whole;
    list markers, heading marks and table pipes are structure, never marked.
    """
    lines: list[list[tuple[str, str]]] = [[]]
    for u in units(text):
        if u.kind != TEXT:
            lines[-1].append(("inv" if u.invisible else "vis", u.raw))
            continue
        for i, part in enumerate(u.raw.split("\n")):
            if i:
                lines[-1].append(("sep", "\n"))
                lines.append([])
            if part:
                lines[-1].append(("txt", part))
    out = []
    for line in lines:
        split: list[tuple[str, str]] = []
        for n, (kind, part) in enumerate(line):
            if kind != "txt":
                split.append((kind, part))
                continue
            if n == 0:
                m = _LINE_PREFIX.match(part)
                assert m is not None  # the pattern matches any string
                if m.group(1):
                    split.append(("sep", m.group(1)))
                    part = part[len(m.group(1)) :]
            for k, cell in enumerate(_PIPE.split(part)):
                if k:
                    split.append(("sep", "|"))
                if cell:
                    split.append(("vis", cell))
        out.append(split)
    return out


def _wrap(text: str, open_: str, close: str, *, keep_invisible: bool) -> str:
    """Mark what a reader sees of ``text``; list markers, table pipes and newlines stay outside.

    Attribute lists and tags are never wrapped: kept raw on the inserted side
    (so they still apply) and dropped from the deleted side.
    """
    out: list[str] = []
    for line in _pieces(text):
        run: list[str] = []

        def flush(run: list[str] = run) -> None:
            joined = "".join(run)
            run.clear()
            body = joined.strip()
            if not body:
                out.append(joined)
                return
            lead = joined[: len(joined) - len(joined.lstrip())]
            trail = joined[len(joined.rstrip()) :]
            out.append(f"{lead}{open_}{_critic_escape(body)}{close}{trail}")

        for kind, part in line:
            if kind == "vis":
                run.append(part)
                continue
            flush()
            if kind == "sep" or keep_invisible:
                out.append(part)
        flush()
    return "".join(out)


def _reader_view(text: str) -> tuple[str, tuple[str, ...]]:
    """The words and link addresses a reader sees, whitespace folded."""
    seen = tuple(u.href for u in units(text) if u.href)
    return " ".join(visible_text(text).split()), seen


def _md_url(url: str) -> str:
    """An address shown as text: escaped, so it is neither a link nor emphasis."""
    return _critic_escape(re.sub(r"([\\`*_{}\[\]()#!|<>])", r"\\\1", url))


def _guarded_url(url: str) -> str:
    """:func:`_md_url` for a page whose Markdown autolinks bare addresses (pymdownx.magiclink):
    ``:``, ``@`` and ``.`` as character references, so the address stays text."""
    return _md_url(url).replace(":", "&#58;").replace("@", "&#64;").replace(".", "&#46;")


def _link_notes(old: str, new: str, labels: RedlineLabels) -> list[str]:
    """ "address changed: old → new" for each link whose text stayed and whose address changed."""
    before = [u for u in units(old) if u.kind in (LINK, AUTOLINK, IMAGE)]
    after = [u for u in units(new) if u.kind in (LINK, AUTOLINK, IMAGE)]
    notes = []
    shown = _guarded_url if labels.guard_autolinks else _md_url
    single = len(before) == len(after) == 1
    for a, b in zip(before, after, strict=False):
        if a.href != b.href and a.href and b.href and (single or a.visible == b.visible):
            notes.append(
                labels.link_changed % {"old": "{--" + shown(a.href) + "--}", "new": "{++" + shown(b.href) + "++}"}
            )
    return notes


def critic_markup(ops: Iterable[Op], labels: RedlineLabels | None = None) -> str:
    """Ops as CriticMarkup (``{++ ++}``, ``{-- --}``, ``{~~ ~> ~~}``), rendered by pymdownx.critic.

    Marks go around what a reader sees and never inside a link, code, emphasis
    or attribute list; a link whose address changed is shown with its old and
    new address.

    >>> critic_markup([Op("equal", "We ", "We "), Op("replace", "keep", "sell"), Op("equal", " it.", " it.")])
    'We {~~keep~>sell~~} it.'
    >>> critic_markup([Op("equal", "- a\\n", "- a\\n"), Op("insert", "", "- b\\n")])
    '- a\\n- {++b++}\\n'
    >>> critic_markup([Op("replace", "[policy](https://x.example/cookies/)", "[policy](https://x.example/c/)")])
    '[policy](https://x.example/c/) (link address changed: {--https://x.example/cookies/--} → {++https://x.example/c/++})'
    """
    labels = labels or RedlineLabels()
    out = []
    for op in ops:
        if op.op == EQUAL:
            out.append(_critic_escape(op.new))
            continue
        notes = _link_notes(op.old, op.new, labels)
        if _reader_view(op.old)[0] == _reader_view(op.new)[0] and op.old.strip() and op.new.strip():
            out.append(_critic_escape(op.new))  # the same words: only syntax, spacing or an address changed
        else:
            old_pieces, new_pieces = _pieces(op.old), _pieces(op.new)
            simple = all(len(p) == 1 and p[0][0] == "vis" for p in (*old_pieces, *new_pieces))
            # "<del>8</del><ins>9</ins>" reads "89": a space keeps a replaced number apart from its successor
            apart = " " if op.old[-1:].isdigit() and op.new[:1].isdigit() else ""
            if op.op == REPLACE and simple and op.old.strip() and op.new.strip() and not apart:
                out.append(f"{{~~{_critic_escape(op.old)}~>{_critic_escape(op.new)}~~}}")
            else:
                if op.old.strip():
                    out.append(_wrap(op.old, "{--", "--}", keep_invisible=False) + apart)
                if op.new.strip():
                    out.append(_wrap(op.new, "{++", "++}", keep_invisible=True))
                elif op.new:
                    out.append(op.new)  # whitespace only: keep the new layout
        if notes:
            tail = out[-1][len(out[-1].rstrip()) :]
            out[-1] = out[-1].rstrip() + " (" + "; ".join(notes) + ")" + tail
    return "".join(out)


def heading_redline(d: LocaleDiff, labels: RedlineLabels | None = None) -> str:
    """A heading's redline; a heading whose only change is its number reads "9. Cookies (renumbered 8 → 9)"."""
    labels = labels or RedlineLabels()
    number = d.renumbered
    if number is None:
        return critic_markup(d.heading_ops, labels)
    return f"{_critic_escape(d.new_heading)} ({labels.renumbered % {'old': number[0], 'new': number[1]}})"
