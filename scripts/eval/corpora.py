"""Load the vendored real corpora (``tests/corpora/``) and diff every consecutive pair.

Shared by ``make eval`` (scripts/eval/run.py) and the invariant tests
(tests/test_corpora.py). Each corpus's notice folder is copied into the
``content/`` folder of a scratch project and loaded as ``notices diff`` loads
it; every pair then goes through :func:`notices.diff.diff_revisions` and
:func:`notices.diff_format.to_json_data`, the code path of
``notices diff --format json``. Publishing is not needed: the diff never reads
the lock.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from notices.check import check_content
from notices.diff import RevisionDiff, diff_revisions
from notices.diff_command import _site_url
from notices.diff_format import to_json_data
from notices.lock import REPAIRED_BY_PUBLISH
from notices.model import Notice

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "tests" / "corpora"
#: After every revision, as the corpora's README says (NOTICES_AS_OF=2100-01-01).
AS_OF = date(2100, 1, 1)
NAMES = ("websites-privacy", "mozilla-privacy-policy", "firefox-lite-privacy", "pocket-privacy")
#: Where each notice is published (its site's address, ``site_url`` of the scratch project's mkdocs.yml).
#: Mozilla publishes the notices of mozilla/legal-docs on www.mozilla.org/privacy/… and Pocket's on getpocket.com.
SITES = {
    "websites-privacy": "https://www.mozilla.org/",
    "mozilla-privacy-policy": "https://www.mozilla.org/",
    "firefox-lite-privacy": "https://www.mozilla.org/",
    "pocket-privacy": "https://getpocket.com/",
}


@dataclass(frozen=True)
class Pair:
    """One consecutive pair of a corpus: the diff, its JSON and the reviewer's reading."""

    corpus: str
    notice: Notice
    diff: RevisionDiff
    data: dict[str, Any]
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.corpus} {self.diff.old}→{self.diff.new}"


def languages(folder: Path) -> tuple[str, ...]:
    """The corpus's languages, English (authoritative) first, as mkdocs.yml would list them."""
    found = {p.stem for p in folder.glob("*/*.md")}
    return ("en", *sorted(found - {"en"}))


def load(name: str, scratch: Path) -> Notice:
    """Copy corpus ``name`` into ``scratch/content`` and load it as ``notices diff`` does.

    The revisions are not published: "published but not locked" (what ``notices
    publish`` would repair) is the only kind of error let through, as the diff does.
    """
    source = CORPORA / name / name
    content = scratch / "content"
    shutil.copytree(source, content / name)
    (scratch / "mkdocs.yml").write_text(f"site_name: {name}\nsite_url: {SITES[name]}\n", encoding="utf-8")
    result = check_content(content, languages(source), AS_OF, base=scratch)
    errors = [f.format() for f in result.errors if f.code not in REPAIRED_BY_PUBLISH]
    notice = result.content.notice(name)
    if errors or notice is None:
        raise RuntimeError(f"{name}: does not load:\n" + "\n".join(errors))
    return notice


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPORA / name / "expected.json").read_text(encoding="utf-8"))
    return data


def pairs(name: str, scratch: Path) -> Iterator[Pair]:
    """Every consecutive pair of revisions, in date order, with its expected reading."""
    notice = load(name, scratch)
    site_url = _site_url(
        argparse.Namespace(site_url=None, content=str(scratch / "content"))
    )  # as notices diff reads it
    reading = {(p["old"], p["new"]): p for p in expected(name)["pairs"]}
    revisions = [r for r in notice.revisions if not r.draft]
    for old, new in itertools.pairwise(revisions):
        diff = diff_revisions(notice, old, new, site_url=site_url)
        yield Pair(name, notice, diff, to_json_data(diff), reading.get((old.key, new.key), {}))


def all_pairs() -> list[Pair]:
    """Every pair of the four corpora (loaded from a scratch folder that is removed again)."""
    out: list[Pair] = []
    with tempfile.TemporaryDirectory(prefix="notices-eval-") as tmp:
        for name in NAMES:
            out.extend(pairs(name, Path(tmp) / name))
    return out
