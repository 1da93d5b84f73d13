"""Queries only tests need (what rows a store holds about a user), per backend.

The bot never asks these; keeping them out of the `Store` interface keeps it small.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import asyncpg

from bot.models import Draft, Who
from bot.store import SQLiteStore, Store
from bot.store.postgres import PostgresStore
from bot.store.schema import USER_TABLES

KEY = "platform = ? AND workspace = ? AND user_id = ?"
PG_KEY = "platform = $1 AND workspace = $2 AND user_id = $3"


async def pg_fetch(store: PostgresStore, sql: str, *args: Any) -> list[asyncpg.Record]:
    """A query on a connection of its own (the store's pool is the bot's)."""
    db = await asyncpg.connect(store.url)
    try:
        return list(await db.fetch(sql, *args))
    finally:
        await db.close()


async def counts(store: Store, who: Who) -> dict[str, int]:
    """Rows held about one user, per table (for `forget`, retention and their tests)."""
    await store.flush()
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path) as db:
            return {
                t: int(db.execute(f"SELECT COUNT(*) FROM {t} WHERE {KEY}", who.key).fetchone()[0])
                for t in USER_TABLES
            }
    if isinstance(store, PostgresStore):
        return {
            t: int(
                (await pg_fetch(store, f"SELECT COUNT(*) FROM {t} WHERE {PG_KEY}", *who.key))[0][0]
            )
            for t in USER_TABLES
        }
    raise TypeError(f"no test queries for {type(store).__name__}")


async def drafts(store: Store, who: Who) -> list[Draft]:
    """Every saved version of the user's notes, oldest first."""
    await store.flush()
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path) as db:
            rows = db.execute(
                f"SELECT version, kind, subject, body, created_at FROM drafts WHERE {KEY} ORDER BY version",
                who.key,
            ).fetchall()
    elif isinstance(store, PostgresStore):
        rows = await pg_fetch(
            store,
            f"SELECT version, kind, subject, body, created_at FROM drafts WHERE {PG_KEY} ORDER BY version",
            *who.key,
        )
    else:
        raise TypeError(f"no test queries for {type(store).__name__}")
    return [Draft(version=r[0], kind=r[1], subject=r[2], body=r[3], created_at=r[4]) for r in rows]


async def expire_claims(store: Store) -> None:
    """As if every claim's lease had run out (a process that claimed them died)."""
    await store.flush()
    if isinstance(store, PostgresStore):
        for table in ("outbox", "schedule"):
            await pg_fetch(
                store, f"UPDATE {table} SET claimed_until = 0 WHERE claimed_until IS NOT NULL"
            )
