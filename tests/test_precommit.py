"""The pre-commit hook the legal team turns on with `make hooks` really blocks a broken commit."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import BIN, ROOT, copy_fixture


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_hook_runs_notices_check_and_blocks_a_broken_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    copy_fixture("mini", repo)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/pre-commit-check", repo / "scripts")
    env = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "NOTICES_AS_OF": "2026-12-01",
        "GIT_AUTHOR_NAME": "Legal",
        "GIT_AUTHOR_EMAIL": "legal@example.com",
        "GIT_COMMITTER_NAME": "Legal",
        "GIT_COMMITTER_EMAIL": "legal@example.com",
    }
    git = shutil.which("git") or "git"
    assert _run(git, "init", "-q", cwd=repo, env=env).returncode == 0
    assert _run(str(BIN / "pre-commit"), "install", cwd=repo, env=env).returncode == 0
    _run(git, "add", "-A", cwd=repo, env=env)
    good = _run(git, "commit", "-qm", "good", cwd=repo, env=env)
    assert good.returncode == 0, good.stdout + good.stderr

    th = repo / "content/terms/2030-01-01/th.md"
    th.write_text(th.read_text(encoding="utf-8").replace("{#contact}", ""), encoding="utf-8")
    _run(git, "add", "-A", cwd=repo, env=env)
    bad = _run(git, "commit", "-qm", "bad", cwd=repo, env=env)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0
    assert "content/terms/2030-01-01/th.md:9:1: error: section '## 2. ติดต่อ' has no id" in output
    assert "Traceback" not in output
