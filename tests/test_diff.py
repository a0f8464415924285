"""The diff engine: section alignment, classes, word-level ops in four scripts, formats, goldens.

Goldens live in tests/golden/diff/; after an intended change, regenerate them with
``UPDATE_GOLDENS=1 pytest tests/test_diff.py`` and review the git diff.
"""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
from datetime import date
from email import policy
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, EXAMPLE_AS_OF, ROOT, unrecord
from notices.check import check_content
from notices.diff import (
    ADDED,
    EDITORIAL,
    MODIFIED,
    MOVED,
    REMOVED,
    SUBSTANTIVE,
    UNCHANGED,
    RevisionDiff,
    diff_revisions,
    rebuild,
    renumbering,
    resolve_revision,
    word_ops,
)
from notices.diff_format import critic_markup, render_markdown, to_html, to_json, to_markdown, to_text
from notices.model import Notice
from test_cli import notices

FIXTURE = ROOT / "tests/fixtures/diff/content"
GOLDEN = ROOT / "tests/golden/diff"
LOCALES = ("en", "ja", "vi", "th")


def load(content: Path, notice_id: str, as_of: date = date(2024, 12, 1)) -> Notice:
    result = check_content(content, LOCALES, as_of)
    assert not result.errors, [f.format() for f in result.errors]
    notice = result.content.notice(notice_id)
    assert notice is not None
    return notice


@pytest.fixture(scope="module")
def sample() -> RevisionDiff:
    notice = load(FIXTURE, "sample")
    return diff_revisions(notice, resolve_revision(notice, "2024-01-01", date(2024, 12, 1)), notice.revisions[-1])


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDENS=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8")


def test_each_section_gets_its_change_and_class(sample: RevisionDiff) -> None:
    got = [(s.id, s.change, s.cls, s.old_position, s.new_position) for s in sample.sections]
    assert got == [
        ("scope", UNCHANGED, None, 1, 1),
        ("data", MODIFIED, EDITORIAL, 2, 2),  # only quote marks and a full stop
        ("purposes", MODIFIED, SUBSTANTIVE, 3, 3),  # a new purpose
        ("retention", ADDED, SUBSTANTIVE, None, 4),
        ("contact", MODIFIED, EDITORIAL, 6, 5),  # renumbered, nothing else
        ("sharing", MOVED, EDITORIAL, 4, 6),
        ("legacy", REMOVED, SUBSTANTIVE, 5, None),
    ]


def test_renumbering_is_a_heading_change_not_a_body_change(sample: RevisionDiff) -> None:
    contact = next(s for s in sample.sections if s.id == "contact")
    for ll in LOCALES:
        d = contact.locales[ll]
        assert d.heading_changed and not d.body_changed
        assert [(o.op, o.old, o.new) for o in d.heading_ops if o.op != "equal"] == [("replace", "6", "5")]


def test_likely_material_and_stale_translation(sample: RevisionDiff) -> None:
    assert [s.id for s in sample.sections if s.likely_material] == ["purposes"]
    assert "purposes of use" in sample.likely_material[0]
    assert [(s.section, s.locale) for s in sample.stale_translations] == [("purposes", "th")]


def test_goldens_in_every_format(sample: RevisionDiff) -> None:
    golden("sample.json", to_json(sample))
    golden("sample.md", to_markdown(sample))
    golden("sample.txt", to_text(sample))


def test_thai_insertion_is_whole_words() -> None:
    ops = word_ops("เราเก็บข้อมูลของท่าน", "เราเก็บและลบข้อมูลของท่าน", "th")
    assert [(o.op, o.old, o.new) for o in ops] == [
        ("equal", "เราเก็บ", "เราเก็บ"),
        ("insert", "", "และลบ"),
        ("equal", "ข้อมูลของท่าน", "ข้อมูลของท่าน"),
    ]


def test_thai_tone_mark_change_replaces_the_whole_word() -> None:
    # ใกล้ (near) and ไกล (far) differ by one tone mark: never a lone mark in an op
    ops = word_ops("บ้านอยู่ใกล้ทะเล", "บ้านอยู่ไกลทะเล", "th")
    changed = [(o.old, o.new) for o in ops if o.op != "equal"]
    assert changed == [("ใกล้", "ไกล")]


