"""The MkDocs adapter's folders: the generated Markdown, the staging folder and the swap, the locks, the PDFs.

A build writes into folders it owns, under a lock, and swaps the finished site in at the end,
so a failed build leaves site/ as it was (see :mod:`notices.build.folders`). Mixed into
:class:`notices.adapters.mkdocs_plugin.NoticesPlugin`, whose ``__init__`` sets the state used here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

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
from ..build.shared import TOKEN_VARIABLE, read_shared, write_shared
from ..content.check import CheckResult
from ..site.pdf import FontMissing, PdfError, PdfSource, pango_hint, write_pdfs
from ..site.render import RenderedSite
from .mkdocs_config import log

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


class StagingMixin:
    """Staging, locks, the swap and the PDFs of :class:`NoticesPlugin`."""

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
