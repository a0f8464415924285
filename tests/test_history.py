"""Change notices on a real-world history: tests/fixtures/history (six revisions of a shop's notice).

The fixture behaves like the histories the tool met in practice: the Japanese
translation keeps up, the Vietnamese one changes but forgets a vendor's name,
the Thai one lags in text and in structure (declared with ``translated_from``),
then catches up in a translation-only revision; links change address and syntax,
a brand's case is fixed, Word pastes a non-breaking space, some files have a BOM.

Goldens live in tests/golden/history/; after an intended change, regenerate them
with ``UPDATE_GOLDENS=1 pytest tests/test_history.py`` and review the git diff.
"""

from __future__ import annotations

import email
import itertools
import json
import os
import re
import shutil
from datetime import date
from email import policy
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLE_AS_OF, FIXTURES, LOCALES, ROOT, build, copy_fixture
from notices.check import check_content
from notices.diff import (
    EDITORIAL,
    SUBSTANTIVE,
    TRANSLATION,
    RevisionDiff,
    diff_revisions,
    rebuild,
)
from notices.diff.markup import editorial_key
from notices.diff_format import to_html, to_json_data, to_markdown
from notices.messages import UiText
from notices.model import Notice
from notices.render import render_site
from test_cli import notices
from test_diff import subprocess_bytes

CONTENT = FIXTURES / "history/content"
GOLDEN = ROOT / "tests/golden/history"
AS_OF = "2026-06-01"
KEYS = ("2021-03-01", "2022-02-01", "2023-01-15", "2024-06-01", "2025-03-01", "2026-01-10")
#: Markdown syntax that must never reach a reader's screen.
LEAKS = ("](", "{:", "{#", "[-", "{+", "{--", "{++", "{~~")


def load(content: Path = CONTENT, as_of: str = AS_OF) -> Notice:
    result = check_content(content, LOCALES, date.fromisoformat(as_of))
    assert not result.errors, [f.format() for f in result.errors]
    notice = result.content.notice("privacy")
    assert notice is not None
    return notice


@pytest.fixture(scope="module")
def history() -> Notice:
    return load()


@pytest.fixture(scope="module")
def diffs(history: Notice) -> dict[str, RevisionDiff]:
    """Each revision compared with the one before, keyed by the newer one."""
    revisions = history.revisions
    return {new.key: diff_revisions(history, old, new) for old, new in itertools.pairwise(revisions)}


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDENS=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8")


def classes(diff: RevisionDiff) -> dict[str, str | None]:
    return {s.id or "title": s.cls for s in (diff.preamble, *diff.sections)}


# --- the fixture is what it claims to be ---------------------------------------------


def test_the_fixture_is_a_real_history(history: Notice) -> None:
    assert tuple(r.key for r in history.revisions) == KEYS
    assert (CONTENT / "privacy/2023-01-15/th.md").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (CONTENT / "privacy/2024-06-01/vi.md").read_bytes()
    lagging = history.revision("2024-06-01")
    assert lagging is not None and lagging.translated_from == {"th": date(2023, 1, 15)}
    assert lagging.documents["th"].section_ids != lagging.documents["en"].section_ids  # lags in structure


