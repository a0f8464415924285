"""The MkDocs adapter: check content, write the generated pages, point MkDocs at them.

Thin on purpose. The checks are :func:`notices.check.check_content` (the same
as ``notices check``), the pages come from :mod:`notices.render`. This module
only moves them into MkDocs: it writes Markdown into a generated folder that
git ignores, sets ``docs_dir`` to it, orders and names the navigation, and
hands the Babel catalogs to the templates.

mkdocs-static-i18n reruns the whole build once per language, so the result of
checking and rendering is cached for the process, keyed by the files' state.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Collection
from datetime import date
from gettext import NullTranslations
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.nav import Navigation, Section
from pathspec.gitignore import GitIgnoreSpec

from .check import CheckResult, check_content
from .dates import today
from .findings import format_findings
from .html_fixes import fix_theme_markup
from .messages import UiText, gettext_translations, read_catalog
from .pdf import write_pdfs
from .render import RenderedSite, RenderOptions, render_site
from .search_index import SearchIndexError, build_search_index
from .served import copy_sources

log = logging.getLogger("mkdocs.plugins.notices")

#: Archived and upcoming revision pages are reachable from the page in force
#: and the history page, not from the navigation.
NOT_IN_NAV = ["/*/*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/"]


class NoticesConfig(base.Config):
    content_dir = c.Dir(exists=True, default="content")
    """The policy source: one folder per notice, one folder per revision."""

    locales_dir = c.Dir(exists=True, default="locales")
    """Babel catalogs (``<ll>/LC_MESSAGES/messages.po``) for the UI text."""

    generated_dir = c.Type(str, default="build/docs")
    """Where generated Markdown goes; MkDocs builds from here. Git ignores it."""

    locales = c.ListOfItems(c.Type(str), default=["en", "ja", "vi", "th"])
    """The site's languages; every revision has one ``<ll>.md`` per language."""

    as_of = c.Optional(c.Type((date, str)))
    """The date that counts as today. Else ``NOTICES_AS_OF``, else today's date."""

    japanese_era = c.Type(bool, default=False)
    """Write Japanese dates in the imperial era (令和5年7月3日)."""

    buddhist_era = c.Type(bool, default=True)
    """Write Thai dates in the Buddhist era (พ.ศ. 2566), as Thai notices do."""

    pdf_cache_dir = c.Type(str, default="build/pdf-cache")
    """Where each revision's PDF is kept once made, named by the hash of what it shows. Git ignores it."""

    preview = c.Optional(c.Type(bool))
    """Also show drafts and unpublished revisions, marked as previews. Else
    ``NOTICES_PREVIEW=1``. For the legal team's own machine: never deploy it."""


def resolve_preview(value: bool | None) -> bool:
    """``preview`` from mkdocs.yml, else ``NOTICES_PREVIEW`` (1/true/yes)."""
    if value is not None:
        return value
    return os.environ.get("NOTICES_PREVIEW", "").strip().lower() in {"1", "true", "yes"}


def resolve_as_of(value: date | str | None) -> date:
    """``as_of`` from mkdocs.yml, else ``NOTICES_AS_OF``, else today."""
    source = "as_of in mkdocs.yml"
    if value is None:
        value = os.environ.get("NOTICES_AS_OF") or None
        source = "NOTICES_AS_OF"
    if value is None:
        return today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PluginError(f"{source} is '{value}', which is not a date; write it as YYYY-MM-DD") from None


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


def write_if_changed(root: Path, pages: dict[str, str], keep: Collection[str] = ()) -> int:
    """Write pages under ``root``, touching only files whose text changed; drop stale ones.

    ``mkdocs serve`` watches this folder, so rewriting unchanged files would
    make it rebuild forever.
    """
    written = 0
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in pages.items():
        path = root / rel
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written += 1
    wanted = {str(PurePosixPath(p)) for p in (*pages, *keep)}
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


