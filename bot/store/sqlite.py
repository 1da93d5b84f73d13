"""The SQLite store (aiosqlite, WAL): the only module that speaks SQL.

Writes go through one writer task that commits many users' turns in one transaction
(group commit) and releases each waiting turn only after that commit: a reply is never
sent for a turn whose state is not on disk, and a thousand concurrent users cost a
handful of transactions instead of a thousand. Reads use a second connection, which WAL
lets run beside the writer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from ..conversation.state import Conversation, DraftState, Pending, Timers
from ..conversation.undo import Undo
from ..models import Who
from . import sqlite_batch as batch
from .base import CommitResult, DueItem, OutboxRow, Store, TurnWrite
from .schema import LATEST, MIGRATIONS

log = logging.getLogger(__name__)
T = TypeVar("T")
BATCH_MAX = 512


class StoreError(RuntimeError):
    """The database cannot be used; the message says why in plain words."""


def path_from_url(url: str) -> Path:
    """`sqlite:///data/coach.db` is relative to the working directory; `sqlite:////abs` absolute."""
    if not url.startswith("sqlite:///"):
        raise StoreError(
            "DATABASE_URL must look like sqlite:///data/coach.db or "
            f"postgresql://user:password@host:5432/database, got {url.split(':')[0]}:..."
        )
    return Path(url[len("sqlite:///") :])


class _Mark:
    def __init__(self, ids: list[str], now: float):
        self.ids, self.now = ids, now


class SQLiteStore(Store):
    def __init__(self, path: Path | str, *, busy_timeout_ms: int = 5000):
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._r: aiosqlite.Connection | None = None
        self._w: sqlite3.Connection | None = None  # used only on the writer thread
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._queue: asyncio.Queue[
            tuple[TurnWrite | _Mark, asyncio.Future[CommitResult] | None]
        ] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0  # how many transactions the writer committed (for benchmarks)

    # --- life cycle -------------------------------------------------------------------

    async def open(self) -> None:
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._r = await self._connect()
            await self._check_integrity(self._r)
            self._w = await self._on_writer(self._connect_writer)
            await self._on_writer(self._migrate, self._w)
        except sqlite3.DatabaseError as e:
            await self._close_connections()
            raise StoreError(f"cannot use the database at {self.path}: {e}") from e
        except BaseException:
            await self._close_connections()
            raise
        self._writer = asyncio.create_task(self._write_loop(), name="store-writer")

    async def _connect(self) -> aiosqlite.Connection:
        db = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            for pragma in self._pragmas():
                await db.execute(pragma)
        except BaseException:
            await db.close()
            raise
        return db

    def _connect_writer(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        for pragma in self._pragmas():
            db.execute(pragma)
        return db

    def _pragmas(self) -> list[str]:
        # NORMAL is safe against a killed process in WAL mode (only power loss can drop
        # the last commits), and keeps commits off fsync's critical path.
        return [
            f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA cache_size = -32768",
        ]

    async def _on_writer(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    async def _check_integrity(self, db: aiosqlite.Connection) -> None:
        async with db.execute("PRAGMA quick_check") as cur:
            row = await cur.fetchone()
        if row is None or row[0] != "ok":
            raise StoreError(
                f"the database at {self.path} failed its integrity check ({row[0] if row else 'no answer'}); "
                "restore it from a backup or move it aside to start empty"
            )

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Step by step to the latest schema, each step in its own transaction."""
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = db.execute("SELECT version FROM schema_version").fetchone()
        current = row[0] if row else 0
        if current > LATEST:
            raise StoreError(
                f"the database at {self.path} has schema {current}, newer than this bot ({LATEST}): upgrade the bot"
            )
        for version in range(current, LATEST):
            db.execute("BEGIN IMMEDIATE")
            try:
                step = MIGRATIONS[version]
                if callable(step):
                    step(db)
                else:
                    for statement in step.split(";"):
                        if statement.strip():
                            db.execute(statement)
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            log.info("database schema upgraded to version %d", version + 1)

    async def schema_version(self) -> int:
        async with self._reader.execute("SELECT version FROM schema_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def close(self) -> None:
        if self._writer is not None:
            await self._queue.join()
            self._writer.cancel()
            try:
                await self._writer
            except asyncio.CancelledError:
                pass
            self._writer = None
        await self._close_connections()

    async def _close_connections(self) -> None:
        if self._w is not None:
            await self._on_writer(self._w.close)
        if self._r is not None:
            await self._r.close()
        self._r = self._w = None
        self._thread.shutdown(wait=True)

    @property
    def _reader(self) -> aiosqlite.Connection:
        if self._r is None:
            raise StoreError("the store is not open")
        return self._r

    # --- reads --------------------------------------------------------------------------

    async def load(self, who: Who) -> Conversation | None:
        sql = f"SELECT node, answers, history, locale, locale_override, version, created_at, updated_at, last_event, last_replies, recent_events, state FROM conversations WHERE {batch.KEY}"
        row = await self._fetchone(sql, who.key)  # WAL readers do not wait for the writer
        if row is None:
            return None
        (
            node,
            answers,
            history,
            locale,
            override,
            version,
            created,
            updated,
            last_event,
            last_replies,
            recent,
            state,
        ) = row
        extra = json.loads(state)
        return Conversation.model_construct(
            who=who,
            node=node,
            answers=json.loads(answers),
            history=[Undo.model_construct(**h) for h in json.loads(history)],
            locale=locale,
            locale_override=override,
            version=version,
            created_at=created,
            updated_at=updated,
            ticked=extra.get("ticked") or {},
            flags=extra.get("flags") or {},
            drafts=DraftState.model_validate(extra.get("drafts") or {}),
            timers=Timers.model_validate(extra.get("timers") or {}),
            timezone=extra.get("timezone"),
            pending=Pending.model_validate(extra["pending"]) if extra.get("pending") else None,
            from_story=extra.get("from_story") or [],
            last_event=last_event,
            last_replies=last_replies,
            recent_events=[tuple(e) for e in json.loads(recent)],
        )

    async def _fetchone(self, sql: str, args: Iterable[Any]) -> Any:
        async with self._reader.execute(sql, tuple(args)) as cur:
            return await cur.fetchone()

    async def _fetchall(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        async with self._reader.execute(sql, tuple(args)) as cur:
            return list(await cur.fetchall())

    async def undelivered(self, platforms: Collection[str] | None = None) -> list[OutboxRow]:
        rows = await self._fetchall(
            "SELECT id, platform, workspace, user_id, message, created_at FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, rowid"
        )
        return [
            OutboxRow(r[0], Who(platform=r[1], workspace=r[2], user=r[3]), r[4], r[5])
            for r in rows
            if platforms is None or r[1] in platforms
        ]

    async def due(self, now: float, limit: int = 100) -> list[DueItem]:
        rows = await self._fetchall(
            "SELECT id, platform, workspace, user_id, kind, due_at FROM schedule WHERE done_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
            (now, limit),
        )
        return [
            DueItem(r[0], Who(platform=r[1], workspace=r[2], user=r[3]), r[4], r[5]) for r in rows
        ]

    def describe(self) -> str:
        return f"SQLite at {self.path}"

    # --- writes -------------------------------------------------------------------------

    async def commit(self, write: TurnWrite) -> CommitResult:
        if self._writer is None:
            raise StoreError("the store is not open")
        fut: asyncio.Future[CommitResult] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((write, fut))
        return await fut

    async def mark_delivered(self, outbox_ids: list[str], now: float) -> None:
        """Queued behind pending turns; callers need not wait for the disk."""
        if outbox_ids and self._writer is not None:
            self._queue.put_nowait((_Mark(list(outbox_ids), now), None))

    async def flush(self) -> None:
        await self._queue.join()

    async def purge(self, idle_before: float) -> int:
        await self.flush()
        return await self._on_writer(self._retry, batch.purge, self._db(), idle_before)

    def _db(self) -> sqlite3.Connection:
        if self._w is None:
            raise StoreError("the store is not open")
        return self._w

    async def _write_loop(self) -> None:
        while True:
            first = await self._queue.get()
            jobs = [first]
            while len(jobs) < BATCH_MAX and not self._queue.empty():
                jobs.append(self._queue.get_nowait())
            try:
                await self._run_jobs(jobs)
            except Exception as e:  # never leave a turn waiting forever
                log.exception("store write failed")
                for _, fut in jobs:
                    if fut is not None and not fut.done():
                        fut.set_exception(StoreError(f"could not save: {e}"))
            finally:
                for _ in jobs:
                    self._queue.task_done()

    async def _run_jobs(self, jobs: list[tuple[Any, asyncio.Future[Any] | None]]) -> None:
        turns = [(w, f) for w, f in jobs if isinstance(w, TurnWrite)]
        marks = [w for w, _ in jobs if isinstance(w, _Mark)]
        rows = [batch.row_values(w) for w, _ in turns]  # on the loop: see row_values
        delivered = [(m.now, i) for m in marks for i in m.ids]
        results = await self._on_writer(
            self._retry, batch.commit_batch, self._db(), [w for w, _ in turns], rows, delivered
        )
        self.batches += 1
        for (_, fut), res in zip(turns, results, strict=True):
            if fut is not None and not fut.done():
                fut.set_result(res)

    def _retry(self, fn: Callable[..., T], *args: Any, attempts: int = 5) -> T:
        """busy_timeout covers most contention; a locked database is retried a few times more."""
        for i in range(attempts):
            try:
                return fn(*args)
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e) or i == attempts - 1:
                    raise
                log.warning("database is locked, retrying (%d)", i + 1)
                time.sleep(0.05 * (2**i))
        raise AssertionError("unreachable")
