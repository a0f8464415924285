"""Reading a file of any kind a legal team keeps into an outline: Word, a saved web page, text, Markdown.

Word and HTML become Markdown through well-kept converters (mammoth, BeautifulSoup, markdownify), so
one reader of headings serves all three; plain text has no headings and is read by
:func:`notices.importer.outline.read_text`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .outline import Outline, read_markdown, read_text

SUFFIXES = (".docx", ".html", ".htm", ".txt", ".text", ".md", ".markdown")
#: Elements that are never part of the notice's text: dropped, and counted for the report.
_DROPPED = ("script", "style", "form", "noscript", "iframe", "object", "embed", "template", "svg", "canvas")
#: The site around the notice: its menu, header and footer.
_CHROME = ("nav", "header", "footer", "aside", "button", "input", "select")


class ImportProblem(Exception):
    """A file that cannot be imported as it is, with the line and the fix."""

    def __init__(self, path: Path, message: str, hint: str, line: int = 1) -> None:
        super().__init__(message)
        self.path, self.message, self.hint, self.line = path, message, hint, line


@dataclass
class Source:
    """One language's file, read."""

    path: Path
    locale: str
    outline: Outline
    #: what the conversion left out: element name -> how many
    removed: dict[str, int] = field(default_factory=dict)


def read_source(path: Path, locale: str) -> Source:
    """Read ``path`` by its kind; a kind notices does not read is a problem naming the ones it does."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportProblem(
            path, f"notices import cannot read '{suffix or path.name}' files", "save it as .docx, .html, .txt or .md"
        )
    try:
        if suffix == ".docx":
            outline, removed = _html_outline(_docx_html(path))
            return Source(path, locale, outline, removed)
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(
            path, f"cannot read the file: {exc.strerror}", "check the name and that you may read it"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportProblem(
            path, "the file is not UTF-8 text", "save it again choosing UTF-8 as the encoding", line
        ) from None
    if suffix in (".html", ".htm"):
        outline, removed = _html_outline(text)
        return Source(path, locale, outline, removed)
    if suffix in (".md", ".markdown"):
        return Source(path, locale, read_markdown(text.splitlines()))
    return Source(path, locale, read_text(text.splitlines()))


def _docx_html(path: Path) -> str:
    """Word's text as HTML; tracked changes and comments are refused, never accepted or dropped silently."""
    import mammoth

    try:
        with zipfile.ZipFile(path) as docx:
            names = set(docx.namelist())
            body = docx.read("word/document.xml").decode("utf-8", "replace")
            comments = docx.read("word/comments.xml").decode("utf-8", "replace") if "word/comments.xml" in names else ""
    except (zipfile.BadZipFile, KeyError):
        raise ImportProblem(
            path, "this is not a Word document (.docx)", "open it in Word and save it as .docx"
        ) from None
    if re.search(r"<w:(ins|del|moveFrom|moveTo)\b", body):
        raise ImportProblem(
            path,
            "the document has tracked changes",
            "in Word, accept or reject every change (Review > Accept all / Reject all), save, and import again",
        )
    if re.search(r"<w:comment\b", comments) or "commentReference" in body:
        raise ImportProblem(
            path,
            "the document has comments",
            "in Word, resolve and delete every comment (Review > Delete all), save, and import again",
        )
    with path.open("rb") as fh:
        result = mammoth.convert_to_html(fh)
    return str(result.value)


def _html_outline(html: str) -> tuple[Outline, dict[str, int]]:
    """The notice's main text of a saved page or a fragment, as an outline, and what was left out."""
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(html, "html.parser")
    removed: dict[str, int] = {}
    for name in _DROPPED:
        for element in soup.find_all(name):
            removed[name] = removed.get(name, 0) + 1
            element.decompose()
    main: object = soup.find("main") or soup.find(None, {"role": "main"}) or soup.find("article")
    if main is None:
        for name in _CHROME:
            for element in soup.find_all(name):
                removed[name] = removed.get(name, 0) + 1
                element.decompose()
        main = _densest(soup)
    markdown = markdownify(
        str(main), heading_style="ATX", bullets="-", strip=["img"], escape_misc=True, table_infer_header=True
    )
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return read_markdown(markdown.splitlines()), removed


def _densest(soup: object) -> object:
    """The innermost element that holds most of the page's text (four fifths): the notice, not its frame.

    The page's menu, header and footer are already gone; what is left around the notice is little text.
    """
    from bs4 import BeautifulSoup, Tag

    assert isinstance(soup, BeautifulSoup)
    root = soup.body or soup
    total = len(root.get_text(" ", strip=True))
    best: object = root
    for element in root.find_all(["div", "section", "article", "td"]):
        assert isinstance(element, Tag)
        if len(element.get_text(" ", strip=True)) >= 0.8 * total:
            best = element  # find_all walks down the tree: a later match lies inside an earlier one
    return best
