"""Load ``content/`` into the model, reporting every problem with its file and line.

Loading checks what one file can tell on its own (keys, types, dates, the
folder name); :mod:`notices.content.validate` checks what needs several files
(sections that must match across languages, dates across revisions). The
keys each file may have are declared in :mod:`notices.content.schema`; their
nested values (errata, reviews, earlier versions) are read by
:mod:`notices.content.yaml_fields`.

About 400 lines as one unit: the walk through ``content/``, which names every folder and file the
legal team can get wrong.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import date
from pathlib import Path

from ..commands import command
from ..findings import Finding, Reporter
from .dates import FIRST_DATE, LAST_DATE
from .limits import PARSE_SECONDS, TooSlow, check_render_cost, time_budget
from .model import TOPICS, Content, Document, Notice, Revision
from .schema import NOTICE, REVISION, check_keys
from .sections import parse_document
from .source_files import cannot_read, inside, read_text, read_yaml_mapping
from .yaml_fields import (
    check_locale_keys,
    check_review_sections,
    check_topic_sections,
    earlier_versions,
    load_errata,
    load_review,
    load_translated_from,
)

NOTICE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REVISION_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _children(folder: Path, report: Reporter) -> list[Path]:
    """A folder's entries, sorted; none (after a message) when the folder cannot be read."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        cannot_read(folder, exc, report, "folder")
        return []


def _inside(path: Path, root: Path) -> bool:
    return inside(path, root)


def load_revision(
    notice_id: str, folder: Path, locales: tuple[str, ...], root: Path, report: Reporter
) -> Revision | None:
    """Load ``<notice>/<YYYY-MM-DD>/``; None when it cannot be used at all."""
    meta_path = folder / "revision.yml"
    if not meta_path.is_file():
        report.error(
            folder,
            1,
            "the revision folder has no revision.yml",
            "copy revision.yml from the previous revision and set 'effective' to the folder's date",
            code="missing-revision-yml",
        )
        return None
    data = read_yaml_mapping(meta_path, report, root=root)
    if data is None or not check_keys(data, REVISION, report):
        return None
    effective: date = data.values["effective"]
    published: date = data.values.get("published") or effective
    if effective.isoformat() != folder.name:
        report.error(
            meta_path,
            data.value_lines["effective"],
            f"'effective: {effective.isoformat()}' differs from the folder name '{folder.name}'",
            f"the folder is named by the effective date: rename the folder to '{effective.isoformat()}' "
            f"or set 'effective: {folder.name}'",
            code="effective-folder",
        )
    if published > effective:
        report.error(
            meta_path,
            data.value_lines["published"],
            f"'published: {published.isoformat()}' is after 'effective: {effective.isoformat()}'",
            "a revision is announced on or before the day it takes effect; move 'published' earlier",
            code="published-after-effective",
        )
    summary = check_locale_keys(data, "summary", locales, report)
    material = bool(data.values["material"])
    if material:
        missing = [loc for loc in locales if loc not in summary and (folder / f"{loc}.md").is_file()]
        if missing:
            report.error(
                meta_path,
                data.line("summary") if "summary" in data.values else data.line("material"),
                "a material revision needs a summary in every language; missing: " + ", ".join(missing),
                "under 'summary:' add one plain-language paragraph per language, e.g. '  th: ...'",
                code="summary-missing",
            )
    documents: dict[str, Document] = {}
    for locale in locales:
        path = folder / f"{locale}.md"
        if not path.is_file():
            continue  # which revisions need which languages is the notice's rule (_check_languages)
        if not _inside(path, root):
            report.error(
                path,
                1,
                "the file is a link to a place outside content/",
                "replace the link with the file itself",
                code="outside-content",
            )
            continue
        text = read_text(path, report)
        if text is None or not check_render_cost(text, path, report):
            continue
        try:
            with time_budget(PARSE_SECONDS):
                documents[locale] = parse_document(text, path, locale, report)
        except TooSlow:
            report.error(
                path,
                1,
                f"this file takes more than {PARSE_SECONDS:g} seconds to read, which no notice needs: "
                "something in it makes the Markdown reader crawl",
                "look for long runs of brackets, parentheses, '<' or spaces and remove them, "
                "or split the text into shorter paragraphs",
                code="too-complex",
            )
    for extra in _children(folder, report):
        if extra.name == "revision.yml" or (extra.suffix == ".md" and extra.stem in locales):
            continue
        if extra.suffix == ".md":
            close = difflib.get_close_matches(extra.stem, list(locales), n=1)
            hint = f"did you mean '{close[0]}.md'?" if close else "the site's languages are " + ", ".join(locales)
            report.error(
                extra, 1, f"'{extra.name}' is not one of the site's languages", hint, code="unknown-locale-file"
            )
        elif not extra.name.startswith("."):
            report.warning(
                extra,
                1,
                f"'{extra.name}' is not used by the site",
                "a revision folder holds revision.yml and one .md file per language",
                code="stray-file",
            )
    return Revision(
        notice=notice_id,
        path=folder,
        effective=effective,
        published=published,
        material=material,
        summary=summary,
        draft=bool(data.values.get("draft", False)),
        short_notice_reason=(data.values.get("short_notice_reason") or None),
        errata=load_errata(data, locales, report),
        documents=documents,
        translated_from=load_translated_from(data, locales, report),
        review=load_review(data, locales, report),
        key_lines=dict(data.key_lines),
    )


