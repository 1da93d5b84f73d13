"""Exactly-once turns, ordering, forged and stale choices, bad input, retention, logs."""

from __future__ import annotations

import asyncio
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.logs import user_ref
from bot.models import Inbound, InboundKind, Place, Who
from bot.store import SQLiteStore

from ..helpers import Clock, Conversation, fill_slots, to_actions
from ..store_queries import counts
from .conftest import StoreFactory

pytestmark = pytest.mark.both_backends


async def test_a_repeated_event_id_changes_nothing_and_gets_the_same_answer(
    chat: Conversation, store: SQLiteStore
) -> None:
    await chat.start()
    first = await chat.click("between_rounds", event_id="Ev-1")
    version = (await store.load(chat.who)).version  # type: ignore[union-attr]
    again = await chat.send(InboundKind.CHOICE, chat.choice_id("2"), event_id="Ev-1")
    assert [r.text for r in again] == [r.text for r in first]
    assert (await store.load(chat.who)).version == version  # type: ignore[union-attr]


async def test_a_repeat_after_a_restart_is_still_recognised(
    dialogs: Dialogs, store_factory: StoreFactory, clock: Clock
) -> None:
    s1 = store_factory()
    await s1.open()
    chat = Conversation(Engine(dialogs, s1, clock=clock))
    await chat.start()
    stage_offer = chat.choice_id("offer")
    first = await chat.send(InboundKind.CHOICE, stage_offer, event_id="Ev-retry")
    await s1.close()
    s2 = store_factory()
    await s2.open()
    chat2 = Conversation(Engine(dialogs, s2, clock=clock))
    again = await chat2.send(InboundKind.CHOICE, stage_offer, event_id="Ev-retry")
    assert [r.text for r in again] == [r.text for r in first if r.outbox_id is None]
    assert (await s2.load(chat2.who)).node == "signals"  # type: ignore[union-attr]
    await s2.close()


async def test_concurrent_events_of_one_user_are_applied_in_order(
    chat: Conversation, store: SQLiteStore
) -> None:
    await chat.start()
    await chat.click("offer")
    v0 = (await store.load(chat.who)).version  # type: ignore[union-attr]
    items = ["1", "2", "3", "1", "4", "2", "5", "6", "1", "7"]
    await asyncio.gather(*(chat.say(i) for i in items))
    saved = await store.load(chat.who)
    assert saved is not None and saved.version == v0 + len(items)
    ticked = saved.ticked["signals"]
    assert ticked == [
        "inappropriate",
        "faded",
        "late",
        "unresponsive",
        "social",
        "reputation",
    ]  # 1 three times, 2 twice


async def test_a_forged_choice_cannot_touch_another_users_conversation(
    engine: Engine, store: SQLiteStore
) -> None:
    alice = Conversation(engine, user="alice")
    mallory = Conversation(engine, user="mallory")
    await alice.start()
    await mallory.start()
    await mallory.click("offer")
    alice_before = await store.load(alice.who)
    forged = alice.choice_id("in_interview")  # a valid id of Alice's current question
    await mallory.send(InboundKind.CHOICE, forged)
    assert "moved on" in mallory.texts()
    assert await store.load(alice.who) == alice_before
    # Even where node and version happen to match, the click acts on Mallory's own state.
    eve = Conversation(engine, user="eve")
    await eve.start()
    await eve.send(InboundKind.CHOICE, forged)
    assert (await store.load(eve.who)).answers["stage"] == "in_interview"  # type: ignore[union-attr]
    assert await store.load(alice.who) == alice_before


async def test_stale_click_reshows_the_current_question(
    chat: Conversation, store: SQLiteStore
) -> None:
    await chat.start()
    old = chat.choice_id("not_yet")
    await chat.click("offer")
    current = chat.question.text
    before = await store.load(chat.who)
    await chat.send(InboundKind.CHOICE, old)
    assert chat.replies[0].text.startswith("That question has moved on")
    assert chat.question.text == current
    assert await store.load(chat.who) == before


nasty = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=50),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202e\u2066",
            "x" * 100_000,
            "😀" * 1000,
            "@everyone",
            "<!channel>",
            "stage:offer:1",
            "::",
            "9" * 50,
            "language xx",
            "-1",
            "0",
        ]
    ),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(
        [InboundKind.TEXT, InboundKind.CHOICE, InboundKind.START, InboundKind.FORM]
    ),
    text=nasty,
    values=st.lists(nasty, max_size=3),
)
async def test_arbitrary_input_never_crashes_and_rejections_change_nothing(
    engine: Engine, store: SQLiteStore, kind: InboundKind, text: str, values: list[str]
) -> None:
    who = Who(platform="fuzz", workspace="T", user="U")
    await engine.handle(Inbound(who=who, kind=InboundKind.START))
    before = await store.load(who)
    replies = await engine.handle(
        Inbound(who=who, kind=kind, text=text, values=values, fields=dict.fromkeys(values, text))
    )
    assert replies, "every input gets an answer"
    assert all(r.kind != "error" for r in replies), [r.text for r in replies]
    after = await store.load(who)
    if kind in (InboundKind.TEXT, InboundKind.START) and len(text) > 2000:
        assert "too long" in replies[0].text
        assert after == before
    if any(
        r.text.startswith(("Sorry, I didn't catch that", "That question has moved on"))
        for r in replies
    ):
        assert after == before


async def test_idle_conversations_are_purged(
    engine: Engine, store: SQLiteStore, clock: Clock
) -> None:
    old, fresh = Conversation(engine, user="old"), Conversation(engine, user="fresh")
    await old.start()
    clock.advance(31 * 86400)
    await fresh.start()
    purged = await store.purge(clock.now - 30 * 86400)
    assert purged == 1
    assert await counts(store, old.who) == dict.fromkeys(
        ("conversations", "outbox", "drafts", "schedule"), 0
    )
    assert (await counts(store, fresh.who))["conversations"] == 1


async def test_logs_hold_no_user_text_and_no_user_ids(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    chat = Conversation(engine, user="U-SECRET-ID")
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(chat, reason="specific", reason_text="my religion was asked about")
    await engine.handle(
        Inbound(who=chat.who, kind=InboundKind.CHOICE, text="bogus", place=Place.DM)
    )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("U-SECRET-ID", "Dana Smith", "Initech", "religion", "Robin Roe"):
        assert secret not in logged
    assert user_ref(chat.who).startswith("u:") and "U-SECRET" not in user_ref(chat.who)
