"""The SQLite store: resume after restart, compare-and-swap, schema upgrades, forgetting."""

from __future__ import annotations

import pytest

from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.store import SQLiteStore

from .. import store_queries as queries
from ..helpers import Clock, Conversation, fill_slots, to_actions
from .conftest import StoreFactory

pytestmark = pytest.mark.both_backends


async def test_a_fresh_engine_on_the_same_file_resumes(
    dialogs: Dialogs, store_factory: StoreFactory, clock: Clock
) -> None:
    store = store_factory()
    await store.open()
    chat = Conversation(Engine(dialogs, store, clock=clock))
    await chat.start()
    await chat.click("between_rounds")
    await chat.say("3")
    await store.close()

    store2 = store_factory()
    await store2.open()
    again = Conversation(Engine(dialogs, store2, clock=clock))
    await again.start()
    assert "Welcome back" in again.texts()
    assert again.node == "signals"
    await again.say("back")
    assert again.node == "rounds"
    await store2.close()


async def test_two_engines_on_one_file_never_lose_an_update(
    dialogs: Dialogs, store_factory: StoreFactory, clock: Clock
) -> None:
    s1, s2 = store_factory(), store_factory()
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
