"""Machine-readable outputs of a real build: versions.json (hashes = the lock) and Atom feeds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import LOCALES, PREFIX
from htmlq import parse
from notices.content.check import check_content
from notices.site.feeds import atom_feed

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://privacy.soralotus.example/"


def test_versions_json_hashes_are_the_published_lock(mini_site: Path) -> None:
    data = json.loads((mini_site / "terms/versions.json").read_text(encoding="utf-8"))
    lock = yaml.safe_load((mini_site.parent / "content/terms/published.lock").read_text(encoding="utf-8"))
    assert [v["effective"] for v in data["versions"]] == ["2020-01-01", "2024-01-01", "2030-01-01"]
    assert (data["in_force"], data["upcoming"]) == ("2024-01-01", ["2030-01-01"])
    for version in data["versions"]:
        for locale in LOCALES:
            entry = version["locales"][locale]
            assert entry["sha256"] == lock[version["effective"]]["files"][f"{locale}.md"]["sha256"]
            assert entry["locked"] is True
            assert entry["url"] == f"{BASE}{PREFIX[locale]}terms/{version['effective']}/"
    assert data["versions"][2]["material"] is True
    assert data["versions"][2]["summary"]["th"] == "เราจะเก็บรวบรวมอีเมลของท่านเพิ่มเติม"
    assert "changes_url" not in data["versions"][0]["locales"]["en"]  # the first revision changes nothing


@pytest.mark.parametrize("locale", LOCALES)
def test_each_language_has_a_feed_of_revisions(mini_site: Path, locale: str) -> None:
    feed = ET.parse(mini_site / PREFIX[locale] / "terms/atom.xml").getroot()
    assert feed.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == locale
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"{BASE}{PREFIX[locale]}terms/{key}/" for key in ("2030-01-01", "2024-01-01", "2020-01-01")
    ]
    assert entries[0].findtext(f"{ATOM}published") == "2029-11-01T00:00:00Z"
    assert entries[0].findtext(f"{ATOM}summary")
    assert feed.findtext(f"{ATOM}updated") == "2029-11-01T00:00:00Z"
    head = parse(mini_site / PREFIX[locale] / "terms/index.html").find("head")
    links = [a for a in head.find_all("link") if a.attrs.get("type") == "application/atom+xml"]
    assert [a.attrs["href"] for a in links] == ["atom.xml"]


def test_feed_escapes_what_the_legal_team_wrote(mini_content: Path) -> None:
    meta = mini_content / "terms/2030-01-01/revision.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("We now", "<script>alert(1)</script> We now"), "utf-8")
    notice = check_content(mini_content, LOCALES, date(2029, 12, 1)).content.notices[0]
    xml = atom_feed(notice, "en", LOCALES, date(2029, 12, 1), BASE, title="Terms & <Co>", entry_title={})
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert ET.fromstring(xml).findtext(f"{ATOM}title") == "Terms & <Co>"


def _built(site: Path, url: str) -> Path:
    """The file of the built site that serves ``url`` (an absolute site URL)."""
    assert url.startswith(BASE), url
    rel = url[len(BASE) :]
    return site / rel / "index.html" if rel.endswith("/") or not rel else site / rel


def test_feeds_and_versions_json_link_to_pages_that_exist(example_site: Path) -> None:
    data = json.loads((example_site / "privacy/versions.json").read_text(encoding="utf-8"))
    changes = [v["locales"][ll].get("changes_url") for v in data["versions"] for ll in LOCALES]
    assert len([c for c in changes if c]) == 2 * len(LOCALES)  # 2023-07-03 and 2027-01-15
    for version in data["versions"]:
        for locale in LOCALES:
            entry = version["locales"][locale]
            for key in ("url", "changes_url"):
                if key in entry:
                    assert _built(example_site, entry[key]).is_file(), entry[key]
    for locale in LOCALES:
        feed = ET.parse(example_site / PREFIX[locale] / "privacy/atom.xml").getroot()
        related = [link.attrib["href"] for link in feed.iter(f"{ATOM}link") if link.attrib.get("rel") == "related"]
        assert len(related) == 2
        for href in related:
            assert href.endswith("/changes/") and _built(example_site, href).is_file(), href
