"""Sections nest one level (issue 20): a ``##`` group holds ``###`` sections, each with its own ``{#id}``.

The fixture ``tests/fixtures/nested`` has two revisions of one notice in four
languages; in the second, the section ``ads`` moves from the start of the group
``optional`` to the end of the group ``shared``. The tests publish both in a real
Git repository, diff them with the real ``notices diff``, build the real site,
and check that the four real corpora still load as before.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import BIN, FIXTURES, build
from htmlq import parse as parse_html
from notices.check import check_content
from notices.diff import MOVED, SUBSTANTIVE, UNCHANGED, diff_revisions

LOCALES = ("en", "ja", "vi", "th")
AS_OF = "2026-01-01"
ENV = {"PATH": f"{BIN}:/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", "LANG": "C.UTF-8"}
CORPORA = Path(__file__).parent / "corpora"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300, check=False)


def notices(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    languages = [arg for ll in LOCALES for arg in ("--locale", ll)]
    return run(cwd, str(BIN / "notices"), *args, "--content", "content", *languages, "--as-of", AS_OF)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture in a Git repository, both revisions published and committed."""
    shutil.copytree(FIXTURES / "nested" / "content", tmp_path / "content")
    git = ("git", "-c", "user.name=Legal", "-c", "user.email=legal@example.com")
    assert run(tmp_path, "git", "init", "-q").returncode == 0
    assert run(tmp_path, *git, "add", "-A").returncode == 0
    assert run(tmp_path, *git, "commit", "-qm", "Two revisions").returncode == 0
    for revision in ("2025-01-01", "2025-06-01"):
        result = notices(tmp_path, "publish", "app", revision)
        assert result.returncode == 0, result.stdout + result.stderr
        assert run(tmp_path, *git, "add", "-A").returncode == 0
        assert run(tmp_path, *git, "commit", "-qm", f"Publish {revision}").returncode == 0
    return tmp_path


def test_a_group_and_its_sections_are_each_a_section_with_its_own_text(repo: Path) -> None:
    result = check_content(repo / "content", LOCALES, date.fromisoformat(AS_OF))
    assert result.errors == []
    doc = result.content.notices[0].revision("2025-06-01").documents["en"]  # type: ignore[union-attr]
    assert [(s.id, s.level, s.parent) for s in doc.sections] == [
        ("shared", 2, ""),
        ("crashes", 3, "shared"),
        ("ads", 3, "shared"),
        ("optional", 2, ""),
        ("location", 3, "optional"),
    ]
    assert doc.section("shared").body == ""  # type: ignore[union-attr]  # the group has no text of its own
    assert doc.section("crashes").body == "The app sends crash reports to us."  # type: ignore[union-attr]


def test_a_section_moved_between_groups_is_that_sections_move_not_the_groups(repo: Path) -> None:
    result = notices(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    result = notices(repo, "diff", "app", "2025-01-01", "2025-06-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    changes = {s["id"]: (s["change"], s["class"]) for s in data["sections"]}
    assert changes == {
        "shared": (UNCHANGED, None),
        "crashes": (UNCHANGED, None),
        "ads": (MOVED, SUBSTANTIVE),  # now under "shared by default": what it says changed
        "optional": (UNCHANGED, None),
        "location": (UNCHANGED, None),
    }
    ads = next(s for s in data["sections"] if s["id"] == "ads")
    assert (ads["old_group"], ads["new_group"]) == ("optional", "shared")
    assert data["stale_translations"] == []  # every translation moved it too
    text = notices(repo, "diff", "app", "2025-01-01", "2025-06-01").stdout
    assert "group optional → shared" in text


def test_a_translation_that_keeps_the_old_group_is_an_error_and_stale(repo: Path) -> None:
    th = repo / "content/app/2025-06-01/th.md"
    old = (repo / "content/app/2025-01-01/th.md").read_text(encoding="utf-8")
    th.write_text(old, encoding="utf-8")  # the Thai text of January: "ads" still under "optional"
    result = check_content(repo / "content", LOCALES, date.fromisoformat(AS_OF), base=repo)
    assert [(f.path, f.line, f.message) for f in result.errors if f.code == "section-order"] == [
        ("content/app/2025-06-01/th.md", 13, "section 'ads' is in group 'shared' in en.md, but not here")
    ]
    notice = result.content.notices[0]
    diff = diff_revisions(notice, notice.revisions[0], notice.revisions[1])
    assert [(s.section, s.locale, s.reason) for s in diff.stale_translations] == [("ads", "th", "moved")]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("### Location {#location}", "### Location {#shared}", [(17, "duplicate-id")]),
        ("### Advertising {#ads}", "### Advertising", [(11, "missing-id")]),
        (
            "What the app shares.",
            "What the app shares.\n\n### Early {#early}\n\nText.",
            [(5, "orphan-section")],
        ),
    ],
)
def test_nested_section_mistakes_are_one_message_at_their_line(
    repo: Path, old: str, new: str, expected: list[tuple[int, str]]
) -> None:
    en = repo / "content/app/2025-06-01/en.md"
    shutil.rmtree(repo / ".git")  # edit a published text without the lock's complaint
    (repo / "content/app/published.lock").unlink()
    text = en.read_text(encoding="utf-8")
    en.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check_content(repo / "content", LOCALES, date.fromisoformat(AS_OF), base=repo)
    mine = [(f.line, f.code) for f in result.errors if f.path.endswith("2025-06-01/en.md")]
    assert mine == expected
    for f in result.errors:
        assert f.hint


