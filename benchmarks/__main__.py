"""`make bench` (QUICK=1 for a run under a minute): figures, a table, results/latest.json."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import processes

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

FULL = {
    "users": 1000,
    "turns": 30,
    "think": 0.1,
    "easy_think": 0.5,
    "stored": 1_000_000,
    "raw": 50_000,
    "slack": 3000,
    "cold": 5,
}
QUICK = {
    "users": 1000,
    "turns": 8,
    "think": 0.1,
    "easy_think": 0.5,
    "stored": 100_000,
    "raw": 20_000,
    "slack": 600,
    "cold": 2,
}
SMOKE = {
    "users": 50,
    "turns": 5,
    "think": 0.01,
    "easy_think": 0.02,
    "stored": 2_000,
    "raw": 2_000,
    "slack": 40,
    "cold": 1,
}


def scenario(*args: object) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run_one", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"benchmark {args[0]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cold_start(runs: int) -> float:
    """Seconds from `python -m bot console` to its first question, best of `runs`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    best = float("inf")
    for i in range(runs):
        env["DATABASE_URL"] = f"sqlite:///{RESULTS}/cold-{os.getpid()}-{i}.db"
        t = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--json", "--user", "cold"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if '"kind": "question"' in line:
                break
        best = min(best, time.perf_counter() - t)
        proc.kill()
        proc.wait()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{RESULTS}/cold-{os.getpid()}-{i}.db{suffix}").unlink(missing_ok=True)
    return best


def slack_path(n: int) -> dict[str, Any]:
    try:
        from .slack_bench import run as run_slack
    except ImportError:
        return {"skipped": "no Slack adapter"}
    return run_slack(n)


def postgres_and_processes(cfg: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The engine scenario on PostgreSQL, and one process against two on each backend."""
    users, turns = cfg["users"], cfg["turns"]
    with processes.postgres() as admin, tempfile.TemporaryDirectory(dir=RESULTS) as tmp:
        capacity = scenario("engine", users, turns, 0, processes.fresh_postgres(admin))
        loaded = scenario("engine", users, turns, cfg["think"], processes.fresh_postgres(admin))
        easy = scenario("engine", users, turns, cfg["easy_think"], processes.fresh_postgres(admin))
        # One process against two, each measured the same way, one right after the other.
        runs = {
            "sqlite": [
                processes.parallel(n, users, turns, 0, processes.fresh_sqlite(Path(tmp), f"{n}.db"))
                for n in (1, 2)
            ],
            "postgres": [
                processes.parallel(n, users, turns, 0, processes.fresh_postgres(admin))
                for n in (1, 2)
            ],
        }
    pg = loaded | {
        "capacity_turns_per_s": capacity["turns_per_s"],
        "capacity_p99_ms": capacity["p99_ms"],
        "moderate": {k: easy[k] for k in ("turns_per_s", "p50_ms", "p99_ms", "think_ms")},
        "lost": loaded["lost"] + capacity["lost"] + easy["lost"],
    }
    two = {
        name: {
            "one_turns_per_s": one["turns_per_s"],
            "two_turns_per_s": both["turns_per_s"],
            "ratio": round(both["turns_per_s"] / one["turns_per_s"], 2),
            "two_p99_ms": both["p99_ms"],
            "lost": both["lost"],
        }
        for name, (one, both) in runs.items()
    }
    return pg, two


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks")
    p.add_argument("--quick", action="store_true", help="smaller counts, under a minute")
    p.add_argument(
        "--smoke", action="store_true", help="seconds: checks the benchmarks still run (CI)"
    )
    args = p.parse_args()
    cfg = SMOKE if args.smoke else QUICK if args.quick else FULL
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.time()
    raw = scenario("raw", cfg["raw"])
    capacity = scenario("engine", cfg["users"], cfg["turns"], 0)
    engine = scenario("engine", cfg["users"], cfg["turns"], cfg["think"])
    easy = scenario("engine", cfg["users"], cfg["turns"], cfg["easy_think"])
    # Compared at the moderate load: at saturation both runs only measure the queue.
    growth = scenario("growth", cfg["users"], cfg["turns"], cfg["easy_think"], cfg["stored"])
    slack = slack_path(cfg["slack"])
    cold = cold_start(cfg["cold"])
    pg, two = postgres_and_processes(cfg)
    result = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "mode": "smoke" if args.smoke else "quick" if args.quick else "full",
        "engine": engine
        | {
            "raw_sqlite_tps": raw["tps"],
            "ratio_to_raw": round(engine["turns_per_s"] / raw["tps"], 3),
            "capacity_turns_per_s": capacity["turns_per_s"],
            "capacity_p99_ms": capacity["p99_ms"],
            "capacity_ratio_to_raw": round(capacity["turns_per_s"] / raw["tps"], 3),
            "moderate": {
                k: easy[k]
                for k in ("turns_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms", "think_ms")
            },
        },
        "growth": growth
        | {
            "p99_ratio": round(growth["p99_ms"] / easy["p99_ms"], 2),
            "empty_p99_ms": easy["p99_ms"],
        },
        "memory": {"peak_rss_mb": engine["peak_rss_mb"], "active_conversations": cfg["users"]},
        "slack": slack,
        "postgres": pg,
        "processes": two,
        "cold_start_s": round(cold, 3),
        "took_s": round(time.time() - started, 1),
    }
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))


def table(r: dict[str, Any]) -> str:
    e, g, s = r["engine"], r["growth"], r["slack"]
    rows = [
        (
            f"engine: turns/s ({e['users']:,} users, {e['think_ms']:.0f} ms think time)",
            f"{e['turns_per_s']:,.0f}",
            ">= 10,000",
        ),
        (
            "engine: p50 / p95 / p99 / max ms",
            f"{e['p50_ms']} / {e['p95_ms']} / {e['p99_ms']} / {e['max_ms']}",
            "p99 <= 10",
        ),
        ("engine: lost updates", f"{e['lost']}", "0"),
        ("engine: capacity turns/s (no think time)", f"{e['capacity_turns_per_s']:,.0f}", ""),
        (
            f"engine: at {e['moderate']['think_ms']:.0f} ms think time: turns/s, p99 ms",
            f"{e['moderate']['turns_per_s']:,.0f}, {e['moderate']['p99_ms']}",
            "",
        ),
        ("raw sqlite3 upsert transactions/s (same disk)", f"{e['raw_sqlite_tps']:,.0f}", ""),
        (
            "engine / raw sqlite3",
            f"{e['ratio_to_raw']} (capacity {e['capacity_ratio_to_raw']})",
            "",
        ),
        (
            f"growth: p99 ms with {g['stored']:,} stored (500 ms think)",
            f"{g['p99_ms']} (x{g['p99_ratio']} of empty)",
            "<= 1.5x",
        ),
        ("growth: bytes per stored conversation", f"{g['bytes_per_conversation']}", ""),
        (
            f"memory: peak RSS MB ({r['memory']['active_conversations']:,} active)",
            f"{r['memory']['peak_rss_mb']}",
            "<= 150",
        ),
        (
            f"slack: acks/s ({s.get('concurrency')} in flight)",
            f"{s.get('acks_per_s', s.get('skipped', '-'))}",
            ">= 500",
        ),
        (f"slack: p99 ms to ack (at {s.get('paced_rate')}/s)", f"{s.get('p99_ms', '-')}", "<= 100"),
        ("cold start s (to the first question)", f"{r['cold_start_s']}", "<= 1"),
        *postgres_rows(r),
    ]
    w = max(len(a) for a, _, _ in rows)
    v = max(len(b) for _, b, _ in rows)
    head = f"{r['machine']['cores']} cores, Python {r['machine']['python']}, {r['mode']} run, {r['took_s']} s"
    return "\n".join([head, "-" * (w + v + 16)] + [f"{a:<{w}}  {b:>{v}}  {c}" for a, b, c in rows])


def postgres_rows(r: dict[str, Any]) -> list[tuple[str, str, str]]:
    p, two = r["postgres"], r["processes"]
    return [
        (
            f"postgres: turns/s ({p['users']:,} users, {p['think_ms']:.0f} ms think time)",
            f"{p['turns_per_s']:,.0f}",
            "",
        ),
        ("postgres: p50 / p99 ms at that load", f"{p['p50_ms']} / {p['p99_ms']}", ""),
        ("postgres: capacity turns/s (no think time)", f"{p['capacity_turns_per_s']:,.0f}", ""),
        (
            f"postgres: at {p['moderate']['think_ms']:.0f} ms think time: p50 / p99 ms",
            f"{p['moderate']['p50_ms']} / {p['moderate']['p99_ms']}",
            "",
        ),
        ("postgres: lost updates", f"{p['lost']}", "0"),
        *(
            (
                f"{name}: capacity, 1 process -> 2 processes (turns/s)",
                f"{t['one_turns_per_s']:,.0f} -> {t['two_turns_per_s']:,.0f} (x{t['ratio']})",
                "",
            )
            for name, t in two.items()
        ),
    ]


if __name__ == "__main__":
    main()
