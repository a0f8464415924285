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
from .dates import today
from .findings import Reporter, findings_json
from .lock import REPAIRED_BY_PUBLISH, publish
from .model import Notice
from .scaffold import ScaffoldError, new_revision

DEFAULT_LOCALES = ("en", "ja", "vi", "th")


def parse_as_of(value: str | None) -> date:
    """``--as-of``, else ``NOTICES_AS_OF``, else today; a bad date is a usage error."""
    value = value or os.environ.get("NOTICES_AS_OF") or None
    if value is None:
        return today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")
    parser.add_argument(
        "--locale",
        dest="locales",
        action="append",
        metavar="LL",
        help="a site language; repeat for each (default: en ja vi th)",
    )
    parser.add_argument("--as-of", help="the date that counts as today, YYYY-MM-DD (default: $NOTICES_AS_OF or today)")


def cmd_check(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of)
    locales = tuple(args.locales or DEFAULT_LOCALES)
    result = check_content(args.content, locales, as_of)
    if args.format == "json":
        print(findings_json(result.findings))
    else:
        for finding in result.findings:
            print(finding.format(), file=sys.stderr)
    for note in result.notes:  # about where it ran, not the content: said, never fatal
        print(f"{args.content}: warning: {note}", file=sys.stderr)
    if args.format != "json":
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
    as_of = parse_as_of(args.as_of)
    result = check_content(args.content, tuple(args.locales or DEFAULT_LOCALES), as_of)
    notice = result.content.notice(args.notice)
    if notice is None:
        known = ", ".join(n.id for n in result.content.notices) or "none"
        raise argparse.ArgumentTypeError(f"no notice '{args.notice}' in {args.content} (notices: {known})")
    return result, notice, as_of


LOCK_CODES = REPAIRED_BY_PUBLISH


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


def cmd_new(args: argparse.Namespace) -> int:
    _, notice, _ = _load_notice(args)
    try:
        effective = date.fromisoformat(args.date)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{args.date}' is not a date; write it as YYYY-MM-DD") from None
    try:
        target = new_revision(notice, effective)
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
    try:
        from . import diff_command  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # pragma: no cover - only while the diff engine is absent
        pass
    else:
        diff_command.add_parser(sub)
    from . import lock_command

    lock_command.add_parsers(sub)
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
