"""The ``notices`` command. Subcommands live beside it; this file only dispatches.

Exit codes: 0 fine, 1 content errors (or warnings under ``--strict``), 2 usage.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from .check import CheckResult, check_content
from .commands import command, make_targets
from .dates import DateSettingError, TimeZoneError, parse_date_setting, time_zone, today
from .findings import Finding, Reporter, display_path, findings_json
from .lock import REPAIRED_BY_PUBLISH, publish
from .model import Notice
from .new_project import InitError, ProjectSpec, create_project
from .project import CONFIG_NAME, Project, content_locales, find_project, read_project, read_project_config
from .resources import notices_version, packaged_locales
from .scaffold import ScaffoldError, new_revision
from .status import status_json, status_text


class ConfigProblem(Exception):
    """mkdocs.yml cannot be used: its findings (or one formatted message) are printed, exit 1."""

    def __init__(self, findings: Sequence[Finding] | str):
        super().__init__(findings if isinstance(findings, str) else "mkdocs.yml")
        self.findings: Sequence[Finding] = () if isinstance(findings, str) else findings


def _project(args: argparse.Namespace) -> Project | None:
    """The project of ``--config-file``, else of the mkdocs.yml here or above; checked as the build checks it.

    An unknown plugin option or a malformed setting stops the command, as it stops the build.
    """
    if not hasattr(args, "_project"):
        given = getattr(args, "config_file", None)
        found = find_project()
        path = Path(given) if given else (found.root / CONFIG_NAME if found else None)
        if path is not None:
            report = Reporter()
            if read_project_config(path, report, required=bool(given)) is None:
                raise ConfigProblem(report.findings)
        args._project = read_project(path) if given and path is not None else found
    project: Project | None = args._project
    return project


def project_timezone(args: argparse.Namespace | None) -> str | None:
    """``timezone`` from mkdocs.yml, checked: a misspelt zone is one message at its line."""
    project = _project(args) if args is not None else None
    if project is None or not project.timezone:
        return None
    try:
        time_zone(project.timezone)
    except TimeZoneError as exc:
        line, col = project.option_marks.get("timezone", (1, 1))
        where = display_path(project.root / CONFIG_NAME)
        raise ConfigProblem(f"{where}:{line}:{col}: error: {exc.problem}\n  hint: {exc.hint}") from None
    return project.timezone


def parse_as_of(value: str | None, args: argparse.Namespace | None = None) -> date:
    """``--as-of``, else ``as_of`` in mkdocs.yml, else ``NOTICES_AS_OF`` (the build's order), else today
    in the notices' ``timezone``. A bad date is a usage error with the fix in its message."""
    timezone = project_timezone(args)
    project = _project(args) if args is not None else None
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


def cmd_check(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of, args)
    content, locales = content_and_locales(args)
    result = check_content(content, locales, as_of)
    if args.format == "json":
        print(findings_json(result.findings))
    else:
        for finding in result.findings:
            print(finding.format(), file=sys.stderr)
    for note in result.notes:  # about where it ran, not the content: said, never fatal
        print(f"{display_path(content)}: warning: {note}", file=sys.stderr)
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
    as_of = parse_as_of(args.as_of, args)
    content, locales = content_and_locales(args)
    result = check_content(content, locales, as_of)
    notice = result.content.notice(args.notice)
    if notice is None:
        known = ", ".join(n.id for n in result.content.notices) or "none"
        raise argparse.ArgumentTypeError(f"no notice '{args.notice}' in {content} (notices: {known})")
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


def _local_timezone() -> str:
    """The machine's IANA zone name (TZ, else /etc/localtime), else UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            name = str(Path("/etc/localtime").resolve()).split("/zoneinfo/", 1)[1]
        except (OSError, IndexError):
            name = "UTC"
    try:
        time_zone(name)
    except TimeZoneError:
        return "UTC"
    return name


def _ask(question: str, default: str, check: Callable[[str], object]) -> str:
    """One question on the terminal, with its default; asked again until ``check`` accepts the answer."""
    while True:
        answer = input(f"{question} [{default}]: ").strip() or default
        try:
            check(answer)
        except (InitError, ValueError) as exc:
            print(f"  {exc}", file=sys.stderr)
            continue
        return answer


def cmd_init(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    defaults = {
        "organisation": args.organisation or folder.resolve().name.replace("-", " ").replace("_", " ").title(),
        "url": args.url if args.url is not None else "",
        "languages": args.languages or ",".join(packaged_locales()),
        "timezone": args.timezone or _local_timezone(),
    }
    interactive = sys.stdin.isatty() and not args.yes
    if interactive:
        print(f"notices init: a new project in {folder}/ (press Enter to keep the [default])", file=sys.stderr)
        if not args.organisation:
            defaults["organisation"] = _ask("Organisation name", defaults["organisation"], lambda v: None)
        if args.url is None:
            defaults["url"] = _ask("Site address (empty: set it later)", defaults["url"], lambda v: None)
        if not args.languages:
            defaults["languages"] = _ask("Languages", defaults["languages"], lambda v: None)
        if not args.timezone:
            defaults["timezone"] = _ask("Time zone", defaults["timezone"], time_zone)
    languages = tuple(ll.strip() for ll in defaults["languages"].replace(" ", ",").split(",") if ll.strip())
    authoritative = args.authoritative or (languages[0] if languages else "en")
    if interactive and not args.authoritative:
        authoritative = _ask("Authoritative language", authoritative, lambda v: None)
    spec = ProjectSpec(
        folder=folder,
        organisation=defaults["organisation"],
        site_url=defaults["url"],
        languages=languages,
        authoritative=authoritative,
        timezone=defaults["timezone"],
        notice_period_days=args.notice_period,
    )
    try:
        created = create_project(spec, today(spec.timezone))
    except (InitError, TimeZoneError) as exc:
        print(f"notices init: {exc}; nothing was written", file=sys.stderr)
        return 1
    print(f"notices init: created {folder}/ for {spec.organisation} in {', '.join(languages)}", file=sys.stderr)
    for note in spec.notes:
        print(f"  note: {note}", file=sys.stderr)
    prog = command()
    if prog != "notices":
        prog = str(Path(prog).resolve())  # the user changes folder next: a relative path would break
    print(
        f"Next:\n  cd {folder}\n  {prog} check\n  {prog} serve --preview     (the draft, at http://127.0.0.1:8000/)\n"
        f"Then read {created.name}/README.md.",
        file=sys.stderr,
    )
    return 0


def port_in_use(host: str, port: int) -> bool:
    """True when another program (another preview, say) already listens on ``host:port``.

    The probe binds as the preview's server does, with address reuse: the closed
    connections of a preview stopped a moment ago (TIME-WAIT) do not count.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # on Windows the option would let two servers share the port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def cmd_serve(args: argparse.Namespace) -> int:
    host, port = "127.0.0.1", args.port
    if port_in_use(host, port):
        other = command("serve", *(["--preview"] if args.preview else []), "--port", str(port + 1))
        target = "preview" if args.preview else "serve"
        if os.environ.get("MAKELEVEL") and target in make_targets(Path.cwd()):  # started by make serve / preview
            other = f"make {target} PORT={port + 1}"
        print(
            f"notices serve: port {port} is already in use, probably by another preview in another terminal.\n"
            f"  hint: open http://{host}:{port}/ to use that one, stop it "
            f"with Ctrl+C in its terminal, or choose another port: {other}",
            file=sys.stderr,
        )
        return 1
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.preview:
        os.environ["NOTICES_PREVIEW"] = "1"
    from .preview.session import serve

    return serve(Path(args.config_file), host, port, preview=args.preview)


def cmd_build(args: argparse.Namespace) -> int:
    from .sitebuild.parallel import build_site, report_output

    started = time.perf_counter()
    extra = ("--strict",) if args.strict else ()
    report = build_site(
        args.config_file, renderer=args.renderer, jobs=args.jobs, site_dir=args.site_dir, extra_args=extra
    )
    output = report_output(report)  # every language's messages, each line once
    if not args.verbose and report.ok:  # content warnings are always shown, once
        output = "\n".join(line for line in output.splitlines() if line.startswith(("WARNING", "ERROR", "  ")))
    elif not args.verbose:  # a failure: the messages, without the renderer's progress
        output = "\n".join(
            line
            for line in output.splitlines()
            if not line.startswith("INFO ") and line != "Aborted with a BuildError!"
        )
    if output:
        print(output, file=sys.stderr)
    if not report.ok:
        # The languages' output is above; the summary is the message's last line.
        print(report.message if not report.runs else report.message.splitlines()[-1], file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    langs = ", ".join(f"{run.locale} {run.seconds:.1f} s {run.peak_kib // 1024} MiB" for run in report.runs)
    print(f"notices build: built {len(report.runs)} languages in {seconds:.1f} s ({langs})", file=sys.stderr)
    return 0


def cmd_update_catalogs(args: argparse.Namespace) -> int:
    from .catalogs import update_catalogs

    project = _project(args)
    folder: Path = args.locales_dir or (project.root if project else Path.cwd()) / "locales"
    updated = update_catalogs(folder)
    if not updated:
        print(
            f"notices update-catalogs: {display_path(folder)} has no catalog (<ll>/LC_MESSAGES/messages.po): "
            "the languages notices ships need none",
            file=sys.stderr,
        )
        return 0
    for done in updated:
        print(
            f"{display_path(done.path)}: {done.added} new entr{'y' if done.added == 1 else 'ies'}, "
            f"{done.untranslated} to translate",
            file=sys.stderr,
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notices", description="Versioned, multilingual privacy notices.")
    parser.add_argument("--version", action="version", version=f"notices {notices_version()}")
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
    init = sub.add_parser("init", help="create a new project: mkdocs.yml, a first draft notice, a README, a workflow")
    init.add_argument("folder", type=Path, help="the new project's folder (must not exist, or be empty)")
    init.add_argument("--name", dest="organisation", help="the organisation's name (default: from the folder name)")
    init.add_argument("--url", help="the site's address, e.g. https://privacy.example.com/ (default: set it later)")
    init.add_argument(
        "--languages", help="the site's languages, comma-separated (default: " + ",".join(packaged_locales()) + ")"
    )
    init.add_argument("--authoritative", help="the language that prevails (default: the first language)")
    init.add_argument("--timezone", help="IANA time zone whose midnight switches revisions (default: this machine's)")
    init.add_argument("--notice-period", type=int, default=30, help="days of notice for material changes (default: 30)")
    init.add_argument("--yes", "-y", action="store_true", help="ask nothing: take the defaults")
    init.set_defaults(func=cmd_init)
    serve = sub.add_parser("serve", help="show the site at http://127.0.0.1:8000/, reloading when you save")
    serve.add_argument("--preview", action="store_true", help="also show drafts and unpublished revisions")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    serve.set_defaults(func=cmd_serve)
    build = sub.add_parser("build", help="build the site, one process per language at once")
    build.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    build.add_argument("-d", "--site-dir", type=Path, help="where the site goes (default: site_dir in mkdocs.yml)")
    build.add_argument("--renderer", default="mkdocs", help="the renderer command: mkdocs (default) or properdocs")
    build.add_argument("-j", "--jobs", type=int, help="languages built at once (default: the number of CPUs)")
    build.add_argument("-v", "--verbose", action="store_true", help="show the renderer's own messages")
    build.add_argument("--strict", action="store_true", help="stop on any warning, as mkdocs build --strict")
    build.set_defaults(func=cmd_build)
    catalogs = sub.add_parser(
        "update-catalogs", help="add the UI text a newer notices brings to the project's own catalogs (locales/)"
    )
    catalogs.add_argument("--locales-dir", type=Path, help="the catalogs' folder (default: locales beside mkdocs.yml)")
    catalogs.add_argument("-f", "--config-file", type=Path, default=None, help="default: the mkdocs.yml here or above")
    catalogs.set_defaults(func=cmd_update_catalogs)
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
        if not exc.findings:
            print(exc, file=sys.stderr)
            return 1
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