def _check_languages(authoritative: str, locales: tuple[str, ...], revisions: list[Revision], report: Reporter) -> None:
    """A language joins at a revision and may be dropped, but never skips one in between.

    A revision needs the authoritative text and every language that both an earlier (or this) and a
    later (or this) revision has: a language may be absent before its first revision (it joined
    later, so published, locked revisions never need the new file) and after its last (it was
    dropped). A site language that no revision has is missing from the latest one.
    """
    ordered = sorted(revisions, key=lambda r: r.effective)
    has = [{ll for ll in locales if (r.path / f"{ll}.md").is_file()} for r in ordered]
    nowhere = {ll for ll in locales if not any(ll in found for found in has)}
    for index, revision in enumerate(ordered):
        before = set().union(*has[: index + 1])
        after = set().union(*has[index:])
        needed = {authoritative} | (before & after) | (nowhere if index == len(ordered) - 1 else set())
        for locale in sorted(needed - has[index], key=locales.index):
            if locale in nowhere:
                hint = f"add the {locale} text with `{command('add-language', locale)}`, or write {locale}.md here"
            elif locale == authoritative:
                hint = f"every revision needs the authoritative text; copy {locale}.md from the previous revision"
            else:
                hint = (
                    f"an earlier and a later revision have {locale}.md, so this one needs it too (a language joins "
                    f"at a revision and stays until it is dropped); copy {locale}.md from the previous revision"
                )
            report.error(
                revision.path, 1, f"the {locale} text is missing: {locale}.md", hint, code="missing-locale-file"
            )


def load_notice(folder: Path, locales: tuple[str, ...], root: Path, report: Reporter) -> Notice | None:
    """Load ``content/<notice>/`` and all its revision folders."""
    if not NOTICE_ID.match(folder.name):
        report.error(
            folder,
            1,
            f"the notice folder name '{folder.name}' is not a valid id",
            "use lowercase letters a-z, digits and hyphens, e.g. 'privacy' or 'cookies'",
            code="bad-notice-id",
        )
        return None
    meta_path = folder / "notice.yml"
    if not meta_path.is_file():
        report.error(
            folder,
            1,
            "the notice folder has no notice.yml",
            "create notice.yml with 'authoritative: en' and 'notice_period_days: 30'",
            code="missing-notice-yml",
        )
        return None
    data = read_yaml_mapping(meta_path, report, root=root)
    if data is None or not check_keys(data, NOTICE, report):
        return None
    authoritative = str(data.values["authoritative"])
    if authoritative not in locales:
        report.error(
            meta_path,
            data.value_lines["authoritative"],
            f"'authoritative: {authoritative}' is not one of the site's languages",
            "use one of: " + ", ".join(locales),
            code="unknown-locale",
        )
        return None
    topics = {str(k): str(v) for k, v in (data.values.get("topics") or {}).items()}
    for section_id, topic in topics.items():
        if topic not in TOPICS:
            close = difflib.get_close_matches(topic, TOPICS, n=1)
            report.error(
                meta_path,
                data.line_at("topics", section_id),
                f"unknown topic '{topic}' for section '{section_id}'",
                (f"did you mean '{close[0]}'? " if close else "") + "topics: " + ", ".join(TOPICS),
                code="unknown-topic",
            )
    revisions: list[Revision] = []
    for child in _children(folder, report):
        if child.name == "notice.yml" or child.name.startswith(".") or child.name == "published.lock":
            continue
        if not _inside(child, root):
            report.error(
                child,
                1,
                f"'{child.name}' is a link to a place outside content/",
                "replace the link with the folder or file itself",
                code="outside-content",
            )
            continue
        if not child.is_dir():
            report.warning(
                child,
                1,
                f"'{child.name}' is not used by the site",
                "a notice folder holds notice.yml and one folder per revision",
                code="stray-file",
            )
            continue
        if not REVISION_DIR.match(child.name):
            report.error(
                child,
                1,
                f"the revision folder name '{child.name}' is not a date",
                "name each revision folder by its effective date, YYYY-MM-DD, e.g. 2024-04-01",
                code="bad-revision-folder",
            )
            continue
        try:
            if not FIRST_DATE <= date.fromisoformat(child.name) <= LAST_DATE:
                raise ValueError(child.name)
        except ValueError:
            report.error(
                child,
                1,
                f"the revision folder name '{child.name}' is not a real date",
                f"check the year (from {FIRST_DATE.year} to {LAST_DATE.year}), the month and the day",
                code="bad-revision-folder",
            )
            continue
        try:
            revision = load_revision_once(folder.name, child, locales, root, report)
        except PermissionError as exc:
            cannot_read(child, exc, report, "folder")
            continue
        if revision is not None:
            revisions.append(revision)
    if not revisions:
        report.error(
            meta_path,
            1,
            f"the notice '{folder.name}' has no revision",
            "add a folder named by the effective date, e.g. 2024-04-01/, with revision.yml and "
            "one .md file per language",
            code="no-revisions",
        )
    _check_languages(authoritative, locales, revisions, report)
    check_topic_sections(data, topics, authoritative, revisions, report)
    check_review_sections(authoritative, revisions, report)
    nav_title = check_locale_keys(data, "nav_title", locales, report)
    earlier = earlier_versions(data, meta_path, revisions, report)
    return Notice(
        id=folder.name,
        path=folder,
        authoritative=authoritative,
        notice_period_days=int(data.values["notice_period_days"]),
        order=int(data.values.get("order", 100)),
        nav_title=nav_title,
        topics=topics,
        revisions=tuple(sorted(revisions, key=lambda r: r.effective)),
        key_lines=dict(data.key_lines),
        earlier=earlier,
    )


