"""The ``notices`` command. Subcommands live beside it; this file only dispatches.

Exit codes: 0 fine, 1 content errors (or warnings under ``--strict``), 2 usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .check import CheckResult, check_content
from .commands import command
from .dates import TimeZoneError, today
from .findings import Reporter, findings_json
from .lock import publish
from .model import Notice
from .project import Project, content_locales, find_project
from .scaffold import ScaffoldError, new_revision
from .status import status_json, status_text


def _project(args: argparse.Namespace) -> Project | None:
    if not hasattr(args, "_project"):
        args._project = find_project()
    project: Project | None = args._project
    return project


def parse_as_of(value: str | None, args: argparse.Namespace | None = None) -> date:
    """``--as-of``, else ``NOTICES_AS_OF``, else ``as_of`` in mkdocs.yml, else today in its ``timezone``."""
    project = _project(args) if args is not None else None
    value = value or os.environ.get("NOTICES_AS_OF") or (project.as_of if project else None) or None
    if value is None:
        try:
            return today(project.timezone if project else None)
        except TimeZoneError as exc:
            raise argparse.ArgumentTypeError(f"timezone in mkdocs.yml: {exc}") from None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def content_and_locales(args: argparse.Namespace) -> tuple[Path, tuple[str, ...]]:
    """``--content`` and ``--locale``, else what mkdocs.yml says, else the languages the content is in."""
    project = _project(args)
    content: Path = args.content or (project.content_dir if project and project.content_dir else Path("content"))
    if args.locales:
        return content, tuple(args.locales)
    if project and project.locales and project.content_dir and content.resolve() == project.content_dir.resolve():
        return content, project.locales
    return content, content_locales(content)


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=None, help="the content folder (default: content_dir in mkdocs.yml, or content)"
    )
    parser.add_argument(
        "--locale",
        dest="locales",
        action="append",
        metavar="LL",
        help="a site language; repeat for each (default: the languages in mkdocs.yml)",
    )
    parser.add_argument("--as-of", help="the date that counts as today, YYYY-MM-DD (default: $NOTICES_AS_OF or today)")


def cmd_check(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of, args)
    content, locales = content_and_locales(args)
    result = check_content(content, locales, as_of)
    if args.format == "json":
        print(findings_json(result.findings))
    else:
        for finding in result.findings:
            print(finding.format(), file=sys.stderr)
        errors, warnings = len(result.errors), len(result.warnings)
        notices = len(result.content.notices)
        revisions = sum(len(n.revisions) for n in result.content.notices)
        print(
            f"notices check: {notices} notice(s), {revisions} revision(s), "
            f"{errors} error(s), {warnings} warning(s) as of {as_of.isoformat()}",
            file=sys.stderr,
        )
    if result.errors or (args.strict and result.warnings):
        return 1
    return 0


def _load_notice(args: argparse.Namespace) -> tuple[CheckResult, Notice, date]:
    as_of = parse_as_of(args.as_of, args)
    content, locales = content_and_locales(args)
    result = check_content(content, locales, as_of)
    notice = result.content.notice(args.notice)
    if notice is None:
        known = ", ".join(n.id for n in result.content.notices) or "none"
        raise argparse.ArgumentTypeError(f"no notice '{args.notice}' in {content} (notices: {known})")
    return result, notice, as_of


LOCK_CODES = frozenset({"not-locked", "erratum-not-locked", "published-changed"})


def cmd_publish(args: argparse.Namespace) -> int:
    result, notice, _ = _load_notice(args)
    revision = notice.revision(args.revision)
    if revision is None:
        raise argparse.ArgumentTypeError(f"'{notice.id}' has no revision '{args.revision}'")
    blocking = [f for f in result.errors if f.code not in LOCK_CODES]
    if blocking:
        for finding in blocking:
            print(finding.format(), file=sys.stderr)
        print("notices publish: fix these errors first; nothing was locked", file=sys.stderr)
        return 1
    report = Reporter()
    path = publish(notice, revision, report)
    for finding in report.findings:
        print(finding.format(), file=sys.stderr)
    if path is None:
        return 1
    print(f"notices publish: recorded {notice.id} {revision.key} in {path}", file=sys.stderr)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of, args)
    content, locales = content_and_locales(args)
    result = check_content(content, locales, as_of)
    for finding in result.errors:
        print(finding.format(), file=sys.stderr)
    render = status_json if args.format == "json" else status_text
    sys.stdout.write(render(result.content, as_of))
    if result.errors:
        print(f"notices status: the content has {len(result.errors)} error(s); see {command('check')}", file=sys.stderr)
        return 1
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    _, notice, as_of = _load_notice(args)
    try:
        effective = date.fromisoformat(args.date)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{args.date}' is not a date; write it as YYYY-MM-DD") from None
    try:
        target = new_revision(notice, effective, as_of)
    except ScaffoldError as exc:
        print(f"notices new: {exc}", file=sys.stderr)
        return 1
    print(f"notices new: created {target} (a draft copied from the latest revision)", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notices", description="Versioned, multilingual privacy notices.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="check the content for mistakes (the same checks as the site build)")
    add_common(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.set_defaults(func=cmd_check)
    pub = sub.add_parser("publish", help="record a revision's text as published in published.lock")
    pub.add_argument("notice")
    pub.add_argument("revision", metavar="YYYY-MM-DD")
    add_common(pub)
    pub.set_defaults(func=cmd_publish)
    new = sub.add_parser("new", help="start a new revision (a draft) from the latest one")
    new.add_argument("notice")
    new.add_argument("date", metavar="YYYY-MM-DD", help="the new revision's effective date")
    add_common(new)
    new.set_defaults(func=cmd_new)
    status = sub.add_parser("status", help="list every revision with its state, lock and days of notice")
    add_common(status)
    status.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    status.set_defaults(func=cmd_status)
    try:
        from . import diff_command  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # pragma: no cover - only while the diff engine is absent
        pass
    else:
        diff_command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
        return 2  # pragma: no cover - parser.error exits


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
