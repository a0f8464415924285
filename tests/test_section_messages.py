"""Messages of the section parser that used to mislead (issue 12): one mistake, one message, in the right file.

Each case edits the English text of the fixture's upcoming revision (the
authoritative language, which every translation follows) and asserts the
whole list of errors: file, line and the fix the message suggests.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from notices.content.check import check_content

LOCALES = ("en", "ja", "vi", "th")
AS_OF = date(2026, 12, 1)
EN = "terms/2030-01-01/en.md"


def errors_after(root: Path, old: str, new: str) -> list[str]:
    path = root / EN
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1) if old else new, encoding="utf-8")
    return [f.format() for f in check_content(root, LOCALES, AS_OF, base=root).errors]


def test_a_heading_without_id_in_english_is_one_message_with_no_invented_id(mini_content: Path) -> None:
    errors = errors_after(mini_content, "## 2. Contact {#contact}", "## 2. Contact")
    assert errors == [
        f"{EN}:9:1: error: section '## 2. Contact' has no id\n"
        "  hint: add a stable id at the end of the heading, e.g. '## Contact {#contact}'; "
        "use the same id in every language"
    ]
    assert "line-" not in "".join(errors)


def test_a_heading_without_a_space_is_reported_in_english_itself(mini_content: Path) -> None:
    errors = errors_after(mini_content, "## 2. Contact {#contact}", "##2. Contact {#contact}")
    assert errors == [
        f"{EN}:9:3: error: '##2. Contact {{#contact}}' needs a space after '##'\n"
        "  hint: write '## 2. Contact {#contact}'; without the space other tools do not see a heading"
    ]


def test_an_empty_english_file_is_one_error(mini_content: Path) -> None:
    errors = errors_after(mini_content, "", "")
    assert errors == [
        f"{EN}:1:1: error: the file is empty\n"
        "  hint: write the notice: a '# Title' line, then '## Heading {#id}' sections"
    ]


def test_a_translation_missing_an_id_does_not_cascade(mini_content: Path) -> None:
    th = mini_content / "terms/2030-01-01/th.md"
    text = th.read_text(encoding="utf-8")
    th.write_text(text.replace(" {#contact}", "", 1), encoding="utf-8")
    errors = [f for f in check_content(mini_content, LOCALES, AS_OF, base=mini_content).errors]
    assert [(f.path, f.line, f.code) for f in errors] == [("terms/2030-01-01/th.md", 9, "missing-id")]
