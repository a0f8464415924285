"""Diff two revisions of a notice: section by section, block by block, word by word.

Sections are aligned by their ``{#id}``, never by position, so a section that
moved or was renumbered is recognised as the same section. Inside a section the
blocks (paragraphs, list items, table rows) are aligned first (:mod:`.ops`) and only changed
blocks are diffed word by word, with :func:`notices.content.words.tokenize`, so Thai and
Japanese are compared word by word rather than character by character.

For every section and locale the ops rebuild both texts exactly: joining the
``old`` parts gives the old text, joining the ``new`` parts the new one.

Over 400 lines as one unit: the result types and :func:`diff_revisions`, their only maker, change
together (the text-level ops are in :mod:`.ops`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..content.model import Document, Notice, ReviewDecision, Revision, Section
from ..content.timeline import Timeline
from .grammar import undo_grammar_fixes
from .markup import OWN_SITE, addresses, editorial_key, own_site
from .ops import EQUAL, Op, rebuild, text_ops, word_ops
from .review import apply_review, decided_class
from .stale import declared_lag, removed_kept, stale_reason

#: Topics whose substantive change regulators treat as material.
MATERIAL_TOPICS: Mapping[str, str] = {
    "purposes": "the purposes of use",
    "recipients": "who receives personal information",
    "transfers": "transfers abroad",
    "controller": "who is responsible for personal information",
    "rights": "how visitors exercise their rights",
}

ADDED, REMOVED, UNCHANGED, MODIFIED, MOVED = "added", "removed", "unchanged", "modified", "moved"
EDITORIAL, SUBSTANTIVE = "editorial", "substantive"
#: A section whose authoritative text is unchanged but whose translation changed:
#: a translator caught up or fixed a typo. Never substantive, never material.
TRANSLATION = "translation"
#: A translation that has no text for a section the authoritative text has.
MISSING = "missing"


@dataclass(frozen=True)
class LocaleDiff:
    """One section in one language."""

    locale: str
    change: str
    cls: str | None
    old_heading: str
    new_heading: str
    heading_ops: tuple[Op, ...]
    ops: tuple[Op, ...]
    #: Editorial only because words were mended (:mod:`.grammar`): a translation may have copied the slip.
    grammar_fix: bool = False

    @property
    def heading_changed(self) -> bool:
        return self.old_heading != self.new_heading

    @property
    def body_changed(self) -> bool:
        return any(op.op != EQUAL for op in self.ops)

    @property
    def address_updated(self) -> bool:
        """An editorial change that updates web addresses on the same site (a moved page, a locale segment…)."""
        if self.cls != EDITORIAL:
            return False
        return addresses(self.old_heading + "\n" + rebuild(self.ops)[0]) != addresses(
            self.new_heading + "\n" + rebuild(self.ops)[1]
        )

    @property
    def renumbered(self) -> tuple[str, str] | None:
        """(old, new) number when the heading's only change is its number: "8. Cookies" → "9. Cookies"."""
        return renumbering(self.old_heading, self.new_heading)


#: A heading's number: "8.", "8)", "(8)", "2.1", "iv.", "B)". Only ever matched at the start of a heading.
_HEADING_NUMBER = re.compile(r"^[ \t]*(\(?(?:\d+(?:\.\d+)*[.)]?|(?:[ivxlc]+|[IVXLC]+|[A-Za-z])[.)]))[ \t]+")


def renumbering(old_heading: str, new_heading: str) -> tuple[str, str] | None:
    """(old, new) number when two headings differ only in their leading number; None otherwise.

    >>> renumbering("8. Cookies", "9. Cookies")
    ('8', '9')
    >>> renumbering("8. Cookies", "9. Your cookies") is None
    True
    """
    a, b = _HEADING_NUMBER.match(old_heading), _HEADING_NUMBER.match(new_heading)
    if a is None or b is None or a.group(1) == b.group(1) or old_heading[a.end() :] != new_heading[b.end() :]:
        return None
    return a.group(1).strip("(.)"), b.group(1).strip("(.)")


