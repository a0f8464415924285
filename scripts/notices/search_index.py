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

import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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


def _run_pagefind(pages: Path, bundle: Path) -> SearchIndex:
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(bundle)]
    command += ["--exclude-selectors", ".headerlink", "--silent"]  # not the ¶ after each heading
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from None
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        output = (result.stderr or result.stdout).strip()
        if "No module named pagefind" in output:
            output += "\n  hint: run `make install` (Pagefind is a dependency in pyproject.toml)"
        raise SearchIndexError(output or f"Pagefind exited with {result.returncode}")
    for name in UNUSED:  # Pagefind's own UIs: the site has its own search page
        (bundle / name).unlink(missing_ok=True)
    languages = tuple(sorted(p.name.split(".")[1].split("_")[0] for p in bundle.glob("pagefind.*.pf_meta")))
    return SearchIndex(bundle=bundle, languages=languages)
