"""A PDF of every published revision in every language, made once per text.

Legal teams archive PDFs and send them to people who ask. Each PDF holds the
revision's text with its effective date in the language's own convention, its
permanent address and the SHA-256 of its text (the same hash versions.json
cites). It does not hold the revision's status, which changes with time: so a
PDF depends only on what it shows, and is made once.

WeasyPrint lays the pages out with the fonts on the machine (Pango and
fontconfig), embedding subsets of them, so text in every script can be searched
and copied from the PDF (:mod:`notices.site.pdf_text` makes the text layer exact
for shaped scripts). Each script has its font (``SCRIPT_FONTS``); a PDF is never
made with a script no installed font covers, nor with a character drawn as a box.
It may read nothing but ``data:`` URLs: a content file that points at a web
address never makes the build fetch it.

PDFs are cached under the text's hash (plus everything else the PDF shows), so
the daily build copies old PDFs from the cache instead of rendering them again.
The PDFs the cache lacks are made in a pool of processes, one per core. Under
``notices build`` the languages' processes do not make them: each leaves a
sealed placeholder where its PDF goes (so MkDocs links it as today), and the
build makes them all at once after the pages (:func:`fill_placeholders`).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import html
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from ..resources import locale_script
from .messages import babel_locale

#: Bump when the layout changes, so cached PDFs are made again.
LAYOUT_VERSION = "2"


@dataclass(frozen=True)
class ScriptFont:
    """The fonts a script's PDFs ask for, best first, and the Debian package that has the first."""

    families: tuple[str, ...]
    package: str
    #: fontconfig's name for a language written in this script (``fc-list :lang=...``)
    fc_lang: str


#: By ISO 15924 script (CLDR's likely script of the site language). Noto covers every script here;
#: Noto Sans Thai rather than TLWG's fonts, whose mark positions made pdftotext split words.
SCRIPT_FONTS = {
    "Latn": ScriptFont(("DejaVu Sans", "Noto Sans"), "fonts-dejavu-core", "vi"),
    "Cyrl": ScriptFont(("DejaVu Sans", "Noto Sans"), "fonts-dejavu-core", "ru"),
    "Grek": ScriptFont(("DejaVu Sans", "Noto Sans"), "fonts-dejavu-core", "el"),
    "Thai": ScriptFont(("Noto Sans Thai", "Noto Serif Thai"), "fonts-noto-core", "th"),
    "Jpan": ScriptFont(("Noto Sans CJK JP", "IPAGothic"), "fonts-noto-cjk", "ja"),
    "Kore": ScriptFont(("Noto Sans CJK KR",), "fonts-noto-cjk", "ko"),
    "Hans": ScriptFont(("Noto Sans CJK SC",), "fonts-noto-cjk", "zh-cn"),
    "Hant": ScriptFont(("Noto Sans CJK TC",), "fonts-noto-cjk", "zh-tw"),
    "Deva": ScriptFont(("Noto Sans Devanagari",), "fonts-noto-core", "hi"),
    "Arab": ScriptFont(("Noto Naskh Arabic", "Noto Sans Arabic"), "fonts-noto-core", "ar"),
}

#: Every Debian font package a shipped language needs (``make pdf-deps`` installs them).
FONT_PACKAGES = tuple(dict.fromkeys(font.package for font in SCRIPT_FONTS.values()))


def script_font(locale: str) -> ScriptFont | None:
    """The fonts for ``locale``'s script, or None for a script notices has no table entry for."""
    return SCRIPT_FONTS.get(locale_script(locale))


def _language_name(locale: str) -> str:
    try:
        return f"{babel_locale(locale).get_display_name('en')} ({locale})"
    except (ValueError, LookupError):
        return locale


@functools.cache
def _fontconfig_covers(fc_lang: str) -> bool:
    try:
        found = subprocess.run(["fc-list", f":lang={fc_lang}", "family"], capture_output=True, text=True, check=False)
    except OSError:
        return False  # no fontconfig: no font can be found for anything
    return bool(found.stdout.strip())


def check_fonts(locale: str) -> None:
    """Refuse a language whose script no installed font covers: its PDF would show boxes."""
    font = script_font(locale)
    if font is not None and not _fontconfig_covers(font.fc_lang):
        raise FontMissing(
            f"no installed font covers the script of {_language_name(locale)}, so its PDFs would show boxes",
            f"install the Debian package {font.package}: run `{_install_fonts(font.package)}`",
        )


#: The extensions the site renders content with (mkdocs.yml), minus the site's own UI.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.critic", "pymdownx.magiclink"]

