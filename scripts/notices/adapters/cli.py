"""The ``notices`` command. Subcommands live beside it; this file only dispatches.

Exit codes: 0 fine, 1 content errors (or warnings under ``--strict``), 2 usage.

About 400 lines as one unit: one short function per subcommand that has no module of its own, and the
parser that names every subcommand, read together when a command is added.
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

from ..commands import command, make_targets
from ..content.check import ALLOW_UNVERIFIED, check_content, unverified_allowed
from ..content.dates import TimeZoneError, time_zone, today
from ..findings import Reporter, display_path, findings_json
from ..record.lock import publish
from ..resources import notices_version, packaged_locales
from ..site.status import status_json, status_text
from . import diff_command, import_command, lock_command
from .cli_common import (
    LOCK_CODES,
    ConfigProblem,
    add_common,
    content_and_locales,
    load_notice,
    parse_as_of,
    project_catalogs,
    project_settings,
)
from .diff_command import concerns
from .help_pages import add_epilogs
from .new_project import InitError, ProjectSpec, create_project
from .scaffold import ScaffoldError, new_revision


def cmd_check(args: argparse.Namespace) -> int:
    as_of = parse_as_of(args.as_of, args)
    content, locales = content_and_locales(args)
    allow = args.allow_unverified or unverified_allowed()
    result = check_content(content, locales, as_of, allow_unverified=allow, locales_dir=project_catalogs(args))
    if args.format == "json":
        print(findings_json(result.findings))
    else:
        for finding in result.findings:
            print(finding.format(), file=sys.stderr)
    for note in result.notes:  # the history was not verified, on purpose: said, not counted
        print(f"{display_path(content)}: note: {note}", file=sys.stderr)
    if args.format != "json":
        errors, warnings = len(result.errors), len(result.warnings)
        notices = len(result.content.notices)
        revisions = sum(len(n.revisions) for n in result.content.notices)
        print(
            f"notices check: {notices} notice(s), {revisions} revision(s), "
            f"{errors} error(s), {warnings} warning(s) as of {as_of.isoformat()}"
            + ("; history NOT verified (--allow-unverified)" if result.notes else ""),
            file=sys.stderr,
        )
    if result.errors or (args.strict and result.warnings):
        return 1
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    result, notice, _ = load_notice(args)
    revision = notice.revision(args.revision)
    if revision is None:
        raise argparse.ArgumentTypeError(f"'{notice.id}' has no revision '{args.revision}'")
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
    _, notice, as_of = load_notice(args)
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
    from ..build.parallel import build_site, report_output
    from ..build.progress import Progress

    started = time.perf_counter()
    extra = ("--strict",) if args.strict else ()
    if args.allow_unverified:  # read by every language's build (the plugin's check_content)
        os.environ[ALLOW_UNVERIFIED] = "1"
    report = build_site(
        args.config_file,
        renderer=args.renderer,
        jobs=args.jobs,
        site_dir=args.site_dir,
        extra_args=extra,
        progress=Progress(quiet=args.quiet),
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
    unverified = "; history NOT verified (--allow-unverified)" if unverified_allowed() else ""
    print(
        f"notices build: built {len(report.runs)} languages in {seconds:.1f} s ({langs}){unverified}", file=sys.stderr
    )
    return 0


def cmd_add_language(args: argparse.Namespace) -> int:
    from .add_language import add_language

    project = project_settings(args)
    if project is None or project.config_file is None:
        print("notices add-language: no mkdocs.yml here or above; run it in the project's folder", file=sys.stderr)
        return 1
    try:
        added = add_language(project.config_file, args.language)
    except InitError as exc:
        print(f"notices add-language: {exc}; nothing was written", file=sys.stderr)
        return 1
    print(f"notices add-language: added {args.language} ({len(added.written)} files written)", file=sys.stderr)
    for note in added.notes:
        print(f"  note: {note}", file=sys.stderr)
    print(f"Next: translate them, then {command('check')}", file=sys.stderr)
    return 0


def cmd_update_catalogs(args: argparse.Namespace) -> int:
    from ..site.catalogs import update_catalogs

    project = project_settings(args)
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


ALLOW_HELP = (
    "pass even though git cannot verify the history of published revisions (not a git clone, a shallow clone, "
    "no git, an untracked lock): only the files on disk are checked, and the summary says so"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="notices", description="Versioned, multilingual privacy notices.")
    parser.add_argument("--version", action="version", version=f"notices {notices_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="check the content for mistakes (the same checks as the site build)")
    add_common(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--allow-unverified", action="store_true", help=ALLOW_HELP)
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
    build.add_argument(
        "-q", "--quiet", action="store_true", help="no progress (bars on a terminal, a line per stage elsewhere)"
    )
    build.add_argument("--strict", action="store_true", help="stop on any warning, as mkdocs build --strict")
    build.add_argument("--allow-unverified", action="store_true", help=ALLOW_HELP)
    build.set_defaults(func=cmd_build)
    catalogs = sub.add_parser(
        "update-catalogs", help="add the UI text a newer notices brings to the project's own catalogs (locales/)"
    )
    catalogs.add_argument("--locales-dir", type=Path, help="the catalogs' folder (default: locales beside mkdocs.yml)")
    catalogs.add_argument("-f", "--config-file", type=Path, default=None, help="default: the mkdocs.yml here or above")
    catalogs.set_defaults(func=cmd_update_catalogs)
    add = sub.add_parser(
        "add-language",
        help="add a language: its UI catalog to translate, its text in each unpublished revision, mkdocs.yml",
    )
    add.add_argument("language", metavar="LL", help="a language code, e.g. ms, ko or pt-BR")
    add.add_argument("-f", "--config-file", type=Path, default=None, help="default: the mkdocs.yml here or above")
    add.set_defaults(func=cmd_add_language)
    diff_command.add_parser(sub)
    lock_command.add_parsers(sub)
    import_command.add_parser(sub)
    add_epilogs(sub.choices)
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
    except KeyboardInterrupt:  # Ctrl+C: the user stopped it; a traceback would read as a fault
        print(f"notices {args.command}: stopped", file=sys.stderr)
        return 130
    except OSError as exc:  # a fault of the computer (unwritable output, full disk), not of the text
        where = f" {exc.filename}" if exc.filename else ""
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        print(f"notices {args.command}: error: cannot use{where} ({reason})", file=sys.stderr)
        print("  hint: check that the folder exists and that you may write there", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
