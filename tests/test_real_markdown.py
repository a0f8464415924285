"""Real Markdown that legal teams write (issue 20): accepted, or refused at its own line with the fix.

Each case edits the English text of the fixture's upcoming revision and asserts
every finding of ``notices check``: line, column, code and the hint. The last
tests run the real ``notices check`` on the corpora's ``faithful/`` variants,
Mozilla's own files, where every refusal must be a message a lawyer can act on.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import run_notices
from notices.check import check_content
from notices.findings import Finding
from notices.markup.sanitize import sanitize_html

LOCALES = ("en", "ja", "vi", "th")
AS_OF = date(2026, 12, 1)
EN = "terms/2030-01-01/en.md"
CORPORA = Path(__file__).parent / "corpora"
CONTACT = "Write to us. Email works too."  # line 11 of the fixture's en.md


def findings_after(root: Path, old: str, new: str) -> list[Finding]:
    path = root / EN
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1) if old else new, encoding="utf-8")
    return list(check_content(root, LOCALES, AS_OF, base=root).findings)


def where(findings: list[Finding]) -> list[tuple[int, int, str, str]]:
    return [(f.line, f.col, f.severity, f.code) for f in findings if f.path == EN]


def test_a_paragraph_anchor_is_an_id_the_page_keeps(mini_content: Path) -> None:
    """Mozilla's ``{: #personal-info }``: other pages link to the paragraph, so it stays."""
    found = findings_after(mini_content, CONTACT, CONTACT + "\n{: #personal-info }\n\n- one\n- two\n{: #the-list }")
    assert found == []


@pytest.mark.parametrize(
    ("anchor", "message", "hint"),
    [
        ("contact", "the id 'contact' on <p> is already used by a section on line 9", "every id on a page"),
        ("changes", "the id 'changes' on <p> is used by the site itself", "choose another id"),
        ("Personal_Info", "the id 'Personal_Info' on <p> is not valid", "lowercase letters"),
    ],
)
def test_a_paragraph_anchor_that_clashes_is_an_error_at_its_line(
    mini_content: Path, anchor: str, message: str, hint: str
) -> None:
    found = findings_after(mini_content, CONTACT, f"{CONTACT}\n{{: #{anchor} }}")
    assert where(found) == [(12, 1, "error", "attribute-list")]
    assert found[0].message == message
    assert hint in found[0].hint


def test_two_paragraphs_with_one_anchor(mini_content: Path) -> None:
    found = findings_after(mini_content, CONTACT, f"{CONTACT}\n{{: #mail }}\n\nOr call.\n{{: #mail }}")
    assert where(found) == [(15, 1, "error", "attribute-list")]
    assert found[0].message == "the id 'mail' on <p> is already used on line 12"


def test_any_other_attribute_is_an_error_at_its_own_line_not_at_a_heading_above(mini_content: Path) -> None:
    """The position bug: the error was reported at an accepted ``{: #id }`` on a heading seven lines above."""
    found = findings_after(
        mini_content,
        "## 2. Contact {#contact}\n\n" + CONTACT,
        "## 2. Contact {: #contact }\n\nText.\n\n* __Search__: sends queries\n{: #search-suggestions }\n\n"
        'December 10, 2019\n{: datetime="2019-12-10" }\n\n* one\n{: title="x" }',
    )
    assert where(found) == [(17, 1, "error", "unsafe-html"), (20, 1, "error", "attribute-list")]
    assert found[0].message == "the attribute 'datetime' on <p> is not allowed in a notice"
    assert found[1].message == "the attribute list sets title on <li>"
    for finding in found:
        assert "an attribute list may only give a paragraph, list or table an id" in finding.hint


def test_an_http_link_is_allowed_with_a_warning_that_suggests_https(mini_content: Path) -> None:
    found = findings_after(mini_content, CONTACT, "Write to [the regulator](http://regulator.example/complaints).")
    assert where(found) == [(11, 26, "warning", "http-link")]
    assert (
        found[0].hint == "if the page opens with https://, write 'https://regulator.example/complaints'; else keep it"
    )


def test_an_http_link_reaches_the_page() -> None:
    assert sanitize_html('<a href="http://regulator.example/">x</a>') == '<a href="http://regulator.example/">x</a>'


def test_an_indented_paragraph_is_an_error_saying_how_many_spaces_to_remove(mini_content: Path) -> None:
    found = findings_after(mini_content, CONTACT, "Write to us.\n\n     Email works **too**.")
    assert where(found) == [(13, 1, "error", "indented-code")]
    assert (
        found[0].message
        == "this text is indented by 5 spaces, so the page shows it as code, with the Markdown as typed"
    )
    assert found[0].hint == "remove 5 spaces at the start of the line"


def test_an_indented_block_names_its_lines(mini_content: Path) -> None:
    """A postal address pasted from a web page, indented as it was there (tests/seeds/003)."""
    address = "    Personal Information Handling Desk\n    JustSystems Corporation\n\n    Shinjuku Oak Tower"
    found = findings_after(mini_content, CONTACT, f"{CONTACT}\n\n{address}")
    assert [(f.line, f.message, f.hint) for f in found] == [
        (
            13,
            "lines 13-16 are indented by 4 spaces, so the page shows them as code, with the Markdown as typed",
            "remove 4 spaces at the start of each of these lines",
        )
    ]


def test_a_table_row_with_more_cells_than_its_header_is_an_error_at_its_line(mini_content: Path) -> None:
    table = "| Who | Why |\n| --- | --- |\n| Adjust | marketing | see section 8 |\n| Google | maps |"
    found = findings_after(mini_content, CONTACT, CONTACT + "\n\n" + table)
    assert where(found) == [(15, 1, "error", "table-cells")]
    assert found[0].message == (
        "this table row has 3 cells but the header has 2: the page drops the text of the last 1 cell(s)"
    )
    assert found[0].hint.startswith("give the row 2 cells separated by '|'")


def test_an_empty_heading_gets_the_empty_heading_message_only(mini_content: Path) -> None:
    found = findings_after(mini_content, "## 2. Contact {#contact}", "## {#contact}")
    assert [(f.line, f.code, f.message) for f in found] == [
        (9, "empty-heading", "section 'contact' has an empty heading")
    ]
    assert found[0].hint == "write the heading's words before the {#id}, e.g. '## Contact {#contact}'"


def test_yaml_front_matter_gets_a_message_that_names_it(mini_content: Path) -> None:
    text = (mini_content / EN).read_text(encoding="utf-8")
    found = findings_after(mini_content, "", "---\ntitle: Terms\ndate: 2030-01-01\n---\n" + text)
    assert [(f.line, f.code) for f in found] == [(1, "front-matter")]
    assert found[0].message == "lines 1-4 are YAML front matter ('---' ... '---'), which a notice's text does not have"
    assert "revision.yml" in found[0].hint


def test_a_title_written_as_a_section_heading_is_one_message(mini_content: Path) -> None:
    found = findings_after(mini_content, "# Terms", "## Terms")
    assert [(f.line, f.code, f.hint) for f in found] == [(1, "no-h1", "write the title with one '#': '# Terms'")]


# --- the corpora's faithful variants: Mozilla's own files ---------------------------------------


def faithful_findings(corpus: str, tmp_path: Path) -> list[dict[str, object]]:
    source = CORPORA / corpus / "faithful" / corpus
    content = tmp_path / "content"
    shutil.copytree(source, content / corpus)
    locales = sorted({p.stem for p in source.glob("*/*.md")} - {"en"})
    args = [arg for ll in ["en", *locales] for arg in ("--locale", ll)]
    result = run_notices("check", "--content", str(content), *args, "--as-of", "2100-01-01", "--format", "json")
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


FAITHFUL = sorted(p.parent.name for p in CORPORA.glob("*/faithful"))


@pytest.mark.parametrize("corpus", FAITHFUL)
def test_every_refusal_of_a_real_file_is_at_a_line_and_column_with_a_hint(corpus: str, tmp_path: Path) -> None:
    findings = faithful_findings(corpus, tmp_path)
    assert findings, "the faithful variants fail the check on purpose"
    for f in findings:
        assert isinstance(f["line"], int) and f["line"] >= 1, f
        assert isinstance(f["col"], int) and f["col"] >= 1, f
        assert f["hint"], f
    messages = [str(f["message"]) for f in findings]
    # The false refusals the issue lists: none of them is said any more.
    assert not [m for m in messages if "more than one {#id}" in m]
    assert not [m for m in messages if "sets id on" in m]
    assert not [m for m in messages if m.startswith("a 'http:' link")]
    # A kramdown attribute line other than an id is refused at that very line.
    for f in findings:
        if "'datetime'" in str(f["message"]):
            line = (tmp_path / str(f["path"])).read_text(encoding="utf-8").split("\n")[int(str(f["line"])) - 1]
            assert line.startswith('{: datetime="'), f
    # One mistake, one message: never two errors at one place of one file.
    places = [(f["path"], f["line"], f["col"]) for f in findings if f["severity"] == "error"]
    assert len(places) == len(set(places)), sorted(p for p in places if places.count(p) > 1)[:4]


def test_the_empty_chinese_heading_of_the_mozilla_policy_is_one_message(tmp_path: Path) -> None:
    """Mozilla's ``## {#what-if-…}``: the empty-heading message, and no cascade into ``translated_from``."""
    findings = faithful_findings("mozilla-privacy-policy", tmp_path)
    about_zh = [
        f
        for f in findings
        if str(f["path"]).endswith("zh-TW.md") and f["severity"] == "error" and "'datetime'" not in str(f["message"])
    ]
    assert {(f["line"], f["code"]) for f in about_zh} == {(50, "empty-heading")}
    assert len(about_zh) == 6  # one per revision that has the empty heading
