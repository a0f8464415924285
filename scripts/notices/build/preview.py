"""The preview's answer to a broken save: the last good page, with the error on top."""

from __future__ import annotations

import html
import re

from ..site.messages import UiText


def with_error_box(output: str, ui: UiText, error: str) -> str:
    """Put the error, escaped, at the top of the page's content (or of the body)."""
    title = ui.html("This preview is out of date: the last saved change has errors")
    advice = ui.html("Fix the errors below and save again; until then this page shows the last good version.")
    box = (
        '<div class="admonition failure notices-preview-error" role="alert">'
        f'<p class="admonition-title">{title}</p><p>{advice}</p><pre>{html.escape(error)}</pre></div>'
    )
    marker = '<article class="md-content__inner md-typeset">'
    if marker in output:
        return output.replace(marker, marker + box, 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + box, output, count=1)


def error_page(ui: UiText, error: str) -> str:
    """A whole page for an address the preview has no good version of yet (the first build failed):
    the error, escaped, where the page would be, so the legal team reads it on every page."""
    title = ui.html("The preview cannot show this page until these errors are fixed")
    return (
        f'<!doctype html>\n<html lang="{html.escape(ui.locale)}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>"
        '<div class="admonition failure notices-preview-error" role="alert">'
        f'<p class="admonition-title">{title}</p><pre>{html.escape(error)}</pre></div></body></html>'
    )
