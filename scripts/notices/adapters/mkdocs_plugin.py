"""The MkDocs adapter: check content, write the generated pages, point MkDocs at them.

Thin on purpose. The checks are :func:`notices.content.check.check_content` (the same
as ``notices check``), the pages come from :mod:`notices.site.render`. This module
only moves them into MkDocs: it writes Markdown into a generated folder that
git ignores, sets ``docs_dir`` to it, orders and names the navigation, and
hands the Babel catalogs to the templates.

mkdocs-static-i18n reruns the whole build once per language, so the result of
checking and rendering is cached for the process, keyed by the files' state.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Collection
from datetime import date
from gettext import NullTranslations
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.nav import Navigation, Section
from pathspec.gitignore import GitIgnoreSpec

from ..build.folders import (
    MARKER,
    BuildFolderError,
    BuildLock,
    claim,
    disk_error,
    looks_like_old_site,
    new_staging,
    refuse_dangerous,
    remove_owned,
    swap_in,
    sweep_leftovers,
    write_if_different,
)
from ..build.pagecache import MANIFEST, PageCache, digest, nav_fingerprint, renderer_versions, tree_digest
from ..build.preview import with_error_box
from ..build.shared import TOKEN_VARIABLE, read_shared, write_shared
from ..commands import command, make_or
from ..content.check import CheckResult, check_content
from ..content.dates import DateSettingError, TimeZoneError, format_date, parse_date_setting, time_zone, today
from ..content.timeline import Timeline
from ..findings import format_findings
from ..markup.fields import html_markup, plain_text
from ..markup.hidden import strip_invisible
from ..project import Settings, unknown_option
from ..record.lock import read_lock
from ..record.served import copy_sources, source_name, source_path
from ..resources import LOCALES_DIR, THEME_DIR, catalog_dir, catalog_names
from ..site.csp import apply_policy
from ..site.html_fixes import fix_theme_markup
from ..site.messages import UiText, gettext_translations, plural_samples, read_catalog
from ..site.pdf import FontMissing, PdfError, PdfSource, pango_hint, write_pdfs
from ..site.render import RenderedSite, RenderOptions, render_site
from ..site.search_index import SearchIndexError, build_search_index
from ..site.versions import text_sha256

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


class NoticesConfig(base.Config):
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
#: The pages this process last wrote, by generated folder (held under the folder's lock while written).
_WRITTEN: dict[Path, tuple[str, dict[str, str]]] = {}


def write_if_changed(
    root: Path, pages: dict[str, str], previous: dict[str, str] | None = None, keep: Collection[str] = ()
) -> int:
    """Write pages under ``root``, touching only files whose text changed; drop stale ones.

    ``mkdocs serve`` watches this folder, so rewriting unchanged files would
    make it rebuild forever. Files are deleted only in a folder that carries
    the build's marker (see :func:`notices.build.folders.claim`).
    """
    written = 0
    root.mkdir(parents=True, exist_ok=True)
    if not (root / MARKER).is_file():
        raise BuildFolderError(root, "this folder is not marked as the build's own", "delete it and build again")
    for rel, text in pages.items():
        path = root / rel
        if previous is not None and previous.get(rel) == text and path.is_file():
            continue  # written by this process's last render (`mkdocs serve`): no need to read it back
        written += write_if_different(path, text)
    wanted = {str(PurePosixPath(p)) for p in (*pages, *keep)}
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(".notices-"):
            continue
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def own_templates(*folders: Path | None) -> Callable[[str | None], bool]:
    """Jinja's ``autoescape``: on for every template named as one of the notices' theme (overrides/).

    A project's ``custom_dir`` copy of one of them is autoescaped too (the name decides).
    Material's own templates, and a project's overrides of them, expect HTML strings
    (``page.content``) and stay as they are; what they print from content arrives as
    escaped ``Markup`` (titles, nav titles, the site name).
    """
    names = {
        p.relative_to(folder).as_posix()
        for folder in folders
        if folder is not None and folder.is_dir()
        for p in folder.rglob("*.html")
    }
    return lambda name: name in names


def _custom_dir(config: MkDocsConfig) -> Path | None:
    custom = config.theme.custom_dir
    return Path(custom) if custom else None


class NoticesPlugin(BasePlugin[NoticesConfig]):
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

    def _guarded(self, base_dir: Path, config: MkDocsConfig) -> list[Path]:
        guarded = [p for p in (self.content_dir, self.locales_dir) if p is not None]
        custom_dir = config.theme.custom_dir
        return [*guarded, *([Path(custom_dir).resolve()] if custom_dir else [])]

    def _refuse_dangerous(self, base_dir: Path, config: MkDocsConfig) -> None:
        """Before anything is read or written: no output folder over content/, locales/ or the project."""
        assert self.generated_dir is not None
        site = Path(config.site_dir).resolve()
        try:
            refuse_dangerous(
                self.generated_dir, "generated folder", "generated_dir", base_dir, self._guarded(base_dir, config)
            )
            if self.final_site_dir is not None:
                guarded = [*self._guarded(base_dir, config), self.generated_dir]
                refuse_dangerous(site, "site folder", "site_dir", base_dir, guarded)
        except BuildFolderError as exc:
            raise PluginError(str(exc)) from None

    def _lock(self, target: Path) -> BuildLock:
        lock = BuildLock(target, on_wait=lambda: log.info(f"notices: another build is using {target}; waiting for it"))
        try:
            lock.acquire()
        except BuildFolderError as exc:
            raise PluginError(str(exc)) from None
        return lock

    def _write_generated(
        self,
        check: Callable[[], CheckResult],
        render: Callable[[CheckResult], RenderedSite],
        stamp: str,
        base_dir: Path,
        config: MkDocsConfig,
    ) -> tuple[CheckResult, RenderedSite, int, dict[str, PdfSource]]:
        """Check, then write the generated Markdown into a folder the build owns, under a lock, never into content/.

        The languages of one `notices build` check and render the same pages:
        the first one does it and leaves the result and a stamp; the others
        wait for the lock, see the stamp and read the result (see
        :mod:`notices.build.shared`).
        """
        assert self.generated_dir is not None
        generated = self.generated_dir
        locales = set(self._locales(config))
        token = os.environ.get(TOKEN_VARIABLE, "") if self.only_locale else ""
        try:
            lock = self._lock(generated)
            try:
                # A folder from before folders were marked holds only language folders.
                old_generated = lambda d: all(p.name in locales for p in d.iterdir())  # noqa: E731
                claim(generated, "generated folder", "generated_dir", old_generated)
                stamp_file = generated / ".notices-stamp"
                shared = read_shared(generated, token, stamp) if token else None
                if isinstance(shared, tuple) and len(shared) == 2:
                    if isinstance(shared[0], CheckResult):
                        return shared[0], RenderedSite(), 0, self._own(shared[1])
                    if shared[0] == "error":  # the first language found mistakes: the same message, at once
                        raise PluginError(str(shared[1]))
                try:
                    result = check()
                    site = render(result)
                except PluginError as exc:
                    if token:
                        write_shared(generated, token, stamp, ("error", str(exc)))
                    raise
                # Trust this process's last render only if nobody wrote the folder since (same stamp).
                last_stamp, last_pages = _WRITTEN.get(generated, ("", None))
                on_disk = stamp_file.read_text(encoding="utf-8") if stamp_file.is_file() else None
                written = write_if_changed(
                    generated, site.pages, last_pages if on_disk == last_stamp else None, keep=site.pdfs
                )
                _WRITTEN.clear()
                _WRITTEN[generated] = (stamp, site.pages)
                if token:
                    write_shared(generated, token, stamp, (result, site.pdfs))
                stamp_file.write_text(stamp, encoding="utf-8")
                return result, site, written, self._own(site.pdfs)
            except OSError as exc:
                raise disk_error(exc, generated) from None
            finally:
                if self.command in ("build", "gh-deploy") and not self.only_locale:
                    self.locks.append(lock)  # held until the build ends: MkDocs reads the folder
                else:
                    lock.release()
        except BuildFolderError as exc:
            raise PluginError(str(exc)) from None

    def _stage(self, final: Path, base_dir: Path, config: MkDocsConfig) -> Path:
        """Lock site/, clear what killed builds left, and make this build's own staging folder."""
        try:
            self.locks.append(self._lock(final))
            claim(final, "site folder", "site_dir", looks_like_old_site, create=False)
            sweep_leftovers(final)
            return new_staging(final)
        except BuildFolderError as exc:
            raise PluginError(str(exc)) from None

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

    def _own(self, pdfs: dict[str, PdfSource]) -> dict[str, PdfSource]:
        """The PDFs this process makes: its language's in one language of `notices build`, else all."""
        if not self.only_locale:
            return pdfs
        return {path: source for path, source in pdfs.items() if path.split("/", 1)[0] == self.only_locale}

    def _write_pdfs(self, pdfs: dict[str, PdfSource], base_dir: Path) -> None:
        """One PDF per published revision and language, made once per text (cached by its hash)."""
        assert self.generated_dir is not None
        try:
            made, reused = write_pdfs(self.generated_dir, pdfs, self.settings.pdf_cache_dir)
        except FontMissing as error:
            raise PluginError(f"notices: no PDF can be made: {error}\n  hint: {error.hint}") from None
        except PdfError as error:
            raise PluginError(f"notices: no PDF can be made: {error}\n  hint: {pango_hint(base_dir)}") from None
        except ValueError as error:
            raise PluginError(f"notices: a PDF could not be made: {error}\n  hint: {pango_hint(base_dir)}") from None
        log.info(f"notices: {made + reused} PDFs ({made} made, {reused} from the cache)")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.generated_dir is not None and hasattr(server, "unwatch"):
            with contextlib.suppress(KeyError):
                server.unwatch(str(self.generated_dir))
        for path in (self.content_dir, self.locales_dir):
            if path is not None:
                server.watch(str(path))
        return server

    def on_env(self, env: Any, config: MkDocsConfig, files: Any) -> Any:
        """Give the templates in overrides/ the same catalogs as the pages (and skipped pages their date)."""
        if self.page_cache is not None:
            for file in files.documentation_pages():
                lastmod = self.page_cache.lastmod(file.dest_uri)
                if file.page is not None and file.dest_uri not in self.page_keys and lastmod:
                    file.page.update_date = lastmod
        if self.generated_dir is not None and env.bytecode_cache is None:
            # Compiled templates, shared by the languages' builds and the preview's rebuilds (keyed by source).
            jinja_dir = self.generated_dir / ".notices-jinja"
            with contextlib.suppress(OSError):
                jinja_dir.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(jinja_dir))
        locale = str(config.theme.get("language") or "en")
        translations: Any = None
        catalogs = catalog_dir(locale, self.locales_dir)
        if read_catalog(catalogs, locale) is not None:
            translations = gettext_translations(catalogs, locale)
        env.autoescape = own_templates(THEME_DIR)
        if not isinstance(config.site_name, Markup):  # the theme's templates print it unescaped
            config.site_name = html_markup(config.site_name)
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(translations or NullTranslations(), newstyle=False)
        env.globals["notices_plural_samples"] = plural_samples(locale)  # counted messages in page scripts
        theme_names = (locale, *(n.replace("_", "-") for n in catalog_names(locale)), "en")
        known = set(env.list_templates(filter_func=lambda name: name.startswith("partials/languages/")))
        env.globals["notices_theme_language"] = next(n for n in theme_names if f"partials/languages/{n}.html" in known)
        # The search page of this language, for the header's search button (404 pages too).
        default = self.result.content.locales[0] if self.result is not None else locale
        env.globals["notices_search_path"] = ("" if locale == default else f"{locale}/") + "search/"
        self.preview_env = env
        return env

    def on_page_context(self, context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        """The notice's Atom feed for the head and the page, and a version page's record ("Verify this text").

        No hreflang alternates in the head: Material fetches ``sitemap.xml`` beside each one,
        which fails on any origin but ``site_url``; sitemap.xml carries them (decision 0023b).
        """
        if self.result is None or self.as_of is None:
            return context
        locales = self.result.content.locales
        parts = PurePosixPath(page.file.src_uri).parts
        if len(parts) < 3 or parts[0] not in locales:
            return context
        notice = self.result.content.notice(parts[1])
        if notice is None:
            return context
        locale, default = parts[0], locales[0]
        prefix = "" if locale == default else f"{locale}/"
        timeline = Timeline.of(notice, self.as_of)
        title = strip_invisible(timeline.title(locale))  # the template escapes it
        context["notices_feeds"] = [{"title": f"{title} (Atom)", "href": f"{prefix}{notice.id}/atom.xml"}]
        meta = (page.meta or {}).get("notices") or {}
        key = meta.get("revision") if meta.get("page") in ("current", "revision") else None
        revision = next((r for r in timeline.published if r.key == key), None)
        if revision is not None and meta.get("index") and meta.get("status") == "in-force":
            ui = UiText.load(catalog_dir(locale, self.locales_dir), locale)
            when = format_date(
                revision.effective,
                locale,
                japanese_era=self.settings.japanese_era,
                buddhist_era=self.settings.buddhist_era,
            )
            context["notices_search_status"] = ui.text("In force")  # search results say it (decision 0023b)
            context["notices_search_dates"] = ui.text("Effective date: %(date)s", date=when)
        if revision is not None and locale in revision.documents:
            digest = text_sha256(read_lock(notice), revision, locale)[0]
            context["notices_record"] = {
                "sha256": digest,
                "source": source_path(notice, revision, locale, default),
                "command": f"sha256sum {source_name(notice, revision, locale)}",
            }
        return context

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        """The sitemap's ``lastmod`` is the day the page's text last changed, not the build day.

        The front matter's title is data: the theme's own templates print it unescaped, so it
        becomes escaped Markup here (the notices' templates, autoescaped, print it once).
        """
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = html_markup(page.meta["title"])
        lastmod = (page.meta.get("notices") or {}).get("lastmod")
        self.lastmods[page.file.dest_uri] = str(lastmod or "")
        if lastmod:
            page.update_date = str(lastmod)
        return markdown

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        """Fill in the Content-Security-Policy.

        Under ``mkdocs serve``, a page built from the last good content after a
        broken save says so at the top, with the error.
        """
        output = fix_theme_markup(output)
        locale = str(config.theme.get("language") or "en")
        ui = UiText.load(catalog_dir(locale, self.locales_dir), locale)
        if self.serve_error is not None:
            output = with_error_box(output, ui, self.serve_error)
        return apply_policy(output, page.content or "", serving=self.serving)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page is a template, not a page: repair its theme markup and give it the same policy."""
        if template_name.endswith(".html"):
            output_content = fix_theme_markup(output_content)
        return apply_policy(output_content, serving=self.serving)

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

    @event_priority(-200)
    def on_build_error(self, *, error: Exception) -> None:
        """A disk that is full or cannot be written is a message, not a traceback."""
        self.failed = True
        if isinstance(error, OSError) and (self.final_site_dir is not None or self.only_locale):
            log.error(str(disk_error(error, self.staging_dir or self.final_site_dir)))
            self.on_shutdown()
            raise SystemExit(1)

    def _swap(self) -> None:
        """Put the finished build in place of site/ (inside the build, so a failure is a clean message)."""
        final, staging = self.final_site_dir, self.staging_dir
        if final is None or staging is None or not staging.exists():
            return
        try:
            swap_in(staging, final)
        except BuildFolderError as exc:
            raise PluginError(str(exc)) from None
        self.staging_dir = None

    def on_shutdown(self) -> None:
        """Throw a half-built site away, and let the next build have the folders."""
        final, staging = self.final_site_dir, self.staging_dir
        if final is not None and staging is not None and staging.exists():
            remove_owned(staging)
            log.error(f"notices: the build failed; {final} was left as it was")
        self.staging_dir = None
        for lock in self.locks:
            lock.release()
        self.locks = []

    @event_priority(0)
    def _on_post_build_404(self, config: MkDocsConfig) -> None:
        """Give each language its own 404.html (``/ja/404.html``), keeping the default one at the root.

        static-i18n builds every language into the same site folder, so each
        build overwrites the root 404.html with its own language's page.
        """
        if self.result is None:
            return
        locale = str(config.theme.get("language") or "")
        root_404 = Path(config.site_dir) / "404.html"
        if not root_404.is_file():
            return
        if locale == self.result.content.locales[0]:
            self.default_404 = root_404.read_bytes()
        elif locale in self.result.content.locales:
            target = Path(config.site_dir) / locale / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            root_404.replace(target)
            if self.default_404 is not None:
                root_404.write_bytes(self.default_404)

    @event_priority(-150)  # after static-i18n (-100) and the titles (-110): the final navigation
    def _on_nav_page_cache(self, nav: Navigation, config: MkDocsConfig, files: Any) -> Navigation:
        """Under ``--dirty`` (``notices build``, ``make preview``): render archived pages only when they changed.

        Every other page is always rendered. See :mod:`notices.build.pagecache`.
        """
        self.preview_nav = nav
        if not self.dirty:
            return nav
        spec = GitIgnoreSpec.from_lines(NOT_IN_NAV)
        pages = list(files.documentation_pages())
        shared = [config.config_file_path or "", str(config.theme.get("language")), str(config.site_url)]
        shared += [
            renderer_versions(),
            tree_digest([Path(__file__).parent, THEME_DIR, LOCALES_DIR, self.locales_dir, _custom_dir(config)]),
        ]
        shared += [nav_fingerprint(nav.items)]
        shared += [f.src_uri + "\0" + f.content_string for f in pages if not spec.match_file("/" + f.src_uri)]
        if config.config_file_path:
            shared.append(Path(config.config_file_path).read_text(encoding="utf-8"))
        cache = PageCache(Path(config.site_dir), digest(*shared))
        docs = Path(config.docs_dir)
        locales = self.result.content.locales if self.result is not None else ()
        self.page_keys, self.page_cache, self.files = {}, cache, files
        for file in pages:
            if not spec.match_file("/" + file.src_uri):
                file.is_modified = lambda: True  # the mtime test would miss a changed navigation
                continue
            rest = PurePosixPath(file.src_uri).relative_to(PurePosixPath(file.src_uri).parts[0]).as_posix()
            alternates = ",".join(loc for loc in locales if (docs / loc / rest).is_file())
            key = cache.key(file.src_uri, file.content_string, alternates)
            fresh = cache.fresh(file.dest_uri, key)
            file.is_modified = (lambda: False) if fresh else (lambda: True)
            if not fresh:
                self.page_keys[file.dest_uri] = key
        cache.forget(self.page_keys)
        return nav

    @event_priority(50)  # before static-i18n (-100) starts the next language's build
    def _save_page_cache(self, config: MkDocsConfig) -> None:
        """Record what this build rendered; in one language's folder, drop pages that no longer exist."""
        cache = self.page_cache
        if cache is None or self.files is None:
            return
        for dest, key in self.page_keys.items():
            cache.remember(dest, key, self.lastmods.get(dest))
        wanted = {f.dest_uri for f in self.files}
        if self.only_locale:  # the folder holds this language only (else: every language's entries)
            cache.keep_only(wanted)
        cache.save()
        self.page_cache = None
        if self.only_locale:
            site = Path(config.site_dir)
            keep = wanted | {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}
            keep |= {f"{self.only_locale}/404.html", MANIFEST, MARKER}
            for path in site.rglob("*"):
                rel = path.relative_to(site).as_posix()
                if path.is_file() and rel not in keep and not rel.startswith("assets/"):
                    path.unlink()

    @event_priority(0)
    def _on_post_build_sources(self, config: MkDocsConfig) -> None:
        """Serve each published text's exact bytes beside its page (see notices.record.served).

        Copied after the build because MkDocs would render a .md in docs_dir as a page.
        """
        if self.result is None or self.as_of is None:
            return
        locale = str(config.theme.get("language") or "")
        if locale in self.result.content.locales:
            copy_sources(self.result.content, self.as_of, Path(config.site_dir), locale)

    @event_priority(-110)  # after static-i18n has removed its language sections
    def _on_nav_titles(self, nav: Navigation, config: MkDocsConfig, files: Any) -> Navigation:
        """Name each notice's section in the page's language and order by ``order``."""
        if self.result is None or self.as_of is None:
            return nav
        content = self.result.content
        locale = str(config.theme.get("language") or content.locales[0])
        rank = {n.id: i for i, n in enumerate(content.notices)}

        def notice_of(item: Any) -> str | None:
            for child in getattr(item, "children", None) or []:
                file = getattr(child, "file", None)
                if file is not None:
                    parts = PurePosixPath(file.src_uri).parts
                    return parts[1] if len(parts) > 2 else None
            return None

        for item in nav.items:
            if isinstance(item, Section):
                notice = content.notice(notice_of(item) or "")
                if notice is not None:
                    item.title = html_markup(
                        Timeline.of(notice, self.as_of).title(locale)
                    )  # the theme writes it unescaped
        nav.items.sort(key=lambda i: (isinstance(i, Section), rank.get(notice_of(i) or "", len(rank))))
        return nav

    on_nav = CombinedEvent(_on_nav_titles, _on_nav_page_cache)
    on_post_build = CombinedEvent(_save_page_cache, _on_post_build_404, _on_post_build_sources, _on_post_build_done)
