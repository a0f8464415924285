"""The MkDocs adapter: check content, write the generated pages, point MkDocs at them.

Thin on purpose. The checks are :func:`notices.content.check.check_content` (the same
as ``notices check``), the pages come from :mod:`notices.site.render`. This module
only moves them into MkDocs: it writes Markdown into a generated folder that
git ignores, sets ``docs_dir`` to it, orders and names the navigation, and
hands the Babel catalogs to the templates.

mkdocs-static-i18n reruns the whole build once per language, so the result of
checking and rendering is cached for the process, keyed by the files' state.

The hooks are split by what they touch: :mod:`.mkdocs_config` (the options in
mkdocs.yml), :mod:`.mkdocs_staging` (the folders, the swap, the locks, the PDFs)
and :mod:`.mkdocs_pages` (templates, navigation, the page cache, 404s, sources).
This class keeps the state and the configuration and render steps; the names
above stay importable from here.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from pathspec.gitignore import GitIgnoreSpec

from ..build.folders import BuildLock
from ..build.pagecache import PageCache
from ..commands import command, make_or
from ..content.check import CheckResult, check_content
from ..findings import format_findings
from ..markup.fields import plain_text
from ..project import Settings, unknown_option
from ..resources import THEME_DIR, catalog_dir
from ..site.messages import UiText
from ..site.render import RenderedSite, RenderOptions, render_site
from ..site.search_index import SearchIndexError, build_search_index
from .mkdocs_config import (
    BREAKS,
    DELIBERATELY_DIRTY,
    NOT_IN_NAV,
    SANITIZER,
    NoticesConfig,
    TimeZone,
    log,
    plugin_settings,
    resolve_as_of,
    resolve_preview,
)
from .mkdocs_pages import PagesMixin, own_templates
from .mkdocs_staging import StagingMixin, write_if_changed

__all__ = [
    "DELIBERATELY_DIRTY",
    "NOT_IN_NAV",
    "SANITIZER",
    "NoticesConfig",
    "NoticesPlugin",
    "TimeZone",
    "own_templates",
    "plugin_settings",
    "resolve_as_of",
    "resolve_preview",
    "write_if_changed",
]


def _fingerprint(*roots: Path) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                entries.append((path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(entries))


_CACHE: dict[tuple[Any, ...], tuple[CheckResult, RenderedSite]] = {}
#: Under ``mkdocs serve``: the error of content that failed, by the same key (static-i18n asks once per language).
_FAILED: dict[tuple[Any, ...], str] = {}


class NoticesPlugin(StagingMixin, PagesMixin, BasePlugin[NoticesConfig]):
    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """An unknown option is an error, not a warning that ``mkdocs build -q`` hides (as ``notices check``)."""
        errors, warnings = super().load_config(options, config_file_path)
        for key, warning in list(warnings):
            if str(warning).startswith("Unrecognised configuration name"):
                warnings.remove((key, warning))
                message, hint = unknown_option(key)
                errors.append((key, c.ValidationError(f"{message}\n  hint: {hint}")))
        return errors, warnings

    def __init__(self) -> None:
        super().__init__()
        self.result: CheckResult | None = None
        self.settings: Settings = Settings.make(None, {})
        self.as_of: date | None = None
        self.locales_dir: Path | None = None
        self.generated_dir: Path | None = None
        self.content_dir: Path | None = None
        self.default_404: bytes | None = None
        # Build-elsewhere-and-swap state (see on_startup).
        self.final_site_dir: Path | None = None
        self.staging_dir: Path | None = None
        self.depth = 0
        self.built = False
        self.failed = False
        self.serving = False
        self.command = ""
        self.only_locale: str | None = None
        self.dirty = False
        self.page_cache: PageCache | None = None
        self.page_keys: dict[str, str] = {}
        self.lastmods: dict[str, str] = {}
        self.files: Any = None
        #: What the last build made, for the preview's single-page renders (notices.adapters.preview.languages).
        self.preview_nav: Any = None
        self.preview_env: Any = None
        self.render_options = RenderOptions()
        #: ``notices serve`` shows pages only: the PDFs are made by the build (see notices.adapters.preview).
        self.make_pdfs = True
        self.rendered = RenderedSite()
        self.base_dir = Path()
        self.serve_error: str | None = None
        self.locks: list[BuildLock] = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Build into a sibling folder and swap it in at the end, so a failed build leaves site/ as it was.

        Content mistakes already stop the build before MkDocs touches site/;
        this covers everything else (a broken template, a strict-mode warning).
        ``mkdocs serve`` builds into a temporary folder of its own and is left alone.
        """
        self.final_site_dir = self.staging_dir = None
        self.depth, self.built, self.failed = 0, False, False
        self.serving = command == "serve"  # live reload injects an inline script the policy cannot know
        self.command = command
        self.dirty = dirty
        if dirty and os.environ.get("NOTICES_BUILD_LOCALE"):  # `notices build` asks for --dirty on purpose
            logging.getLogger("mkdocs.commands.build").addFilter(DELIBERATELY_DIRTY)
        if command in ("build", "gh-deploy") and not dirty:
            self.final_site_dir = Path()  # set from the config in on_config

    def _on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        extensions = config.markdown_extensions
        if BREAKS not in extensions:  # an older project's mkdocs.yml: its address blocks break as checked
            extensions.append(BREAKS)
        if SANITIZER in extensions:  # the sanitizer runs last
            extensions.remove(SANITIZER)
        extensions.append(SANITIZER)  # a project's mkdocs.yml may leave it out: never unsanitized
        base_dir = Path(config.config_file_path or ".").resolve().parent
        self.settings = settings = plugin_settings(config, self.config)
        self.content_dir = settings.content_dir
        self.locales_dir = self._project_locales(base_dir)
        self.generated_dir = settings.generated_dir
        self.as_of = resolve_as_of(settings.as_of, settings.timezone)
        locales = self._locales(config)
        self._use_packaged_theme(config)
        self.only_locale = os.environ.get("NOTICES_BUILD_LOCALE") or None
        i18n = config.plugins.get("i18n")
        if self.only_locale and i18n is not None and getattr(i18n, "current_language", None) is None:
            # One language of a parallel `notices build`: static-i18n builds it alone, and
            # `notices build` (not this process) merges and swaps the site in.
            i18n.current_language = self.only_locale
            i18n.building = True
            self.final_site_dir = None
        self._refuse_dangerous(base_dir, config)
        if self.final_site_dir == Path():  # lock site/ before the generated folder, as `notices build` does
            self.final_site_dir = final = Path(config.site_dir).resolve()
            self.staging_dir = self._stage(final, base_dir, config)
        options = RenderOptions(
            japanese_era=settings.japanese_era,
            buddhist_era=settings.buddhist_era,
            preview=resolve_preview(settings.preview),
            site_url=settings.site_url,
            publisher=plain_text(settings.site_name),
        )
        self.render_options, self.base_dir = options, base_dir
        if options.preview:
            log.info("notices: preview build: drafts and unpublished revisions are shown; do not deploy it")
        watched = [self.content_dir] + ([self.locales_dir] if self.locales_dir else [])
        key = (self.content_dir, locales, self.as_of, options, _fingerprint(*watched))
        cached = _CACHE.get(key)
        self.serve_error = _FAILED.get(key)
        if cached is None and self.serve_error is None:
            try:
                cached = self._check_and_render(locales, options, base_dir, config, key)
            except PluginError as exc:
                if self.command != "serve" or not _CACHE:
                    raise
                # Under `mkdocs serve`, keep serving the last good pages and say why they are old.
                log.error(f"{exc}\nnotices: the preview still shows the last good version until this is fixed")
                _FAILED.clear()
                _FAILED[key] = self.serve_error = str(exc)
            else:
                _CACHE.clear()
                _CACHE[key] = cached
        if cached is None:
            cached = next(iter(_CACHE.values()))
        self.result, self.rendered = cached
        config.docs_dir = str(self.generated_dir)
        if self.staging_dir is not None:
            config.site_dir = str(self.staging_dir)
        spec = GitIgnoreSpec.from_lines(NOT_IN_NAV)
        config.not_in_nav = spec if config.not_in_nav is None else config.not_in_nav + spec
        return config

    @event_priority(-110)  # after static-i18n (-100) has set the language of this build
    def _on_config_permalinks(self, config: MkDocsConfig) -> MkDocsConfig:
        """The permalink after each heading is titled in the page's language, by Python-Markdown itself.

        A setting of the ``toc`` extension, per language build, so any renderer that runs
        Python-Markdown with the same settings writes it (see docs/renderers.md).
        """
        if "toc" in config.markdown_extensions:
            locale = str(config.theme.get("language") or "en")
            label = UiText.load(catalog_dir(locale, self.locales_dir), locale).text("Permanent link")
            config.mdx_configs.setdefault("toc", {})["permalink_title"] = label
        return config

    on_config = CombinedEvent(_on_config, _on_config_permalinks)

    def _check_and_render(
        self,
        locales: tuple[str, ...],
        options: RenderOptions,
        base_dir: Path,
        config: MkDocsConfig,
        key: tuple[Any, ...],
    ) -> tuple[CheckResult, RenderedSite]:
        assert self.content_dir is not None and self.as_of is not None
        content_dir = self.content_dir
        locales_dir, as_of = self.locales_dir, self.as_of

        def check() -> CheckResult:
            catalogs = locales_dir or base_dir / "locales"
            result = check_content(content_dir, locales, as_of, base=base_dir, locales_dir=catalogs)
            if result.errors:
                raise PluginError(
                    f"the content has {len(result.errors)} error(s); nothing was built and site/ is unchanged.\n"
                    + format_findings(result.findings)
                )
            for finding in result.warnings:
                log.warning(finding.format())
            return result

        def render(result: CheckResult) -> RenderedSite:
            site = render_site(
                result.content, as_of, lambda loc: UiText.load(catalog_dir(loc, locales_dir), loc), options
            )
            if site.missing:
                lines = [f"{path}: no {loc} translation for {msgid!r}" for loc, msgid, path in site.missing]
                raise PluginError(
                    "UI text is missing a translation, so a page would show English text:\n"
                    + "\n".join(lines)
                    + "\n  hint: translate the entry in that messages.po ("
                    + make_or("locales-update", command("update-catalogs"), base_dir)
                    + " adds new ones)"
                )
            return site

        stamp = hashlib.sha256(repr(key).encode()).hexdigest()
        result, site, written, pdfs = self._write_generated(check, render, stamp, base_dir, config)
        if self.make_pdfs:  # after the lock: each language of `notices build` makes its own at once
            self._write_pdfs(pdfs, base_dir)
        if site.pages:
            log.info(f"notices: {len(site.pages)} pages as of {as_of.isoformat()} ({written} changed)")
        return result, site

    def _project_locales(self, base_dir: Path) -> Path | None:
        """The project's own catalogs: ``locales_dir``, else ``locales/`` beside mkdocs.yml, else none."""
        if self.settings.locales_dir:
            return self.settings.locales_dir
        own = base_dir / "locales"
        return own.resolve() if own.is_dir() else None

    def _locales(self, config: MkDocsConfig) -> tuple[str, ...]:
        """``locales``, else the i18n plugin's languages (its default first)."""
        found = self.settings.locales
        if not found:
            raise PluginError(
                "mkdocs.yml names no languages; add 'locales: [en, ja]' under the notices plugin, "
                "or list them under the i18n plugin's 'languages:'"
            )
        return found

    def _use_packaged_theme(self, config: MkDocsConfig) -> None:
        """Put the templates shipped with notices after the project's ``custom_dir`` and before Material."""
        dirs = config.theme.dirs
        if any(Path(d).resolve() == THEME_DIR.resolve() for d in dirs):
            return
        custom = config.theme.custom_dir
        dirs.insert(1 if custom and dirs and Path(dirs[0]).resolve() == Path(custom).resolve() else 0, str(THEME_DIR))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.generated_dir is not None and hasattr(server, "unwatch"):
            with contextlib.suppress(KeyError):
                server.unwatch(str(self.generated_dir))
        for path in (self.content_dir, self.locales_dir):
            if path is not None:
                server.watch(str(path))
        return server

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.depth += 1  # static-i18n nests one build per extra language inside the first

    @event_priority(-200)  # after static-i18n has built the other languages
    def _on_post_build_done(self, config: MkDocsConfig) -> None:
        self.depth -= 1
        if self.depth == 0:
            if not self.only_locale:  # one language of `notices build`: it indexes the merged site itself
                try:  # every language is built: index them all, one index per language
                    index = build_search_index(Path(config.site_dir))
                except SearchIndexError as error:
                    raise PluginError(f"notices: the search index could not be built:\n{error}") from None
                log.info(f"notices: search index for {', '.join(index.languages)}")
            self.built = True
            if not self.failed:
                self._swap()

    on_nav = CombinedEvent(PagesMixin._on_nav_titles, PagesMixin._on_nav_page_cache)
    on_post_build = CombinedEvent(
        PagesMixin._save_page_cache,
        PagesMixin._on_post_build_404,
        PagesMixin._on_post_build_sources,
        _on_post_build_done,
    )
