"""A real `mkdocs build` of the example site, checked path by path and in its HTML."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import BIN, LOCALES, PREFIX, ROOT, build, mkdocs, write_config
from htmlq import article, parse

pytestmark = pytest.mark.build

PRIVACY = ("2019-04-01", "2023-07-03", "2027-01-15")

#: Every page the example site must have, in every language (as of 2026-12-01).
EXPECTED_PAGES = [
    "index.html",
    "privacy/index.html",
    *(f"privacy/{rev}/index.html" for rev in PRIVACY),
    "privacy/history/index.html",
    "cookies/index.html",
    "cookies/2023-07-03/index.html",
    "cookies/history/index.html",
    "404.html",
    # change notices: every published revision after the first
    "privacy/2023-07-03/changes/index.html",
    "privacy/2027-01-15/changes/index.html",
]

ESTABLISHED = {
    "en": "Established April 1, 2019",
    "ja": "2019年4月1日 制定",
    "vi": "Ban hành ngày 1 tháng 4 năm 2019",
    "th": "ประกาศใช้เมื่อวันที่ 1 เมษายน พ.ศ. 2562",
}
REVISED = {
    "en": "Revised July 3, 2023",
    "ja": "2023年7月3日 改定",
    "vi": "Sửa đổi ngày 3 tháng 7 năm 2023",
    "th": "ปรับปรุงเมื่อวันที่ 3 กรกฎาคม พ.ศ. 2566",
}
UPCOMING = {  # the banner's title says what it announces
    "en": "A new version takes effect on January 15, 2027",
    "ja": "2027年1月15日に改定版が施行されます",
    "vi": "Phiên bản mới có hiệu lực từ ngày 15 tháng 1 năm 2027",
    "th": "ฉบับใหม่จะมีผลใช้บังคับตั้งแต่วันที่ 15 มกราคม พ.ศ. 2570",
}
AUTHORITATIVE = {
    "ja": "英語版が優先します",
    "vi": "bản tiếng Anh được ưu tiên áp dụng",
    "th": "ให้ถือตามฉบับภาษาอังกฤษเป็นหลัก",
}


def page(site: Path, locale: str, rel: str) -> Path:
    return site / PREFIX[locale] / rel


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_exists_in_every_language(example_site: Path, locale: str) -> None:
    missing = [rel for rel in EXPECTED_PAGES if not page(example_site, locale, rel).is_file()]
    assert missing == []


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_declare_their_language(example_site: Path, locale: str) -> None:
    for rel in EXPECTED_PAGES:
        html = parse(page(example_site, locale, rel)).find("html")
        assert html is not None and html.attrs["lang"] == locale, rel


@pytest.mark.parametrize("locale", LOCALES)
def test_page_in_force_shows_effective_date_history_and_banner(example_site: Path, locale: str) -> None:
    body = article(page(example_site, locale, "privacy/index.html"))
    effective = body.find("p", class_="notices-effective")
    assert effective is not None
    assert [t.attrs["datetime"] for t in effective.find_all("time")] == ["2023-07-03"]
    history = body.find("div", class_="notices-history")
    assert history is not None
    items = [squash(li.text) for li in history.find_all("li")]
    assert items[:2] == [ESTABLISHED[locale], REVISED[locale]] and len(items) == 3  # every version, the upcoming too
    # the banner: announced to screen readers, linking to the upcoming revision
    banner = body.find("div", class_="notices-banner--upcoming")
    assert banner is not None and banner.attrs["role"] == "status"
    assert UPCOMING[locale] in squash(banner.text)
    assert [a.attrs["href"] for a in banner.find_all("a")] == ["2027-01-15/", "2027-01-15/changes/"]


@pytest.mark.parametrize("locale", LOCALES)
def test_translated_pages_name_the_authoritative_language(example_site: Path, locale: str) -> None:
    note = article(page(example_site, locale, "privacy/index.html")).find("p", class_="notices-authoritative")
    if locale == "en":
        assert note is None
    else:
        assert note is not None and AUTHORITATIVE[locale] in note.text


@pytest.mark.parametrize("locale", LOCALES)
def test_archived_revision_is_superseded_and_links_to_the_one_in_force(example_site: Path, locale: str) -> None:
    body = article(page(example_site, locale, "privacy/2019-04-01/index.html"))
    banner = body.find("div", class_="notices-banner--superseded")
    assert banner is not None and banner.attrs["role"] == "status"
    # when it stopped applying, and the version that replaced it (here the one in force)
    assert [t.attrs["datetime"] for t in banner.find_all("time")] == ["2023-07-03"]
    assert [a.attrs["href"] for a in banner.find_all("a")] == ["../2023-07-03/"]
    effective = body.find("p", class_="notices-effective")
    assert [t.attrs["datetime"] for t in effective.find_all("time")] == ["2019-04-01"]
    # the banner comes first, before the corrections and the text
    assert banner.following(body, "div", class_="notices-history") is not None
    # its history lists every version, this one marked as the page
    history = body.find("div", class_="notices-history")
    assert squash(history.find("li").text) == ESTABLISHED[locale]
    assert len(history.find_all("li")) == 3 and history.find(aria_current="page") is not None


@pytest.mark.parametrize("locale", LOCALES)
def test_upcoming_revision_page_says_when_it_takes_effect(example_site: Path, locale: str) -> None:
    body = article(page(example_site, locale, "privacy/2027-01-15/index.html"))
    banner = body.find("div", class_="notices-banner--pending")
    assert banner is not None
    assert [t.attrs["datetime"] for t in banner.find_all("time")] == ["2027-01-15"]
    assert body.find("div", class_="notices-banner--upcoming") is None


@pytest.mark.parametrize("locale", LOCALES)
def test_history_page_lists_every_published_revision_with_summary(example_site: Path, locale: str) -> None:
    body = article(page(example_site, locale, "privacy/history/index.html"))
    for e in body.iter():  # the table is tested in test_visitor_spans.py; here, the sections below it
        table = "notices-history-table"
        e.children = [c for c in e.children if isinstance(c, str) or table not in c.attrs.get("class", "")]
    links = [a.attrs["href"] for a in body.find_all("a") if re.match(r"^\.\./\d{4}-", a.attrs.get("href", ""))]
    assert links == [
        "../2027-01-15/",
        "../2027-01-15/changes/",
        "../2023-07-03/",
        "../2023-07-03/changes/",
        "../2019-04-01/",  # the first revision changes nothing
    ]
    times = {t.attrs["datetime"] for t in body.find_all("time")}
    assert {"2019-04-01", "2023-07-03", "2027-01-15", "2026-11-16"} <= times
    text = squash(body.text)
    summary = (ROOT / "content/privacy/2027-01-15/revision.yml").read_text(encoding="utf-8")
    first_words = re.search(rf"^  {locale}: (.{{12}})", summary, re.M)
    assert first_words is not None and first_words.group(1).strip() in text


def test_language_switcher_stays_on_the_same_revision(example_site: Path) -> None:
    root = parse(page(example_site, "th", "privacy/2019-04-01/index.html"))
    links = {a.attrs["hreflang"]: a.attrs["href"] for a in root.find_all("a", class_="md-select__link")}
    assert links == {
        "en": "../../../privacy/2019-04-01/",
        "ja": "../../../ja/privacy/2019-04-01/",
        "vi": "../../../vi/privacy/2019-04-01/",
        "th": "./",
    }


def test_navigation_is_localized_and_leaves_out_archives(example_site: Path) -> None:
    root = parse(page(example_site, "ja", "privacy/index.html"))
    nav = root.find("nav", class_="md-nav--primary")
    labels = [squash(a.text) for a in nav.find_all("a")]
    hrefs = " ".join(a.attrs.get("href", "") for a in nav.find_all("a"))
    assert "個人情報保護方針" in labels  # the document's one name in Japanese, as its title says
    assert not re.search(r"\d{4}-\d{2}-\d{2}", hrefs)
    assert not any(label in ("Privacy", "Cookies") for label in labels)


def test_no_english_ui_strings_from_the_catalog_on_translated_pages(example_site: Path) -> None:
    from babel.messages.pofile import read_po

    with (ROOT / "locales/messages.pot").open("rb") as fh:
        msgids = [m.id for m in read_po(fh) if m.id and "%" not in m.id and len(m.id) > 6]
    for locale in ("ja", "vi", "th"):
        for rel in EXPECTED_PAGES:
            text = page(example_site, locale, rel).read_text(encoding="utf-8")
            leaked = [m for m in msgids if m in text]
            assert leaked == [], f"{locale}/{rel}: {leaked}"


def test_no_change_page_for_a_first_revision(example_site: Path) -> None:
    for locale in LOCALES:
        assert not page(example_site, locale, "privacy/2019-04-01/changes/index.html").exists()
        assert not page(example_site, locale, "cookies/2023-07-03/changes/index.html").exists()


INSERTED = {"en": "Kaze Insurance Co., Ltd.", "ja": "風保険株式会社", "vi": "Công ty Bảo hiểm Kaze", "th": "คาเซะ"}


@pytest.mark.parametrize("locale", LOCALES)
def test_change_page_has_summary_date_sections_and_redline(example_site: Path, locale: str) -> None:
    body = article(page(example_site, locale, "privacy/2027-01-15/changes/index.html"))
    effective = body.find("p", class_="notices-effective")
    assert [t.attrs["datetime"] for t in effective.find_all("time")] == ["2027-01-15"]
    compared = body.find("p", class_="notices-compared")
    assert [t.attrs["datetime"] for t in compared.find_all("time")] == ["2023-07-03"]
    assert [a.attrs["href"] for a in compared.find_all("a")] == ["../"]
    summary = (ROOT / "content/privacy/2027-01-15/revision.yml").read_text(encoding="utf-8")
    first_words = re.search(rf"^  {locale}: (.{{12}})", summary, re.M)
    assert first_words is not None and first_words.group(1).strip() in squash(
        body.find(id="summary").following(body, "p").text
    )
    rows = body.find(id="changed-sections").following(body, "table").find("tbody").find_all("tr")
    anchors = [tr.find("a").attrs["href"] for tr in rows]
    assert anchors[:3] == [
        "#change-cookies-and-access-logs",
        "#change-purposes-of-use",
        "#change-third-party-provision",
    ]
    assert "#change-retention" in anchors and "#change-information-we-collect" not in anchors
    for anchor in anchors:
        assert body.find(id=anchor[1:]) is not None, anchor
    redline = body.find(id="change-third-party-provision").following(body, "div", class_="notices-redline")
    inserted = " ".join(squash(i.text) for i in redline.find_all("ins"))
    assert INSERTED[locale] in inserted
    heading = redline.find("p", class_="notices-redline-heading")
    assert heading is not None and "3 → 4" in squash(heading.text)  # the heading's only change: its number
    assert not any(d.text == "3" for d in redline.find_all("del"))  # said once, not as a redline


def test_thai_redline_inserts_whole_words(example_site: Path) -> None:
    body = article(page(example_site, "th", "privacy/2027-01-15/changes/index.html"))
    redline = body.find(id="change-your-rights").following(body, "div", class_="notices-redline")
    assert [squash(i.text) for i in redline.find_all("ins")] == ["หรือผ่านแบบฟอร์มในหน้าการตั้งค่าบัญชี"]
    assert "เปลี่ยนหมายเลข: 7 → 9" in squash(redline.find("p", class_="notices-redline-heading").text)


@pytest.mark.parametrize("locale", LOCALES)
def test_revision_pages_link_to_their_change_page(example_site: Path, locale: str) -> None:
    body = article(page(example_site, locale, "privacy/2023-07-03/index.html"))
    link = body.find("p", class_="notices-changes-link").find("a")
    assert link.attrs["href"] == "changes/"
    pending = article(page(example_site, locale, "privacy/2027-01-15/index.html")).find(
        "div", class_="notices-banner--pending"
    )
    assert "changes/" in [a.attrs["href"] for a in pending.find_all("a")]
    assert (
        article(page(example_site, locale, "privacy/2019-04-01/index.html")).find("p", class_="notices-changes-link")
        is None
    )


def test_generated_pages_stay_out_of_content(example_site: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "content"], cwd=ROOT, capture_output=True, text=True
    )
    assert tracked.stdout == ""
    assert not list((ROOT / "content").rglob("index.md"))


def test_as_of_date_picks_the_version_in_force(tmp_path: Path) -> None:
    """After 2027-01-15 the material revision is in force; before 2026-11-16 it is not even shown."""
    later = build(tmp_path / "later", ROOT / "content", as_of="2027-02-01")
    effective = article(later / "ja/privacy/index.html").find("p", class_="notices-effective")
    assert [t.attrs["datetime"] for t in effective.find_all("time")] == ["2027-01-15"]
    assert article(later / "ja/privacy/index.html").find("div", class_="notices-banner") is None
    earlier = build(tmp_path / "earlier", ROOT / "content", as_of="2026-11-01")
    assert not (earlier / "privacy/2027-01-15/index.html").exists()
    assert article(earlier / "privacy/index.html").find("div", class_="notices-banner--upcoming") is None


def test_japanese_era_option(tmp_path: Path, mini_content: Path) -> None:
    site = build(tmp_path, mini_content, japanese_era=True)
    history = article(site / "ja/terms/index.html").find("div", class_="notices-history")
    assert "令和2年1月1日 制定" in squash(history.text)  # 2020-01-01


def test_content_error_fails_before_site_is_touched(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content)
    assert mkdocs("build", "-f", str(config)).returncode == 0
    before = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*"))
    th = mini_content / "terms/2024-01-01/th.md"
    th.write_text(th.read_text(encoding="utf-8").replace("## 2. ติดต่อ {#contact}\n", ""), encoding="utf-8")
    result = mkdocs("build", "-f", str(config))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "terms/2024-01-01/th.md:5:1: error: section 'contact' is missing" in output
    assert "hint: add '## ... {#contact}'" in output
    assert "Traceback" not in output
    after = sorted(p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*"))
    assert after == before


def test_failed_build_of_any_kind_leaves_site_as_it_was(tmp_path: Path, mini_content: Path) -> None:
    """A broken template fails late, after MkDocs has started writing: the build happens elsewhere."""
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    config = write_config(tmp_path, mini_content)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["theme"]["custom_dir"] = str(overrides)  # the project's own templates, before the packaged ones
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert mkdocs("build", "-f", str(config)).returncode == 0
    site = tmp_path / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (overrides / "404.html").write_text('{% extends "main.html" %}{% block content %}{{ 1 / 0 }}{% endblock %}')
    en = mini_content / "terms/2030-01-01/en.md"  # unpublished on the as-of date, so editable
    en.write_text(en.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    result = mkdocs("build", "-f", str(config))
    assert result.returncode != 0
    assert "site was left as it was" in result.stdout + result.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "generated", "mkdocs.yml", "overrides", "site"]


def test_missing_translation_is_an_error_not_an_english_page(tmp_path: Path, mini_content: Path) -> None:
    (mini_content / "terms/2024-01-01/th.md").unlink()
    result = mkdocs("build", "-f", str(write_config(tmp_path, mini_content)))
    assert result.returncode != 0
    assert "the th text is missing: th.md" in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


NOT_FOUND = {
    "en": "Page not found",
    "ja": "ページが見つかりません",
    "vi": "Không tìm thấy trang",
    "th": "ไม่พบหน้าที่ท่านต้องการ",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_each_language_has_its_own_404_page(mini_site: Path, locale: str) -> None:
    root = parse(page(mini_site, locale, "404.html"))
    assert root.find("html").attrs["lang"] == locale
    assert squash(root.find("h1").text) == NOT_FOUND[locale]
    home = [a.attrs["href"] for a in article(page(mini_site, locale, "404.html")).find_all("a")]
    assert ("/" + PREFIX[locale]) in home  # absolute: a 404 is served at any depth


def test_sitemap_lastmod_comes_from_the_content_dates_not_the_build(mini_site: Path) -> None:
    sitemap = (mini_site / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(
        re.findall(r"<loc>https://privacy\.soralotus\.example/([^<]*)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    )
    assert lastmod["terms/"] == "2029-11-01"  # the day the update was announced on the page in force
    assert lastmod["ja/terms/2020-01-01/"] == "2024-01-01"  # the day it was superseded
    assert lastmod["th/terms/2024-01-01/"] == "2029-11-01"
    assert lastmod["vi/terms/2030-01-01/"] == "2029-11-01"  # published
    assert lastmod["terms/history/"] == "2029-11-01"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_rebuilds_when_content_changes(tmp_path: Path, mini_content: Path) -> None:
    config = write_config(tmp_path, mini_content, preview=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        env={"NOTICES_AS_OF": "2026-12-01", "NO_MKDOCS_2_WARNING": "1", "PATH": str(BIN) + ":/usr/bin:/bin"},
    )
    url = f"http://127.0.0.1:{port}/terms/2030-01-01/"  # unpublished on 2026-12-01: shown as a preview

    def fetch() -> str:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")

    try:
        deadline = time.monotonic() + 90
        text = ""
        while time.monotonic() < deadline:
            try:
                text = fetch()
                break
            except OSError:
                time.sleep(0.5)
        assert "Write to us." in text
        en = mini_content / "terms/2030-01-01/en.md"
        en.write_text(en.read_text(encoding="utf-8").replace("Write to us.", "Write to our new office."), "utf-8")
        while time.monotonic() < deadline and "Write to our new office." not in text:
            time.sleep(0.5)
            try:
                text = fetch()
            except OSError:
                continue
        assert "Write to our new office." in text
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_short_notice_reason_is_a_warning_and_shown_on_the_change_page(tmp_path: Path, mini_content: Path) -> None:
    """Announced 12 days ahead where notice.yml asks for 30: allowed with a reason, which visitors see."""
    meta = mini_content / "terms/2030-01-01/revision.yml"
    text = meta.read_text(encoding="utf-8").replace("published: 2029-11-01", "published: 2029-12-20")
    meta.write_text(text + "short_notice_reason: A court order of 2029-12-19 requires the change.\n", encoding="utf-8")
    lock_path = mini_content / "terms/published.lock"
    lock = yaml.safe_load(lock_path.read_text(encoding="utf-8"))
    lock.pop("2030-01-01", None)  # recorded below, as the legal team would after the change
    lock_path.write_text(yaml.safe_dump(lock, sort_keys=False), encoding="utf-8")
    publish = subprocess.run(
        [str(BIN / "notices"), "publish", "terms", "2030-01-01", "--content", str(mini_content)],
        capture_output=True,
        text=True,
        env={**os.environ, "NOTICES_AS_OF": "2029-12-25"},
        check=False,
    )
    assert publish.returncode == 0, publish.stderr
    check = subprocess.run(
        [str(BIN / "notices"), "check", "--content", str(mini_content), "--as-of", "2029-12-25"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert "warning: material revision announced 12 days before it takes effect" in check.stderr
    site = build(tmp_path, mini_content, as_of="2029-12-25")
    for locale in LOCALES:
        box = article(page(site, locale, "terms/2030-01-01/changes/index.html")).find(
            "div", class_="notices-short-notice"
        )
        assert box is not None and box.attrs["role"] == "note"
        assert "A court order of 2029-12-19 requires the change." in squash(box.text)
        assert box.find("span").attrs["lang"] == "en"
