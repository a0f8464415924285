"""`notices status`: each revision's state, lock, editability and notice, as text (golden file) and JSON."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import BIN, EXAMPLE_AS_OF, FIXTURES, ROOT

GOLDEN = Path(__file__).parent / "golden" / "status"


def notices(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_AS_OF"}
    return subprocess.run(
        [str(BIN / "notices"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_example_status_text_matches_the_golden_file() -> None:
    result = notices("status", "--as-of", EXAMPLE_AS_OF)
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / "example.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_example_status_json_says_superseded_in_force_upcoming() -> None:
    result = notices("status", "--as-of", EXAMPLE_AS_OF, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and data["as_of"] == EXAMPLE_AS_OF
    privacy = next(n for n in data["notices"] if n["id"] == "privacy")
    states = {r["revision"]: r["state"] for r in privacy["revisions"]}
    assert states == {"2019-04-01": "superseded", "2023-07-03": "in force", "2027-01-15": "upcoming"}
    assert privacy["in_force"] == "2023-07-03"
    upcoming = privacy["revisions"][-1]
    assert upcoming["locked"] is True and upcoming["editable"] is False
    assert (upcoming["notice_days"], upcoming["notice_required"]) == (60, 30)


def test_drafts_and_scheduled_revisions_are_editable_until_locked(mini_content: Path) -> None:
    terms = mini_content / "terms"
    created = notices("new", "terms", "2031-06-01", "--content", str(mini_content), "--as-of", "2029-10-01")
    assert created.returncode == 0, created.stderr
    result = notices("status", "--content", str(mini_content), "--as-of", "2029-10-01", "--format", "json")
    rows = {r["revision"]: r for r in json.loads(result.stdout)["notices"][0]["revisions"]}
    assert rows["2030-01-01"]["state"] == "scheduled"  # published 2029-11-01
    assert (rows["2030-01-01"]["locked"], rows["2030-01-01"]["editable"]) == (False, True)
    assert rows["2031-06-01"]["state"] == "draft"
    assert (rows["2031-06-01"]["locked"], rows["2031-06-01"]["editable"]) == (False, True)
    # `notices publish` freezes it at once, before its published date.
    published = notices("publish", "terms", "2030-01-01", "--content", str(mini_content), "--as-of", "2029-10-01")
    assert published.returncode == 0, published.stderr
    result = notices("status", "--content", str(mini_content), "--as-of", "2029-10-01", "--format", "json")
    row = json.loads(result.stdout)["notices"][0]["revisions"][2]
    assert (row["state"], row["locked"], row["editable"]) == ("scheduled", True, False)
    # Announced but never locked: visitors see it, so it is no longer editable either.
    lock = terms / "published.lock"
    lock.write_text(lock.read_text(encoding="utf-8").split("'2030-01-01':")[0], encoding="utf-8")
    result = notices("status", "--content", str(mini_content), "--as-of", "2029-12-01", "--format", "json")
    row = json.loads(result.stdout)["notices"][0]["revisions"][2]
    assert (row["state"], row["locked"], row["editable"]) == ("upcoming", False, False)
    assert result.returncode == 1 and "not locked" in result.stderr


def test_lagging_translations_are_listed() -> None:
    content = FIXTURES / "diff" / "content"
    result = notices("status", "--content", str(content), "--as-of", "2025-06-01")
    assert result.returncode == 0, result.stderr
    assert (
        "    lagging translation: th.md, section 'purposes': en.md changed in substance on 2025-01-01; "
        "th.md has not followed that change\n" in result.stdout
    )
    data = json.loads(notices("status", "--content", str(content), "--as-of", "2025-06-01", "--format", "json").stdout)
    assert data["notices"][0]["revisions"][1]["lagging"] == [
        {"locale": "th", "section": "purposes", "reason": "unchanged", "since": "2025-01-01", "tokens": []}
    ]
