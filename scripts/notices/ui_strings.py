"""The UI strings the Python code marks for translation, read from its syntax tree.

``babel.cfg`` names :func:`extract` for ``scripts/notices/**.py``, so
``make locales-extract`` and the catalog test see exactly the calls
``ui.text("...")`` and ``ui.html("...")`` (and gettext's ``_("...")``).
Babel's own Python extractor reads tokens, and its guesses change between
releases: 2.19 reads ``text[i]`` (a variable that shares the keyword's name)
as a call and takes the strings after it, docstrings included. A syntax tree
has no such guesses: a call is a call.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

#: What one call yields: (line, function name, the message or each argument's, translator comments).
Extracted = tuple[int, str, str | tuple[str | None, ...] | None, list[str]]


def marked_calls(source: str, keywords: Collection[str]) -> Iterator[Extracted]:
    """Every call ``name(...)`` or ``obj.name(...)`` whose name is a keyword, in source order.

    Each positional argument is its string, or ``None`` when it is not a literal
    (Babel then skips the call, as it does with its own extractor).

    >>> src = 'ui.text("Effective date: %(date)s", date=d)\\nx = text[i]; y = text[i + 1 : i + 2]\\nui.html(label)'
    >>> list(marked_calls(src, {"text", "html"}))
    [(1, 'text', 'Effective date: %(date)s', []), (3, 'html', None, [])]
    """
    found: list[tuple[int, int, Extracted]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name is None or name not in keywords:
            continue
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
        found.append((node.lineno, node.col_offset, (node.lineno, name, args[0] if len(args) == 1 else args, [])))
    for _, _, item in sorted(found, key=lambda f: (f[0], f[1])):
        yield item


def extract(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Babel's extraction-method interface (``[extractors]`` in babel.cfg)."""
    encoding = str(options.get("encoding", "utf-8"))
    yield from marked_calls(fileobj.read().decode(encoding), set(keywords))
