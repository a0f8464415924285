"""The site search index: Pagefind, run once over the finished site.

Pagefind reads the built HTML, keeps one index per ``<html lang>`` (so a Thai
page only searches Thai text) and splits Thai and Japanese into words at build
time (the ``pagefind_bin_extended`` package ships that binary, so nothing is
downloaded). Only elements marked ``data-pagefind-body`` are indexed: the text
in force and announced revisions, not archives, histories or change pages.

Pagefind splits the visitor's query with the browser's ICU (``Intl.Segmenter``)
but the page text with a dictionary of its own, and the two disagree: Thai
"เข้ารหัส" was one word in the index and two in the query, so it was never
found. So Pagefind reads a copy of the pages in which ICU (the same word
boundaries as the browser and as :mod:`notices.words`) has put a zero-width
space between Thai and Japanese words. The copy is also in Unicode NFC, as
the search page makes every query: Vietnamese saved decomposed (NFD, as some
editors on macOS write it) is found by a query typed composed, and the other
way round. The published pages are not changed.

The visitor's browser loads ``/pagefind/pagefind.js``, its web worker, a
WebAssembly module and the index chunks its query needs, all from the site
itself. A Content-Security-Policy must allow ``'wasm-unsafe-eval'`` for it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .commands import make_or
from .words import tokenize

#: The folder under the site root that Pagefind writes.
BUNDLE_DIR = "pagefind"


#: Files Pagefind writes for its ready-made UIs, which the site does not use.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is its own output."""


@dataclass(frozen=True)
class SearchIndex:
    bundle: Path
    languages: tuple[str, ...]


#: Languages written without spaces between words.
SEGMENTED = frozenset({"th", "ja", "zh", "lo", "km", "my"})
_NO_SPACES = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
_MARKUP = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]*>", re.S | re.I)
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]+)"')
ZWSP = "\u200b"


def segment_text(text: str, locale: str) -> str:
    """``text`` with a zero-width space between two ICU words of a script without spaces.

    >>> segment_text("การเข้ารหัสข้อมูล", "th") == ZWSP.join(["การ", "เข้า", "รหัส", "ข้อมูล"])
    True
    >>> segment_text("A &amp; B", "th")
    'A &amp; B'
    """
    if not _NO_SPACES.search(text):
        return text
    out: list[str] = []
    for token in tokenize(text, locale):
        if out and _NO_SPACES.search(token) and _NO_SPACES.search(out[-1]):
            out.append(ZWSP)
        out.append(token)
    return "".join(out)


def segment_page(page: str) -> str:
    """An HTML page whose text (not its markup) is segmented for its ``<html lang>``."""
    found = _LANG.search(page)
    locale = found.group(1).split("-")[0].lower() if found else ""
    if locale not in SEGMENTED:
        return page
    out: list[str] = []
    position = 0
    for tag in _MARKUP.finditer(page):
        out.append(segment_text(page[position : tag.start()], locale))
        out.append(tag.group(0))
        position = tag.end()
    out.append(segment_text(page[position:], locale))
    return "".join(out)


def build_search_index(site_dir: Path, sources: Sequence[Path] = ()) -> SearchIndex:
    """Index ``site_dir`` with Pagefind into ``site_dir/pagefind/``.

    ``sources``: folders that together make the site, when it is not one
    folder (the preview keeps one per language); the first holding a page wins.
    """
    with tempfile.TemporaryDirectory(prefix="notices-search-") as tmp:
        pages = Path(tmp)
        found = 0
        for root in sources or (site_dir,):
            for page in root.rglob("*.html"):
                copy = pages / page.relative_to(root)
                if copy.exists() or BUNDLE_DIR in page.relative_to(root).parts:
                    continue
                text = page.read_text(encoding="utf-8")
                if "data-pagefind-body" not in text:
                    continue  # Pagefind indexes only marked pages once any page is marked
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(segment_page(unicodedata.normalize("NFC", text)), encoding="utf-8")
                found += 1
        bundle = site_dir / BUNDLE_DIR
        shutil.rmtree(bundle, ignore_errors=True)
        if not found:  # a new project with nothing published yet: nothing to find, and no error either
            return SearchIndex(bundle=bundle, languages=())
        return _run_pagefind(pages, bundle)


def _install_pagefind() -> str:
    """The pip command that installs the Pagefind this notices asks for (its extras and range)."""
    wanted = next((r for r in metadata.requires("notices") or [] if r.lower().startswith("pagefind")), "pagefind")
    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(wanted.split(';')[0].strip())}"


def _install_hint() -> str:
    return f"  hint: run `{make_or('install', _install_pagefind())}` (Pagefind is a dependency of notices)"


def pagefind_program() -> Path:
    """The Pagefind program the ``pagefind`` package finds (``PAGEFIND_BINARY_PATH`` first), checked to run."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchIndexError("Pagefind is not installed\n" + _install_hint()) from None
    found = get_executable()
    if found is None:
        raise SearchIndexError("Pagefind's program is missing: the pagefind package found none\n" + _install_hint())
    if not found.is_file() or not os.access(found, os.X_OK):
        why = "is missing" if not found.exists() else "cannot be run"
        raise SearchIndexError(f"Pagefind's program {why}: {found}\n" + _install_hint())
    return found


def _last_words(output: str) -> str:
    """A crashed program's output without its Python traceback: the error it ended with."""
    if "Traceback (most recent call last)" not in output:
        return output
    lines = [line for line in output.splitlines() if line.strip() and not line.startswith((" ", "Traceback"))]
    return lines[-1] if lines else "Pagefind stopped with an error"


def _run_pagefind(pages: Path, bundle: Path) -> SearchIndex:
    command = [str(pagefind_program()), "--site", str(pages), "--output-path", str(bundle)]
    command += ["--exclude-selectors", ".headerlink", "--silent"]  # not the ¶ after each heading
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"could not run Pagefind: {error}\n" + _install_hint()) from None
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        output = _last_words((result.stderr or result.stdout).strip())
        raise SearchIndexError(output or f"Pagefind exited with {result.returncode}")
    for name in UNUSED:  # Pagefind's own UIs: the site has its own search page
        (bundle / name).unlink(missing_ok=True)
    languages = tuple(sorted(p.name.split(".")[1].split("_")[0] for p in bundle.glob("pagefind.*.pf_meta")))
    return SearchIndex(bundle=bundle, languages=languages)
