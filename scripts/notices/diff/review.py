"""The reviewer's decision (``review:`` in revision.yml) replaces the machine's proposal.

The diff engine proposes a class and a likely-material flag for each section;
only a reviewer can decide what is material. A decision sets the section's
class (and that of every language that follows the authoritative text) and
whether it is material; the proposal is kept beside it, so the reviewer's
page can show both and ``notices check`` can tell which proposals were never decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import ReviewDecision

if TYPE_CHECKING:
    from .engine import SectionDiff

_FOLLOWS = ("substantive", "editorial")  # a translation's own update ("translation") keeps its class


def decided_class(proposed: str | None, decision: ReviewDecision | None) -> str | None:
    """The class a section has once the reviewer decided (only a changed section can be decided)."""
    return decision.cls if decision is not None and proposed is not None else proposed


def decided_reason(decision: ReviewDecision, section_id: str) -> str:
    """The likely-material line of a section the reviewer decided is material."""
    where = f"section '{section_id}'" if section_id else "the title and the text before the first section"
    return f"the reviewer decided that {where} changed materially: {decision.reason}"


def apply_review(section: SectionDiff, decisions: Mapping[str, ReviewDecision]) -> SectionDiff:
    """``section`` with the reviewer's decision, if any; the machine's proposal kept beside it."""
    proposal = replace(section, proposed_cls=section.cls, proposed_reasons=section.reasons)
    decision = decisions.get(section.id)
    if decision is None or section.cls is None:
        return proposal
    locales = {ll: replace(d, cls=decision.cls) if d.cls in _FOLLOWS else d for ll, d in proposal.locales.items()}
    reasons = (decided_reason(decision, section.id),) if decision.material else ()
    return replace(proposal, cls=decision.cls, reasons=reasons, locales=locales, decision=decision)
