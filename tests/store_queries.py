"""Queries only tests need (what rows a store holds about a user), per backend.

The bot never asks these; keeping them out of the `Store` interface keeps it small.
"""

from __future__ import annotations

import sqlite3

from bot.models import Draft, Who
from bot.store import SQLiteStore, Store
from bot.store.schema import USER_TABLES

KEY = "platform = ? AND workspace = ? AND user_id = ?"


async def counts(store: Store, who: Who) -> dict[str, int]:
    """Rows held about one user, per table (for `forget`, retention and their tests)."""
    await store.flush()
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path) as db:
            return {
                t: int(db.execute(f"SELECT COUNT(*) FROM {t} WHERE {KEY}", who.key).fetchone()[0])
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
        return [
            Draft(version=r[0], kind=r[1], subject=r[2], body=r[3], created_at=r[4]) for r in rows
        ]
    raise TypeError(f"no test queries for {type(store).__name__}")
