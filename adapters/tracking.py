"""What every platform adapter does around a turn, in one place: track the work for a
clean shutdown, keep one user's turns and replies in order, log failures without user
text, and count handled events (tests wait on the count instead of sleeping)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any, TypeVar

from bot.engine import Engine
from bot.models import Who

log = logging.getLogger(__name__)
K = TypeVar("K")
V = TypeVar("V")


class Tracker:
    def __init__(self, engine: Engine, platform: str, *, concurrency: int | None = None):
        self.engine = engine
        self.platform = platform
        self.handled = 0
        self._changed = asyncio.Condition()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._slots = asyncio.Semaphore(concurrency) if concurrency else None
        self._user_locks: dict[tuple[str, str, str], asyncio.Lock] = {}

    @contextlib.asynccontextmanager
    async def handling(self, what: str) -> AsyncIterator[None]:
        """One inbound event's work: counted, tracked for shutdown, errors logged without text."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            async with self._slots or contextlib.nullcontext():
                with self.engine.busy():
                    yield
        except Exception as e:
            log.error("%s: handling a %s failed (%s)", self.platform, what, type(e).__name__)
            log.debug("%s: %s failure", self.platform, what, exc_info=True)
        finally:
            if task is not None:
                self._tasks.discard(task)
            self.handled += 1
            async with self._changed:
                self._changed.notify_all()

    @contextlib.asynccontextmanager
    async def user_lock(self, who: Who) -> AsyncIterator[None]:
        """One user's turns and their replies go out in order."""
        lock = self._user_locks.setdefault(who.key, asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            if not lock.locked() and not getattr(lock, "_waiters", None):
                self._user_locks.pop(who.key, None)

    async def wait_handled(self, count: int, timeout: float = 5.0) -> None:
        """Wait until `count` inbound events have been handled in total."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: self.handled >= count)

    async def drain(self, timeout: float) -> None:
        """Let the work in flight finish (at most `timeout` seconds)."""
        pending = {t for t in self._tasks if t is not asyncio.current_task()}
        if pending:
            await asyncio.wait(pending, timeout=timeout)


class Lru(OrderedDict[K, V]):
    """A small bounded cache (a user's locale, their DM channel id): memory stays flat."""

    def __init__(self, size: int = 20_000):
        super().__init__()
        self.size = size

    def put(self, key: K, value: V) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
