"""``notices init``: a new project that checks, builds and serves at once.

It writes only the team's own files (mkdocs.yml, content/, a README, a
workflow); the templates and UI catalogs come from the installed package.
Languages without a shipped template start from the authoritative text and
languages without a shipped catalog get an untranslated one to fill in, so
the first build names exactly what is left to translate.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import yaml
from babel import UnknownLocaleError
from babel.messages.pofile import read_po, write_po

from ..content.dates import time_zone
from ..resources import LOCALES_DIR, PACKAGE_DIR, SOURCE_LOCALE, catalog_file, notices_version
from ..site.messages import babel_locale

TEMPLATES = PACKAGE_DIR / "templates"
NOTICE = "privacy"
#: Sections of the starter notice and the topic each covers (notice.yml ``topics``).
TOPICS = {
    "who-we-are": "controller",
    "information-we-collect": "data-categories",
    "purposes-of-use": "purposes",
    "sharing": "recipients",
    "cross-border-transfer": "transfers",
    "retention": "retention",
    "security-measures": "security",
    "your-rights": "rights",
    "contact": "contact",
}


class InitError(Exception):
    """A refusal with the reason (the folder is not empty, a language is unknown...)."""


@dataclass(frozen=True)
class ProjectSpec:
    """What ``notices init`` asks for."""

    folder: Path
    organisation: str
    site_url: str = ""
    languages: tuple[str, ...] = ("en",)
    authoritative: str = "en"
    timezone: str = "UTC"
    notice_period_days: int = 30
    first_effective: date | None = None
    notes: list[str] = field(default_factory=list, compare=False)


def language_name(code: str) -> str:
    """A language's own name, as its speakers write it in a menu.

    >>> [language_name(x) for x in ("en", "ja", "vi", "th", "fr")]
    ['English', '日本語', 'Tiếng Việt', 'ไทย', 'Français']
    """
    name = babel_locale(code).get_display_name(babel_locale(code)) or code
    return name[:1].upper() + name[1:]


def check_spec(spec: ProjectSpec) -> None:
    """Refuse what would give a project that does not build, with the reason."""
    if spec.folder.exists() and (not spec.folder.is_dir() or any(spec.folder.iterdir())):
        raise InitError(f"{spec.folder} already exists and is not empty; choose a new folder")
    if not spec.organisation.strip():
        raise InitError("the organisation name is empty")
    if not spec.languages:
        raise InitError("name at least one language, e.g. --languages en,ja")
    for code in spec.languages:
        try:
            babel_locale(code)
        except (UnknownLocaleError, ValueError):
            raise InitError(f"'{code}' is not a language code; use codes such as en, ja, vi, th, fr") from None
    if len(set(spec.languages)) != len(spec.languages):
        raise InitError("a language is listed twice")
    if spec.authoritative not in spec.languages:
        raise InitError(f"the authoritative language '{spec.authoritative}' is not one of {', '.join(spec.languages)}")
    if spec.site_url and not spec.site_url.startswith(("https://", "http://")):
        raise InitError(f"the site address '{spec.site_url}' must start with https://")
    time_zone(spec.timezone)  # TimeZoneError says what to write


def daily_cron(timezone: str, year: int) -> list[tuple[str, str]]:
    """Cron lines (in UTC, as GitHub runs them) for 00:05 in ``timezone``, one per UTC offset in ``year``.

    >>> daily_cron("Asia/Tokyo", 2027)
    [('5 15 * * *', '00:05 in Asia/Tokyo (UTC+09:00)')]
    >>> daily_cron("Europe/Paris", 2027)
    [('5 23 * * *', '00:05 in Europe/Paris (UTC+01:00)'), ('5 22 * * *', '00:05 in Europe/Paris (UTC+02:00)')]
    """
    zone = time_zone(timezone)
    lines: list[tuple[str, str]] = []
    day = date(year, 1, 1)
    while day.year == year:
        local = datetime(day.year, day.month, day.day, 0, 5, tzinfo=zone)
        utc = local.astimezone(UTC)
        offset = local.strftime("%z")
        line = (f"{utc.minute} {utc.hour} * * *", f"00:05 in {timezone} (UTC{offset[:3]}:{offset[3:]})")
        if line not in lines:
            lines.append(line)
        day += timedelta(days=1)
    return lines


def workflow(timezone: str, install: str, year: int | None = None) -> str:
    """The GitHub Actions workflow: check, build with --strict, deploy to Pages, rebuild daily."""
    year = year or date.today().year
    cron = "\n".join(f'    - cron: "{expr}"  # {why}' for expr, why in daily_cron(timezone, year))
    text = (TEMPLATES / "workflow.yml").read_text(encoding="utf-8")
    return text.replace("{timezone}", timezone).replace("{cron}", cron).replace("{install}", install)


@dataclass(frozen=True)
class Source:
    """Where the running notices was installed from, as requirements.txt names it."""

    line: str  #: the requirement, e.g. ``notices @ git+https://...@<commit>``
    origin: str  #: what it is, for the comment above it
    local: bool = False  #: a file or folder of this computer: CI and other computers cannot reach it


def installed_source() -> Source:
    """The source of this very notices, from PEP 610's ``direct_url.json`` of its installation."""
    try:
        dist = metadata.distribution("notices")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        return Source("notices", "a package index")
    return source_of(dist.read_text("direct_url.json"), dist.version)


