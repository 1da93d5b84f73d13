"""Reading conversations from PostgreSQL: the loads that are waiting go in one query
(group read, as writes go in one group commit), and rows back into the typed state."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import pydantic_core

from ..conversation.state import Conversation, DraftState, Pending, Timers
from ..conversation.undo import Undo
from ..models import Who
from .pg_errors import Conn

Key = tuple[str, str, str]
BATCH_MAX = 512
LOAD_MANY = """
SELECT c.platform, c.workspace, c.user_id, node, answers, history, locale, locale_override,
       version, created_at, updated_at, last_event, last_replies, recent_events, state
FROM unnest($1::text[], $2::text[], $3::text[]) AS k(platform, workspace, user_id)
JOIN conversations c USING (platform, workspace, user_id)
"""
Run = Callable[[Callable[[Conn], Awaitable[list[asyncpg.Record]]]], Awaitable[list[asyncpg.Record]]]


class GroupReader:
    """Loads asked for while a query runs wait for the next one, which fetches them all:
    a thousand users' turns cost a handful of queries (and pool hand-offs), not a thousand."""

    def __init__(self, run: Run, readers: int = 2):
        self._run = run
        self._queue: asyncio.Queue[tuple[Key, asyncio.Future[asyncpg.Record | None]]] = (
            asyncio.Queue()
        )
        self._tasks = [
            asyncio.create_task(self._loop(), name=f"store-reader-{i}") for i in range(readers)
        ]

    async def load(self, key: Key) -> asyncpg.Record | None:
        fut: asyncio.Future[asyncpg.Record | None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((key, fut))
        return await fut

    async def close(self) -> None:
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        while not self._queue.empty():
            _, fut = self._queue.get_nowait()
            if not fut.done():
                fut.cancel()

    async def _loop(self) -> None:
        while True:
            jobs = [await self._queue.get()]
            while len(jobs) < BATCH_MAX and not self._queue.empty():
                jobs.append(self._queue.get_nowait())
            keys = list(dict.fromkeys(k for k, _ in jobs))
            try:
                rows = await self._run(_fetch_keys(keys))
            except Exception as e:  # every waiting load gets the error (the engine answers)
                for _, fut in jobs:
                    if not fut.done():
                        fut.set_exception(e)
                continue
            found = {(r["platform"], r["workspace"], r["user_id"]): r for r in rows}
            for key, fut in jobs:
                if not fut.done():
                    fut.set_result(found.get(key))


def _fetch_keys(keys: list[Key]) -> Callable[[Conn], Awaitable[list[asyncpg.Record]]]:
    columns = [[k[i] for k in keys] for i in range(3)]

    async def fetch(db: Conn) -> list[asyncpg.Record]:
        return list(await db.fetch(LOAD_MANY, *columns))

    return fetch


def _json(text: str) -> Any:
    return pydantic_core.from_json(text)


def conversation_from_row(who: Who, r: asyncpg.Record) -> Conversation:
    """Trusted rows (the store wrote them): constructed without re-validating each field."""
    extra = _json(r["state"])
    return Conversation.model_construct(
        who=who,
        node=r["node"],
        answers=_json(r["answers"]),
        history=[Undo.model_construct(**h) for h in _json(r["history"])],
        locale=r["locale"],
        locale_override=r["locale_override"],
        version=r["version"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        ticked=extra.get("ticked") or {},
        flags=extra.get("flags") or {},
        drafts=DraftState.model_validate(extra.get("drafts") or {}),
        timers=Timers.model_validate(extra.get("timers") or {}),
        timezone=extra.get("timezone"),
        pending=Pending.model_validate(extra["pending"]) if extra.get("pending") else None,
        from_story=extra.get("from_story") or [],
        last_event=r["last_event"],
        last_replies=r["last_replies"],
        recent_events=[tuple(e) for e in _json(r["recent_events"])],
    )
