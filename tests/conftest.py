"""Shared helpers: real `mkdocs build` runs of the example site and of small fixtures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from notices.project import read_project

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Tests run as if the virtualenv were activated, so hints say `notices ...`
# (tests/test_commands.py sets PATH itself to see the other case).
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
# Most fixtures are copied folders, not git clones: their history cannot be verified, which is a warning
# (and fails --strict). The suite takes the explicit way out; the record tests (test_lock_history.py,
# test_record_witness.py) remove it to test the warning itself.
os.environ.setdefault("NOTICES_ALLOW_UNVERIFIED", "1")
FIXTURES = Path(__file__).parent / "fixtures"
#: The as-of date of the test suite: the material privacy revision of
#: 2027-01-15 is published (2026-11-16) but not yet in force.
EXAMPLE_AS_OF = "2026-12-01"
#: The example site's languages, as mkdocs.yml lists them.
LOCALES = read_project(ROOT / "mkdocs.yml").locales
PREFIX = {ll: "" if i == 0 else f"{ll}/" for i, ll in enumerate(LOCALES)}  # the default language at the root


def write_config(workdir: Path, content_dir: Path, *, custom_dir: Path | None = None, **plugin_options: object) -> Path:
    """A copy of the project's mkdocs.yml that reads ``content_dir`` and writes under ``workdir``.

    ``custom_dir``: the project's own template overrides (else the templates shipped with notices).
    """
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if custom_dir is not None:
        config["theme"]["custom_dir"] = str(custom_dir)
    config["docs_dir"] = str(content_dir)
    config["site_dir"] = str(workdir / "site")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "notices" in plugin:
            options = plugin["notices"]
            options.update(
                content_dir=str(content_dir),
                generated_dir=str(workdir / "generated"),
                # PDFs are cached by the hash of what they show: every build of the suite shares them.
                pdf_cache_dir=str(ROOT / "build/test-pdf-cache"),
            )
            options.update(plugin_options)
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def mkdocs(*args: str, as_of: str | None = EXAMPLE_AS_OF, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("NOTICES_AS_OF", None)
    if as_of:
        env["NOTICES_AS_OF"] = as_of
    return subprocess.run(
        [str(BIN / "mkdocs"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def build(workdir: Path, content_dir: Path, as_of: str | None = EXAMPLE_AS_OF, **options: object) -> Path:
    """Run a real `mkdocs build`; return the site folder, failing with MkDocs' output."""
    config = write_config(workdir, content_dir, **options)
    result = mkdocs("build", "-f", str(config), as_of=as_of)
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site"


def run_notices(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the real ``notices`` command."""
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_AS_OF"}
    result = subprocess.run(
        [str(BIN / "notices"), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def unrecord(content_dir: Path, notice: str, revision: str) -> None:
    """Take a revision out of a copied fixture's published.lock: the state before `notices publish` ran.

    Once recorded, a revision may not change; a test that edits a scheduled
    revision starts from the day before it was recorded.
    """
    lock_path = content_dir / notice / "published.lock"
    lock = yaml.safe_load(lock_path.read_text(encoding="utf-8"))
    del lock[revision]
    lock_path.write_text(yaml.safe_dump(lock, allow_unicode=True, sort_keys=False), encoding="utf-8")


def copy_fixture(name: str, dest: Path) -> Path:
    target = dest / "content"
    shutil.copytree(FIXTURES / name / "content", target)
    return target


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site in content/, built once as of EXAMPLE_AS_OF."""
    return build(tmp_path_factory.mktemp("example"), ROOT / "content")


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture notice 'terms' built as of 2029-12-01: 2024 in force, 2030 announced, 2020 archived."""
    workdir = tmp_path_factory.mktemp("mini")
    content = copy_fixture("mini", workdir)
    run_notices("publish", "terms", "2030-01-01", "--content", str(content), "--as-of", "2029-11-01", check=True)
    return build(workdir, content, as_of="2029-12-01")


@pytest.fixture
def mini_content(tmp_path: Path) -> Path:
    """A writable copy of the small fixture notice 'terms' (revisions 2020, 2024, 2030).

    2020 and 2024 are recorded in published.lock; 2030 (announced 2029-11-01) is not yet, so it is editable.
    """
    return copy_fixture("mini", tmp_path)
