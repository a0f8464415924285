"""The docs by reader: a short README for the legal team, the rest a site built from docs/ with --strict,
and every command's --help naming a page that exists."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from conftest import BIN, ROOT
from notices.adapters.help_pages import HELP_PAGES

DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs-docs.yml"
README_LIMIT = 15 * 1024


def build_docs(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(config), "--site-dir", str(site)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_readme_is_short_and_keeps_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_bytes()
    assert len(readme) <= README_LIMIT, f"README.md is {len(readme)} bytes; move detail to docs/"
    setup = readme.decode("utf-8").split("## Set-up: two commands", 1)[1].split("\n## ", 1)[0]
    assert "| `make serve` |" in setup and "| `make test` |" in setup
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()


def test_readme_links_reach_existing_docs() -> None:
    links = re.findall(r"\]\((docs/[^)#]+)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(links) > 10
    assert not [link for link in links if not (ROOT / link).is_file()]


def test_make_docs_runs_the_strict_build() -> None:
    dry = subprocess.run(["make", "-n", "docs"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "mkdocs build --strict --config-file mkdocs-docs.yml" in dry


def test_the_docs_site_builds_strictly_with_every_page(tmp_path: Path) -> None:
    built = build_docs(CONFIG, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    for page in DOCS.rglob("*.md"):
        relative = page.relative_to(DOCS).with_suffix("")
        folder = relative.parent if relative.name in ("index", "README") else relative
        assert (tmp_path / "site" / folder / "index.html").is_file(), page


def test_a_broken_link_fails_the_docs_build(tmp_path: Path) -> None:
    """The strict build is not a formality: a link to a page that is not there stops it."""
    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copy(CONFIG, tmp_path / CONFIG.name)
    guide = tmp_path / "docs/guide/publishing.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nSee [the lost page](lost.md).\n", encoding="utf-8")
    built = build_docs(tmp_path / CONFIG.name, tmp_path / "site")
    assert built.returncode != 0
    assert "lost.md" in built.stderr


def notices_commands() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand of the installed `notices` command, from the parser its entry point builds."""
    (entry,) = entry_points(group="console_scripts", name="notices")
    module = sys.modules[entry.load().__module__]
    parser = module.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


@pytest.mark.parametrize("command", sorted(notices_commands()))
def test_every_command_help_names_an_existing_docs_page(command: str) -> None:
    shown = subprocess.run([str(BIN / "notices"), command, "--help"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"docs/(\S+\.md)", shown)
    assert pages == [HELP_PAGES[command]], shown
    assert (DOCS / pages[0]).is_file()
