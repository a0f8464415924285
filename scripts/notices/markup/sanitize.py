"""``markdown_extensions: [notices.markup.sanitize]``: the name Markdown imports (see the package's docstring)."""

from __future__ import annotations

from ..content.markup.sanitize import SanitizeExtension, makeExtension

__all__ = ["SanitizeExtension", "makeExtension"]