def source_of(direct_url: str | None, version: str) -> Source:
    """A Git checkout gives its commit, a wheel or sdist its address and SHA-256 (pip checks it),
    a folder its path; no ``direct_url.json`` means a package index, and its version.

    >>> source_of(None, "0.1.0").line
    'notices==0.1.0'
    >>> git = '{"url": "https://github.com/acme/notices", "vcs_info": {"vcs": "git", "commit_id": "4f2a"}}'
    >>> source_of(git, "0.1.0").line
    'notices @ git+https://github.com/acme/notices@4f2a'
    >>> wheel = '{"url": "file:///srv/notices-0.1.0-py3-none-any.whl", "archive_info": {"hashes": {"sha256": "9e1c"}}}'
    >>> source_of(wheel, "0.1.0").line, source_of(wheel, "0.1.0").local
    ('notices @ file:///srv/notices-0.1.0-py3-none-any.whl#sha256=9e1c', True)
    >>> source_of('{"url": "file:///home/me/notices", "dir_info": {"editable": true}}', "0.1.0").origin
    'the folder /home/me/notices'
    """
    if not direct_url:
        return Source(f"notices=={version}", f"version {version} from a package index")
    info = json.loads(direct_url)
    url = str(info["url"])
    local = url.startswith("file:")
    where = url2pathname(urlsplit(url).path) if local else url
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        commit = vcs.get("commit_id", "")
        return Source(
            f"notices @ {vcs.get('vcs', 'git')}+{url}{'@' + commit if commit else ''}",
            f"the Git repository {where}",
            local,
        )
    if "archive_info" in info:
        archive = info["archive_info"]
        sha256 = (archive.get("hashes") or {}).get("sha256") or archive.get("hash", "").removeprefix("sha256=")
        return Source(f"notices @ {url}{'#sha256=' + sha256 if sha256 else ''}", f"the file {where}", local)
    return Source(f"notices @ {url}", f"the folder {where}", local)


def requirements_txt(source: Source, version: str) -> str:
    """requirements.txt: the source of notices, and how to name another one."""
    return (
        f"# How the workflow and every computer install notices (README.md, Set-up): from {source.origin}.\n"
        "# To change it, replace the last line with where your team gets notices, for example:\n"
        f"#   notices @ git+https://github.com/your-org/notices@v{version}   (a tag of your Git repository)\n"
        f"#   notices @ https://files.example.com/notices-{version}-py3-none-any.whl   (a wheel on a web server)\n"
        f"#   notices=={version}   (a package index)\n"
        f"{source.line}\n"
    )


def mkdocs_yml(spec: ProjectSpec) -> str:
    """The project's mkdocs.yml; the languages are listed once, in the i18n plugin."""
    ordered = [spec.authoritative] + [ll for ll in spec.languages if ll != spec.authoritative]
    languages = [
        {"locale": ll, "name": language_name(ll), **({"default": True} if i == 0 else {}), "build": True}
        for i, ll in enumerate(ordered)
    ]
    config = {
        "site_name": spec.organisation,
        "site_url": spec.site_url or None,
        "copyright": f"© {spec.organisation}",
        "docs_dir": "content",
        "site_dir": "site",
        "theme": {
            "name": "material",
            "language": spec.authoritative,
            "font": False,
            "features": ["navigation.sections", "navigation.top", "toc.follow"],
            "palette": {"primary": "teal", "accent": "teal"},
        },
        "extra": {"generator": False},
        "markdown_extensions": [
            {"toc": {"permalink": True}},
            "attr_list",
            "md_in_html",
            "tables",
            "admonition",
            "pymdownx.critic",
            "pymdownx.magiclink",
            "notices.markup.breaks",
            "notices.markup.sanitize",
        ],
        "plugins": [
            {"notices": {"content_dir": "content", "timezone": spec.timezone}},
            {
                "i18n": {
                    "docs_structure": "folder",
                    "fallback_to_default": False,
                    "reconfigure_material": True,
                    "languages": languages,
                }
            },
        ],
    }
    head = (
        f"# {spec.organisation}'s notices, written by `notices init`. The text is in content/;\n"
        "# see README.md. The site's languages are listed once, under i18n below; a revision\n"
        f"# takes effect at midnight in {spec.timezone} (timezone). font: false and\n"
        "# generator: false keep visitors' browsers from contacting other sites.\n"
    )
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return head + text.replace(
        "site_url: null\n", "site_url: ''  # the address visitors use, e.g. https://privacy.example.com/\n"
    )


