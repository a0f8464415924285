"""The docs page that explains each `notices` command, named at the end of its `--help`.

Kept apart from the parsers so the mapping is one table, which a test checks against docs/.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

#: command → page under docs/ (the repository of notices).
HELP_PAGES: dict[str, str] = {
    "check": "guide/check.md",
    "publish": "guide/publishing.md",
    "new": "guide/editing.md",
    "status": "guide/editing.md",
    "init": "guide/starting.md",
    "serve": "operations/install.md",
    "build": "operations/deploy.md",
    "update-catalogs": "guide/languages.md",
    "add-language": "guide/languages.md",
    "diff": "guide/reviewing.md",
    "notice": "guide/publishing.md",
    "log": "guide/publishing.md",
    "verify": "operations/consent-records.md",
    "import": "import.md",
}


def add_epilogs(commands: Mapping[str, argparse.ArgumentParser]) -> None:
    """End each command's `--help` with its page, so a reader knows where the full explanation is."""
    for name, parser in commands.items():
        page = HELP_PAGES.get(name)
        if page is not None:
            parser.epilog = f"Guide: docs/{page} in the notices repository (its docs/ folder, also built as a site)."
