"""An allowlist for every page's HTML (nh3, the Rust ``ammonia`` sanitizer), and what it removes.

A page of a notice needs text, headings, lists, tables, links, the banners and
redlines the generator writes, and nothing that runs or loads from elsewhere.
:class:`SanitizeExtension` is a Python-Markdown extension (``notices.markup.sanitize``
in mkdocs.yml) whose last postprocessor passes the page's HTML through
:func:`sanitize_html`, so any renderer that uses Python-Markdown gets it.
:func:`removed_by_sanitizer` tells the checker what the sanitizer took out,
so ``notices check`` reports it instead of the site dropping it silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

#: Elements a notice page may contain.
TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
    }
)
#: Attributes, per element ("*": on every element). ``class`` is limited by CLASSES.
ATTRIBUTES: dict[str, set[str]] = {
    # data-pagefind-*: the generated pages tell the search index what to leave out or label; inert.
    "*": {
        "class",
        "id",
        "lang",
        "data-pagefind-ignore",
        "data-pagefind-meta",
        "data-pagefind-body",
        "title",
        "role",
        "aria-label",
        "aria-current",
        "aria-describedby",
        "aria-labelledby",
    },
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
_ADMONITIONS = {"note", "info", "tip", "warning", "danger", "important", "caution", "abstract", "example"}
#: The classes the generated pages, admonitions, permalinks and redlines use.
CLASSES: dict[str, set[str]] = {
    "div": {
        "admonition",
        *_ADMONITIONS,
        "notices-banner",
        "notices-banner--upcoming",
        "notices-banner--superseded",
        "notices-banner--pending",
        "notices-banner--preview",
        "notices-history",
        "notices-redline",
        "notices-errata",
        "notices-short-notice",
    },
    "p": {
        "admonition-title",
        "notices-effective",
        "notices-changes-link",
        "notices-authoritative",
        "notices-compared",
        "notices-legend",
        "notices-change-kind",
        "notices-redline-heading",
    },
    "ul": {"notices-facts"},
    "a": {"headerlink", "magiclink", "magiclink-email", "magiclink-url"},
    "ins": {"critic", "block"},
    "del": {"critic", "block"},
    "mark": {"critic", "block"},
    "span": {"critic", "comment"},
}
#: URL schemes a link may use; anything else (javascript:, data:) is removed. ``http:`` is
#: allowed, as real notices link to http-only pages (a regulator's); ``notices check`` warns.
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
_TABLE_ALIGN = re.compile(r"^text-align:\s*(left|right|center);?$")
#: Leading characters browsers ignore in a URL (C0 controls and space), and the
#: tab and newlines they drop anywhere in it.
_URL_JUNK = re.compile(r"[\t\n\r]")
_URL_LEAD = re.compile(r"^[\x00-\x20]+")
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_same_site(url: str) -> bool:
    """A relative URL that stays on this site: no scheme and no ``//host``.

    >>> [is_same_site(u) for u in ("../history/", "#contact", "//evil.example/", "/\\\\evil.example", "https://x")]
    [True, True, False, False, False]
    """
    value = _URL_LEAD.sub("", _URL_JUNK.sub("", url))
    if _HAS_SCHEME.match(value):
        return False
    return not (len(value) >= 2 and value[0] in "/\\" and value[1] in "/\\")


#: Any class the site's own generated pages use is named ``notices-…``: a class only styles, so the
#: prefix is allowed on every element without listing each new banner and note here.
_SITE_CLASS = re.compile(r"notices-[a-z0-9-]+")


def _classes(tag: str, value: str) -> str | None:
    """Keep the classes of CLASSES for ``tag`` and the site's own ``notices-…`` ones."""
    allowed = CLASSES.get(tag, set())
    kept = [c for c in value.split() if c in allowed or _SITE_CLASS.fullmatch(c)]
    return " ".join(kept) or None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        return _classes(tag, value)
    if attribute == "src":
        return value if is_same_site(value) else None  # images only from the site itself
    if attribute == "href":
        scheme = _HAS_SCHEME.match(_URL_LEAD.sub("", _URL_JUNK.sub("", value)))
        if scheme:  # browsers drop tabs and newlines, so "java\tscript:" is javascript:
            return value if scheme.group()[:-1].lower() in URL_SCHEMES else None
        return value if is_same_site(value) else None
    if attribute == "style":
        return value if _TABLE_ALIGN.match(value.strip()) else None  # the tables extension's column alignment
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    link_rel=None,
)


