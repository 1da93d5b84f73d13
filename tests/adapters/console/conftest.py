"""Fixtures for the console tests: `python -m bot console --json` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Protocol

import pytest

from ...helpers import bot_env


class Console(Protocol):
    def __call__(self, lines: list[str], *args: str, **env: str) -> list[dict[str, Any]]: ...


@pytest.fixture
def console(tmp_path: Path) -> Console:
    """Run the console chat once on `lines` (a database in tmp_path that outlives the run);
    returns every JSON line it printed."""

    def run(lines: list[str], *args: str, **env: str) -> list[dict[str, Any]]:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "console", "--json", "--user", "ada", *args],
            input="\n".join(lines) + "\n",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=bot_env(tmp_path, **env),
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        return [json.loads(line) for line in proc.stdout.splitlines()]

    return run
