"""A notice's outline from its text: title, introduction, numbered or headed sections, and its history.

Plain text copied from a web page has lost its markup, so structure is read from the conventions real
notices use (the seeds in ``tests/seeds/`` show them): numbered headings in each language's style
(``1.``, ``第1条``, ``Điều 1``, ``ข้อ 1``, ``Article 1``), or short unpunctuated lines standing alone
between paragraphs; bullets typed as ``•`` or ``・``; a history of dated lines. Markdown, and HTML or
Word converted to Markdown, carry their headings already and are read from them.

Every line is accounted for: it lands in the title, the introduction or a section, is read as a date of
the notice's history, or is listed in ``dropped`` with the reason, for the report.

Over 400 lines as one unit: the plain-text reader is one pass over the lines that must account for
every line, which a split would scatter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .dates import DatedLine, dated_lines, find_dates, is_history_line

#: Numbering a section heading may carry, in the shipped languages' conventions; group 1 is the number.
_HEADING_NUMBER = re.compile(
    r"^(?:"
    r"(\d{1,3})\s*[.．、)）]\s*(?=\S)"  # 1. Types of data / 1) / 1、
    r"|第\s*([0-9０-９一二三四五六七八九十百]+)\s*[条章項]"  # 第1条（目的）
    r"|Điều\s+(\d{1,3})\b"  # Điều 1.
    r"|ข้อ\s*([0-9๐-๙]{1,3})\b"  # ข้อ 1
    r"|(?:Article|Section|Clause)\s+(\d{1,3})\b"  # Article 1
    r"|([IVX]{1,5})\.\s+(?=\S)"  # I. Introduction
    r")"
)
_KANJI = {c: i for i, c in enumerate("〇一二三四五六七八九", start=0)}
_ROMAN = {"I": 1, "V": 5, "X": 10}
_BULLET = re.compile(r"^([•・●○◦▪■□◆◇‣⁃∙·\-*–])\s*(?=\S)")
_ORDERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
_TITLE_WORDS = re.compile(
    r"privacy|policy|notice|statement|プライバシー|個人情報|chính sách|quyền riêng tư|นโยบาย|ความเป็นส่วนตัว|"
    r"개인정보|隐私|隱私|datenschutz|confidentialité|privacidad|privasi",
    re.IGNORECASE,
)
#: Page furniture a copy from a browser carries: it is no part of the notice.
_FURNITURE = re.compile(
    r"^(top of page|back to top|page top|return to top|ページの先頭へ|ページトップへ|このページの先頭へ|"
    r"về đầu trang|lên đầu trang|กลับไปด้านบน|print|印刷する|share)$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"\s(?:/|>|›|»)\s")
_END_PUNCTUATION = tuple(".。:：;；,，、!！?？")
#: Where page furniture stood: a boundary between two parts of the page, otherwise a blank line.
_BREAK = "\x00"


@dataclass
class Section:
    """A section as found: its heading as written, its number if it has one, and its Markdown body."""

    heading: str
    line: int
    number: int | None = None
    body: list[str] = field(default_factory=list)


@dataclass
class Outline:
    """What one file says, in the order it says it."""

    title: str
    title_line: int
    preamble: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    history: list[DatedLine] = field(default_factory=list)
    #: (first line, last line, why) for text left out, so the report can name it.
    dropped: list[tuple[int, int, str]] = field(default_factory=list)
    numbered: bool = False


def heading_number(text: str) -> int | None:
    """The section number a heading starts with, in any shipped language's convention.

    >>> [heading_number(t) for t in ("1. Types of data", "第12条（開示）", "Điều 3. Mục đích", "ข้อ ๒ การใช้")]
    [1, 12, 3, 2]
    >>> [heading_number(t) for t in ("IV. Cookies", "Cookies")]
    [4, None]
    """
    m = _HEADING_NUMBER.match(text.strip())
    if not m:
        return None
    raw = next(g for g in m.groups() if g is not None)
    raw = unicodedata.normalize("NFKC", raw)
    if raw.isdigit():
        return int("".join(str(unicodedata.digit(c)) for c in raw))
    if raw[0] in _ROMAN:
        values = [_ROMAN[c] for c in raw]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return _kanji_number(raw)


def _kanji_number(raw: str) -> int | None:
    total, current = 0, 0
    for c in raw:
        if c in _KANJI:
            current = _KANJI[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" \u3000\u00a0"))


def _wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _short(text: str) -> bool:
    """Short enough for a heading: 40 wide characters, or 12 words (Vietnamese counts syllables)."""
    if _wide(text):
        return 1 < len(text) <= 40
    return 1 < len(text) <= 90 and len(text.split()) <= 12


_ESCAPE = re.compile(r"([\\`*_\[\]{}<>|])")


def escape_text(text: str, *, block: bool = True) -> str:
    r"""Plain text as Markdown that renders it unchanged: no emphasis, link, HTML or attribute list.

    >>> escape_text("see <this> [page] and *stars* {#x}")
    'see \\<this\\> \\[page\\] and \\*stars\\* \\{#x\\}'
    >>> escape_text("2015. Something")
    '2015\\. Something'
    """
    out = _ESCAPE.sub(r"\\\1", text)
    if not block:  # a heading's text: a leading "1." or "-" is no list there
        return out
    out = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", out)
    return re.sub(r"^([#>+=-])", r"\\\1", out)


def _title_of(text: str) -> str:
    """A page title without the site's name: "Privacy Statement | XMetal | JustSystems" is the first part."""
    for part in re.split(r"\s[|｜–-]\s", text):
        if _TITLE_WORDS.search(part):
            return part.strip()
    return text.strip()


