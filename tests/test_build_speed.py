"""Issue 25: PDFs made in a pool after the pages, and the progress `notices build` shows."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLE_AS_OF, write_config
from notices.site.pdf import DEFER_VARIABLE, PLACEHOLDER, PdfSource, fill_placeholders, make_missing, write_pdfs

SOURCES = [
    PdfSource("en", "Privacy notice", ("Effective 1 July 2024",), "## 1. Data\n\nWe keep *little*.\n\n- a\n- b\n"),
    PdfSource("ja", "プライバシー通知", ("2024年7月1日施行",), "## 1. データ\n\n最小限のデータのみを保存します。\n"),
    PdfSource("th", "ประกาศความเป็นส่วนตัว", ("มีผล 1 กรกฎาคม 2567",), "## 1. ข้อมูล\n\nเราเก็บข้อมูลเท่าที่จำเป็น\n"),
]


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.pdf"))}


@pytest.mark.build
def test_the_pool_makes_the_same_pdfs_as_one_process(tmp_path: Path) -> None:
    assert make_missing(SOURCES, tmp_path / "serial", jobs=1) == 3
    assert make_missing(SOURCES, tmp_path / "pool", jobs=2) == 3
    serial, pool = hashes(tmp_path / "serial"), hashes(tmp_path / "pool")
    assert len(serial) == 3
    assert pool == serial
    assert make_missing(SOURCES, tmp_path / "pool", jobs=2) == 0  # all cached: nothing made


@pytest.mark.build
def test_placeholders_are_filled_by_the_build_that_sealed_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_missing(SOURCES[:1], tmp_path / "serial", jobs=1)
    site, cache = tmp_path / "site", tmp_path / "cache"
    monkeypatch.setenv(DEFER_VARIABLE, "token-of-this-build")
    sources = {f"{s.locale}/notice.pdf": s for s in SOURCES}
    assert write_pdfs(site, sources, cache) == (3, 0)  # none cached: all left for the build
    assert all((site / rel).read_bytes().startswith(PLACEHOLDER) for rel in sources)
    assert fill_placeholders(site, "another token", cache) == 0  # a placeholder nobody here sealed is left alone
    assert (site / "en/notice.pdf").read_bytes().startswith(PLACEHOLDER)
    assert fill_placeholders(site, "token-of-this-build", cache, jobs=2) == 3
    assert all((site / rel).read_bytes().startswith(b"%PDF-") for rel in sources)
    made = hashlib.sha256((site / "en/notice.pdf").read_bytes()).hexdigest()
    assert made == hashes(tmp_path / "serial")[f"{SOURCES[0].key}.pdf"]


STAGES = ("languages", "merge", "PDFs", "search index")


@pytest.mark.build
def test_build_progress_is_one_line_per_stage_without_a_terminal_and_none_with_q(
    tmp_path: Path, mini_content: Path
) -> None:
    config = write_config(tmp_path, mini_content, pdf_cache_dir=str(tmp_path / "pdf-cache"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTICES_AS_OF": EXAMPLE_AS_OF}

    def build(*args: str) -> list[str]:
        result = subprocess.run(
            [str(BIN / "notices"), "build", "-f", str(config), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return [line for line in result.stderr.splitlines() if line.startswith("notices build: ")]

    lines = build()
    stages = [line.removeprefix("notices build: ") for line in lines[:-1]]
    assert [next(s for s in STAGES if line.startswith(s + " ")) for line in stages] == list(STAGES), lines
    assert stages[0].startswith("languages 4/4 in ")
    made = stages[2].split()[1]  # "PDFs 3/3 in 1.2 s": every published revision's PDF was made, after the pages
    assert made.split("/")[0] == made.split("/")[1] != "0", lines
    assert lines[-1].startswith("notices build: built 4 languages")
    pdfs = list((tmp_path / "site").rglob("*.pdf"))
    assert pdfs
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)  # no placeholder left in the site
    quiet = build("-q")  # the PDFs are cached now: none made, nothing said but the summary
    assert len(quiet) == 1
    assert quiet[0].startswith("notices build: built 4 languages")
