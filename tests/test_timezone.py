"""`timezone:` decides what "today" is: the day a revision takes effect starts at midnight in that zone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, ROOT, write_config
from notices.content.dates import TimeZoneError, time_zone

#: 2027-01-14T16:00:00Z: still the 14th in London, already the 15th (01:00) in Tokyo,
#: the day the example's material privacy revision takes effect.
INSTANT = "1799942400"


def build_at(workdir: Path, *, as_of: str | None = None, **options: object) -> subprocess.CompletedProcess[str]:
    config = write_config(workdir, ROOT / "content", **options)
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_AS_OF"}
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=INSTANT)
    if as_of:
        env["NOTICES_AS_OF"] = as_of
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "-f", str(config)], env=env, capture_output=True, text=True, timeout=300
    )


def in_force(workdir: Path) -> str:
    page = (workdir / "site/privacy/index.html").read_text(encoding="utf-8")
    return page.split('Effective date: <time datetime="', 1)[1][:10]


@pytest.mark.build
def test_the_time_zone_moves_the_switch_day(tmp_path: Path) -> None:
    tokyo, london = tmp_path / "tokyo", tmp_path / "london"
    assert build_at(tokyo, timezone="Asia/Tokyo").returncode == 0
    assert build_at(london, timezone="Europe/London").returncode == 0
    assert in_force(tokyo) == "2027-01-15"
    assert in_force(london) == "2023-07-03"


@pytest.mark.build
def test_notices_as_of_still_overrides_the_time_zone(tmp_path: Path) -> None:
    result = build_at(tmp_path, as_of="2026-12-01", timezone="Asia/Tokyo")
    assert result.returncode == 0, result.stderr
    assert in_force(tmp_path) == "2023-07-03"


def test_a_misspelt_time_zone_is_one_clear_error(tmp_path: Path) -> None:
    result = build_at(tmp_path, timezone="Asia/Tokio")
    assert result.returncode == 1
    assert "option 'timezone': 'Asia/Tokio' is not a time zone; did you mean 'Asia/Tokyo'?" in result.stderr
    assert "Traceback" not in result.stderr
    # notices reads the same mkdocs.yml and points at the line
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(config, start=1) if "timezone:" in text)
    column = config[line - 1].index("Asia/Tokio") + 1
    checked = subprocess.run([str(BIN / "notices"), "check"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert checked.returncode == 1
    assert checked.stderr == (
        f"mkdocs.yml:{line}:{column}: error: 'Asia/Tokio' is not a time zone\n  hint: did you mean 'Asia/Tokyo'?\n"
    )


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("Asia/Bankok", "did you mean 'Asia/Bangkok'?"),
        ("asia/ho_chi_minh", "did you mean 'Asia/Ho_Chi_Minh'?"),
        ("../../etc/passwd", "write an IANA name such as Asia/Tokyo, Asia/Bangkok or UTC"),
        ("", "write an IANA name such as Asia/Tokyo, Asia/Bangkok or UTC"),
    ],
)
def test_time_zone_names_are_checked(name: str, hint: str) -> None:
    with pytest.raises(TimeZoneError) as caught:
        time_zone(name)
    assert caught.value.hint == hint
