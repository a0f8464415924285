"""The search page of one language (its form and results come from the template)."""

from __future__ import annotations

from collections.abc import Iterable

from ...content.model import Notice
from .components import Components
from .layout import (
    front_matter,
    md_text,
)


class SearchPage(Components):
    """Writes the search page of one language."""

    def search(self, notices: Iterable[Notice]) -> str:
        """The search page: its form and results come from overrides/notices-search.html."""
        lastmod = max((self.history_lastmod(n) for n in notices), default=self.as_of).isoformat()
        meta: dict[str, object] = {
            "title": self.ui.text("Search the notices"),
            "description": self.ui.text(
                "Searches the notices in force and the versions announced to take effect, in this language."
            ),
            "template": "notices-search.html",
            "notices": {"page": "search", "lastmod": lastmod},
        }
        return front_matter(meta) + "# " + md_text(self.ui.text("Search the notices")) + "\n"