def sanitize_html(html: str) -> str:
    """Keep only the allowlisted elements, attributes, classes and URLs.

    >>> sanitize_html('<p onclick="x()">Hi <a href="javascript:alert(1)">there</a></p><script>x()</script>')
    '<p>Hi <a>there</a></p>'
    """
    return _CLEANER.clean(html)


class _SanitizePostprocessor(Postprocessor):  # type: ignore[misc]  # Python-Markdown is untyped
    def run(self, text: str) -> str:
        return sanitize_html(text)


class SanitizeExtension(Extension):  # type: ignore[misc]
    """Runs :func:`sanitize_html` on the finished HTML, after every other postprocessor."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.postprocessors.register(_SanitizePostprocessor(md), "notices_sanitize", -100)


def makeExtension(**kwargs: object) -> SanitizeExtension:
    return SanitizeExtension(**kwargs)


# -- what the sanitizer removes ---------------------------------------------


@dataclass(frozen=True)
class Removal:
    """One thing the sanitizer took out of a page.

    ``kind`` is "element", "attribute" or "comment"; ``section`` the id of the
    last heading before it, so the checker can look for it in the right part of the file.
    """

    kind: str
    tag: str
    attribute: str = ""
    value: str = ""
    section: str = ""


_Event = tuple[str, str, tuple[tuple[str, str], ...]]


class _Events(HTMLParser):
    """Start tags and comments, with decoded attribute values; end tags and text are not compared."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[_Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", "", (("text", data),)))


def _events(html: str) -> list[_Event]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def removed_by_sanitizer(html: str) -> list[Removal]:
    """What the sanitizer takes out of ``html`` (see :func:`_removed`)."""
    return list(_removed(html))


@lru_cache(maxsize=4096)  # a check re-reads every revision: unchanged pages are not compared again
def _removed(html: str) -> tuple[Removal, ...]:
    """Compare ``html`` with its sanitized form: every element, attribute and comment that went.

    Elements are aligned by name first, so an element that kept its place
    but lost an attribute is told apart from one that went altogether. The
    alignment looks a few events ahead only, so it stays linear in the page's size.
    """
    clean = sanitize_html(html)
    if clean == html.replace("&para;", "¶"):  # nothing was taken out (the permalinks' sign is respelled)
        return ()
    before = _events(html)
    after = _events(clean)
    removals: list[Removal] = []
    section = ""
    i = j = 0
    while i < len(before):
        event = before[i]
        kind, tag, attrs = event
        if kind == "start" and tag == "h2":
            section = dict(attrs).get("id", section)
        elif kind == "start" and tag == "h1":
            section = ""
        if j < len(after) and after[j][:2] == event[:2]:
            removals.extend(_lost_attributes(event, after[j], section))
            i, j = i + 1, j + 1
            continue
        gone = _ahead(before, i + 1, after[j][:2]) if j < len(after) else 0
        added = _ahead(after, j + 1, event[:2]) if j < len(after) else None
        if added is not None and (gone is None or added < gone):
            j += added + 1  # the sanitizer's parser added elements (it closes what HTML closes implicitly)
            continue
        if not _generated(event):
            if kind == "comment":
                removals.append(Removal("comment", "", value=attrs[0][1], section=section))
            else:
                removals.append(Removal("element", tag, section=section, value=" ".join(k for k, _ in attrs)))
        i += 1
    return tuple(removals)


_LOOKAHEAD = 8


def _ahead(events: list[_Event], start: int, key: tuple[str, str]) -> int | None:
    """How many events after ``start`` the next one named ``key`` is, within a few events."""
    for offset, event in enumerate(events[start : start + _LOOKAHEAD]):
        if event[:2] == key:
            return offset
    return None


def _generated(event: _Event) -> bool:
    """The permalink Python-Markdown adds to a heading: it goes when a hostile heading swallows it."""
    return event[1] == "a" and dict(event[2]).get("class") == "headerlink"


def _lost_attributes(event: _Event, twin: _Event, section: str) -> Iterator[Removal]:
    remaining = dict(twin[2])
    for name, value in event[2]:
        if name not in remaining:
            yield Removal("attribute", event[1], name, value, section)
        elif name == "class" and remaining[name] != value:
            gone = sorted(set(value.split()) - set(remaining[name].split()))
            yield Removal("attribute", event[1], name, " ".join(gone), section)
