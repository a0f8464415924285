"""The notices plugin's options in mkdocs.yml, checked by MkDocs itself, and the settings made from them.

Part of the MkDocs adapter (see :mod:`notices.adapters.mkdocs_plugin`): the ``config_options``,
the time zone type, and how ``as_of`` and ``preview`` fall back to the environment.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..content.dates import DateSettingError, TimeZoneError, parse_date_setting, time_zone, today
from ..project import Settings

log = logging.getLogger("mkdocs.plugins.notices")


#: Archived and upcoming revision pages are reachable from the page in force
#: and the history page, not from the navigation.
NOT_IN_NAV = ["/*/*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/"]


class _DeliberatelyDirty(logging.Filter):
    """``--dirty`` is how archived pages are reused (see notices.build.pagecache), not a risk to warn of.

    Dropped here, MkDocs' warning neither alarms the legal team nor stops ``notices build --strict``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


DELIBERATELY_DIRTY = _DeliberatelyDirty()


class TimeZone(c.Type[str]):
    """An IANA time zone name, checked when MkDocs reads mkdocs.yml."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            time_zone(name)
        except TimeZoneError as exc:
            raise base.ValidationError(f"{exc} (the time zone whose midnight switches revisions)") from None
        return name


#: The Python-Markdown extension that passes every page's HTML through the allowlist.
SANITIZER = "notices.markup.sanitize"
#: A backslash at the end of a line is a line break (notices.markup.breaks); before the sanitizer.
BREAKS = "notices.markup.breaks"


class NoticesConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs is untyped here
    content_dir = c.Dir(exists=True, default="content")
    """The policy source: one folder per notice, one folder per revision."""

    locales_dir = c.Optional(c.Dir(exists=True))
    """Your own Babel catalogs (``<ll>/LC_MESSAGES/messages.po``), to add a language or reword the UI.
    Default: ``locales/`` beside mkdocs.yml if it exists; a language without a catalog there uses
    the one shipped with notices."""

    timezone = c.Optional(TimeZone())
    """The IANA time zone (``Asia/Tokyo``) whose date counts as today. Else the build machine's."""

    generated_dir = c.Type(str, default="build/docs")
    """Where generated Markdown goes; MkDocs builds from here. Git ignores it."""

    locales = c.Optional(c.ListOfItems(c.Type(str)))
    """The site's languages; every revision has one ``<ll>.md`` per language. Default: the
    languages of the i18n plugin, the default one first."""

    as_of = c.Optional(c.Type((date, str)))
    """The date that counts as today. Else ``NOTICES_AS_OF``, else today's date."""

    japanese_era = c.Type(bool, default=False)
    """Write Japanese dates in the imperial era (令和5年7月3日)."""

    buddhist_era = c.Type(bool, default=True)
    """Write Thai dates in the Buddhist era (พ.ศ. 2566), as Thai notices do."""

    pdf_cache_dir = c.Type(str, default="build/pdf-cache")
    """Where each revision's PDF is kept once made, named by the hash of what it shows. Git ignores it."""

    organisation = c.Optional(c.Type(dict))
    """Who publishes the notices: ``name`` (one, or ``{en: ..., ja: ...}`` per language) and
    ``contact`` (an address for questions, objections and withdrawing consent). The e-mail
    draft is signed with the name in its language."""

    preview = c.Optional(c.Type(bool))
    """Also show drafts and unpublished revisions, marked as previews. Else
    ``NOTICES_PREVIEW=1``. For the legal team's own machine: never deploy it."""


def plugin_settings(config: MkDocsConfig, options: NoticesConfig) -> Settings:
    """The build's :class:`notices.project.Settings`: the options MkDocs checked, made as the commands make them."""
    i18n = config.plugins.get("i18n")
    return Settings.make(
        Path(config.config_file_path) if config.config_file_path else None,
        dict(options),
        i18n=getattr(i18n, "config", None),
        site_url=config.site_url,
        site_dir=config.site_dir,
        site_name=config.site_name,
        custom_dir=config.theme.custom_dir,
    )


def resolve_preview(value: bool | None) -> bool:
    """``preview`` from mkdocs.yml, else ``NOTICES_PREVIEW`` (1/true/yes)."""
    if value is not None:
        return value
    return os.environ.get("NOTICES_PREVIEW", "").strip().lower() in {"1", "true", "yes"}


def resolve_as_of(value: date | str | None, timezone: str | None = None) -> date:
    """``as_of`` from mkdocs.yml, else ``NOTICES_AS_OF``, else today in ``timezone``."""
    source = "as_of in mkdocs.yml"
    if value is None:
        value = os.environ.get("NOTICES_AS_OF") or None
        source = "NOTICES_AS_OF"
    try:
        return today(timezone) if value is None else parse_date_setting(value, source)
    except DateSettingError as exc:
        raise PluginError(str(exc)) from None
