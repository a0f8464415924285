"""A tiny HTML query helper for tests (stdlib only): elements, attributes, text."""

from __future__ import annotations

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
