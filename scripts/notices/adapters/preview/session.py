"""``notices serve``: the site on this computer, redrawn as the legal team saves.

A save goes through two passes:

1. **The edited revision first.** The content is checked again (unchanged
   revision folders are not parsed again, see ``load_revision_once``), the
   pages showing the edited revision's text are rendered
   (:func:`notices.site.render.pages_of_revision`), and each language renders just
   those pages. The page being read reloads, well under a second at 80
   revisions.
2. **Then everything else.** Each language is built again as ``notices
   build`` would (``--dirty``: archived pages whose text did not change are
   kept), which brings the history lists, the home page and the other pages
   up to date a few seconds later. Pages reload only if their output changed.

A save with a mistake changes nothing: every page keeps its last good
version with the error on top, and the terminal shows the same message as
``notices check``.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ...build.folders import BuildFolderError, BuildLock, claim, write_if_different
from ...build.parallel import SitePlan
from ...build.preview import error_page, with_error_box
from ...content.check import check_content
from ...findings import format_findings
from ...resources import catalog_dir
from ...site.messages import UiText
from ...site.pdf import PdfError, render_pdf
from ...site.render import pages_of_revision
from ...site.search_index import BUNDLE_DIR, SearchIndexError, build_search_index
from .languages import LanguageBuild, PreviewBuildError
from .server import Changes, PreviewServer, page_urls

log = logging.getLogger("mkdocs.plugins.notices")
_REVISION = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _say(message: str) -> None:
    print(f"notices serve: {message}", file=sys.stderr, flush=True)


class PreviewSession:
    def __init__(self, config_file: Path, preview: bool) -> None:
        self.config_file = config_file.resolve()
        self.preview = preview
        self.changes = Changes()
        self.failure: str | None = None
        self.languages: list[LanguageBuild] = []
        self.digests: dict[Path, str] = {}
        self._pdf_lock = threading.Lock()
        self.plan = SitePlan.read(self.config_file)
        self._setup()

    # -- folders and languages ------------------------------------------
    def _setup(self) -> None:
        for language in self.languages:
            language.close()
        mode = "preview" if self.preview else "serve"
        base = self.plan.generated_dir
        self.generated = base.with_name(f"{base.name}-{mode}")
        self.sites = base.with_name(f"{base.name}-{mode}-site")
        claim(self.sites, "preview folder", "generated_dir")
        self.languages = []
        for locale in self.plan.locales:
            folder = self.sites / (locale or "site")
            claim(folder, "preview folder", "generated_dir")
            self.languages.append(LanguageBuild(self.config_file, locale, folder, self.generated))

    def roots(self) -> list[Path]:
        return [language.site_dir for language in self.languages]

    def _plugin(self) -> Any:
        kept = self.languages[0].kept if self.languages else None
        return kept.config.plugins["notices"] if kept is not None else None

    # -- what the server shows ------------------------------------------
    def decorate(self, page: str, url: str) -> str:
        """Put the last save's error on top of every page while it is not fixed."""
        failure, plugin = self.failure, self._plugin()
        if failure is None or plugin is None or "notices-preview-error" in page:
            return page
        locales = [lang.locale for lang in self.languages]
        first = url.strip("/").split("/", 1)[0]
        locale = first if first in locales else locales[0]
        return with_error_box(page, UiText.load(catalog_dir(locale, plugin.locales_dir), locale), failure)

    def error_page(self, url: str, failure: str) -> str:
        """The error alone, in the language of ``url``, where no page was ever built (the first build failed)."""
        locales = [lang.locale for lang in self.languages if lang.locale]
        first = url.strip("/").split("/", 1)[0]
        locale = first if first in locales else (locales[0] if locales else "en")
        plugin = self._plugin()
        own = plugin.locales_dir if plugin is not None else None
        catalogs = own or self.config_file.parent / "locales"
        return error_page(UiText.load(catalog_dir(locale, catalogs), locale), failure)

    def pdf(self, url: str) -> Path | None:
        """The PDF at ``url``, made now if the PDF cache does not have it yet (the build makes them all)."""
        plugin = self._plugin()
        if plugin is None:
            return None
        locales = [lang.locale for lang in self.languages]
        rel = url.lstrip("/")
        rel = rel if rel.split("/", 1)[0] in locales[1:] else f"{locales[0]}/{rel}"
        source = plugin.rendered.pdfs.get(rel)
        if source is None:
            return None
        cached: Path = plugin.base_dir / str(plugin.config.pdf_cache_dir) / f"{source.key}.pdf"
        with self._pdf_lock:
            if not cached.is_file():
                try:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    render_pdf(source, cached)
                except (OSError, ValueError, PdfError) as exc:
                    _say(f"the PDF {url} could not be made: {exc}")
                    return None
        return cached

    # -- passes ----------------------------------------------------------
    def build_all(self) -> bool:
        """Build every language again; pages whose output changed are told to reload."""
        started = time.perf_counter()
        changed: set[str] = set()
        count = 0
        for language in self.languages:
            before = self._snapshot(language.site_dir)
            try:
                language.build()
            except PreviewBuildError as exc:
                self._fail(str(exc), said=True)
                return False
            plugin = self._plugin()
            if plugin is not None and plugin.serve_error:  # the content has errors: the pages are the last good ones
                self._fail(plugin.serve_error, said=True)
                return False
            urls, files = self._changed(language.site_dir, before)
            changed |= urls
            count += files
        self.failure = None
        if changed or not (self.roots()[0] / BUNDLE_DIR).is_dir():
            self._index()
        self.changes.publish(changed)
        _say(f"site rebuilt in {time.perf_counter() - started:.1f} s ({count} pages changed)")
        return True

    def _index(self) -> None:
        """The search page works in the preview too: one Pagefind index over every language's folder."""
        roots = self.roots()
        try:
            build_search_index(roots[0], sources=roots)
        except SearchIndexError as exc:
            _say(f"the search index could not be made, so search does not work in this preview:\n{exc}")

    def _fail(self, message: str, said: bool = False) -> None:
        """Show ``message`` on every page; in the terminal too unless the build has said it (``said``)."""
        self.failure = message
        if not said:
            _say(f"{message}\nnotices serve: the preview still shows the last good version until this is fixed")
        self.changes.publish(None)

    def edited_first(self, paths: set[Path]) -> bool:
        """Render the pages of the edited revisions alone, before the whole site (see the module's docstring).

        False when the content has errors: then nothing is rebuilt.
        """
        plugin = self._plugin()
        if plugin is None or plugin.content_dir is None or plugin.as_of is None or plugin.result is None:
            return True
        touched: set[tuple[str, str]] = set()
        for path in paths:
            try:
                parts = path.resolve().relative_to(plugin.content_dir).parts
            except ValueError:
                return True  # a template or catalog changed: every page may change
            if len(parts) >= 3 and _REVISION.match(parts[1]):
                touched.add((parts[0], parts[1]))
        if not touched:
            return True
        started = time.perf_counter()
        locales = plugin.result.content.locales
        catalogs = plugin.locales_dir or plugin.base_dir / "locales"
        result = check_content(plugin.content_dir, locales, plugin.as_of, base=plugin.base_dir, locales_dir=catalogs)
        if result.errors:
            self._fail(
                f"the content has {len(result.errors)} error(s); nothing was built.\n{format_findings(result.findings)}"
            )
            return False
        locales_dir = plugin.locales_dir
        pages: dict[str, str] = {}
        for notice_id, key in sorted(touched):
            pages.update(
                pages_of_revision(
                    result.content,
                    plugin.as_of,
                    lambda loc: UiText.load(catalog_dir(loc, locales_dir), loc),
                    plugin.render_options,
                    notice_id,
                    key,
                )
            )
        changed = self._write(pages)
        if not changed:
            return True
        plugin.serve_error = None  # the content passed the check: no page says it is out of date
        urls: set[str] = set()
        for language in self.languages:
            mine = [rel for rel in changed if rel.split("/", 1)[0] == language.locale]
            written = language.render(mine) if mine else []
            if written is None:
                continue  # a new page: the whole build below renders it
            for dest in written:
                urls |= page_urls(dest)
                path = language.site_dir / dest
                self.digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()  # the whole build below is the same
        self.failure = None
        self.changes.publish(urls)
        _say(
            f"{len(changed)} pages of {', '.join(k for _, k in sorted(touched))} shown in "
            f"{time.perf_counter() - started:.2f} s; rebuilding the rest"
        )
        return True

    def _write(self, pages: dict[str, str]) -> list[str]:
        with BuildLock(self.generated):
            changed = [rel for rel, text in pages.items() if write_if_different(self.generated / rel, text)]
        return changed

    # -- which output files changed -------------------------------------
    def _snapshot(self, folder: Path) -> dict[Path, tuple[int, int]]:
        return {p: (st.st_size, st.st_mtime_ns) for p in folder.rglob("*.html") if (st := p.stat())}

    def _changed(self, folder: Path, before: dict[Path, tuple[int, int]]) -> tuple[set[str], int]:
        urls: set[str] = set()
        count = 0
        for path in folder.rglob("*.html"):
            st = path.stat()
            if before.get(path) == (st.st_size, st.st_mtime_ns) and path in self.digests:
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if self.digests.get(path) != digest:
                self.digests[path] = digest
                urls |= page_urls(path.relative_to(folder).as_posix())
                count += 1
        return urls, count