def _notice_text(locale: str, spec: ProjectSpec) -> str:
    source = TEMPLATES / NOTICE / f"{locale}.md"
    if not source.is_file():
        source = TEMPLATES / NOTICE / f"{spec.authoritative}.md"
        if not source.is_file():
            source = TEMPLATES / NOTICE / f"{SOURCE_LOCALE}.md"
        spec.notes.append(f"content/{NOTICE}/*/{locale}.md starts as the {source.stem} text: translate it")
    text = source.read_text(encoding="utf-8")
    return text.replace("{org}", spec.organisation.strip()).replace("{days}", str(spec.notice_period_days))


def write_catalog(locale: str, target: Path, project: str) -> Path:
    """An untranslated catalog, with every entry, for a language notices has no UI text for; ``notices
    check`` counts what is left to fill in."""
    with (LOCALES_DIR / "messages.pot").open("rb") as fh:
        catalog = read_po(fh)
    catalog.locale = babel_locale(locale)  # its Plural-Forms: as many forms to write as the language has
    for message in catalog:
        if message.pluralizable:
            message.string = ("",) * catalog.num_plurals
    catalog.project = project
    path = catalog_file(target, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    return path


def _catalog(locale: str, target: Path, spec: ProjectSpec) -> None:
    path = write_catalog(locale, target, spec.organisation)
    spec.notes.append(f"{path.relative_to(target.parent)} has no translations yet: translate every msgstr")


def create_project(spec: ProjectSpec, today: date) -> Path:
    """Write the project into ``spec.folder`` (assembled beside it, then renamed into place)."""
    check_spec(spec)
    first = spec.first_effective or today + timedelta(days=spec.notice_period_days)
    folder = spec.folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    source = installed_source()
    if source.local:
        spec.notes.append(
            f"requirements.txt installs notices from {source.origin}, on this computer: before you push,"
            " name a source GitHub can reach (see the comment in it)"
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        files: dict[str, str] = {
            "mkdocs.yml": mkdocs_yml(spec),
            ".gitignore": (TEMPLATES / "gitignore").read_text(encoding="utf-8"),
            "requirements.txt": requirements_txt(source, notices_version()),
            ".github/workflows/notices.yml": workflow(spec.timezone, "pip install -r requirements.txt", today.year),
            f"content/{NOTICE}/notice.yml": (
                f"# The privacy notice. {language_name(spec.authoritative)} prevails over the translations.\n"
                + f"authoritative: {spec.authoritative}\n"
                + f"notice_period_days: {spec.notice_period_days}\n"
                + "order: 1\n"
                + "# What each section is about: a real change to purposes, recipients, transfers,\n"
                + "# the controller or rights is flagged as likely material.\n"
                + "topics:\n"
                + "".join(f"  {sid}: {topic}\n" for sid, topic in TOPICS.items())
            ),
            f"content/{NOTICE}/{first.isoformat()}/revision.yml": (
                "# The first revision, a draft to fill in. When it is ready: set the dates, delete\n"
                + f"# 'draft: true' and run `notices publish {NOTICE} <effective date>`.\n"
                + f"effective: {first.isoformat()}\n"
                + f"published: {first.isoformat()}\n"
                + "material: false\n"
                + "draft: true\n"
            ),
        }
        for locale in spec.languages:
            files[f"content/{NOTICE}/{first.isoformat()}/{locale}.md"] = _notice_text(locale, spec)
        names = ", ".join(language_name(ll) for ll in spec.languages)
        readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
        for key, value in {
            "{org}": spec.organisation.strip(),
            "{language_names}": names,
            "{authoritative_name}": language_name(spec.authoritative),
            "{first}": first.isoformat(),
            "{timezone}": spec.timezone,
        }.items():
            readme = readme.replace(key, value)
        files["README.md"] = readme.replace("{{#id}}", "{#id}")
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for locale in spec.languages:
            if locale != SOURCE_LOCALE and not catalog_file(LOCALES_DIR, locale).is_file():
                _catalog(locale, staging / "locales", spec)
        if folder.exists():
            folder.rmdir()  # empty (checked above)
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder
