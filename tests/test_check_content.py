"""The loader and validator on good and bad content: each mistake, its file, line and message.

Every case starts from a copy of the small 'terms' fixture, makes one
mistake a legal editor could make, and asserts the exact finding.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from notices.check import check_content

LOCALES = ("en", "ja", "vi", "th")
AS_OF = date(2026, 12, 1)
REV = "terms/2024-01-01"


def edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return apply


def remove(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).unlink()

    return apply


def rename(rel: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).rename(root / new)

    return apply


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.unlink()
        os.symlink(target, path)

    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for step in steps:
            step(root)

    return apply


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    path: str  # expected path, relative to the content folder
    line: int
    message: str  # a substring of the message
    severity: str = "error"


TH_MD = f"{REV}/th.md"
EN_MD = f"{REV}/en.md"
REV_YML = f"{REV}/revision.yml"
NOTICE_YML = "terms/notice.yml"
UP = "terms/2030-01-01"  # announced 2029-11-01: not yet published on AS_OF, so not locked
UP_EN = f"{UP}/en.md"
UP_YML = f"{UP}/revision.yml"

CASES = [
    Case(
        "section missing in th",
        edit(TH_MD, "## 2. ติดต่อ {#contact}", "## 2. ติดต่อ"),
        TH_MD,
        9,
        "section '## 2. ติดต่อ' has no id",
    ),
    Case(
        "section dropped from th",
        edit(TH_MD, "## 2. ติดต่อ {#contact}\n", ""),
        TH_MD,
        5,
        "section 'contact' is missing (it is in en.md after 'data')",
    ),
    Case(
        "extra section in ja",
        edit(f"{REV}/ja.md", "{#contact}", "{#contacts}"),
        f"{REV}/ja.md",
        9,
        "section 'contacts' is not in en.md",
    ),
    Case(
        "sections out of order in vi",
        write(f"{REV}/vi.md", "# Điều khoản\n\n## 2. Liên hệ {#contact}\n\nA\n\n## 1. Dữ liệu {#data}\n\nB\n"),
        f"{REV}/vi.md",
        3,
        "section 'contact' is out of order: en.md has 'data' here",
    ),
    Case(
        "duplicate section id",
        edit(EN_MD, "{#contact}", "{#data}"),
        EN_MD,
        9,
        "duplicate section id 'data' (first used on line 5)",
    ),
    Case(
        "invalid section id",
        edit(EN_MD, "{#contact}", "{#Contact_Us}"),
        EN_MD,
        9,
        "section id 'Contact_Us' is not valid",
    ),
    Case("no title", edit(EN_MD, "# Terms\n", ""), EN_MD, 1, "the file has no title"),
    Case("two titles", edit(EN_MD, "## 2. Contact {#contact}", "# Contact"), EN_MD, 9, "a second H1 '# Contact'"),
    Case(
        "published after effective",
        edit(REV_YML, "published: 2024-01-01", "published: 2024-02-01"),
        REV_YML,
        2,
        "'published: 2024-02-01' is after 'effective: 2024-01-01'",
    ),
    Case(
        "effective differs from folder",
        edit(REV_YML, "effective: 2024-01-01", "effective: 2024-01-02"),
        REV_YML,
        1,
        "'effective: 2024-01-02' differs from the folder name '2024-01-01'",
    ),
    Case(
        "invalid date",
        edit(REV_YML, "effective: 2024-01-01", "effective: 2024-02-30"),
        REV_YML,
        1,
        "'effective' must be a date written YYYY-MM-DD, not '2024-02-30'",
    ),
    Case("unknown key with suggestion", edit(REV_YML, "material:", "materail:"), REV_YML, 3, "unknown key 'materail'"),
    Case(
        "missing key",
        edit(NOTICE_YML, "notice_period_days: 30\n", ""),
        NOTICE_YML,
        1,
        "the key 'notice_period_days' is missing",
    ),
    Case(
        "material without summary",
        edit(REV_YML, "material: false", "material: true"),
        REV_YML,
        3,
        "a material revision needs a summary in every language; missing: en, ja, vi, th",
    ),
    Case(
        "malformed yaml", edit(REV_YML, "material: false", "material: [false"), REV_YML, 3, "the bracket [ opened here"
    ),
    Case(
        "tab indentation",
        edit(NOTICE_YML, "  en: Terms", "\ten: Terms"),
        NOTICE_YML,
        4,
        "a tab is used for indentation",
    ),
    Case(
        "non-utf8 bytes",
        write(TH_MD, "# ข้อกำหนด\n\n".encode() + b"\xff\xfe bad\n"),
        TH_MD,
        3,
        "the file is not valid UTF-8",
    ),
    Case("empty yaml file", write(REV_YML, ""), REV_YML, 1, "the file is empty"),
    Case("missing locale file", remove(TH_MD), REV, 1, "the th text is missing: th.md"),
    Case(
        "unknown locale file",
        write(f"{REV}/tha.md", "# x\n"),
        f"{REV}/tha.md",
        1,
        "'tha.md' is not one of the site's languages",
    ),
    Case(
        "bad revision folder",
        rename(REV, "terms/2024-1-1"),
        "terms/2024-1-1",
        1,
        "the revision folder name '2024-1-1' is not a date",
    ),
    Case(
        "script element",
        edit(EN_MD, "Write to us.", "Write to us. <script>alert(1)</script>"),
        EN_MD,
        11,
        "a <script> element is not allowed in a notice",
    ),
    Case(
        "event handler",
        edit(EN_MD, "Write to us.", '<img src="x" onerror="alert(1)">'),
        EN_MD,
        11,
        "an event-handler attribute 'onerror' is not allowed",
    ),
    Case(
        "javascript url",
        edit(EN_MD, "Write to us.", "[us](javascript:alert(1))"),
        EN_MD,
        11,
        "a 'javascript:' link is not allowed",
    ),
    Case(
        "raw html warning",
        edit(EN_MD, "Write to us.", "<b>Write</b> to us."),
        EN_MD,
        11,
        "raw HTML <b> in the text",
        "warning",
    ),
    Case(
        "symlink out of content",
        symlink(TH_MD, "/etc/hostname"),
        TH_MD,
        1,
        "the file is a link to a place outside content/",
    ),
    Case("file too large", write(TH_MD, "# ข้อกำหนด\n\n" + "ก" * (1024 * 1024)), TH_MD, 1, "the limit is 1 MiB"),
    Case(
        "bom is a warning",
        write(NOTICE_YML, "\ufeffauthoritative: en\nnotice_period_days: 30\n"),
        NOTICE_YML,
        1,
        "the file starts with a byte-order mark",
        "warning",
    ),
    Case(
        "unknown topic",
        edit(NOTICE_YML, "data: data-categories", "data: purpose"),
        NOTICE_YML,
        9,
        "unknown topic 'purpose' for section 'data'",
    ),
    Case(
        "reserved id",
        edit(EN_MD, "{#contact}", "{#revision-history}"),
        EN_MD,
        9,
        "the section id 'revision-history' is used by the site itself",
    ),
    Case(
        "short notice for a material change",
        write(
            "terms/2030-01-01/revision.yml",
            "effective: 2030-01-01\npublished: 2029-12-20\nmaterial: true\nsummary:\n  en: a\n  ja: a\n  vi: a\n"
            "  th: a\n",
        ),
        "terms/2030-01-01/revision.yml",
        2,
        "material revision announced 12 days before it takes effect",
    ),
    Case(
        "stale draft",
        edit(REV_YML, "material: false", "material: false\ndraft: true"),
        REV_YML,
        4,
        "this draft's effective date 2024-01-01 has already passed",
        "warning",
    ),
    Case(
        "unknown authoritative language",
        edit(NOTICE_YML, "authoritative: en", "authoritative: fr"),
        NOTICE_YML,
        1,
        "'authoritative: fr' is not one of the site's languages",
    ),
    Case(
        "summary in unknown language",
        both(edit("terms/2030-01-01/revision.yml", "  th:", "  thai:")),
        "terms/2030-01-01/revision.yml",
        8,
        "'summary' has an entry for 'thai'",
    ),
    Case(
        "duplicate yaml key",
        edit(NOTICE_YML, "notice_period_days: 30\n", "notice_period_days: 30\nnotice_period_days: 14\n"),
        NOTICE_YML,
        3,
        "the key 'notice_period_days' appears twice",
    ),
    Case(
        "yaml that is a list", write(NOTICE_YML, "- en\n- ja\n"), NOTICE_YML, 1, "must be a list of 'key: value' lines"
    ),
    Case(
        "material is not true or false",
        edit(UP_YML, "material: true", "material: maybe"),
        UP_YML,
        3,
        "'material' must be",
    ),
    Case(
        "date written with slashes",
        edit(UP_YML, "published: 2029-11-01", "published: 2029/11/01"),
        UP_YML,
        2,
        "'published' must be",
    ),
    Case(
        "code fence (the site has no fenced code blocks)",
        edit(UP_EN, "Write to us.", "```\nWrite to us."),
        UP_EN,
        11,
        "``` does not start a code block on this site",
    ),
    Case("no sections", write(UP_EN, "# Terms\n\nJust a preamble.\n"), UP_EN, 1, "the notice has no sections"),
    Case("empty heading", edit(UP_EN, "## 2. Contact {#contact}", "## {#contact}"), UP_EN, 9, "has an empty heading"),
    Case("empty markdown file", write(UP_EN, ""), UP_EN, 1, "the file is empty"),
    Case("revision.yml missing", remove(UP_YML), "terms/2030-01-01", 1, "the revision folder has no revision.yml"),
    Case("notice.yml missing", remove(NOTICE_YML), "terms", 1, "the notice folder has no notice.yml"),
    Case(
        "notice folder with a space",
        write("Privacy Notice/notice.yml", "authoritative: en\nnotice_period_days: 30\n"),
        "Privacy Notice",
        1,
        "the notice folder name 'Privacy Notice' is not a valid id",
    ),
    Case(
        "notice without revisions",
        write("cookies/notice.yml", "authoritative: en\nnotice_period_days: 30\n"),
        "cookies/notice.yml",
        1,
        "has no revision",
    ),
    Case(
        "incomplete erratum",
        edit(UP_YML, "material: true", "material: true\nerrata:\n  - {date: 2029-11-05, locale: th}"),
        UP_YML,
        5,
        "erratum 1 lacks 'what' and 'why'",
    ),
    Case(
        "stray file",
        write("terms/2030-01-01/notes.txt", "draft notes"),
        "terms/2030-01-01/notes.txt",
        1,
        "is not used by the site",
        "warning",
    ),
    Case(
        "nothing published yet",
        both(
            write("cookies/notice.yml", "authoritative: en\nnotice_period_days: 30\n"),
            *(write(f"cookies/2031-01-01/{ll}.md", "# C\n\n## A {#a}\n\nx\n") for ll in LOCALES),
            write("cookies/2031-01-01/revision.yml", "effective: 2031-01-01\nmaterial: false\n"),
        ),
        "cookies/notice.yml",
        1,
        "no revision of 'cookies' is published on 2026-12-01",
        "warning",
    ),
    Case(
        "external image",
        edit(UP_EN, "Write to us.", "![map](https://maps.example.com/office.png)"),
        UP_EN,
        11,
        "an image or embed from another site (https://maps.example.com)",
    ),
    Case(
        "link that leaves the folder",
        edit(UP_EN, "Write to us.", "See [our terms](../../cookies/2023-07-03/en.md)."),
        UP_EN,
        11,
        "the link '../../cookies/2023-07-03/en.md' points outside",
    ),
    Case(
        "zero-width space in an id",
        edit(UP_EN, "{#contact}", "{#con\u200btact}"),
        UP_EN,
        9,
        "is not valid",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_is_reported_at_its_line(case: Case, mini_content: Path) -> None:
    case.mutate(mini_content)
    result = check_content(mini_content, LOCALES, AS_OF, base=mini_content)
    matching = [f for f in result.findings if case.message in f.message]
    assert matching, "\n".join(f.format() for f in result.findings) or "no findings"
    finding = matching[0]
    assert (finding.path, finding.line, finding.severity) == (case.path, case.line, case.severity), finding.format()
    assert finding.hint, "every finding tells the editor what to do"


def test_good_content_has_no_findings(mini_content: Path) -> None:
    result = check_content(mini_content, LOCALES, AS_OF)
    assert result.findings == ()
    notice = result.content.notices[0]
    assert [r.key for r in notice.revisions] == ["2020-01-01", "2024-01-01", "2030-01-01"]
    assert notice.in_force(AS_OF).key == "2024-01-01"
    assert notice.upcoming(date(2029, 12, 1))[0].key == "2030-01-01"
    assert notice.published(AS_OF)[-1].key == "2024-01-01"  # 2030 is announced on 2029-11-01
    doc = notice.revisions[0].documents["th"]
    assert doc.title == "ข้อกำหนด"
    assert doc.section_ids == ("data", "contact")
    assert doc.preamble == "ข้อกำหนดนี้ใช้กับบริการ"


def test_crlf_line_endings_are_accepted(mini_content: Path) -> None:
    """Windows line endings are fine in text not yet published and in every YAML file."""
    for path in mini_content.rglob("*"):
        if path.is_file() and (path.suffix == ".yml" or "2030-01-01" in path.parts):
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert check_content(mini_content, LOCALES, AS_OF).findings == ()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda b: b.replace(b"\n", b"\r\n"), "the line endings changed from LF to CRLF"),
        (lambda b: b"\xef\xbb\xbf" + b, "a byte-order mark (BOM) was added at the start"),
    ],
)
def test_crlf_or_a_bom_in_a_published_file_is_a_change(mini_content: Path, change: Any, words: str) -> None:
    """The lock hashes the exact bytes that versions.json cites, so invisible changes count too."""
    th = mini_content / TH_MD
    th.write_bytes(change(th.read_bytes()))
    errors = check_content(mini_content, LOCALES, AS_OF).errors
    assert [(f.code, f.path.endswith(TH_MD), f.line) for f in errors] == [("published-changed", True, 1)]
    assert errors[0].message.endswith(words) or words in errors[0].message


def test_unknown_key_suggests_the_right_one(mini_content: Path) -> None:
    edit(REV_YML, "material:", "materail:")(mini_content)
    finding = next(f for f in check_content(mini_content, LOCALES, AS_OF).findings if "materail" in f.message)
    assert finding.hint == "did you mean 'material'?"


def test_headings_inside_code_blocks_are_not_sections(mini_content: Path) -> None:
    """An indented code block shows '## ...' as code on the page, so it is no section for the check either.

    The block itself is the one mistake: a notice has no code, so it is reported at its line.
    """
    new = "terms/2030-01-01/en.md"  # not yet published, so free to edit
    edit(new, "Email works too.", "Email works too.\n\n    ## not a section\n    # nor a title\n")(mini_content)
    result = check_content(mini_content, LOCALES, AS_OF)
    assert [(f.code, f.hint) for f in result.findings] == [
        ("indented-code", "remove 4 spaces at the start of each of these lines")
    ]
    doc = result.content.notices[0].revision("2030-01-01").documents["en"]
    assert doc.section_ids == ("data", "contact")
    assert "## not a section" in doc.sections[1].body


def test_editing_published_text_fails_and_shows_the_changed_lines(mini_content: Path) -> None:
    edit(TH_MD, "เราเก็บรวบรวมชื่อของท่าน", "เราเก็บรวบรวมชื่อและอีเมลของท่าน")(mini_content)
    findings = [f for f in check_content(mini_content, LOCALES, AS_OF).findings if f.code == "published-changed"]
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.path.endswith(TH_MD), finding.line) == (True, 7)
    assert finding.message.startswith("th.md of published revision 2024-01-01 has changed since it was published")
    assert "    -เราเก็บรวบรวมชื่อของท่าน\n    +เราเก็บรวบรวมชื่อและอีเมลของท่าน" in finding.message


def test_an_erratum_then_publish_makes_the_correction_pass(mini_content: Path) -> None:
    from notices.findings import Reporter
    from notices.lock import publish, read_lock

    edit(TH_MD, "เราเก็บรวบรวมชื่อของท่าน", "เราเก็บรวบรวมชื่อ-นามสกุลของท่าน")(mini_content)
    erratum = (
        "errata:\n  - date: 2026-11-20\n    locale: th\n    what: section 1 wording\n"
        "    why: the translation left out the family name\n"
    )
    write(REV_YML, (mini_content / REV_YML).read_text(encoding="utf-8") + erratum)(mini_content)
    result = check_content(mini_content, LOCALES, AS_OF)
    assert [f.code for f in result.errors] == ["erratum-not-locked"]
    notice = result.content.notices[0]
    before = read_lock(notice)["2024-01-01"]["files"]["th.md"]["sha256"]
    assert publish(notice, notice.revision("2024-01-01"), Reporter()) is not None
    assert check_content(mini_content, LOCALES, AS_OF).findings == ()
    after = read_lock(notice)["2024-01-01"]["files"]["th.md"]
    assert after["sha256"] != before and after["errata"] == 1


def test_publish_refuses_a_silent_change(mini_content: Path) -> None:
    from notices.findings import Reporter
    from notices.lock import publish

    edit(TH_MD, "เราเก็บรวบรวมชื่อของท่าน", "เราเก็บรวบรวมอีเมลของท่าน")(mini_content)
    notice = check_content(mini_content, LOCALES, AS_OF).content.notices[0]
    report = Reporter()
    assert publish(notice, notice.revision("2024-01-01"), report) is None
    assert "has no new erratum" in report.findings[0].message


def test_a_published_but_unlocked_revision_is_an_error(mini_content: Path) -> None:
    (mini_content / "terms/published.lock").unlink()
    findings = check_content(mini_content, LOCALES, AS_OF).findings
    assert {f.code for f in findings} == {"not-locked"}
    assert "notices publish terms 2020-01-01" in findings[0].hint
