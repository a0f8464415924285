"""`notices check`: exit codes and the `path:line:col: severity: message` format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import BIN, EXAMPLE_AS_OF, ROOT


def notices(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "notices"), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_passes_on_the_example_content() -> None:
    result = notices("check", "--as-of", EXAMPLE_AS_OF)
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_fails_with_path_and_line(mini_content: Path) -> None:
    th = mini_content / "terms/2030-01-01/th.md"  # not yet published
    th.write_text(th.read_text(encoding="utf-8").replace("## 2. ติดต่อ {#contact}\n", ""), encoding="utf-8")
    result = notices("check", "--content", "content", "--as-of", EXAMPLE_AS_OF, cwd=mini_content.parent)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "content/terms/2030-01-01/th.md:5:1: error: section 'contact' is missing (it is in en.md after 'data')\n"
        "  hint: add '## ... {#contact}' after 'data', translated from en.md\n"
    ), result.stderr
    assert "Traceback" not in result.stderr


def test_check_json_and_strict(mini_content: Path) -> None:
    en = mini_content / "terms/2030-01-01/en.md"  # not yet published
    en.write_text(en.read_text(encoding="utf-8").replace("Write to us.", "<b>Write</b> to us."), encoding="utf-8")
    args = ("check", "--content", str(mini_content), "--as-of", EXAMPLE_AS_OF)
    assert notices(*args).returncode == 0  # a warning alone passes
    assert notices(*args, "--strict").returncode == 1
    findings = json.loads(notices(*args, "--format", "json").stdout)
    assert [(f["line"], f["severity"], f["code"]) for f in findings] == [(11, "warning", "raw-html")]
    assert findings[0]["path"].endswith("terms/2030-01-01/en.md")


def test_usage_errors_exit_2() -> None:
    assert notices("check", "--as-of", "yesterday").returncode == 2
    assert notices("frobnicate").returncode == 2
    assert subprocess.run([sys.executable, "-m", "notices.adapters.cli", "--help"], capture_output=True).returncode == 0
