"""`migrate-store`: every table from SQLite to PostgreSQL and back, counts verified, a
non-empty target refused unless told, and conversations carry on after the move."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.store import SQLiteStore, StoreError
from bot.store.copy import copy_store
from bot.store.postgres import PostgresStore

from .. import store_queries as queries
from ..helpers import Clock, Conversation, fill_slots, to_actions


async def fill(store: SQLiteStore | PostgresStore, dialogs: Dialogs, clock: Clock) -> Engine:
    """Users in every state worth moving: a draft, a pending reminder, an undelivered DM."""
    await store.open()
    engine = Engine(dialogs, store, clock=clock)
    for n in range(3):
        chat = Conversation(engine, user=f"U{n}")
        await to_actions(chat, "between_rounds")
        await chat.click("draft_note")
        await fill_slots(chat, reason="brief")
        await chat.click("not_yet")  # schedules the reminder
    await Conversation(engine, user="U-new").start()
    await store.close()
    return engine


async def test_sqlite_to_postgres_and_back(
    dialogs: Dialogs, tmp_path: Path, pg_url: str, clock: Clock
) -> None:
    source = SQLiteStore(tmp_path / "from.db")
    await fill(source, dialogs, clock)
    report = await copy_store(SQLiteStore(tmp_path / "from.db"), PostgresStore(pg_url))
    assert report.counts["conversations"] == 4 and report.counts["drafts"] >= 3
    assert report.counts["schedule"] >= 3 and report.counts["outbox"] >= 3

    target = PostgresStore(pg_url)
    await target.open()
    old = SQLiteStore(tmp_path / "from.db")
    await old.open()
    try:
        for n in range(3):
            who = Conversation(Engine(dialogs, target), user=f"U{n}").who
            assert await target.load(who) == await old.load(who)
            assert await queries.drafts(target, who) == await queries.drafts(old, who)
        # The move kept the schedule: the reminder fires from PostgreSQL, and a new item
        # gets a fresh id (the identity sequence was moved past the copied ids).
        engine = Engine(dialogs, target, clock=clock)
        got: list[str] = []

        async def inbox(who: object, message: object) -> None:
            got.append(getattr(message, "text", ""))

        engine.register_sender("test", inbox)
        clock.advance(2 * 86400)
        assert await engine.fire_due() == 3 and len(got) == 3
        chat = Conversation(engine, user="U-later")
        await to_actions(chat, "between_rounds")
        await chat.click("draft_note")
        await fill_slots(chat, reason="brief")
        await chat.click("not_yet")
    finally:
        await old.close()
        await target.close()

    back = await copy_store(PostgresStore(pg_url), SQLiteStore(tmp_path / "back.db"))
    assert back.counts["conversations"] == 5


async def test_a_non_empty_target_is_refused_unless_told(
    dialogs: Dialogs, tmp_path: Path, pg_url: str, clock: Clock
) -> None:
    await fill(SQLiteStore(tmp_path / "a.db"), dialogs, clock)
    await copy_store(SQLiteStore(tmp_path / "a.db"), PostgresStore(pg_url))
    with pytest.raises(StoreError, match="already holds data.*--replace"):
        await copy_store(SQLiteStore(tmp_path / "a.db"), PostgresStore(pg_url))
    report = await copy_store(SQLiteStore(tmp_path / "a.db"), PostgresStore(pg_url), replace=True)
    assert report.counts["conversations"] == 4  # replaced, not doubled
    with pytest.raises(StoreError, match="same database"):
        await copy_store(SQLiteStore(tmp_path / "a.db"), SQLiteStore(tmp_path / "a.db"))
