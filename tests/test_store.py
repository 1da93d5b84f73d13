"""The SQLite store: resume after restart, compare-and-swap, schema upgrades, forgetting."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.conversation import Conversation as State
from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.models import Who
from bot.store import Outcome, SQLiteStore, TurnWrite
from bot.store.schema import LATEST, MIGRATIONS
from bot.store.sqlite import StoreError

from . import store_queries as queries
from .helpers import Clock, Conversation, fill_slots, to_actions


async def test_a_fresh_engine_on_the_same_file_resumes(
    dialogs: Dialogs, db_path: Path, clock: Clock
) -> None:
    store = SQLiteStore(db_path)
    await store.open()
    chat = Conversation(Engine(dialogs, store, clock=clock))
    await chat.start()
    await chat.click("between_rounds")
    await chat.say("3")
    await store.close()

    store2 = SQLiteStore(db_path)
    await store2.open()
    again = Conversation(Engine(dialogs, store2, clock=clock))
    await again.start()
    assert "Welcome back" in again.texts()
    assert again.node == "signals"
    await again.say("back")
    assert again.node == "rounds"
    await store2.close()


async def test_two_engines_on_one_file_never_lose_an_update(
    dialogs: Dialogs, db_path: Path, clock: Clock
) -> None:
    s1, s2 = SQLiteStore(db_path), SQLiteStore(db_path)
    await s1.open()
    await s2.open()
    a = Conversation(Engine(dialogs, s1, clock=clock))
    b = Conversation(Engine(dialogs, s2, clock=clock))
    await a.start()
    await a.click("offer")  # engine 1 caches the conversation at the checklist
    await b.start()  # engine 2 loads it from the file
    await b.say("1")  # engine 2 ticks item 1
    await a.say("4")  # engine 1's cached copy is stale: CAS fails, it reloads and ticks item 4
    saved = await s1.load(a.who)
    assert saved is not None
    assert saved.ticked["signals"] == ["inappropriate", "late"]
    await s1.close()
    await s2.close()


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


async def test_forget_deletes_everything_about_the_user(
    engine: Engine, store: SQLiteStore, clock: Clock
) -> None:
    chat = Conversation(engine, user="U-forget")
    other = Conversation(engine, user="U-other")
    await other.start()
    await to_actions(chat, "not_yet")
    await chat.click("draft_note")
    await fill_slots(chat, reason="brief")
    await chat.click("not_yet")  # schedules a reminder
    counts = await queries.counts(store, chat.who)
    assert counts["conversations"] == 1 and counts["drafts"] >= 1 and counts["schedule"] >= 1
    await chat.say("forget")
    assert "can't be undone" in chat.texts()
    await chat.click("_yes")
    assert "deleted everything" in chat.texts()
    await store.flush()
    assert await queries.counts(store, chat.who) == dict.fromkeys(counts, 0)
    assert (await queries.counts(store, other.who))["conversations"] == 1
    clock.advance(200)
    assert await engine.fire_due() == 0


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