def test_japanese_change_is_whole_words() -> None:
    ops = word_ops("当社は住所を取得します。", "当社は氏名及び住所を取得します。", "ja")
    assert [(o.op, o.new) for o in ops if o.op != "equal"] == [("insert", "氏名及び")]


def test_vietnamese_is_diffed_by_syllable() -> None:
    ops = word_ops("Chúng tôi lưu trữ dữ liệu.", "Chúng tôi xóa dữ liệu.", "vi")
    assert [(o.op, o.old, o.new) for o in ops if o.op != "equal"] == [("replace", "lưu trữ", "xóa")]


def test_html_escapes_everything_from_the_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    unrecord(content, "sample", "2025-01-01")  # not yet recorded by `notices publish`: editable
    en = content / "sample/2025-01-01/en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("five years.", "five years. `<script>alert(1)</script>`"))
    notice = load(content, "sample", date(2024, 6, 1))  # 2025-01-01 is not published yet: editable
    page = to_html(diff_revisions(notice, notice.revisions[0], notice.revisions[1]))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('<ins class="critic">') >= 4 and '<del class="critic">' in page
    for ll in LOCALES:
        assert f'<section id="{ll}" lang="{ll}">' in page


def test_critic_markup_keeps_list_structure() -> None:
    ops = word_ops("- one\n", "- one\n- two\n", "en")
    assert critic_markup(ops) == "- one\n- {++two++}\n"


def test_diff_command_on_the_example_reports_what_really_changed() -> None:
    result = notices("diff", "privacy", "2019-04-01", "2027-01-15", "--format", "json", "--as-of", EXAMPLE_AS_OF)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["notice"], data["old"], data["new"], data["locales"]) == (
        "privacy",
        "2019-04-01",
        "2027-01-15",
        [
            "en",
            "ja",
            "th",
            "vi",
        ],
    )
    sections = {s["id"]: s for s in data["sections"]}
    assert sections["retention"]["change"] == "added"
    assert sections["cookies-and-access-logs"]["change"] == "moved"
    assert sections["information-we-collect"]["change"] == "unchanged"
    assert {s for s, v in sections.items() if v["likely_material"]} == {
        "purposes-of-use",
        "third-party-provision",
        "your-rights",
        "cross-border-transfer",
    }
    third = sections["third-party-provision"]["locales"]
    for ll in LOCALES:
        inserted = "".join(op["new"] for op in third[ll]["ops"] if op["op"] in ("insert", "replace"))
        assert {"en": "Kaze Insurance", "ja": "風保険", "vi": "Bảo hiểm Kaze", "th": "คาเซะ"}[ll] in inserted
        old = "".join(op["old"] for op in third[ll]["ops"])
        source = (ROOT / f"content/privacy/2019-04-01/{ll}.md").read_text(encoding="utf-8")
        assert old in source  # the ops rebuild the old text of the section exactly
    # The English preamble changed in substance; the Thai and Vietnamese ones stayed the same word for word
    # (only the Vietnamese title changed): both are reported, the reviewer judges.
    stale = [(s["section"], s["locale"], s["reason"]) for s in data["stale_translations"]]
    assert stale == [("", "th", "unchanged"), ("", "vi", "unchanged")]


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_diff_command_formats_and_output_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"diff.{fmt}"
    args = ("diff", "privacy", "current", "upcoming", "--format", fmt, "-o", str(out), "--as-of", EXAMPLE_AS_OF)
    result = notices(*args)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "2023-07-03" in text and "2027-01-15" in text
    assert {"text": "{+", "html": '<ins class="critic">', "markdown": "{++"}[fmt] in text


def test_diff_command_one_locale_and_bad_revision() -> None:
    result = notices("diff", "privacy", "current", "upcoming", "--locale", "th", "--as-of", EXAMPLE_AS_OF)
    assert result.returncode == 0, result.stderr
    assert "-- th:" in result.stdout and "-- en:" not in result.stdout
    bad = notices("diff", "privacy", "2020-01-01", "current", "--as-of", EXAMPLE_AS_OF)
    assert bad.returncode == 2
    assert "'privacy' has no revision '2020-01-01'; use a date (2019-04-01, 2023-07-03, 2027-01-15)" in bad.stderr