#: Revision folders already loaded by this process, by what their files were then (see load_revision_once).
_LOADED: dict[tuple[object, ...], tuple[Revision | None, tuple[Finding, ...]]] = {}
_LOADED_MAX = 2048


def _folder_state(folder: Path) -> tuple[tuple[str, int, int, int, int], ...] | None:
    """Every entry under ``folder`` with its size, times and inode; None when it cannot be listed.

    The change time (ctime) is set by the system on every write and cannot be set back by hand,
    so an edit that restores the modification time is still seen.
    """
    found: list[tuple[str, int, int, int, int]] = []
    try:
        for dirpath, dirs, names in os.walk(folder, followlinks=False):
            dirs.sort()
            for name in [*dirs, *sorted(names)]:
                path = os.path.join(dirpath, name)
                st = os.stat(path) if os.path.exists(path) else os.lstat(path)
                found.append(
                    (
                        os.path.relpath(path, folder) + ("@" if os.path.islink(path) else ""),
                        st.st_size,
                        st.st_mtime_ns,
                        st.st_ctime_ns,
                        st.st_ino,
                    )
                )
    except OSError:
        return None
    return tuple(found)


def loaded_key(
    notice_id: str, folder: Path, locales: tuple[str, ...], root: Path, base: Path | None, state: object
) -> tuple[object, ...]:
    return (notice_id, str(folder), locales, str(root), str(base), state)


def load_revision_once(
    notice_id: str, folder: Path, locales: tuple[str, ...], root: Path, report: Reporter
) -> Revision | None:
    """:func:`load_revision`, reused while the folder's files are untouched.

    A long-lived process (``notices serve``) checks the content again on
    every save; re-parsing 160 unchanged revisions made each save cost a
    second. The revision and its findings are kept by the state of every
    file in the folder (size, modification and change times, inode); any
    change loads it again. One-shot commands load each folder once, as before.
    """
    state = _folder_state(folder)
    key = loaded_key(notice_id, folder, locales, root, report.base, state)
    if state is not None and key in _LOADED:
        revision, findings = _LOADED[key]
        report.findings.extend(findings)
        return revision
    mine = Reporter(report.base)
    revision = load_revision(notice_id, folder, locales, root, mine)
    report.findings.extend(mine.findings)
    if state is not None and _folder_state(folder) == state:  # unchanged while it was read
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.clear()
        _LOADED[key] = (revision, tuple(mine.findings))
    return revision


def load_content(root: Path, locales: tuple[str, ...], report: Reporter) -> Content:
    """Load every notice under ``root``; problems go to ``report``."""
    notices: list[Notice] = []
    if not root.is_dir():
        report.error(
            root,
            1,
            "the content folder does not exist",
            "check 'content_dir' in mkdocs.yml, or pass --content",
            code="no-content",
        )
        return Content(root, locales, ())
    for child in _children(root, report):
        if child.name.startswith("."):
            continue
        if not child.is_dir():
            if child.suffix.lower() not in (".md", ".txt"):
                report.warning(
                    child,
                    1,
                    f"'{child.name}' is not used by the site",
                    "content/ holds one folder per notice",
                    code="stray-file",
                )
            continue
        if not _inside(child, root):
            report.error(
                child,
                1,
                f"'{child.name}' is a link to a place outside content/",
                "replace the link with the folder itself",
                code="outside-content",
            )
            continue
        try:
            notice = load_notice(child, locales, root, report)
        except PermissionError as exc:
            cannot_read(child, exc, report, "folder")
            continue
        if notice is not None:
            notices.append(notice)
    if not notices and not report.errors:
        report.error(
            root,
            1,
            "there are no notices in the content folder",
            "add a folder such as content/privacy/ with notice.yml",
            code="no-notices",
        )
    notices.sort(key=lambda n: (n.order, n.id))
    return Content(root, locales, tuple(notices))
