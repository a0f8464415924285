"""Every shipped language's PDF keeps its text: the words extract as written, and nothing is a box.

The texts are real notices from the vendored corpora (tests/corpora/), one excerpt per language
(Arabic, which no corpus has, is a short notice written for this test). Extraction is pypdf's,
which reads glyphs in the order they are drawn; pdftotext orders them by position instead, and
puts Thai and Devanagari marks after the next letter, whatever the PDF says.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader

from conftest import ROOT

CORPORA = ROOT / "tests/corpora"
POCKET = CORPORA / "pocket-privacy/pocket-privacy/2025-08-27"
LITE = CORPORA / "firefox-lite-privacy/firefox-lite-privacy/2022-04-14"

#: Site language -> the real notice its excerpt comes from.
SOURCES = {
    "en": POCKET / "en.md",
    "ja": POCKET / "ja.md",
    "ko": POCKET / "ko.md",
    "zh-Hans": POCKET / "zh-CN.md",
    "zh-Hant": POCKET / "zh-TW.md",
    "fr": POCKET / "fr.md",
    "de": POCKET / "de.md",
    "es": POCKET / "es-ES.md",
    "vi": LITE / "vi.md",
    "th": CORPORA / "websites-privacy/websites-privacy/2022-05-10/th.md",
    "id": LITE / "id.md",
    "hi": LITE / "hi.md",
}

ARABIC = """# إشعار الخصوصية

نحن نحترم خصوصيتك. يوضح هذا الإشعار كيف نجمع بياناتك الشخصية ونستخدمها ونشاركها،
وما حقوقك في الاعتراض على المعالجة أو سحب موافقتك في أي وقت.

نجمع الاسم وعنوان البريد الإلكتروني ورقم الهاتف
عندما تنشئ حسابًا أو تتواصل معنا، ونحتفظ بها ما دام حسابك قائمًا.
"""


def excerpt(locale: str) -> tuple[str, str]:
    """(title, Markdown body): the notice's title and its first plain paragraphs, about 1,500 characters."""
    text = ARABIC if locale == "ar" else SOURCES[locale].read_text(encoding="utf-8-sig")
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    title = re.sub(r"\s*\{#[^}]*\}$", "", blocks[0].lstrip("# "))
    plain = [b for b in blocks[1:] if not re.search(r"[#*_`<>\[\]|{}]|https?:|^\s*[-+\d]", b)]
    body: list[str] = []
    while plain and sum(map(len, body)) < 1500:
        body.append(plain.pop(0))
    return title, "\n\n".join(body)


def words(text: str, locale: str) -> str:
    """Text without white space; without punctuation in Arabic, where line ends move neutral marks."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFC", text))
    if locale == "ar":
        text = "".join(c for c in text if not unicodedata.category(c).startswith("P"))
    return text


def render(locale: str, title: str, body: str, target: Path) -> str:
    from notices.site.pdf import PdfSource, render_pdf

    render_pdf(PdfSource(locale, title, (), body), target)
    pages = (page.extract_text() for page in PdfReader(target).pages)
    return "\n".join(re.sub(r"\s*\d+ / \d+\s*$", "", page) for page in pages)  # the page numbers


LOCALES = [*SOURCES, "ar"]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pdf_text_extracts_as_the_notice_says_it(tmp_path: Path, locale: str) -> None:
    title, body = excerpt(locale)
    assert len(body) > 200, f"{locale}: the excerpt is too short to test anything"
    source = html.unescape(re.sub(r"<[^>]+>", " ", markdown.markdown(body)))
    extracted = render(locale, title, body, tmp_path / f"{locale}.pdf")
    assert words(title, locale) in words(extracted, locale)
    assert words(source, locale) in words(extracted, locale)


def test_thai_sara_am_and_tone_marks_survive(tmp_path: Path) -> None:
    """The words the issue found broken: SARA AM is drawn as two glyphs, one shared with SARA AA."""
    text = "ท่านได้รับความคุ้มครองจากบริษัท จำกัด ซึ่งเป็นผู้ดำเนินการ น้ำ ทำ คำ ข้อมูลส่วนบุคคล"
    extracted = render("th", "ประกาศ", text, tmp_path / "th.pdf")
    for word in ("ท่าน", "จำกัด", "เป็น", "ดำเนินการ", "น้ำ", "ข้อมูลส่วนบุคคล"):
        assert word in extracted
    assert words(text, "th") in words(extracted, "th")


@pytest.mark.parametrize("locale", ["th", "ja", "ko", "zh-Hans", "hi", "ar"])
def test_each_script_is_drawn_with_its_own_embedded_font(tmp_path: Path, locale: str) -> None:
    from notices.site.pdf import script_font

    title, body = excerpt(locale)
    render(locale, title, body, tmp_path / "x.pdf")
    font = script_font(locale)
    assert font is not None
    embedded = set()
    for page in PdfReader(tmp_path / "x.pdf").pages:
        for ref in page["/Resources"]["/Font"].values():
            pdf_font = ref.get_object()
            assert "/ToUnicode" in pdf_font, pdf_font["/BaseFont"]  # every glyph's text is in the PDF
            descriptor = pdf_font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            embedded.add(str(pdf_font["/BaseFont"]).split("+", 1)[-1])
    assert font.families[0].replace(" ", "-") in {name.split("-Bold")[0] for name in embedded}, embedded


def test_a_character_no_font_has_stops_the_pdf_instead_of_a_box(tmp_path: Path) -> None:
    from notices.site.pdf import FontMissing, PdfSource, render_pdf

    with pytest.raises(FontMissing) as caught:
        render_pdf(PdfSource("en", "Notice", (), "A private-use character: \ue000."), tmp_path / "x.pdf")
    assert "U+E000" in str(caught.value) and "English (en)" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists()


def test_a_language_whose_script_no_installed_font_covers_is_refused(tmp_path: Path) -> None:
    """A machine with DejaVu only: Thai is refused, naming the language and the package; English builds."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>",
        encoding="utf-8",
    )
    script = (
        "import sys\nfrom pathlib import Path\nfrom notices.site.pdf import FontMissing, PdfSource, render_pdf\n"
        "render_pdf(PdfSource('en', 'Notice', (), 'Plain text.'), Path(sys.argv[1]) / 'en.pdf')\n"
        "try:\n    render_pdf(PdfSource('th', 'ประกาศ', (), 'ข้อมูล'), Path(sys.argv[1]) / 'th.pdf')\n"
        "except FontMissing as e:\n    print(e); print(e.hint)\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Thai (th)" in done.stdout and "fonts-noto-core" in done.stdout, done.stdout
    assert (tmp_path / "en.pdf").is_file() and not (tmp_path / "th.pdf").exists()