@dataclass(frozen=True)
class SectionDiff:
    """One section id across all compared locales."""

    id: str
    change: str
    cls: str | None
    old_position: int | None
    new_position: int | None
    topic: str | None
    reasons: tuple[str, ...]
    locales: Mapping[str, LocaleDiff]
    #: The ``##`` group of a nested ``###`` section in the old and the new revision ("" at the top level).
    old_group: str = ""
    new_group: str = ""
    #: The machine's proposal, kept when the reviewer's ``decision`` (revision.yml ``review:``) replaces it.
    proposed_cls: str | None = None
    proposed_reasons: tuple[str, ...] = ()
    decision: ReviewDecision | None = None

    @property
    def likely_material(self) -> bool:
        return bool(self.reasons)

    @property
    def heading_changed(self) -> bool:
        return any(d.heading_changed for d in self.locales.values())

    @property
    def body_changed(self) -> bool:
        return any(d.body_changed for d in self.locales.values())


@dataclass(frozen=True)
class StaleTranslation:
    """A section whose translation no longer renders the authoritative text.

    ``reason`` is ``unchanged`` (the authoritative text changed in substance, the
    translation did not), ``lacks`` (the translation lacks addresses, numbers or
    names the authoritative text added: ``tokens``), ``missing`` (no such section
    in the translation), ``moved`` (the translation keeps the old order) or
    ``declared`` (``translated_from`` in revision.yml says it renders an older text),
    ``grammar`` (the authoritative text's words were mended, editorially, and the
    translation did not change: it may have copied the slip) or
    ``removed`` (the authoritative text no longer has the section; the translation still shows it).
    ``since`` is the effective date of the revision whose authoritative text changed.
    """

    section: str
    locale: str
    reason: str = "unchanged"
    tokens: tuple[str, ...] = ()
    since: str = ""


@dataclass(frozen=True)
class RevisionDiff:
    notice: str
    old: str
    new: str
    authoritative: str
    locales: tuple[str, ...]
    preamble: SectionDiff
    sections: tuple[SectionDiff, ...]
    stale_translations: tuple[StaleTranslation, ...] = field(default=())
    #: ``translated_from`` of the old and the new revision: locale -> ISO date.
    translated_from: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def changed(self) -> tuple[SectionDiff, ...]:
        """Every section that is not unchanged, in the new order (removed ones last)."""
        return tuple(s for s in self.sections if s.change != UNCHANGED)

    @property
    def likely_material(self) -> tuple[str, ...]:
        return tuple(reason for s in self.sections for reason in s.reasons)

    def stale(self, locale: str) -> dict[str, StaleTranslation]:
        """The stale sections of one language, by section id ("" is the title and preamble)."""
        return {s.section: s for s in self.stale_translations if s.locale == locale}


# --- sections ---------------------------------------------------------------


def _classify(old_heading: str, new_heading: str, old_body: str, new_body: str, own: str = OWN_SITE) -> str | None:
    if old_heading == new_heading and old_body == new_body:
        return None
    same = (old_heading == new_heading or editorial_key(old_heading, own) == editorial_key(new_heading, own)) and (
        old_body == new_body or editorial_key(old_body, own) == editorial_key(new_body, own)
    )
    return EDITORIAL if same else SUBSTANTIVE


def _locale_diff(
    locale: str,
    old: Section | None,
    new: Section | None,
    moved: bool,
    regrouped: bool = False,
    own: str = OWN_SITE,
) -> LocaleDiff:
    """One section in one language; ``regrouped``: it moved to another ``##`` group, whose heading
    now frames it ("shared by default" instead of "if you turn it on"), which is never editorial;
    ``own``: the site's own address, so a link moved on it is an address update."""
    old_heading, old_body = (old.heading, old.body) if old else ("", "")
    new_heading, new_body = (new.heading, new.body) if new else ("", "")
    heading_ops = word_ops(old_heading, new_heading, locale)
    ops = text_ops(old_body, new_body, locale)
    cls: str | None
    grammar_fix = False
    if old is None and new is None:
        change, cls = MISSING, None
    elif old is None:
        change, cls = ADDED, SUBSTANTIVE
    elif new is None:
        change, cls = REMOVED, SUBSTANTIVE
    else:
        cls = _classify(old_heading, new_heading, old_body, new_body, own)
        if cls == SUBSTANTIVE and _classify(
            old_heading,
            undo_grammar_fixes(((op.old, op.new) for op in heading_ops), locale),
            old_body,
            undo_grammar_fixes(((op.old, op.new) for op in ops), locale),
            own,
        ) in (None, EDITORIAL):
            cls, grammar_fix = EDITORIAL, True  # words mended (function words, a number's unit): a grammar fix
        change = MOVED if moved else (UNCHANGED if cls is None else MODIFIED)
        if moved and cls is None:
            cls = EDITORIAL
        if moved and regrouped:
            cls = SUBSTANTIVE
    return LocaleDiff(
        locale=locale,
        change=change,
        cls=cls,
        old_heading=old_heading,
        new_heading=new_heading,
        heading_ops=heading_ops,
        ops=ops,
        grammar_fix=grammar_fix,
    )


