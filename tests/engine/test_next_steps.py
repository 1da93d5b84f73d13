"""Next steps that fit the plan: reminders only when something is to be sent, check-ins in
the user's morning and never on the day itself, `back` shows the state it returns to, and
a control word never shadows an option on screen."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.engine import Engine
from bot.models import InboundKind

from ..helpers import SURE, Clock, Conversation, decide, fill_slots, to_actions


async def test_a_note_kept_while_raising_a_concern_gets_no_reminder(
    engine: Engine, clock: Clock
) -> None:
    chat = Conversation(engine, user="U-keep")
    await decide(
        chat,
        "between_rounds",
        rounds="2",
        signals=("late",),
        accept="unsure",
        drift="no",
        reason="rubbed",
    )
    await chat.say("don't know")
    await chat.click("draft_other")
    await fill_slots(chat)
    await chat.click("not_yet")
    assert "no reminder from me" in chat.texts()
    state = await engine.store.load(chat.who)
    assert state is not None and "reminder" not in state.timers.pending
    clock.advance(10_000)
    assert await engine.fire_due() == 1  # only the check-in asked for above, no reminder
    assert (await engine.store.load(chat.who)).timers.pending == []  # type: ignore[union-attr]


async def test_a_withdrawal_not_yet_sent_gets_its_one_reminder(engine: Engine) -> None:
    chat = Conversation(engine, user="U-send")
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(chat)
    await chat.click("not_yet")
    assert "one gentle reminder" in chat.texts()


async def test_the_check_in_comes_in_the_users_morning_and_says_when(
    engine: Engine, clock: Clock
) -> None:
    chat = Conversation(engine, user="U-tz")
    await decide(
        chat,
        "between_rounds",
        rounds="1",
        signals=("late",),
        accept="yes",
        drift="no",
        reason="rubbed",
    )
    await chat.send(InboundKind.TEXT, "next friday", timezone="Europe/Berlin")  # Friday 4 December
    assert (
        "on Thursday, 3 December at 09:00 (Europe/Berlin), the day before your next step on Friday, 4 December"
        in chat.texts()
    )
    state = await engine.store.load(chat.who)
    assert state is not None and state.timers.checkin_due is not None
    due = datetime.fromtimestamp(state.timers.checkin_due, UTC)
    assert (due.day, due.hour) == (3, 8)  # 09:00 in Berlin is 08:00 UTC in December


async def test_no_check_in_lands_on_the_day_of_the_next_step(engine: Engine, clock: Clock) -> None:
    clock.advance(15 * 3600)  # Wednesday 23:00 UTC
    chat = Conversation(engine, user="U-late")
    await decide(
        chat,
        "between_rounds",
        rounds="1",
        signals=("late",),
        accept="yes",
        drift="no",
        reason="rubbed",
    )
    await chat.say("tomorrow")
    assert "too soon for me to check in before it" in chat.texts()
    state = await engine.store.load(chat.who)
    assert state is not None and "checkin" not in state.timers.pending


async def test_back_after_a_revision_shows_the_draft_it_returns_to(engine: Engine) -> None:
    chat = Conversation(engine, user="U-back")
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    await fill_slots(chat, reason="brief")
    first = [r.draft for r in chat.replies if r.draft][-1]
    await chat.click("formal")
    assert "Yours sincerely" in [r.draft for r in chat.replies if r.draft][-1].body  # type: ignore[union-attr]
    await chat.say("back")
    shown = [r.draft for r in chat.replies if r.draft][-1]
    assert shown is not None and first is not None
    assert "Yours sincerely" not in shown.body and shown.body == first.body


async def test_a_word_on_a_button_is_the_answer_not_a_control_word(engine: Engine) -> None:
    chat = Conversation(engine, user="U-draft")
    await to_actions(chat, "between_rounds")
    await chat.say("draft")
    assert chat.node == "draft_door" and "don't have a draft" not in chat.texts()


async def test_each_checklist_explanation_cites_its_own_id(chat: Conversation) -> None:
    await chat.start()
    await chat.click("offer")
    await chat.click("_explain")
    assert "Interviewers who show up late" not in chat.texts()  # the explanations, not reasons
    assert "[G08]" in chat.texts() and "[G17]" in chat.texts()


async def test_the_sure_test_is_one_question_for_someone_in_the_room(engine: Engine) -> None:
    chat = Conversation(engine, user="U-room")
    await chat.start()
    await chat.click("in_interview")
    await chat.click("one")
    await chat.tick("rude")
    await chat.click("no")
    await chat.click("agree")
    kinds = [r.kind for r in chat.replies if not r.edit]
    assert kinds.index("draft") < kinds.index("question")  # the words first, then the check
    assert (
        chat.node == "sure"
        and "Thank you for your time today" in [r.draft for r in chat.replies if r.draft][0].body
    )  # type: ignore[union-attr]
    await chat.tick(*SURE)
    assert chat.node == "actions"
