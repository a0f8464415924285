"""``notices diff`` and ``notices notice``: the reviewers' redline and the visitors' change notice."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..commands import command, make_or
from ..content.model import Notice, Revision
from ..content.timeline import Timeline
from ..diff import RevisionNotFound, diff_revisions, previous_revision, resolve_revision
from ..diff.formats import FORMATS, to_html, to_json, to_markdown, to_text
from ..findings import Finding, display_path
from ..project import CONFIG_NAME, read_project
from ..record.lock import LOCK_NAME
from ..resources import catalog_dir
from ..site.messages import UiText
from ..site.notice_email import email_notice
from .cli_common import LOCK_CODES, add_common, content_and_locales, load_notice, project_settings


def _write(args: argparse.Namespace, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    if args.output:
        tmp = Path(str(args.output) + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, args.output)
        print(f"notices: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def refused_output(args: argparse.Namespace, content: Path | None, locales_dir: Path | None) -> str:
    """Why ``-o`` may not be written ('' when it may): never into the content or the catalogs, never a lock,
    and never over an existing file unless ``--force``; one message and a hint, as the check prints them."""
    output: Path | None = args.output
    if output is None:
        return ""
    target = Path(os.path.abspath(output)).resolve()
    guarded = [(content, "the content folder"), (locales_dir, "the UI catalogs folder")]
    if content is not None:  # the usual layout: locales/ beside content/
        guarded.append((content.parent / "locales", "the UI catalogs folder"))

    project = project_settings(args)
    if project is not None:
        guarded += [(project.content_dir, "the content folder"), (project.root / "locales", "the UI catalogs folder")]
    why = ""
    if target.name == LOCK_NAME or target.name.endswith(".lock"):
        why = "it is a lock file (published.lock is written only by notices publish)"
    for folder, name in guarded:
        if not why and folder is not None:
            place = folder.resolve()
            if target == place or place in target.parents:
                why = f"it is inside {name} ({display_path(folder)}/), which holds the legal text and its record"
    if why:
        return (
            f"{display_path(output)}: error: will not write the output there: {why}\n"
            "  hint: write it outside content/ and locales/, e.g. -o build/changes.html"
        )
    if (output.exists() or output.is_symlink()) and not args.force:
        return (
            f"{display_path(output)}: error: the file already exists, and -o never overwrites a file by itself\n"
            "  hint: choose a new file name, or add --force to replace it"
        )
    return ""


def concerns(finding: Finding, paths: list[Path]) -> bool:
    """Whether ``finding`` is about one of ``paths`` (files, or folders and everything in them)."""
    where = Path(finding.path).resolve()
    return any(where == p or p in where.parents for p in (p.resolve() for p in paths))


def _load(
    args: argparse.Namespace, *refs: str, locales: list[str] | None = None
) -> tuple[Notice, list[Revision], date] | None:
    """The notice and the revisions ``refs`` name; None (after printing why) when they have errors.

    Only errors in what is compared block: the notice.yml, the revisions' revision.yml and the
    texts of ``locales`` (all when None). A lagging translation never blocks the English diff.
    """
    result, notice, as_of = load_notice(args)
    try:
        revisions = [resolve_revision(notice, ref, as_of) for ref in refs]
    except RevisionNotFound as exc:
        blocking = [f for f in result.errors if f.code not in LOCK_CODES]
        if not blocking:
            raise argparse.ArgumentTypeError(str(exc)) from None
        revisions = []
    paths = [notice.meta_path]
    for revision in revisions:
        paths.append(revision.meta_path)
        paths += [revision.path / f"{ll}.md" for ll in (locales or revision.documents)]
    blocking = [f for f in result.errors if f.code not in LOCK_CODES and (not revisions or concerns(f, paths))]
    if blocking:
        for finding in blocking:
            print(finding.format(), file=sys.stderr)
        print(f"notices: fix these errors first ({command('check')})", file=sys.stderr)
        return None
    return notice, revisions, as_of


def cmd_diff(args: argparse.Namespace) -> int:
    refused = refused_output(args, content_and_locales(args)[0], None)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    locales = args.locales or None  # the languages to compare; the content is loaded in all
    args.locales = None
    loaded = _load(args, args.old, args.new, locales=locales)
    if loaded is None:
        return 1
    notice, (old, new), _ = loaded
    if locales:
        unknown = [ll for ll in locales if ll not in old.documents and ll not in new.documents]
        if unknown:
            raise argparse.ArgumentTypeError(f"no text in {', '.join(unknown)} in either revision")
    diff = diff_revisions(notice, old, new, locales, site_url=_site_url(args))
    if args.format == "json":
        _write(args, to_json(diff))
    elif args.format == "html":
        _write(args, to_html(diff))
    elif args.format == "markdown":
        _write(args, to_markdown(diff))
    else:
        color = not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        _write(args, to_text(diff, color=color))
    return 0


def _site_url(args: argparse.Namespace) -> str:
    """``--site-url``, else ``site_url`` from mkdocs.yml beside the content folder."""
    if getattr(args, "site_url", None):  # only `notices notice` has --site-url
        return str(args.site_url).rstrip("/") + "/"
    config = Path(args.content or "content").resolve().parent / CONFIG_NAME
    return read_project(config).site_url if config.is_file() else ""


def notice_locale(args: argparse.Namespace) -> str:
    return str(args.notice_locale)


def cmd_notice(args: argparse.Namespace) -> int:
    refused = refused_output(args, Path(args.content or "content"), Path(args.locales_dir))
    if refused:
        print(refused, file=sys.stderr)
        return 1
    loaded = _load(args, args.revision, locales=[notice_locale(args)])
    if loaded is None:
        return 1
    notice, (revision,), as_of = loaded
    previous = previous_revision(notice, revision)
    if previous is None:
        print(f"notices notice: {notice.id} {revision.key} is the first revision; nothing changed", file=sys.stderr)
        return 1
    if not revision.material:
        print(f"notices notice: note: {revision.key} is not marked 'material: true'", file=sys.stderr)
    locale = args.notice_locale
    if locale not in revision.documents:
        raise argparse.ArgumentTypeError(f"{revision.key} has no {locale} text")
    ui = UiText.load(catalog_dir(locale, Path(args.locales_dir)), locale)  # the project's, else the packaged
    diff = diff_revisions(notice, previous, revision, site_url=_site_url(args))
    config = Path(args.content or "content").resolve().parent / CONFIG_NAME
    settings = read_project(config) if config.is_file() else None
    message = email_notice(
        notice,
        revision,
        diff,
        locale,
        ui,
        as_of_title=Timeline.of(notice, as_of).title(locale),
        site_url=_site_url(args),
        default_locale="en",
        japanese_era=args.japanese_era,
        organisation=settings.organisation_name(locale) if settings else "",
        contact=settings.contact if settings else "",
    )
    if ui.missing:
        for msgid in sorted(ui.missing):
            print(f"{ui.po_path}: error: no {locale} translation for '{msgid}'", file=sys.stderr)
        update = make_or("locales-update", command("update-catalogs"))
        print(f"  hint: translate it ({update}, then edit the .po file)", file=sys.stderr)
        return 1
    _write(args, message.as_bytes())  # bytes keep the 8bit body readable
    return 0


def add_parser(sub: Any) -> None:
    diff = sub.add_parser(
        "diff",
        help="compare two revisions section by section and word by word",
        description="OLD and NEW are revision dates (YYYY-MM-DD), 'current' or 'upcoming'.",
    )
    diff.add_argument("notice")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    add_common(diff)
    diff.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    diff.add_argument("-o", "--output", type=Path, help="write to this file instead of the terminal")
    diff.add_argument("--force", action="store_true", help="let -o replace a file that already exists")
    diff.set_defaults(func=cmd_diff)

    notice = sub.add_parser("notice", help="draft the change notice email for a revision, in one language")
    notice.add_argument("notice")
    notice.add_argument("revision", metavar="REVISION", help="a revision date, 'current' or 'upcoming'")
    notice.add_argument("--content", type=Path, default=None, help="the content folder")
    notice.add_argument("--locale", dest="notice_locale", default="en", metavar="LL", help="the language")
    notice.add_argument("--as-of", help="the date that counts as today, YYYY-MM-DD")
    notice.add_argument("--format", choices=("email",), default="email", help="output format (default: email)")
    notice.add_argument("--locales-dir", default="locales", help="the UI message catalogs (default: locales)")
    notice.add_argument("--site-url", help="the site's address (default: site_url in mkdocs.yml)")
    notice.add_argument("--japanese-era", action="store_true", help="write Japanese dates in the era calendar")
    notice.add_argument("-o", "--output", type=Path, help="write the .eml draft to this file")
    notice.add_argument("--force", action="store_true", help="let -o replace a file that already exists")
    notice.set_defaults(func=cmd_notice, locales=None, config_file=None)
