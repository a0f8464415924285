"""Hints name a command the way this user runs it: ``notices`` when it is on PATH, else its path."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def program() -> str:
    """``notices`` if typing that runs this installation, else the path to use (``.venv/bin/notices``)."""
    here = Path(sys.executable).parent / "notices"
    found = shutil.which("notices")
    if found and (not here.exists() or os.path.samefile(found, here)):
        return "notices"
    if not here.exists():
        return "notices"
    try:
        return here.relative_to(Path.cwd()).as_posix()  # .venv/bin/notices, from the project folder
    except ValueError:
        return str(here)


def command(*args: str) -> str:
    """A command line to show in a hint.

    >>> command("publish", "privacy", "2027-01-15").endswith("notices publish privacy 2027-01-15")
    True
    """
    return " ".join([program(), *(shlex.quote(a) for a in args)])


_TARGETS = re.compile(r"^([A-Za-z0-9_][^\s:=#$]*(?:[ \t]+[^\s:=#$]+)*)[ \t]*::?(?!=)", re.MULTILINE)


def make_targets(folder: Path) -> frozenset[str]:
    """The targets the Makefile in ``folder`` defines; none when there is no Makefile.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "Makefile").write_text("V := 1\\n.PHONY: a\\nserve preview: install\\n\\techo\\n")
    ...     sorted(make_targets(Path(d))), sorted(make_targets(Path(d) / "nowhere"))
    (['preview', 'serve'], [])
    """
    try:
        text = (folder / "Makefile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    return frozenset(name for m in _TARGETS.finditer(text) for name in m.group(1).split())


def make_or(target: str, otherwise: str, folder: Path | None = None) -> str:
    """``make <target>`` where the project (``folder``, else here) has a Makefile with that target, else
    ``otherwise``: a project made by ``notices init`` has no Makefile, and its hints say what works there."""
    return f"make {target}" if target in make_targets(folder or Path.cwd()) else otherwise
