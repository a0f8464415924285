"""Load ``content/`` into the model, reporting every problem with its file and line.

Loading checks what one file can tell on its own (keys, types, dates, the
folder name); :mod:`notices.content.validate` checks what needs several files
(sections that must match across languages, dates across revisions).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..commands import command
from ..findings import Finding, Reporter
from .dates import DATE_WITH_TIME, FIRST_DATE, LAST_DATE
from .limits import PARSE_SECONDS, TooSlow, check_render_cost, time_budget
from .model import TOPICS, Content, Document, EarlierVersion, Erratum, Notice, ReviewDecision, Revision
from .sections import parse_document
from .source_files import YamlMapping, cannot_read, inside, read_text, read_yaml_mapping

NOTICE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REVISION_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Key:
    """One allowed key of a YAML file and what its value must be."""

    required: bool
    kind: str  # shown to the user: "a date", "true or false", ...
    check: Callable[[Any], bool]


def _is_date(v: Any) -> bool:
    return isinstance(v, date) and FIRST_DATE <= v <= LAST_DATE


def shown_value(value: Any) -> str:
    """A value as the editor typed it, for a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "several lines of 'key: value'"
    return repr(value)


def date_hint(value: Any) -> str:
    """Why a value is not a usable date, in the legal team's words."""
    if isinstance(value, str) and DATE_WITH_TIME.match(value.strip()):
        return "write the date alone, YYYY-MM-DD, without a time: the notice takes effect for the whole day"
    if isinstance(value, date):
        return f"check the year: dates run from {FIRST_DATE.year} to {LAST_DATE.year}"
    if isinstance(value, str | int):
        return "write a date written YYYY-MM-DD; the date may not exist (check the day and month)"
    return "write a date written YYYY-MM-DD"


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _is_text_map(v: Any) -> bool:
    return isinstance(v, dict)


NOTICE_KEYS: dict[str, Key] = {
    "authoritative": Key(True, "a language code such as en", _is_text),
    "notice_period_days": Key(True, "a whole number of days, such as 30", _is_int),
    "order": Key(False, "a whole number", _is_int),
    "nav_title": Key(False, "one line per language, such as 'ja: プライバシーポリシー'", _is_text_map),
    "topics": Key(False, "one line per section id, such as 'purposes-of-use: purposes'", _is_text_map),
    "history": Key(
        False,
        "a list of earlier versions, each with 'date: YYYY-MM-DD' and 'event: established' or 'revised'",
        lambda v: isinstance(v, list),
    ),
}

#: What an earlier version's date records (``history:`` in notice.yml).
EARLIER_EVENTS = ("established", "revised", "effective")

REVISION_KEYS: dict[str, Key] = {
    "effective": Key(True, "a date written YYYY-MM-DD", _is_date),
    "published": Key(False, "a date written YYYY-MM-DD", _is_date),
    "material": Key(True, "true or false", _is_bool),
    "summary": Key(False, "one paragraph per language, such as 'en: We now ...'", _is_text_map),
    "draft": Key(False, "true or false", _is_bool),
    "short_notice_reason": Key(False, "a sentence of text", _is_text),
    "errata": Key(False, "a list of corrections (date, locale, what, why)", lambda v: isinstance(v, list)),
    "translated_from": Key(
        False,
        "one line per lagging language with the date of the revision it translates, such as 'th: 2019-09-11'",
        lambda v: isinstance(v, dict) and all(isinstance(k, str) and _is_date(x) for k, x in v.items()),
    ),
    "review": Key(
        False,
        "one entry per section id, each with 'class', 'material' and 'reason'",
        lambda v: isinstance(v, dict),
    ),
}


def _check_keys(data: YamlMapping, schema: Mapping[str, Key], report: Reporter) -> bool:
    """Report unknown, missing and mistyped keys; return True when usable."""
    ok = True
    for key in data.values:
        if key not in schema:
            close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(schema)
            report.error(data.path, data.line(key), f"unknown key '{key}'", hint, code="unknown-key")
            ok = False
    for key, spec in schema.items():
        if key not in data.values:
            if spec.required:
                report.error(
                    data.path,
                    1,
                    f"the key '{key}' is missing",
                    f"add a line '{key}: ...' with {spec.kind}",
                    code="missing-key",
                )
                ok = False
            continue
        value = data.values[key]
        if spec.check is _is_text_map and isinstance(value, dict):
            ok = _check_text_map(data, key, report) and ok
            continue
        if not spec.check(value):
            shown = shown_value(value)
            hint = date_hint(value) if spec.check is _is_date else f"write {spec.kind}"
            report.error(
                data.path,
                data.value_lines.get(key, data.line(key)),
                f"'{key}' must be {spec.kind}, not {shown}",
                hint,
                code="bad-value",
            )
            ok = False
    return ok


