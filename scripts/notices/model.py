"""The content model: notices, their revisions and each locale's document.

Plain frozen dataclasses, built by :mod:`notices.load` and checked by
:mod:`notices.validate`. Nothing here knows about MkDocs, so the same model
feeds the site, the diff engine and the command line.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

#: Topics a section may carry in ``notice.yml``; the diff engine uses them to
#: flag likely material changes.
TOPICS = (
    "purposes",
    "data-categories",
    "recipients",
    "transfers",
    "controller",
    "rights",
    "retention",
    "security",
    "contact",
)


@dataclass(frozen=True)
class Section:
    """One ``## Heading {#id}`` (or ``### Heading {#id}`` in a group) and the Markdown below it.

    The body runs up to the next section of either level, so a group's body is
    its own text before its first ``###`` section. ``parent`` is the group's id
    for a ``###`` section, else "".
    """

    id: str
    heading: str
    body: str
    line: int
    level: int = 2
    parent: str = ""


@dataclass(frozen=True)
class Document:
    """One locale's text of one revision (``<locale>.md``)."""

    locale: str
    path: Path
    title: str
    title_line: int
    preamble: str
    sections: tuple[Section, ...]
    source: str

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections)

    @property
    def parents(self) -> dict[str, str]:
        """Each section id with the id of its group ("" at the top level)."""
        return {s.id: s.parent for s in self.sections}

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None


@dataclass(frozen=True)
class Erratum:
    """A recorded correction to a revision that was already published.

    ``what`` and ``why`` are the text as first written; ``translations`` holds
    them per language when ``revision.yml`` gives a mapping (``what: {en: ..., th: ...}``).
    """

    date: date
    locale: str
    what: str
    why: str
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    line: int = field(default=0, compare=False)  # in revision.yml (0: not known)

    def in_language(self, locale: str) -> tuple[str, str, str]:
        """(what, why, language they are written in) for a page in ``locale``."""
        if locale in self.translations:
            what, why = self.translations[locale]
            return what, why, locale
        return self.what, self.why, self.source_locale

    @property
    def source_locale(self) -> str:
        """The language of ``what``/``why``: the erratum's own if it has that text, else the first given."""
        if not self.translations or self.locale in self.translations:
            return self.locale
        return next(iter(self.translations))


@dataclass(frozen=True)
class EarlierVersion:
    """A version from before the site, known only from the dates the text records (``history:`` in notice.yml).

    Its text is not kept: the history page lists it as a date, never as a page.
    """

    date: date
    event: str  # established, revised or effective
    line: int = 0


@dataclass(frozen=True)
class ReviewDecision:
    """The reviewer's decision on one section's change, from ``review:`` in revision.yml.

    It replaces the machine's proposal (class and likely-material flag) in the diff,
    the change pages and the e-mail draft; the proposal stays visible to reviewers.
    ``section`` is the section id, or ``""`` for the title and the text before the first section.
    """

    section: str
    cls: str  # "substantive" or "editorial"
    material: bool
    reason: str
    translations: Mapping[str, str] = field(default_factory=dict)
    line: int = 1

    def reason_in(self, locale: str) -> tuple[str, str | None]:
        """(reason, its language when given per language) for a page in ``locale``."""
        if locale in self.translations:
            return self.translations[locale], locale
        if self.translations:
            first = next(iter(self.translations))
            return self.translations[first], first
        return self.reason, None


