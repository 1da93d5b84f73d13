"""One benchmark scenario in a fresh process (so peak RSS is its own); prints JSON."""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from .engine_bench import db_size, prefill, raw_sqlite_tps, run_engine, summary
from .processes import wait_for_start


def main(argv: list[str]) -> None:
    scenario, *args = argv
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(dir=Path.cwd() / "benchmarks" / "results") as tmp:
        db = Path(tmp) / "bench.db"
        if scenario == "engine":
            # users turns think [url [prefix]]: url "-" is a fresh SQLite file
            users, turns, think = int(args[0]), int(args[1]), float(args[2])
            url = args[3] if len(args) > 3 and args[3] != "-" else f"sqlite:///{db}"
            prefix = args[4] if len(args) > 4 else "user"
            wait_for_start()
            stats = asyncio.run(run_engine(url, users, turns, think=think, prefix=prefix))
            out = summary(stats) | {"think_ms": think * 1000}
        elif scenario == "growth":
            users, turns, think, stored = int(args[0]), int(args[1]), float(args[2]), int(args[3])
            t = time.perf_counter()
            prefill(db, stored)
            fill_s = time.perf_counter() - t
            size = db_size(db)
            stats = asyncio.run(run_engine(f"sqlite:///{db}", users, turns, think=think))
            out = summary(stats) | {
                "stored": stored,
                "prefill_s": round(fill_s, 1),
                "bytes_per_conversation": round(size / stored, 1),
            }
        elif scenario == "raw":
            out = {"tps": round(raw_sqlite_tps(db, int(args[0])), 1)}
        else:
            raise SystemExit(f"unknown scenario {scenario}")
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
