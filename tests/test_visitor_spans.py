"""A visitor knows which text applied when: spans, neighbours, the history table and timeline, comparisons.

On the example site built as of 2026-12-01: privacy 2019-04-01 is superseded,
2023-07-03 is in force, and 2027-01-15 is announced (upcoming).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LOCALES
from htmlq import article, parse

pytestmark = pytest.mark.build

#: The span sentence, English and one other language (the rest: the catalogs' tests).
SPAN = {
    ("en", "2019-04-01"): "In force from April 1, 2019 to July 3, 2023",
    ("en", "2023-07-03"): "In force from July 3, 2023 to January 15, 2027",
    ("en", "2027-01-15"): "Not yet in force: takes effect on January 15, 2027",
    ("ja", "2019-04-01"): "2019年4月1日から2023年7月3日まで施行",
    ("ja", "2023-07-03"): "2023年7月3日から2027年1月15日まで施行",
    ("ja", "2027-01-15"): "未施行：2027年1月15日に施行されます",
}


def html_page(site: Path, locale: str, rel: str) -> Path:
    return site / ("" if locale == "en" else locale) / rel


def span_block(site: Path, locale: str, key: str):  # type: ignore[no-untyped-def]
    rel = f"privacy/{key}/index.html" if key else "privacy/index.html"
    body = article(html_page(site, locale, rel))
    block = body.find("div", class_="notices-span")
    assert block is not None, rel
    return body, block


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    ("key", "dates", "links"),
    [
        ("2019-04-01", ["2019-04-01", "2023-07-03"], ["../2023-07-03/", "../", "compare/"]),
        ("", ["2023-07-03", "2027-01-15"], ["2019-04-01/", "2027-01-15/"]),
        ("2023-07-03", ["2023-07-03", "2027-01-15"], ["../2019-04-01/", "../2027-01-15/"]),
        ("2027-01-15", ["2027-01-15"], ["../2023-07-03/", "../", "compare/"]),
    ],
)
def test_every_version_page_says_its_span_and_links_its_neighbours(
    example_site: Path, locale: str, key: str, dates: list[str], links: list[str]
) -> None:
    body, block = span_block(example_site, locale, key)
    span = block.find("p", class_="notices-span-dates")
    assert span is not None
    assert [t.attrs["datetime"] for t in span.find_all("time")] == dates
    expected = SPAN.get((locale, key or "2023-07-03"))
    if expected is not None:  # the other languages: their catalogs' tests check the wording
        assert " ".join(span.text.split()) == expected
    assert [a.attrs["href"] for a in block.find_all("a")] == links
    # the span comes before the text: it is the first thing under the title
    assert body.find("h1").following(body, "div", class_="notices-span") is block


@pytest.mark.parametrize("locale", LOCALES)
def test_superseded_banner_says_when_and_what_replaced_it_above_the_corrections(
    example_site: Path, locale: str
) -> None:
    body = article(html_page(example_site, locale, "privacy/2019-04-01/index.html"))
    banner = body.find("div", class_="notices-banner--superseded")
    errata = body.find("div", class_="notices-errata")
    assert banner is not None and errata is not None
    assert [t.attrs["datetime"] for t in banner.find_all("time")] == ["2023-07-03"]
    assert [a.attrs["href"] for a in banner.find_all("a")] == ["../2023-07-03/"]
    assert banner.following(body, "div", class_="notices-errata") is errata


@pytest.mark.parametrize("locale", LOCALES)
def test_history_table_lists_ranges_and_pdfs(example_site: Path, locale: str) -> None:
    history = html_page(example_site, locale, "privacy/history/index.html")
    body = article(history)
    table = body.find("div", class_="notices-history-table")
    assert table is not None
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 3  # newest first
    ranges = [[t.attrs["datetime"] for t in row.find_all("td")[2].find_all("time")] for row in rows]
    assert ranges == [["2027-01-15"], ["2023-07-03", "2027-01-15"], ["2019-04-01", "2023-07-03"]]
    published = [row.find_all("td")[1].find("time").attrs["datetime"] for row in rows]
    assert published == ["2026-11-16", "2023-07-03", "2019-04-01"]
    for row, key in zip(rows, ("2027-01-15", "2023-07-03", "2019-04-01"), strict=True):
        pdf = row.find_all("td")[4].find("a").attrs["href"]
        assert pdf.endswith(f"/privacy-{key}-{locale}.pdf")
        assert (history.parent / pdf).resolve().is_file()
        compare = [a.attrs["href"] for a in row.find_all("td")[3].find_all("a") if "compare" in a.attrs["href"]]
        assert compare == ([] if key == "2023-07-03" else [f"../{key}/compare/"])
        for a in row.find_all("a"):
            assert (history.parent / a.attrs["href"]).resolve().exists(), a.attrs["href"]


@pytest.mark.parametrize("locale", LOCALES)
def test_history_timeline_is_a_graphic_screen_readers_skip(example_site: Path, locale: str) -> None:
    history = html_page(example_site, locale, "privacy/history/index.html")
    body = article(history)
    figure = body.find(class_="notices-timeline")
    assert figure is not None
    img = figure.find("img")
    assert img is not None and img.attrs["alt"] == ""  # decorative: the table is its text
    assert figure.following(body, "div", class_="notices-history-table") is not None  # above the table
    svg = parse((history.parent / img.attrs["src"]).resolve())
    bars = svg.find_all("rect")
    assert len(bars) == 3
    assert bars[2].attrs.get("stroke-dasharray")  # the upcoming one is marked
    assert not bars[0].attrs.get("stroke-dasharray") and not bars[1].attrs.get("stroke-dasharray")
    xs = [float(b.attrs["x"]) for b in bars]
    ends = [float(b.attrs["x"]) + float(b.attrs["width"]) for b in bars]
    assert xs == sorted(xs) and abs(ends[0] - xs[1]) < 0.2 and abs(ends[1] - xs[2]) < 0.2  # bars tile time
    today = svg.find("line")
    assert today is not None and xs[1] < float(today.attrs["x1"]) < xs[2]  # 2026-12-01: under the in-force bar
    labels = [t.text for t in svg.find_all("text")]
    dated = article(html_page(example_site, locale, "privacy/index.html")).find("p", class_="notices-effective")
    assert dated.find("time").text in labels  # the page's own date format


def test_comparison_pages_one_per_version_never_every_pair(example_site: Path) -> None:
    pages = sorted(p.parent.parent.name for p in (example_site / "privacy").glob("*/compare/index.html"))
    assert pages == ["2019-04-01", "2027-01-15"]  # not the version in force itself


@pytest.mark.parametrize("locale", LOCALES)
def test_comparison_with_the_version_in_force_shows_the_redline(example_site: Path, locale: str) -> None:
    old = article(html_page(example_site, locale, "privacy/2019-04-01/compare/index.html"))
    compared = old.find("div", class_="notices-compared")
    assert [t.attrs["datetime"] for t in compared.find_all("time")] == ["2019-04-01"]
    assert [a.attrs["href"] for a in compared.find_all("a")] == ["../", "../../"]
    assert old.find("div", class_="notices-redline") is not None
    assert old.find("div", class_="notices-banner--superseded") is not None
    upcoming = article(html_page(example_site, locale, "privacy/2027-01-15/compare/index.html"))
    changes = article(html_page(example_site, locale, "privacy/2027-01-15/changes/index.html"))
    # the version before 2027-01-15 is the one in force: the same diff and redline as its change page
    redline = [r.text for r in upcoming.find_all("div", class_="notices-redline")]
    assert redline and redline == [r.text for r in changes.find_all("div", class_="notices-redline")]
