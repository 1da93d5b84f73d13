"""The PostgreSQL server lost while the bot runs: error replies that change nothing, then
the same engine and store carry on once the server is back, without a restart.

The server here is one of this module's own (it is stopped and started again), even when
TEST_DATABASE_URL names a shared one."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.store import StoreError
from bot.store.postgres import PostgresStore

from .. import pg_server
from ..helpers import Clock, Conversation


@pytest.fixture
def own_server() -> Iterator[pg_server.ThrowawayServer]:
    with pg_server.throwaway() as server:
        yield server


@pytest.fixture
async def pg_store(own_server: pg_server.ThrowawayServer) -> AsyncIterator[PostgresStore]:
    store = PostgresStore(own_server.url(), connect_timeout=3)
    await store.open()
    yield store
    await store.close()


async def test_a_lost_server_gets_error_replies_then_the_bot_recovers(
    own_server: pg_server.ThrowawayServer,
    pg_store: PostgresStore,
    dialogs: Dialogs,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    engine = Engine(dialogs, pg_store, clock=clock)
    chat = Conversation(engine, user="U-outage")
    await chat.start()
    await chat.click("between_rounds")
    before = await pg_store.load(chat.who)
    assert before is not None and chat.node == "rounds"

    own_server.kill()
    for attempt in ("3", "back"):
        replies = await chat.say(attempt)
        assert [r.kind for r in replies] == ["error"], [r.text for r in replies]
    with pytest.raises(StoreError):  # the scheduler's pass fails (and is logged, then retried)
        await engine.fire_due()

    own_server.start()
    after = await pg_store.load(chat.who)
    assert after == before, "nothing changed while the server was away"
    await chat.start()
    assert "Welcome back" in chat.texts() and chat.node == "rounds"
    await chat.say("3")
    assert chat.node == "signals"
    assert (await pg_store.load(chat.who)).version == before.version + 1  # type: ignore[union-attr]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert pg_server.PASSWORD not in logged
