"""Fuzzing the loader with arbitrary Unicode: a result or a clean finding, never an exception.

The alphabet leans on what real notices contain and what breaks naive code:
Thai combining vowels and tone marks, Japanese, Vietnamese tone marks in
both composed and combining forms, zero-width and bidi marks, and the
Markdown and YAML characters the parser reacts to.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from notices.check import check_content
from notices.findings import Reporter
from notices.sections import parse_document
from notices.source_files import read_yaml_mapping

PIECES = [
    "# ",
    "## ",
    "{#",
    "}",
    "{#a-b}",
    "\n",
    "\n\n",
    "```",
    "~~~",
    "- ",
    "| a | b |",
    "<b>",
    "<script>",
    "[x](",
    ")",
    "![i](",
    "../",
    "https://",
    ":",
    ": ",
    "- {",
    "[",
    "]",
    "\t",
    "  ",
    "#",
    "\r\n",
    "\ufeff",
    "ข้อมูลส่วนบุคคล",
    "ที่",
    "่",
    "้",
    "ั",
    "ำ",
    "ฯ",
    "個人情報",
    "、",
    "。",
    "「",
    "」",
    "令和",
    "Nghị định",
    "ệ",
    "e\u0323\u0302",
    "\u0301",
    "\u200b",
    "\u200d",
    "\u200f",
    "\u202e",
    "2024-01-01",
    "2024-13-45",
]

text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(source=text)
def test_markdown_parser_never_raises(source: str) -> None:
    report = Reporter()
    doc = parse_document(source, Path("content/terms/2024-01-01/th.md"), "th", report)
    for section in doc.sections:
        assert section.line >= 1
    for finding in report.findings:
        assert finding.line >= 1 and finding.hint


@FUZZ
@given(source=text)
def test_yaml_reader_never_raises(tmp_path: Path, source: str) -> None:
    path = tmp_path / "revision.yml"
    path.write_text(source, encoding="utf-8", newline="")
    report = Reporter()
    read_yaml_mapping(path, report)
    assert all(f.line >= 1 for f in report.findings)


@FUZZ
@given(en=text, revision=text, raw=st.binary(max_size=64))
def test_whole_check_never_raises(tmp_path: Path, en: str, revision: str, raw: bytes) -> None:
    root = tmp_path / "content"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(FIXTURES / "mini/content", root)
    folder = root / "terms/2030-01-01"
    (folder / "en.md").write_text(en, encoding="utf-8", newline="")
    (folder / "revision.yml").write_text(revision, encoding="utf-8", newline="")
    (folder / "th.md").write_bytes(raw)
    result = check_content(root, ("en", "ja", "vi", "th"), date(2026, 12, 1))
    for finding in result.findings:
        assert finding.path and finding.line >= 1 and "Traceback" not in finding.message
