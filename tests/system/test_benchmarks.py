"""The benchmark suite still runs (a seconds-long smoke run; no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

from ..helpers import ROOT

KEYS = [
    ("engine", "turns_per_s"),
    ("engine", "p99_ms"),
    ("engine", "raw_sqlite_tps"),
    ("growth", "p99_ratio"),
    ("memory", "peak_rss_mb"),
    ("slack", "acks_per_s"),
    ("slack", "p99_ms"),
    ("postgres", "turns_per_s"),
    ("postgres", "capacity_turns_per_s"),
    ("postgres", "p99_ms"),
]


def test_smoke_run_writes_every_figure() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads((ROOT / "benchmarks" / "results" / "latest.json").read_text())
    for section, key in KEYS:
        assert isinstance(result[section][key], int | float), (section, key, result[section])
    assert isinstance(result["cold_start_s"], float)
    assert result["engine"]["lost"] == 0
    assert result["postgres"]["lost"] == 0
    for backend in ("sqlite", "postgres"):
        two = result["processes"][backend]
        assert two["lost"] == 0 and isinstance(two["ratio"], float), two
    assert result["machine"]["cores"] and result["machine"]["python"]
    assert "engine: turns/s" in proc.stdout and "postgres: capacity, 1 process -> 2" in proc.stdout
