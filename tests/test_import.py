"""``notices import``: real notices (the seeds), Word and HTML files, into drafts that check and build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document as WordDocument

from conftest import BIN, ROOT

SEEDS = ROOT / "tests/seeds"
#: Each seed, its language, the date it must be given when the text states none, and the section
#: headings a reader of the seed sees (numbered ones as numbered; the unnumbered ones as they stand).
SEED_CASES = {
    "000_37e4d93017efc021.txt": ("en", "2017-10-01", [f"{n}. " for n in range(1, 9)], []),
    "001_c0673bf78f2a7328.txt": (
        "en",
        "2017-06-11",
        [
            "Handling of Personal Information under Individual Services",
            "SSL",
            "Access Log or Access history",
            "Privacy Mark",
        ],
        [],
    ),
    "002_deac06e06e415108.txt": (
        "vi",
        None,
        [
            "Thông tin cá nhân",
            "Mục đích sử dụng",
            "Điều khoản của bên thứ ba",
            "Xác nhận/ sữa chữa/ tiết lộ",
            "Các câu hỏi liên quan đến việc xử lý thông tin",
        ],
        ["2018-11-11"],
    ),
    "003_1855ef48d28651f3.txt": (
        "en",
        None,
        [
            "The Purpose of Use of Personal Information",
            "Provision of Personal Information to Third Parties",
            "About the Joint Use of Personal Information",
            "The Voluntary Basis on Which Customers Provide their Personal Information",
            "Procedures to Comply with Requests for Disclosure, etc.",
            "Contact for Inquiries",
            "About Cookies",
            "About SSL",
            "Customer Access Logs and Histories",
            "About this Page",
        ],
        ["2001-11-20", "2007-10-01", "2008-07-28", "2015-02-04"],
    ),
    "004_0c75a938be6072d8.txt": ("en", None, [f"{n}. " for n in range(1, 10)], ["2017-02-12", "2023-07-03"]),
}


def notices(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NOTICES_AS_OF", "NOTICES_PREVIEW")}
    environ.update(env or {})
    return subprocess.run(
        [str(BIN / "notices"), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=600, check=False
    )


def project(tmp_path: Path, languages: str) -> Path:
    folder = tmp_path / "site"
    result = notices("init", str(folder), "--languages", languages, "--yes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shutil.rmtree(folder / "content" / "privacy")  # the template notice: only the imported one is checked
    return folder


def headings(markdown: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^## (.*?) \{#[a-z0-9-]+\}$", markdown, re.MULTILINE)]


@pytest.mark.parametrize("seed", sorted(SEED_CASES))
def test_each_seed_imports_as_a_draft_that_checks(seed: str, tmp_path: Path) -> None:
    locale, given_date, expected, dates = SEED_CASES[seed]
    site = project(tmp_path, locale)
    source = tmp_path / seed
    shutil.copy(SEEDS / seed, source)
    args = ["import", "policy", str(source), "--locale", locale]
    if given_date:
        args += ["--effective", given_date]
    result = notices(*args, cwd=site)
    assert result.returncode == 0, result.stderr
    assert "next: notices check" in result.stdout
    (folder,) = (site / "content/policy").glob("[0-9]*")
    assert yaml.safe_load((folder / "revision.yml").read_text())["draft"] is True
    found = headings((folder / f"{locale}.md").read_text(encoding="utf-8"))
    if expected[0].endswith(". "):  # numbered: the seed's numbers, in order, each on its own section
        assert [h.split(" ", 1)[0] for h in found] == [e.strip() for e in expected]
    else:
        assert [h.replace("\\", "") for h in found] == expected
    notice_yml = (site / "content/policy/notice.yml").read_text(encoding="utf-8")
    for when in dates:  # the history the text records: in notice.yml, or the revision's own date
        assert when in notice_yml or folder.name == when, (when, result.stdout)
    check = notices("check", cwd=site)
    assert " 0 error(s)" in check.stderr, check.stderr
    built = notices("build", "--allow-unverified", cwd=site, env={"NOTICES_PREVIEW": "1"})
    assert built.returncode == 0, built.stderr
    # the site's only language is its default, at the root: every section reaches the page under its id
    page = (site / f"site/policy/{folder.name}/index.html").read_text(encoding="utf-8")
    ids = re.findall(r"\{#([a-z0-9-]+)\}$", (folder / f"{locale}.md").read_text(encoding="utf-8"), re.M)
    assert len(ids) == len(found) and all(f'id="{i}"' in page for i in ids)


def test_a_seed_history_shows_on_the_history_page_without_pretending_to_the_text(tmp_path: Path) -> None:
    site = project(tmp_path, "en")
    shutil.copy(SEEDS / "003_1855ef48d28651f3.txt", tmp_path / "en.txt")
    assert notices("import", "policy", str(tmp_path / "en.txt"), cwd=site).returncode == 0
    built = notices("build", cwd=site, env={"NOTICES_PREVIEW": "1"})
    assert built.returncode == 0, built.stderr
    history = (site / "site/policy/history/index.html").read_text(encoding="utf-8")
    earlier = history[history.index('id="earlier-versions"') :]
    assert "2001-11-20" in earlier and "2008-07-28" in earlier
    assert "not kept on this site" in earlier
    assert "/policy/2001-11-20/" not in history  # no page for a text that is not here
    page = (site / "site/policy/2015-02-04/index.html").read_text(encoding="utf-8")
    assert 'id="about-cookies"' in page and "Secure Socket Layer" in page


def _word(path: Path, title: str, sections: list[tuple[str, str]], *, table: bool, link: str) -> None:
    document = WordDocument()
    document.add_heading(title, level=1)
    document.add_paragraph("Intro " + title)
    for n, (heading, body) in enumerate(sections, start=1):
        document.add_heading(f"{n}. {heading}", level=2)
        paragraph = document.add_paragraph(body + " ")
        paragraph.add_run("bold").bold = True
        document.add_paragraph("item one", style="List Bullet")
        document.add_paragraph("item two", style="List Bullet")
        if table and n == 2:
            grid = document.add_table(rows=2, cols=2)
            for row, cells in enumerate((("Recipient", "Purpose"), ("Kaze Insurance", "travel insurance"))):
                for col, text in enumerate(cells):
                    grid.cell(row, col).text = text
    # a hyperlink, written as Word writes one (python-docx has no helper for it)
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.shared import OxmlElement, qn

    paragraph = document.add_paragraph("See ")
    rel = document.part.relate_to(link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "our cookie policy"
    run.append(text)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)
    document.save(str(path))


def test_word_and_html_in_two_languages_align_with_table_link_and_list(tmp_path: Path) -> None:
    site = project(tmp_path, "en,ja")
    _word(
        tmp_path / "en.docx",
        "Privacy Notice",
        [
            ("Information we collect", "We collect your name."),
            ("Sharing", "We share bookings."),
            ("Contact", "Write to us."),
        ],
        table=True,
        link="https://example.com/cookies/",
    )
    (tmp_path / "ja.html").write_text(
        """<!doctype html><html><head><title>個人情報保護方針</title><script>track()</script>
        <style>p{}</style></head><body><nav><a href="/">ホーム</a> <a href="/x">会社情報</a></nav>
        <main><h1>個人情報保護方針</h1><p>はじめに。</p>
        <h2>1. 取得する情報</h2><p>氏名を取得します。</p><ul><li>項目一</li><li>項目二</li></ul>
        <h2>2. 提供</h2><p>予約情報を提供します。</p>
        <table><tr><th>提供先</th><th>目的</th></tr><tr><td>風保険</td><td>旅行保険</td></tr></table>
        <h2>3. お問い合わせ</h2><p><a href="https://example.com/cookies/">クッキーポリシー</a>をご覧ください。</p>
        <form><input name="q"></form></main><footer>© 会社</footer></body></html>""",
        encoding="utf-8",
    )
    result = notices(
        "import", "privacy", str(tmp_path / "en.docx"), str(tmp_path / "ja.html"), "--effective", "2027-01-15", cwd=site
    )
    assert result.returncode == 0, result.stderr
    assert "left out 1 <script> element(s)" in result.stdout and "left out 1 <form> element(s)" in result.stdout
    folder = site / "content/privacy/2027-01-15"
    en, ja = (folder / "en.md").read_text(), (folder / "ja.md").read_text()
    ids = re.findall(r"\{#([a-z0-9-]+)\}", en)
    assert ids == ["information-we-collect", "sharing", "contact"]
    assert re.findall(r"\{#([a-z0-9-]+)\}", ja) == ids
    assert "| Recipient | Purpose |" in en.replace("  ", " ") and "| 提供先 | 目的 |" in ja.replace("  ", " ")
    assert "[our cookie policy](https://example.com/cookies/)" in en
    assert "[クッキーポリシー](https://example.com/cookies/)" in ja
    assert "- item one" in en and "- 項目一" in ja and "**bold**" in en
    assert "ホーム" not in ja and "会社" not in ja.split("お問い合わせ")[1]
    check = notices("check", cwd=site)
    assert " 0 error(s)" in check.stderr, check.stderr
    built = notices("build", cwd=site, env={"NOTICES_PREVIEW": "1"})
    assert built.returncode == 0, built.stderr
    page = (site / "site/ja/privacy/2027-01-15/index.html").read_text(encoding="utf-8")
    assert "<table>" in page and 'href="https://example.com/cookies/"' in page


def test_japanese_authoritative_ids_come_from_english_else_transliterated(tmp_path: Path) -> None:
    ja = "個人情報保護方針\n\n当社の方針です。\n\n第1条 取得する情報\n\n氏名を取得します。\n\n"
    ja += "第2条 利用目的\n\n予約に使います。\n"
    en = "Privacy Policy\n\nOur policy.\n\nArticle 1 Information we collect\n\nWe collect names.\n\n"
    en += "Article 2 Purposes of use\n\nFor bookings.\n"
    site = project(tmp_path, "ja,en")
    (tmp_path / "ja.txt").write_text(ja, encoding="utf-8")
    (tmp_path / "en.txt").write_text(en, encoding="utf-8")
    result = notices(
        "import",
        "privacy",
        str(tmp_path / "ja.txt"),
        str(tmp_path / "en.txt"),
        "--authoritative",
        "ja",
        "--effective",
        "2027-01-15",
        cwd=site,
    )
    assert result.returncode == 0, result.stderr
    text = (site / "content/privacy/2027-01-15/ja.md").read_text()
    assert re.findall(r"\{#([a-z0-9-]+)\}", text) == ["information-we-collect", "purposes-of-use"]
    assert "## 第1条 取得する情報 {#information-we-collect}" in text
    (tmp_path / "alone").mkdir()
    alone = project(tmp_path / "alone", "ja")
    result = notices("import", "privacy", str(tmp_path / "ja.txt"), "--effective", "2027-01-15", cwd=alone)
    assert result.returncode == 0, result.stderr
    ids = re.findall(r"\{#([a-z0-9-]+)\}", (alone / "content/privacy/2027-01-15/ja.md").read_text())
    assert ids == ["qu-de-su-ru-qing-bao", "li-yong-mu-de"]
    assert "transliterated" in result.stdout


def test_tracked_changes_are_refused_naming_the_file(tmp_path: Path) -> None:
    from docx.oxml.shared import OxmlElement, qn

    site = project(tmp_path, "en")
    document = WordDocument()
    document.add_heading("Privacy Notice", level=1)
    paragraph = document.add_paragraph("We keep data ")
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "Counsel")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "for ten years"
    run.append(text)
    insertion.append(run)
    paragraph._p.append(insertion)
    document.save(str(tmp_path / "en.docx"))
    result = notices("import", "privacy", str(tmp_path / "en.docx"), "--effective", "2027-01-15", cwd=site)
    assert result.returncode == 1
    assert f"{tmp_path / 'en.docx'}:1:1: error: the document has tracked changes" in result.stderr
    assert "Accept all" in result.stderr and "Traceback" not in result.stderr
    assert not (site / "content/privacy").exists()


def test_never_overwrites_and_counts_that_differ_are_reported(tmp_path: Path) -> None:
    site = project(tmp_path, "en,vi")
    (tmp_path / "en.txt").write_text(
        "Privacy Notice\n\nIntro.\n\n1. One\n\nText.\n\n2. Two\n\nText.\n", encoding="utf-8"
    )
    (tmp_path / "vi.txt").write_text(
        "Chính sách bảo vệ dữ liệu\n\nMở đầu.\n\n1. Một\n\nVăn bản.\n\n2. Hai\n\nVăn bản.\n\n3. Ba\n\nVăn bản.\n",
        encoding="utf-8",
    )
    args = ("import", "privacy", str(tmp_path / "en.txt"), str(tmp_path / "vi.txt"), "--effective", "2027-01-15")
    result = notices(*args, cwd=site)
    assert result.returncode == 0, result.stderr
    assert "vi.txt:13: “3. Ba” matches no section of en.txt; written as {#unmatched-1}" in result.stdout
    check = notices("check", cwd=site)
    assert "content/privacy/2027-01-15/vi.md" in check.stderr and "unmatched-1" in check.stderr
    before = (site / "content/privacy/2027-01-15/en.md").read_bytes()
    again = notices(*args, cwd=site)
    assert again.returncode == 1 and "never overwrites" in again.stderr
    assert (site / "content/privacy/2027-01-15/en.md").read_bytes() == before


def test_a_later_import_keeps_the_ids_of_the_revision_before(tmp_path: Path) -> None:
    site = project(tmp_path, "en")
    (tmp_path / "old.txt").write_text(
        "Privacy Notice\n\nIntro.\n\n1. What we collect\n\nA.\n\n2. Contact us\n\nB.\n", encoding="utf-8"
    )
    (tmp_path / "new.txt").write_text(
        "Privacy Notice\n\nIntro.\n\n1. What we collect\n\nA.\n\n2. Retention\n\nC.\n\n3. Contact us\n\nB.\n",
        encoding="utf-8",
    )
    assert (
        notices(
            "import", "privacy", str(tmp_path / "old.txt"), "--locale", "en", "--effective", "2020-01-01", cwd=site
        ).returncode
        == 0
    )
    old = site / "content/privacy/2020-01-01/en.md"
    old.write_text(old.read_text().replace("{#contact-us}", "{#contact}"), encoding="utf-8")  # a team's own id
    result = notices(
        "import", "privacy", str(tmp_path / "new.txt"), "--locale", "en", "--effective", "2021-01-01", cwd=site
    )
    assert result.returncode == 0, result.stderr
    new = (site / "content/privacy/2021-01-01/en.md").read_text()
    assert re.findall(r"\{#([a-z0-9-]+)\}", new) == ["what-we-collect", "retention", "contact"]


def test_readme_shows_what_the_import_really_prints(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ notices import privacy en.txt\n", 1)[1].split("```", 1)[0]
    site = project(tmp_path, "en")
    shutil.copy(SEEDS / "003_1855ef48d28651f3.txt", site.parent / "en.txt")
    result = notices("import", "privacy", "../en.txt", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown
