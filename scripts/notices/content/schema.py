"""The keys of ``notice.yml`` and ``revision.yml``, declared once, and the one checker that reads them.

Each file, and each entry of its lists (an erratum, a reviewer's decision, an
earlier version), is a :class:`Schema`: its keys, whether each is required, and
what its value must be, in the legal team's words (``kind``). :func:`check_keys`
reports a file's unknown, missing and mistyped keys at the lines the strict
YAML layer recorded; :meth:`Schema.problems` gives the same verdict for one
entry, which :mod:`notices.content.yaml_fields` words for errata, reviews and
earlier versions. A new key is one line here, and its messages follow.

Plain dataclasses, independent of MkDocs, rather than pydantic: every message
names the key, its line and the value as typed, in the legal team's words
(``'material' must be true or false, not 'yes'``), so each pydantic error type
would have to be worded again; the table and one checker are shorter (see
docs/decisions/0021s-content-schema.md).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..findings import Reporter
from .dates import DATE_WITH_TIME, FIRST_DATE, LAST_DATE
from .source_files import YamlMapping


def is_date(v: Any) -> bool:
    return isinstance(v, date) and FIRST_DATE <= v <= LAST_DATE


def is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def is_count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def is_text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def is_mapping(v: Any) -> bool:
    return isinstance(v, dict)


def is_list(v: Any) -> bool:
    return isinstance(v, list)


def is_text_or_map(value: object) -> bool:
    """Plain text, or a mapping language -> text (an erratum explained in each language)."""
    if isinstance(value, dict):
        return bool(value) and all(is_text(v) for v in value.values())
    return is_text(value)


def is_anything(_: object) -> bool:
    return True


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


@dataclass(frozen=True)
class Field:
    """One allowed key and what its value must be."""

    kind: str  # shown to the user: "a date written YYYY-MM-DD", "true or false", ...
    check: Callable[[Any], bool]
    required: bool = False
    #: A mapping whose every entry is one line of text, each checked at its own line (``summary``, ``nav_title``).
    lines_of_text: bool = False

    def hint(self, value: Any) -> str:
        """What to write instead of ``value``."""
        return date_hint(value) if self.check is is_date else f"write {self.kind}"


@dataclass(frozen=True)
class Problems:
    """What is wrong with one mapping: unknown keys as written, then each declared key's fault in order."""

    unknown: list[str] = field(default_factory=list)
    #: ``(key, "missing")`` or ``(key, "bad")``, in the order the schema declares the keys.
    faults: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.unknown or self.faults)

    def missing(self) -> list[str]:
        return [key for key, fault in self.faults if fault == "missing"]


@dataclass(frozen=True)
class Schema:
    """The keys of one YAML mapping."""

    fields: Mapping[str, Field]

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)

    def __getitem__(self, key: str) -> Field:
        return self.fields[key]

    def suggest(self, key: str) -> str | None:
        """The declared key ``key`` is probably a typo of, if any."""
        close = difflib.get_close_matches(key, list(self.fields), n=1, cutoff=0.6)
        return close[0] if close else None

    def problems(self, values: Mapping[str, Any]) -> Problems:
        """Unknown keys, then missing and mistyped ones (entries of ``lines_of_text`` are checked by the caller)."""
        found = Problems([str(k) for k in values if k not in self.fields])
        for key, spec in self.fields.items():
            if key not in values:
                if spec.required:
                    found.faults.append((key, "missing"))
            elif not (spec.lines_of_text and isinstance(values[key], dict)) and not spec.check(values[key]):
                found.faults.append((key, "bad"))
        return found


#: What an earlier version's date records (``history:`` in notice.yml).
EARLIER_EVENTS = ("established", "revised", "effective")

