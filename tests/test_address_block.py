"""An address block: a backslash at the end of a line keeps the line break, on the page and in the check's parse."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build, copy_fixture, run_notices
from notices.markup.parse import parse, site_markdown

ADDRESS = "Personal Information Desk\\\nSora Lotus Travel Co., Ltd.\\\nEmail: privacy@soralotus.example\n"


def test_a_backslash_at_the_end_of_a_line_is_a_line_break() -> None:
    html = site_markdown().convert(ADDRESS)
    assert len(re.findall(r"<br ?/?>", html)) == 2
    assert "\\" not in html
    assert len(re.findall(r"<br ?/?>", parse(ADDRESS).html)) == 2  # what the checks read is what the page shows


def test_other_backslashes_stay_as_written() -> None:
    html = site_markdown().convert("C:\\ drive\n\nan escaped one \\\\\nnext line\n\nlast line\\")
    assert "<br" not in html
    assert "C:\\ drive" in html and "last line\\" in html


def test_the_built_page_keeps_the_lines_of_the_address(tmp_path: Path) -> None:
    content = copy_fixture("mini", tmp_path)
    target = next(p for p in sorted(content.glob("terms/*/en.md")) if "2030" in str(p))
    target.write_text(target.read_text(encoding="utf-8") + "\n" + ADDRESS, encoding="utf-8")
    run_notices("publish", "terms", "2030-01-01", "--content", str(content), "--as-of", "2029-11-01", check=True)
    site = build(tmp_path, content, as_of="2029-12-01")
    page = (site / "terms/2030-01-01/index.html").read_text(encoding="utf-8")
    assert re.search(r"Personal Information Desk<br ?/?>\s*Sora Lotus Travel Co\., Ltd\.<br ?/?>", page)
