"""Control words, typed answers and bad input, through the real engine and store."""

from __future__ import annotations

from bot.engine import Engine
from bot.models import InboundKind

from ..helpers import Conversation, to_actions


async def test_typed_number_label_and_synonym(chat: Conversation) -> None:
    await chat.start()
    await chat.say("3")
    assert chat.node == "rounds"
    await chat.say("back")
    await chat.say("Between interview rounds")
    assert chat.node == "rounds"
    await chat.say("back")
    await chat.say("between")
    assert chat.node == "rounds"
    await chat.say("two")
    assert chat.node == "signals"


async def test_back_undoes_the_last_answer(chat: Conversation, store) -> None:
    await chat.start()
    await chat.click("offer")
    await chat.tick("late")
    assert chat.node == "accept"
    await chat.say("back")
    assert "Going back" in chat.texts()
    assert chat.node == "signals"
    await chat.say("back")
    assert chat.node == "stage"
    saved = await store.load(chat.who)
    assert saved is not None and saved.node == "stage" and "stage" not in saved.answers
    await chat.say("back")
    assert "nothing to undo" in chat.texts()


async def test_restart_and_stop(chat: Conversation, store) -> None:
    await chat.start()
    await chat.click("offer")
    await chat.say("stop")
    assert "Paused" in chat.texts()
    await chat.start()
    assert "Welcome back" in chat.texts() and chat.node == "signals"
    await chat.say("restart")
    assert chat.node == "stage"
    saved = await store.load(chat.who)
    assert saved is not None and "stage" not in saved.answers


async def test_unknown_input_restates_the_question_and_changes_nothing(
    chat: Conversation, store
) -> None:
    await chat.start()
    before = await store.load(chat.who)
    await chat.say("purple elephant")
    assert "didn't catch that" in chat.texts()
    assert (
        len(chat.replies) == 1 and not chat.replies[0].choices
    )  # one line, not the question again
    await chat.say("9")  # a second miss in a row: the whole question comes back
    assert "didn't catch that" in chat.texts() and chat.node == "stage"
    after = await store.load(chat.who)
    assert after is not None and before is not None and after.version == before.version


async def test_too_long_text_is_refused(chat: Conversation, store) -> None:
    await chat.start()
    before = await store.load(chat.who)
    await chat.say("x" * 2001)
    assert "too long" in chat.texts()
    after = await store.load(chat.who)
    assert after is not None and before is not None and after.version == before.version


async def test_help_shows_node_help_and_the_question(chat: Conversation) -> None:
    await chat.start()
    await chat.say("help")
    assert "`back`" in chat.texts() and "closest to where you are" in chat.texts()
    assert chat.node == "stage"


async def test_language_switch_and_platform_locale(engine: Engine) -> None:
    de = Conversation(engine, user="U-de", locale="de-DE")
    await de.start()
    assert de.question.text.startswith("Zunächst") or "Prozess" in de.question.text
    await de.say("language en")
    assert de.question.text == "First, where are you in this process?"
    fr = Conversation(engine, user="U-fr", locale="fr-FR")
    await fr.start()
    assert fr.question.text == "First, where are you in this process?"


async def test_checklist_explain_and_numbers(chat: Conversation) -> None:
    await chat.start()
    await chat.click("offer")
    await chat.click("_explain")
    assert "What each item means" in chat.texts() and "45-person" in chat.texts()
    await chat.say("1 4")
    ticked = [c.id.split(":")[1] for c in chat.question.choices if c.selected]
    assert ticked == ["inappropriate", "late"]
    await chat.say("4")
    ticked = [c.id.split(":")[1] for c in chat.question.choices if c.selected]
    assert ticked == ["inappropriate"]
    await chat.say("done")
    assert chat.node == "accept"


async def test_stale_button_changes_nothing(chat: Conversation, store) -> None:
    await chat.start()
    old_offer = chat.choice_id("offer")
    await chat.click("between_rounds")
    before = await store.load(chat.who)
    await chat.send(InboundKind.CHOICE, old_offer)
    assert "moved on" in chat.texts()
    assert chat.node == "rounds"
    after = await store.load(chat.who)
    assert (
        after is not None
        and before is not None
        and after.version == before.version
        and after.answers["stage"] == "between_rounds"
    )


async def test_clicked_question_is_shown_answered(chat: Conversation) -> None:
    await chat.start()
    await chat.click("offer")
    edits = [r for r in chat.replies if r.edit]
    assert len(edits) == 1 and edits[0].choices == [] and "✓ I have an offer" in edits[0].text


async def test_a_form_fills_several_slots_at_once_and_one_of_another_question_changes_nothing(
    chat: Conversation, store
) -> None:
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    for c in ("no", "no", "no", "none"):  # door, referral, other roles, reason
        await chat.click(c)
    question = chat.question
    assert [f.id for f in question.form] == ["recipient", "company", "role", "sender"]
    version = question.choices[0].id.split(":")[2]
    before = await store.load(chat.who)
    await chat.send(  # a form from a question outside this form (forged, or long gone)
        InboundKind.FORM, f"draft_door:_form:{int(version) - 1}", fields={"recipient": "Old"}
    )
    assert "moved on" in chat.texts() and await store.load(chat.who) == before
    await chat.send(
        InboundKind.FORM,
        f"draft_recipient:_form:{version}",
        fields={"recipient": "Dana", "company": "Initech", "role": "", "sender": "Robin"},
    )
    assert chat.node == "draft"
    edits = [r for r in chat.replies if r.edit]
    assert edits and "✓ Dana, Initech, Robin" in edits[0].text
    saved = await store.load(chat.who)
    assert (
        saved is not None and saved.answers["company"] == "Initech" and saved.answers["role"] == ""
    )
