"""The UI text catalogs: every entry translated, none fuzzy, in step with the templates and code."""

from __future__ import annotations

import email
import gettext
import re
import shutil
import subprocess
from email import policy
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.messages.pofile import read_po

from conftest import BIN, FIXTURES, ROOT, mkdocs, write_config
from notices.resources import LOCALES_DIR, catalog_file
from notices.site.messages import UiText, babel_locale, plural_samples

#: Every catalog the package ships (en is the source language and needs none).
SHIPPED = tuple(sorted(p.parent.parent.name for p in (ROOT / "locales").glob("*/LC_MESSAGES/messages.po")))
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with (ROOT / "locales" / locale / "LC_MESSAGES/messages.po").open("rb") as fh:
        return read_po(fh)


def test_the_package_ships_the_languages_a_company_publishes_in() -> None:
    expected = {"ja", "vi", "th", "ko", "zh_Hans", "zh_Hant", "id", "hi", "fr", "de", "es", "ar"}
    assert expected <= set(SHIPPED)


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_entry_is_translated_and_not_fuzzy(locale: str) -> None:
    catalog = _catalog(locale)
    untranslated = [m.id for m in catalog if m.id and not all(m.string if m.pluralizable else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{locale}: untranslated {untranslated}"
    assert fuzzy == [], f"{locale}: fuzzy {fuzzy}"
    assert not catalog.fuzzy, f"{locale}: the catalog header is marked fuzzy"


@pytest.mark.parametrize("locale", SHIPPED)
def test_placeholders_survive_translation(locale: str) -> None:
    for message in _catalog(locale):
        if not message.id:
            continue
        if message.pluralizable:
            names = set(PLACEHOLDER.findall(message.id[1]))
            *fewer, other = message.string
            # a form for one or two may say the number in words ("صفحة واحدة"), never invent a name
            assert all(set(PLACEHOLDER.findall(form)) <= names for form in fewer), message.id
            assert set(PLACEHOLDER.findall(other)) == names, message.id
        else:
            names = set(PLACEHOLDER.findall(message.id))
            # a translation may repeat a name (Japanese repeats the notice's name), never drop or invent one
            assert set(PLACEHOLDER.findall(message.string)) == names, message.id


@pytest.mark.parametrize("locale", SHIPPED)
def test_plural_forms_header_matches_cldr(locale: str) -> None:
    """The header's forms split whole numbers exactly as CLDR's plural categories do."""
    catalog = _catalog(locale)
    header = dict(catalog.mime_headers)["Plural-Forms"]
    match = re.fullmatch(r"\s*nplurals=(\d+);\s*plural=(.+?);?\s*", header)
    assert match, header
    nplurals, index = int(match.group(1)), gettext.c2py(match.group(2))
    rule = Locale.parse(locale).plural_form
    seen: dict[str, int] = {}
    for n in (*range(2000), 1_000_000, 2_000_000):
        form = index(n)
        assert 0 <= form < nplurals, (locale, n)
        assert seen.setdefault(rule(n), form) == form, f"{locale}: {n} is '{rule(n)}' but takes form {form}"
    assert len(set(seen.values())) == len(seen) == nplurals, (locale, seen)
    for message in catalog:
        if message.id and message.pluralizable:
            assert len(message.string) == nplurals, message.id


def test_english_counts_one_page_in_the_singular() -> None:
    ui = UiText("en", None, LOCALES_DIR)
    singular, plural = "Results for “%(query)s”: %(count)s page", "Results for “%(query)s”: %(count)s pages"
    assert ui.plural_text(singular, plural, 1, query="x") == "Results for “x”: 1 page"
    assert ui.plural_text(singular, plural, 3, query="x") == "Results for “x”: 3 pages"
    arabic = UiText.load(LOCALES_DIR, "ar")
    texts = {n: arabic.plural_text(singular, plural, n, query="x") for n in (1, 2, 5, 11, 100)}
    assert len(set(texts.values())) == 5 and arabic.missing == set(), texts


def test_region_subtags_find_the_shipped_catalog(tmp_path: Path) -> None:
    """zh-TW reads Traditional Chinese, zh-CN Simplified, es-ES Spanish; a project's own catalog wins."""
    assert catalog_file(LOCALES_DIR, "zh-TW").parent.parent.name == "zh_Hant"
    assert catalog_file(LOCALES_DIR, "zh-CN").parent.parent.name == "zh_Hans"
    assert catalog_file(LOCALES_DIR, "es-ES").parent.parent.name == "es"
    assert UiText.load(LOCALES_DIR, "zh-TW").text("Search") == "搜尋"
    assert babel_locale("zh-TW").script == "Hant"
    own = tmp_path / "locales"
    (own / "zh-TW/LC_MESSAGES").mkdir(parents=True)
    text = (LOCALES_DIR / "zh_Hant/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    (own / "zh-TW/LC_MESSAGES/messages.po").write_text(text.replace('msgstr "搜尋"', 'msgstr "查詢"'), "utf-8")
    from notices.resources import catalog_dir

    assert UiText.load(catalog_dir("zh-TW", own), "zh-TW").text("Search") == "查詢"
    assert plural_samples("ar") == {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def test_template_keeps_up_with_the_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every string in scripts/ and overrides/ is in messages.pot (run `make locales-update` if not).

    The extraction is `make locales-extract`'s: babel.cfg reads the code's syntax tree (notices.ui_strings)
    and the templates with Jinja's parser, so a Babel release that reads tokens differently changes nothing.
    """
    out = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(BIN / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "text",
            "-k",
            "html",
            "-k",
            "plural_text:1,2",
            "-k",
            "plural_html:1,2",
            "--no-location",
            "--omit-header",
            "-o",
            str(out),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with out.open("rb") as fh:
        extracted = {m.id for m in read_po(fh) if m.id}
    with (ROOT / "locales/messages.pot").open("rb") as fh:
        committed = {m.id for m in read_po(fh) if m.id}
    assert extracted - committed == set(), "run `make locales-update` and translate the new entries"
    for locale in SHIPPED:
        assert extracted - {m.id for m in _catalog(locale) if m.id} == set(), locale


def test_every_catalog_has_the_template_s_entries() -> None:
    with (ROOT / "locales/messages.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    for locale in SHIPPED:
        assert template - {m.id for m in _catalog(locale) if m.id} == set(), locale


class _Text(HTMLParser):
    """The text a visitor reads or hears: text nodes and the attributes shown or spoken."""

    SHOWN = ("title", "aria-label", "alt", "placeholder", "content")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in self.SHOWN or name.startswith("data-text-")):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


#: The languages of the build below: shipped catalogs, one written right to left, two with a region.
SITE_LANGUAGES = ("en", "ko", "zh-TW", "ar", "fr", "es-ES")


@pytest.fixture(scope="module")
def many_languages_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture published in six languages (each translation's text is the Japanese one)."""
    work = tmp_path_factory.mktemp("languages")
    content = work / "content"
    shutil.copytree(FIXTURES / "mini/content", content)
    notice = content / "terms"
    (notice / "published.lock").unlink()
    data = yaml.safe_load((notice / "notice.yml").read_text(encoding="utf-8"))
    data["nav_title"] = {ll: data["nav_title"]["en" if ll == "en" else "ja"] for ll in SITE_LANGUAGES}
    (notice / "notice.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for revision in sorted(p for p in notice.iterdir() if p.is_dir()):
        meta = yaml.safe_load((revision / "revision.yml").read_text(encoding="utf-8"))
        if "summary" in meta:
            meta["summary"] = {ll: meta["summary"]["en" if ll == "en" else "ja"] for ll in SITE_LANGUAGES}
        (revision / "revision.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        japanese = (revision / "ja.md").read_text(encoding="utf-8")
        for old in ("ja", "vi", "th"):
            (revision / f"{old}.md").unlink()
        for ll in SITE_LANGUAGES[1:]:
            (revision / f"{ll}.md").write_text(japanese, encoding="utf-8")
    config_path = write_config(work, content)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [
                {"locale": ll, "name": ll, "build": True, **({"default": True} if ll == "en" else {})}
                for ll in SITE_LANGUAGES
            ]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for day in ("2020-01-01", "2024-01-01", "2030-01-01"):
        published = subprocess.run(
            [str(BIN / "notices"), "publish", "-f", str(config_path), "--as-of", "2029-12-01", "terms", day],
            capture_output=True,
            text=True,
            check=False,
        )
        assert published.returncode == 0, published.stdout + published.stderr
    result = mkdocs("build", "-f", str(config_path), as_of="2029-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


def _ui_fragments(locale: str) -> set[str]:
    """The English text of every UI string: each msgid's words between its placeholders.

    A fragment the translation itself contains is no English left over (French "Notices", "page").
    """
    with catalog_file(LOCALES_DIR, locale).open("rb") as fh:
        translated = {m.id: m.string for m in read_po(fh) if m.id}
    fragments = set()
    for msgid, string in translated.items():
        target = " ".join(string) if isinstance(string, tuple) else string
        for text in msgid if isinstance(msgid, tuple) else (msgid,):
            for part in PLACEHOLDER.split(text)[::2]:
                part = part.strip(" ,.:;()“”")
                if re.search(r"[A-Za-z]{3}", part) and part not in target:
                    fragments.add(part)
    return fragments


@pytest.mark.build
@pytest.mark.parametrize("locale", SITE_LANGUAGES[1:])
def test_no_english_ui_text_on_another_language_s_pages(many_languages_site: Path, locale: str) -> None:
    fragments = _ui_fragments(locale)
    pages = sorted((many_languages_site / locale).rglob("*.html"))
    assert len(pages) >= 5, pages
    for page in pages:
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        words = " ".join(" ".join(parser.parts).split())
        found = sorted(f for f in fragments if re.search(r"(?<![A-Za-z])" + re.escape(f) + r"(?![A-Za-z])", words))
        assert found == [], f"{page.relative_to(many_languages_site)}: English UI text {found}"


@pytest.mark.build
def test_region_and_script_languages_build_with_their_dates(many_languages_site: Path) -> None:
    taiwan = (many_languages_site / "zh-TW/terms/index.html").read_text(encoding="utf-8")
    assert "生效日期：<time" in taiwan and "2024年1月1日" in taiwan
    spain = (many_languages_site / "es-ES/terms/index.html").read_text(encoding="utf-8")
    assert "Fecha de entrada en vigor: <time" in spain and "1 de enero de 2024" in spain
    french = (many_languages_site / "fr/terms/index.html").read_text(encoding="utf-8")
    # The allowlist writes the no-break space French puts before a colon as &nbsp;.
    assert "Date d’entrée en vigueur&nbsp;: <time" in french and "1 janvier 2024" in french


@pytest.mark.build
def test_arabic_pages_read_right_to_left(many_languages_site: Path) -> None:
    for page in (many_languages_site / "ar").rglob("*.html"):
        assert '<body dir="rtl"' in page.read_text(encoding="utf-8"), page
    assert '<body dir="ltr"' in (many_languages_site / "fr/terms/index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_search_page_carries_one_count_message_per_plural_category(many_languages_site: Path) -> None:
    english = (many_languages_site / "search/index.html").read_text(encoding="utf-8")
    assert 'data-text-count-one="Results for “%(query)s”: %(count)s page"' in english
    assert 'data-text-count-other="Results for “%(query)s”: %(count)s pages"' in english
    arabic = (many_languages_site / "ar/search/index.html").read_text(encoding="utf-8")
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert f"data-text-count-{category}=" in arabic, category


@pytest.mark.build
def test_change_notice_email_uses_the_shipped_catalog_in_a_project_without_locales(many_languages_site: Path) -> None:
    """`notices notice --locale ko` drafts Korean text where the project has no locales/ folder."""
    content = many_languages_site.parent / "content"
    args = ["notice", "terms", "2030-01-01", "--content", str(content), "--locale", "ko", "--as-of", "2029-12-01"]
    result = subprocess.run(
        [str(BIN / "notices"), *args], cwd=content.parent, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    message = email.message_from_bytes(result.stdout, policy=policy.default)
    assert "변경 안내" in str(message["Subject"]), message["Subject"]


def test_update_catalogs_takes_a_project_catalog_named_with_a_region(tmp_path: Path) -> None:
    """A project's own `locales/zh-TW/` gets a newer notices' entries, plural ones counted as untranslated."""
    from notices.site.catalogs import update_catalogs

    path = tmp_path / "locales/zh-TW/LC_MESSAGES/messages.po"
    path.parent.mkdir(parents=True)
    with (LOCALES_DIR / "zh_Hant/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh)
    del catalog["Search"]
    del catalog[("Results for “%(query)s”: %(count)s page", "Results for “%(query)s”: %(count)s pages")]
    from babel.messages.pofile import write_po

    with path.open("wb") as fh:
        write_po(fh, catalog)
    (updated,) = update_catalogs(tmp_path / "locales")
    assert (updated.path, updated.added, updated.untranslated) == (path, 2, 2)