def test_the_pages_show_both_levels_and_the_move(repo: Path, tmp_path: Path) -> None:
    site = build(tmp_path / "build", repo / "content", as_of=AS_OF)
    page = parse_html((site / "app/index.html").read_text(encoding="utf-8"))
    headings = [(h.tag, h.attrs.get("id")) for h in page.iter() if h.tag in ("h2", "h3") and h.attrs.get("id")]
    assert [h for h in headings if h[1] in ("shared", "crashes", "ads", "optional", "location")] == [
        ("h2", "shared"),
        ("h3", "crashes"),
        ("h3", "ads"),
        ("h2", "optional"),
        ("h3", "location"),
    ]
    changes = parse_html((site / "ja/app/2025-06-01/changes/index.html").read_text(encoding="utf-8"))
    rows = {a.attrs["href"] for a in changes.find_all("a") if a.attrs.get("href", "").startswith("#change-")}
    assert rows == {"#change-ads"}  # the move is the section's; neither group is listed


@pytest.mark.parametrize("corpus", sorted(p.name for p in CORPORA.iterdir() if p.is_dir()))
def test_the_real_corpora_still_load_with_their_sections_at_one_level(corpus: str, tmp_path: Path) -> None:
    """Mozilla's ``###`` subheadings have no ids: they stay text inside their section, as before."""
    root = CORPORA / corpus
    shutil.copytree(root / corpus, tmp_path / corpus)
    locales = sorted({p.stem for p in (root / corpus).glob("*/*.md")}, key=lambda ll: (ll != "en", ll))
    result = check_content(tmp_path, tuple(locales), date(2100, 1, 1))
    assert [f.format() for f in result.errors if f.code != "not-locked"] == []
    expected = json.loads((root / "expected.json").read_text(encoding="utf-8")).get("section_ids")
    for notice in result.content.notices:
        for revision in notice.revisions:
            doc = revision.documents["en"]
            assert {s.level for s in doc.sections} == {2}
            if expected and revision is notice.revisions[0]:
                assert set(doc.section_ids) <= set(expected)


def test_a_change_inside_a_nested_section_is_that_sections_and_its_translations_lag(tmp_path: Path) -> None:
    """Stale detection at both levels: the English of ``crashes`` changes, the translations do not."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "nested" / "content", content)
    en = content / "app/2025-06-01/en.md"
    text = en.read_text(encoding="utf-8")
    en.write_text(text.replace("crash reports to us.", "crash reports to us and to Sentry."), encoding="utf-8")
    result = check_content(content, LOCALES, date.fromisoformat(AS_OF))
    notice = result.content.notices[0]
    diff = diff_revisions(notice, notice.revisions[0], notice.revisions[1])
    changes = {s.id: (s.change, s.cls) for s in diff.sections if s.change != UNCHANGED}
    assert changes == {"crashes": ("modified", SUBSTANTIVE), "ads": (MOVED, SUBSTANTIVE)}
    stale = {(s.section, s.locale, s.reason) for s in diff.stale_translations}
    assert stale == {("crashes", ll, "unchanged") for ll in ("ja", "vi", "th")}  # not the group