def _check_text_map(data: YamlMapping, key: str, report: Reporter) -> bool:
    """Each entry of a per-language or per-section mapping is one line of text, reported at its own line."""
    ok = True
    for entry, text in data.values[key].items():
        if _is_text(text):
            continue
        ok = False
        if text is None or (isinstance(text, str) and not text.strip()):
            message = f"the {entry} entry of '{key}' is empty"
            hint = f"write the {entry} text after '{entry}: ', or remove the line"
        else:
            message = f"the {entry} entry of '{key}' must be text, not {shown_value(text)}"
            hint = "write the text on the same line after '" + entry + ": ', in quotes if it contains ': '"
        report.error(data.path, data.line_at(key, entry), message, hint, code="bad-value")
    return ok


def _check_locale_keys(data: YamlMapping, key: str, locales: tuple[str, ...], report: Reporter) -> dict[str, str]:
    """A per-language mapping: every key must be a configured locale."""
    mapping = data.values.get(key) or {}
    if not isinstance(mapping, dict):
        return {}
    result: dict[str, str] = {}
    for locale, text in mapping.items():
        if locale not in locales:
            report.error(
                data.path,
                data.line_at(key, locale),
                f"'{key}' has an entry for '{locale}', which is not one of the site's languages",
                "use one of: " + ", ".join(locales),
                code="unknown-locale",
            )
            continue
        result[str(locale)] = str(text).strip()
    return result


ERRATUM_KEYS = {
    "date": ("a date written YYYY-MM-DD", _is_date),
    "locale": ("a language code such as th", _is_text),
    "what": ("a sentence saying what was corrected (or one per language: 'en: ...')", lambda v: _is_text_or_map(v)),
    "why": ("a sentence saying why (or one per language)", lambda v: _is_text_or_map(v)),
}


def _load_errata(data: YamlMapping, locales: tuple[str, ...], report: Reporter) -> tuple[Erratum, ...]:
    """Each erratum entry complete, every problem named at its own line."""
    errata: list[Erratum] = []
    entries = data.values.get("errata") or []
    if not isinstance(entries, list):
        return ()
    example = "'- {date: 2024-01-10, locale: th, what: fixed a typo in section 3, why: ...}'"
    for index, entry in enumerate(entries):
        number = index + 1
        line = data.line_at("errata", index)
        if not isinstance(entry, dict):
            report.error(
                data.path,
                line,
                f"erratum {number} must list 'date', 'locale', 'what' and 'why'",
                f"write e.g. {example}",
                code="bad-erratum",
            )
            continue
        problems = False
        missing = [k for k in ERRATUM_KEYS if k not in entry]
        if missing:
            names = " and ".join(f"'{k}'" for k in missing)
            report.error(
                data.path,
                line,
                f"erratum {number} lacks {names}",
                "add " + ", ".join(f"{k}: <{ERRATUM_KEYS[k][0]}>" for k in missing) + f" to it, e.g. {example}",
                code="bad-erratum",
            )
            problems = True
        for key in entry:
            if key not in ERRATUM_KEYS:
                close = difflib.get_close_matches(str(key), list(ERRATUM_KEYS), n=1, cutoff=0.6)
                report.error(
                    data.path,
                    data.line_at("errata", index, str(key)),
                    f"erratum {number} has an unknown key '{key}'",
                    f"did you mean '{close[0]}'?" if close else "an erratum has date, locale, what and why",
                    code="bad-erratum",
                )
                problems = True
        for key, (kind, check) in ERRATUM_KEYS.items():
            if key in entry and not check(entry[key]):
                value = entry[key]
                shown = shown_value(value)
                report.error(
                    data.path,
                    data.line_at("errata", index, key),
                    f"'{key}' of erratum {number} must be {kind}, not {shown}",
                    date_hint(value) if key == "date" else f"write {kind}",
                    code="bad-erratum",
                )
                problems = True
        if problems:
            continue
        if entry["locale"] not in locales:
            report.error(
                data.path,
                data.line_at("errata", index, "locale"),
                f"erratum {number} names an unknown language '{entry['locale']}'",
                "use one of: " + ", ".join(locales),
                code="unknown-locale",
            )
            continue
        unknown = sorted(
            str(k) for v in (entry["what"], entry["why"]) if isinstance(v, dict) for k in v if k not in locales
        )
        if unknown:
            report.error(
                data.path,
                line,
                f"erratum {number} gives 'what' or 'why' in an unknown language '{unknown[0]}'",
                "use one of: " + ", ".join(locales),
                code="unknown-locale",
            )
            continue
        errata.append(replace(_erratum(entry, locales), line=line))
    return tuple(errata)


