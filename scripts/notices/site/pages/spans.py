"""When each version applied: its span sentence, the links to its neighbours, and the history's timeline.

Everything here reads :class:`notices.content.timeline.Timeline` (spans,
predecessor, successor, the version in force); nothing recomputes them.
"""

from __future__ import annotations

import html
from datetime import date

from ...content.model import Notice, Revision, Status
from .components import Components
from .layout import compare_page, current_page, md_text, relative_link, revision_page, timeline_file

#: The timeline graphic's size, in its own units (it scales to the page's width).
_WIDTH, _ROW, _TOP = 600, 22, 8
#: Presentation attributes, not CSS: the page's style sheet and the CSP stay as they are.
_PAINT = {
    "superseded": 'fill="#9e9e9e"',
    "in-force": 'fill="#2e7d32"',
    "upcoming": 'fill="none" stroke="#1565c0" stroke-width="2" stroke-dasharray="4 3"',
}


class Spans(Components):
    """The span line at the top of a version page, and the timeline above the history table."""

    def span_html(self, notice: Notice, revision: Revision) -> str:
        """'In force from … to …', 'In force from …', or 'takes effect on …' (HTML), from the timeline."""
        timeline = self.timeline(notice)
        span = timeline.span(revision)
        if span is None or timeline.state(revision) is Status.UPCOMING:
            return self.ui.html("Not yet in force: takes effect on %(date)s", date=self.time(revision.effective))
        if span.end is None:
            return self.ui.html("In force from %(date)s", date=self.time(span.start))
        return self.ui.html("In force from %(start)s to %(end)s", start=self.time(span.start), end=self.time(span.end))

    def has_comparison(self, notice: Notice, revision: Revision) -> bool:
        """Whether ``revision`` gets a page comparing it with the version in force (one per version)."""
        timeline = self.timeline(notice)
        return timeline.visible(revision) and timeline.in_force is not None and revision is not timeline.in_force

    def span_block(self, notice: Notice, revision: Revision, page: str) -> str:
        """The top of a version page: its span, the versions before and after, and the one in force."""
        timeline = self.timeline(notice)
        links: list[tuple[str, str]] = []
        before, after = timeline.predecessor(revision), timeline.successor(revision)
        if before is not None:
            label = self.ui.text("Previous version: %(date)s", date=self.date_text(before.effective))
            links.append((label, relative_link(page, revision_page(notice, before, self.locale))))
        if after is not None:
            label = self.ui.text("Next version: %(date)s", date=self.date_text(after.effective))
            links.append((label, relative_link(page, revision_page(notice, after, self.locale))))
        in_force = timeline.in_force
        if in_force is not None and timeline.state(revision) in (Status.SUPERSEDED, Status.UPCOMING):
            links.append(
                (self.ui.text("Read the version in force"), relative_link(page, current_page(notice, self.locale)))
            )
        if self.has_comparison(notice, revision):
            label = self.ui.text("Compare with the version in force")
            links.append((label, relative_link(page, compare_page(notice, revision, self.locale))))
        items = "".join(f"- [{md_text(label)}]({target})\n" for label, target in links)
        span = self.span_html(notice, revision) if timeline.visible(revision) else ""
        return (
            f'<div class="notices-span" data-pagefind-ignore="all" markdown>\n'
            f'<p class="notices-span-dates"><strong>{span}</strong></p>\n\n{items}\n</div>\n\n'
        )

    def timeline_svg(self, notice: Notice) -> str:
        """An SVG file: one bar per version from its effective date to its successor's, upcoming ones dashed,
        today marked, dates in this language."""
        timeline = self.timeline(notice)
        published = timeline.published
        if not published:
            return ""
        start = published[0].effective
        last = max(published[-1].effective, self.as_of)
        days = max((last - start).days, 1) * 1.15  # room after the last start for its open bar
        label_width = 150

        def x(day: date) -> float:
            return label_width + (day.toordinal() - start.toordinal()) / days * (_WIDTH - label_width - 10)

        rows = []
        for index, revision in enumerate(published):
            span = timeline.span(revision)
            assert span is not None
            y = _TOP + index * _ROW
            x0 = x(span.start)
            x1 = x(span.end) if span.end is not None else _WIDTH - 10
            state = timeline.state(revision).value
            paint = _PAINT[state]
            label = html.escape(self.date_text(revision.effective))
            rows.append(
                f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{label}</text>'
                f'<rect x="{x0:.1f}" y="{y + 3}" '
                f'width="{max(x1 - x0, 2):.1f}" height="{_ROW - 8}" {paint}/>'
            )
        height = _TOP * 2 + len(published) * _ROW + 14
        today = x(self.as_of)
        today_label = html.escape(self.ui.text("Today"))
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
            f'font-family="sans-serif" font-size="11" fill="#444">'
            + "".join(rows)
            + f'<line stroke="#c62828" stroke-width="2" x1="{today:.1f}" x2="{today:.1f}" y1="2" y2="{height - 14}"/>'
            f'<text x="{today:.1f}" y="{height - 2}" text-anchor="middle" fill="#c62828">{today_label}</text>'
            "</svg>\n"
        )

    def timeline_image(self, notice: Notice, page: str) -> str:
        """The timeline graphic on the history page: an image, as the page's allowlist keeps SVG out of pages.

        Hidden from screen readers (empty alt text): the table below it says the same in text.
        """
        if not self.timeline(notice).published:
            return ""
        target = relative_link(page, timeline_file(notice, self.locale))
        return f'<p class="notices-timeline" data-pagefind-ignore="all" markdown>![]({target})</p>\n\n'
