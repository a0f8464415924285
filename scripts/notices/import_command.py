"""``notices import``: a notice the team already publishes (Word, web pages, text) as a draft revision."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from .importer.plan import plan_import, report, write_plan
from .importer.sources import SUFFIXES, ImportProblem, Source, read_source
from .project import find_config, read_project


def terminal_safe(text: str) -> str:
    r"""A line for the terminal: control and format characters written as escapes, never sent raw.

    >>> terminal_safe("Title\x1b[2J")
    'Title\\x1b[2J'
    """
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Cf") else c for c in text
    )


_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _locale_of(path: Path, given: str | None, count: int) -> str:
    """The language a file is in: its name (``en.docx``, ``ja.html``), or ``--locale`` for a single file."""
    if given:
        if count > 1:
            raise ImportProblem(
                path,
                "--locale names the language of one file only",
                "name each file after its language: en.docx, ja.html …",
            )
        return given
    stem = path.name.split(".")[0]
    if _LOCALE_NAME.match(stem):
        return stem
    raise ImportProblem(
        path,
        f"cannot tell the language of '{path.name}' from its name",
        f"rename it after its language (en{path.suffix}, ja{path.suffix} …), or give --locale LL for one file",
    )


def cmd_import(args: argparse.Namespace) -> int:
    config = find_config()
    project = read_project(config) if config is not None else None
    if project is None:
        print("notices import: error: no mkdocs.yml here or in a folder above", file=sys.stderr)
        print("  hint: run it in your project's folder (notices init NAME makes one)", file=sys.stderr)
        return 1
    try:
        effective = date.fromisoformat(args.effective) if args.effective else None
    except ValueError:
        print(f"notices import: error: '{terminal_safe(args.effective)}' is not a date", file=sys.stderr)
        print("  hint: write it as YYYY-MM-DD, e.g. --effective 2023-07-03", file=sys.stderr)
        return 2
    try:
        sources: list[Source] = []
        for path in args.files:
            sources.append(read_source(path, _locale_of(path, args.locale, len(args.files))))
        locales = [s.locale for s in sources]
        if len(set(locales)) != len(locales):
            raise ImportProblem(args.files[0], "two files are in the same language", "give one file per language")
        default = project.locales[0] if project.locales else locales[0]
        authoritative = args.authoritative or (default if default in locales else locales[0])
        plan = plan_import(
            project.content_dir,
            args.notice,
            sources,
            authoritative=authoritative,
            effective=effective,
            project_locales=project.locales,
        )
        written = write_plan(plan)
    except ImportProblem as exc:
        print(f"{terminal_safe(str(exc.path))}:{exc.line}:1: error: {terminal_safe(exc.message)}", file=sys.stderr)
        print(f"  hint: {exc.hint}", file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(
            f"{terminal_safe(str(exc.filename))}:1:1: error: the file appeared while importing; nothing was replaced",
            file=sys.stderr,
        )
        print("  hint: move it away and import again", file=sys.stderr)
        return 1
    for line in report(plan, sources, written, project.root):
        print(terminal_safe(line))
    return 0


def add_parser(sub: Any) -> None:
    kinds = ", ".join(SUFFIXES)
    cmd = sub.add_parser(
        "import",
        help="bring in the notice you already publish (Word, web page, text) as a draft revision",
        description=(
            "Reads one file per language, named after it (en.docx, ja.html, th.txt), and writes "
            "content/NOTICE/DATE/ as a draft. It never overwrites. Reads: " + kinds
        ),
    )
    cmd.add_argument("notice", metavar="NOTICE", help="the notice's folder name, e.g. privacy")
    cmd.add_argument("files", metavar="FILE", nargs="+", type=Path)
    cmd.add_argument("--effective", metavar="DATE", help="the date it takes effect (else read from the text)")
    cmd.add_argument("--authoritative", metavar="LL", help="the language that prevails (default: the site's first)")
    cmd.add_argument("--locale", metavar="LL", help="the language of a single file whose name does not say it")
    cmd.set_defaults(func=cmd_import)
