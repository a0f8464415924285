"""``notices log`` and ``notices verify``: the audit trail from git, and the check anyone can run on a site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .check import check_content
from .cli_common import add_common, content_and_locales, load_notice, parse_as_of
from .findings import format_findings
from .lock import load_lock, read_history
from .lock.audit import audit_trail, format_trail, trail_json
from .verify import DEADLINE, verify_site


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86400:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of seconds between 1 and 86400")
    return seconds


def cmd_log(args: argparse.Namespace) -> int:
    _, notice, _ = load_notice(args)
    history = read_history(notice)
    trails = audit_trail(notice, history, load_lock(notice))
    sys.stdout.write(trail_json(notice, trails) if args.format == "json" else format_trail(notice, trails, history))
    if history.repo is None:
        print(f"notices log: warning: {history.reason}, so there is no history to show", file=sys.stderr)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    content, as_of = None, None
    if args.content is not None:
        folder, locales = content_and_locales(args)
        as_of = parse_as_of(None, args)
        content = check_content(folder, locales, as_of).content
    result = verify_site(args.site, content, as_of, deadline=args.timeout)
    if result.findings:
        print(format_findings(result.findings), file=sys.stderr)
    against = " and published.lock" if content else ""
    print(
        f"notices verify: {result.checked} published text(s) checked against versions.json{against}, "
        f"{len(result.findings)} error(s)",
        file=sys.stderr,
    )
    return 1 if result.findings else 0


def add_parsers(sub: Any) -> None:
    log = sub.add_parser("log", help="when each revision was locked, in which commit, and every erratum (from git)")
    log.add_argument("notice")
    log.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_common(log)
    log.set_defaults(func=cmd_log)
    verify = sub.add_parser("verify", help="re-check every published text a built or deployed site serves")
    verify.add_argument("site", help="the built site folder (site/) or the site's address (https://...)")
    verify.add_argument(
        "--content", type=Path, help="also compare with this content folder's published.lock (e.g. content)"
    )
    verify.add_argument("--locale", dest="locales", action="append", metavar="LL", help=argparse.SUPPRESS)
    verify.add_argument(
        "--timeout",
        type=_seconds,
        default=DEADLINE,
        metavar="SECONDS",
        help=f"stop reading a remote site after this many seconds in all (default: {DEADLINE})",
    )
    verify.set_defaults(func=cmd_verify)
