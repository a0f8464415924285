"""A tiny HTML query helper for tests (stdlib only): elements, attributes, text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        def match(e: Element) -> bool:
            if tag and e.tag != tag:
                return False
            for key, want in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                have = e.attrs.get(key)
                if have is None:
                    return False
                if key == "class":
                    if not set(want.split()) <= set(have.split()):
                        return False
                elif have != want:
                    return False
            return True

        return [e for e in self.iter() if match(e)]

    def find(self, tag: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def following(self, root: Element, tag: str | None = None, **attrs: str) -> Element | None:
        """The first match after this element (not inside it), in document order under ``root``."""
        matches = {id(e) for e in root.find_all(tag, **attrs)}
        inside = {id(e) for e in self.iter()}
        seen = False
        for e in root.iter():
            if e is self:
                seen = True
            elif seen and id(e) in matches and id(e) not in inside:
                return e
        return None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(source: str | Path) -> Element:
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    builder = _Builder()
    builder.feed(text)
    return builder.root


def article(page: Path) -> Element:
    """The page's main content (Material's md-content article)."""
    root = parse(page)
    found = root.find("article")
    assert found is not None, f"no <article> in {page}"
    return found


# -- what the templates did not put there ---------------------------------------------------


class Tags(HTMLParser):
    """Every start tag, split into those in ``<head>`` and the rest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head: list[tuple[str, dict[str, str]]] = []
        self.body: list[tuple[str, dict[str, str]]] = []
        self.where = "body"
        self.scripts: list[str] = []
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script:
            self.scripts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.where = "head"
            return
        if tag == "body":
            self.where = "body"
        self._script = tag == "script"
        (self.head if self.where == "head" else self.body).append((tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._script = False
        if tag == "head":
            self.where = "body"


def tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


#: What the templates put in <head>: (element, its attributes, the value that says what it is).
_HEAD = {
    ("meta", frozenset({"charset"})),
    ("meta", frozenset({"name", "content"}), "description"),
    ("meta", frozenset({"name", "content"}), "viewport"),
    ("meta", frozenset({"http-equiv", "content"}), "Content-Security-Policy"),
    ("title", frozenset()),
    ("script", frozenset()),
    ("link", frozenset({"rel", "href"}), "canonical"),
    ("link", frozenset({"rel", "href"}), "icon"),
    ("link", frozenset({"rel", "href"}), "stylesheet"),
    ("link", frozenset({"rel", "href", "hreflang"}), "alternate"),
    ("link", frozenset({"rel", "href", "type", "title"}), "alternate"),
}


def foreign_in_head(html: str) -> list[str]:
    """Each element or attribute of ``<head>`` the templates did not put there."""
    found = []
    for tag, attrs in tags(html).head:
        names = frozenset(attrs)
        kind = attrs.get("name") or attrs.get("http-equiv") or attrs.get("rel") or ""
        if (tag, names) not in _HEAD and (tag, names, kind) not in _HEAD:
            found.append(f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs.items())}>")
    return found


_NAME = re.compile(r"[a-z][a-z0-9:_-]*")


def foreign_in_body(html: str) -> list[str]:
    """Elements the hostile text would make, and attributes it would set, outside ``<head>``."""
    parsed = tags(html)
    found = [f"a script running {s[:30]!r}" for s in parsed.scripts if "alert(1)" in s]
    for tag, attrs in parsed.body:
        if tag in ("meta", "base", "link", "title"):
            found.append(f"<{tag}> in the body")
        for name, value in attrs.items():
            if not _NAME.fullmatch(name) or name in ("http-equiv", "content"):
                found.append(f"an attribute {name!r} on <{tag}>")
            elif name in ("href", "src", "action") and "evil.example" in value:
                found.append(f"{name}={value!r} on <{tag}>")
    return found
