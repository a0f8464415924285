"""`notices new` writes plain dates; hints name the command the way the user runs it; busy ports are one message."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import yaml

from conftest import BIN, ROOT


def run(argv: list[str], cwd: Path, path: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("NOTICES_AS_OF", "MAKELEVEL", "MAKEFLAGS")}
    full.update(env)
    if path is not None:
        full["PATH"] = path
    return subprocess.run(argv, cwd=cwd, env=full, capture_output=True, text=True, timeout=300, check=False)


def test_new_writes_plain_dates_and_leaves_the_notice_period(mini_content: Path) -> None:
    args = ["new", "terms", "2031-06-01", "--content", "content", "--as-of", "2030-02-01"]
    result = run([str(BIN / "notices"), *args], cwd=mini_content.parent)
    assert result.returncode == 0, result.stderr
    text = (mini_content / "terms/2031-06-01/revision.yml").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == ["effective: 2031-06-01", "published: 2031-05-02", "material: false", "draft: true"]
    assert yaml.safe_load(text)["published"].isoformat() == "2031-05-02"  # 30 days' notice (notice.yml)


def test_new_never_proposes_a_published_date_in_the_past(mini_content: Path) -> None:
    args = ["new", "terms", "2030-02-10", "--content", "content", "--as-of", "2030-02-01"]
    assert run([str(BIN / "notices"), *args], cwd=mini_content.parent).returncode == 0
    text = (mini_content / "terms/2030-02-10/revision.yml").read_text(encoding="utf-8")
    assert "published: 2030-02-01\n" in text


def hint_for_unlocked_revision(mini_content: Path, path: str) -> str:
    lock = mini_content / "terms/published.lock"
    lock.write_text(lock.read_text(encoding="utf-8").split("'2024-01-01':")[0], encoding="utf-8")
    result = run(
        [str(BIN / "notices"), "check", "--content", "content", "--as-of", "2025-01-01"],
        cwd=mini_content.parent,
        path=path,
    )
    assert result.returncode == 1
    return next(line for line in result.stderr.splitlines() if "record its text as published" in line)


def test_hints_say_notices_when_it_is_on_the_path(mini_content: Path) -> None:
    hint = hint_for_unlocked_revision(mini_content, f"{BIN}{os.pathsep}{os.environ['PATH']}")
    assert hint == "  hint: record its text as published: notices publish terms 2024-01-01"


def test_hints_give_the_path_when_notices_is_not_on_the_path(mini_content: Path) -> None:
    hint = hint_for_unlocked_revision(mini_content, "/usr/bin:/bin")
    assert hint == f"  hint: record its text as published: {BIN / 'notices'} publish terms 2024-01-01"


def test_hints_inside_the_project_name_the_venv_relative_path() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_AS_OF"}
    env["PATH"] = "/usr/bin:/bin"
    code = "from notices.commands import command; print(command('publish', 'privacy', '2027-01-15'))"
    shown = subprocess.run([str(BIN / "python"), "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    expected = os.path.relpath(BIN / "notices", ROOT) if str(BIN).startswith(str(ROOT)) else str(BIN / "notices")
    assert shown.stdout.strip() == f"{expected} publish privacy 2027-01-15"


def test_a_busy_port_is_one_clear_message() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run([str(BIN / "notices"), "serve", "--preview", "--port", str(port)], cwd=ROOT)
        via_make = run(["make", "-s", "preview", f"PORT={port}"], cwd=ROOT) if (ROOT / "Makefile").is_file() else None
    assert result.returncode == 1
    assert result.stderr.startswith(f"notices serve: port {port} is already in use")
    assert f"serve --preview --port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 2
    if via_make is not None and (ROOT / ".venv/bin/notices").exists():
        assert f"notices serve: port {port} is already in use" in via_make.stderr
        assert f"make preview PORT={port + 1}" in via_make.stderr
        assert "Traceback" not in via_make.stderr


def test_notices_serve_previews_the_drafts(tmp_path: Path) -> None:
    assert run([str(BIN / "notices"), "init", "acme", "--languages", "en,th"], cwd=tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_AS_OF"}
    server = subprocess.Popen(
        [str(BIN / "notices"), "serve", "--preview", "--port", str(port)],
        cwd=tmp_path / "acme",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = ""
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/th/privacy/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "ประกาศความเป็นส่วนตัว" in page  # the draft, shown by the preview
    finally:
        server.terminate()
        server.wait(timeout=30)


def _serve_until_answered(project: Path, port: int) -> subprocess.Popen[str]:
    """`notices serve --preview` in ``project``, once it answers (after a request, so connections were closed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NOTICES_AS_OF", "MAKELEVEL", "MAKEFLAGS")}
    server = subprocess.Popen(
        [str(BIN / "notices"), "serve", "--preview", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(240):
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/privacy/", timeout=5) as response:
                assert "Acme" in response.read().decode("utf-8")  # read whole: the server closes first
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    _, stderr = server.communicate(timeout=30)
    raise AssertionError(f"notices serve did not answer on port {port}:\n{stderr}")


def test_the_preview_restarts_on_the_same_port_right_after_ctrl_c(tmp_path: Path) -> None:
    """The stopped preview's closed connections (TIME-WAIT) neither block the port nor read as "in use"."""
    assert run([str(BIN / "notices"), "init", "acme", "--languages", "en", "-y"], cwd=tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    first = _serve_until_answered(tmp_path / "acme", port)
    first.send_signal(signal.SIGINT)  # what Ctrl+C in its terminal sends
    _, stderr = first.communicate(timeout=60)
    assert first.returncode == 0, stderr
    assert "Traceback" not in stderr
    # Started again at once (the old connections are still in TIME-WAIT for a minute).
    second = _serve_until_answered(tmp_path / "acme", port)
    second.send_signal(signal.SIGINT)
    _, stderr = second.communicate(timeout=60)
    assert "already in use" not in stderr and second.returncode == 0, stderr
