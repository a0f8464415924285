"""Broken or hostile input gets one message at its own file and line, never a traceback or a hang.

Each case starts from the small 'terms' fixture, makes one mistake (a lawyer's
typo, a Japanese input method, a hand-edited lock, a crafted file) and
asserts the one error: its file, its line, its wording and the wording of
the fix. The command-line tests run the real ``notices`` and ``mkdocs``
commands and check the exit code and that no traceback is printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLE_AS_OF, ROOT, build, mkdocs, write_config
from notices.content.check import check_content
from test_check_content import NOTICE_YML, UP, UP_EN, UP_YML, edit, write

LOCALES = ("en", "ja", "vi", "th")
AS_OF = date(2026, 12, 1)
LOCK = "terms/published.lock"


def link(rel: str, target: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        if path.exists():
            path.unlink()
        os.symlink(target, path)

    return apply


def new_revision(folder: str, meta: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        shutil.copytree(root / "terms/2020-01-01", root / folder)
        (root / folder / "revision.yml").write_text(meta, encoding="utf-8")

    return apply


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    path: str
    line: int
    message: str
    hint: str  # a substring of the hint: the wording of the fix


CASES = [
    # Dates: a time, an impossible year.
    Case(
        "date with a time",
        edit(UP_YML, "published: 2029-11-01", "published: 2029-11-01 10:00"),
        UP_YML,
        2,
        "'published' must be a date written YYYY-MM-DD, not '2029-11-01 10:00'",
        "write the date alone, YYYY-MM-DD",
    ),
    Case(
        "date with a time in seconds (a YAML timestamp)",
        edit(UP_YML, "effective: 2030-01-01", "effective: 2030-01-01T09:00:00+09:00"),
        UP_YML,
        1,
        "'effective' must be a date written YYYY-MM-DD",
        "write the date alone, YYYY-MM-DD",
    ),
    Case(
        "revision folder dated year 1",
        new_revision("terms/0001-01-01", "effective: 0001-01-01\nmaterial: false\n"),
        "terms/0001-01-01",
        1,
        "the revision folder name '0001-01-01' is not a real date",
        "check the year",
    ),
    Case(
        "published in year 1",
        edit(UP_YML, "published: 2029-11-01", "published: 0001-11-01"),
        UP_YML,
        2,
        "'published' must be a date written YYYY-MM-DD, not 0001-11-01",
        "check the year",
    ),
    Case(
        "erratum dated with a time",
        edit(
            UP_YML,
            "material: true",
            "material: true\nerrata:\n  - date: 2029-11-05 10:00\n    locale: th\n    what: typo\n    why: typo",
        ),
        UP_YML,
        5,
        "'date' of erratum 1 must be a date written YYYY-MM-DD",
        "write the date alone",
    ),
    # YAML read strictly.
    Case(
        "yes is not a boolean",
        edit(UP_YML, "material: true", "material: yes"),
        UP_YML,
        3,
        "'yes' is not true or false",
        "write true or false",
    ),
    Case(
        "octal number",
        edit(NOTICE_YML, "notice_period_days: 30", "notice_period_days: 030"),
        NOTICE_YML,
        2,
        "'030' is not a decimal number",
        "without a leading 0, e.g. 30",
    ),
    Case(
        "sexagesimal number",
        edit(NOTICE_YML, "notice_period_days: 30", "notice_period_days: 1:30"),
        NOTICE_YML,
        2,
        "'1:30' is not a decimal number",
        "plain digits",
    ),
    Case(
        "duplicate key inside summary",
        edit(UP_YML, "  ja: メール", "  en: again\n  ja: メール"),
        UP_YML,
        6,
        "the key 'en' appears twice under 'summary' (first on line 5)",
        "keep one of them",
    ),
    Case(
        "anchor and alias (as notices new once wrote)",
        edit(UP_YML, "effective: 2030-01-01\npublished: 2029-11-01", "effective: &d 2030-01-01\npublished: *d"),
        UP_YML,
        1,
        "'&d' is a YAML anchor or alias",
        "write the value out in full",
    ),
    Case(
        "python tag",
        edit(UP_YML, "material: true", "material: !!python/object/apply:os.system [true]"),
        UP_YML,
        3,
        "the YAML tag '!!python/object/apply:os.system' is not used in notices",
        "remove the '!...'",
    ),
    # Issue 12: messages that point the right way.
    Case(
        "empty th summary",
        edit(UP_YML, "  th: เราจะเก็บรวบรวมอีเมลของท่านเพิ่มเติม", "  th:"),
        UP_YML,
        8,
        "the th entry of 'summary' is empty",
        "write the th text after 'th: '",
    ),
    Case(
        "topics for a misspelt section id",
        edit(NOTICE_YML, "  contact: contact", "  contcat: contact"),
        NOTICE_YML,
        10,
        "'topics' names a section 'contcat' that no revision of en.md has",
        "did you mean 'contact'?",
    ),
    Case(
        "unclosed quote",
        edit(UP_YML, "  en: We now", "  en: 'We now"),
        UP_YML,
        5,
        "the quote ' opened here is never closed",
        "add the closing '",
    ),
    Case(
        "unclosed double quote",
        edit(UP_YML, "  vi: Chúng", '  vi: "Chúng'),
        UP_YML,
        7,
        'the quote " opened here is never closed',
        'add the closing "',
    ),
    Case(
        "full-width colon",
        edit(UP_YML, "material: true", "material：true"),
        UP_YML,
        3,
        "a full-width colon '：' where YAML needs a plain ':' or space",
        "half-width",
    ),
    Case(
        "full-width space after the colon",
        edit(UP_YML, "  ja: メール", "  ja:\u3000メール"),
        UP_YML,
        6,
        "a full-width space where YAML needs a plain ':' or space",
        "half-width",
    ),
    Case(
        "full-width space instead of the colon",
        edit(UP_YML, "  ja: メール", "  ja\u3000メール"),
        UP_YML,
        6,
        "a full-width space",
        "half-width",
    ),
    Case(
        "erratum without 'why'",
        edit(UP_YML, "material: true", "material: true\nerrata:\n  - date: 2029-11-05\n    locale: th\n    what: typo"),
        UP_YML,
        5,
        "erratum 1 lacks 'why'",
        "add why:",
    ),
    Case(
        "erratum with a misspelt key",
        edit(
            UP_YML,
            "material: true",
            "material: true\nerrata:\n  - date: 2029-11-05\n    locale: th\n    what: typo\n    why: typo\n"
            "    reason: x",
        ),
        UP_YML,
        9,
        "erratum 1 has an unknown key 'reason'",
        "an erratum has date, locale, what and why",
    ),
    # A damaged lock: one message at its line.
    Case(
        "lock entry that is a list",
        edit(LOCK, "      errata: 0\n", "      errata: [1]\n"),
        LOCK,
        10,
        "published.lock is damaged: 'errata' of en.md in '2020-01-01' must be a whole number, not a list",
        "restore it from git",
    ),
    Case(
        "lock entry that is a string",
        edit(LOCK, "      errata: 0\n", "      errata: many\n"),
        LOCK,
        10,
        "must be a whole number, not 'many'",
        "restore it from git",
    ),
    Case(
        "lock hash that is a number",
        edit(
            LOCK, "      sha256: 6cb519f8b79bc7c9edbcadc53882a78b2c27e7313cfc1a2f6d7a526826386245", "      sha256: 12"
        ),
        LOCK,
        8,
        "'sha256' of en.md in '2020-01-01' must be a SHA-256 hash, not 12",
        "restore it from git",
    ),
    Case(
        "lock revision that is a string",
        write(LOCK, "'2020-01-01': locked\n"),
        LOCK,
        1,
        "the entry '2020-01-01' must be 'key: value' lines, not 'locked'",
        "restore it from git",
    ),
    Case(
        "lock alias bomb",
        write(
            LOCK,
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
        ),
        LOCK,
        1,
        "published.lock is damaged: '&a' is a YAML anchor or alias",
        "restore it from git",
    ),
    # Links to files outside the project.
    Case(
        "revision.yml links outside",
        link(UP_YML, "/etc/hostname"),
        UP_YML,
        1,
        "'revision.yml' is a link to a place outside content/",
        "replace the link with the file itself",
    ),
    Case(
        "notice.yml links outside",
        link(NOTICE_YML, "/etc/hostname"),
        NOTICE_YML,
        1,
        "'notice.yml' is a link to a place outside content/",
        "replace the link with the file itself",
    ),
    Case(
        "published.lock links outside",
        link(LOCK, "/etc/hostname"),
        LOCK,
        1,
        "'published.lock' is a link to a place outside content/",
        "replace the link with the file itself",
    ),
    # Sizes that would make a renderer or a pattern crawl.
    Case(
        "a line of 30,000 characters",
        edit(UP_EN, "Write to us.", "Write to us. " + "word " * 6000),
        UP_EN,
        11,
        "line 11 is 30,030 characters long; the limit is 20,000",
        "break it into paragraphs",
    ),
    Case(
        "a 10 MB file",
        write(UP_EN, "# Terms\n\n" + ("## A {#a}\n\n" + "text " * 100 + "\n\n") * 20000),
        UP_EN,
        1,
        "the limit is 1 MiB",
        "check that the right file was saved here",
    ),
    Case(
        "a heading padded with spaces",
        edit(UP_EN, "## 2. Contact {#contact}", "## 2. Contact" + " \t" * 9000 + "{#contact}"),
        UP_EN,
        9,
        "18,000 spaces or tabs in a row",
        "remove them",
    ),
    Case(
        "lists nested 3,000 deep",
        edit(UP_EN, "Write to us.", "Write to us.\n\n" + "- " * 3000 + "x"),
        UP_EN,
        13,
        "this line is nested more than 32 levels deep",
        "remove the extra '>', '-' or indentation",
    ),
    Case(
        "brackets nested 3,000 deep",
        edit(UP_EN, "Write to us.", "Write to us.\n\n" + "[" * 3000 + "]" * 3000),
        UP_EN,
        13,
        "this paragraph has brackets nested 3,000 deep",
        "a link needs one pair of brackets",
    ),
    Case(
        "thousands of unclosed link addresses",
        edit(UP_EN, "Write to us.", "Write to us.\n\n" + "[a](" * 3000),
        UP_EN,
        13,
        "this paragraph has 3,000 link addresses '](' that are never closed with ')'",
        "end each link address with ')'",
    ),
    Case(
        "thousands of unclosed image brackets",
        edit(UP_EN, "Write to us.", "Write to us.\n\n" + "![" * 9000),
        UP_EN,
        13,
        "this paragraph has 9,000 '[' that are never closed with ']'",
        "write '\\[' for a bracket that is only text",
    ),
    Case(
        "thousands of unclosed tags",
        edit(UP_EN, "Write to us.", "Write to us.\n\n" + "<a " * 3000 + "\n" + "x " * 5000),
        UP_EN,
        13,
        "'<' that start an HTML tag and are never closed",
        "write '&lt;'",
    ),
    Case(
        "14,000 link addresses with a '(' inside, on short lines",
        edit(UP_EN, "Write to us.", "Write to us.\n\n" + "\n".join(["[a](b (c) " * 1000] * 14)),
        UP_EN,
        13,
        "this paragraph has 14,000 link addresses '](' that are never closed with ')'",
        "end each link address with ')'",
    ),
    Case(
        "a Thai paragraph of 300,000 characters, no spaces, on short lines",
        edit("terms/2030-01-01/th.md", "โปรดติดต่อเรา", "\n".join(["บริษัทคุ้มครองข้อมูล" * 900] * 17)),
        "terms/2030-01-01/th.md",
        11,
        "this paragraph is 306,036 characters long; the limit is 20,000",
        "break it into paragraphs with an empty line between them",
    ),
    Case(
        "a Japanese list item of 100,000 characters",
        edit(
            "terms/2030-01-01/ja.md",
            "当社までご連絡ください。",
            "- " + "\n  ".join(["個人情報を保護します" * 1000] * 10),
        ),
        "terms/2030-01-01/ja.md",
        11,
        "this paragraph is 100,",
        "break it into paragraphs",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_mistake_one_message_at_its_line(case: Case, mini_content: Path) -> None:
    case.mutate(mini_content)
    result = check_content(mini_content, LOCALES, AS_OF, base=mini_content)
    errors = result.errors
    assert len(errors) == 1, "\n".join(f.format() for f in result.findings) or "no findings"
    finding = errors[0]
    assert case.message in finding.message, finding.format()
    assert (finding.path, finding.line) == (case.path, case.line), finding.format()
    assert case.hint in finding.hint, finding.format()


def test_strict_yaml_still_reads_good_values(mini_content: Path) -> None:
    """Quoted words, plain text that looks like YAML 1.1 and keys such as 'no' stay text."""
    edit(UP_YML, "  th: เราจะเก็บรวบรวมอีเมลของท่านเพิ่มเติม", '  th: "yes"')(mini_content)
    edit(UP_YML, "material: true", "material: true\nshort_notice_reason: '030'")(mini_content)
    result = check_content(mini_content, LOCALES, AS_OF)
    assert result.errors == []
    revision = result.content.notices[0].revision("2030-01-01")
    assert revision.summary["th"] == "yes" and revision.short_notice_reason == "030"


# --- the commands: exit codes, messages, never a traceback or a hang -----------------------------


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, user: int | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NOTICES_AS_OF", "SOURCE_DATE_EPOCH")}
    environment.update(env or {})
    result = subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,  # a hang (or a quadratic pattern) would exceed this many times over
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


@pytest.mark.parametrize(
    ("env", "wording"),
    [
        (
            {"NOTICES_AS_OF": "2026-11-20 10:00"},
            "NOTICES_AS_OF is '2026-11-20 10:00', a date with a time; write the date alone, YYYY-MM-DD",
        ),
        ({"NOTICES_AS_OF": "0001-01-01"}, "NOTICES_AS_OF is 0001-01-01, outside 1900-2999; check the year"),
        ({"SOURCE_DATE_EPOCH": "99999999999999999"}, "SOURCE_DATE_EPOCH is 99999999999999999, which is not a date"),
        ({"SOURCE_DATE_EPOCH": "yesterday"}, "SOURCE_DATE_EPOCH is 'yesterday', which is not a number of seconds"),
    ],
)
def test_bad_date_settings_are_usage_errors(mini_content: Path, env: dict[str, str], wording: str) -> None:
    for command in (("check",), ("diff", "terms", "2020-01-01", "2024-01-01"), ("notice", "terms", "2024-01-01")):
        result = run("notices", *command, "--content", "content", cwd=mini_content.parent, env=env)
        assert result.returncode == 2, (command, result.stderr)
        assert wording in result.stderr, result.stderr


def test_diff_and_notice_report_content_errors_without_traceback(mini_content: Path) -> None:
    edit(UP_YML, "published: 2029-11-01", "published: 2029-11-01 10:00:00")(mini_content)
    edit(LOCK, "      errata: 0\n", "      errata: [1]\n")(mini_content)
    for command in (("diff", "terms", "2024-01-01", "2030-01-01"), ("notice", "terms", "2030-01-01")):
        result = run("notices", *command, "--content", "content", "--as-of", EXAMPLE_AS_OF, cwd=mini_content.parent)
        assert result.returncode == 1, result.stderr
        assert "content/terms/2030-01-01/revision.yml:2:1: error: 'published' must be a date" in result.stderr
        assert "hint: write the date alone, YYYY-MM-DD" in result.stderr


def test_notice_into_a_missing_folder_is_a_message(mini_content: Path) -> None:
    result = run(
        "notices", "notice", "terms", "2024-01-01", "--content", "content", "--as-of", EXAMPLE_AS_OF,
        "--locales-dir", str(ROOT / "locales"), "-o", "no/such/folder/notice.eml", cwd=mini_content.parent,
    )  # fmt: skip
    assert result.returncode == 1
    assert "notices notice: error: cannot use no/such/folder/notice.eml.tmp" in result.stderr


def _check_as_nobody(content: Path) -> list[str]:
    """``check_content`` on real files in a child process that has dropped root (root reads everything)."""
    if os.geteuid() != 0:
        return [f.format() for f in check_content(content, LOCALES, AS_OF, base=content.parent).errors]
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            found = [f.format() for f in check_content(content, LOCALES, AS_OF, base=content.parent).errors]
            os.write(write_end, json.dumps(found).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return list(json.loads(data or b"null"))


def test_unreadable_file_is_reported_with_permission() -> None:
    """A file the account may not read: 'cannot read … (permission denied)' at the file, and nothing else."""
    work = Path(tempfile.mkdtemp(prefix="notices-perm-"))  # not under pytest's 0700 folder: 'nobody' must reach it
    try:
        content = work / "content"
        shutil.copytree(ROOT / "tests/fixtures/mini/content", content)
        for path in [work, *work.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (content / "terms/2030-01-01/th.md").chmod(0)
        (content / "terms/2020-01-01").chmod(0o600)  # a folder that cannot be listed
        errors = _check_as_nobody(content)
        assert errors == [
            "content/terms/2020-01-01:1:1: error: cannot read the folder (permission denied)\n"
            "  hint: the folder exists but this account may not read it; make it readable, e.g. chmod a+r "
            f"'{content}/terms/2020-01-01' (a folder also needs a+x), or ask whoever set up this computer",
            "content/terms/2030-01-01/th.md:1:1: error: cannot read the file (permission denied)\n"
            "  hint: the file exists but this account may not read it; make it readable, e.g. chmod a+r "
            f"'{content}/terms/2030-01-01/th.md' (a folder also needs a+x), or ask whoever set up this computer",
        ], errors
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_a_10_mb_file_and_crafted_lines_do_not_hang(mini_content: Path) -> None:
    """Runs under the 60 s subprocess timeout: each of these took longer than that before."""
    craft = [
        "x## a" + " " * 19000 + "x",  # a heading padded with spaces, as a paragraph
        "## a" + " \t" * 9000 + "b {#spaced}",  # the same as a heading
        "![" + "a" * 19000,  # a long image alt
        "<a" + " o" * 9000,  # a long attribute run
        "<a " * 6000,
        "`a" * 9000,
        "1." * 9000,
        "\n" * 5000 + "2. x",
    ]
    en = mini_content / UP_EN
    en.write_text(en.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(craft) + "\n", encoding="utf-8")
    result = run("notices", "check", "--content", "content", "--as-of", EXAMPLE_AS_OF, cwd=mini_content.parent)
    assert result.returncode == 1 and "error(s)" in result.stderr
    big = mini_content / UP / "ja.md"
    big.write_text("# 規約\n\n" + ("## A {#a}\n\n" + "テキスト " * 200 + "\n\n") * 5000, encoding="utf-8")
    assert big.stat().st_size > 10_000_000
    result = run("notices", "check", "--content", "content", "--as-of", EXAMPLE_AS_OF, cwd=mini_content.parent)
    assert "content/terms/2030-01-01/ja.md:1:1: error: the file is" in result.stderr
    assert "the limit is 1 MiB" in result.stderr


def test_the_check_reads_the_languages_and_options_of_mkdocs_yml(tmp_path: Path) -> None:
    """Dropping th or adding fr in mkdocs.yml makes the check and the build fail alike; an unknown option too."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/mini/content", content)
    for label, options, wording in (
        ("drop th", {"locales": ["en", "ja", "vi"]}, "'th.md' is not one of the site's languages"),
        ("add fr", {"locales": ["en", "ja", "vi", "th", "fr"]}, "the fr text is missing: fr.md"),
        ("unknown option", {"locale": "th"}, "the notices plugin has no option 'locale'"),
    ):
        config = write_config(tmp_path / label.replace(" ", "-"), content, **options)
        check = run("notices", "check", "--as-of", EXAMPLE_AS_OF, cwd=config.parent)  # ./mkdocs.yml
        built = mkdocs("build", "-q", "-f", str(config), cwd=tmp_path)
        assert check.returncode == 1 and built.returncode == 1, (label, check.stderr, built.stderr)
        assert wording in check.stderr and wording in built.stdout + built.stderr, (label, check.stderr, built.stderr)
        assert "Traceback" not in built.stdout + built.stderr
    good = write_config(tmp_path / "ok", content)
    check = run("notices", "check", "--as-of", EXAMPLE_AS_OF, cwd=good.parent)
    assert check.returncode == 0, check.stderr


