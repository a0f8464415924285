"""The MkDocs adapter's pages: templates, hreflang, navigation titles, the page cache, the 404s and the sources.

Mixed into :class:`notices.adapters.mkdocs_plugin.NoticesPlugin`, whose ``__init__`` sets the
state used here; the hooks' priorities are kept with each method.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from gettext import NullTranslations
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation, Section
from pathspec.gitignore import GitIgnoreSpec

from ..build.folders import (
    MARKER,
)
from ..build.pagecache import MANIFEST, PageCache, digest, nav_fingerprint, renderer_versions, tree_digest
from ..build.preview import with_error_box
from ..content.dates import format_date
from ..content.timeline import Timeline
from ..markup.fields import html_markup
from ..markup.hidden import strip_invisible
from ..record.lock import read_lock
from ..record.served import copy_sources, source_name, source_path
from ..resources import LOCALES_DIR, THEME_DIR, catalog_dir, catalog_names
from ..site.csp import apply_policy
from ..site.html_fixes import fix_theme_markup
from ..site.messages import UiText, gettext_translations, plural_samples, read_catalog
from ..site.versions import text_sha256
from .mkdocs_config import NOT_IN_NAV


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


class PagesMixin:
    """The page and navigation hooks of :class:`NoticesPlugin`."""

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
