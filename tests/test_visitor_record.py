"""What a visitor keeps: the printed record of a revision, its PDF, and dates written once.

Runs on the example site built once (conftest.example_site) and on the real
`notices notice` e-mail drafts.
"""

from __future__ import annotations

import email
import json
import re
import subprocess
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BIN, EXAMPLE_AS_OF, LOCALES, PREFIX, ROOT, mkdocs, write_config

REVISIONS = {"privacy": ("2019-04-01", "2023-07-03", "2027-01-15"), "cookies": ("2023-07-03",)}

#: The effective date of privacy 2023-07-03 as each language writes it.
DATE_2023 = {"en": "July 3, 2023", "ja": "2023年7月3日", "vi": "3 tháng 7 năm 2023", "th": "3 กรกฎาคม พ.ศ. 2566"}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_revision_has_a_pdf_in_each_language_linked_from_its_page(example_site: Path, locale: str) -> None:
    for notice, revisions in REVISIONS.items():
        for key in revisions:
            folder = example_site / PREFIX[locale] / notice / key
            name = f"{notice}-{key}-{locale}.pdf"
            assert (folder / name).read_bytes().startswith(b"%PDF-"), folder / name
            page = (folder / "index.html").read_text(encoding="utf-8")
            assert f'href="{name}"' in page, f"{folder}/index.html does not link {name}"


@pytest.mark.parametrize("locale", LOCALES)
def test_pdf_text_has_title_effective_date_address_and_hash(example_site: Path, locale: str) -> None:
    folder = example_site / PREFIX[locale] / "privacy/2023-07-03"
    text = pdf_text(folder / f"privacy-2023-07-03-{locale}.pdf")
    assert DATE_2023[locale] in text  # Thai in the Buddhist era, Japanese with 年月日
    assert f"https://privacy.soralotus.example/{PREFIX[locale]}privacy/2023-07-03/" in text
    versions = json.loads((example_site / "privacy/versions.json").read_text(encoding="utf-8"))
    entry = next(v for v in versions["versions"] if v["effective"] == "2023-07-03")
    assert entry["locales"][locale]["sha256"] in re.sub(r"\s", "", text)  # the hash versions.json cites
    if locale == "ja":
        assert "個人情報" in text and "旅券" in text  # Japanese text extracts: the font is embedded
    if locale == "th":
        assert "2566" in text and "ข้อมูล" in text


def test_pdfs_embed_their_fonts(example_site: Path) -> None:
    reader = PdfReader(example_site / "th/privacy/2023-07-03/privacy-2023-07-03-th.pdf")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_a_second_build_takes_every_pdf_from_the_cache(tmp_path: Path) -> None:
    """The daily build does not lay out old PDFs again: they are cached by the hash of what they show."""
    config = write_config(tmp_path, ROOT / "content", pdf_cache_dir=str(tmp_path / "cache"))
    first = mkdocs("build", "-f", str(config))
    assert first.returncode == 0, first.stderr
    assert "16 PDFs (16 made, 0 from the cache)" in first.stderr
    made = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").glob("*.pdf")}
    second = mkdocs("build", "-f", str(config), as_of="2027-02-01")  # a later day: statuses changed
    assert second.returncode == 0, second.stderr
    assert "16 PDFs (0 made, 16 from the cache)" in second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").glob("*.pdf")} == made


def test_a_content_file_cannot_make_the_pdf_fetch_a_web_address(tmp_path: Path) -> None:
    import http.server
    import threading

    from notices.site.pdf import PdfSource, render_pdf

    hits: list[str] = []

    class Spy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Spy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        body = f'<img src="{address}/pixel.png">\n\n<link rel="stylesheet" href="{address}/x.css">\n\nText'
        render_pdf(PdfSource("en", "T", ("x",), body), tmp_path / "t.pdf")
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert "Text" in pdf_text(tmp_path / "t.pdf")


@pytest.mark.parametrize(
    ("locale", "rel", "status"),
    [
        ("en", "privacy/2019-04-01/", "Superseded by the version effective July 3, 2023"),
        ("ja", "privacy/2027-01-15/", "未施行：2027年1月15日に施行されます"),
        ("th", "privacy/", "ฉบับใหม่จะมีผลใช้บังคับตั้งแต่วันที่ 15 มกราคม พ.ศ. 2570"),
        ("vi", "cookies/", "Đang có hiệu lực."),
    ],
)
def test_print_record_states_status_date_address_and_hash(
    example_site: Path, locale: str, rel: str, status: str
) -> None:
    page = (example_site / PREFIX[locale] / rel / "index.html").read_text(encoding="utf-8")
    record = re.search(r'<div class="notices-print-record"[^>]*>(.*?)</div>', page, re.S)
    assert record is not None, rel
    text = re.sub(r"<[^>]+>", "", record.group(1))
    assert status in text
    assert "https://privacy.soralotus.example/" in text
    assert re.search(r"\b[0-9a-f]{64}\b", text)


def _site_text(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix in {".html", ".xml", ".json"}
    }


