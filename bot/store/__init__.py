"""Storage: the interface (base), the SQLite and PostgreSQL implementations, their schemas.

`make_store(url)` picks the backend from `DATABASE_URL` (`sqlite:///...`, the default, or
`postgresql://...`); everything else (the engine, background tasks, the CLI, adapters) is
typed against `Store` only.
"""

from __future__ import annotations

from .base import CommitResult, DueItem, OutboxRow, Outcome, Store, TurnWrite
from .sqlite import SQLiteStore, StoreError, path_from_url

__all__ = [
    "CommitResult",
    "DueItem",
    "OutboxRow",
    "Outcome",
    "SQLiteStore",
    "Store",
    "StoreError",
    "TurnWrite",
    "make_store",
    "path_from_url",
]


def make_store(
    url: str, *, pool_size: int = 10, connect_timeout: float = 10.0, lease: float = 60.0
) -> Store:
    """The store `DATABASE_URL` names (not yet opened). The keywords matter to PostgreSQL
    only: the connection pool's size, how long to wait for a connection, the claim lease."""
    if url.startswith(("postgresql:", "postgres:")):
        from .postgres import PostgresStore  # asyncpg is loaded only when it is used

        return PostgresStore(url, pool_size=pool_size, connect_timeout=connect_timeout, lease=lease)
    return SQLiteStore(path_from_url(url))