def test_check_passes_and_warns_that_the_thai_translation_lags() -> None:
    result = notices("check", "--content", str(CONTENT), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert (
        "privacy/2024-06-01/revision.yml:5:1: warning: the th text translates the authoritative text of "
        "2023-01-15, not of 2024-06-01: visitors see a notice that it lags"
    ) in result.stderr
    assert "hint: when the translation catches up, remove 'th: 2023-01-15' from 'translated_from'" in result.stderr


# --- classes follow the authoritative text ---------------------------------------------


def test_classes_follow_the_authoritative_text(diffs: dict[str, RevisionDiff]) -> None:
    assert classes(diffs["2022-02-01"]) == {
        "title": None,
        "collect": EDITORIAL,  # "email" -> "e-mail"
        "purposes": TRANSLATION,  # only the Japanese typo
        "sharing": EDITORIAL,  # Payflow -> PayFlow
        "cookies": EDITORIAL,  # <url> -> [url](url)
        "contact": EDITORIAL,  # a trailing space
    }
    assert classes(diffs["2025-03-01"]) == {
        "title": None,
        "collect": None,
        "cookies": TRANSLATION,
        "purposes": TRANSLATION,
        "sharing": TRANSLATION,
        "retention": TRANSLATION,
        "transfers": TRANSLATION,
        "contact": TRANSLATION,
    }
    assert classes(diffs["2026-01-10"])["cookies"] == EDITORIAL  # a Word non-breaking space inside the link
    assert classes(diffs["2026-01-10"])["retention"] == TRANSLATION  # Japanese ７ -> 7
    assert classes(diffs["2026-01-10"])["contact"] == SUBSTANTIVE


def test_a_translation_only_revision_is_never_substantive_or_material(diffs: dict[str, RevisionDiff]) -> None:
    for key in ("2022-02-01", "2025-03-01"):
        diff = diffs[key]
        data = to_json_data(diff)
        assert data["likely_material"] is False and data["reasons"] == []
        for section in data["sections"]:
            if section["class"] == TRANSLATION:
                assert not section["likely_material"]
                assert {loc["class"] for loc in section["locales"].values()} <= {TRANSLATION, None}
        page = to_html(diff)
        assert ", substantive" not in page and ">likely material<" not in page
    text = notices("diff", "privacy", "2024-06-01", "2025-03-01", "--content", str(CONTENT), "--as-of", AS_OF)
    assert text.returncode == 0, text.stderr
    assert "sections: 0 substantive, 0 editorial, 6 translation updates, 2 unchanged" in text.stdout
    assert "likely material" not in text.stdout


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("See <https://shop.example/help/>.", "See [https://shop.example/help/](https://shop.example/help/)."),
        ("Payments by Github.", "Payments by GitHub."),
        ("Write to [our desk](mailto:a@shop.example). ", "Write to [our desk](mailto:a@shop.example)."),
        ("Our [cookie policy](https://x.example/c/)", "Our [cookie\u00a0 policy](https://x.example/c/)"),
        ("We keep it  for\nfive years.", "We keep it for five years."),
        ("Cafe\u0301 orders", "Café orders"),  # NFD -> NFC
        ("Ｐａｙｆｌｏｗ　ｈｏｌｄｓ　ｃａｒｄｓ", "Payflow holds cards"),  # full-width -> half-width
        ("保存期間は３０日です。", "保存期間は30日です。"),
        ("**Payflow** processes cards.", "Payflow processes cards."),
        # an address updated on the same site (issue 20): the redline still shows old → new
        ("Our [policy](https://shop.example/cookies/)", "Our [policy](https://shop.example/cookie-policy/)"),
        ("See https://shop.example/Cookies", "See https://www.shop.example/cookies"),
    ],
    ids=[
        *("link-syntax", "case", "trailing-space", "space-in-link", "whitespace", "nfc", "full-width", "digits"),
        *("emph", "address-same-site", "address-case"),
    ],
)
def test_editorial_changes(old: str, new: str) -> None:
    assert editorial_key(old) == editorial_key(new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Our [policy](https://shop.example/cookies/)", "Our [policy](https://shop.other.example/cookies/)"),
        ("See https://shop.example/cookies", "See https://tracker.example/cookies"),
        ("Write to a@shop.example.", "Write to b@shop.example."),
        ("Write to [our desk](mailto:a@shop.example).", "Write to [our desk](mailto:b@shop.example)."),
        ("within 30 days", "within 3.0 days"),
        ("within 1,000 km", "within 1000 km"),
        ("from 1 March 2024", "from 1 March 2025"),
        ("processed by PayFlow", "processed by ShipFast"),
        ("run `delete --all`", "run `delete --ALL`"),
    ],
    ids=[
        *("address-other-site", "address-in-text", "email", "email-link", "number", "thousands", "date", "name"),
        "code",
    ],
)
def test_substantive_changes(old: str, new: str) -> None:
    assert editorial_key(old) != editorial_key(new)


# --- stale translations ---------------------------------------------------------


