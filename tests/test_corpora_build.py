"""The real corpora, built in their own languages: every page in the page's language, no English UI text.

Each corpus is published in a Git repository, revision by revision, as its README says, and built with
MkDocs. Every page of every non-English language is scanned for the English text of the UI catalog
(the same scan as the catalogs' test), so a string a template or page forgets to translate fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT
from test_catalogs import _Text, _ui_fragments
from test_translation_facts import corpus_locales, scratch_project

pytestmark = pytest.mark.build

CORPORA = sorted(p.name for p in (ROOT / "tests/corpora").iterdir() if (p / "expected.json").is_file())


@pytest.mark.parametrize("name", CORPORA)
def test_a_corpus_builds_with_no_english_ui_text_on_its_other_languages(tmp_path: Path, name: str) -> None:
    project = scratch_project(tmp_path, name)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "notices" in plugin:  # PDFs are made once for the whole suite
            plugin["notices"]["pdf_cache_dir"] = str(ROOT / "build/test-pdf-cache")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    env = {**os.environ, "NOTICES_AS_OF": "2100-01-01", "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    site = project / "site"
    for locale in corpus_locales(name)[1:]:
        # a word the notice itself writes in this language ("Kind" is German for child) is no UI left over
        own = " ".join(p.read_text(encoding="utf-8") for p in (project / "content" / name).glob(f"*/{locale}.md"))
        fragments = {
            f for f in _ui_fragments(locale) if not re.search(r"(?<![A-Za-z])" + re.escape(f) + r"(?![A-Za-z])", own)
        }
        pages = sorted((site / locale).rglob("*.html"))
        assert len(pages) >= 5, (locale, pages)
        for page in pages:
            parser = _Text()
            parser.feed(page.read_text(encoding="utf-8"))
            words = " ".join(" ".join(parser.parts).split())
            found = sorted(f for f in fragments if re.search(r"(?<![A-Za-z])" + re.escape(f) + r"(?![A-Za-z])", words))
            assert found == [], f"{name} {page.relative_to(site)}: English UI text {found}"
