"""Fuzzing the loader with arbitrary Unicode: a result or a clean finding, never an exception.

The alphabet leans on what real notices contain and what breaks naive code:
Thai combining vowels and tone marks, Japanese, Vietnamese tone marks in
both composed and combining forms, zero-width and bidi marks, and the
Markdown and YAML characters the parser reacts to.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from notices.content.check import check_content
from notices.content.limits import check_render_cost
from notices.content.sections import parse_document
from notices.content.source_files import read_yaml_mapping
from notices.findings import Reporter

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


# --- the inputs that once gave tracebacks or hangs: dates with times, aliases, odd scalars, nesting, runs ---

YAML_PIECES = [
    "effective: ",
    "published: ",
    "material: ",
    "summary:\n",
    "  en: ",
    "  th: ",
    "errata:\n  - ",
    "date: ",
    "\n",
    "2026-11-20 10:00",
    "2026-11-20T10:00:00Z",
    "2026-11-20 10:00:00+09:00",
    "0001-01-01",
    "9999-12-31",
    "&a ",
    "*a",
    "<<: *a",
    "!!python/object/apply:os.system ",
    "!!binary ",
    "yes",
    "No",
    "on",
    "030",
    "0x1F",
    "0o17",
    "1:30",
    "1_000",
    ".inf",
    ".nan",
    "~",
    "'",
    '"',
    "：",
    "\u3000",
    "[" * 60,
    "{a: " * 40,
    "- " * 40,
    " " * 300,
    "#",
]
yaml_text = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.sampled_from(PIECES)), max_size=30).map("".join)
long_runs = st.sampled_from(
    ["![", "<a ", "[", "]", "[a](", " ", "\t", "`", "{", "#", "> ", "- ", "    - x\n", "1.", "\n"]
).flatmap(lambda piece: st.integers(min_value=1, max_value=3000).map(lambda n: piece * n))
markdown = st.lists(st.one_of(st.sampled_from(PIECES), long_runs, st.text(max_size=8)), max_size=12).map("".join)


def _assert_strict(node: Any, value: Any) -> None:
    """What a strict read returns: booleans only from true/false, decimal ints, no datetimes, unique keys."""
    if isinstance(node, yaml.ScalarNode):
        if isinstance(value, bool):
            assert node.value in ("true", "false")
        elif isinstance(value, int):
            assert re.fullmatch(r"[-+]?(?:0|[1-9][0-9]*)", node.value)
        assert not isinstance(value, datetime)
    elif isinstance(node, yaml.SequenceNode):
        assert isinstance(value, list) and len(value) == len(node.value)
        for child, item in zip(node.value, value, strict=True):
            _assert_strict(child, item)
    else:
        keys = [str(k.value) for k, _ in node.value]
        assert len(set(keys)) == len(keys) == len(value)
        for key_node, child in node.value:
            _assert_strict(child, value[str(key_node.value)])


@FUZZ
@given(source=yaml_text)
def test_strict_yaml_never_raises_and_reads_strictly(tmp_path: Path, source: str) -> None:
    path = tmp_path / "revision.yml"
    path.write_text(source, encoding="utf-8", newline="")
    report = Reporter()
    data = read_yaml_mapping(path, report)
    assert all(f.line >= 1 and f.hint for f in report.findings)
    if data is not None:
        assert not report.errors
        _assert_strict(data.node, data.values)


@FUZZ
@given(source=markdown)
def test_long_runs_never_raise(source: str) -> None:
    report = Reporter()
    path = Path("content/terms/2024-01-01/en.md")
    if check_render_cost(source, path, report):
        parse_document(source, path, "en", report)
    assert all(f.line >= 1 and f.hint for f in report.findings)


@FUZZ
@given(revision=yaml_text, lock=yaml_text)
def test_whole_check_with_odd_yaml_and_lock_never_raises(tmp_path: Path, revision: str, lock: str) -> None:
    root = tmp_path / "content"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(FIXTURES / "mini/content", root)
    (root / "terms/2030-01-01/revision.yml").write_text(revision, encoding="utf-8", newline="")
    (root / "terms/published.lock").write_text(lock, encoding="utf-8", newline="")
    result = check_content(root, ("en", "ja", "vi", "th"), date(2026, 12, 1))
    for finding in result.findings:
        assert finding.path and finding.line >= 1 and finding.hint


@settings(max_examples=60, deadline=None)
@given(source=markdown)
def test_what_the_check_accepts_renders(source: str) -> None:
    """Text that passes the cost check renders with the site's extensions: no recursion error, no crawl."""
    import markdown as python_markdown

    if check_render_cost(source, Path("en.md"), Reporter()):
        python_markdown.markdown(
            source, extensions=["toc", "attr_list", "md_in_html", "tables", "admonition", "pymdownx.critic"]
        )