def watch(paths: list[Path]) -> queue.Queue[Path]:
    """Report every file saved under ``paths``: folders (content, catalogs, templates) and files (mkdocs.yml)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    saved: queue.Queue[Path] = queue.Queue()

    class Handler(FileSystemEventHandler):
        def __init__(self, only: Path | None) -> None:
            self.only = only  # a file watched through its folder: nothing else there counts

        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write") or (
                event.is_directory and event.event_type == "modified"
            ):
                return
            for name in (event.src_path, getattr(event, "dest_path", "")):
                path = Path(str(name)) if name else None
                if path is None or path.name.startswith((".", "~")) or path.name.endswith((".tmp", ".swp", "~")):
                    continue
                if self.only is None or path == self.only:
                    saved.put(path)

    observer = Observer()
    for path in paths:
        if path.is_dir():
            observer.schedule(Handler(None), str(path), recursive=True)
        elif path.exists():
            observer.schedule(Handler(path), str(path.parent), recursive=False)
    observer.daemon = True
    observer.start()
    return saved


def _log_to_terminal() -> None:
    """MkDocs' warnings and errors, as ``mkdocs serve`` prints them (its command line is not running here)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)


def serve(config_file: Path, host: str, port: int, preview: bool) -> int:
    # Ctrl+C is how a preview stops, even when started from a shell that ignores SIGINT for its background
    # jobs (Python keeps an inherited "ignore", and the preview would then never stop).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _log_to_terminal()
    try:
        session = PreviewSession(config_file, preview)
    except BuildFolderError as exc:
        print(exc, file=sys.stderr)
        return 1
    started = time.perf_counter()
    _say(f"building {len(session.languages)} languages (the first time takes longest) ...")
    session.build_all()
    server = PreviewServer(
        (host, port),
        session.roots,
        session.decorate,
        session.changes,
        lambda: session.failure,
        session.pdf,
        session.error_page,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _say(f"ready in {time.perf_counter() - started:.1f} s: open http://{host}:{port}/  (Ctrl+C stops it)")
    try:  # from here on, Ctrl+C at any moment is the normal way to stop
        plugin = session._plugin()
        watched = [session.config_file]
        if plugin is not None:
            watched += [p for p in (plugin.content_dir, plugin.locales_dir) if p is not None]
            kept = session.languages[0].kept
            custom = kept.config.theme.custom_dir if kept is not None else None
            if custom:
                watched.append(Path(custom))
        else:
            watched += [p for p in session.plan.guarded if p != session.plan.generated_dir]
        saved = watch(watched)
        while True:
            paths = {saved.get()}
            time.sleep(0.02)  # an editor writes a file in several steps
            while not saved.empty():
                paths.add(saved.get_nowait())
            if session.config_file in paths:
                session.plan = SitePlan.read(session.config_file)
                session._setup()
            elif not session.edited_first(paths):
                continue  # the check failed: the pages keep their last good version, with the error
            session.build_all()
    except KeyboardInterrupt:
        _say("stopped")
        return 0
    finally:
        server.shutdown()
        for language in session.languages:
            language.close()
