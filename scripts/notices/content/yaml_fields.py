"""The nested values of ``notice.yml`` and ``revision.yml``: per-language text, errata, reviews, earlier versions.

Each entry is checked against its :mod:`notices.content.schema` declaration and
every problem is named at its own line; then the entry becomes the model's value.
Also here: the keys that name sections (``topics``, ``review``), checked against
the texts once every revision is loaded.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ..findings import Reporter
from .model import EarlierVersion, Erratum, ReviewDecision, Revision
from .schema import EARLIER_VERSION, ERRATUM, REVIEW, shown_value
from .source_files import YamlMapping


def check_locale_keys(data: YamlMapping, key: str, locales: tuple[str, ...], report: Reporter) -> dict[str, str]:
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


def load_errata(data: YamlMapping, locales: tuple[str, ...], report: Reporter) -> tuple[Erratum, ...]:
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
        found = ERRATUM.problems(entry)
        missing = found.missing()
        if missing:
            names = " and ".join(f"'{k}'" for k in missing)
            report.error(
                data.path,
                line,
                f"erratum {number} lacks {names}",
                "add " + ", ".join(f"{k}: <{ERRATUM[k].kind}>" for k in missing) + f" to it, e.g. {example}",
                code="bad-erratum",
            )
        for key in found.unknown:
            close = ERRATUM.suggest(key)
            report.error(
                data.path,
                data.line_at("errata", index, key),
                f"erratum {number} has an unknown key '{key}'",
                f"did you mean '{close}'?" if close else "an erratum has date, locale, what and why",
                code="bad-erratum",
            )
        for key, fault in found.faults:
            if fault == "bad":
                value = entry[key]
                report.error(
                    data.path,
                    data.line_at("errata", index, key),
                    f"'{key}' of erratum {number} must be {ERRATUM[key].kind}, not {shown_value(value)}",
                    ERRATUM[key].hint(value),
                    code="bad-erratum",
                )
        if found:
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


def load_translated_from(data: YamlMapping, locales: tuple[str, ...], report: Reporter) -> dict[str, date]:
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


#: The id a ``review:`` entry uses for the title and the text before the first section.
REVIEW_TITLE = "title"
REVIEW_EXAMPLE = "'cookies: {class: editorial, material: false, reason: the cookie policy page moved}'"


def load_review(data: YamlMapping, locales: tuple[str, ...], report: Reporter) -> dict[str, ReviewDecision]:
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
        found = REVIEW.problems(entry)
        problems = bool(found)
        for key in found.unknown:
            close = REVIEW.suggest(key)
            report.error(
                data.path,
                data.line_at("review", sid, key),
                f"the review of section '{sid}' has an unknown key '{key}'",
                f"did you mean '{close}'?" if close else "a review gives class, material and reason",
                code="bad-review",
            )
        for key, fault in found.faults:
            kind = REVIEW[key].kind
            if fault == "missing":
                report.error(
                    data.path,
                    line,
                    f"the review of section '{sid}' lacks '{key}'",
                    f"add '{key}: ...' with {kind}, e.g. {REVIEW_EXAMPLE}",
                    code="bad-review",
                )
            else:
                report.error(
                    data.path,
                    data.line_at("review", sid, key),
                    f"'{key}' in the review of section '{sid}' must be {kind}, not {shown_value(entry[key])}",
                    REVIEW[key].hint(entry[key]),
                    code="bad-review",
                )
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


def check_review_sections(authoritative: str, revisions: list[Revision], report: Reporter) -> None:
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


def check_topic_sections(
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


def earlier_versions(
    data: YamlMapping, meta_path: Path, revisions: list[Revision], report: Reporter
) -> tuple[EarlierVersion, ...]:
    """``history:``: dated events before the first revision kept here, each checked at its own line."""
    entries = data.values.get("history") or []
    first = min((r.effective for r in revisions), default=None)
    out: list[EarlierVersion] = []
    for index, entry in enumerate(entries, start=1):
        line = data.line_at("history", index - 1)  # the entry's own line, however many lines each takes
        if not isinstance(entry, dict) or EARLIER_VERSION.problems(entry):
            report.error(
                meta_path,
                line,
                f"entry {index} of 'history' is not an earlier version",
                "write each as '- date: YYYY-MM-DD' with 'event: established' or 'event: revised' "
                "(and 'text:' if you like)",
                code="bad-history",
            )
            continue
        when, event = entry["date"], entry.get("event", "revised")
        if first is not None and when >= first:
            report.error(
                meta_path,
                line,
                f"the earlier version of {when.isoformat()} is not earlier than the first revision here "
                f"({first.isoformat()})",
                "'history' lists only versions before the first revision folder; "
                "move it into a revision folder of its own",
                code="bad-history",
            )
            continue
        out.append(EarlierVersion(when, str(event), line))
    return tuple(sorted(out, key=lambda e: e.date))
