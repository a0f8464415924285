"""The schema of notice.yml and revision.yml: one declaration per key, one checker, every key documented."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from notices.content.schema import ERRATUM, NOTICE, REVIEW, REVISION, Field, Schema, is_bool, is_date
from notices.content.source_files import read_yaml_mapping
from notices.content.yaml_fields import earlier_versions
from notices.findings import Reporter

ROOT = Path(__file__).resolve().parents[1]


def test_problems_are_unknown_keys_then_each_declared_key_in_order() -> None:
    schema = Schema({"a": Field("a date", is_date, required=True), "b": Field("true or false", is_bool)})
    found = schema.problems({"c": 1, "b": "yes"})
    assert found.unknown == ["c"]
    assert found.faults == [("a", "missing"), ("b", "bad")]
    assert found.missing() == ["a"]
    assert not schema.problems({"a": date(2024, 1, 1), "b": False})


def test_a_typo_is_matched_to_the_key_it_was_meant_as() -> None:
    assert REVISION.suggest("efective") == "effective"
    assert NOTICE.suggest("notice_period") == "notice_period_days"
    assert REVIEW.suggest("zzz") is None


def test_a_bad_date_is_told_why_and_other_values_what_to_write() -> None:
    assert "without a time" in REVISION["effective"].hint("2024-01-01 10:00")
    assert ERRATUM["locale"].hint(3) == "write a language code such as th"


@pytest.mark.parametrize("key", [*NOTICE, *REVISION])
def test_every_key_of_the_files_is_documented(key: str) -> None:
    """A key added to the schema is also explained to the legal team (README.md or a page in docs/)."""
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    pattern = re.compile(rf"(?m)^\s*(?:-\s+)?{re.escape(key)}:|`{re.escape(key)}:")
    assert any(pattern.search(p.read_text(encoding="utf-8")) for p in texts), key


def test_a_bad_history_entry_is_reported_at_its_own_line(tmp_path: Path) -> None:
    """Entries of two lines each, and one of one line: each message names the line of its '-'."""
    meta = tmp_path / "notice.yml"
    meta.write_text(
        "authoritative: en\nnotice_period_days: 30\nhistory:\n"
        "  - date: 2019-01-01\n    event: founded\n"
        "  - date: 2020-01-01\n    event: revised\n"
        "  - {date: 2021-13-01}\n",
        encoding="utf-8",
    )
    report = Reporter(tmp_path)
    data = read_yaml_mapping(meta, report)
    assert data is not None
    kept = earlier_versions(data, meta, [], report)
    assert [(f.line, f.message) for f in report.findings] == [
        (4, "entry 1 of 'history' is not an earlier version"),
        (8, "entry 3 of 'history' is not an earlier version"),
    ]
    assert [(e.date, e.line) for e in kept] == [(date(2020, 1, 1), 6)]