def _is_text_or_map(value: object) -> bool:
    """Plain text, or a mapping language -> text (an erratum explained in each language)."""
    if isinstance(value, dict):
        return bool(value) and all(_is_text(v) for v in value.values())
    return _is_text(value)


def _erratum(entry: dict[str, Any], locales: tuple[str, ...]) -> Erratum:
    """An erratum whose ``what``/``why`` are each text or a mapping language -> text."""
    what, why = entry["what"], entry["why"]
    maps = [v for v in (what, why) if isinstance(v, dict)]
    given = [loc for loc in locales if maps and all(loc in v for v in maps)]  # languages with the whole text
    if not maps:
        return Erratum(entry["date"], entry["locale"], what.strip(), why.strip())

    def pick(value: str | dict[str, str], locale: str) -> str:
        return str(value[locale] if isinstance(value, dict) else value).strip()

    translations = {loc: (pick(what, loc), pick(why, loc)) for loc in given}
    if not translations:  # no language has both: fall back to each field's first text
        first_of = [str(next(iter(v.values())) if isinstance(v, dict) else v).strip() for v in (what, why)]
        return Erratum(entry["date"], entry["locale"], first_of[0], first_of[1])
    first = entry["locale"] if entry["locale"] in translations else given[0]
    return Erratum(entry["date"], entry["locale"], *translations[first], translations=translations)


def _load_translated_from(data: YamlMapping, locales: tuple[str, ...], report: Reporter) -> dict[str, date]:
    """``translated_from``: lagging languages and the revision each translates (checked in validate)."""
    mapping = data.values.get("translated_from") or {}
    out: dict[str, date] = {}
    for locale, when in mapping.items():
        if locale not in locales:
            report.error(
                data.path,
                data.line("translated_from"),
                f"'translated_from' names '{locale}', which is not one of the site's languages",
                "use one of: " + ", ".join(locales),
                code="unknown-locale",
            )
            continue
        out[str(locale)] = when
    return out


#: The keys of one ``review:`` entry: what the value must be, and how to check it.
REVIEW_KEYS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "class": ("substantive or editorial", lambda v: v in ("substantive", "editorial")),
    "material": ("true or false", _is_bool),
    "reason": ("a sentence saying why (or one per language: 'en: ...')", lambda v: _is_text_or_map(v)),
}
#: The id a ``review:`` entry uses for the title and the text before the first section.
REVIEW_TITLE = "title"
REVIEW_EXAMPLE = "'cookies: {class: editorial, material: false, reason: the cookie policy page moved}'"


def _load_review(data: YamlMapping, locales: tuple[str, ...], report: Reporter) -> dict[str, ReviewDecision]:
    """``review:``: the reviewer's decision per section id, each problem at its own line.

    Whether each id names a section is checked in :func:`load_notice`, which knows the revision before.
    """
    entries = data.values.get("review") or {}
    out: dict[str, ReviewDecision] = {}
    for sid, entry in entries.items():
        line = data.line_at("review", sid)
        if not isinstance(entry, dict):
            report.error(
                data.path,
                line,
                f"the review of section '{sid}' must give 'class', 'material' and 'reason'",
                f"write e.g. {REVIEW_EXAMPLE}",
                code="bad-review",
            )
            continue
        problems = False
        for key in entry:
            if key not in REVIEW_KEYS:
                close = difflib.get_close_matches(str(key), list(REVIEW_KEYS), n=1, cutoff=0.6)
                report.error(
                    data.path,
                    data.line_at("review", sid, str(key)),
                    f"the review of section '{sid}' has an unknown key '{key}'",
                    f"did you mean '{close[0]}'?" if close else "a review gives class, material and reason",
                    code="bad-review",
                )
                problems = True
        for key, (kind, check) in REVIEW_KEYS.items():
            if key not in entry:
                report.error(
                    data.path,
                    line,
                    f"the review of section '{sid}' lacks '{key}'",
                    f"add '{key}: ...' with {kind}, e.g. {REVIEW_EXAMPLE}",
                    code="bad-review",
                )
                problems = True
            elif not check(entry[key]):
                report.error(
                    data.path,
                    data.line_at("review", sid, key),
                    f"'{key}' in the review of section '{sid}' must be {kind}, not {shown_value(entry[key])}",
                    f"write {kind}",
                    code="bad-review",
                )
                problems = True
        reason = entry.get("reason")
        unknown = sorted(str(k) for k in reason if k not in locales) if isinstance(reason, dict) else []
        if unknown:
            report.error(
                data.path,
                data.line_at("review", sid, "reason", unknown[0]),
                f"the reason for section '{sid}' is given in '{unknown[0]}', which is not one of the site's languages",
                "use one of: " + ", ".join(locales),
                code="unknown-locale",
            )
            problems = True
        if problems:
            continue
        assert reason is not None
        translations = {str(k): str(v).strip() for k, v in reason.items()} if isinstance(reason, dict) else {}
        text = next(iter(translations.values())) if translations else str(reason).strip()
        section = "" if sid == REVIEW_TITLE else str(sid)
        out[section] = ReviewDecision(section, entry["class"], entry["material"], text, translations, line)
    return out


