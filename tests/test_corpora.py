"""Invariants of the diff on every real pair of the four vendored corpora (tests/corpora/).

The pairs are loaded as ``make eval`` loads them (scripts/eval/corpora.py) and
diffed on the code path of ``notices diff --format json``. ``make eval``
reports how the calls compare with a reviewer's reading; these tests assert
what must hold on every pair whatever the calls:

- no redline cuts a word (ICU word boundaries, as the diff uses, so Thai and
  Japanese too) and no number runs into its neighbour;
- no Markdown or CriticMarkup syntax shows as text in the rendered redline;
- no phantom entry: nothing is listed as changed whose text is the same, nor
  as unchanged whose text changed;
- every section the authoritative text removed is reported for each
  translation that keeps it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from notices.diff import EQUAL, REMOVED, LocaleDiff, Op, blocks, rebuild
from notices.diff.markup import tokens
from notices.diff_format import critic_markup, render_markdown

sys.path.insert(0, str(ROOT / "scripts" / "eval"))
from corpora import Pair, all_pairs


@pytest.fixture(scope="module")
def real_pairs() -> list[Pair]:
    found = all_pairs()
    assert len(found) == 25  # 5 + 6 + 7 + 7 consecutive pairs
    return found


def _locale_diffs(pair: Pair) -> Iterator[tuple[str, str, LocaleDiff]]:
    for s in [pair.diff.preamble, *pair.diff.sections]:
        for ll, d in s.locales.items():
            yield s.id or "(title and preamble)", ll, d


def _boundaries(text: str, locale: str) -> set[int]:
    """Word boundaries, block by block (no inline Markdown spans two paragraphs)."""
    at, out = 0, {0}
    for block in blocks(text):
        for token in tokens(block, locale):
            at += len(token)
            out.add(at)
    return out


def _cuts(ops: tuple[Op, ...], locale: str) -> list[str]:
    """Op boundaries that fall inside a word of the old or the new text."""
    old, new = rebuild(ops)
    allowed = (_boundaries(old, locale), _boundaries(new, locale))
    out = []
    at_old = at_new = 0
    for op in ops:
        at_old += len(op.old)
        at_new += len(op.new)
        for side, at, text in ((0, at_old, old), (1, at_new, new)):
            if at not in allowed[side] and not text[at - 1 : at + 1].isspace():  # a run of spaces may split
                out.append(f"…{text[max(0, at - 12) : at]}|{text[at : at + 12]}…")
    return out


def test_no_redline_cuts_a_word(real_pairs: list[Pair]) -> None:
    cut = []
    for pair in real_pairs:
        for sid, ll, d in _locale_diffs(pair):
            for where, ops in (("heading", d.heading_ops), ("text", d.ops)):
                cut += [f"{pair.name} {sid} {ll} {where}: {c}" for c in _cuts(ops, ll)]
    assert cut == []


#: A deleted or inserted number directly beside another number: "<del>8</del><ins>2</ins>." reads "82.".
_NUMBERS_TOUCH = re.compile(r"\d(?:</(?:del|ins)>|<(?:del|ins)[^>]*>)+\d")


def test_numbers_in_redlines_never_run_into_a_neighbour(real_pairs: list[Pair]) -> None:
    touching = []
    for pair in real_pairs:
        for sid, ll, d in _locale_diffs(pair):
            for ops, inline in ((d.heading_ops, True), (d.ops, False)):
                if all(op.op == EQUAL for op in ops):
                    continue
                html = render_markdown(critic_markup(ops), inline=inline)
                touching += [f"{pair.name} {sid} {ll}: {m.group(0)}" for m in _NUMBERS_TOUCH.finditer(html)]
    assert touching == []


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


#: Syntax a reader must never see in a redline: CriticMarkup, links, ids and attribute lists, emphasis marks.
LEAKS = ("{++", "++}", "{--", "--}", "{~~", "~~}", "~>", "](", "{#", "{:", "**", "__")


def test_no_markup_leaks_into_a_redline_as_text(real_pairs: list[Pair]) -> None:
    leaked = []
    for pair in real_pairs:
        for sid, ll, d in _locale_diffs(pair):
            if all(op.op == EQUAL for op in (*d.ops, *d.heading_ops)):
                continue
            old, new = rebuild(d.ops)
            plain = _visible(render_markdown(old)) + _visible(render_markdown(new))
            shown = _visible(render_markdown(critic_markup(d.ops)))
            heading = _visible(render_markdown(critic_markup(d.heading_ops), inline=True))
            plain_heading = _visible(render_markdown(d.old_heading + "\n\n" + d.new_heading))
            for mark in LEAKS:
                if shown.count(mark) > plain.count(mark) or heading.count(mark) > plain_heading.count(mark):
                    leaked.append(f"{pair.name} {sid} {ll}: '{mark}' shows as text")
    assert leaked == []


def test_no_phantom_entry(real_pairs: list[Pair]) -> None:
    """A section listed as changed in a language has a different heading or text there."""
    phantoms = []
    for pair in real_pairs:
        for sid, ll, d in _locale_diffs(pair):
            same = d.old_heading == d.new_heading and all(op.old == op.new for op in d.ops)
            if d.change == "modified" and d.cls is not None and same:
                phantoms.append(f"{pair.name} {sid} {ll}: listed as {d.cls}, text identical")
            if d.cls is None and not same:  # and the other way round: no redline under "unchanged"
                phantoms.append(f"{pair.name} {sid} {ll}: listed as unchanged, text changed")
        for entry in pair.data["sections"]:
            for ll, d in entry["locales"].items():
                same = d["heading"]["old"] == d["heading"]["new"] and all(op["old"] == op["new"] for op in d["ops"])
                if d["change"] == "modified" and same:
                    phantoms.append(f"{pair.name} {entry['id']} {ll} (json): modified, text identical")
    assert phantoms == []


def test_every_removed_section_is_reported_for_each_translation_that_keeps_it(real_pairs: list[Pair]) -> None:
    missed = []
    removals = 0
    for pair in real_pairs:
        new = pair.notice.revision(pair.diff.new)
        assert new is not None
        stale = {(x.locale, x.section) for x in pair.diff.stale_translations}
        for s in pair.diff.sections:
            if s.change != REMOVED:
                continue
            for ll, doc in new.documents.items():
                if ll != pair.diff.authoritative and doc.section(s.id) is not None:
                    removals += 1
                    if (ll, s.id) not in stale:
                        missed.append(f"{pair.name} {s.id} {ll}")
    assert removals == 7  # mozilla-privacy-policy 2020-09-09: all seven translations keep 'what-else-should-you-know'
    assert missed == []