def _moved_ids(old_ids: Sequence[str], new_ids: Sequence[str]) -> set[str]:
    """The fewest ids whose removal leaves the rest in the same order: those moved.

    Greedy: take out the id caught in the most inversions, then the one that
    travelled furthest, until the order agrees. Sections pushed down by an
    insertion are in no inversion, so they never count as moved.

    >>> sorted(_moved_ids(["a", "b", "c", "d"], ["a", "c", "d", "b"]))
    ['b']
    >>> sorted(_moved_ids(["a", "b", "c"], ["x", "a", "b", "c"]))
    []
    """
    old_at = {sid: i for i, sid in enumerate(old_ids)}
    new_at = {sid: i for i, sid in enumerate(new_ids)}
    common = [sid for sid in new_ids if sid in old_at]
    moved: set[str] = set()
    while True:
        rest = [sid for sid in common if sid not in moved]
        inversions = dict.fromkeys(rest, 0)
        for i, a in enumerate(rest):
            for b in rest[i + 1 :]:
                if old_at[a] > old_at[b]:
                    inversions[a] += 1
                    inversions[b] += 1
        if not any(inversions.values()):
            return moved
        moved.add(max(rest, key=lambda sid: (inversions[sid], abs(old_at[sid] - new_at[sid]), new_at[sid])))


def _moved_nested(
    old_ids: Sequence[str], new_ids: Sequence[str], old_parent: Mapping[str, str], new_parent: Mapping[str, str]
) -> set[str]:
    """Moved sections when ``###`` sections nest in ``##`` groups: each level is ordered on its own.

    A section that changed group moved; the groups and top-level sections are
    compared in their order, and each group's sections in theirs, so a section
    that went to another group is that section's move, never its group's.

    >>> sorted(_moved_nested(["a", "a1", "a2", "b", "b1"], ["a", "a1", "b", "a2", "b1"],
    ...                      {"a1": "a", "a2": "a", "b1": "b"}, {"a1": "a", "a2": "b", "b1": "b"}))
    ['a2']
    """
    common = set(old_ids) & set(new_ids)
    moved = {sid for sid in common if old_parent.get(sid, "") != new_parent.get(sid, "")}
    for parent in {"", *(new_parent.get(sid, "") for sid in new_ids)}:
        old_level = [sid for sid in old_ids if old_parent.get(sid, "") == parent and sid not in moved]
        new_level = [sid for sid in new_ids if new_parent.get(sid, "") == parent and sid not in moved]
        moved |= _moved_ids(old_level, new_level)
    return moved


def _order(old_ids: Sequence[str], new_ids: Sequence[str]) -> list[str]:
    """New order, with each removed id placed after the id that preceded it in the old order."""
    order = list(new_ids)
    for k, sid in enumerate(old_ids):
        if sid in order:
            continue
        before = next((old_ids[p] for p in range(k - 1, -1, -1) if old_ids[p] in order), None)
        order.insert(order.index(before) + 1 if before else 0, sid)
    return order


def _combined_class(classes: Iterable[str | None]) -> str | None:
    seen = set(classes)
    return SUBSTANTIVE if SUBSTANTIVE in seen else EDITORIAL if EDITORIAL in seen else None


def _reasons(section_id: str, topic: str | None, change: str, cls: str | None) -> tuple[str, ...]:
    if topic is None or topic not in MATERIAL_TOPICS or cls != SUBSTANTIVE:
        return ()
    what = {ADDED: "was added", REMOVED: "was removed"}.get(change, "changed substantively")
    return (f"it changes {MATERIAL_TOPICS[topic]}: section '{section_id}' ({topic}) {what}",)


def _documents(revision: Revision, locales: Sequence[str]) -> dict[str, Document]:
    return {ll: revision.documents[ll] for ll in locales if ll in revision.documents}


