"""`notices init`: a new project that checks, builds and serves with nothing copied from this repository."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.request
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from conftest import BIN, EXAMPLE_AS_OF, ROOT
from notices.adapters.new_project import ProjectSpec, create_project, daily_cron, workflow
from notices.commands import make_or, make_targets

FIFTH = Path(__file__).parent / "fixtures" / "fifth-language"
#: What `notices init` writes, and nothing else.
PROJECT_FILES = {
    ".github/workflows/notices.yml",
    ".gitignore",
    "README.md",
    "mkdocs.yml",
    "requirements.txt",
    "content/privacy/notice.yml",
}


def run(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full.pop("NOTICES_AS_OF", None) if env is None or "NOTICES_AS_OF" not in env else None
    return subprocess.run(
        argv,
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        stdin=subprocess.DEVNULL,
        **kw,
    )  # type: ignore[call-overload]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def project_files(project: Path) -> set[str]:
    ignored = {"site", "build", ".venv"}
    return {
        p.relative_to(project).as_posix()
        for p in project.rglob("*")
        if p.is_file() and p.relative_to(project).parts[0] not in ignored
    }


def workflow_step(project: Path, name: str) -> str:
    """The shell command of the workflow step called ``name``, as GitHub Actions would run it."""
    data = yaml.safe_load((project / ".github/workflows/notices.yml").read_text(encoding="utf-8"))
    for step in data["jobs"]["build"]["steps"]:
        if step.get("name") == name:
            return str(step["run"])
    raise AssertionError(f"no step {name!r}")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel `python -m build` makes of a copy of this repository (the wheel from the sdist)."""
    work = tmp_path_factory.mktemp("dist")
    source = work / "notices-src"
    anywhere = shutil.ignore_patterns(".venv*", ".git", "node_modules", "*.egg-info", "test-artifacts")

    def skip(folder: str, names: list[str]) -> set[str]:
        # the project's own build/ and site/ outputs, not the packages notices.build and notices.site
        top = {"build", "site"} & set(names) if Path(folder) == ROOT else set()
        return set(anywhere(folder, names)) | top

    shutil.copytree(ROOT, source, symlinks=True, ignore=skip)
    result = run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)], cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "dist"


@pytest.fixture(scope="module")
def fresh_install(dist: Path) -> Path:
    """A new virtualenv with a plain `pip install` of the wheel, as a team installs a release."""
    venv = dist.parent / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    (wheel,) = dist.glob("notices-*.whl")
    result = run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=dist)
    assert result.returncode == 0, result.stderr
    return venv / "bin"