STYLE = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
html { font-size: 10.5pt; line-height: 1.6; }
html.tall { line-height: 1.8; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; }
h1, h2, h3 { break-after: avoid; }
p, li { orphans: 3; widows: 3; }
.record { border: 1pt solid #888; padding: 6pt 9pt; margin: 0 0 12pt; font-size: 9pt; }
.record p { margin: 2pt 0; }
.notices-hash, .notices-url { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
a { color: inherit; }
a[href^="http"]::after, a[href^="mailto:"]::after {
  content: " <" attr(href) ">"; font-size: 8.5pt; word-break: break-all; }
table { border-collapse: collapse; } td, th { border: 0.5pt solid #888; padding: 2pt 4pt; }
"""


@dataclass(frozen=True)
class PdfSource:
    """What one PDF shows; ``key`` names it in the cache."""

    locale: str
    title: str
    record: tuple[str, ...]  #: lines of already-escaped HTML above the text
    body_markdown: str

    def html(self) -> str:
        body = markdown.markdown(self.body_markdown, extensions=EXTENSIONS, output_format="html")
        lines = "".join(f"<p>{line}</p>" for line in self.record)
        lang = html.escape(self.locale)
        font = script_font(self.locale) or SCRIPT_FONTS["Latn"]
        families = ", ".join(f'"{family}"' for family in (*font.families, *SCRIPT_FONTS["Latn"].families))
        tall = ' class="tall"' if font is not SCRIPT_FONTS["Latn"] else ""
        rtl = ' dir="rtl"' if babel_locale(self.locale).character_order == "right-to-left" else ""
        return (
            f'<!doctype html><html lang="{lang}"{rtl}{tall}><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title><style>{STYLE}"
            f"html {{ font-family: {families}, sans-serif; }}</style></head>"
            f'<body><h1>{html.escape(self.title)}</h1><div class="record">{lines}</div>{body}</body></html>'
        )

    @property
    def key(self) -> str:
        fonts = (script_font(self.locale) or SCRIPT_FONTS["Latn"]).families
        layout = [LAYOUT_VERSION, STYLE, *EXTENSIONS, *fonts]  # a new look, markup or font makes the PDF again
        data = "\0".join([*layout, self.locale, self.title, *self.record, self.body_markdown])
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _install_fonts(packages: str, folder: Path | None = None) -> str:
    from ..commands import make_or

    return make_or("pdf-deps", f"sudo apt-get install {packages} (Debian)", folder)


def pango_hint(folder: Path | None = None) -> str:
    """What to do when WeasyPrint cannot load its libraries, in the words that work in this project."""
    how = _install_fonts(" ".join(("libpango-1.0-0", "libpangoft2-1.0-0", *FONT_PACKAGES)), folder)
    return f"install Pango and the fonts the PDFs use: run `{how}`"


class PdfError(RuntimeError):
    """WeasyPrint cannot run on this machine; the message says what is missing."""


class FontMissing(PdfError):
    """No installed font draws some of a PDF's text; ``hint`` names the package that does."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class _NotdefGlyphs(logging.Handler):
    """Collects WeasyPrint's ".notdef glyph rendered" warnings: each is a box on the page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if ".notdef glyph" in str(record.msg) and isinstance(record.args, tuple) and record.args:
            self.characters.append(str(record.args[0]))


@contextmanager
def _no_boxes(source: PdfSource) -> Iterator[None]:
    handler = _NotdefGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.characters:
        shown = ", ".join(f"{c!r} (U+{ord(c[0]):04X})" for c in dict.fromkeys(handler.characters))
        raise FontMissing(
            f"the {_language_name(source.locale)} PDF of {source.title!r} has characters"
            f" no installed font has: {shown}",
            "remove them from the text, or install a font that has them (fc-list shows the installed fonts)",
        )


def _weasyprint() -> Any:
    """WeasyPrint, imported only by builds that make a new PDF; a missing Pango is said as such."""
    try:
        import weasyprint
    except OSError as error:  # cffi: "cannot load library 'libpango-1.0-0': ..."
        library = str(error).split(":", 1)[0]
        raise PdfError(f"WeasyPrint, which lays out the PDFs, needs Pango, and Pango is missing ({library})") from None
    return weasyprint


def render_pdf(source: PdfSource, target: Path) -> None:
    """Lay out ``source`` and write the PDF to ``target`` (atomically); never with a box for a glyph."""
    check_fonts(source.locale)
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher

    from .pdf_text import install

    install()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fetcher = URLFetcher(allowed_protocols=["data"])  # nothing from the network or the disk
    document = weasyprint.HTML(string=source.html(), url_fetcher=fetcher, base_url="/")
    try:
        with _no_boxes(source):
            document.write_pdf(tmp, pdf_identifier=source.key[:32].encode("ascii"))
    except FontMissing:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(target)


#: Set by ``notices build`` for its languages' processes to its secret token: leave placeholders sealed
#: with it, the build makes the PDFs.
DEFER_VARIABLE = "NOTICES_PDF_DEFER"
#: How a placeholder starts (never the start of a PDF, which is ``%PDF-``).
PLACEHOLDER = b"%notices-pdf-pending\n"
_MAC = hashlib.sha256().digest_size


def _seal(token: str, source: PdfSource) -> bytes:
    """A placeholder for ``source``: only the build that holds ``token`` trusts it."""
    payload = json.dumps([source.locale, source.title, list(source.record), source.body_markdown]).encode("utf-8")
    return PLACEHOLDER + hmac.new(token.encode(), payload, hashlib.sha256).digest() + payload


def _unseal(token: str, data: bytes) -> PdfSource | None:
    body = data[len(PLACEHOLDER) :]
    mac, payload = body[:_MAC], body[_MAC:]
    if not data.startswith(PLACEHOLDER) or not hmac.compare_digest(
        mac, hmac.new(token.encode(), payload, hashlib.sha256).digest()
    ):
        return None
    locale, title, record, markdown_text = json.loads(payload)
    return PdfSource(locale, title, tuple(record), markdown_text)


def _render_into(cache_dir: Path, source: PdfSource) -> str:
    render_pdf(source, cache_dir / f"{source.key}.pdf")
    return source.key


def make_missing(
    sources: Iterable[PdfSource],
    cache_dir: Path,
    jobs: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_made: Callable[[], None] | None = None,
) -> int:
    """Make every PDF the cache lacks, ``jobs`` processes at a time (default: one per core); how many were made.

    A build whose PDFs are all cached only looks each one up: no process and no WeasyPrint import.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    missing = {s.key: s for s in sources if not (cache_dir / f"{s.key}.pdf").is_file()}
    if on_start is not None:
        on_start(len(missing))
    if not missing:
        return 0
    _weasyprint()  # a missing Pango is said once, here, not by every worker
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(missing)))
    if jobs == 1:
        for source in missing.values():
            _render_into(cache_dir, source)
            if on_made is not None:
                on_made()
        return len(missing)
    # fork: the workers start at once with WeasyPrint imported (spawn imports it again in each); never
    # with other threads running (a server's), whose locks a forked child could inherit held.
    fork = sys.platform == "linux" and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if fork else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for future in as_completed([pool.submit(_render_into, cache_dir, s) for s in missing.values()]):
            future.result()
            if on_made is not None:
                on_made()
    return len(missing)


def _place(cached: Path, target: Path) -> None:
    """Copy ``cached`` to ``target`` unless it already holds those bytes (a new file: never written in place)."""
    if (
        target.is_file()
        and target.stat().st_size == cached.stat().st_size
        and target.read_bytes() == cached.read_bytes()
    ):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(cached, tmp)
    tmp.replace(target)


def write_pdfs(
    root: Path, sources: Mapping[str, PdfSource], cache_dir: Path, jobs: int | None = None
) -> tuple[int, int]:
    """Put each PDF at ``root/<path>``, made only if the cache has no PDF of that text.

    Under ``notices build`` (:data:`DEFER_VARIABLE` set) a PDF the cache lacks
    gets a placeholder instead, which the build fills after the pages. Returns (PDFs made or left to
    make, PDFs taken from the cache).
    """
    token = os.environ.get(DEFER_VARIABLE, "")
    cache_dir.mkdir(parents=True, exist_ok=True)
    missing = [s for s in sources.values() if not (cache_dir / f"{s.key}.pdf").is_file()]
    if not token:
        make_missing(missing, cache_dir, jobs)
    later = {s.key for s in missing} if token else set()
    for rel, source in sources.items():
        target = root / rel
        if source.key in later:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_seal(token, source))
        else:
            _place(cache_dir / f"{source.key}.pdf", target)
    return len(missing), len(sources) - len(missing)


def fill_placeholders(
    site: Path,
    token: str,
    cache_dir: Path,
    jobs: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_made: Callable[[], None] | None = None,
) -> int:
    """Make the PDFs the languages of this build left placeholders for (in a pool), and put them in ``site``."""
    waiting: list[tuple[Path, PdfSource]] = []
    for path in site.rglob("*.pdf"):
        with path.open("rb") as file:
            head = file.read(len(PLACEHOLDER))
        if head == PLACEHOLDER:
            source = _unseal(token, path.read_bytes())
            if source is not None:
                waiting.append((path, source))
    made = make_missing([s for _, s in waiting], cache_dir, jobs, on_start, on_made)
    for path, source in waiting:
        tmp = path.with_name(f".{path.name}.tmp")
        shutil.copyfile(cache_dir / f"{source.key}.pdf", tmp)
        tmp.replace(path)
    return made