def test_no_vietnamese_date_says_day_twice_on_any_page(example_site: Path) -> None:
    doubled = [rel for rel, text in _site_text(example_site).items() if re.search(r"(?i)ngày\s+ngày", text)]
    assert doubled == []
    page = (example_site / "vi/privacy/2023-07-03/index.html").read_text(encoding="utf-8")
    assert "Ngày hiệu lực: <time" in page and ">3 tháng 7 năm 2023</time>" in page


def test_no_vietnamese_date_says_day_twice_in_an_email() -> None:
    result = subprocess.run(
        [str(BIN / "notices"), "notice", "privacy", "upcoming", "--locale", "vi", "--as-of", EXAMPLE_AS_OF],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    message = email.message_from_bytes(result.stdout, policy=policy.default)
    for part in ("plain", "html"):
        body = message.get_body((part,)).get_content()  # type: ignore[union-attr]
        assert not re.search(r"(?i)ngày\s+ngày", body), body
        assert "từ ngày 15 tháng 1 năm 2027" in body


def test_pdfs_only_for_published_revisions(mini_site: Path) -> None:
    assert (mini_site / "ja/terms/2024-01-01/terms-2024-01-01-ja.pdf").is_file()
    assert not list(mini_site.rglob("*-draft*.pdf"))


#: How each language says the 2027-01-15 revision, not yet in force on the example's as-of date.
FUTURE_2027 = {
    "en": ("Takes effect January 15, 2027", "Revised January 15, 2027"),
    "ja": ("2027年1月15日 施行予定", "2027年1月15日 改定"),
    "th": ("จะมีผลใช้บังคับตั้งแต่วันที่ 15 มกราคม พ.ศ. 2570", "ปรับปรุงเมื่อวันที่ 15 มกราคม พ.ศ. 2570"),
    "vi": ("Sẽ có hiệu lực từ ngày 15 tháng 1 năm 2027", "Sửa đổi ngày 15 tháng 1 năm 2027"),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_a_revision_not_yet_in_force_is_worded_in_the_future(example_site: Path, locale: str) -> None:
    future, past = FUTURE_2027[locale]
    history = (example_site / PREFIX[locale] / "privacy/history/index.html").read_text(encoding="utf-8")
    assert future in history and past not in history
    page = (example_site / PREFIX[locale] / "privacy/2027-01-15/index.html").read_text(encoding="utf-8")
    page = re.sub(r"<[^>]+>", "", page)  # the list's dates are <time> elements
    assert future in page and past not in page  # its own revision-history list
    if locale == "th":
        assert "สิ่งที่จะเปลี่ยนแปลง" in history and "สิ่งที่เปลี่ยนแปลงเมื่อวันที่ 15 มกราคม พ.ศ. 2570" not in history


@pytest.mark.parametrize("locale", [ll for ll in LOCALES if ll in ("ja", "th")])
def test_titles_and_descriptions_use_the_languages_own_punctuation(example_site: Path, locale: str) -> None:
    """No English ". " between sentences nor " (…)" in Japanese; Thai writes no full stop."""
    page = (example_site / PREFIX[locale] / "privacy/2023-07-03/index.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    title = re.search(r"<title>([^<]*)</title>", page)
    assert description and title
    assert ". " not in description.group(1).replace("พ.ศ. ", ""), description.group(1)
    if locale == "ja":
        assert "。" in description.group(1) and "（2023年7月3日）" in title.group(1), (description, title)


#: The e-mail draft's greeting, and the organisation's name, in each language's register.
LETTER = {
    "en": ("Dear customer,", "Sora Lotus Travel Co., Ltd."),
    "ja": ("お客様各位", "ソラロータス・トラベル株式会社"),
    "vi": ("Kính gửi Quý khách,", "Công ty TNHH Sora Lotus Travel"),
    "th": ("เรียน ท่านผู้ใช้บริการ", "บริษัท โซระ โลตัส ทราเวล จำกัด"),
}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_email_draft_greets_says_how_to_object_and_is_signed(locale: str) -> None:
    result = subprocess.run(
        [str(BIN / "notices"), "notice", "privacy", "upcoming", "--locale", locale, "--as-of", EXAMPLE_AS_OF],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    message = email.message_from_bytes(result.stdout, policy=policy.default)
    greeting, organisation = LETTER[locale]
    plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html_part = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert plain.startswith(greeting + "\n")
    assert plain.rstrip().endswith(organisation)
    assert "privacy@soralotus.example" in plain
    assert 'href="mailto:privacy@soralotus.example"' in html_part and organisation in html_part
    if locale == "ja":
        assert "同意を撤回" in plain and "異議" in plain
        assert "- 3. 利用目的（変更・実質的な変更）" in plain  # full-width parentheses, ・ between items


def test_the_footer_names_the_company_as_each_language_does(example_site: Path) -> None:
    for locale, (_, organisation) in LETTER.items():
        page = (example_site / PREFIX[locale] / "index.html").read_text(encoding="utf-8")
        assert f"© {organisation}" in page, locale
