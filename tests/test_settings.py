"""One reader of mkdocs.yml: the commands, the parallel build, the preview and MkDocs' own build agree.

``notices check`` and every command read :class:`notices.project.Settings` with
:func:`notices.project.read_settings`; the MkDocs adapter makes the same object
from the configuration MkDocs checked. For the example project and for a fixture
with every option set, both must give equal settings.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from conftest import ROOT, write_config
from notices.cli_common import project_settings
from notices.findings import Reporter
from notices.mkdocs_plugin import plugin_settings
from notices.project import Settings, read_settings
from notices.sitebuild.parallel import SitePlan


def build_settings(config_file: Path) -> Settings:
    """What the build sees: MkDocs reads and checks the file, the adapter makes the settings."""
    config = load_config(str(config_file))
    plugin = config.plugins["notices"]
    return plugin_settings(config, plugin.config)


def command_settings(config_file: Path) -> Settings:
    """What ``notices check -f`` (and every command) sees."""
    settings = project_settings(argparse.Namespace(config_file=config_file))
    assert settings is not None
    return settings


def fixture_config(tmp_path: Path) -> Path:
    """Every option of the plugin set, a non-default language listed first, one language not built."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/mini/content", content)
    (tmp_path / "my-locales").mkdir()
    config = write_config(
        tmp_path,
        content,
        locales_dir="my-locales",
        timezone="Asia/Bangkok",
        as_of=date(2026, 12, 1),
        japanese_era=True,
        buddhist_era=False,
        preview=True,
        locales=["en", "ja", "vi", "th"],
    )
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_url"] = "https://privacy.example.com/notices"
    data["site_name"] = "Example & Co"
    i18n = next(p["i18n"] for p in data["plugins"] if isinstance(p, dict) and "i18n" in p)
    i18n["languages"].reverse()  # the default language is no longer first
    i18n["languages"][0]["build"] = False
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def test_the_example_project_reads_the_same_for_commands_and_build() -> None:
    config = ROOT / "mkdocs.yml"
    settings = command_settings(config)
    assert settings == build_settings(config)
    assert settings.locales == ("en", "ja", "vi", "th") and settings.timezone == "Asia/Tokyo"
    assert settings.content_dir == (ROOT / "content").resolve()


def test_a_fixture_with_every_option_reads_the_same_for_commands_and_build(tmp_path: Path) -> None:
    config = fixture_config(tmp_path)
    settings = command_settings(config)
    assert settings == build_settings(config)
    assert settings.site_languages == ("en", "vi", "ja")  # the default first, then in order; th is not built
    assert (settings.as_of, settings.timezone) == ("2026-12-01", "Asia/Bangkok")
    assert (settings.japanese_era, settings.buddhist_era, settings.preview) == (True, False, True)
    assert settings.site_url == "https://privacy.example.com/notices/"
    assert settings.locales_dir == (tmp_path / "my-locales").resolve()


def test_the_parallel_build_and_preview_plan_from_the_same_settings(tmp_path: Path) -> None:
    config = fixture_config(tmp_path)
    settings = command_settings(config)
    plan = SitePlan.read(config)
    assert plan.locales == settings.site_languages
    assert (plan.site_dir, plan.generated_dir) == (settings.site_dir, settings.generated_dir)
    assert settings.content_dir in plan.guarded and settings.locales_dir in plan.guarded


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("japanese_era: 'yes'", "the notices plugin's 'japanese_era' must be true or false"),
        ("locale: th", "the notices plugin has no option 'locale'"),
        ("locales: en", "the notices plugin's 'locales' must be a list of language codes"),
    ],
)
def test_a_malformed_option_is_one_message_at_its_line(tmp_path: Path, option: str, message: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nplugins:\n  - notices:\n      {option}\n", encoding="utf-8")
    report = Reporter()
    assert read_settings(config, report) is None
    assert [(f.line, f.message) for f in report.findings] == [(4, message)]
    with pytest.raises(Exception, match=message.replace("'", ".")):
        SitePlan.read(config)  # the parallel build stops before it starts a language