@pytest.mark.build
def test_the_sdist_and_wheel_carry_the_templates_catalogs_and_theme(dist: Path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    (wheel,) = dist.glob("notices-*.whl")
    (sdist,) = dist.glob("notices-*.tar.gz")
    assert wheel.name == f"notices-{version}-py3-none-any.whl" and sdist.name == f"notices-{version}.tar.gz"
    wanted = [
        "templates/README.md",
        "templates/workflow.yml",
        "templates/privacy/th.md",
        "locales/messages.pot",
        *[
            f"locales/{ll}/LC_MESSAGES/messages.po"
            for ll in ("ja", "vi", "th", "ko", "zh_Hans", "zh_Hant", "id", "hi", "fr", "de", "es", "ar")
        ],
        "overrides/main.html",
        "overrides/partials/header.html",
        "overrides/partials/language.html",
        "overrides/assets/stylesheets/notices.css",
        "overrides/assets/javascripts/notices-search.js",
        "py.typed",
    ]
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    with tarfile.open(sdist) as tar:
        in_sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    assert [f for f in wanted if f"notices/{f}" not in in_wheel] == []
    assert [f for f in wanted if f"scripts/notices/{f}" not in in_sdist] == []
    assert {"pyproject.toml", "README.md"} <= in_sdist


@pytest.mark.build
def test_a_project_made_from_the_wheel_sets_up_on_the_next_computer(
    fresh_install: Path, dist: Path, tmp_path: Path
) -> None:
    """`notices init` from the installed wheel; then, as on another computer, the generated README's set-up
    in a second virtualenv from the project's requirements.txt, and the workflow's check and build there."""
    env = {"PATH": f"{fresh_install}{os.pathsep}{os.environ['PATH']}"}
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert run(["notices", "--version"], cwd=tmp_path, env=env).stdout == f"notices {version}\n"
    created = run(
        ["notices", "init", "acme", "--languages", "en,th", "--timezone", "Asia/Bangkok"], cwd=tmp_path, env=env
    )
    assert created.returncode == 0, created.stderr
    project = tmp_path / "acme"
    (wheel,) = dist.glob("notices-*.whl")
    requirements = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    sha256 = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert requirements[-1] == f"notices @ {wheel.as_uri()}#sha256={sha256}"  # where it came from, checked by pip
    assert all(line.startswith("#") for line in requirements[:-1]) and f"notices=={version}" in requirements[-2]
    assert f"installs notices from the file {wheel}, on this computer" in created.stderr  # CI cannot reach it

    # The README's steps 3 of "Your first revision": remove the draft flag and publish (on its effective date).
    (revision,) = (project / "content/privacy").glob("2*/revision.yml")
    revision.write_text(revision.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("```\n")[1]  # the first code block, run as written
    assert "pip install -r requirements.txt" in setup and "source .venv/bin/activate" in setup
    script = "\n".join(
        [
            setup,
            f"notices publish privacy {revision.parent.name}",
            workflow_step(project, "Check the notices"),
            workflow_step(project, "Build the site"),
        ]
    )
    # The next computer has Python, not the first virtualenv.
    bare = {"PATH": os.pathsep.join([str(Path(sys.base_prefix) / "bin"), "/usr/bin", "/bin"])}
    result = run(["bash", "-ec", script], cwd=project, env={**bare, "NOTICES_AS_OF": revision.parent.name})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / ".venv/bin/notices").is_file()
    page = (project / "site/th/privacy/index.html").read_text(encoding="utf-8")
    assert "ประกาศความเป็นส่วนตัว" in page


@pytest.mark.build
def test_init_check_build_and_serve_in_a_fresh_virtualenv(fresh_install: Path, tmp_path: Path) -> None:
    env = {"PATH": f"{fresh_install}{os.pathsep}{os.environ['PATH']}"}
    created = run(["notices", "init", "acme"], cwd=tmp_path, env=env)
    assert created.returncode == 0, created.stderr
    assert "notices check" in created.stderr and "Traceback" not in created.stderr
    project = tmp_path / "acme"
    written = project_files(project)
    assert not {f for f in written if f.startswith(("overrides/", "locales/"))}, written
    revisions = {f for f in written if f.startswith("content/privacy/2")}
    assert written - revisions == PROJECT_FILES
    assert {Path(f).name for f in revisions} == {"revision.yml", "en.md", "ja.md", "vi.md", "th.md"}
    # nothing in the project is a copy of the example project's files (the package's own templates aside)
    example = [ROOT / "mkdocs.yml", ROOT / "README.md", ROOT / ".gitignore"]
    for folder in ("content", "overrides", "locales", ".github"):
        example += [p for p in (ROOT / folder).rglob("*") if p.is_file()]
    ours = {p.read_bytes() for p in example}
    assert not [f for f in written if (project / f).read_bytes() in ours]

    check = run(["notices", "check"], cwd=project, env=env)
    assert check.returncode == 0, check.stderr
    assert "0 error(s)" in check.stderr
    built = run(["mkdocs", "build"], cwd=project, env=env)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    for prefix in ("", "ja/", "vi/", "th/"):
        assert (site / prefix / "index.html").is_file()
    assert (site / "assets/stylesheets/notices.css").is_file()  # the packaged overrides are used
    assert '<html lang="th"' in (site / "th/index.html").read_text(encoding="utf-8")

    # The draft, as the team previews it, in every language, with the organisation's name.
    preview = run(["mkdocs", "build", "-d", "preview"], cwd=project, env={**env, "NOTICES_PREVIEW": "1"})
    assert preview.returncode == 0, preview.stderr
    expected = {
        "": "Acme",
        "ja/": "プライバシーポリシー",
        "vi/": "Chính sách quyền riêng tư",
        "th/": "ประกาศความเป็นส่วนตัว",
    }
    for prefix, text in expected.items():
        page = (project / "preview" / prefix / "privacy/index.html").read_text(encoding="utf-8")
        assert text in page and "Acme" in page

    port = free_port()
    server = subprocess.Popen(
        ["mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, **env, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        pages = {}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(pages) < 2:
            for path in ("/", "/th/"):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                        pages[path] = response.read().decode("utf-8")
                except OSError:
                    time.sleep(0.5)
        assert set(pages) == {"/", "/th/"}, "mkdocs serve did not answer"
        assert '<html lang="th"' in pages["/th/"]
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.build
def test_the_workflow_commands_publish_the_first_revision(fresh_install: Path, tmp_path: Path) -> None:
    """Fill in the draft as the README says, then run the workflow's own check and build steps."""
    # A new folder, not a git clone as in CI: its history cannot be verified, so the workflow's strict steps
    # would rightly fail; the explicit way out says the folder is not a clone on purpose.
    env = {"PATH": f"{fresh_install}{os.pathsep}{os.environ['PATH']}", "NOTICES_ALLOW_UNVERIFIED": "1"}
    assert run(["notices", "init", "acme", "--timezone", "Asia/Bangkok"], cwd=tmp_path, env=env).returncode == 0
    project = tmp_path / "acme"
    (revision,) = (project / "content/privacy").glob("2*/revision.yml")
    revision.write_text(revision.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    env["NOTICES_AS_OF"] = revision.parent.name  # the day it takes effect
    published = run(["notices", "publish", "privacy", revision.parent.name], cwd=project, env=env)
    assert published.returncode == 0, published.stderr
    for step in ("Check the notices", "Build the site"):
        result = run(["bash", "-ec", workflow_step(project, step)], cwd=project, env=env)
        assert result.returncode == 0, f"{step}: {result.stderr}"
    page = (project / "site/th/privacy/index.html").read_text(encoding="utf-8")
    assert "ประกาศความเป็นส่วนตัว" in page
    data = yaml.safe_load((project / ".github/workflows/notices.yml").read_text(encoding="utf-8"))
    schedule = data[True]["schedule"]  # YAML 1.1 reads the key `on` as true
    assert schedule == [{"cron": "5 17 * * *"}]  # 00:05 in Bangkok (UTC+7) is 17:05 UTC the day before


def test_a_fifth_language_builds_with_its_catalog_and_dates(tmp_path: Path) -> None:
    """A language notices ships no catalog for (Portuguese): init writes one to fill in."""
    created = run(
        [str(BIN / "notices"), "init", "acme", "--languages", "en,ja,vi,th,pt", "--timezone", "Europe/Paris"],
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    project = tmp_path / "acme"
    catalog = project / "locales/pt/LC_MESSAGES/messages.po"
    assert "locales/pt/LC_MESSAGES/messages.po has no translations yet" in created.stderr
    # The untranslated catalog stops the check and the build alike, in one message naming the file to fill in.
    env = {"NOTICES_PREVIEW": "1"}
    failed = run([str(BIN / "mkdocs"), "build"], cwd=project, env=env)
    checked = run([str(BIN / "notices"), "check"], cwd=project, env=env)
    assert failed.returncode == 1 and checked.returncode == 1
    total = len([m for m in read_po((ROOT / "locales/messages.pot").open("rb")) if m.id])
    message = f"locales/pt/LC_MESSAGES/messages.po:1:1: error: {total} of {total} UI strings have no pt translation"
    assert message in failed.stderr and message in checked.stderr
    assert failed.stderr.count("no pt translation") == 1, failed.stderr
    shutil.copyfile(FIFTH / "pt.po", catalog)  # the team translates it
    (revision,) = (project / "content/privacy").glob("2*/revision.yml")
    text = revision.read_text(encoding="utf-8").replace(revision.parent.name, "2027-07-14")
    revision.write_text(text, encoding="utf-8")
    revision.parent.rename(revision.parent.with_name("2027-07-14"))
    built = run([str(BIN / "mkdocs"), "build"], cwd=project, env=env)
    assert built.returncode == 0, built.stderr
    page = (project / "site/pt/privacy/index.html").read_text(encoding="utf-8")
    assert '<html lang="pt"' in page
    assert 'Data de entrada em vigor: <time datetime="2027-07-14">14 de julho de 2027</time>' in page
    assert "Effective date" not in page
    nav = (project / "site/pt/index.html").read_text(encoding="utf-8")
    assert "Português" in nav


def test_init_refuses_a_folder_in_use_and_bad_settings(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/notes.txt").write_text("ours", encoding="utf-8")
    cases = {
        ("taken",): "taken already exists and is not empty",
        ("new", "--timezone", "Asia/Tokio"): "'Asia/Tokio' is not a time zone; did you mean 'Asia/Tokyo'?",
        ("new", "--languages", "en,xx-nope"): "'xx-nope' is not a language code",
        (
            "new",
            "--languages",
            "en,ja",
            "--authoritative",
            "th",
        ): "the authoritative language 'th' is not one of en, ja",
    }
    for args, message in cases.items():
        result = run([str(BIN / "notices"), "init", *args], cwd=tmp_path)
        assert result.returncode == 1, args
        assert message in result.stderr and "nothing was written" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "new").exists()
    assert (tmp_path / "taken/notes.txt").read_text(encoding="utf-8") == "ours"


def test_daily_rebuild_runs_just_after_midnight_in_the_notices_time_zone() -> None:
    assert daily_cron("Asia/Tokyo", 2027) == [("5 15 * * *", "00:05 in Asia/Tokyo (UTC+09:00)")]
    assert daily_cron("Asia/Kolkata", 2027) == [("35 18 * * *", "00:05 in Asia/Kolkata (UTC+05:30)")]
    assert [c for c, _ in daily_cron("America/New_York", 2027)] == ["5 5 * * *", "5 4 * * *"]  # EST, EDT


def test_this_repository_deploys_with_the_same_workflow() -> None:
    """The example site is one such project: its workflow is what `notices init` writes for Asia/Tokyo."""
    ours = (ROOT / ".github/workflows/notices.yml").read_text(encoding="utf-8")
    locked = "pip install --require-hashes -r requirements/base.lock.txt && pip install --no-deps ."  # the lock
    assert ours == workflow("Asia/Tokyo", locked, 2027)
    assert "timezone: Asia/Tokyo" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.build
def test_this_repository_workflow_commands_build_the_example(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copyfile(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    env = {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NOTICES_AS_OF": EXAMPLE_AS_OF}
    env["NOTICES_ALLOW_UNVERIFIED"] = "1"  # a copy, not a clone: the strict steps would rightly fail
    for step in ("Check the notices", "Build the site"):
        result = run(["bash", "-ec", workflow_step(tmp_path, step)], cwd=tmp_path, env=env)
        assert result.returncode == 0, f"{step}: {result.stderr}"
    assert (tmp_path / "site/th/privacy/2027-01-15/index.html").is_file()


def test_the_example_config_matches_what_init_writes(tmp_path: Path) -> None:
    """Theme, Markdown extensions and plugins of mkdocs.yml stay as `notices init` writes them."""
    spec = ProjectSpec(tmp_path / "x", "Sora Lotus Travel", languages=("en", "ja", "vi", "th"), timezone="Asia/Tokyo")
    created = yaml.safe_load((create_project(spec, date(2026, 12, 1)) / "mkdocs.yml").read_text(encoding="utf-8"))
    example = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert created["markdown_extensions"] == example["markdown_extensions"]
    assert {k: v for k, v in created["theme"].items()} == example["theme"]
    names = lambda config: [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]  # noqa: E731
    assert names(created) == names(example)
    i18n = lambda config: next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)  # noqa: E731
    # The example also names its company in each language's footer (copyright:); init writes the name once.
    example_i18n = i18n(example)
    example_i18n["languages"] = [{k: v for k, v in ll.items() if k != "copyright"} for ll in example_i18n["languages"]]
    assert i18n(created) == example_i18n


def test_first_revision_is_a_future_draft(tmp_path: Path) -> None:
    spec = ProjectSpec(tmp_path / "x", "Acme", languages=("en", "ja"), timezone="UTC")
    project = create_project(spec, date(2026, 12, 1))
    (revision,) = (project / "content/privacy").glob("2*/revision.yml")
    assert revision.parent.name == (date(2026, 12, 1) + timedelta(days=30)).isoformat()
    assert "draft: true" in revision.read_text(encoding="utf-8")


def test_init_asks_in_a_terminal_and_asks_again_after_a_mistake(tmp_path: Path) -> None:
    main, terminal = os.openpty()
    answers = "Acme Trading\nhttps://privacy.acme.example/\nen,ja\nAsia/Tokio\nAsia/Tokyo\nja\n"
    os.write(main, answers.encode())
    try:
        result = subprocess.run(
            [str(BIN / "notices"), "init", "acme"],
            cwd=tmp_path,
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(main)
    assert result.returncode == 0, result.stderr
    assert "'Asia/Tokio' is not a time zone; did you mean 'Asia/Tokyo'?" in result.stderr
    config = yaml.safe_load((tmp_path / "acme/mkdocs.yml").read_text(encoding="utf-8"))
    assert (config["site_name"], config["site_url"]) == ("Acme Trading", "https://privacy.acme.example/")
    assert config["plugins"][0]["notices"]["timezone"] == "Asia/Tokyo"
    assert [lang["locale"] for lang in config["plugins"][1]["i18n"]["languages"]] == ["ja", "en"]
    assert "authoritative: ja\n" in (tmp_path / "acme/content/privacy/notice.yml").read_text(encoding="utf-8")


def test_a_project_catalog_rewords_one_language_and_the_others_stay_packaged(tmp_path: Path) -> None:
    spec = ProjectSpec(tmp_path / "acme", "Acme", languages=("en", "ja", "th"), timezone="Asia/Tokyo")
    project = create_project(spec, date(2026, 12, 1))
    own = project / "locales/ja/LC_MESSAGES/messages.po"
    own.parent.mkdir(parents=True)
    packaged = (ROOT / "locales/ja/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert 'msgstr "施行日：%(date)s"' in packaged
    own.write_text(packaged.replace('msgstr "施行日：%(date)s"', 'msgstr "効力発生日：%(date)s"'), encoding="utf-8")
    built = run([str(BIN / "mkdocs"), "build"], cwd=project, env={"NOTICES_PREVIEW": "1"})
    assert built.returncode == 0, built.stderr
    ja = (project / "site/ja/privacy/index.html").read_text(encoding="utf-8")
    th = (project / "site/th/privacy/index.html").read_text(encoding="utf-8")
    assert "効力発生日：<time" in ja and "施行日" not in ja
    assert "วันที่มีผลใช้บังคับ" in th  # the packaged Thai catalog


def test_no_hint_in_a_project_without_a_makefile_names_make(tmp_path: Path) -> None:
    """A project made by `notices init` has no Makefile: its hints name `notices` commands that work there."""
    assert run([str(BIN / "notices"), "init", "acme", "--languages", "en,pt", "-y"], cwd=tmp_path).returncode == 0
    project = tmp_path / "acme"
    assert not (project / "Makefile").exists()
    catalog = project / "locales/pt/LC_MESSAGES/messages.po"
    # The team translated it; then a newer notices brought a string its catalog does not have yet.
    with (FIFTH / "pt.po").open("rb") as fh:
        translated = read_po(fh, locale="pt")
    new = "Effective date: %(date)s"
    del translated[new]
    with catalog.open("wb") as fh:
        write_po(fh, translated)
    failed = run([str(BIN / "mkdocs"), "build"], cwd=project, env={"NOTICES_PREVIEW": "1"})
    assert failed.returncode == 1
    total = len([m for m in read_po((ROOT / "locales/messages.pot").open("rb")) if m.id])
    assert f"messages.po:1:1: error: 1 of {total} UI strings have no pt translation" in failed.stderr
    (hint,) = [line for line in failed.stderr.splitlines() if line.startswith("  hint:") and "new entry" in line]
    assert hint.startswith("  hint: run `notices update-catalogs` to add the 1 new entry to this file"), hint
    assert "make" not in hint.split()
    # The hint's command works there: the entry is back, to translate.
    updated = run([str(BIN / "notices"), "update-catalogs"], cwd=project)
    assert updated.returncode == 0, updated.stderr
    assert "locales/pt/LC_MESSAGES/messages.po: 1 new entry" in updated.stderr
    with catalog.open("rb") as fh:
        assert read_po(fh)[new].string == ""  # to translate

    with socket.socket() as taken:  # a busy port, from the project's folder
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run([str(BIN / "notices"), "serve", "--port", str(port)], cwd=project)
    assert busy.returncode == 1 and "already in use" in busy.stderr
    for output in (failed.stderr, updated.stderr, busy.stderr):
        assert "make " not in output, output


def test_hints_name_make_only_where_the_makefile_has_the_target() -> None:
    """No message in the package names a `make` target itself; `make_or` checks the project's Makefile."""
    targets = make_targets(ROOT)
    assert {"serve", "preview", "locales-update", "pdf-deps", "install"} <= targets
    named = re.compile(r"\bmake (?:" + "|".join(re.escape(t) for t in sorted(targets)) + r")\b")
    found = []
    for path in sorted((ROOT / "scripts/notices").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and named.search(node.value)
        ]
    assert found == []
    assert make_or("locales-update", "notices update-catalogs", ROOT) == "make locales-update"
    assert make_or("locales-update", "notices update-catalogs", ROOT / "content") == "notices update-catalogs"
