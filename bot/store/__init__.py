"""Storage: the interface (base), the SQLite implementation and its schema.

`open_store(url)` picks the backend from `DATABASE_URL`; everything else (the engine,
background tasks, the CLI, adapters) is typed against `Store` only.
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


def make_store(url: str) -> Store:
    """The store `DATABASE_URL` names (not yet opened)."""
    return SQLiteStore(path_from_url(url))
