"""The engine under load: N users at once walking whole conversations on a real database
(a SQLite file, or PostgreSQL: the store DATABASE_URL-style `url` names)."""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bot import dialogs as dialog_files
from bot.app import tune_gc
from bot.choice_ids import DONE, SKIP, choice_of
from bot.engine import Engine
from bot.models import Inbound, InboundKind, Who
from bot.store import SQLiteStore, make_store

TEXT_ANSWERS = ["Dana Smith", "Initech", "Data Analyst", "Robin", "in 3 days", "2"]


@dataclass
class EngineStats:
    users: int
    turns: int
    seconds: float
    latencies_ms: list[float]
    batches: int
    lost: int

    @property
    def turns_per_s(self) -> float:
        return self.turns / self.seconds

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


async def walk(
    engine: Engine,
    who: Who,
    turns: int,
    lat: list[float],
    expected: dict[Who, int],
    think: float = 0.0,
) -> None:
    """One user: a realistic mix of buttons, typed answers, `back`, and drafting a note.

    `think` is the mean pause (seconds, exponential) between a reply and the next click:
    0 measures capacity (every user always waiting); 0.1 with 1,000 users offers
    10,000 turns a second to an engine that answered instantly.
    """
    rng = random.Random(who.user)
    clock = time.perf_counter
    if think:  # users arrive spread over a think time, not all in the same millisecond
        await asyncio.sleep(rng.uniform(0, 2 * think))
    t = clock()
    replies = await engine.handle(
        Inbound(who=who, kind=InboundKind.START, event_id=f"{who.user}-0")
    )
    lat.append((clock() - t) * 1000)
    done = 1
    for i in range(1, turns):
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))
        q = next((r for r in reversed(replies) if r.choices and not r.edit), None)
        roll = rng.random()
        if q is None:
            inbound = Inbound(
                who=who, kind=InboundKind.TEXT, text="restart", event_id=f"{who.user}-{i}"
            )
        elif roll < 0.06:
            inbound = Inbound(
                who=who, kind=InboundKind.TEXT, text="back", event_id=f"{who.user}-{i}"
            )
        elif choice_of(q.choices[0].id) == SKIP or roll < 0.2:
            text = (
                rng.choice(TEXT_ANSWERS)
                if choice_of(q.choices[0].id) == SKIP
                else str(rng.randint(1, len(q.choices)))
            )
            inbound = Inbound(who=who, kind=InboundKind.TEXT, text=text, event_id=f"{who.user}-{i}")
        else:
            # Prefer the way forward: drafting a note when offered, Done on checklists.
            ids = [c.id for c in q.choices]
            pick = next(
                (
                    c
                    for c in ids
                    if choice_of(c) == "draft_note" or choice_of(c) == DONE and rng.random() < 0.6
                ),
                None,
            ) or rng.choice(ids)
            inbound = Inbound(
                who=who, kind=InboundKind.CHOICE, text=pick, event_id=f"{who.user}-{i}"
            )
        t = clock()
        replies = await engine.handle(inbound)
        lat.append((clock() - t) * 1000)
        done += 1
        for r in replies:
            if r.outbox_id:
                await engine.delivered(r.outbox_id)
    conv = engine._cache.get(who.key)  # noqa: SLF001 - the benchmark checks what it wrote
    expected[who] = conv.version if conv else 0


async def run_engine(
    url: str,
    users: int,
    turns: int,
    dialogs: dialog_files.Dialogs | None = None,
    think: float = 0.0,
    prefix: str = "user",
) -> EngineStats:
    d = dialogs or dialog_files.load()
    tune_gc()  # as the bot does at start-up (bot/app.py)
    store = make_store(url, pool_size=10)
    await store.open()
    engine = Engine(d, store)
    lat: list[float] = []
    expected: dict[Who, int] = {}
    whos = [Who(platform="bench", workspace="T", user=f"{prefix}{i}") for i in range(users)]
    start = time.perf_counter()
    await asyncio.gather(*(walk(engine, w, turns, lat, expected, think) for w in whos))
    seconds = time.perf_counter() - start
    await store.flush()
    await store.close()
    # Nothing lost: a fresh store reads back every user's final version.
    check = make_store(url)
    await check.open()
    lost = 0
    for w in whos:
        c = await check.load(w)
        lost += (c.version if c else 0) != expected[w]
    await check.close()
    return EngineStats(users, len(lat), seconds, lat, getattr(store, "batches", 0), lost)


def raw_sqlite_tps(db: Path, n: int) -> float:
    """The reference: plain sqlite3, one single-row upsert transaction per turn, same disk."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("CREATE TABLE IF NOT EXISTS ref (k TEXT PRIMARY KEY, v TEXT, n INTEGER)")
    payload = "x" * 300
    start = time.perf_counter()
    for i in range(n):
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO ref (k, v, n) VALUES (?, ?, 1) ON CONFLICT(k) DO UPDATE SET v = excluded.v, n = n + 1",
            (f"k{i % 1000}", payload),
        )
        con.execute("COMMIT")
    secs = time.perf_counter() - start
    con.close()
    return n / secs


def prefill(db: Path, conversations: int) -> None:
    """A database holding many stored conversations, written the fast way."""
    store_init = SQLiteStore(db)
    asyncio.run(_open_close(store_init))
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    answers = '{"stage":"between_rounds","rounds":"2","signals":["late","vague"],"accept":"unsure","drift":"no"}'
    history = (
        '[{"node":"stage","answers":{}},{"node":"rounds","answers":{"stage":"between_rounds"}}]'
    )
    now = time.time()
    batch = 50_000
    for start in range(0, conversations, batch):
        rows = [
            (
                "slack",
                "TPRE",
                f"U{i:08d}",
                "reason",
                answers,
                history,
                "en",
                None,
                7,
                now - 3600,
                now - 7200,
            )
            for i in range(start, min(conversations, start + batch))
        ]
        con.execute("BEGIN")
        con.executemany(
            "INSERT OR IGNORE INTO conversations (platform, workspace, user_id, node, answers, history, locale, locale_override, version, updated_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


async def _open_close(store: SQLiteStore) -> None:
    await store.open()
    await store.close()


def db_size(db: Path) -> int:
    return sum(os.path.getsize(p) for p in (db, Path(f"{db}-wal")) if p.exists())


def summary(s: EngineStats) -> dict[str, float]:
    return {
        "users": s.users,
        "turns": s.turns,
        "seconds": round(s.seconds, 3),
        "turns_per_s": round(s.turns_per_s, 1),
        "p50_ms": round(s.pct(50), 3),
        "p95_ms": round(s.pct(95), 3),
        "p99_ms": round(s.pct(99), 3),
        "max_ms": round(max(s.latencies_ms), 3),
        "mean_ms": round(statistics.fmean(s.latencies_ms), 3),
        "commits": s.batches,
        "lost": s.lost,
    }
