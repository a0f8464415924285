"""What every ``notices`` subcommand shares: the project's settings, the as-of date, the notice named.

The command line's modules (:mod:`notices.adapters.cli`, :mod:`notices.adapters.diff_command`,
:mod:`notices.adapters.lock_command`) import this; it imports none of them, so there is
no cycle between the dispatcher and its subcommands.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..content.check import CheckResult, check_content
from ..content.dates import DateSettingError, TimeZoneError, parse_date_setting, time_zone, today
from ..content.model import Notice
from ..findings import Finding, Reporter, display_path
from ..project import CONFIG_NAME, Settings, content_locales, find_config, read_settings
from ..record.lock import REPAIRED_BY_PUBLISH


class ConfigProblem(Exception):
    """mkdocs.yml cannot be used: its findings (or one formatted message) are printed, exit 1."""

    def __init__(self, findings: Sequence[Finding] | str):
        super().__init__(findings if isinstance(findings, str) else "mkdocs.yml")
        self.findings: Sequence[Finding] = () if isinstance(findings, str) else findings


def project_settings(args: argparse.Namespace) -> Settings | None:
    """The settings of ``--config-file``, else of the mkdocs.yml here or above; checked as the build checks them.

    Read once per command. An unknown plugin option or a malformed setting stops the command, as it stops the build.
    """
    if not hasattr(args, "_project"):
        given = getattr(args, "config_file", None)
        path = Path(given) if given else find_config()
        settings = None
        if path is not None:
            report = Reporter()
            settings = read_settings(path, report, required=bool(given))
            if settings is None:
                raise ConfigProblem(report.findings)
        args._project = settings
    project: Settings | None = args._project
    return project


def project_timezone(args: argparse.Namespace | None) -> str | None:
    """``timezone`` from mkdocs.yml, checked: a misspelt zone is one message at its line."""
    project = project_settings(args) if args is not None else None
    if project is None or not project.timezone:
        return None
    try:
        time_zone(project.timezone)
    except TimeZoneError as exc:
        line, col = project.option_marks.get("timezone", (1, 1))
        where = display_path(project.config_file or project.root / CONFIG_NAME)
        raise ConfigProblem(f"{where}:{line}:{col}: error: {exc.problem}\n  hint: {exc.hint}") from None
    return project.timezone


def parse_as_of(value: str | None, args: argparse.Namespace | None = None) -> date:
    """``--as-of``, else ``as_of`` in mkdocs.yml, else ``NOTICES_AS_OF`` (the build's order), else today
    in the notices' ``timezone``. A bad date is a usage error with the fix in its message."""
    timezone = project_timezone(args)
    project = project_settings(args) if args is not None else None
    env = os.environ.get("NOTICES_AS_OF") or None
    try:
        if value:
            return parse_date_setting(value, "--as-of")
        if project is not None and project.as_of:
            return parse_date_setting(project.as_of, "as_of in mkdocs.yml")
        if env is not None:
            return parse_date_setting(env, "NOTICES_AS_OF")
        return today(timezone)
    except DateSettingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def content_and_locales(args: argparse.Namespace) -> tuple[Path, tuple[str, ...]]:
    """``--content`` and ``--locale``, else what mkdocs.yml says, else the languages the content is in."""
    project = project_settings(args)
    content: Path = args.content or (project.content_dir if project else Path("content"))
    if args.locales:
        return content, tuple(args.locales)
    if project and project.locales and content.resolve() == project.content_dir.resolve():
        return content, project.locales
    return content, content_locales(content)


def project_catalogs(args: argparse.Namespace) -> Path:
    """The project's own catalogs, where the build looks: ``locales_dir``, else ``locales/`` beside mkdocs.yml."""
    project = project_settings(args)
    if project is None:
        return Path("locales")
    return project.locales_dir or project.root / "locales"


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=None, help="the content folder (default: content_dir in mkdocs.yml, or content)"
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=None,
        help="the site's mkdocs.yml, whose notices settings (languages, content folder, as_of, timezone) are used "
        "(default: the mkdocs.yml of this folder or one above it)",
    )
    parser.add_argument(
        "--locale",
        dest="locales",
        action="append",
        metavar="LL",
        help="a site language; repeat for each (default: the languages in mkdocs.yml)",
    )
    parser.add_argument("--as-of", help="the date that counts as today, YYYY-MM-DD (default: $NOTICES_AS_OF or today)")


def load_notice(args: argparse.Namespace) -> tuple[CheckResult, Notice, date]:
    """The checked content, the notice named on the command line and the as-of date."""
    as_of = parse_as_of(args.as_of, args)
    content, locales = content_and_locales(args)
    result = check_content(content, locales, as_of)
    notice = result.content.notice(args.notice)
    if notice is None:
        known = ", ".join(n.id for n in result.content.notices) or "none"
        raise argparse.ArgumentTypeError(f"no notice '{args.notice}' in {content} (notices: {known})")
    return result, notice, as_of


#: Findings ``notices publish`` repairs: they never block a command that reads the content.
LOCK_CODES = REPAIRED_BY_PUBLISH
