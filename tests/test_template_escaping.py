"""Escaping is the templates' job: hostile text in every field stays text in every built page.

Two levels:
- each template of the notices' theme (overrides/), block by block, rendered by
  the theme's own Jinja environment with a hostile value in every variable it
  reads (titles, description, site name, nav titles, feed titles, status
  texts from the catalogs);
- a real ``mkdocs build`` with the same value in every field an author or a
  translator writes (H1 with backslash escapes, nav_title, summary, errata,
  short_notice_reason, site_name), whose every page's ``<head>`` may hold only
  what the templates put there, and whose body holds no element or attribute
  made of the hostile text.
"""

from __future__ import annotations

import functools
import gettext
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import ChainableUndefined
from markupsafe import Markup
from mkdocs.theme import Theme

from conftest import mkdocs, write_config
from htmlq import foreign_in_body, foreign_in_head, tags
from notices.adapters.mkdocs_plugin import own_templates
from notices.markup.fields import html_markup, plain_text
from notices.resources import THEME_DIR

EVIL = '"\'><meta http-equiv="refresh" content="0;url=https://evil.example/"><script>alert(1)</script>'
AS_OF = "2026-12-01"


def test_the_detectors_see_a_break_out() -> None:
    page = f'<html><head><meta name="description" content="x{EVIL}"><title>t</title></head><body><p>x</p></body>'
    found = foreign_in_head(page)
    assert "<meta http-equiv='refresh' content='0;url=https://evil.example/'>" in found
    assert any(f.startswith("<script") for f in found) is False  # an inline script is the theme's shape
    assert foreign_in_body(f'<body><a href="{EVIL}">x</a></body>') != []


# -- each template, with a hostile value in every variable ------------------------------------


class _Hostile(gettext.NullTranslations):
    """A catalog whose every text (status texts, labels, hints) carries the hostile value."""

    def gettext(self, message: str) -> str:
        return EVIL + message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return EVIL + (singular if n == 1 else plural)


@functools.cache
def _env() -> Any:
    env = Theme(name="material", custom_dir=str(THEME_DIR)).get_env()
    env.autoescape = own_templates(THEME_DIR)
    env.undefined = ChainableUndefined
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(_Hostile(), newstyle=False)
    env.filters["url"] = lambda value, *_: str(value)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": str}  # the theme's config script
    return env


def _context(value: str) -> dict[str, Any]:
    """Every text the templates print, holding ``value`` as the plugin hands it (addresses are the site's own)."""
    title = html_markup(value)
    page = SimpleNamespace(
        meta={
            "title": title,
            "description": value,
            "notices": {"index": True, "search_label": value},
        },
        title=title,
        canonical_url="https://example.com/terms/",
        content="<p>body</p>",
        is_homepage=False,
        toc=[],
    )
    config = {
        "site_name": html_markup(value),
        "theme": {"favicon": "assets/favicon.png", "language": "en", "features": [], "icon": {}},
        "extra": {
            "alternate": [{"link": "ja/", "lang": "ja", "name": value}, {"link": "./", "lang": "en", "name": value}]
        },
    }
    return {
        "page": page,
        "config": config,
        "features": [],
        "nav": SimpleNamespace(homepage=SimpleNamespace(url="index.html")),
        "lang": SimpleNamespace(t=lambda key: value + key),
        "notices_record": {"sha256": value, "source": "terms/2030-01-01/terms.md", "command": "sha256sum " + value},
        "notices_feeds": [{"title": value + " (Atom)", "href": "terms/atom.xml"}],
        "notices_search_path": "search/",
    }