def _follow_authoritative(per_locale: dict[str, LocaleDiff], authoritative: str) -> str | None:
    """Give each translation the class of the authoritative text; return the section's class.

    A translation that changed while the authoritative text did not (or changed
    more than an editorial fix of it) is a translation update, never substantive.
    """
    reference = per_locale.get(authoritative)
    if reference is None:
        return _combined_class(d.cls for d in per_locale.values())
    for ll, d in list(per_locale.items()):
        if ll == authoritative or d.cls is None:
            continue
        if reference.cls is None or (reference.cls == EDITORIAL and d.cls != EDITORIAL):
            per_locale[ll] = replace(d, cls=TRANSLATION)
        elif reference.cls == SUBSTANTIVE:
            per_locale[ll] = replace(d, cls=SUBSTANTIVE)
    if reference.cls is not None:
        return reference.cls
    return TRANSLATION if any(d.cls is not None for d in per_locale.values()) else None


def diff_revisions(
    notice: Notice, old: Revision, new: Revision, locales: Sequence[str] | None = None, *, site_url: str = ""
) -> RevisionDiff:
    """Compare ``old`` with ``new`` in ``locales`` (default: every locale either has).

    Classes always follow the authoritative text, even when it is not among ``locales``.
    ``site_url`` is the site's own address (mkdocs.yml): a relative link and the
    same site's absolute address are then one site (:func:`markup.site`).
    """
    own = own_site(site_url)
    if locales is None:
        found = {*old.documents, *new.documents}
        locales = [notice.authoritative, *sorted(found - {notice.authoritative})]
    locales = tuple(locales)
    compared = (notice.authoritative, *(ll for ll in locales if ll != notice.authoritative))
    old_docs, new_docs = _documents(old, compared), _documents(new, compared)
    spine = notice.authoritative if notice.authoritative in old_docs or notice.authoritative in new_docs else None

    def ids(docs: Mapping[str, Document]) -> list[str]:
        doc = docs.get(spine) if spine else next(iter(docs.values()), None)
        return list(doc.section_ids) if doc else []

    def parents(docs: Mapping[str, Document]) -> dict[str, str]:
        doc = docs.get(spine) if spine else next(iter(docs.values()), None)
        return doc.parents if doc else {}

    old_ids, new_ids = ids(old_docs), ids(new_docs)
    old_parents, new_parents = parents(old_docs), parents(new_docs)
    moved = _moved_nested(old_ids, new_ids, old_parents, new_parents)
    since = new.key
    stale: list[StaleTranslation] = []

    def check_stale(sid: str, per_locale: Mapping[str, LocaleDiff], pick: Callable[[Document], Section | None]) -> None:
        reference = per_locale.get(notice.authoritative)
        if reference is None or spine is None or spine not in new_docs:
            return
        auth_old = pick(old_docs[spine]) if spine in old_docs else None
        auth_new = pick(new_docs[spine])
        for ll in locales:
            if ll == notice.authoritative or ll not in new_docs:
                continue
            tr_old = pick(old_docs[ll]) if ll in old_docs else None
            # A grammar fix is editorial for readers, but a translation may have copied the slip: check it as
            # a change of words ("grammar": the translation did not change with it).
            cls = SUBSTANTIVE if reference.grammar_fix else decided_class(reference.cls, new.review.get(sid))
            found = stale_reason(auth_old, auth_new, tr_old, pick(new_docs[ll]), cls, own)
            if found is not None and reference.grammar_fix and found[0] == "unchanged":
                found = ("grammar", found[1])
            if found is not None:
                stale.append(StaleTranslation(sid, ll, found[0], found[1], since))

    def preamble_of(doc: Document) -> Section:
        return Section("", doc.title, doc.preamble, doc.title_line)

    preamble_locales = {}
    for ll in compared:
        a, b = old_docs.get(ll), new_docs.get(ll)
        preamble_locales[ll] = _locale_diff(
            ll, preamble_of(a) if a else None, preamble_of(b) if b else None, False, own=own
        )
    preamble_cls = _follow_authoritative(preamble_locales, notice.authoritative)
    preamble_change = UNCHANGED if preamble_cls is None else MODIFIED
    check_stale("", preamble_locales, preamble_of)
    preamble = SectionDiff(
        "", preamble_change, preamble_cls, None, None, None, (), {ll: preamble_locales[ll] for ll in locales}
    )
    preamble = apply_review(preamble, new.review)

    sections: list[SectionDiff] = []
    for sid in _order(old_ids, new_ids):
        per_locale = {
            ll: _locale_diff(
                ll,
                old_docs[ll].section(sid) if ll in old_docs else None,
                new_docs[ll].section(sid) if ll in new_docs else None,
                moved=sid in moved,
                regrouped=sid in old_parents and sid in new_parents and old_parents[sid] != new_parents[sid],
                own=own,
            )
            for ll in compared
        }
        cls = _follow_authoritative(per_locale, notice.authoritative)
        if sid not in old_ids:
            change = ADDED
        elif sid not in new_ids:
            change = REMOVED
        elif sid in moved:
            change = MOVED
        else:
            change = UNCHANGED if cls is None else MODIFIED
        topic = notice.topics.get(sid)
        sections.append(
            SectionDiff(
                id=sid,
                change=change,
                cls=cls,
                old_position=old_ids.index(sid) + 1 if sid in old_ids else None,
                new_position=new_ids.index(sid) + 1 if sid in new_ids else None,
                old_group=old_parents.get(sid, ""),
                new_group=new_parents.get(sid, ""),
                topic=topic,
                reasons=_reasons(sid, topic, change, cls),
                locales={ll: per_locale[ll] for ll in locales},
            )
        )
        check_stale(sid, per_locale, lambda doc, sid=sid: doc.section(sid))  # type: ignore[misc]
    sections = [apply_review(s, new.review) for s in sections]
    if spine in new_docs:
        spine_order = [sid for sid in new_ids]
        for ll in locales:
            doc = new_docs.get(ll)
            if ll == notice.authoritative or doc is None:
                continue
            # A translation declared in translated_from keeps the order of the text it translates: it lags, not "moved".
            reason = "declared" if ll in new.translated_from else "moved"
            shared = [sid for sid in spine_order if doc.section(sid) is not None]
            kept = _moved_nested(shared, list(doc.section_ids), new_parents, doc.parents)
            for sid in sorted(kept & set(spine_order), key=spine_order.index):
                if not any(x.section == sid and x.locale == ll for x in stale):
                    stale.append(StaleTranslation(sid, ll, reason, (), since))
    for ll in locales:
        for sid, when in declared_lag(notice, new, ll):
            if not any(x.section == sid and x.locale == ll for x in stale):
                stale.append(StaleTranslation(sid, ll, "declared", (), when.isoformat()))
        for sid, when in removed_kept(notice, new, ll):
            stale.append(StaleTranslation(sid, ll, "removed", (), when.isoformat()))
    order = {"": -1, **{sid: i for i, sid in enumerate(new_ids)}}
    stale.sort(key=lambda x: (locales.index(x.locale), order.get(x.section, len(order))))
    return RevisionDiff(
        notice=notice.id,
        old=old.key,
        new=new.key,
        authoritative=notice.authoritative,
        locales=locales,
        preamble=preamble,
        sections=tuple(sections),
        stale_translations=tuple(stale),
        translated_from={
            "old": {ll: d.isoformat() for ll, d in sorted(old.translated_from.items())},
            "new": {ll: d.isoformat() for ll, d in sorted(new.translated_from.items())},
        },
    )


