"""One notice on one as-of date: what is in force, what is announced, what each revision replaced.

The as-of date is the day in the notices' own time zone (``timezone`` in
mkdocs.yml, see :func:`notices.dates.today`): a revision takes effect at that
zone's midnight. Everything that follows from the date is worked out here,
once per notice and date, and every page, feed, versions.json, served source,
status table, e-mail, lock rule and the diff's ``current``/``upcoming`` read
it. Nothing else calls the date-dependent methods of :class:`notices.model.Notice`
(a test walks the package's syntax trees to keep it so), so two pages can never
disagree about which version is in force.

Published revisions tile time: each is in force from its effective date up to,
not including, the next one's (:class:`Span`). Drafts and revisions announced
later than the as-of date have no span yet.

Plain typed Python with no MkDocs import (it will live in ``notices/site/``).

>>> from pathlib import Path
>>> from notices.model import Notice, Revision
>>> def rev(effective: str, published: str) -> Revision:
...     return Revision("terms", Path(effective), date.fromisoformat(effective), date.fromisoformat(published), True)
>>> revisions = (rev("2020-01-01", "2020-01-01"), rev("2024-03-01", "2024-01-15"))
>>> n = Notice("terms", Path("."), "en", 30, 0, {}, {}, revisions)
>>> t = Timeline.of(n, date(2024, 2, 1))
>>> t.in_force.key, [r.key for r in t.upcoming], t.state(n.revisions[1]).value
('2020-01-01', ['2024-03-01'], 'upcoming')
>>> t.span(n.revisions[0])
Span(start=datetime.date(2020, 1, 1), end=datetime.date(2024, 3, 1))
>>> Timeline.of(n, date(2024, 2, 1)) is t  # computed once per notice and date
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Erratum, Notice, Revision, Status

__all__ = ["Span", "Standing", "Status", "Timeline"]


@dataclass(frozen=True)
class Span:
    """The days a revision is, was or will be in force: from ``start`` up to, not including, ``end``."""

    start: date
    end: date | None  # None: until a later revision is announced

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Standing:
    """Where one revision stands on the as-of date."""

    revision: Revision
    state: Status
    #: None for a draft or a revision announced after the as-of date: visitors cannot see it.
    span: Span | None
    #: The published revision just before it (what it replaces), and the one just after it.
    predecessor: Revision | None
    successor: Revision | None


class Timeline:
    """Every revision of ``notice`` as it stands on ``as_of``; build it with :meth:`of`."""

    def __init__(self, notice: Notice, as_of: date):
        self.notice = notice
        self.as_of = as_of
        #: What visitors may see, oldest first.
        self.published: tuple[Revision, ...] = notice.published(as_of)
        #: The version in force, if one has taken effect.
        self.in_force: Revision | None = notice.in_force(as_of)
        #: Announced versions not yet in force, in the order they take effect.
        self.upcoming: tuple[Revision, ...] = notice.upcoming(as_of)
        #: (the day it was announced, revision), in the order visitors heard of them.
        self.announced: tuple[tuple[date, Revision], ...] = tuple(
            sorted(((r.published, r) for r in self.published), key=lambda pair: (pair[0], pair[1].effective))
        )
        spans = {
            r.key: Span(r.effective, later.effective if later else None)
            for r, later in zip(self.published, (*self.published[1:], None), strict=False)
        }
        self._standing: dict[str, Standing] = {}
        for revision in notice.revisions:
            self._standing[revision.key] = Standing(
                revision,
                notice.status(revision, as_of),
                spans.get(revision.key),
                notice.previous(revision, as_of),
                next((r for r in self.published if r.effective > revision.effective), None),
            )
        self._titles: dict[str, str] = {}

    @classmethod
    def of(cls, notice: Notice, as_of: date) -> Timeline:
        """The timeline of ``notice`` on ``as_of``, computed on first use and kept with the notice."""
        found = notice._timelines.get(as_of)
        if not isinstance(found, Timeline):
            found = notice._timelines[as_of] = cls(notice, as_of)
        return found

    # -- one revision -----------------------------------------------------
    def standing(self, revision: Revision) -> Standing:
        return self._standing[revision.key]

    def state(self, revision: Revision) -> Status:
        return self._standing[revision.key].state

    def span(self, revision: Revision) -> Span | None:
        return self._standing[revision.key].span

    def predecessor(self, revision: Revision) -> Revision | None:
        """The published revision just before ``revision``: what its change page compares with."""
        return self._standing[revision.key].predecessor

    def successor(self, revision: Revision) -> Revision | None:
        """The published revision just after ``revision``: the one that replaces it."""
        return self._standing[revision.key].successor

    def later(self, revision: Revision) -> tuple[Revision, ...]:
        """The published revisions that take effect after ``revision``, in order."""
        return tuple(r for r in self.published if r.effective > revision.effective)

    def visible(self, revision: Revision) -> bool:
        """Whether visitors may see ``revision``: published, and announced by the as-of date."""
        return self._standing[revision.key].span is not None

    def corrections(self, revision: Revision) -> tuple[Erratum, ...]:
        """The errata of ``revision`` dated on or before the as-of date."""
        return tuple(e for e in revision.errata if e.date <= self.as_of)

    def updated(self, revision: Revision) -> date:
        """The last day ``revision``'s own text changed: published, or corrected since."""
        return max([revision.published, *(e.date for e in self.corrections(revision))])

    def page_changed(self, revision: Revision, *, is_current: bool) -> date:
        """The last day the page showing ``revision`` changed: for the sitemap, never the build time.

        It changes when the revision is published, corrected, superseded or announces a later
        version; the notice's current page also when the revision takes effect.
        """
        later = self.later(revision)
        days = [revision.published, *(e.date for e in revision.errata)]
        state = self.state(revision)
        if state is Status.SUPERSEDED and later:
            days.append(later[0].effective)  # the banner "superseded" appeared
        if state is Status.IN_FORCE:
            days.extend(r.published for r in later)  # the banner "an updated version takes effect"
        if is_current:
            days.append(revision.effective)
        return max((d for d in days if d <= self.as_of), default=revision.published)

    # -- the notice -------------------------------------------------------
    @property
    def shown(self) -> Revision | None:
        """What the notice's own page shows: the version in force, else the first announced, else the first."""
        if self.in_force is not None:
            return self.in_force
        return (self.published or self.notice.revisions or (None,))[0]

    @property
    def last_event(self) -> date:
        """The last day a revision was announced or took effect (the as-of date when none has)."""
        days = [d for r in self.published for d in (r.published, r.effective) if d <= self.as_of]
        return max(days) if days else self.as_of

    def overdue(self, revision: Revision) -> bool:
        """A draft whose effective date has already passed: it can no longer take effect as dated."""
        return revision.draft and revision.effective < self.as_of

    @property
    def next_for_review(self) -> Revision | None:
        """The next revision to take effect: announced first, then scheduled, then drafts (``diff upcoming``)."""
        later = [r for r in self.notice.revisions if r.effective > self.as_of]
        later.sort(key=lambda r: (not self.visible(r), r.draft, r.effective))
        return later[0] if later else None

    def title(self, locale: str) -> str:
        """The notice's name in ``locale``: ``nav_title``, else the title of the latest published text."""
        if locale not in self._titles:
            self._titles[locale] = self.notice.title(locale, self.as_of)
        return self._titles[locale]