class NoticesPlugin(BasePlugin[NoticesConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.result: CheckResult | None = None
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Build into a sibling folder and swap it in at the end, so a failed build leaves site/ as it was.

        Content mistakes already stop the build before MkDocs touches site/;
        this covers everything else (a broken template, a strict-mode warning).
        ``mkdocs serve`` builds into a temporary folder of its own and is left alone.
        """
        self.final_site_dir = self.staging_dir = None
        self.depth, self.built, self.failed = 0, False, False
        if command in ("build", "gh-deploy") and not dirty:
            self.final_site_dir = Path()  # set from the config in on_config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base_dir = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = Path(self.config.content_dir).resolve()
        self.locales_dir = Path(self.config.locales_dir).resolve()
        self.generated_dir = (base_dir / self.config.generated_dir).resolve()
        self.as_of = resolve_as_of(self.config.as_of)
        locales = tuple(self.config.locales)
        options = RenderOptions(
            japanese_era=self.config.japanese_era,
            buddhist_era=self.config.buddhist_era,
            preview=resolve_preview(self.config.preview),
            site_url=(config.site_url or "").rstrip("/") + "/" if config.site_url else "",
            publisher=config.site_name,
        )
        if options.preview:
            log.info("notices: preview build: drafts and unpublished revisions are shown; do not deploy it")
        key = (self.content_dir, locales, self.as_of, options, _fingerprint(self.content_dir, self.locales_dir))
        cached = _CACHE.get(key)
        if cached is None:
            result = check_content(self.content_dir, locales, self.as_of, base=base_dir)
            if result.errors:
                raise PluginError(
                    f"the content has {len(result.errors)} error(s); nothing was built and site/ is unchanged.\n"
                    + format_findings(result.findings)
                )
            for finding in result.warnings:
                log.warning(finding.format())
            locales_dir = self.locales_dir
            site = render_site(result.content, self.as_of, lambda loc: UiText.load(locales_dir, loc), options)
            if site.missing:
                lines = [f"{path}: no {loc} translation for {msgid!r}" for loc, msgid, path in site.missing]
                raise PluginError(
                    "UI text is missing a translation, so a page would show English text:\n"
                    + "\n".join(lines)
                    + "\n  hint: translate the entry in that messages.po (make locales-update adds new ones)"
                )
            written = write_if_changed(self.generated_dir, site.pages, keep=site.pdfs)
            log.info(f"notices: {len(site.pages)} pages as of {self.as_of.isoformat()} ({written} changed)")
            try:
                made, reused = write_pdfs(self.generated_dir, site.pdfs, base_dir / self.config.pdf_cache_dir)
            except (OSError, ValueError) as error:
                raise PluginError(
                    f"notices: a PDF could not be made: {error}\n"
                    "  hint: WeasyPrint needs Debian's Pango libraries: run `make browser-deps`"
                ) from None
            log.info(f"notices: {made + reused} PDFs ({made} made, {reused} from the cache)")
            _CACHE.clear()
            _CACHE[key] = cached = (result, site)
        self.result = cached[0]
        config.docs_dir = str(self.generated_dir)
        if self.final_site_dir == Path():
            final = Path(config.site_dir).resolve()
            self.final_site_dir = final
            self.staging_dir = final.with_name(f".{final.name}.building")
            shutil.rmtree(self.staging_dir, ignore_errors=True)
        if self.staging_dir is not None:
            config.site_dir = str(self.staging_dir)
        spec = GitIgnoreSpec.from_lines(NOT_IN_NAV)
        config.not_in_nav = spec if config.not_in_nav is None else config.not_in_nav + spec
        return config

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.generated_dir is not None and hasattr(server, "unwatch"):
            with contextlib.suppress(KeyError):
                server.unwatch(str(self.generated_dir))
        for path in (self.content_dir, self.locales_dir):
            if path is not None:
                server.watch(str(path))
        return server

    def on_env(self, env: Any, config: MkDocsConfig, files: Any) -> Any:
        """Give the templates in overrides/ the same catalogs as the pages."""
        locale = str(config.theme.get("language") or "en")
        translations: Any = None
        if self.locales_dir is not None and read_catalog(self.locales_dir, locale) is not None:
            translations = gettext_translations(self.locales_dir, locale)
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(translations or NullTranslations(), newstyle=False)
        # The search page of this language, for the header's search button (404 pages too).
        default = self.result.content.locales[0] if self.result is not None else locale
        env.globals["notices_search_path"] = ("" if locale == default else f"{locale}/") + "search/"
        return env

    def on_page_context(self, context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        """Absolute hreflang alternates, one per language plus x-default, for the head."""
        if self.result is None or not config.site_url:
            return context
        locales = self.result.content.locales
        parts = PurePosixPath(page.file.src_uri).parts
        if not parts or parts[0] not in locales:
            return context
        rest = PurePosixPath(*parts[1:]).as_posix() if len(parts) > 1 else "index.md"
        url = rest[: -len("index.md")] if rest.endswith("index.md") else rest[: -len(".md")] + "/"
        base = config.site_url.rstrip("/") + "/"
        default = locales[0]
        alternates = [{"lang": loc, "href": base + ("" if loc == default else f"{loc}/") + url} for loc in locales]
        alternates.append({"lang": "x-default", "href": alternates[0]["href"]})
        context["notices_alternates"] = alternates
        notice = self.result.content.notice(parts[1]) if len(parts) > 2 else None
        if notice is not None and self.as_of is not None:
            prefix = "" if parts[0] == default else f"{parts[0]}/"
            title = notice.title(parts[0], self.as_of)
            context["notices_feeds"] = [{"title": f"{title} (Atom)", "href": f"{prefix}{notice.id}/atom.xml"}]
        return context

    def on_page_markdown(self, markdown: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        """The sitemap's ``lastmod`` is the day the page's text last changed, not the build day."""
        lastmod = (page.meta.get("notices") or {}).get("lastmod")
        if lastmod:
            page.update_date = str(lastmod)
        return markdown

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        """Repair the theme's invalid markup; localize the permalinks' tooltip (Python-Markdown's is English)."""
        output = fix_theme_markup(output)
        locale = str(config.theme.get("language") or "en")
        if self.locales_dir is None or locale == "en":
            return output
        ui = UiText.load(self.locales_dir, locale)
        label = ui.html("Permanent link")
        return output.replace('title="Permanent link"', f'title="{label}"')

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page is a template, not a page: repair its theme markup too."""
        return fix_theme_markup(output_content) if template_name.endswith(".html") else output_content

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.depth += 1  # static-i18n nests one build per extra language inside the first

    @event_priority(-200)  # after static-i18n has built the other languages
    def _on_post_build_done(self, config: MkDocsConfig) -> None:
        self.depth -= 1
        if self.depth == 0:
            try:  # every language is built: index them all, one index per language
                index = build_search_index(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(f"notices: the search index could not be built:\n{error}") from None
            log.info(f"notices: search index for {', '.join(index.languages)}")
            self.built = True

    def on_build_error(self, *, error: Exception) -> None:
        self.failed = True

    def on_shutdown(self) -> None:
        """Swap the finished build in, or throw the half-built one away."""
        final, staging = self.final_site_dir, self.staging_dir
        if final is None or staging is None or not staging.exists():
            return
        if not self.built or self.failed:
            shutil.rmtree(staging, ignore_errors=True)
            log.error(f"notices: the build failed; {final} was left as it was")
            return
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.replace(old)
        staging.replace(final)
        shutil.rmtree(old, ignore_errors=True)

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

    @event_priority(0)
    def _on_post_build_sources(self, config: MkDocsConfig) -> None:
        """Serve each published text's exact bytes beside its page (see notices.served).

        Copied after the build because MkDocs would render a .md in docs_dir as a page.
        """
        if self.result is None or self.as_of is None:
            return
        locale = str(config.theme.get("language") or "")
        if locale in self.result.content.locales:
            copy_sources(self.result.content, self.as_of, Path(config.site_dir), locale)

    on_post_build = CombinedEvent(_on_post_build_404, _on_post_build_sources, _on_post_build_done)

    @event_priority(-110)  # after static-i18n has removed its language sections
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Any) -> Navigation:
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
                    item.title = notice.title(locale, self.as_of)
        nav.items.sort(key=lambda i: (isinstance(i, Section), rank.get(notice_of(i) or "", len(rank))))
        return nav