class _TextReader:
    """Reads plain text line by line into an :class:`Outline`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = [(i + 1, line.rstrip("\r\n").replace("\ufeff", "")) for i, line in enumerate(lines)]

    def read(self) -> Outline:
        lines = [(n, t) for n, t in self.lines]
        outline = Outline(title="", title_line=1)
        start = self._find_title(lines, outline)
        body = self._drop_furniture(lines[start:], outline)
        body = self._cut_second_document(body, outline)
        body = self._cut_other_language_tail(body, outline)
        outline.history = dated_lines([(n, t) for n, t in body if is_history_line(t)])
        body = [(n, t) for n, t in body if not is_history_line(t)]
        heads = self._numbered_headings(body)
        outline.numbered = bool(heads)
        if not heads:
            heads = self._standalone_headings(body)
        current: Section | None = None
        chunk: list[tuple[int, str]] = []
        for index, (n, text) in enumerate(body):
            if index in heads:
                self._flush(chunk, outline.preamble if current is None else current.body)
                chunk = []
                current = Section(
                    heading=text.strip(), line=n, number=heading_number(text) if outline.numbered else None
                )
                outline.sections.append(current)
            else:
                chunk.append((n, text))
        self._flush(chunk, outline.preamble if current is None else current.body)
        return outline

    @staticmethod
    def _find_title(lines: list[tuple[int, str]], outline: Outline) -> int:
        """The title is the first short line naming a notice; a page that repeats it starts at the last repeat."""
        candidates = [
            i
            for i, (_, t) in enumerate(lines[:40])
            if t.strip()
            and _indent(t) == 0
            and _short(t.strip())
            and _TITLE_WORDS.search(t)
            and not _BREADCRUMB.search(t)
            and not t.strip().endswith(_END_PUNCTUATION)
        ]
        if not candidates:
            first = next((i for i, (_, t) in enumerate(lines) if t.strip()), 0)
            candidates = [first]
        index = candidates[0]
        title = _title_of(lines[index][1])
        repeats = [i for i in candidates if _title_of(lines[i][1]) == title]
        index = repeats[-1]
        outline.title, outline.title_line = title, lines[index][0]
        skipped = [n for n, t in lines[:index] if t.strip()]
        if skipped:
            outline.dropped.append((skipped[0], skipped[-1], "before the title (the web page's menu or header)"))
        return index + 1

    @staticmethod
    def _drop_furniture(lines: list[tuple[int, str]], outline: Outline) -> list[tuple[int, str]]:
        kept: list[tuple[int, str]] = []
        for n, t in lines:
            if _FURNITURE.match(t.strip()):
                outline.dropped.append((n, n, f"page furniture ({t.strip()!r})"))
                kept.append((n, _BREAK))  # it separated two parts of the page: keep the break
            else:
                kept.append((n, t))
        return kept

    @staticmethod
    def _cut_second_document(lines: list[tuple[int, str]], outline: Outline) -> list[tuple[int, str]]:
        """A page that carries a second document ("Cookies Policy", then its own date) ends the notice there."""
        texts = [t.strip() for _, t in lines]
        for i, text in enumerate(texts):
            if (
                i < 5
                or _indent(lines[i][1])
                or not re.search(r"(policy|notice|statement|ポリシー|方針|chính sách|นโยบาย)$", text, re.IGNORECASE)
            ):
                continue
            if len(text.split()) > 5 or text.lower() == outline.title.lower():
                continue
            following = [t for t in texts[i + 1 : i + 4] if t]
            if following and find_dates(following[0]):
                outline.dropped.append(
                    (lines[i][0], lines[-1][0], f"a second document ({text!r}): import it as a notice of its own")
                )
                return lines[:i]
        return lines

    @staticmethod
    def _cut_other_language_tail(lines: list[tuple[int, str]], outline: Outline) -> list[tuple[int, str]]:
        """A non-Latin or Vietnamese text followed by the same notice in English: the English is left out."""

        def ascii_only(t: str) -> bool:
            return all(ord(c) < 128 or c in "“”‘’–—…·•・" for c in t)

        body = [(i, t) for i, (_, t) in enumerate(lines) if t.strip() and t != _BREAK and not is_history_line(t)]
        if sum(1 for _, t in body if not ascii_only(t)) < 5:
            return lines  # the text itself is in Latin letters without accents
        tail_start = None
        for k in range(len(body) - 1, -1, -1):
            if not ascii_only(body[k][1]):
                break
            tail_start = body[k][0]
        if tail_start is None or len(body) - next(k for k, (i, _) in enumerate(body) if i == tail_start) < 5:
            return lines
        outline.dropped.append(
            (
                lines[tail_start][0],
                lines[-1][0],
                "the same notice in another language (English?): import it from its own file",
            )
        )
        return lines[:tail_start]

    @staticmethod
    def _is_candidate(text: str) -> bool:
        s = text.strip()
        return (
            bool(s)
            and _indent(text) == 0
            and _short(s)
            and (not s.endswith(_END_PUNCTUATION) or s.endswith(("etc.", "etc")))
            and not _BULLET.match(s)
            and not s[0].isdigit()
            and not s.startswith(("(", "（", "http"))
        )

    def _numbered_headings(self, lines: list[tuple[int, str]]) -> set[int]:
        """Lines at the margin numbered 1, 2, 3 … in sequence; a number out of sequence is a list item."""
        heads: set[int] = set()
        expected: int | None = None
        for i, (_, text) in enumerate(lines):
            s = text.strip()
            if _indent(text) or not s or len(s) > 120 or (s.endswith((".", "。")) and len(s) > 60):
                continue
            number = heading_number(s)
            if number is None:
                continue
            if (expected is None and number == 1) or number == expected:
                heads.add(i)
                expected = number + 1
        return heads if len(heads) >= 2 else set()

    def _standalone_headings(self, lines: list[tuple[int, str]]) -> set[int]:
        """Short unpunctuated lines that stand alone: the line before and the line after are body text.

        A run of such lines is an address, a signature or a list typed without bullets, not headings.
        """
        nonblank = [i for i, (_, t) in enumerate(lines) if t.strip() and t != _BREAK]
        heads: set[int] = set()
        for k, i in enumerate(nonblank):
            text = lines[i][1]
            if not self._is_candidate(text):
                continue
            after = nonblank[k + 1] if k + 1 < len(nonblank) else None
            if after is None or self._is_candidate(lines[after][1]):
                continue
            before = nonblank[k - 1] if k > 0 else None
            after_furniture = before is not None and any(lines[j][1] == _BREAK for j in range(before + 1, i))
            if before is None or after_furniture or not self._is_candidate(lines[before][1]):
                heads.add(i)
        return heads

    @staticmethod
    def _flush(chunk: list[tuple[int, str]], out: list[str]) -> None:
        """Text lines as Markdown: one paragraph per line, bullets and numbered items as nested lists.

        An indented line under a list item continues that item; a line at the margin ends the list, and
        the next list starts at the margin again, so no line ever renders as a code block.
        """
        indents = sorted(
            {_indent(t) for _, t in chunk if t.strip() and (_BULLET.match(t.strip()) or _ORDERED.match(t.strip()))}
        )
        base: int | None = None  # the indent level of the open list's outermost items
        depth = 0
        for _, text in chunk:
            s = text.strip()
            if not s or text == _BREAK:
                continue
            bullet, ordered = _BULLET.match(s), _ORDERED.match(s)
            item = bullet or (ordered if _indent(text) else None)
            if item:
                level = indents.index(_indent(text))
                if base is None or level < base:
                    base = level
                    if out:
                        out.append("")
                depth = (
                    min(level - base, depth + 1)
                    if out and out[-1].lstrip().startswith(("-", *"0123456789"))
                    else level - base
                )
                marker = f"{ordered.group(1)}." if ordered and not bullet else "-"
                out.append("    " * depth + f"{marker} {escape_text(s[item.end() :].strip())}")
            elif base is not None and _indent(text):
                # continues the item above, as a line of its paragraph: an indented paragraph of its own is
                # read as code in some lists by Python-Markdown
                out.append("    " * (depth + 1) + escape_text(s))
            else:
                base = None
                if out:
                    out.append("")
                out.append(escape_text(s))


class _MarkdownReader:
    """Reads Markdown (written by hand, or converted from HTML or Word) from its own headings."""

    _ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")

    def __init__(self, lines: list[str]) -> None:
        self.lines = [line.rstrip("\r\n").replace("\ufeff", "") for line in lines]

    def read(self) -> Outline:
        heads = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(self.lines) if (m := self._ATX.match(line))]
        outline = Outline(title="", title_line=1)
        title_index = -1
        if heads and heads[0][1] == 1:
            title_index, _, outline.title = heads[0]
            outline.title_line = title_index + 1
            heads = heads[1:]
        levels = sorted({level for _, level, _ in heads})
        section_level = levels[0] if levels else 2
        texts = [(i + 1, line) for i, line in enumerate(self.lines)]
        history_lines = {n for n, t in texts if is_history_line(t.strip("#*_ "))}
        outline.history = dated_lines([(n, t.strip("#*_ ")) for n, t in texts if n in history_lines])
        current: Section | None = None
        numbered = [h for h in heads if h[1] == section_level and heading_number(h[2]) is not None]
        outline.numbered = len(numbered) >= 2
        for i, line in enumerate(self.lines):
            if i <= title_index or i + 1 in history_lines:
                continue
            m = self._ATX.match(line)
            if m and len(m.group(1)) == section_level:
                text = re.sub(r"\s*\{[^}]*\}\s*$", "", m.group(2)).strip()
                text = re.sub(r"\\(.)", r"\1", text)  # plain text, as a text file's heading is
                current = Section(heading=text, line=i + 1, number=heading_number(text) if outline.numbered else None)
                outline.sections.append(current)
                continue
            if m and len(m.group(1)) > section_level:
                line = f"**{m.group(2)}**"  # a sub-heading: bold, since a section has one heading
            (outline.preamble if current is None else current.body).append(line)
        for part in [outline.preamble, *(s.body for s in outline.sections)]:
            while part and not part[0].strip():
                part.pop(0)
            while part and not part[-1].strip():
                part.pop()
        return outline


def read_text(lines: list[str]) -> Outline:
    """The outline of a plain-text notice (a copy of a web page, or a text file)."""
    return _TextReader(lines).read()


def read_markdown(lines: list[str]) -> Outline:
    """The outline of a Markdown notice, from its ATX headings (``#`` title, the next level as sections)."""
    return _MarkdownReader(lines).read()