def test_stale_translations_found_with_their_reason(diffs: dict[str, RevisionDiff]) -> None:
    stale = {key: [(s.section, s.locale, s.reason, s.tokens) for s in d.stale_translations] for key, d in diffs.items()}
    assert stale["2023-01-15"] == [
        ("", "th", "unchanged", ()),  # the preamble counts
        ("sharing", "th", "unchanged", ()),  # its heading changed too
        ("cookies", "th", "lacks", ("https://shop.example/cookie-policy/",)),  # an address update still shows
        ("contact", "th", "unchanged", ()),
        ("sharing", "vi", "lacks", ("24", "ShipFast")),  # changed, but without the new vendor and deadline
    ]
    # th declares translated_from: it keeps the order of the text it translates, which is a lag, not a move
    assert stale["2024-06-01"] == [
        ("cookies", "th", "declared", ()),
        ("retention", "th", "missing", ()),
        ("transfers", "th", "missing", ()),
    ]
    assert stale["2025-03-01"] == []
    assert stale["2026-01-10"] == [("contact", "th", "unchanged", ())]


def test_ops_rebuild_every_text_of_the_history(history: Notice, diffs: dict[str, RevisionDiff]) -> None:
    for key, diff in diffs.items():
        old, new = history.revision(diff.old), history.revision(key)
        assert old is not None and new is not None
        for s in diff.sections:
            for ll, d in s.locales.items():
                before, after = old.documents[ll].section(s.id), new.documents[ll].section(s.id)
                assert rebuild(d.ops) == (before.body if before else "", after.body if after else "")


def test_diff_json_and_versions_json_carry_translated_from(diffs: dict[str, RevisionDiff], history: Notice) -> None:
    assert to_json_data(diffs["2024-06-01"])["translated_from"] == {"old": {}, "new": {"th": "2023-01-15"}}
    from notices.versions import versions_document

    versions = versions_document(history, LOCALES, date.fromisoformat(AS_OF), "")
    by_key = {v["effective"]: v for v in versions["versions"]}
    assert by_key["2024-06-01"]["translated_from"] == {"th": "2023-01-15"}
    assert by_key["2025-03-01"]["translated_from"] == {}


# --- change pages: goldens ------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = check_content(CONTENT, LOCALES, date.fromisoformat(AS_OF))
    site = render_site(result.content, date.fromisoformat(AS_OF), lambda ll: UiText.load(ROOT / "locales", ll))
    assert site.missing == []
    return site.pages


@pytest.mark.parametrize("locale", LOCALES)
def test_change_pages_golden(pages: dict[str, str], locale: str) -> None:
    """Every change page of one language, in order: what visitors are told changed."""
    text = "".join(f"<!-- {key} -->\n" + pages[f"{locale}/privacy/{key}/changes.md"] for key in KEYS[1:])
    golden(f"changes.{locale}.md", text)


def test_no_change_page_says_nothing_changed_when_the_english_did(pages: dict[str, str]) -> None:
    same = {
        ll: UiText.load(ROOT / "locales", ll).text("The text of this version is the same as the version before.")
        for ll in LOCALES
    }
    for key in KEYS[1:]:
        english_changed = same["en"] not in pages[f"en/privacy/{key}/changes.md"]
        for ll in ("ja", "vi", "th"):
            page = pages[f"{ll}/privacy/{key}/changes.md"]
            assert (same[ll] in page) == (not english_changed and "notices-redline" not in page), (ll, key)
            if english_changed:
                assert "#changes-in-detail" in page, (ll, key)


def test_thai_change_page_shows_each_stale_section(pages: dict[str, str]) -> None:
    page = pages["th/privacy/2026-01-10/changes.md"]
    assert page.count('class="admonition warning notices-stale"') == 1
    assert '<time datetime="2026-01-10">10 มกราคม พ.ศ. 2569</time>' in page
    assert "[อ่านหัวข้อนี้ในฉบับภาษาอังกฤษ](../../../../privacy/2026-01-10/#contact)" in page
    lagging = pages["th/privacy/2024-06-01/changes.md"]
    assert '<time datetime="2023-01-15">' in lagging and "notices-banner--lagging" in lagging
    assert lagging.count("notices-stale") == 3  # cookies in the old place, missing retention and transfers


