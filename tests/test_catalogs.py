"""The UI text catalogs: every entry translated, none fuzzy, in step with the templates and code."""

from __future__ import annotations

import subprocess

import pytest
from babel.messages.pofile import read_po

from conftest import BIN, ROOT

TRANSLATED = ("ja", "vi", "th")


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with (ROOT / "locales" / locale / "LC_MESSAGES/messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_entry_is_translated_and_not_fuzzy(locale: str) -> None:
    catalog = _catalog(locale)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{locale}: untranslated {untranslated}"
    assert fuzzy == [], f"{locale}: fuzzy {fuzzy}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_placeholders_survive_translation(locale: str) -> None:
    import re

    for message in _catalog(locale):
        if message.id:
            names = set(re.findall(r"%\((\w+)\)s", str(message.id)))
            # a translation may repeat a name (Japanese repeats the notice's name), never drop or invent one
            assert set(re.findall(r"%\((\w+)\)s", str(message.string))) == names, message.id


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
    for locale in TRANSLATED:
        assert extracted - {m.id for m in _catalog(locale) if m.id} == set(), locale