def test_check_warns_when_a_likely_material_change_says_material_false(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    unrecord(content, "sample", "2025-01-01")  # not yet recorded by `notices publish`: editable
    meta = content / "sample/2025-01-01/revision.yml"
    meta.write_text("effective: 2025-01-01\npublished: 2024-11-01\nmaterial: false\n", encoding="utf-8")
    result = notices("check", "--content", str(content), "--as-of", "2024-06-01")
    assert result.returncode == 0, result.stderr  # a warning: a reviewer may decide otherwise
    assert (
        "sample/2025-01-01/revision.yml:3:1: warning: this revision says 'material: false', but it changes "
        "the purposes of use: section 'purposes' (purposes) changed substantively (compared with 2024-01-01)"
    ) in result.stderr
    assert "hint: set 'material: true'" in result.stderr
    assert notices("check", "--content", str(content), "--as-of", "2024-06-01", "--strict").returncode == 1


def test_email_notice_in_thai() -> None:
    result = subprocess_bytes("notice", "privacy", "upcoming", "--locale", "th", "--as-of", EXAMPLE_AS_OF)
    message = email.message_from_bytes(result, policy=policy.default)
    assert message["Subject"] == "แจ้งการแก้ไขประกาศความเป็นส่วนตัว"
    assert message["Content-Language"] == "th"
    plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "15 มกราคม พ.ศ. 2570" in plain
    assert "https://privacy.soralotus.example/th/privacy/2027-01-15/changes/" in plain
    assert "การเปิดเผยข้อมูลแก่บุคคลภายนอก" in plain  # a substantive change is listed
    assert "การใช้ข้อมูลร่วมกัน" not in plain  # a renumbering is not
    html_part = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert '<html lang="th">' in html_part


def subprocess_bytes(*args: str) -> bytes:
    result = subprocess.run([str(BIN / "notices"), *args], cwd=ROOT, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_ops_rebuild_the_example_in_every_locale() -> None:
    notice = load(ROOT / "content", "privacy", date.fromisoformat(EXAMPLE_AS_OF))
    first, *_, last = notice.revisions
    diff = diff_revisions(notice, first, last)
    for s in diff.sections:
        for ll, d in s.locales.items():
            old, new = rebuild(d.ops)
            before, after = first.documents[ll].section(s.id), last.documents[ll].section(s.id)
            assert old == (before.body if before else "")
            assert new == (after.body if after else "")


def test_email_escapes_what_the_legal_team_wrote(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    unrecord(content, "sample", "2025-01-01")  # not yet recorded by `notices publish`: editable
    meta = content / "sample/2025-01-01/revision.yml"
    text = meta.read_text(encoding="utf-8").replace("We may now send offers.", "We may now send <script>x()</script>.")
    meta.write_text(text, encoding="utf-8")
    args = ("notice", "sample", "2025-01-01", "--content", str(content), "--as-of", "2024-06-01")
    message = email.message_from_bytes(
        subprocess_bytes(*args, "--site-url", "https://example.org"), policy=policy.default
    )
    html_part = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html_part and "&lt;script&gt;x()&lt;/script&gt;" in html_part
    assert "https://example.org/sample/2025-01-01/changes/" in html_part
    plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "We may now send <script>x()</script>." in plain  # plain text is shown as text by mail clients


def test_html_redline_links_every_changed_cell_to_its_language(sample: RevisionDiff) -> None:
    page = to_html(sample)
    for ll in ("en", "ja", "vi"):
        assert f'<a href="#{ll}-purposes">modified, substantive</a>' in page
        assert f'<h3 id="{ll}-purposes">' in page
    assert '<td class="">unchanged</td>' in page  # the stale Thai translation: nothing to show
    assert '<a href="#th-purposes">' not in page and '<a href="#en-scope">' not in page


def _edited(tmp_path: Path, old: tuple[str, str], new: tuple[str, str]) -> tuple[dict[str, Any], str]:
    """`notices diff --format json` and `--format markdown` of the sample with one English line replaced in each."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for revision, (find, put) in (("2024-01-01", old), ("2025-01-01", new)):
        unrecord(content, "sample", revision)
        en = content / f"sample/{revision}/en.md"
        text = en.read_text(encoding="utf-8")
        assert find in text
        en.write_text(text.replace(find, put), encoding="utf-8")
    args = ("diff", "sample", "2024-01-01", "2025-01-01", "--content", str(content), "--as-of", "2024-06-01")
    as_json, as_markdown = notices(*args, "--format", "json"), notices(*args, "--format", "markdown", "--locale", "en")
    assert as_json.returncode == 0 and as_markdown.returncode == 0, as_json.stderr + as_markdown.stderr
    return json.loads(as_json.stdout), as_markdown.stdout


COURIER = "We share your address with the courier."
OLD_LINK = "We share your address with the [courier](https://www.courier.example/en-US/terms/?utm_source=shop)."


@pytest.mark.parametrize(
    "new_link",
    [
        "We share your address with the [courier](https://courier.example/terms)",  # locale, tracking, www, slash
        "We share your address with the [courier](https://help.courier.example/legal/terms-of-delivery/).",  # moved
    ],
)
def test_an_address_updated_on_the_same_site_is_editorial_and_still_shown(tmp_path: Path, new_link: str) -> None:
    data, redline = _edited(tmp_path, (COURIER, OLD_LINK), (COURIER, new_link + ("" if new_link[-1] == "." else ".")))
    sharing = next(s for s in data["sections"] if s["id"] == "sharing")
    assert sharing["class"] == "editorial" and sharing["topic"] == "recipients"
    assert sharing["locales"]["en"]["address_updated"] is True
    assert not sharing["likely_material"] and data["reasons"] == [r for r in data["reasons"] if "'sharing'" not in r]
    assert "link address changed: {--https://www.courier.example/en-US/terms/?utm\\_source=shop--} → {++" in redline


@pytest.mark.parametrize(
    "new_link",
    [
        "We share your address with the [courier](https://courier.other.example/terms).",  # another organisation
        "We share your address with the [carrier](https://www.courier.example/en-US/terms/?utm_source=shop).",  # text
    ],
)
def test_a_link_to_another_organisation_or_with_new_words_is_substantive(tmp_path: Path, new_link: str) -> None:
    data, _ = _edited(tmp_path, (COURIER, OLD_LINK), (COURIER, new_link))
    sharing = next(s for s in data["sections"] if s["id"] == "sharing")
    assert sharing["class"] == "substantive" and sharing["locales"]["en"]["address_updated"] is False
    assert sharing["likely_material"]
    assert any("who receives personal information: section 'sharing'" in r for r in data["reasons"])


def test_a_number_starting_a_wrapped_line_is_text_not_numbering(tmp_path: Path) -> None:
    scope = "It applies to the shop and the website."
    data, redline = _edited(
        tmp_path,
        (scope, "It applies to the shop for\n1.5 years after an order."),
        (scope, "It applies to the shop for\n9.5 years after an order."),
    )
    section = next(s for s in data["sections"] if s["id"] == "scope")
    assert section["class"] == "substantive"
    assert "{--1.5--} {++9.5++}" in redline  # whole numbers, kept apart


def test_a_renumbered_heading_reads_as_renumbering(sample: RevisionDiff) -> None:
    contact = next(s for s in sample.sections if s.id == "contact")
    assert contact.locales["en"].renumbered == ("6", "5")
    assert "### 5. Contact (renumbered 6 → 5) (modified, editorial)" in to_markdown(sample)
    assert "5. Contact (renumbered 6 → 5)" in to_text(sample)
    heading = json.loads(to_json(sample))["sections"][4]["locales"]["th"]["heading"]
    assert heading["renumbered"] == {"old": "6", "new": "5"}
    assert renumbering("8. Cookies", "9. Your cookies") is None  # not only the number changed
    assert renumbering("Cookies 8.", "Cookies 9.") is None  # a number that is not the heading's


def test_a_replaced_number_never_runs_into_its_neighbour() -> None:
    ops = word_ops("## 8. Cookies", "## 9. Cookies", "en")
    assert critic_markup(ops) == "## {--8--} {++9++}. Cookies"
    html = render_markdown(critic_markup(word_ops("Effective May 11, 2018.", "Effective March 15, 2019.", "en")))
    assert "2018</del> <ins" in html


def _corpus_diff(tmp_path: Path, name: str, old: str, new: str, site_url: str | None) -> dict[str, Any]:
    """`notices diff --format json` on a real corpus pair, in a project whose mkdocs.yml has ``site_url``."""
    shutil.copytree(ROOT / "tests/corpora" / name / name, tmp_path / "content" / name)
    if site_url is not None:
        (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nsite_url: {site_url}\n", encoding="utf-8")
    args = ("diff", name, old, new, "--content", str(tmp_path / "content"), "--as-of", "2100-01-01")
    result = notices(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_real_anchor_made_absolute_on_the_sites_own_address_is_an_address_update(tmp_path: Path) -> None:
    """websites-privacy 2020-09-23: '[Metrics](#data-tools)' → 'https://www.mozilla.org/privacy/websites/#data-tools'."""
    on_site = _corpus_diff(tmp_path / "a", "websites-privacy", "2019-09-11", "2020-09-23", "https://www.mozilla.org/")
    elsewhere = _corpus_diff(tmp_path / "b", "websites-privacy", "2019-09-11", "2020-09-23", "https://example.org/")
    here = next(s for s in on_site["sections"] if s["id"] == "do-not-track")
    there = next(s for s in elsewhere["sections"] if s["id"] == "do-not-track")
    assert here["class"] == "editorial" and here["locales"]["en"]["address_updated"] and not here["likely_material"]
    assert there["class"] == "substantive"  # the absolute address is not the site's own: another site


def test_real_grammar_fixes_are_editorial_and_real_new_words_substantive(tmp_path: Path) -> None:
    """websites-privacy 2020-09-23: 'in the background of on' lost its 'of' (and Google's links moved on
    google.com): editorial; 'We use cookies are used to' → 'We use cookies to' with 'entering' →
    're-entering' drops and adds content words: substantive."""
    data = _corpus_diff(tmp_path, "websites-privacy", "2019-09-11", "2020-09-23", "https://www.mozilla.org/")
    by_id = {s["id"]: s for s in data["sections"]}
    assert by_id["fraud-prevention"]["locales"]["en"]["class"] == "editorial"
    assert by_id["fraud-prevention"]["locales"]["en"]["grammar_fix"] is True
    assert not by_id["fraud-prevention"]["likely_material"]
    assert by_id["functionality"]["class"] == "substantive"


@pytest.mark.parametrize(
    ("new_text", "cls"),
    [
        ("We share your address with courier.", "editorial"),  # an article deleted
        ("We share your address with the courier for delivery.", "substantive"),  # content words added
        ("We never share your address with the courier.", "substantive"),  # a negation is never grammar
        ("We share your address from the courier.", "substantive"),  # a preposition replaced, not inserted
    ],
)
def test_only_function_words_inserted_or_deleted_is_a_grammar_fix(tmp_path: Path, new_text: str, cls: str) -> None:
    data, _ = _edited(tmp_path, (COURIER, COURIER), (COURIER, new_text))
    sharing = next(s for s in data["sections"] if s["id"] == "sharing")
    assert sharing["class"] == cls


def test_a_real_numbers_missing_unit_restored_is_editorial_and_translations_are_checked(tmp_path: Path) -> None:
    """pocket-privacy 2022-12-12: 'thirty (30) after the terms are changed' → 'thirty (30) days after …' in a
    section that already said 'thirty (30) days after they are initially posted'. Editorial for readers; the
    Spanish, which copied the slip and did not change, is stale ('grammar')."""
    data = _corpus_diff(tmp_path, "pocket-privacy", "2022-11-29", "2022-12-12", "https://getpocket.com/")
    amendments = next(s for s in data["sections"] if s["id"] == "amendments")
    assert amendments["class"] == "editorial" and not amendments["likely_material"]
    assert amendments["locales"]["en"]["grammar_fix"] is True
    stale = {(x["locale"], x["section"]): x["reason"] for x in data["stale_translations"]}
    assert stale[("es-ES", "amendments")] == "grammar"


@pytest.mark.parametrize(
    ("new_text", "cls"),
    [
        ("We share your address with the courier within 30 days; it keeps it 30 days.", "editorial"),  # restored
        ("We share your address with the courier within 30 days; it keeps it 30 months.", "substantive"),  # new unit
    ],
)
def test_a_numbers_unit_is_restored_only_as_the_section_already_writes_it(
    tmp_path: Path, new_text: str, cls: str
) -> None:
    old = "We share your address with the courier within 30 days; it keeps it 30."
    data, _ = _edited(tmp_path, (COURIER, old), (COURIER, new_text))
    sharing = next(s for s in data["sections"] if s["id"] == "sharing")
    assert sharing["class"] == cls
