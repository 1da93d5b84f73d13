"""Reminders, check-ins and the outbox: durable across restarts, exactly once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.conversation import TurnConfig
from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.models import Outbound, Who

from .. import store_queries as queries
from ..helpers import SURE, Clock, Conversation, decide, fill_slots, to_actions
from .conftest import StoreFactory

pytestmark = pytest.mark.both_backends


class Inbox:
    """A platform's delivery as the user sees it: what arrived in their DMs."""

    def __init__(self) -> None:
        self.got: list[tuple[Who, Outbound]] = []

    async def __call__(self, who: Who, message: Outbound) -> None:
        self.got.append((who, message))

    def texts(self) -> list[str]:
        return [m.text for _, m in self.got]


async def drafted(engine: Engine, user: str = "U-remind", locale: str = "en") -> Conversation:
    chat = Conversation(engine, user=user, locale=locale)
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(chat)
    return chat


async def test_one_gentle_reminder_when_not_marked_sent(engine: Engine, clock: Clock) -> None:
    inbox = Inbox()
    engine.register_sender("test", inbox)
    chat = await drafted(engine)
    await chat.click("not_yet")
    assert "one gentle reminder" in chat.texts()
    clock.advance(60)
    assert await engine.fire_due() == 0
    clock.advance(31)
    assert await engine.fire_due() == 1
    assert len(inbox.got) == 1
    who, reminder = inbox.got[0]
    assert who == chat.who and "Initech" in reminder.text and reminder.to.value == "dm"
    assert [c.label for c in reminder.choices][:2] == ["Yes, it's sent", "Show my draft"]
    clock.advance(10_000)
    assert await engine.fire_due() == 0
    assert len(inbox.got) == 1


async def test_marking_it_sent_cancels_the_reminder(engine: Engine, clock: Clock) -> None:
    inbox = Inbox()
    engine.register_sender("test", inbox)
    chat = await drafted(engine)
    await chat.click("not_yet")
    await chat.click("sent")
    assert chat.node == "after"  # the after-care of section F
    clock.advance(1000)
    await engine.fire_due()
    assert inbox.got == []


async def test_stop_reminders_cancels_it(engine: Engine, clock: Clock) -> None:
    inbox = Inbox()
    engine.register_sender("test", inbox)
    chat = await drafted(engine)
    await chat.click("not_yet")
    await chat.say("stop reminders")
    assert "no more reminders" in chat.texts()
    clock.advance(1000)
    await engine.fire_due()
    assert inbox.got == []


async def test_a_pending_reminder_survives_a_restart(
    dialogs: Dialogs, store_factory: StoreFactory, clock: Clock
) -> None:
    store = store_factory()
    await store.open()
    chat = await drafted(Engine(dialogs, store, config=TurnConfig(reminder_delay=90), clock=clock))
    await chat.click("not_yet")
    await store.close()

    store2 = store_factory()
    await store2.open()
    engine2 = Engine(dialogs, store2, config=TurnConfig(reminder_delay=90), clock=clock)
    inbox = Inbox()
    engine2.register_sender("test", inbox)
    clock.advance(100)
    assert await engine2.fire_due() == 1
    assert len(inbox.got) == 1
    assert await engine2.fire_due() == 0
    await store2.close()


async def test_a_recorded_but_undelivered_message_is_sent_once_on_start(
    dialogs: Dialogs, store_factory: StoreFactory, clock: Clock
) -> None:
    store = store_factory()
    await store.open()
    engine = Engine(dialogs, store, clock=clock)
    chat = await drafted(engine, user="U-crash")
    # The platform never confirmed the draft: the process "crashed" before delivered().
    draft_reply = next(r for r in (await _undelivered_draft(chat)) if r.draft and not r.edit)
    await store.close()

    store2 = store_factory()
    await store2.open()
    engine2 = Engine(dialogs, store2, clock=clock)
    inbox = Inbox()
    engine2.register_sender("test", inbox)
    await queries.expire_claims(store2)  # PostgreSQL: the dead process's claim ran out
    assert await engine2.recover_outbox() == 1
    assert [m.outbox_id for _, m in inbox.got] == [draft_reply.outbox_id]
    assert inbox.got[0][1].draft == draft_reply.draft
    await store2.flush()
    assert await engine2.recover_outbox() == 0  # not shown twice
    await store2.close()
    store3 = store_factory()
    await store3.open()
    assert await store3.undelivered() == []
    await store3.close()


async def _undelivered_draft(chat: Conversation) -> list[Outbound]:
    from bot.models import Inbound, InboundKind

    replies = await chat.engine.handle(
        Inbound(who=chat.who, kind=InboundKind.CHOICE, text=chat.choice_id("formal"), locale="en")
    )
    return replies


async def test_waiting_schedules_a_check_in_the_day_before(engine: Engine, clock: Clock) -> None:
    inbox = Inbox()
    engine.register_sender("test", inbox)
    chat = Conversation(engine, user="U-wait")
    await decide(
        chat,
        "between_rounds",
        rounds="1",
        signals=("late",),
        accept="yes",
        drift="no",
        reason="rubbed",
    )
    assert chat.node == "wait_when"
    await chat.say("next friday")
    today = datetime.fromtimestamp(clock.now, UTC)
    assert today.weekday() == 2  # the test clock starts on a Wednesday
    assert "Friday" in chat.texts()
    clock.advance(3600 * 24)  # Thursday 08:00: not yet
    await engine.fire_due()
    assert inbox.got == []
    clock.advance(3600 * 2)  # Thursday 10:00: the day before, after 09:00 UTC
    await engine.fire_due()
    assert len(inbox.got) == 1 and "Checking in" in inbox.got[0][1].text
    assert [c.id.split(":")[1] for c in inbox.got[0][1].choices] == [
        "still_waiting",
        "withdraw",
        "rethink",
    ]


async def test_unreadable_dates_are_asked_again(engine: Engine) -> None:
    chat = Conversation(engine, user="U-date")
    await to_actions(chat, "between_rounds")
    await chat.say("back")
    await chat.say("back")
    assert chat.node == "recommend"
    await chat.click("other")
    await chat.click("reflect_first")
    await chat.tick(*SURE)
    await chat.say("whenever the moon is full")
    assert chat.node == "wait_when" and "couldn't read that as a date" in chat.texts()
    await chat.say("in 3 days")
    assert chat.node == "actions"