def test_revision_pages_show_stale_sections_until_the_translation_catches_up(pages: dict[str, str]) -> None:
    # Vietnamese lacked ShipFast from 2023-01-15 on and caught up on 2026-01-10.
    for key in ("2023-01-15", "2024-06-01", "2025-03-01"):
        page = pages[f"vi/privacy/{key}/index.md"]
        assert page.count("notices-stale") == 1, key
        assert '<time datetime="2023-01-15">' in page
    assert "notices-stale" not in pages["vi/privacy/2026-01-10/index.md"]
    assert "notices-stale" not in pages["en/privacy/2026-01-10/index.md"]
    assert "notices-banner--lagging" in pages["th/privacy/2024-06-01/index.md"]
    assert "notices-banner--lagging" not in pages["th/privacy/2025-03-01/index.md"]
    lagging = pages["th/privacy/2024-06-01/index.md"]
    assert '- [<span lang="en">5. Retention</span>](../../../privacy/2024-06-01/#retention)' in lagging
    assert "notices-untranslated" not in pages["th/privacy/2025-03-01/index.md"]


# --- translated_from: checked, and never blocking what it does not touch ------------------


def _copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        (
            "th: 2024-06-01",
            "'translated_from' gives th the date 2024-06-01, which is not an earlier revision of 'privacy'",
            "use the effective date of the earlier revision the th text translates: 2021-03-01, 2022-02-01, 2023-01-15",
        ),
        (
            "th: 2020-01-01",
            "'translated_from' gives th the date 2020-01-01, which is not an earlier revision of 'privacy'",
            "use the effective date",
        ),
        (
            "en: 2023-01-15",
            "'translated_from' names 'en', the authoritative language of 'privacy'",
            "remove 'en: 2023-01-15'",
        ),
        ("fr: 2023-01-15", "'translated_from' names 'fr', which is not one of the site's languages", "use one of"),
        ("th: yesterday", "'translated_from' must be one line per lagging language", "write one line"),
    ],
    ids=["not-earlier", "no-such-revision", "authoritative", "unknown-locale", "not-a-date"],
)
def test_translated_from_errors(tmp_path: Path, value: str, message: str, hint: str) -> None:
    content = _copy(tmp_path)
    meta = content / "privacy/2024-06-01/revision.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("th: 2023-01-15", value), encoding="utf-8")
    result = notices("check", "--content", str(content), "--as-of", "2024-05-01")
    assert result.returncode == 1
    assert re.search(rf"privacy/2024-06-01/revision.yml:\d+:1: error: {re.escape(message)}", result.stderr), (
        result.stderr
    )
    assert f"hint: {hint}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_lagging_translation_still_needs_its_summary(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    meta = content / "privacy/2024-06-01/revision.yml"
    lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    meta.write_text("".join(x for x in lines if not x.startswith("  th: บริษัท")), encoding="utf-8")
    result = notices("check", "--content", str(content), "--as-of", "2024-05-01")
    assert result.returncode == 1
    assert "a material revision needs a summary in every language; missing: th" in result.stderr


