"""Renderer independence: the example builds the same with ProperDocs (a MkDocs 1.6 fork) as with MkDocs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLE_AS_OF, ROOT, write_config

pytestmark = pytest.mark.build


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTICES_AS_OF": EXAMPLE_AS_OF}
    return subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=600, check=False)


def test_properdocs_builds_the_example_with_the_same_pages(example_site: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, ROOT / "content")
    result = run(str(BIN / "properdocs"), "build", "-f", str(config))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert pages(site) == pages(example_site)
    assert len(pages(site)) > 40
    for page in ("privacy/index.html", "th/privacy/2023-07-03/changes/index.html", "ja/cookies/history/index.html"):
        assert (site / page).read_bytes() == (example_site / page).read_bytes(), page


def test_notices_build_runs_properdocs_per_language(example_site: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, ROOT / "content")
    result = run(str(BIN / "notices"), "build", "-f", str(config), "--renderer", "properdocs")
    assert result.returncode == 0, result.stderr
    assert pages(tmp_path / "site") == pages(example_site)
