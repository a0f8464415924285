"""The home page of one language: the list of notices and what will change."""

from __future__ import annotations

from collections.abc import Iterable

from ...content.model import Notice
from .components import Components, in_force_or_first
from .layout import (
    current_page,
    front_matter,
    md_text,
    relative_link,
    revision_page,
)


class HomePage(Components):
    """Writes the home page of one language."""

    def home(self, notices: Iterable[Notice]) -> str:
        page = f"{self.locale}/index.md"
        title = self.ui.text("Notices")
        notices = list(notices)
        lastmod = max((self.history_lastmod(n) for n in notices), default=self.as_of).isoformat()
        names = self.ui.text(", ").join(self.timeline(n).title(self.locale) for n in notices)
        meta: dict[str, object] = {
            "title": title,
            "description": f"{title}: {names}",
            "notices": {"page": "home", "lastmod": lastmod},
        }
        out = [front_matter(meta), f"# {md_text(title)}\n\n"]
        for notice in notices:
            shown = in_force_or_first(notice, self.as_of)
            name = self.timeline(notice).title(self.locale)
            out.append(f"## [{md_text(name)}]({relative_link(page, current_page(notice, self.locale))})\n\n")
            out.append(
                '<p class="notices-effective">'
                + self.ui.html("Effective date: %(date)s", date=self.time(shown.effective))
                + "</p>\n\n"
            )
            for later in self.timeline(notice).upcoming:
                if later is shown:
                    continue
                text = self.ui.html("An updated version takes effect on %(date)s.", date=self.time(later.effective))
                link = relative_link(page, revision_page(notice, later, self.locale))
                when = self.date_text(later.effective)
                read = md_text(self.ui.text("Read the version that takes effect on %(date)s", date=when))
                out.append(f"{text} [{read}]({link})\n\n")
        return "".join(out)
