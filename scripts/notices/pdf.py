"""A PDF of every published revision in every language, made once per text.

Legal teams archive PDFs and send them to people who ask. Each PDF holds the
revision's text with its effective date in the language's own convention, its
permanent address and the SHA-256 of its text (the same hash versions.json
cites). It does not hold the revision's status, which changes with time: so a
PDF depends only on what it shows, and is made once.

WeasyPrint lays the pages out with the fonts on the machine (Pango and
fontconfig), embedding subsets of them, so Thai and Japanese text can be
searched and copied from the PDF. It may read nothing but ``data:`` URLs: a
content file that points at a web address never makes the build fetch it.

PDFs are cached under the text's hash (plus everything else the PDF shows), so
the daily build copies old PDFs from the cache instead of rendering them again.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

#: Bump when the layout changes, so cached PDFs are made again.
LAYOUT_VERSION = "1"

#: The extensions the site renders content with (mkdocs.yml), minus the site's own UI.
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.critic", "pymdownx.magiclink"]

STYLE = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
html { font-family: "DejaVu Sans", "Noto Sans", sans-serif; font-size: 10.5pt; line-height: 1.6; }
html[lang="th"] { font-family: "Loma", "Garuda", "Norasi", "Noto Sans Thai", sans-serif; line-height: 1.8; }
html[lang="ja"] { font-family: "IPAGothic", "IPAexGothic", "Noto Sans CJK JP", sans-serif; line-height: 1.8; }
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
        return (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title><style>{STYLE}</style></head>"
            f'<body><h1>{html.escape(self.title)}</h1><div class="record">{lines}</div>{body}</body></html>'
        )

    @property
    def key(self) -> str:
        layout = [LAYOUT_VERSION, STYLE, *EXTENSIONS]  # a new look or markup makes every PDF again
        data = "\0".join([*layout, self.locale, self.title, *self.record, self.body_markdown])
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def pango_hint(folder: Path | None = None) -> str:
    """What to do when WeasyPrint cannot load its libraries, in the words that work in this project."""
    from .commands import make_or

    how = make_or("pdf-deps", "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-thai-tlwg (Debian)", folder)
    return f"install Pango and the Thai and Japanese fonts the PDFs use: run `{how}`"


class PdfError(RuntimeError):
    """WeasyPrint cannot run on this machine; the message says what is missing."""


def _weasyprint() -> Any:
    """WeasyPrint, imported only by builds that make a new PDF; a missing Pango is said as such."""
    try:
        import weasyprint
    except OSError as error:  # cffi: "cannot load library 'libpango-1.0-0': ..."
        library = str(error).split(":", 1)[0]
        raise PdfError(f"WeasyPrint, which lays out the PDFs, needs Pango, and Pango is missing ({library})") from None
    return weasyprint


def render_pdf(source: PdfSource, target: Path) -> None:
    """Lay out ``source`` and write the PDF to ``target`` (atomically)."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher

    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fetcher = URLFetcher(allowed_protocols=["data"])  # nothing from the network or the disk
    document = weasyprint.HTML(string=source.html(), url_fetcher=fetcher, base_url="/")
    document.write_pdf(tmp, pdf_identifier=source.key[:32].encode("ascii"))
    tmp.replace(target)


def write_pdfs(root: Path, sources: Mapping[str, PdfSource], cache_dir: Path) -> tuple[int, int]:
    """Put each PDF at ``root/<path>``, made only if the cache has no PDF of that text.

    Returns (PDFs made now, PDFs taken from the cache).
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    made = reused = 0
    for rel, source in sources.items():
        cached = cache_dir / f"{source.key}.pdf"
        if cached.is_file():
            reused += 1
        else:
            render_pdf(source, cached)
            made += 1
        target = root / rel
        if target.is_file() and target.read_bytes() == cached.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    return made, reused
