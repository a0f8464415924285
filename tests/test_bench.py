"""The benchmark runs (on a tiny corpus); its figures are reported by `make bench`, never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import ROOT
from notices.content.check import check_content


def test_corpus_is_valid_content_in_four_scripts(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts/bench"))
    from corpus import write_corpus

    content = write_corpus(tmp_path, notices=1, revisions=4, sections=5)
    result = check_content(content, ("en", "ja", "vi", "th"), date(2026, 12, 1))
    assert [f.format() for f in result.errors] == []
    notice = result.content.notices[0]
    assert len(notice.revisions) == 4
    th = notice.revisions[-1].documents["th"].sections[0].body
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in th)
    bodies = [r.documents["en"].source for r in notice.revisions]
    assert len(set(bodies)) == 4  # every revision edits the one before


def test_the_twelve_language_corpus_is_valid_content(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts/bench"))
    from corpus import WIDE_LOCALES, write_corpus

    content = write_corpus(tmp_path, notices=2, revisions=2, sections=3, locales=WIDE_LOCALES)
    result = check_content(content, WIDE_LOCALES, date(2026, 12, 1))
    assert [f.format() for f in result.errors] == []
    assert len(WIDE_LOCALES) == 12
    assert set(result.content.notices[0].revisions[-1].documents) == set(WIDE_LOCALES)


def test_bench_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/bench/run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [b["revisions"] for b in data["builds"]] == [2, 3]
    for b in data["builds"]:
        assert b["pages"] > 0 and b["build_s"] > 0 and b["baseline_s"] > 0
        assert b["search"]["archived_docs"] == 0 and b["search"]["index_docs"] > 0
        assert b["first_build_s"] > 0 and b["check_s"] > 0
        assert set(b["stages_cold_s"]) == {"languages", "merge", "PDFs", "search index"}  # its progress lines
        assert b["stages_first_s"]["PDFs"] > 0
    preview = data["edit_loop"]["preview"]
    assert preview["save_to_page_s"] > 0 and preview["whole_site_s"] >= preview["save_to_page_s"]
    assert data["diff"]["sections"] == 50
    assert "| target | measured | goal | met |" in result.stdout
    assert "| scenario | pages | cold (vs plain) |" in result.stdout  # issue 25's targets
