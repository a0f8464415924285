"""``notices build``: one renderer process per language at once, merged into one site, swapped in whole.

mkdocs-static-i18n builds the languages one after another in one process, so
a two-core machine builds on one core. Here each language is its own
``mkdocs build`` (or ``properdocs build``): the notices plugin tells
static-i18n to build only that language (``NOTICES_BUILD_LOCALE``), into a
folder of its own inside this build's staging folder. The language trees are
disjoint except for four files, which are merged the way static-i18n writes
them: the search index (every language's entries, in language order), the
sitemap (every language's ``<url>`` entries), its gzip copy, and the theme's
assets (the same bytes in every tree). If any language fails, the whole build
fails and ``site/`` is left as it was.

Nothing here imports MkDocs: the renderer is a command, so ProperDocs (a
MkDocs 1.6 fork) runs the same way.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Reporter
from ..project import read_settings
from ..site.pdf import DEFER_VARIABLE, PdfError, fill_placeholders, pango_hint
from ..site.search_index import SearchIndexError, build_search_index
from .folders import (
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
)
from .pagecache import MANIFEST
from .progress import Progress, Stage
from .shared import TOKEN_VARIABLE, new_token, remove_shared


@dataclass(frozen=True)
class SitePlan:
    """What the parent needs from mkdocs.yml: where the site goes and which languages to build."""

    config_file: Path
    site_dir: Path
    locales: tuple[str, ...]  # the default language first, as static-i18n builds them
    guarded: tuple[Path, ...]  # content/, locales/, overrides/, the generated folder
    generated_dir: Path
    pdf_cache_dir: Path

    @property
    def pages_dir(self) -> Path:
        """Each language's last output, kept between builds so unchanged archived pages are reused."""
        return self.generated_dir.with_name(self.generated_dir.name + "-pages")

    @classmethod
    def read(cls, config_file: Path, site_dir: Path | None = None) -> SitePlan:
        report = Reporter()
        settings = read_settings(config_file, report, required=False)
        if settings is None:
            problem = report.findings[0]
            raise BuildFolderError(f"{problem.path}:{problem.line}:{problem.col}", problem.message, problem.hint)
        guarded = [
            settings.content_dir,
            settings.locales_dir or settings.root / "locales",
            settings.generated_dir,
            *([settings.custom_dir] if settings.custom_dir else []),
        ]
        # Without static-i18n there is one site: one process builds it.
        locales = settings.site_languages or ("",)
        resolved = tuple(p.resolve() for p in guarded)
        site = (site_dir or settings.site_dir).resolve()
        return cls(config_file.resolve(), site, locales, resolved, settings.generated_dir, settings.pdf_cache_dir)


@dataclass
class LanguageRun:
    locale: str
    folder: Path
    returncode: int = -1
    output: str = ""
    seconds: float = 0.0
    peak_kib: int = 0


@dataclass
class BuildReport:
    ok: bool
    runs: list[LanguageRun] = field(default_factory=list)
    message: str = ""


def renderer_command(renderer: str) -> str:
    """The renderer's executable: beside this Python first (the project's venv), else on PATH."""
    beside = Path(sys.executable).parent / renderer
    if beside.exists():
        return str(beside)
    return shutil.which(renderer) or renderer


def _run_language(command: list[str], env: dict[str, str], run: LanguageRun) -> LanguageRun:
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)  # reaped here, so the peak memory of this process is known
    proc.returncode = run.returncode = os.waitstatus_to_exitcode(status)
    run.output = out.decode("utf-8", errors="replace")
    run.seconds = time.perf_counter() - start
    run.peak_kib = int(usage.ru_maxrss)
    return run


def build_languages(
    plan: SitePlan,
    staging: Path,
    renderer: str = "mkdocs",
    jobs: int | None = None,
    extra_args: Sequence[str] = (),
    token: str = "",
    done: Stage | None = None,
) -> list[LanguageRun]:
    """Run one renderer process per language, ``jobs`` at a time, each into its folder in ``plan.pages_dir``.

    ``--dirty`` lets the notices plugin skip archived pages whose output is
    still right (see :mod:`notices.build.pagecache`); each folder is then
    copied into ``staging`` to be merged.
    """
    claim(plan.pages_dir, "page cache folder", "generated_dir")
    for locale in plan.locales:
        claim(plan.pages_dir / locale, "page cache folder", "generated_dir")
    runs = [LanguageRun(locale, staging / f".lang-{locale}") for locale in plan.locales]
    exe = renderer_command(renderer)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(runs)))
    # The first language checks the content and leaves the result for the others (see .shared);
    # the PDFs not in the cache are left for the build to make after the pages (see notices.site.pdf).
    token = token or new_token()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", TOKEN_VARIABLE: token, DEFER_VARIABLE: token}

    def one(run: LanguageRun) -> LanguageRun:
        cache = plan.pages_dir / run.locale
        command = [exe, "build", "--dirty", "-f", str(plan.config_file), "--site-dir", str(cache), *extra_args]
        _run_language(command, {**env, "NOTICES_BUILD_LOCALE": run.locale} if run.locale else env, run)
        if run.returncode == 0:
            shutil.copytree(cache, run.folder, ignore=shutil.ignore_patterns(MANIFEST, MARKER))
        if done is not None:
            done.advance(f"{run.locale or 'site'} {run.seconds:.1f} s")
        return run

    try:
        with BuildLock(plan.pages_dir), ThreadPoolExecutor(max_workers=jobs) as pool:  # one build per cache
            return list(pool.map(one, runs))
    finally:
        remove_shared(plan.generated_dir)  # trusted by this build's token only: no use to anyone after