class Status(enum.Enum):
    """Where a revision stands on a given as-of date."""

    DRAFT = "draft"
    UNPUBLISHED = "unpublished"  # published date still in the future
    UPCOMING = "upcoming"  # announced, not yet effective
    IN_FORCE = "in-force"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Revision:
    """A folder ``content/<notice>/<YYYY-MM-DD>/``."""

    notice: str
    path: Path
    effective: date
    published: date
    material: bool
    summary: Mapping[str, str] = field(default_factory=dict)
    draft: bool = False
    short_notice_reason: str | None = None
    errata: tuple[Erratum, ...] = ()
    documents: Mapping[str, Document] = field(default_factory=dict)
    #: Translations that render an older authoritative text: locale -> the effective
    #: date of the earlier revision whose authoritative text they translate.
    translated_from: Mapping[str, date] = field(default_factory=dict)
    #: The reviewer's decisions, by section id (``""``: the title and preamble).
    review: Mapping[str, ReviewDecision] = field(default_factory=dict)
    #: Line of each key in revision.yml, so later checks can point at it.
    key_lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def meta_path(self) -> Path:
        return self.path / "revision.yml"

    @property
    def key(self) -> str:
        """The folder name and URL segment: the effective date, ISO format."""
        return self.effective.isoformat()

    def is_published(self, as_of: date) -> bool:
        return not self.draft and self.published <= as_of


@dataclass(frozen=True)
class Notice:
    """A folder ``content/<notice>/`` with its ``notice.yml``."""

    id: str
    path: Path
    authoritative: str
    notice_period_days: int
    order: int
    nav_title: Mapping[str, str]
    topics: Mapping[str, str]
    revisions: tuple[Revision, ...]  # sorted by effective date, drafts included
    key_lines: Mapping[str, int] = field(default_factory=dict)
    #: Versions before the first revision kept here, oldest first (``notices import`` reads them from the text).
    earlier: tuple[EarlierVersion, ...] = ()
    _published: dict[date, tuple[Revision, ...]] = field(default_factory=dict, compare=False, repr=False)
    #: :class:`notices.timeline.Timeline` by as-of date, made once (see ``Timeline.of``).
    _timelines: dict[date, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def meta_path(self) -> Path:
        return self.path / "notice.yml"

    def title(self, locale: str, as_of: date) -> str:
        """``nav_title`` for ``locale``, else the title of the latest published text."""
        if locale in self.nav_title:
            return self.nav_title[locale]
        for r in reversed(self.published(as_of) or self.revisions):
            doc = r.documents.get(locale)
            if doc and doc.title:
                return doc.title
        return self.id

    # The rules below are read through notices.timeline.Timeline, never called elsewhere.
    def published(self, as_of: date) -> tuple[Revision, ...]:
        """Revisions visitors may see on ``as_of``, oldest first."""
        found = self._published.get(as_of)
        if found is None:  # every page of a long history asks again: remember the answer
            found = self._published[as_of] = tuple(r for r in self.revisions if r.is_published(as_of))
        return found

    def in_force(self, as_of: date) -> Revision | None:
        """The latest published revision whose effective date has come."""
        current = None
        for r in self.published(as_of):
            if r.effective <= as_of:
                current = r
        return current

    def upcoming(self, as_of: date) -> tuple[Revision, ...]:
        """Published revisions that take effect after ``as_of``."""
        return tuple(r for r in self.published(as_of) if r.effective > as_of)

    def status(self, revision: Revision, as_of: date) -> Status:
        if revision.draft:
            return Status.DRAFT
        if revision.published > as_of:
            return Status.UNPUBLISHED
        if revision.effective > as_of:
            return Status.UPCOMING
        if revision is self.in_force(as_of):
            return Status.IN_FORCE
        return Status.SUPERSEDED

    def revision(self, key: str) -> Revision | None:
        for r in self.revisions:
            if r.key == key:
                return r
        return None

    def previous(self, revision: Revision, as_of: date) -> Revision | None:
        """The published revision just before ``revision``, if any."""
        earlier = [r for r in self.published(as_of) if r.effective < revision.effective]
        return earlier[-1] if earlier else None


@dataclass(frozen=True)
class Content:
    """Everything under ``content/``."""

    root: Path
    locales: tuple[str, ...]
    notices: tuple[Notice, ...]

    def notice(self, notice_id: str) -> Notice | None:
        for n in self.notices:
            if n.id == notice_id:
                return n
        return None
