"""The storage interface the engine talks to. Only implementations speak SQL.

Kept small on purpose (as aiogram keeps its FSM storage): a second backend, say
PostgreSQL for several bot processes, implements these methods and nothing else.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import Enum

from ..conversation.state import Conversation
from ..models import Draft, ScheduledItem, Who


class Outcome(Enum):
    OK = "ok"
    CONFLICT = "conflict"  # the row's version moved on (another process wrote it)


@dataclass
class OutboxRow:
    id: str
    who: Who
    message: str  # JSON of an Outbound
    created_at: float


@dataclass
class DueItem:
    id: int
    who: Who
    kind: str
    due_at: float


@dataclass
class TurnWrite:
    """Everything one turn stores, committed in one transaction or not at all."""

    who: Who
    expected_version: int  # 0 when the conversation is new
    conversation: Conversation | None  # None with forget=True
    now: float
    outbox: list[OutboxRow] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    schedule: list[ScheduledItem] = field(default_factory=list)
    cancel_schedule: list[str] = field(default_factory=list)
    schedule_done: list[int] = field(default_factory=list)
    forget: bool = False


@dataclass
class CommitResult:
    outcome: Outcome


class Store(ABC):
    # True where several processes share the data (PostgreSQL): `undelivered` and `due`
    # then claim what they return for a lease, and every process polls the outbox for
    # messages a process that died left behind.
    shared: bool = False

    @abstractmethod
    async def open(self) -> None: ...

    @abstractmethod
    async def close(self) -> None:
        """Finish pending writes, then close."""

    @abstractmethod
    async def load(self, who: Who) -> Conversation | None: ...

    @abstractmethod
    async def commit(self, write: TurnWrite) -> CommitResult:
        """Apply a turn atomically, with a compare-and-swap on the conversation's version."""

    @abstractmethod
    async def mark_delivered(self, outbox_ids: list[str], now: float) -> None: ...

    @abstractmethod
    async def undelivered(self, platforms: Collection[str] | None = None) -> list[OutboxRow]:
        """Messages recorded but not yet delivered (only those of `platforms`, if given)."""

    @abstractmethod
    async def due(self, now: float, limit: int = 100) -> list[DueItem]: ...

    @abstractmethod
    async def purge(self, idle_before: float) -> int:
        """Forget conversations idle since before `idle_before`, with all their rows."""

    @abstractmethod
    async def flush(self) -> None:
        """Wait until every write handed in so far is on disk."""

    @abstractmethod
    async def schema_version(self) -> int:
        """The schema version of the open database (for `doctor`)."""

    @abstractmethod
    def describe(self) -> str:
        """Where the data lives, for operators' messages (never a password)."""
