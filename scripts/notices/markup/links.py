"""Link text that shows an address must lead to that address.

``[https://example.com/account](https://exаmple.com/account)`` (a Cyrillic
``а``) shows the site's own address and leads elsewhere: an IDN homograph.
When a link's text looks like a web address or a host name, the host it
shows must be the host the link goes to (or a subdomain of it), compared in
their ASCII (punycode) form, which tells the two apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import regex

#: A web address or a bare host name as link text: ``https://example.com/x``, ``www.example.com``,
#: ``example.com``; the last label is letters (so "1.5" or "v2.0" is not a host).
_ADDRESS = regex.compile(
    r"^(?:[a-z][a-z0-9+.-]*:)?(?://)?([\p{L}\p{N}\p{M}_-]+(?:\.[\p{L}\p{N}\p{M}_-]+)*\.(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+))"
    r"\.?(?::\d+)?(?:[/?#]\S*)?$",
    regex.IGNORECASE,
)


def ascii_host(host: str) -> str:
    """The host as DNS sees it: lower case, punycode for non-ASCII labels.

    >>> ascii_host("Exаmple.com")  # a Cyrillic 'а'
    'xn--exmple-4nf.com'
    """
    host = host.rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def shown_host(text: str) -> str | None:
    """The host a link's text shows, if it looks like an address.

    >>> [shown_host(t) for t in ("https://example.com/a", "www.example.com", "our help pages", "1.5", "a@b.com")]
    ['example.com', 'www.example.com', None, None, None]
    """
    text = text.strip()
    if not text or "@" in text or any(c.isspace() for c in text):
        return None
    m = _ADDRESS.match(text)
    return m.group(1) if m else None


def _same(shown: str, target: str) -> bool:
    shown, target = ascii_host(shown), ascii_host(target)
    shown, target = shown.removeprefix("www."), target.removeprefix("www.")
    return target == shown or target.endswith("." + shown)


@dataclass(frozen=True)
class Mismatch:
    """A link whose text shows ``shown`` and goes to ``target``."""

    text: str
    href: str
    shown: str
    target: str
    section: str

    @property
    def message(self) -> str:
        punycode = ascii_host(self.target)
        spelled = f" (spelled {punycode})" if punycode != self.target.lower() else ""
        return f"the link text shows '{self.shown}' but the link goes to '{self.target}'{spelled}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Mismatch] = []
        self.section = ""
        self.open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "h2":
            self.section = values.get("id", self.section)
        elif tag == "h1":
            self.section = ""
        elif tag == "a":
            self.open.append((values.get("href", ""), []))

    def handle_data(self, data: str) -> None:
        for _, text in self.open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or not self.open:
            return
        href, parts = self.open.pop()
        text = "".join(parts)
        shown = shown_host(text)
        target = urlsplit(href.strip()).hostname if href.strip().lower().startswith(("http:", "https:", "//")) else None
        if shown and target and not _same(shown, target):
            self.found.append(Mismatch(text.strip(), href, shown, target, self.section))


def misleading_links(html: str) -> Iterator[Mismatch]:
    """Every link in ``html`` whose text shows one host and whose target is another."""
    links = _Links()
    links.feed(html)
    links.close()
    yield from links.found
