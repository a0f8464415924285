"""Hints name a command the way this user runs it: ``notices`` when it is on PATH, else its path."""

from __future__ import annotations

import os
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
