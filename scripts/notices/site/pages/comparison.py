"""The comparison of one version with the version in force, with the same diff and redline as a change page.

One per published version (not every pair), so what a build writes grows with the
number of revisions; a reviewer compares any pair with ``notices diff``.
"""

from __future__ import annotations

from ...content.model import Notice, Revision, Status
from ..punctuation import parenthesized, sentences
from .changes import ChangesPage
from .layout import compare_page, current_page, front_matter, md_text, relative_link, revision_page
from .spans import Spans
from .translation import text_in


class ComparisonPage(ChangesPage, Spans):
    """Writes the page comparing one version with the version in force, in one language."""

    def comparison(self, notice: Notice, revision: Revision) -> str:
        page = compare_page(notice, revision, self.locale)
        timeline = self.timeline(notice)
        in_force = timeline.in_force
        if in_force is None or in_force is revision:
            raise ValueError(f"{notice.id} {revision.key} has no version in force to compare with")
        # Older versions: what the version in force changed since; an upcoming one: what it will change.
        old, new = (in_force, revision) if revision.effective > in_force.effective else (revision, in_force)
        if not text_in(self.locale, old, new):  # a language that joined later, or was dropped
            return self.not_available(notice, revision, page, compare_page(notice, revision, notice.authoritative))
        diff = self.revision_diff(notice, old, new)
        name = timeline.title(self.locale)
        title = self.ui.text("Comparison with the version in force: %(notice)s", notice=name)
        meta: dict[str, object] = {
            "title": parenthesized(self.locale, title, self.date_text(revision.effective)),
            "description": sentences(
                self.locale,
                title,
                self.ui.text("Compared with the version effective %(date)s.", date=self.date_text(old.effective)),
            ),
            "notices": {
                "notice": notice.id,
                "revision": revision.key,
                "status": timeline.state(revision).value,
                "effective": revision.key,
                "page": "compare",
                "lastmod": max(
                    timeline.page_changed(revision, is_current=False), timeline.updated(in_force)
                ).isoformat(),
            },
        }
        out = [front_matter(meta), f"# {md_text(title)}\n\n"]
        out.append(f'<p class="notices-span-dates">{self.span_html(notice, revision)}</p>\n\n')
        compared = self.ui.html("Compared with the version effective %(date)s.", date=self.time(old.effective))
        links = [
            (
                self.ui.text("Read the version effective %(date)s", date=self.date_text(revision.effective)),
                relative_link(page, revision_page(notice, revision, self.locale)),
            ),
            (self.ui.text("Read the version in force"), relative_link(page, current_page(notice, self.locale))),
        ]
        items = "".join(f"- [{md_text(label)}]({target})\n" for label, target in links)
        out.append(f'<div class="notices-compared" markdown>\n<p>{compared}</p>\n\n{items}\n</div>\n\n')
        out.append(self.authoritative_note(notice))
        if timeline.state(revision) is Status.SUPERSEDED:
            out.append(self.banner("superseded", self.ui.html("This version has been superseded.")))
        out.append(self.changed_sections(notice, new, diff, page))
        return "".join(out)