def _check_review_sections(authoritative: str, revisions: list[Revision], report: Reporter) -> None:
    """A decision must name a section of this revision or of the one it replaces (a removed section)."""
    previous: Revision | None = None
    for revision in sorted(revisions, key=lambda r: r.effective):
        known = [
            sid
            for r in (previous, revision)
            if r is not None and authoritative in r.documents
            for sid in r.documents[authoritative].section_ids
        ]
        for sid, decision in revision.review.items():
            if sid == "" or sid in known:
                continue
            close = difflib.get_close_matches(sid, known, n=1, cutoff=0.6)
            report.error(
                revision.meta_path,
                decision.line,
                f"'review' names a section '{sid}' that {authoritative}.md of this revision and of the one "
                f"before does not have",
                (f"did you mean '{close[0]}'? " if close else "")
                + f"use a section id from the headings' {{#id}}, or '{REVIEW_TITLE}' for the title and the text "
                "before the first section: " + ", ".join(dict.fromkeys(known)),
                code="unknown-review-section",
            )
        if not revision.draft:
            previous = revision


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
    if data is None or not _check_keys(data, REVISION_KEYS, report):
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
    summary = _check_locale_keys(data, "summary", locales, report)
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
        errata=_load_errata(data, locales, report),
        documents=documents,
        translated_from=_load_translated_from(data, locales, report),
        review=_load_review(data, locales, report),
        key_lines=dict(data.key_lines),
    )


def _check_topic_sections(
    data: YamlMapping, topics: dict[str, str], authoritative: str, revisions: list[Revision], report: Reporter
) -> None:
    """A ``topics:`` entry must name a section that exists, or likely-material detection is silently off."""
    known: dict[str, None] = {}
    for revision in revisions:
        doc = revision.documents.get(authoritative)
        if doc is not None:
            known.update(dict.fromkeys(doc.section_ids))
    if not known:
        return  # the texts could not be read: their own messages say why
    for section_id in topics:
        if section_id in known:
            continue
        close = difflib.get_close_matches(section_id, list(known), n=1, cutoff=0.6)
        report.error(
            data.path,
            data.line_at("topics", section_id),
            f"'topics' names a section '{section_id}' that no revision of {authoritative}.md has",
            (f"did you mean '{close[0]}'? " if close else "")
            + "use a section id from the headings' {#id}: "
            + ", ".join(known),
            code="unknown-topic-section",
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
    if data is None or not _check_keys(data, NOTICE_KEYS, report):
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
    _check_topic_sections(data, topics, authoritative, revisions, report)
    _check_review_sections(authoritative, revisions, report)
    nav_title = _check_locale_keys(data, "nav_title", locales, report)
    earlier = _earlier_versions(data, meta_path, revisions, report)
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


def _earlier_versions(
    data: YamlMapping, meta_path: Path, revisions: list[Revision], report: Reporter
) -> tuple[EarlierVersion, ...]:
    """``history:``: dated events before the first revision kept here, each checked at the key's line."""
    entries = data.values.get("history") or []
    line = data.value_lines.get("history", data.line("history")) if "history" in data.values else 1
    first = min((r.effective for r in revisions), default=None)
    out: list[EarlierVersion] = []
    for index, entry in enumerate(entries, start=1):
        when = entry.get("date") if isinstance(entry, dict) else None
        event = entry.get("event", "revised") if isinstance(entry, dict) else None
        unknown = sorted(set(entry) - {"date", "event", "text"}) if isinstance(entry, dict) else []
        if not _is_date(when) or event not in EARLIER_EVENTS or unknown:
            report.error(
                meta_path,
                line + index,
                f"entry {index} of 'history' is not an earlier version",
                "write each as '- date: YYYY-MM-DD' with 'event: established' or 'event: revised' "
                "(and 'text:' if you like)",
                code="bad-history",
            )
            continue
        assert isinstance(when, date)
        if first is not None and when >= first:
            report.error(
                meta_path,
                line + index,
                f"the earlier version of {when.isoformat()} is not earlier than the first revision here "
                f"({first.isoformat()})",
                "'history' lists only versions before the first revision folder; "
                "move it into a revision folder of its own",
                code="bad-history",
            )
            continue
        out.append(EarlierVersion(when, str(event), line + index))
    return tuple(sorted(out, key=lambda e: e.date))


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
