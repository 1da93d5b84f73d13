"""`python -m bot doctor` says plainly what is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.store.schema import LATEST

from ..helpers import bot_env


def doctor(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "doctor"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path, **env),
        timeout=60,
    )


def test_a_healthy_console_set_up(tmp_path: Path) -> None:
    proc = doctor(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[ok] database" in proc.stdout and f"schema version {LATEST}" in proc.stdout
    assert "[--] slack: not configured" in proc.stdout and "all good" in proc.stdout


def test_a_broken_database_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    proc = doctor(tmp_path, DATABASE_URL=f"sqlite:///{bad}")
    assert proc.returncode == 1
    assert "[FAIL] database" in proc.stdout and str(bad) in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_malformed_setting_is_named(tmp_path: Path) -> None:
    proc = doctor(tmp_path, RETENTION_DAYS="forever")
    assert proc.returncode == 2 and "RETENTION_DAYS" in proc.stderr
