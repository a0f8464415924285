"""The YAML text fields (nav_title, summary, short_notice_reason, errata), checked and escaped per destination.

Each field goes to several places: the page (HTML), the navigation of every
page, an attribute, the Atom feed (XML, where control characters make the
file unreadable), versions.json and an e-mail header (where a newline starts
a new header). ``nav_title`` and ``short_notice_reason`` are plain text;
``summary`` is a paragraph of Markdown that the page sanitizes like the
notice itself. ``notices check`` reports what a destination could not hold.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

from markupsafe import Markup

from ..findings import Reporter
from ..model import Notice, Revision
from .hidden import character_name, critic_markup, invisible_characters, strip_invisible
from .parse import parse
from .sanitize import removed_by_sanitizer


def html_text(text: str) -> str:
    """Plain text for HTML content and attributes (quotes escaped too).

    >>> html_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(strip_invisible(text), quote=True)


def html_markup(text: str) -> Markup:
    """Text as escaped ``Markup``: printed once by an autoescaping template, and safely by one that is not.

    >>> html_markup('"><meta http-equiv="refresh">')
    Markup('&#34;&gt;&lt;meta http-equiv=&#34;refresh&#34;&gt;')
    """
    return text if isinstance(text, Markup) else Markup.escape(strip_invisible(text))


def plain_text(text: str) -> str:
    """The text a :func:`html_markup` value stands for (plain strings are returned as they are)."""
    return str(text.unescape()) if isinstance(text, Markup) else text


def xml_text(text: str) -> str:
    """Text an XML 1.0 file can hold: control and invisible characters removed (ElementTree escapes the rest)."""
    return strip_invisible(text)


def header_text(text: str) -> str:
    """One line for an e-mail header: no newline can start a header of its own.

    >>> header_text("Privacy\\nBcc: all@example.com")
    'Privacy Bcc: all@example.com'
    """
    return strip_invisible(" ".join(text.split()))  # split() also breaks at U+2028 and U+2029


def _line_of(path: Path, key_line: int, subkey: str | None) -> int:
    """The line of ``subkey:`` below the key on ``key_line`` (the file is small and already read once)."""
    if subkey is None:
        return key_line
    try:
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return key_line
    for number in range(key_line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped.startswith((f"{subkey}:", f'"{subkey}":', f"'{subkey}':")):
            return number
    return key_line


def _fields(notice: Notice, revision: Revision | None) -> Iterator[tuple[Path, str, str | None, str, bool]]:
    """(file, key, sub-key, text, is Markdown) of every text field."""
    if revision is None:
        for locale, text in notice.nav_title.items():
            yield notice.meta_path, "nav_title", locale, text, False
        return
    for locale, text in revision.summary.items():
        yield revision.meta_path, "summary", locale, text, True
    if revision.short_notice_reason:
        yield revision.meta_path, "short_notice_reason", None, revision.short_notice_reason, False
    for erratum in revision.errata:
        yield revision.meta_path, "errata", None, erratum.what, False
        yield revision.meta_path, "errata", None, erratum.why, False


def check_text_fields(notice: Notice, revision: Revision | None, report: Reporter) -> None:
    """Invisible characters, newlines in one-line fields, CriticMarkup, and what the sanitizer would remove."""
    lines = notice.key_lines if revision is None else revision.key_lines
    for path, key, sub, text, markdown in _fields(notice, revision):
        line = _line_of(path, lines.get(key, 1), sub)
        name = f"{key}: {sub}" if sub else key
        chars = next(invisible_characters(text), None)
        if chars is not None:
            report.error(
                path,
                line,
                f"'{name}' holds an invisible character {character_name(chars[2])}",
                "delete it (retype the text if you cannot see it): feeds and e-mails cannot carry it",
                code="invisible-character",
            )
        if key == "nav_title" and "\n" in text.strip():
            report.error(
                path,
                line,
                f"'{name}' runs over more than one line",
                "a menu title is one short line; write it on the same line as its language code",
                code="multiline-title",
            )
        if critic_markup(text):
            report.error(
                path,
                line,
                f"'{name}' holds CriticMarkup ({critic_markup(text).group()}), which the page would show as a redline",  # type: ignore[union-attr]
                "write the text as it should read",
                code="critic-markup",
            )
        if markdown:
            parsed = parse(html.escape(text, quote=False))
            blocks = [child.tag for child in parsed.tree]
            if blocks != ["p"] and text.strip():
                report.error(
                    path,
                    line,
                    f"'{name}' is not one paragraph of text (the page would show it as {', '.join(blocks)})",
                    "write the summary as one paragraph: no headings, lists, tables or blank lines",
                    code="summary-markup",
                )
            for removal in removed_by_sanitizer(parsed.html):
                what = removal.attribute or removal.tag or "comment"
                shown = f"{what}={removal.value}" if removal.attribute else what
                report.error(
                    path,
                    line,
                    f"'{name}' holds something the page cannot show safely ({shown[:60]})",
                    "a summary is plain text; links may use https://, mailto: or tel:",
                    code="unsafe-html",
                )
