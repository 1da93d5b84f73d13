"""Storage: the interface (base) and the SQLite implementation."""

from .base import CommitResult, DueItem, OutboxRow, Outcome, Store, TurnWrite
from .sqlite import SQLiteStore

__all__ = ["CommitResult", "DueItem", "Outcome", "OutboxRow", "SQLiteStore", "Store", "TurnWrite"]