NOTICE = Schema(
    {
        "authoritative": Field("a language code such as en", is_text, required=True),
        "notice_period_days": Field("a whole number of days, such as 30", is_count, required=True),
        "order": Field("a whole number", is_count),
        "nav_title": Field("one line per language, such as 'ja: プライバシーポリシー'", is_mapping, lines_of_text=True),
        "topics": Field("one line per section id, such as 'purposes-of-use: purposes'", is_mapping, lines_of_text=True),
        "history": Field(
            "a list of earlier versions, each with 'date: YYYY-MM-DD' and 'event: established' or 'revised'", is_list
        ),
    }
)

#: One entry of ``history:`` in notice.yml.
EARLIER_VERSION = Schema(
    {
        "date": Field("a date written YYYY-MM-DD", is_date, required=True),
        "event": Field("established or revised", lambda v: v in EARLIER_EVENTS),
        "text": Field("a sentence of text", is_anything),
    }
)

REVISION = Schema(
    {
        "effective": Field("a date written YYYY-MM-DD", is_date, required=True),
        "published": Field("a date written YYYY-MM-DD", is_date),
        "material": Field("true or false", is_bool, required=True),
        "summary": Field("one paragraph per language, such as 'en: We now ...'", is_mapping, lines_of_text=True),
        "draft": Field("true or false", is_bool),
        "short_notice_reason": Field("a sentence of text", is_text),
        "errata": Field("a list of corrections (date, locale, what, why)", is_list),
        "translated_from": Field(
            "one line per lagging language with the date of the revision it translates, such as 'th: 2019-09-11'",
            lambda v: isinstance(v, dict) and all(isinstance(k, str) and is_date(x) for k, x in v.items()),
        ),
        "review": Field("one entry per section id, each with 'class', 'material' and 'reason'", is_mapping),
    }
)

#: One entry of ``errata:`` in revision.yml.
ERRATUM = Schema(
    {
        "date": Field("a date written YYYY-MM-DD", is_date, required=True),
        "locale": Field("a language code such as th", is_text, required=True),
        "what": Field(
            "a sentence saying what was corrected (or one per language: 'en: ...')", is_text_or_map, required=True
        ),
        "why": Field("a sentence saying why (or one per language)", is_text_or_map, required=True),
    }
)

#: One entry of ``review:`` in revision.yml: the reviewer's decision on a section.
REVIEW = Schema(
    {
        "class": Field("substantive or editorial", lambda v: v in ("substantive", "editorial"), required=True),
        "material": Field("true or false", is_bool, required=True),
        "reason": Field("a sentence saying why (or one per language: 'en: ...')", is_text_or_map, required=True),
    }
)


def check_keys(data: YamlMapping, schema: Schema, report: Reporter) -> bool:
    """Report a file's unknown, missing and mistyped keys, each at its line; True when usable."""
    found = schema.problems(data.values)
    for key in found.unknown:
        close = schema.suggest(key)
        hint = f"did you mean '{close}'?" if close else "allowed keys: " + ", ".join(schema)
        report.error(data.path, data.line(key), f"unknown key '{key}'", hint, code="unknown-key")
    faults = dict(found.faults)
    ok = not found
    for key, spec in schema.fields.items():
        if faults.get(key) == "missing":
            report.error(
                data.path,
                1,
                f"the key '{key}' is missing",
                f"add a line '{key}: ...' with {spec.kind}",
                code="missing-key",
            )
        elif faults.get(key) == "bad":
            value = data.values[key]
            report.error(
                data.path,
                data.value_lines.get(key, data.line(key)),
                f"'{key}' must be {spec.kind}, not {shown_value(value)}",
                spec.hint(value),
                code="bad-value",
            )
        elif spec.lines_of_text and isinstance(data.values.get(key), dict):
            ok = _check_lines_of_text(data, key, report) and ok
    return ok


def _check_lines_of_text(data: YamlMapping, key: str, report: Reporter) -> bool:
    """Each entry of a per-language or per-section mapping is one line of text, reported at its own line."""
    ok = True
    for entry, text in data.values[key].items():
        if is_text(text):
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