# --- choosing revisions ---------------------------------------------------------


class RevisionNotFound(LookupError):
    """A revision reference that names no revision; the message says what exists."""


def resolve_revision(notice: Notice, ref: str, as_of: date) -> Revision:
    """``YYYY-MM-DD``, ``current`` (in force on ``as_of``) or ``upcoming`` (the next one after it).

    ``upcoming`` prefers a published revision and falls back to the next unpublished one
    or draft, so a reviewer can diff a revision before it is announced.
    """
    if ref == "current":
        found = Timeline.of(notice, as_of).in_force
        if found is None:
            raise RevisionNotFound(f"'{notice.id}' has no revision in force on {as_of.isoformat()}")
        return found
    if ref == "upcoming":
        following = Timeline.of(notice, as_of).next_for_review
        if following is None:
            raise RevisionNotFound(f"'{notice.id}' has no revision taking effect after {as_of.isoformat()}")
        return following
    found = notice.revision(ref)
    if found is None:
        known = ", ".join(r.key for r in notice.revisions) or "none"
        raise RevisionNotFound(f"'{notice.id}' has no revision '{ref}'; use a date ({known}), 'current' or 'upcoming'")
    return found


def previous_revision(notice: Notice, revision: Revision) -> Revision | None:
    """The latest non-draft revision that takes effect before ``revision``: what it replaces."""
    earlier = [r for r in notice.revisions if not r.draft and r.effective < revision.effective]
    return earlier[-1] if earlier else None
