"""What only the SQLite store does: schema upgrades, refusing a newer or damaged file,
waiting for a locked one."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.conversation import Conversation as State
from bot.engine import Engine
from bot.models import Who
from bot.store import Outcome, SQLiteStore, TurnWrite
from bot.store.schema import LATEST, MIGRATIONS
from bot.store.sqlite import StoreError

from ..helpers import Conversation


async def test_compare_and_swap_rejects_a_stale_version(store: SQLiteStore) -> None:
    who = Who(platform="t", workspace="w", user="u")
    state = State(who=who, node="stage", version=1, created_at=1, updated_at=1)
    assert (
        await store.commit(TurnWrite(who=who, expected_version=0, conversation=state, now=1))
    ).outcome is Outcome.OK
    again = await store.commit(TurnWrite(who=who, expected_version=0, conversation=state, now=1))
    assert again.outcome is Outcome.CONFLICT
    v2 = state.model_copy(update={"version": 2, "node": "rounds"})
    assert (
        await store.commit(TurnWrite(who=who, expected_version=1, conversation=v2, now=2))
    ).outcome is Outcome.OK
    stale = state.model_copy(update={"version": 2, "node": "offer"})
    assert (
        await store.commit(TurnWrite(who=who, expected_version=1, conversation=stale, now=3))
    ).outcome is Outcome.CONFLICT
    loaded = await store.load(who)
    assert loaded is not None and loaded.node == "rounds" and loaded.version == 2


async def test_an_older_schema_is_upgraded(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    db.executescript(MIGRATIONS[0])
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (1)")
    db.execute(
        "INSERT INTO conversations VALUES ('slack', 'T1', 'U1', 'accept', '{\"stage\": \"offer\"}', '[]', 'de', 4, 1.0, 2.0)"
    )
    db.commit()
    db.close()
    store = SQLiteStore(db_path)
    await store.open()
    assert await store.schema_version() == LATEST
    old = await store.load(Who(platform="slack", workspace="T1", user="U1"))
    assert (
        old is not None
        and old.node == "accept"
        and old.locale == "de"
        and old.locale_override is None
    )
    await store.close()


async def test_a_newer_schema_is_refused_clearly(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (99)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this bot"):
        await SQLiteStore(db_path).open()


async def test_a_corrupt_file_is_refused_clearly(db_path: Path) -> None:
    db_path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    with pytest.raises(StoreError, match="cannot use the database|integrity"):
        await SQLiteStore(db_path).open()


async def test_a_locked_database_is_waited_for_not_failed(
    engine: Engine, store: SQLiteStore, db_path: Path
) -> None:
    chat = Conversation(engine, user="U-locked")
    await chat.start()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock...
    turn = asyncio.create_task(chat.click("offer"))
    await asyncio.sleep(0.3)
    assert not turn.done()  # ...so the turn waits (busy timeout) instead of failing
    other.execute("COMMIT")
    other.close()
    await turn
    assert chat.node == "signals"
    assert (await store.load(chat.who)).answers["stage"] == "offer"  # type: ignore[union-attr]
