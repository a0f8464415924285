"""The preview's renderer: each language built by MkDocs in this process and kept warm.

A save of one section used to rebuild the whole site, four times over
(static-i18n's passes), before any page changed: 4–5 s at 80 revisions.
Here each language is built once, as one language of ``notices build``
(``NOTICES_BUILD_LOCALE``), and what that build made (its configuration,
files, navigation and template environment) is kept. A page whose
generated Markdown changed is then rendered alone, through the same MkDocs
functions and plugin events a build uses, in about 20 ms.

This is the only module of the preview that imports MkDocs.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import InclusionLevel

from ..mkdocs_plugin import DELIBERATELY_DIRTY

log = logging.getLogger("mkdocs.plugins.notices")

LOCALE_VARIABLE = "NOTICES_BUILD_LOCALE"


class _NotThePdfs(logging.Filter):
    """The preview makes a PDF when it is opened (see PreviewSession.pdf), so its link is not broken."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (".pdf'" in message and "is not found among documentation files" in message)


logging.getLogger("mkdocs.commands.build").addFilter(DELIBERATELY_DIRTY)


class PreviewBuildError(Exception):
    """A build of the preview failed; the message is the build's own, already logged by MkDocs."""


class _Errors(logging.Handler):
    """The error messages of one build, for the error box (MkDocs logs them, then aborts with no text)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class _Kept:
    config: MkDocsConfig
    files: Any
    nav: Any
    env: Any


def _describe(exc: Exception) -> str:
    """One message for a failure MkDocs does not word itself, at its file and line when it has them."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return (
            f"{exc.filename}:{exc.lineno}:1: error: this template cannot be read: {exc.message}\n"
            "  hint: undo the last change to this template"
        )
    return f"error: the page could not be built: {type(exc).__name__}: {exc}"


class LanguageBuild:
    """One language of the site, built into its own folder, with what the build made kept for single pages."""

    def __init__(self, config_file: Path, locale: str, site_dir: Path, generated_dir: Path | None) -> None:
        self.config_file = config_file
        self.locale = locale
        self.site_dir = site_dir
        self.generated_dir = generated_dir
        self.kept: _Kept | None = None

    def build(self) -> None:
        """A whole build of this language (``--dirty``: archived pages already in the folder are kept)."""
        saved = os.environ.get(LOCALE_VARIABLE)
        if self.locale:
            os.environ[LOCALE_VARIABLE] = self.locale
        errors, pdfs = _Errors(), _NotThePdfs()
        logging.getLogger("mkdocs").addHandler(errors)
        logging.getLogger("mkdocs.structure.pages").addFilter(pdfs)
        try:
            config = load_config(str(self.config_file), site_dir=str(self.site_dir))
            plugin = config.plugins.get("notices")
            if plugin is None:
                raise PreviewBuildError(f"{self.config_file}: the notices plugin is not in mkdocs.yml's plugins")
            if self.generated_dir is not None:
                plugin.config.generated_dir = str(self.generated_dir)
            config.plugins.on_startup(command="serve", dirty=True)
            plugin.make_pdfs = False  # 640 PDFs at 80 revisions take minutes: each is made when opened
            mkdocs_build.build(config, dirty=True)
            self.kept = _Kept(config, plugin.files, plugin.preview_nav, plugin.preview_env)
        except (Abort, ConfigurationError, PluginError, OSError) as exc:
            # What the last good build made stays: its pages are still served (with the error on top).
            raise PreviewBuildError("\n".join(errors.messages) or str(exc)) from None
        except Exception as exc:  # a template or another plugin failed: one message, never a traceback
            raise PreviewBuildError(_describe(exc)) from None
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
            logging.getLogger("mkdocs.structure.pages").removeFilter(pdfs)
            if saved is None:
                os.environ.pop(LOCALE_VARIABLE, None)
            else:
                os.environ[LOCALE_VARIABLE] = saved

    def render(self, src_uris: Iterable[str]) -> list[str] | None:
        """Render these generated pages alone; their output paths, or None when a whole build is needed."""
        kept = self.kept
        if kept is None or kept.files is None or kept.nav is None or kept.env is None:
            return None
        wanted = []
        for uri in src_uris:
            file = kept.files.get_file_from_path(uri)
            if file is None or file.page is None:
                return None  # a new page: the navigation changes, so the whole language is built
            wanted.append(file)
        doc_files = kept.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        written = []
        try:  # the language is the kept configuration's own: no environment to set (that is read in on_config)
            for file in wanted:
                mkdocs_build._populate_page(file.page, kept.config, kept.files, dirty=False)
                mkdocs_build._build_page(file.page, kept.config, doc_files, kept.nav, kept.env, dirty=False)
                written.append(file.dest_uri)
        except Exception as exc:
            log.debug(f"notices: rendering {len(wanted)} pages alone failed ({exc}); building the language")
            return None
        return written

    def close(self) -> None:
        if self.kept is not None:
            with contextlib.suppress(Exception):
                self.kept.config.plugins.on_shutdown()
            self.kept = None