def test_sections_matching_neither_revision_are_an_error(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    th = content / "privacy/2024-06-01/th.md"
    text = th.read_text(encoding="utf-8-sig").replace("{#cookies}", "{#cookie}")
    th.write_text(text, encoding="utf-8")
    result = notices("check", "--content", str(content), "--as-of", "2024-05-01")
    assert result.returncode == 1
    assert re.search(
        r"privacy/2024-06-01/th.md:\d+:1: error: the sections of th.md match neither en.md of 2024-06-01 nor en.md "
        r"of 2023-01-15, which 'translated_from' says it translates",
        result.stderr,
    ), result.stderr
    assert "hint: use the section ids and order of one of them: collect, purposes, sharing, cookies, contact" in (
        result.stderr
    )


def _new_revision(content: Path, key: str, published: str) -> Path:
    """A new revision copied from the latest one, ready to publish."""
    args = ("--content", str(content), "--as-of", AS_OF)
    assert notices("new", "privacy", key, *args).returncode == 0
    folder = content / "privacy" / key
    (folder / "revision.yml").write_text(f"effective: {key}\npublished: {published}\nmaterial: false\n")
    return folder


def test_a_broken_translation_blocks_neither_the_english_diff_nor_other_revisions(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    _new_revision(content, "2026-09-01", "2026-05-01")
    broken = _new_revision(content, "2026-12-01", "2026-11-01")
    th = broken / "th.md"  # drop a section, declare nothing
    text = th.read_text(encoding="utf-8")
    th.write_text(text[: text.index("## 5.")] + text[text.index("## 6.") :], encoding="utf-8")
    en = broken / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("officer", "officer in Bangkok"), encoding="utf-8")
    args = ("--content", str(content), "--as-of", AS_OF)
    assert notices("check", *args).returncode == 1
    english = notices("diff", "privacy", "2026-09-01", "2026-12-01", "--locale", "en", *args)
    assert english.returncode == 0, english.stderr
    assert "contact" in english.stdout and "Bangkok" in english.stdout
    thai = notices("diff", "privacy", "2026-09-01", "2026-12-01", "--locale", "th", *args)
    assert thai.returncode == 1 and "th.md" in thai.stderr
    published = notices("publish", "privacy", "2026-09-01", *args)
    assert published.returncode == 0, published.stderr
    refused = notices("publish", "privacy", "2026-12-01", *args)
    assert refused.returncode == 1 and "2026-12-01/th.md" in refused.stderr


def test_a_lagging_translation_publishes_and_builds(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    folder = _new_revision(content, "2026-09-01", "2026-05-01")
    shutil.copyfile(content / "privacy/2024-06-01/th.md", folder / "th.md")  # the 2023-01-15 sections
    args = ("--content", str(content), "--as-of", AS_OF)
    assert notices("check", *args).returncode == 1  # the Thai sections lag, undeclared
    with (folder / "revision.yml").open("a", encoding="utf-8") as fh:
        fh.write("translated_from:\n  th: 2023-01-15\n")
    assert notices("check", *args).returncode == 1  # published on 2026-05-01 but not recorded yet
    published = notices("publish", "privacy", "2026-09-01", *args)
    assert published.returncode == 0, published.stderr
    result = notices("check", *args)
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"2026-09-01/revision.yml:\d+:1: warning: the th text translates the authoritative text", result.stderr
    )
    site = build(tmp_path / "build", content, as_of=AS_OF)
    page = (site / "th/privacy/2026-09-01/index.html").read_text(encoding="utf-8")
    assert "notices-banner--lagging" in page and '<time datetime="2023-01-15">' in page


# --- nothing a reader sees is broken markup -------------------------------------------


class _Reader(HTMLParser):
    """Collects the text a reader sees and every attribute value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [v for _, v in attrs if v]
        if tag in ("script", "style", "template"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


def assert_no_broken_markup(html: str, where: str) -> None:
    reader = _Reader()
    reader.feed(html)
    text = " ".join(reader.text)
    for leak in LEAKS:
        assert leak not in text, f"{where}: visible text has {leak!r}: …{text[max(text.find(leak) - 80, 0) :][:160]}…"
    for value in reader.attributes:
        assert not re.search(r"<\s*/?\s*(ins|del)\b", value), f"{where}: <ins>/<del> inside an attribute: {value!r}"
    assert not re.search(r"=\"[^\"]*<(ins|del)[ >]", html), f"{where}: <ins>/<del> inside an attribute"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("history")
    return build(workdir, copy_fixture("history", workdir), as_of=AS_OF)


def test_no_built_page_shows_markup_or_redlines_inside_attributes(history_site: Path, example_site: Path) -> None:
    checked = 0
    for site in (history_site, example_site):
        for page in site.rglob("*.html"):
            assert_no_broken_markup(page.read_text(encoding="utf-8"), str(page.relative_to(site)))
            checked += 1
    assert checked > 100


def test_built_change_page_shows_the_old_and_new_address(history_site: Path) -> None:
    page = (history_site / "privacy/2023-01-15/changes/index.html").read_text(encoding="utf-8")
    assert '<a href="https://shop.example/cookie-policy/">cookie policy</a>' in page
    assert '<del class="critic">https://shop.example/cookies/</del>' in page
    assert '<ins class="critic">https://shop.example/cookie-policy/</ins>' in page
    lagging = (history_site / "th/privacy/2024-06-01/index.html").read_text(encoding="utf-8")
    assert '<a href="../../../privacy/2024-06-01/#retention" hreflang="en"><span lang="en">5. Retention</span></a>' in (
        lagging
    )
    thai = (history_site / "th/privacy/2026-01-10/changes/index.html").read_text(encoding="utf-8")
    assert "notices-stale" in thai and 'href="../../../../privacy/2026-01-10/#contact"' in thai


def test_reviewer_html_and_emails_show_no_markup(history: Notice, diffs: dict[str, RevisionDiff]) -> None:
    for key, diff in diffs.items():
        page = to_html(diff)
        assert_no_broken_markup(page, f"diff {key}")
        reader = _Reader()
        reader.feed(page)
        assert not [t for t in reader.text if re.match(r"\s*(- |\|)", t)], key  # no raw list or table
    page = to_html(diffs["2022-02-01"])
    assert '<li>ご注文の商品をお届けする<del class="critic">た</del>ため</li>' in page  # a list, rendered
    assert "1. Information we collect" in page and "<li>Information we collect" not in page  # a heading's number
    example = load(ROOT / "content", EXAMPLE_AS_OF)
    for old, new in zip(example.revisions, example.revisions[1:], strict=False):
        assert_no_broken_markup(to_html(diff_revisions(example, old, new)), f"example {new.key}")
    runs = [(CONTENT, AS_OF, "privacy", key) for key in ("2023-01-15", "2024-06-01", "2026-01-10")]
    runs.append((ROOT / "content", EXAMPLE_AS_OF, "privacy", "2027-01-15"))
    for content, as_of, notice_id, key in runs:
        for ll in LOCALES:
            raw = subprocess_bytes(
                "notice", notice_id, key, "--locale", ll, "--content", str(content), "--as-of", as_of,
                "--site-url", "https://shop.example/",
            )  # fmt: skip
            message = email.message_from_bytes(raw, policy=policy.default)
            html_part = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
            plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            assert_no_broken_markup(html_part, f"email {key} {ll}")
            for leak in LEAKS:
                assert leak not in plain, (key, ll, leak)


def test_thai_email_says_which_sections_lag() -> None:
    raw = subprocess_bytes(
        "notice", "privacy", "2026-01-10", "--locale", "th", "--content", str(CONTENT), "--as-of", AS_OF
    )
    plain = email.message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "คำแปลยังไม่ได้รับการปรับปรุง" in plain
    assert "ข้อความฉบับภาษาอังกฤษของหัวข้อต่อไปนี้มีการเปลี่ยนแปลงเมื่อวันที่ 10 มกราคม พ.ศ. 2569" in plain
    assert "- 7. ติดต่อเรา" in plain
    english = subprocess_bytes("notice", "privacy", "2026-01-10", "--content", str(CONTENT), "--as-of", AS_OF)
    assert "Translation not yet updated" not in email.message_from_bytes(english, policy=policy.default).as_string()


def test_markdown_redline_of_a_link_change() -> None:
    notice = load()
    old, new = notice.revision("2022-02-01"), notice.revision("2023-01-15")
    assert old is not None and new is not None
    text = to_markdown(diff_revisions(notice, old, new, ("en",)))
    assert (
        "Our [cookie policy](https://shop.example/cookie-policy/) (link address changed: "
        "{--https://shop.example/cookies/--} → {++https://shop.example/cookie-policy/++})"
    ) in text
    assert "](https://shop.example/{--" not in text and "{--cookies--}" not in text
    data = json.loads(notices("diff", "privacy", "2022-02-01", "2023-01-15", "--format", "json",
                              "--content", str(CONTENT), "--as-of", AS_OF).stdout)  # fmt: skip
    cookies = next(s for s in data["sections"] if s["id"] == "cookies")["locales"]["en"]["ops"]
    changed = [op for op in cookies if op["op"] != "equal"]
    assert changed == [
        {
            "op": "replace",
            "old": "[cookie policy](https://shop.example/cookies/)",
            "new": "[cookie policy](https://shop.example/cookie-policy/)",
        }
    ]


def test_a_changed_table_cell_is_marked_inside_its_cell() -> None:
    from notices.diff import text_ops
    from notices.diff_format import critic_markup, render_markdown

    old = "| Data | Kept for |\n| --- | --- |\n| orders | 5 years |\n"
    new = "| Data | Kept for |\n| --- | --- |\n| orders | 7 years, then deleted |\n"
    page = render_markdown(critic_markup(text_ops(old, new, "en")))
    assert '<td><del class="critic">5</del> <ins class="critic">7</ins> years' in page
    assert '<ins class="critic">, then deleted</ins></td>' in page or "then deleted</ins></td>" in page
    assert_no_broken_markup(page, "table")


def test_one_language_diff_still_classes_by_the_english() -> None:
    args = ("--content", str(CONTENT), "--as-of", AS_OF, "--format", "json")
    data = json.loads(notices("diff", "privacy", "2021-03-01", "2022-02-01", "--locale", "ja", *args).stdout)
    assert data["locales"] == ["ja"]
    got = {s["id"]: (s["class"], s["locales"]["ja"]["class"]) for s in data["sections"]}
    assert got["purposes"] == (TRANSLATION, TRANSLATION)  # the Japanese typo fix
    assert got["sharing"] == (EDITORIAL, EDITORIAL)  # PayFlow's case, in English and in Japanese
    assert data["likely_material"] is False


def test_thai_email_of_a_declared_lag() -> None:
    raw = subprocess_bytes(
        "notice", "privacy", "2024-06-01", "--locale", "th", "--content", str(CONTENT), "--as-of", AS_OF
    )
    plain = email.message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "คำแปลนี้แปลจากข้อความฉบับภาษาอังกฤษของฉบับที่มีผลใช้บังคับตั้งแต่วันที่ 15 มกราคม พ.ศ. 2566" in plain
    assert "/privacy/2024-06-01/" in plain  # the English page of this revision


def test_translation_only_revision_on_the_site(pages: dict[str, str]) -> None:
    """2025-03-01 only brought the Thai text up to date: no page calls anything substantive."""
    for ll in LOCALES:
        ui = UiText.load(ROOT / "locales", ll)
        page = pages[f"{ll}/privacy/2025-03-01/changes.md"]
        assert f"| {ui.text('Substantive')} |" not in page and f"· {ui.text('Substantive')}" not in page, ll
    thai = pages["th/privacy/2025-03-01/changes.md"]
    # Six Thai sections caught up: two reworded, four that only took their new numbers (one line).
    assert thai.count("| การปรับปรุงคำแปล |") == 2
    renumbered = thai.split('<p class="notices-renumbered">', 1)[1].split("</p>", 1)[0]
    assert re.findall(r"\d\. ", renumbered) == ["2. ", "3. ", "4. ", "7. "], renumbered
    assert "The text of this version is the same as the version before." in pages["en/privacy/2025-03-01/changes.md"]


def test_a_new_revision_keeps_declaring_what_its_copied_translation_renders(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    meta = content / "privacy/2026-01-10/revision.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + "translated_from:\n  th: 2025-03-01\n", encoding="utf-8")
    args = ("--content", str(content), "--as-of", AS_OF)
    assert notices("new", "privacy", "2027-01-01", *args).returncode == 0
    text = (content / "privacy/2027-01-01/revision.yml").read_text(encoding="utf-8")
    assert "translated_from:\n  th: 2025-03-01\n" in text


def test_a_new_english_heading_with_the_old_translated_one_is_stale() -> None:
    from notices.diff.stale import stale_reason
    from notices.model import Section

    def sec(heading: str, body: str) -> Section:
        return Section("sharing", heading, body, 1)

    en_old, en_new = sec("3. Sharing", "We share it."), sec("3. Sharing with other companies", "We share it.")
    th_old = sec("3. การเปิดเผยข้อมูล", "บริษัทเปิดเผยข้อมูล")
    th_new = sec("3. การเปิดเผยข้อมูล", "บริษัทเปิดเผยข้อมูลของท่าน")  # the body was touched, the heading not
    assert stale_reason(en_old, en_new, th_old, th_new, SUBSTANTIVE) == ("unchanged", ())
    caught_up = sec("3. การเปิดเผยข้อมูลแก่บริษัทอื่น", th_new.body)
    assert stale_reason(en_old, en_new, th_old, caught_up, SUBSTANTIVE) is None
