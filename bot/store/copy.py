"""`python -m bot migrate-store --from URL --to URL`: copy every table between two stores.

Both are opened first (so both are at the latest schema, the same columns on both
engines), the source is read in one snapshot, the target written in one transaction (a
failure leaves it as it was), then the row counts are compared table by table. A target
that already holds rows is refused unless `replace` is given (it is emptied first).
Stop the bot while copying: turns taken during the copy would not be in the target.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from typing import Any

import asyncpg

from .base import Store
from .postgres import PostgresStore
from .sqlite import SQLiteStore, StoreError

Rows = list[tuple[Any, ...]]

# Every table at the latest schema, with its columns (schema_version is written by open()).
TABLES: dict[str, tuple[str, ...]] = {
    "conversations": (
        "platform", "workspace", "user_id", "node", "answers", "history", "locale",
        "version", "created_at", "updated_at", "locale_override", "last_event",
        "last_replies", "recent_events", "state",
    ),
    "outbox": (
        "id", "platform", "workspace", "user_id", "message", "created_at", "delivered_at",
        "claimed_until",
    ),
    "drafts": (
        "platform", "workspace", "user_id", "version", "kind", "subject", "body", "created_at",
    ),
    "schedule": (
        "id", "platform", "workspace", "user_id", "kind", "due_at", "payload", "done_at",
        "claimed_until",
    ),
}  # fmt: skip


@dataclass
class CopyReport:
    source: str
    target: str
    counts: dict[str, int]


async def copy_store(source: Store, target: Store, *, replace: bool = False) -> CopyReport:
    """Copy every row of `source` into `target` (both opened here, and closed)."""
    if _same(source, target):
        raise StoreError("--from and --to name the same database")
    await source.open()
    try:
        await target.open()
        try:
            return await _copy(source, target, replace)
        finally:
            await target.close()
    finally:
        await source.close()


async def _copy(source: Store, target: Store, replace: bool) -> CopyReport:
    held = {t: n for t, n in (await counts(target)).items() if n}
    if held and not replace:
        what = ", ".join(f"{t}: {n} rows" for t, n in held.items())
        raise StoreError(
            f"the target ({target.describe()}) already holds data ({what}); "
            "pass --replace to empty it first"
        )
    data = await read_all(source)
    await write_all(target, data)
    got, want = await counts(target), {t: len(rows) for t, rows in data.items()}
    if got != want:
        raise StoreError(f"the copy does not match: expected {want}, the target holds {got}")
    return CopyReport(source.describe(), target.describe(), got)


def _same(a: Store, b: Store) -> bool:
    if isinstance(a, SQLiteStore) and isinstance(b, SQLiteStore):
        return a.path.resolve() == b.path.resolve()
    return isinstance(a, PostgresStore) and isinstance(b, PostgresStore) and a.url == b.url


async def counts(store: Store) -> dict[str, int]:
    if isinstance(store, PostgresStore):
        db = await asyncpg.connect(store.url)
        try:
            return {t: int(await db.fetchval(f"SELECT COUNT(*) FROM {t}")) for t in TABLES}
        finally:
            await db.close()
    path = _path(store)
    return await asyncio.to_thread(_sqlite_counts, path)


async def read_all(store: Store) -> dict[str, Rows]:
    """Every table's rows, from one consistent snapshot of the source."""
    if isinstance(store, PostgresStore):
        db = await asyncpg.connect(store.url)
        try:
            async with db.transaction(isolation="repeatable_read", readonly=True):
                return {
                    t: [tuple(r) for r in await db.fetch(f"SELECT {', '.join(c)} FROM {t}")]
                    for t, c in TABLES.items()
                }
        finally:
            await db.close()
    return await asyncio.to_thread(_sqlite_read, _path(store))


async def write_all(store: Store, data: dict[str, Rows]) -> None:
    """Empty the target's tables and write every row, in one transaction."""
    if isinstance(store, PostgresStore):
        db = await asyncpg.connect(store.url)
        try:
            async with db.transaction():
                await db.execute(f"TRUNCATE {', '.join(TABLES)}")
                for table, rows in data.items():
                    await db.copy_records_to_table(table, records=rows, columns=TABLES[table])
                await db.execute(
                    "SELECT setval(pg_get_serial_sequence('schedule', 'id'), "
                    "COALESCE(MAX(id), 0) + 1, false) FROM schedule"
                )
        finally:
            await db.close()
        return
    await asyncio.to_thread(_sqlite_write, _path(store), data)


def _path(store: Store) -> str:
    if not isinstance(store, SQLiteStore):
        raise StoreError(f"cannot copy {store.describe()}: unknown kind of store")
    return str(store.path)


def _sqlite_counts(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in TABLES}


def _sqlite_read(path: str) -> dict[str, Rows]:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")  # one snapshot for every table (WAL)
        out = {
            t: db.execute(f"SELECT {', '.join(c)} FROM {t}").fetchall() for t, c in TABLES.items()
        }
        db.execute("COMMIT")
        return out
    finally:
        db.close()


def _sqlite_write(path: str, data: dict[str, Rows]) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            for table, rows in data.items():
                cols = TABLES[table]
                db.execute(f"DELETE FROM {table}")
                db.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    rows,
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    finally:
        db.close()
