"""``notices check`` for what a document's page would hold: everything the sanitizer removes is an error.

The document is parsed as the site parses it and passed through the site's
sanitizer; each element, attribute, URL or comment that does not survive is
reported at the line of the file it came from. Nothing is dropped silently,
and nothing the check passes can run or load from elsewhere on the page.

Over 400 lines as one unit: every report walks the same sanitized tree with the same line map, so a
removal is named once, at its line.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..content.model import Document
from ..content.sections import RESERVED_IDS, SECTION_ID
from ..findings import Reporter, display_path
from .links import misleading_links
from .parse import Parsed, parse
from .sanitize import Removal, is_same_site, removed_by_sanitizer
from .vocabulary import Borrowed, borrowed_vocabulary

_RUNNABLE = frozenset({"script", "iframe", "object", "embed", "style", "frame", "frameset", "applet"})
_HOST = re.compile(r"^\s*((?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^/\s?#]+)")
_SCHEME = re.compile(r"^[\x00-\x20]*([a-zA-Z][a-zA-Z0-9+.\t\n\r-]*):")
#: Attributes Markdown itself writes; anything else on these elements came from an attribute list.
_MARKDOWN_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "th": frozenset({"style", "align"}),
    "td": frozenset({"style", "align"}),
    "ol": frozenset({"start"}),
    "code": frozenset(),
}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ATTR_LIST_TAGS = frozenset(
    {"p", "li", "ul", "ol", "blockquote", "table", "tr", "hr", "em", "strong", "dl", "dt", "dd"}
)
_PARENT_LINK = re.compile(r"^(?:\./)*\.\./")
#: A kramdown/Python-Markdown attribute list: ``{: #id }``, ``{#id}``, ``{: datetime="..." }``.
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
#: Elements an attribute list may give an id, so other pages can link to a paragraph, list or table.
_ANCHORABLE = frozenset({"p", "li", "ul", "ol", "table"})
_ANCHOR_HINT = "an attribute list may only give a paragraph, list or table an id, e.g. '{: #personal-info }'"
#: Past this many, a file is not a notice with a few mistakes: say so once instead of listing them all.
MAX_REPORTED = 50
_HINT = "a notice is text: remove it, and write links and emphasis in Markdown, e.g. [text](https://...)"


@dataclass
class _Locator:
    """Finds the file line of something seen on the page, searching its own section first."""

    lines: list[str]
    regions: dict[str, tuple[int, int]]
    used: set[tuple[int, int]] = field(default_factory=set)

    def find(self, section: str, *needles: str, fallback: int = 1) -> tuple[int, int]:
        spans = [self.regions.get(section, (1, len(self.lines))), (1, len(self.lines))]
        for needle in (n for n in needles if n and n.strip()):
            low = needle.lower()
            for first, last in spans:
                for number in range(first, last + 1):
                    text = self.lines[number - 1].lower()
                    col = text.find(low)
                    while col >= 0:
                        if (number, col) not in self.used:
                            self.used.add((number, col))
                            return number, col + 1
                        col = text.find(low, col + 1)
        return self.regions.get(section, (fallback, fallback))[0], 1

    def attribute_list(self, section: str, name: str, value: str) -> tuple[int, int] | None:
        """The ``{: ... }`` that sets ``name`` (``#value`` for an id), outside headings: its own line."""
        spans = [self.regions.get(section, (1, len(self.lines))), (1, len(self.lines))]
        for first, last in spans:
            for number in range(first, last + 1):
                line = self.lines[number - 1]
                if line.lstrip().startswith("#"):
                    continue  # a heading's own {#id} is the section parser's
                for m in _ATTR_LIST.finditer(line):
                    tokens = m.group(1).split()
                    if any(_sets(t, name, value) for t in tokens) and (number, m.start()) not in self.used:
                        self.used.add((number, m.start()))
                        return number, m.start() + 1
        return None


def _sets(token: str, name: str, value: str) -> bool:
    if name == "id":
        return token == f"#{value}"
    if name == "class":
        return token.startswith(".") and token[1:] in value.split()
    return token.split("=", 1)[0] == name


def _regions(doc: Document) -> dict[str, tuple[int, int]]:
    total = len(doc.source.split("\n"))
    regions: dict[str, tuple[int, int]] = {}
    starts = [(s.id, s.line) for s in doc.sections]
    regions[""] = (1, (starts[0][1] - 1) if starts else total)
    for (sid, line), nxt in zip(starts, [*starts[1:], ("", total + 1)], strict=False):
        if sid:
            regions[sid] = (line, max(line, nxt[1] - 1))
    return regions


def _describe(removal: Removal) -> tuple[str, str, str, tuple[str, ...]]:
    """(message, hint, code, what to look for in the file) for one removal."""
    tag, name, value = removal.tag, removal.attribute, removal.value
    if removal.kind == "comment":
        first = next((x.strip() for x in value.split("\n") if x.strip()), "")
        return (
            "an HTML comment <!-- ... --> hides text from the page",
            "delete the comment, or write its text into the notice; the page must show what the file says",
            "hidden-comment",
            ("<!--" + value.split("\n", 1)[0], "<!--", first),
        )
    if removal.kind == "element":
        if tag in _RUNNABLE:
            return f"a <{tag}> element is not allowed in a notice", _HINT, "unsafe-html", (f"<{tag}",)
        handler = next((a for a in value.split() if a.startswith("on")), None)
        extra = f" (with an event handler '{handler}')" if handler else ""
        return (
            f"the HTML element <{tag}>{extra} is not allowed in a notice",
            _HINT,
            "unsafe-html",
            (f"<{tag}", handler or ""),
        )
    if name.startswith("on"):
        return f"an event-handler attribute '{name}' is not allowed in a notice", _HINT, "unsafe-html", (name,)
    tail = value.strip()[-16:]
    if name in ("href", "src") and value:
        scheme = _SCHEME.match(value)
        host = _HOST.match(value)
        looks_for = (value.strip(), tail, f"{name}=")
        if name == "src" and host:
            return (
                f"an image or embed from another site ({host.group(1)}) would send every reader's address to it",
                "remove it, or ask a developer to add the file to the site itself (overrides/assets/)",
                "external-resource",
                looks_for,
            )
        if scheme:
            word = re.sub(r"[\t\n\r]", "", scheme.group(1)).lower()
            return (
                f"a '{word}:' {'link' if name == 'href' else 'image'} is not allowed in a notice",
                "links use https://, mailto: or tel:; images come from the site itself",
                "unsafe-html" if word not in ("http",) else "unsafe-link",
                looks_for,
            )
        return (
            f"the address '{value.strip()[:60]}' leaves the site without saying https://",
            "write the full address, e.g. https://example.com/page",
            "unsafe-link",
            looks_for,
        )
    if name == "class":
        return (
            f"the class '{value}' on <{tag}> is not allowed in a notice",
            "remove it: the site gives every part of a notice its look itself",
            "unsafe-html",
            (value.split()[0] if value else "class",),
        )
    return (
        f"the attribute '{name}' on <{tag}> is not allowed in a notice",
        "remove it: a notice holds text, links and what Markdown writes, nothing that loads or runs",
        "unsafe-html",
        (f"{name}=", name),
    )


def check_markup(doc: Document, report: Reporter, parsed: Parsed | None = None) -> None:
    """Report everything the sanitizer would remove from ``doc``'s page, attribute lists, and raw HTML."""
    parsed = parsed or parse(doc.source)
    lines = doc.source.split("\n")
    locate = _Locator(lines, _regions(doc))
    shown = display_path(doc.path, report.base)
    errors: set[int] = {f.line for f in report.errors if f.path == shown}  # one message per line is enough
    anchors: dict[str, int] = {s.id: s.line for s in doc.sections if s.id}
    removals = removed_by_sanitizer(parsed.html)
    if len(removals) > MAX_REPORTED:
        report.error(
            doc.path,
            1,
            f"the page would lose {len(removals)} pieces of HTML; the first {MAX_REPORTED} are listed",
            "this is not the text of a notice: check that the right file was saved here",
            code="unsafe-html",
        )
    for removal in removals[:MAX_REPORTED]:
        message, hint, code, needles = _describe(removal)
        listed = None
        if removal.kind == "attribute" and removal.tag not in _HEADINGS:
            listed = locate.attribute_list(removal.section, removal.attribute, removal.value)
        if listed:
            hint = f"delete it from the attribute list: {_ANCHOR_HINT}"
        line, col = listed or locate.find(removal.section, *needles)
        if line in errors and removal.tag in _HEADINGS:
            continue  # the heading's {...} is already reported by the section parser
        errors.add(line)
        report.error(doc.path, line, message, hint, col=col, code=code)
    stripped: dict[str, set[str]] = {}  # attributes the sanitizer removes: reported above, once
    for removal in removals:
        stripped.setdefault(removal.tag, set()).add(removal.attribute)
    gone = {(r.attribute, token) for r in removals for token in (r.value.split() if r.attribute == "class" else [])}
    gone |= {(r.attribute, r.attribute) for r in removals if r.kind == "attribute"}
    for borrowed in list(borrowed_vocabulary(parsed.html))[:MAX_REPORTED]:
        if ("class" if borrowed.kind == "class" else borrowed.value, borrowed.value) in gone:
            continue  # the sanitizer's message above already names it
        message, hint, needles = _describe_borrowed(borrowed)
        line, col = locate.find(borrowed.section, *needles)
        if line not in errors:
            errors.add(line)
            report.error(doc.path, line, message, hint, col=col, code="site-vocabulary")
    for link in list(misleading_links(parsed.html))[:MAX_REPORTED]:
        line, col = locate.find(link.section, link.href, link.text)
        if line not in errors:
            errors.add(line)
            report.error(
                doc.path,
                line,
                link.message,
                "write the address the link goes to as its text, or words instead, e.g. [our help pages](https://...)",
                col=col,
                code="link-text-host",
            )
    for element, section in _walk(parsed.tree):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        href = element.get("href") if tag == "a" else None
        if href and _PARENT_LINK.match(href) and is_same_site(href):
            line, col = locate.find(section, href)
            report.error(
                doc.path,
                line,
                f"the link '{href}' points outside this revision's folder and will not work on the site",
                "link to a full address (https://...) or to a section of this notice (#section-id)",
                col=col,
                code="link-outside",
            )
        if href and href.lower().startswith("http:"):
            line, col = locate.find(section, href)
            report.warning(
                doc.path,
                line,
                f"the link '{href[:80]}' is not encrypted (http:)",
                f"if the page opens with https://, write '{'https:' + href[5:80]}'; else keep it",
                col=col,
                code="http-link",
            )
        if tag == "pre":
            nested = not any(child is element for child in parsed.tree)
            _report_code_block(element, locate, section, doc, report, errors, nested=nested)
        allowed = frozenset({"id"}) if tag in _HEADINGS else _MARKDOWN_ATTRIBUTES.get(tag)
        if allowed is None and tag not in _ATTR_LIST_TAGS:
            continue  # an HTML block of the author's own (md_in_html): raw HTML, warned below
        if tag in _ANCHORABLE and element.get("id") is not None:
            _check_anchor(element.get("id", ""), tag, section, locate, doc, anchors, report)
            allowed = (allowed or frozenset()) | {"id"}
        extra = sorted(set(element.attrib) - (allowed or frozenset()) - stripped.get(tag, set()))
        if extra == ["class"] and element.get("class") == "admonition-title" and _in_admonition(element, parsed.tree):
            extra = []  # the title the admonition extension writes: `!!! note "Title"`
        if extra and tag not in _HEADINGS:
            found = locate.attribute_list(section, extra[0], element.get(extra[0], ""))
            line, col = found or locate.find(section, "{:", "{")
            if line not in errors:
                errors.add(line)
                report.error(
                    doc.path,
                    line,
                    f"the attribute list sets {', '.join(extra)} on <{tag}>",
                    f"remove {', '.join(extra)}: {_ANCHOR_HINT}",
                    col=col,
                    code="attribute-list",
                )
    for row, header, cells in parsed.uneven_rows:
        line, col = locate.find("", row.strip())
        errors.add(line)
        what = "drops the text of the last" if cells > header else "adds empty cells for the missing"
        report.error(
            doc.path,
            line,
            f"this table row has {cells} cells but the header has {header}: the page {what} "
            f"{abs(cells - header)} cell(s)",
            f"give the row {header} cells separated by '|' (write a '|' inside a cell as '\\|'), "
            "or add a column to the header",
            col=col,
            code="table-cells",
        )
    for raw in parsed.raw_html[:MAX_REPORTED]:
        m = re.match(r"\s*<\s*([a-zA-Z][a-zA-Z0-9-]*)", raw)
        if not m or m.group(1).lower() == "br":
            continue
        line, col = locate.find("", raw.strip().split("\n", 1)[0])
        if line in errors:
            continue
        errors.add(line)
        report.warning(
            doc.path,
            line,
            f"raw HTML <{m.group(1)}> in the text",
            "write it in Markdown instead (**bold**, lists, tables); raw HTML is not checked across languages",
            col=col,
            code="raw-html",
        )


def _describe_borrowed(borrowed: Borrowed) -> tuple[str, str, tuple[str, ...]]:
    """(message, hint, what to look for in the file) for one use of the site's own vocabulary."""
    if borrowed.kind == "class":
        return (
            f"the class '{borrowed.value}' is the site's own: a notice cannot use it",
            "remove it: the site writes its banners and notes itself; for a box, write '!!! note \"Title\"'",
            (borrowed.value,),
        )
    if borrowed.kind == "id":
        return (
            f"the id '{borrowed.value}' is one the site's theme uses: a notice cannot use it",
            "remove it, or give the heading an id of its own, e.g. '## Contact {#contact}'",
            (borrowed.value,),
        )
    return (
        f"the attribute '{borrowed.value}' tells the site's search or theme what to do: a notice cannot set it",
        "remove it: the site decides what is searched and how a page is labelled",
        (borrowed.value,),
    )


def _in_admonition(element: ET.Element, tree: ET.Element) -> bool:
    """``element`` is the first child of an admonition box."""
    for parent in tree.iter("div"):
        if len(parent) and parent[0] is element:
            return "admonition" in (parent.get("class") or "").split()
    return False


def _walk(tree: ET.Element) -> list[tuple[ET.Element, str]]:
    """Every element with the id of the section it is in."""
    out: list[tuple[ET.Element, str]] = []
    section = ""

    def visit(element: ET.Element, top: bool) -> None:
        nonlocal section
        for child in element:
            if top and (child.tag == "h2" or (child.tag == "h3" and child.get("id"))):
                section = child.get("id", "")
            elif top and child.tag == "h1":
                section = ""
            out.append((child, section))
            visit(child, False)

    visit(tree, True)
    return out


def _check_anchor(
    anchor: str, tag: str, section: str, locate: _Locator, doc: Document, seen: dict[str, int], report: Reporter
) -> None:
    """``{: #anchor }`` on a paragraph, list or table: an id of its own, which nothing else on the page uses."""

    line, col = locate.attribute_list(section, "id", anchor) or locate.find(section, f"#{anchor}")
    problem = ""
    if not SECTION_ID.match(anchor):
        problem = f"the id '{anchor}' on <{tag}> is not valid"
        hint = "ids use lowercase letters a-z, digits and single hyphens, e.g. '{: #personal-info }'"
    elif anchor in RESERVED_IDS:
        problem = f"the id '{anchor}' on <{tag}> is used by the site itself"
        hint = f"choose another id, e.g. '{{: #{anchor}-text }}', and change the links to it"
    elif anchor in seen:
        what = " by a section" if any(s.id == anchor for s in doc.sections) else ""
        problem = f"the id '{anchor}' on <{tag}> is already used{what} on line {seen[anchor]}"
        hint = "every id on a page must be different: rename this one, and the links to it"
    seen.setdefault(anchor, line)
    if problem:
        report.error(doc.path, line, problem, hint, col=col, code="attribute-list")


def _report_code_block(
    element: ET.Element,
    locate: _Locator,
    section: str,
    doc: Document,
    report: Reporter,
    errors: set[int],
    *,
    nested: bool,
) -> None:
    """An indented block Markdown shows as code: in a notice, always a paragraph indented by mistake."""
    code = element.find("code")
    text = html.unescape("".join(code.itertext()) if code is not None else "")
    first = next((x.strip() for x in text.split("\n") if x.strip()), "")
    if not first:
        return
    line, _ = locate.find(section, first)
    written = locate.lines[line - 1]
    indent = len(written) - len(written.lstrip(" \t"))
    remove = 4 if nested else indent
    last = line + len(text.strip("\n").split("\n")) - 1
    errors.add(line)
    if last > line:
        message = f"lines {line}-{last} are indented by {indent} spaces, so the page shows them as code"
        where = "each of these lines"
    else:
        message = f"this text is indented by {indent} spaces, so the page shows it as code"
        where = "the line"
    report.error(
        doc.path,
        line,
        message + ", with the Markdown as typed",
        f"remove {remove} spaces at the start of {where}",
        col=1,
        code="indented-code",
    )
