"""Language and layout faults a visitor would notice, checked on real builds of the example and the mini fixture."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import LOCALES, PREFIX, ROOT, build
from htmlq import parse


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_has_a_meta_description(example_site: Path) -> None:
    missing = []
    for path in html_pages(example_site):
        match = re.search(r'<meta name="description" content="([^"]*)"', path.read_text(encoding="utf-8"))
        if not match or len(match.group(1)) < 20:
            missing.append(str(path.relative_to(example_site)))
    assert missing == []


def test_links_with_the_same_text_lead_to_the_same_place(example_site: Path) -> None:
    """Two "What changed" links on one page may not lead to different change pages."""
    clashes = []
    for path in html_pages(example_site):
        article = parse(path).find("article")
        if article is None:
            continue
        targets: dict[str, set[str]] = defaultdict(set)
        for a in article.find_all("a"):
            text = re.sub(r"\s+", " ", a.text).strip()
            if text and "headerlink" not in a.attrs.get("class", ""):
                targets[text].add(a.attrs.get("href", ""))
        clashes += [f"{path.relative_to(example_site)}: {t!r} -> {sorted(h)}" for t, h in targets.items() if len(h) > 1]
    assert clashes == []


@pytest.mark.parametrize("locale", LOCALES)
def test_upcoming_change_page_says_it_is_not_yet_in_force(example_site: Path, locale: str) -> None:
    page = parse(example_site / PREFIX[locale] / "privacy/2027-01-15/changes/index.html")
    banner = page.find("div", class_="notices-banner--pending")
    assert banner is not None and banner.attrs.get("role") == "status"
    assert banner.find("time").attrs["datetime"] == "2027-01-15"
    past = parse(example_site / PREFIX[locale] / "privacy/2023-07-03/changes/index.html")
    assert past.find("div", class_="notices-banner--pending") is None


@pytest.mark.parametrize("locale", LOCALES)
def test_renumbered_only_sections_are_one_line_not_table_rows(example_site: Path, locale: str) -> None:
    page = parse(example_site / PREFIX[locale] / "privacy/2027-01-15/changes/index.html")
    rows = [tr.find("a").attrs["href"] for tr in page.find("table").find("tbody").find_all("tr")]
    renumbered = ("outsourcing", "joint-use", "security-measures", "changes-to-this-notice", "contact")
    assert not [r for r in rows if r.removeprefix("#change-") in renumbered], rows
    line = page.find("p", class_="notices-renumbered")
    assert line is not None
    assert all(page.find(id=f"change-{sid}") is None for sid in renumbered)  # no empty redline either
    assert len(rows) + len(renumbered) >= 11


def test_banner_title_is_specific_and_links_are_separate(example_site: Path) -> None:
    page = parse(example_site / "ja/privacy/index.html")
    banner = page.find("div", class_="notices-banner--upcoming")
    assert "2027年1月15日" in banner.find("p", class_="admonition-title").text
    items = banner.find_all("li")
    assert [li.find("a").attrs["href"] for li in items] == ["2027-01-15/", "2027-01-15/changes/"]
    own = page.find("p", class_="notices-changes-link").find("a")
    assert own.text != items[1].find("a").text


def test_contact_email_is_a_link(example_site: Path) -> None:
    for locale in LOCALES:
        page = parse(example_site / PREFIX[locale] / "cookies/index.html")
        hrefs = [a.attrs.get("href", "") for a in page.find("article").find_all("a")]
        assert "mailto:privacy@soralotus.example" in hrefs, locale


def test_one_name_per_document_per_language(example_site: Path) -> None:
    for locale in LOCALES:
        page = parse(example_site / PREFIX[locale] / "privacy/index.html")
        title = page.find("article").find("h1").text.replace("¶", "").strip()
        nav = [a.text.strip() for a in page.find("nav", class_="md-nav--primary").find_all("a")]
        assert title in " ".join(nav), (locale, title, nav)


def _po(locale: str) -> dict[str, str]:
    with (ROOT / "locales" / locale / "LC_MESSAGES/messages.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id and isinstance(m.id, str)}


def test_thai_substantive_and_material_are_told_apart() -> None:
    th = _po("th")
    substantive, material = th["Substantive"], th["Material change"]
    assert "สำคัญ" not in substantive and "นัยสำคัญ" in material


def test_japanese_ui_has_one_term_for_the_effective_date() -> None:
    ja = _po("ja")
    assert not [msgid for msgid, text in ja.items() if "効力発生" in text]
    assert "施行日" in ja["Effective date: %(date)s"]


def test_errata_given_per_language_are_shown_in_the_page_language(mini_content: Path, tmp_path: Path) -> None:
    from notices.content.check import check_content
    from notices.findings import Reporter
    from notices.record.lock import publish

    th_md = mini_content / "terms/2024-01-01/th.md"
    th_md.write_text(
        th_md.read_text(encoding="utf-8").replace("เราเก็บรวบรวมชื่อของท่าน", "เราเก็บรวบรวมชื่อ-นามสกุลของท่าน"),
        encoding="utf-8",
    )
    meta = mini_content / "terms/2024-01-01/revision.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        + "errata:\n  - date: 2026-11-20\n    locale: th\n"
        + "    what:\n      en: section 1 wording\n      th: ถ้อยคำในข้อ 1\n"
        + "    why:\n      en: the family name was left out\n      th: คำแปลขาดนามสกุล\n",
        encoding="utf-8",
    )
    notice = check_content(mini_content, LOCALES, __import__("datetime").date(2029, 10, 1)).content.notices[0]
    assert publish(notice, notice.revision("2024-01-01"), Reporter()) is not None
    site = build(tmp_path / "out", mini_content, as_of="2029-10-01")  # before 2030 is announced
    th = parse(site / "th/terms/2024-01-01/index.html").find("div", class_="notices-errata").text
    assert "ถ้อยคำในข้อ 1" in th and "คำแปลขาดนามสกุล" in th and "family name" not in th
    ja = parse(site / "ja/terms/2024-01-01/index.html").find("div", class_="notices-errata")
    assert ja.find("span", lang="th") is not None  # no Japanese text: the Thai one, marked as Thai


@pytest.mark.parametrize("locale", LOCALES)
def test_heading_permalinks_are_titled_in_the_page_language(example_site: Path, locale: str) -> None:
    """Python-Markdown's `toc` writes the title, set per language build (no rewriting of the page afterwards)."""
    expected = {"en": "Permanent link", "ja": "この見出しへのリンク"}
    for path in (example_site / PREFIX[locale] / "privacy").rglob("index.html"):
        titles = {a.attrs.get("title") for a in parse(path).find_all("a", class_="headerlink")}
        assert len(titles) == 1, (path, titles)
        if locale in expected:
            assert titles == {expected[locale]}, path
        else:
            assert titles != {"Permanent link"}, path