TEMPLATES = sorted(p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*.html"))


def test_every_template_of_the_theme_is_autoescaped() -> None:
    escape = own_templates(THEME_DIR)
    assert {"main.html", "404.html", "notices-search.html", "partials/header.html"} <= set(TEMPLATES)
    assert all(escape(name) for name in TEMPLATES)
    assert not escape("base.html")  # the theme's own: its strings are HTML it wrote


def _render(name: str, value: str) -> str:
    """The whole page (or partial) the template makes, with the theme's templates around it."""
    return str(_env().get_template(name).render(_context(value)))


def shape(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """The elements and attribute names of ``html``, in order: what the template itself wrote."""
    parsed = tags(html)
    return [(t, tuple(sorted(a))) for t, a in parsed.head + parsed.body]


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_prints_hostile_values_as_text(name: str) -> None:
    """The page holds the same elements and attributes with a hostile value as with a plain one."""
    hostile = _render(name, EVIL)
    if not _render(name, "plain").strip():
        assert not hostile.strip()  # a partial of macros only (language.html): the templates importing it are checked
        return
    assert shape(hostile) == shape(_render(name, "plain")), hostile
    joined = hostile
    assert "&#39;&gt;&lt;meta http-equiv=&#34;refresh&#34;" in joined  # shown, escaped once
    assert "&amp;#34;" not in joined and "&amp;lt;" not in joined  # and not twice


_QUOTES = st.text(alphabet=st.sampled_from(list("\"'<>&=/ ;ab")), max_size=24)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUOTES)
def test_any_quotes_and_brackets_stay_text_in_every_template(value: str) -> None:
    for name in TEMPLATES:
        assert shape(_render(name, "x" + value)) == shape(_render(name, "plain")), (name, value)


def test_markup_and_plain_text_round_trip() -> None:
    assert plain_text(html_markup(EVIL)) == EVIL
    assert html_markup(html_markup(EVIL)) == html_markup(EVIL)  # never escaped twice
    assert isinstance(html_markup(EVIL), Markup)


# -- a real build with the hostile value in every field ------------------------------------


def _yaml_text(text: str) -> str:
    return yaml.safe_dump(text, width=10_000, allow_unicode=True).removesuffix("\n...\n").strip()


def hostile_content(workdir: Path, source: Path) -> Path:
    """The mini fixture with ``EVIL`` in every text field of the upcoming revision, its notice and its H1."""
    content = workdir / "content"
    shutil.copytree(source, content)
    rev = content / "terms/2030-01-01"
    meta = rev / "revision.yml"
    text = meta.read_text("utf-8").replace("en: We now also collect your email.", "en: " + _yaml_text("We now " + EVIL))
    meta.write_text(text + "short_notice_reason: " + _yaml_text("Law " + EVIL) + "\n", "utf-8")
    notice = content / "terms/notice.yml"
    notice.write_text(notice.read_text("utf-8").replace("  en: Terms", "  en: " + _yaml_text("Terms " + EVIL)), "utf-8")
    page = rev / "en.md"
    heading = '# Terms"\\>\\<meta http-equiv="refresh" content="0;url=https://evil.example/"\\>'
    page.write_text(page.read_text("utf-8").replace("# Terms", heading, 1), "utf-8")
    return content


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import FIXTURES

    workdir = tmp_path_factory.mktemp("hostile-fields")
    content = hostile_content(workdir, FIXTURES / "mini" / "content")
    config = write_config(workdir, content, preview=True)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_name"] = "Example " + EVIL
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs("build", "-f", str(config), as_of=AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site"


@pytest.mark.build
def test_every_built_head_holds_only_what_the_templates_put_there(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert foreign_in_head(html) == [], page
        assert foreign_in_body(html) == [], page
    revision = (hostile_site / "terms/2030-01-01/index.html").read_text(encoding="utf-8")
    description = next(a["content"] for t, a in tags(revision).head if a.get("name") == "description")
    assert '"\\>\\<meta http-equiv="refresh"' in description  # the H1's text, shown as text
    changes = (hostile_site / "terms/2030-01-01/changes/index.html").read_text(encoding="utf-8")
    description = next(a["content"] for t, a in tags(changes).head if a.get("name") == "description")
    assert "We now " + EVIL in description  # the summary, as text
    missing = (hostile_site / "404.html").read_text(encoding="utf-8")
    description = next(a["content"] for t, a in tags(missing).head if a.get("name") == "description")
    assert "Example " + EVIL in description  # the site name, as text
    assert str(html_markup("Terms " + EVIL)) in revision  # the nav title, as text


# -- fuzzing: quotes and angle brackets in every YAML text field, through the renderer and the template ----

_FIELD_TEXT = st.text(alphabet=st.sampled_from(list("\"'<>&=/;: ab\\")), min_size=1, max_size=30).map(
    lambda s: "x" + s  # never empty (an empty field is its own error)
)


def _with_fields(root: Path, nav: str, summary: str, reason: str, what: str, why: str) -> None:
    notice = root / "terms/notice.yml"
    notice.write_text(notice.read_text("utf-8").replace("  en: Terms", "  en: " + _yaml_text(nav)), "utf-8")
    meta = root / "terms/2030-01-01/revision.yml"
    text = meta.read_text("utf-8").replace("en: We now also collect your email.", "en: " + _yaml_text(summary))
    meta.write_text(text + "short_notice_reason: " + _yaml_text(reason) + "\n", "utf-8")
    old = root / "terms/2024-01-01/revision.yml"
    erratum = f"errata:\n  - date: 2026-11-20\n    locale: en\n    what: {_yaml_text(what)}\n"
    erratum += f"    why: {_yaml_text(why)}\n"
    old.write_text(old.read_text("utf-8") + erratum, "utf-8")


def _plain(value: Any) -> Any:
    """The same front matter with every text a plain word: the shape a page must keep."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return "plain" if isinstance(value, str) and value else value


def _page_context(front: dict[str, Any], site_name: str) -> dict[str, Any]:
    context = _context("plain")
    notices = front.get("notices") or {}
    context["page"].meta = {
        "title": html_markup(front["title"]),  # as the plugin hands it to the theme
        "description": front["description"],
        "notices": {**notices, "index": True},
    }
    context["page"].title = context["page"].meta["title"]
    context["config"]["site_name"] = html_markup(site_name)
    return context


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FIELD_TEXT, _FIELD_TEXT, _FIELD_TEXT, _FIELD_TEXT, _FIELD_TEXT)
def test_any_yaml_text_field_stays_text_in_the_head(nav: str, summary: str, reason: str, what: str, why: str) -> None:
    """Whatever a field holds, a page's front matter is data and its <head> has the template's shape only."""
    import tempfile
    from datetime import date

    from conftest import FIXTURES, ROOT
    from notices.content.check import check_content
    from notices.site.messages import UiText
    from notices.site.render import RenderOptions, render_site

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(FIXTURES / "mini" / "content", root)
        _with_fields(root, nav, summary, reason, what, why)
        result = check_content(root, ("en", "ja", "vi", "th"), date(2026, 12, 1))
        if result.errors:
            return  # refused with a message: nothing is built
        site = render_site(
            result.content,
            date(2026, 12, 1),
            lambda loc: UiText.load(ROOT / "locales", loc),
            RenderOptions(preview=True),
        )
    template = _env().get_template("main.html")
    for name, text in site.pages.items():
        if not (name.startswith("en/") and name.endswith(".md") and text.startswith("---\n")):
            continue
        front = yaml.safe_load(text.split("---\n", 2)[1])
        assert isinstance(front["title"], str) and isinstance(front["description"], str)
        html = template.render(_page_context(front, nav))
        plain = template.render(_page_context(_plain(front), "plain"))
        assert shape(html) == shape(plain), (name, front)
