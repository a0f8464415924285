"""A notice's Atom feed in one language."""

from __future__ import annotations

from ...content.model import Notice
from ..feeds import atom_feed
from .components import Components


class FeedPage(Components):
    """Writes the Atom feed of one notice in one language."""

    def feed(self, notice: Notice) -> str:
        """The notice's Atom feed in this language: one entry per published revision."""
        published = self.timeline(notice).published
        titles = {
            r.key: self.established_or_revised(
                i, self.date_text(r.effective), escape=False, upcoming=self.is_upcoming(notice, r)
            )
            for i, r in enumerate(published)
        }
        name = self.timeline(notice).title(self.locale)
        return atom_feed(
            notice,
            self.locale,
            self.content.locales,
            self.as_of,
            self.options.site_url,
            title=name,
            author=self.options.publisher or name,
            entry_title=titles,
        )
