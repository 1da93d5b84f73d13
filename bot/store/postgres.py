"""The PostgreSQL store (asyncpg, a connection pool): several bot processes, one database.

The guarantees are SQLite's, kept across processes by the server: each turn is a
compare-and-swap on the conversation's version; turns that are waiting are committed
together (group commit: `pg_batch`, one statement for the whole batch); a reply is
released only after its commit. Direct messages and reminders are *claimed* for a lease
(`claimed_until`) with `FOR UPDATE SKIP LOCKED`, so two processes never send one message or
fire one reminder, and a process that dies leaves its claims to the others when the lease
runs out. Migrations and the retention purge run under advisory locks: once, anywhere.

A server that goes away turns each store call into a StoreError (the engine answers with
an error and changes nothing); the pool reconnects by itself when the server is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Collection
from typing import TypeVar

import asyncpg

from ..conversation.state import Conversation
from ..models import Who
from . import pg_batch as batch
from . import pg_doctor
from .base import CommitResult, DueItem, OutboxRow, Store, TurnWrite
from .pg_errors import CONNECTION_ERRORS, OPEN_ERRORS, Conn, check_url, explain, redact
from .pg_rows import GroupReader, conversation_from_row
from .pg_schema import LATEST, MIGRATIONS
from .schema import USER_TABLES
from .sqlite import StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")
BATCH_MAX = 512
ATTEMPTS = 3  # a call meets a dropped connection or a deadlock: tried again on a fresh one
MIGRATE_LOCK = 0x636F616368_0001  # advisory lock keys ("coach" + a number)
PURGE_LOCK = 0x636F616368_0002
PURGE_CHUNK = 1000
MAX_BACKOFF = 86400.0  # an undeliverable message is retried at least once a day

# Unclaimed (or lease run out) messages, claimed for a pause that grows with their age.
CLAIM_OUTBOX = """
UPDATE outbox o SET claimed_until = $1 + GREATEST($2, LEAST($1 - o.created_at, $5))
FROM (SELECT id FROM outbox
      WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $1)
        AND ($3::text[] IS NULL OR platform = ANY($3::text[]))
      ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED) c
WHERE o.id = c.id
RETURNING o.id, o.platform, o.workspace, o.user_id, o.message, o.created_at
"""
CLAIM_DUE = """
UPDATE schedule s SET claimed_until = $2 + $3
FROM (SELECT id FROM schedule
      WHERE done_at IS NULL AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $2)
      ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED) c
