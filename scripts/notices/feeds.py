"""Atom feeds, one per notice and language: subscribe and hear of every new revision.

A feed reader, a monitoring service or a regulator's crawler learns of a
material change the day it is announced (its ``published`` date), well before
it takes effect. Built with ElementTree, so every text is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from .markup.fields import xml_text
from .model import Notice
from .timeline import Timeline
from .versions import page_url

ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(
    notice: Notice,
    locale: str,
    locales: tuple[str, ...],
    as_of: date,
    base: str,
    *,
    title: str,
    entry_title: dict[str, str],
    author: str = "",
) -> str:
    """The feed of ``notice`` in ``locale``; ``entry_title`` maps revision key → localized entry title.

    >>> from pathlib import Path
    >>> from notices.model import Notice, Revision
    >>> r = Revision("terms", Path("."), date(2024, 1, 1), date(2024, 1, 1), False, {"en": "<b>New</b>"})
    >>> n = Notice("terms", Path("."), "en", 30, 0, {}, {}, (r,))
    >>> xml = atom_feed(n, "en", ("en",), date(2024, 2, 1), "https://x.example/", title="Terms",
    ...                 entry_title={"2024-01-01": "Established January 1, 2024"})
    >>> "&lt;b&gt;New&lt;/b&gt;" in xml and "<id>https://x.example/terms/2024-01-01/</id>" in xml
    True
    """
    ET.register_namespace("", ATOM)
    default = locales[0]
    timeline = Timeline.of(notice, as_of)
    published = list(timeline.published)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": locale})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = xml_text(title)
    self_url = page_url(base, locale, default, f"{notice.id}/atom.xml")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_url})
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": page_url(base, locale, default, f"{notice.id}/")}
    )
    updated = max((r.published for r in published), default=as_of)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(updated)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = xml_text(author or title)
    for index, revision in reversed(list(enumerate(published))):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = page_url(base, locale, default, f"{notice.id}/{revision.key}/")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(entry_title.get(revision.key, revision.key))
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": url})
        if index > 0:
            changes = page_url(base, locale, default, f"{notice.id}/{revision.key}/changes/")
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "related", "href": changes})
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(revision.published)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(timeline.updated(revision))
        summary = revision.summary.get(locale)
        if summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