def _merge_tree(source: Path, target: Path) -> None:
    """Move every file of ``source`` into ``target`` unless ``target`` already has it (the same theme asset)."""
    for entry in source.iterdir():
        if entry.name == MARKER:
            continue
        dest = target / entry.name
        if entry.is_dir() and not entry.is_symlink():
            if dest.exists():
                _merge_tree(entry, dest)
            else:
                entry.replace(dest)
        elif not dest.exists():
            entry.replace(dest)


def _sitemap_urls(text: str) -> tuple[str, str, str]:
    """Split a sitemap into its head, its ``<url>`` entries and its tail."""
    start = text.index(">", text.index("<urlset")) + 1
    end = text.rindex("</urlset>")
    return text[:start], text[start:end], text[end:]


def merge_site(plan: SitePlan, runs: list[LanguageRun], staging: Path) -> None:
    """Put the language trees together in ``staging`` as one static-i18n build would have written them."""
    trees = [run.folder for run in runs]
    search: dict[str, Any] | None = None
    sitemap_head = sitemap_tail = ""
    sitemap_urls: list[str] = []
    gz_mtime = 0
    for tree in trees:
        index = tree / "search/search_index.json"
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            if search is None:
                search = data
            else:
                search["docs"].extend(data.get("docs", []))
            index.unlink()
        sitemap = tree / "sitemap.xml"
        if sitemap.is_file():
            head, urls, tail = _sitemap_urls(sitemap.read_text(encoding="utf-8"))
            if not sitemap_urls:
                sitemap_head, sitemap_tail = head, tail
            sitemap_urls.append(urls)
            sitemap.unlink()
        packed = tree / "sitemap.xml.gz"
        if packed.is_file():
            # MkDocs stamps it with the newest page's date: the newest over every language.
            gz_mtime = max(gz_mtime, int.from_bytes(packed.read_bytes()[4:8], "little"))
            packed.unlink()
    for tree in trees:
        _merge_tree(tree, staging)
        shutil.rmtree(tree, ignore_errors=True)
    if search is not None:
        target = staging / "search/search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(search, separators=(",", ":"), default=str), encoding="utf-8")
    if sitemap_urls:
        rest = [urls[1:] if urls.startswith("\n") else urls for urls in sitemap_urls[1:]]
        merged = sitemap_head + sitemap_urls[0] + "".join(rest) + sitemap_tail
        (staging / "sitemap.xml").write_text(merged, encoding="utf-8")
        with (
            (staging / "sitemap.xml.gz").open("wb") as raw,
            gzip.GzipFile(
                fileobj=raw, mode="wb", filename=str(staging / "sitemap.xml.gz"), mtime=gz_mtime
            ) as packed_file,
        ):
            packed_file.write(merged.encode("utf-8"))


def build_site(
    config_file: Path,
    renderer: str = "mkdocs",
    jobs: int | None = None,
    site_dir: Path | None = None,
    extra_args: Sequence[str] = (),
    log: Any = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every language at once and swap the merged site in; on any failure leave site/ as it was."""
    say = log or (lambda message: print(message, file=sys.stderr))
    progress = progress or Progress(quiet=True)
    try:
        plan = SitePlan.read(config_file, site_dir)
        final = plan.site_dir
        refuse_dangerous(final, "site folder", "site_dir", plan.config_file.parent, plan.guarded)
    except BuildFolderError as exc:
        return BuildReport(False, message=str(exc))
    lock = BuildLock(final, on_wait=lambda: say(f"notices build: another build is using {final}; waiting for it"))
    staging: Path | None = None
    try:
        lock.acquire()
        claim(final, "site folder", "site_dir", looks_like_old_site, create=False)
        sweep_leftovers(final)
        staging = new_staging(final)
        token = new_token()
        try:
            with progress.stage("languages", len(plan.locales)) as languages:
                runs = build_languages(plan, staging, renderer, jobs, extra_args, token, languages)
        except OSError as exc:
            raise disk_error(exc, staging) from None
        failed = [run for run in runs if run.returncode != 0]
        if failed:
            outputs: dict[str, list[str]] = {}  # the same mistake stops every language: say it once
            for run in failed:
                outputs.setdefault(run.output.strip(), []).append(run.locale)
            details = "\n".join(f"--- {', '.join(names)} ---\n{text}" for text, names in outputs.items())
            names = ", ".join(run.locale for run in failed)
            return BuildReport(
                False, runs, f"{details}\nnotices build: the {names} build failed; {final} was left as it was"
            )
        try:
            with progress.stage("merge"):
                merge_site(plan, runs, staging)
            with progress.stage("PDFs") as pdfs:  # after the pages, over every core; none when all are cached
                fill_placeholders(staging, token, plan.pdf_cache_dir, jobs, pdfs.start, pdfs.advance)
        except OSError as exc:
            raise disk_error(exc, staging) from None
        except (PdfError, ValueError) as exc:
            hint = pango_hint(plan.config_file.parent)
            return BuildReport(False, message=f"notices build: no PDF could be made: {exc}\n  hint: {hint}")
        try:  # one Pagefind index per language, over the merged site (each language process skipped it)
            with progress.stage("search index"):
                build_search_index(staging)
        except SearchIndexError as exc:
            return BuildReport(
                False, runs, f"notices build: the search index could not be built:\n{exc}\n{final} was left as it was"
            )
        swap_in(staging, final)
        staging = None
        return BuildReport(True, runs)
    except BuildFolderError as exc:
        return BuildReport(False, message=str(exc))
    finally:
        if staging is not None:
            remove_owned(staging)
        lock.release()


def report_output(report: BuildReport) -> str:
    """The languages' own output once: the first language's in full, then only lines not said before."""
    seen: set[str] = set()
    lines: list[str] = []
    for run in report.runs:
        for line in run.output.splitlines():
            if line not in seen:
                seen.add(line)
                lines.append(line)
    return "\n".join(lines)