def test_as_of_with_a_time_in_mkdocs_yml(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/mini/content", content)
    config = write_config(tmp_path, content, as_of=datetime(2026, 12, 1, 10, 0))
    assert "as_of: 2026-12-01 10:00:00\n" in config.read_text(encoding="utf-8")  # a YAML timestamp, not text
    wording = "as_of in mkdocs.yml is '2026-12-01 10:00:00', a date with a time; write the date alone, YYYY-MM-DD"
    check = run("notices", "check", cwd=config.parent)
    assert check.returncode == 2 and wording in check.stderr, check.stderr
    built = mkdocs("build", "-q", "-f", str(config), as_of=None, cwd=tmp_path)
    assert built.returncode == 1 and wording in built.stdout + built.stderr, built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr


def test_plugin_options_are_the_same_for_check_and_build() -> None:
    from notices.adapters.mkdocs_plugin import NoticesConfig
    from notices.project import PLUGIN_OPTIONS

    assert sorted(name for name, _ in NoticesConfig._schema) == sorted(PLUGIN_OPTIONS)


def test_notices_new_writes_plain_dates_that_the_strict_reader_accepts(mini_content: Path) -> None:
    result = run(
        "notices",
        "new",
        "terms",
        "2031-01-01",
        "--content",
        "content",
        "--as-of",
        EXAMPLE_AS_OF,
        cwd=mini_content.parent,
    )
    assert result.returncode == 0, result.stderr
    text = (mini_content / "terms/2031-01-01/revision.yml").read_text(encoding="utf-8")
    assert re.search(r"^effective: 2031-01-01\npublished: [0-9]{4}-[0-9]{2}-[0-9]{2}\n", text, re.M), text
    assert "&" not in text and "*" not in text
    check = run("notices", "check", "--content", "content", "--as-of", EXAMPLE_AS_OF, cwd=mini_content.parent)
    assert check.returncode == 0, check.stderr


# --- a broken machine: one message naming what is missing, never a traceback ---------------------------------


def _build_with(mini_content: Path, *, prefix: tuple[str, ...] = (), env: dict[str, str] | None = None) -> str:
    """`mkdocs build` and `notices build` of the fixture (PDFs made afresh); both must fail: their output."""
    config = write_config(mini_content.parent, mini_content, pdf_cache_dir=str(mini_content.parent / "pdf-cache"))
    output = ""
    for command in (("mkdocs", "build", "-q"), ("notices", "build")):
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NOTICES_AS_OF": EXAMPLE_AS_OF, **(env or {})}
        result = subprocess.run(
            [*prefix, str(BIN / command[0]), *command[1:], "-f", str(config)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        both = result.stdout + result.stderr
        assert result.returncode == 1, (command, both)
        assert "Traceback" not in both, (command, both)
        output += both
    return output


@pytest.mark.parametrize(
    ("program", "wording"),
    [
        ("/nonexistent/pagefind", "Pagefind's program is missing: /nonexistent/pagefind"),
        ("text", "could not run Pagefind: [Errno 8] Exec format error"),
    ],
    ids=["missing", "not a program"],
)
def test_a_missing_pagefind_program_is_a_message(mini_content: Path, program: str, wording: str) -> None:
    if program == "text":  # a file that says it can be run, but is no program
        program = str(mini_content.parent / "pagefind")
        Path(program).write_text("not a program\n", encoding="utf-8")
        Path(program).chmod(0o755)
    output = _build_with(mini_content, env={"PAGEFIND_BINARY_PATH": program})
    assert "the search index could not be built" in output and wording in output, output
    assert "hint: run `make install`" in output


def _without_pango() -> tuple[str, ...]:
    """A command prefix that runs in a mount namespace where Pango's library is an empty file (needs root)."""
    pango = next(iter(sorted(Path("/usr/lib").glob("*/libpango-1.0.so.0"))), None)
    if os.geteuid() != 0 or pango is None or not shutil.which("unshare"):
        pytest.skip("hiding Pango needs root, unshare and Debian's libpango")
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("this machine allows no mount namespace")
    return ("unshare", "--mount", "sh", "-c", f'mount --bind /dev/null {pango} && exec "$@"', "sh")


def test_a_missing_pango_is_reported_as_pango(mini_content: Path) -> None:
    output = _build_with(mini_content, prefix=_without_pango())
    assert "no PDF can be made: WeasyPrint, which lays out the PDFs, needs Pango, and Pango is missing" in output
    # the fixture's project has no Makefile: the hint names the Debian command, never make (issue 18)
    assert "hint: install Pango" in output and "sudo apt-get install libpango" in output
    assert "writable" not in output and "cannot write" not in output


# --- time: crafted text within the size limits fails fast, unspaced scripts build in seconds ---------------

_THAI = "บริษัทคุ้มครองข้อมูลส่วนบุคคลของท่านตามกฎหมาย"
_JAPANESE = "当社は個人情報を保護しお客様の同意なく第三者に提供しません"


def _unspaced(unit: str, size: int) -> str:
    """Paragraphs of about 15,000 characters without a space, ``size`` bytes of UTF-8 in all."""
    paragraph = unit * (15_000 // len(unit))
    return "\n\n".join([paragraph] * (size // len(paragraph.encode("utf-8"))))


def test_the_editorial_key_of_unspaced_thai_and_japanese_is_linear() -> None:
    """Each of these paragraphs took 3 s (the e-mail pattern rescanned every character): 0.95 MB took minutes."""
    code = (
        "import sys\nfrom notices.diff.markup import editorial_key\n"
        "for text in sys.stdin.read().split('\\n\\n'):\n    editorial_key(text)\n"
    )
    text = _unspaced(_THAI, 950_000) + "\n\n" + _unspaced(_JAPANESE, 950_000)
    subprocess.run([sys.executable, "-c", code], input=text, text=True, timeout=60, check=True)


@pytest.mark.build
def test_unspaced_thai_and_japanese_near_the_size_limit_build(mini_content: Path) -> None:
    """Two 0.95 MB files with no spaces: the build (diff pages, search, PDFs) finishes, well within its timeout."""
    for locale, unit in (("th", _THAI), ("ja", _JAPANESE)):
        path = mini_content / UP / f"{locale}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n" + _unspaced(unit, 950_000) + "\n", encoding="utf-8")
    published = run(
        "notices", "publish", "terms", "2030-01-01", "--content", "content", "--as-of", "2029-11-01",
        cwd=mini_content.parent,
    )  # fmt: skip
    assert published.returncode == 0, published.stderr
    site = build(mini_content.parent, mini_content, as_of="2029-12-01")
    page = (site / "th/terms/2030-01-01/index.html").read_text(encoding="utf-8")
    assert _THAI * 10 in page


def test_a_parse_past_its_time_budget_is_one_message(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What no size check foresees is stopped by time: a 1 MB file of links cannot be read in a tenth of a second."""
    import notices.content.load

    monkeypatch.setattr(notices.content.load, "PARSE_SECONDS", 0.1)
    paragraph = "See [our policy](https://example.org/p) and *this* and `that`. " * 200
    (mini_content / UP_EN).write_text("# Terms\n\n" + "\n\n".join([paragraph] * 70) + "\n", encoding="utf-8")
    errors = [f for f in check_content(mini_content, LOCALES, AS_OF, base=mini_content).errors if f.path == UP_EN]
    assert [(f.line, f.code) for f in errors] == [(1, "too-complex")], [f.format() for f in errors]
    assert "this file takes more than 0.1 seconds to read" in errors[0].message
    assert "split the text into shorter paragraphs" in errors[0].hint


def test_crafted_link_addresses_stop_check_and_build_at_once(mini_content: Path) -> None:
    """14,000 `[a](b (c) ` on short lines: each address rescanned the paragraph; check and build hung past 60 s."""
    edit(UP_EN, "Write to us.", "Write to us.\n\n" + "\n".join(["[a](b (c) " * 1000] * 14))(mini_content)
    wording = f"{mini_content.name}/{UP_EN}:13:4: error: this paragraph has 14,000 link addresses"
    check = run("notices", "check", "--content", "content", "--as-of", EXAMPLE_AS_OF, cwd=mini_content.parent)
    assert check.returncode == 1 and wording in check.stderr, check.stderr
    config = write_config(mini_content.parent, mini_content)
    built = run(
        "mkdocs", "build", "-q", "-f", str(config), cwd=mini_content.parent, env={"NOTICES_AS_OF": "2029-12-01"}
    )
    assert built.returncode == 1 and "this paragraph has 14,000 link addresses" in built.stdout + built.stderr
