"""The timeline alone, over random histories: what is in force, upcoming and superseded on any date.

Hypothesis draws a notice's revisions (effective and published dates, drafts) and
an as-of date; every property must hold for every such history. A last test walks
the package's syntax trees: only the timeline asks the model what a date means.
"""

from __future__ import annotations

import ast
import itertools
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notices.model import Notice, Revision, Status
from notices.timeline import Timeline

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "notices"
START = date(2020, 1, 1)


@st.composite
def histories(draw: st.DrawFn) -> tuple[Notice, date]:
    """A notice with up to eight revisions on distinct effective dates, and an as-of date."""
    offsets = draw(st.lists(st.integers(0, 400), min_size=0, max_size=8, unique=True))
    revisions = []
    for offset in sorted(offsets):
        effective = START + timedelta(days=offset)
        published = effective - timedelta(days=draw(st.integers(-10, 60)))  # sometimes after: a late record
        revisions.append(
            Revision("terms", Path(effective.isoformat()), effective, published, True, draft=draw(st.booleans()))
        )
    notice = Notice("terms", Path("."), "en", 30, 0, {"en": "Terms"}, {}, tuple(revisions))
    as_of = START + timedelta(days=draw(st.integers(-70, 470)))
    return notice, as_of


@given(histories())
@settings(max_examples=300, deadline=None)
def test_spans_tile_time_without_gaps_or_overlaps(history: tuple[Notice, date]) -> None:
    notice, as_of = history
    timeline = Timeline.of(notice, as_of)
    spans = [timeline.span(r) for r in timeline.published]
    assert all(s is not None for s in spans)
    for span, after in itertools.pairwise(spans):
        assert span is not None and after is not None
        assert span.start < after.start and span.end == after.start  # each ends where the next begins
    if spans:
        assert spans[-1] is not None and spans[-1].end is None  # the latest lasts until another is announced
    for revision in notice.revisions:
        assert (timeline.span(revision) is not None) == timeline.visible(revision)


@given(histories())
@settings(max_examples=300, deadline=None)
def test_exactly_one_in_force_once_a_published_date_has_come(history: tuple[Notice, date]) -> None:
    notice, as_of = history
    timeline = Timeline.of(notice, as_of)
    in_force = [r for r in notice.revisions if timeline.state(r) is Status.IN_FORCE]
    has_taken_effect = any(r.effective <= as_of for r in timeline.published)
    assert len(in_force) == (1 if has_taken_effect else 0)
    assert timeline.in_force is (in_force[0] if in_force else None)
    if timeline.in_force is not None:
        span = timeline.span(timeline.in_force)
        assert span is not None and as_of in span
        assert timeline.shown is timeline.in_force


@given(histories())
@settings(max_examples=300, deadline=None)
def test_each_state_follows_from_the_span(history: tuple[Notice, date]) -> None:
    notice, as_of = history
    timeline = Timeline.of(notice, as_of)
    for revision in notice.revisions:
        state, span = timeline.state(revision), timeline.span(revision)
        if revision.draft:
            assert state is Status.DRAFT and span is None
        elif revision.published > as_of:
            assert state is Status.UNPUBLISHED and span is None
        else:
            assert span is not None
            if as_of < span.start:
                assert state is Status.UPCOMING
            elif as_of in span:
                assert state is Status.IN_FORCE
            else:
                assert state is Status.SUPERSEDED and span.end is not None and span.end <= as_of


@given(histories())
@settings(max_examples=300, deadline=None)
def test_predecessor_and_successor_agree(history: tuple[Notice, date]) -> None:
    notice, as_of = history
    timeline = Timeline.of(notice, as_of)
    for before, after in itertools.pairwise(timeline.published):
        assert timeline.successor(before) is after
        assert timeline.predecessor(after) is before
    if timeline.published:
        assert timeline.predecessor(timeline.published[0]) is None
        assert timeline.successor(timeline.published[-1]) is None
    for revision in notice.revisions:
        successor = timeline.successor(revision)
        if timeline.state(revision) is Status.SUPERSEDED:  # replaced by a version that has taken effect
            assert successor is not None and successor.effective <= as_of
        assert timeline.later(revision)[:1] == ((successor,) if successor else ())


@given(histories())
@settings(max_examples=300, deadline=None)
def test_upcoming_comes_after_the_version_in_force(history: tuple[Notice, date]) -> None:
    notice, as_of = history
    timeline = Timeline.of(notice, as_of)
    assert list(timeline.upcoming) == [r for r in timeline.published if timeline.state(r) is Status.UPCOMING]
    assert [r.effective for r in timeline.upcoming] == sorted(r.effective for r in timeline.upcoming)
    for revision in timeline.upcoming:
        assert revision.effective > as_of
        if timeline.in_force is not None:
            assert revision.effective > timeline.in_force.effective
    following = timeline.next_for_review
    if timeline.upcoming:
        assert following is timeline.upcoming[0]
    assert (following is None) == all(r.effective <= as_of for r in notice.revisions)


@given(histories())
@settings(max_examples=300, deadline=None)
def test_what_was_announced_when(history: tuple[Notice, date]) -> None:
    notice, as_of = history
    timeline = Timeline.of(notice, as_of)
    days = [day for day, _ in timeline.announced]
    assert days == sorted(days) and all(day <= as_of for day in days)
    assert {r.key for _, r in timeline.announced} == {r.key for r in timeline.published}
    assert timeline.last_event <= as_of or not timeline.published
    for revision in timeline.published:
        assert revision.published <= timeline.page_changed(revision, is_current=False) <= as_of
        assert timeline.updated(revision) == revision.published  # no errata in these histories


@given(histories(), st.integers(1, 200))
@settings(max_examples=300, deadline=None)
def test_time_only_moves_forward(history: tuple[Notice, date], days: int) -> None:
    """What was published stays published; what was superseded stays superseded."""
    notice, as_of = history
    now, later = Timeline.of(notice, as_of), Timeline.of(notice, as_of + timedelta(days=days))
    assert set(r.key for r in now.published) <= set(r.key for r in later.published)
    for revision in now.published:
        if now.state(revision) is Status.SUPERSEDED:
            assert later.state(revision) is Status.SUPERSEDED


def test_a_timeline_is_computed_once_per_notice_and_date() -> None:
    revision = Revision("terms", Path("a"), date(2024, 1, 1), date(2024, 1, 1), False)
    notice = Notice("terms", Path("."), "en", 30, 0, {}, {}, (revision,))
    first = Timeline.of(notice, date(2024, 6, 1))
    assert Timeline.of(notice, date(2024, 6, 1)) is first
    assert Timeline.of(notice, date(2024, 6, 2)) is not first


#: Methods of the model whose answer depends on the as-of date.
DATE_METHODS = {"published", "in_force", "upcoming", "status", "previous", "is_published"}


def _date_calls(path: Path) -> list[str]:
    """Calls in ``path`` of a date-dependent Notice or Revision method (``title`` with a date too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in DATE_METHODS or (name == "title" and len(node.args) == 2):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: .{name}(...)")
    return found


def test_only_the_timeline_asks_what_a_date_means() -> None:
    """Pages, feeds, versions.json, status, lock rules and the diff read the timeline; none recomputes it."""
    own = {PACKAGE / "timeline.py", PACKAGE / "model.py"}
    calls = [call for path in sorted(PACKAGE.rglob("*.py")) if path not in own for call in _date_calls(path)]
    assert calls == [], "read notices.timeline.Timeline instead:\n" + "\n".join(calls)
    assert _date_calls(PACKAGE / "timeline.py"), "the check must see the timeline's own calls"
