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
from .dates import DateSettingError, parse_date_setting, today
from .findings import Finding, Reporter, findings_json
from .lock import REPAIRED_BY_PUBLISH, publish
from .model import Notice
from .project import ProjectConfig, read_project_config
from .scaffold import ScaffoldError, new_revision

DEFAULT_LOCALES = ("en", "ja", "vi", "th")


class ConfigProblem(Exception):
    """mkdocs.yml cannot be used: its findings are printed like content errors (exit 1)."""

    def __init__(self, findings: Sequence[Finding]):
        super().__init__("mkdocs.yml")
        self.findings = findings


def parse_as_of(value: str | None, configured: object = None) -> date:
    """``--as-of``, else ``as_of`` in mkdocs.yml, else ``NOTICES_AS_OF``, else today (the build's order).

    A bad date is a usage error with the fix in its message.
    """
    try:
        if value:
            return parse_date_setting(value, "--as-of")
        if configured not in (None, ""):
            return parse_date_setting(configured, "as_of in mkdocs.yml")
        env = os.environ.get("NOTICES_AS_OF") or None
        if env is not None:
            return parse_date_setting(env, "NOTICES_AS_OF")
        return today()
    except DateSettingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def project_config(args: argparse.Namespace) -> ProjectConfig:
    """mkdocs.yml's notices settings (``--config-file``, else ./mkdocs.yml if there is one), applied to ``args``.

    ``--content`` and ``--locale`` win; otherwise the check reads the folder
    and the languages the build will use.
    """
    given = getattr(args, "config_file", None)
    path = Path(given) if given else Path("mkdocs.yml")
    if not given and not path.is_file():
        config = ProjectConfig()
    else:
        report = Reporter()
        found = read_project_config(path, report, required=bool(given))
        if found is None:
            raise ConfigProblem(report.findings)
        config = found
    if getattr(args, "content", None) is None:
        args.content = config.folder("content_dir", "content")
    return config


def _settings(args: argparse.Namespace) -> tuple[tuple[str, ...], date]:
    config = project_config(args)
    locales = tuple(getattr(args, "locales", None) or config.locales or DEFAULT_LOCALES)
    return locales, parse_as_of(args.as_of, config.options.get("as_of"))


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=None, help="the content folder (default: content_dir in mkdocs.yml, or content)"
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=None,
        help="the site's mkdocs.yml, whose notices settings (languages, content folder, as_of) are used "
        "(default: ./mkdocs.yml when there is one)",
    )
    parser.add_argument(
        "--locale",
        dest="locales",
        action="append",
        metavar="LL",
        help="a site language; repeat for each (default: locales in mkdocs.yml, or en ja vi th)",
    )
    parser.add_argument("--as-of", help="the date that counts as today, YYYY-MM-DD (default: $NOTICES_AS_OF or today)")


def cmd_check(args: argparse.Namespace) -> int:
    locales, as_of = _settings(args)
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
    locales, as_of = _settings(args)
    result = check_content(args.content, locales, as_of)
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
    from .diff_command import concerns  # publishing one revision never waits on another's translations

    mine = [notice.meta_path, revision.path]
    blocking = [f for f in result.errors if f.code not in LOCK_CODES and concerns(f, mine)]
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
    except ConfigProblem as exc:
        for finding in exc.findings:
            print(finding.format(), file=sys.stderr)
        print(f"notices {args.command}: fix mkdocs.yml first; nothing was checked", file=sys.stderr)
        return 1
    except OSError as exc:  # a fault of the computer (unwritable output, full disk), not of the text
        where = f" {exc.filename}" if exc.filename else ""
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        print(f"notices {args.command}: error: cannot use{where} ({reason})", file=sys.stderr)
        print("  hint: check that the folder exists and that you may write there", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