WHERE s.id = c.id
RETURNING s.id, s.platform, s.workspace, s.user_id, s.kind, s.due_at
"""
IDLE = """
SELECT platform, workspace, user_id FROM conversations WHERE updated_at < $1
ORDER BY platform, workspace, user_id LIMIT $2 FOR UPDATE SKIP LOCKED
"""


class _Mark:
    def __init__(self, ids: list[str], now: float):
        self.ids, self.now = ids, now


Job = tuple[TurnWrite | _Mark, asyncio.Future[CommitResult] | None]


class PostgresStore(Store):
    shared = True

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 10,
        connect_timeout: float = 10.0,
        lease: float = 60.0,
        writers: int = 2,
        command_timeout: float = 30.0,
    ):
        check_url(url)
        self.url = url
        self.pool_size = pool_size
        self.connect_timeout = connect_timeout
        self.lease = lease
        self.command_timeout = command_timeout
        self._writer_count = max(1, min(writers, pool_size))
        self._pool: asyncpg.Pool | None = None
        self._queue: asyncio.Queue[Job] = asyncio.Queue()
        self._writers: list[asyncio.Task[None]] = []
        self._reader: GroupReader | None = None
        self.batches = 0  # how many group commits ran (for benchmarks)

    # --- life cycle -------------------------------------------------------------------

    async def open(self) -> None:
        try:
            self._pool = await asyncpg.create_pool(
                self.url,
                min_size=1,
                max_size=self.pool_size,
                timeout=self.connect_timeout,
                command_timeout=self.command_timeout,
                max_inactive_connection_lifetime=300,
                # The group commit's statement is planned once, not for every batch (its
                # plan does not depend on the values; planning it costs more than running it).
                server_settings={"plan_cache_mode": "force_generic_plan"},
                reset=_keep_session,
            )
        except OPEN_ERRORS as e:
            raise StoreError(explain(e, self.url)) from None
        try:
            await self._migrate()
        except StoreError:
            await self._close_pool()
            raise
        except OPEN_ERRORS as e:
            await self._close_pool()
            raise StoreError(explain(e, self.url)) from None
        self._writers = [
            asyncio.create_task(self._write_loop(), name=f"store-writer-{i}")
            for i in range(self._writer_count)
        ]
        self._reader = GroupReader(self._run, readers=self._writer_count)

    async def _migrate(self) -> None:
        """Step by step to the latest schema, under an advisory lock: two processes starting
        together migrate once (the second waits, then finds the work done). On a connection
        of its own, outside the pool: closing it releases the lock, whatever happened."""
        db = await asyncpg.connect(self.url, timeout=self.connect_timeout)
        try:
            if await _version(db) == LATEST:  # the usual start: no lock, no CREATE privilege
                return
            await db.execute("SELECT pg_advisory_lock($1)", MIGRATE_LOCK)
            current = await _version(db)
            if current == 0:
                await db.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
                )
            if current > LATEST:
                raise StoreError(
                    f"the database in DATABASE_URL ({redact(self.url)}) has schema "
                    f"{current}, newer than this bot ({LATEST}): upgrade the bot"
                )
            for version in range(current, LATEST):
                await self._step(db, version)
                log.info("database schema upgraded to version %d", version + 1)
        finally:
            await db.close()

    @staticmethod
    async def _step(db: Conn, version: int) -> None:
        async with db.transaction():
            step = MIGRATIONS[version]
            if callable(step):
                await step(db)
            else:
                await db.execute(step)  # no arguments: several statements in one go
            await db.execute("DELETE FROM schema_version")
            await db.execute("INSERT INTO schema_version (version) VALUES ($1)", version + 1)

    async def close(self) -> None:
        if self._writers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), timeout=self.command_timeout)
            for t in self._writers:
                t.cancel()
            await asyncio.gather(*self._writers, return_exceptions=True)
            self._writers = []
        if self._reader is not None:
            await self._reader.close()
            self._reader = None
        await self._close_pool()

    async def _close_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await asyncio.wait_for(pool.close(), timeout=5)
            except CONNECTION_ERRORS:  # TimeoutError among them
                pool.terminate()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StoreError("the store is not open")
        return self._pool

    async def _run(self, fn: Callable[[Conn], Awaitable[T]]) -> T:
        """`fn` on a pooled connection. A dropped connection (the server restarted) or a
        deadlock is tried again on a fresh connection; then a StoreError in plain words.
        Safe to repeat: every write is a compare-and-swap or idempotent."""
        for attempt in range(ATTEMPTS):
            try:
                async with self.pool.acquire(timeout=self.connect_timeout) as db:
                    return await fn(db)
            except (asyncpg.DeadlockDetectedError, asyncpg.SerializationError):
                if attempt == ATTEMPTS - 1:
                    raise StoreError("the database kept reporting conflicts") from None
            except CONNECTION_ERRORS as e:
                await self.pool.expire_connections()  # the others are likely dead too
                if attempt == ATTEMPTS - 1:
                    raise StoreError(explain(e, self.url)) from None
            await asyncio.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    async def schema_version(self) -> int:
        return int(await self._run(lambda db: db.fetchval("SELECT version FROM schema_version")))

    def describe(self) -> str:
        return f"PostgreSQL at {redact(self.url)}"

    # --- reads --------------------------------------------------------------------------

    async def load(self, who: Who) -> Conversation | None:
        if self._reader is None:
            raise StoreError("the store is not open")
        row = await self._reader.load(who.key)
        return None if row is None else conversation_from_row(who, row)

    async def undelivered(self, platforms: Collection[str] | None = None) -> list[OutboxRow]:
        """Claims what it returns: another process will not get these rows before the lease
        (longer the older a message is) runs out."""
        wanted = sorted(platforms) if platforms is not None else None
        rows = await self._run(
            lambda db: db.fetch(CLAIM_OUTBOX, time.time(), self.lease, wanted, 500, MAX_BACKOFF)
        )
        out = [
            OutboxRow(r["id"], Who(platform=r[1], workspace=r[2], user=r[3]), r[4], r[5])
            for r in rows
        ]
        return sorted(out, key=lambda o: o.created_at)

    async def due(self, now: float, limit: int = 100) -> list[DueItem]:
        """Claims what it returns for the lease: a reminder fires in one process only."""
        rows = await self._run(lambda db: db.fetch(CLAIM_DUE, now, time.time(), self.lease, limit))
        items = [
            DueItem(r[0], Who(platform=r[1], workspace=r[2], user=r[3]), r[4], r[5]) for r in rows
        ]
        return sorted(items, key=lambda d: (d.due_at, d.id))

    # --- writes -------------------------------------------------------------------------

    async def commit(self, write: TurnWrite) -> CommitResult:
        if not self._writers:
            raise StoreError("the store is not open")
        fut: asyncio.Future[CommitResult] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((write, fut))
        return await fut

    async def mark_delivered(self, outbox_ids: list[str], now: float) -> None:
        """Queued behind pending turns, like SQLite's; callers need not wait for it."""
        if outbox_ids and self._writers:
            self._queue.put_nowait((_Mark(list(outbox_ids), now), None))

    async def flush(self) -> None:
        await self._queue.join()

    async def purge(self, idle_before: float) -> int:
        """Retention, in one process at a time (the others skip the pass), in chunks that
        lock only idle rows no turn is writing."""
        await self.flush()
        return await self._run(lambda db: _purge(db, idle_before))

    async def _write_loop(self) -> None:
        while True:
            jobs = [await self._queue.get()]
            while len(jobs) < BATCH_MAX and not self._queue.empty():
                jobs.append(self._queue.get_nowait())
            try:
                await self._run_jobs(jobs)
            except Exception as e:  # never leave a turn waiting forever
                reason = str(e) if isinstance(e, StoreError) else type(e).__name__
                log.warning("store write failed: %s", reason)  # no SQL values: user text
                for _, fut in jobs:
                    if fut is not None and not fut.done():
                        fut.set_exception(StoreError(f"could not save: {reason}"))
            finally:
                for _ in jobs:
                    self._queue.task_done()

    async def _run_jobs(self, jobs: list[Job]) -> None:
        turns = [(w, f) for w, f in jobs if isinstance(w, TurnWrite)]
        delivered = [(i, m.now) for m, _ in jobs if isinstance(m, _Mark) for i in m.ids]
        writes = [w for w, _ in turns]
        claim_until = time.time() + self.lease  # the committing process delivers its own DMs
        results = await self._run(lambda db: batch.commit_batch(db, writes, delivered, claim_until))
        self.batches += 1
        for (_, fut), res in zip(turns, results, strict=True):
            if fut is not None and not fut.done():
                fut.set_result(res)

    async def current_version(self, who: Who) -> int | None:
        """The stored version of `who`'s conversation now (None: there is none): the check
        issue 14's engine makes before it uses a copy it holds in memory."""
        version = await self._run(
            lambda db: db.fetchval(
                "SELECT version FROM conversations "
                "WHERE platform = $1 AND workspace = $2 AND user_id = $3",
                *who.key,
            )
        )
        return None if version is None else int(version)

    # --- for doctor ---------------------------------------------------------------------

    async def problems(self) -> list[str]:
        """What an operator should fix (for `doctor`): see pg_doctor."""
        return await pg_doctor.problems(self._run)

    async def missing_privileges(self) -> list[str]:
        """The privileges the bot needs that its database user lacks (empty: all there)."""
        return await pg_doctor.missing_privileges(self._run)


async def _keep_session(db: Conn) -> None:
    """A connection going back to the pool needs no reset query (a round trip per use):
    the store sets nothing on a session, and its pooled work takes only transaction locks."""


async def _version(db: Conn) -> int:
    if not await db.fetchval("SELECT to_regclass('schema_version') IS NOT NULL"):
        return 0
    return int(await db.fetchval("SELECT version FROM schema_version") or 0)


async def _purge(db: Conn, idle_before: float) -> int:
    """Chunk by chunk, each under a transaction's advisory lock (released at its end, so
    never left behind): while one process purges, the others skip their pass."""
    total = 0
    while True:
        async with db.transaction():
            if not await db.fetchval("SELECT pg_try_advisory_xact_lock($1)", PURGE_LOCK):
                return total  # another process is purging right now
            keys = await db.fetch(IDLE, idle_before, PURGE_CHUNK)
            if not keys:
                return total
            cols = [[k[i] for k in keys] for i in range(3)]
            for table in USER_TABLES:
                await db.execute(
                    f"DELETE FROM {table} WHERE (platform, workspace, user_id) IN "
                    "(SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))",
                    *cols,
                )
            total += len(keys)
