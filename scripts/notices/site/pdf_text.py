"""An exact text layer for shaped scripts in WeasyPrint's PDFs (Thai, Devanagari, Arabic).

A PDF maps each glyph code to one piece of text (its ToUnicode CMap). WeasyPrint gives every
glyph the text of its first use, and gives the glyphs after the first of a cluster none of it
(WeasyPrint issue #2841). Shaped scripts reuse glyphs across clusters: HarfBuzz draws Thai SARA
AM (ำ) as NIKHAHIT + the glyph of SARA AA (า), so "จำกัด" was copied as "จากัด"; Devanagari's
reordered vowel signs broke words the same way.

This module makes the map exact, without touching WeasyPrint's layout: before a line is drawn,
the first glyph of each cluster is given the cluster's whole text, the others none, and a glyph
drawn with a second text gets a code of its own (a new CID that the font's CIDToGIDMap points at
the same glyph). Installed once, by :func:`install`, for WeasyPrint 70's internals.
"""

from __future__ import annotations

from typing import Any

_installed = False


def _cluster_texts(glyph_item: Any, text: bytes) -> list[str]:
    """Each glyph's text: the whole cluster for its first glyph, nothing for the others."""
    glyph_string = glyph_item.glyphs
    count = glyph_string.num_glyphs
    clusters = [glyph_string.log_clusters[i] for i in range(count)]
    offset, length = glyph_item.item.offset, glyph_item.item.length
    starts = sorted(set(clusters))
    end_of = {start: (starts[n + 1] if n + 1 < len(starts) else length) for n, start in enumerate(starts)}
    seen: set[int] = set()
    texts = []
    for cluster in clusters:
        if cluster in seen:
            texts.append("")
        else:
            seen.add(cluster)
            texts.append(text[offset + cluster : offset + end_of[cluster]].decode("utf-8", "replace"))
    return texts


def _map_line(stream: Any, textbox: Any) -> None:
    """Give every glyph of the first line a character code whose text is exactly its own."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    # WeasyPrint sets this first; set after, it would lay the line out again, with new glyphs.
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    first_line, _ = textbox.pango_layout.get_first_line()
    text = textbox.pango_layout.text.encode()
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        font, font_size = stream.add_font(glyph_item.item.analysis.font)
        if font.bitmap:
            continue
        aliases: dict[tuple[int, str], int] = font.__dict__.setdefault("notices_aliases", {})
        glyphs = glyph_item.glyphs.glyphs
        for i, wanted in enumerate(_cluster_texts(glyph_item, text)):
            glyph = glyphs[i].glyph
            if glyph == pango.PANGO_GLYPH_EMPTY or glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                continue
            if glyph >= font.glyph_count:  # already one of ours (a line drawn twice)
                continue
            if font.to_unicode.setdefault(glyph, wanted) == wanted:
                continue
            code = aliases.get((glyph, wanted))
            if code is None:
                # A code beyond the font's glyphs, from the same counter as WeasyPrint's missing glyphs.
                code = font.get_unused_glyph_id(("notices-alias", glyph, wanted))
                aliases[(glyph, wanted)] = code
                font.to_unicode[code] = wanted
                pango.pango_font_get_glyph_extents(
                    glyph_item.item.analysis.font, glyph, stream.ink_rect, stream.logical_rect
                )
                width = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
                font.widths[code] = font.widths.setdefault(glyph, width)
            glyphs[i].glyph = code


def _cid_to_gid(pdf: Any, font: Any, compress: bool) -> Any:
    """The CIDToGIDMap: each code to its own glyph, an alias to the glyph it stands for, missing to .notdef."""
    import pydyf

    glyphs = list(range(max(font.to_unicode) + 1))
    for (glyph, _), code in font.notices_aliases.items():
        glyphs[code] = glyph
    for key, code in font.missing.items():
        if not isinstance(key, tuple):
            glyphs[code] = 0
    stream = pydyf.Stream([b"".join(glyph.to_bytes(2, "big") for glyph in glyphs)], compress=compress)
    pdf.add_object(stream)
    return stream.reference


def install() -> None:
    """Wrap WeasyPrint's line drawing and font dictionaries (once per process)."""
    global _installed
    if _installed:
        return
    import weasyprint.draw.text as draw_text
    import weasyprint.pdf.fonts as pdf_fonts

    draw_first_line = draw_text.draw_first_line
    build_vector = pdf_fonts._build_vector_font_dictionary

    def draw_first_line_exact(stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any, matrix: Any) -> Any:
        plain = text_overflow != "ellipsis" and block_ellipsis == "none"  # else WeasyPrint changes the text first
        if plain and textbox.text.strip() and textbox.style["font_size"] >= 1e-6:
            _map_line(stream, textbox)
        return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)

    def build_vector_exact(
        font_dictionary: Any, pdf: Any, font: Any, widths: Any, compress: Any, *args: Any, **kwargs: Any
    ) -> Any:
        result = build_vector(font_dictionary, pdf, font, widths, compress, *args, **kwargs)
        if getattr(font, "notices_aliases", None):
            # Codes are CIDs again (Identity-H); the map, not the Encoding, sends aliases to their glyph.
            font_dictionary["Encoding"] = "/Identity-H"
            number = int(font_dictionary["DescendantFonts"][0].split()[0])
            pdf.objects[number]["CIDToGIDMap"] = _cid_to_gid(pdf, font, compress)
        return result

    draw_text.draw_first_line = draw_first_line_exact
    pdf_fonts._build_vector_font_dictionary = build_vector_exact
    _installed = True
