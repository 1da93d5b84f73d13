"""One form for the details (bot.conversation.forms), through the real engine: a modal's
submission or one typed line fills every slot, what is wrong is said before anything is
stored, and nothing already given is lost."""

from __future__ import annotations

from bot.engine import Engine
from bot.models import InboundKind

from ..helpers import Conversation, to_actions

FIELDS = {
    "recipient": "Priya Raman",
    "company": "Initech",
    "role": "Data Analyst",
    "sender": "Sam Ortiz",
}


async def at_details(
    engine: Engine, user: str, locale: str = "en", referral: str = "no"
) -> Conversation:
    chat = Conversation(engine, user=user, locale=locale)
    await to_actions(chat, "between_rounds")
    await chat.click("draft_note")
    for c in ("no", referral, "no", "none"):  # door, referral, other roles, reason
        await chat.click(c)
    assert chat.node == "draft_recipient"
    return chat


def form_id(chat: Conversation, choice: str = "_form") -> str:
    node, _, version = chat.question.choices[0].id.split(":")
    return f"{node}:{choice}:{version}"


async def test_the_german_form_asks_the_form_of_address_and_english_does_not(
    engine: Engine,
) -> None:
    en = await at_details(engine, "U-f-en", referral="named")
    assert [f.id for f in en.question.form] == [*FIELDS, "referral_name"]
    de = await at_details(engine, "U-f-de", "de")
    form = de.question.form
    assert [f.id for f in form] == [*FIELDS, "address"]
    address = form[-1]
    assert [c.id for c in address.choices] == ["female", "male", "neutral"]
    assert [c.label for c in address.choices][:2] == ["Frau", "Herr"]
    assert form[0].hint.startswith("z. B.") and address.max_length == 0


async def test_one_submission_fills_every_slot_and_the_next_message_is_the_draft(
    engine: Engine,
) -> None:
    chat = await at_details(engine, "U-f-all", "de")
    fields = {**FIELDS, "recipient": "Kerstin Vogel", "address": "female"}
    await chat.send(InboundKind.FORM, form_id(chat), fields=fields)
    drafts = [r for r in chat.replies if r.draft]
    assert chat.node == "draft" and drafts[0].draft is not None
    assert drafts[0].draft.body.startswith("Guten Tag Frau Vogel,")


async def test_a_form_without_the_form_of_address_asks_it_after(engine: Engine) -> None:
    chat = await at_details(engine, "U-f-discord", "de")  # as a Discord modal sends it: text only
    await chat.send(
        InboundKind.FORM, form_id(chat), fields={**FIELDS, "recipient": "Kerstin Vogel"}
    )
    assert chat.node == "draft_address" and "Kerstin Vogel" in chat.question.text
    await chat.click("male")
    assert chat.node == "draft"
    draft = [r.draft for r in chat.replies if r.draft][-1]
    assert draft is not None and draft.body.startswith("Guten Tag Herr Vogel,")
    await chat.click("formal")
    draft = [r.draft for r in chat.replies if r.draft][-1]
    assert draft is not None and draft.body.startswith("Sehr geehrter Herr Vogel,")


async def test_a_name_with_frau_or_herr_needs_no_question(engine: Engine) -> None:
    chat = await at_details(engine, "U-f-frau", "de")
    await chat.send(
        InboundKind.FORM, form_id(chat), fields={**FIELDS, "recipient": "Frau Kerstin Vogel"}
    )
    assert chat.node == "draft"


async def test_one_typed_line_answers_the_form_and_a_short_line_asks_the_rest(
    engine: Engine,
) -> None:
    chat = await at_details(engine, "U-f-line")
    await chat.say("Priya Raman; Initech")
    assert chat.node == "draft_role"
    await chat.say("Data Analyst")
    await chat.say("Sam Ortiz")
    draft = [r.draft for r in chat.replies if r.draft][-1]
    assert draft is not None and "Dear Priya," in draft.body and "at Initech" in draft.body
    other = await at_details(engine, "U-f-line2")
    await other.say("Priya Raman; Initech; Data Analyst; Sam Ortiz")
    assert other.node == "draft"


async def test_what_is_wrong_is_said_and_nothing_is_stored(engine: Engine, store) -> None:
    chat = await at_details(engine, "U-f-bad")
    before = await store.load(chat.who)
    await chat.send(
        InboundKind.FORM, form_id(chat), fields={**FIELDS, "recipient": "priya@initech.com"}
    )
    assert chat.node == "draft_recipient" and "doesn't look like a name" in chat.texts()
    assert await store.load(chat.who) == before


async def test_a_form_opened_before_a_typed_answer_still_counts(engine: Engine) -> None:
    chat = await at_details(engine, "U-f-old")
    opened = form_id(chat)
    await chat.say("Priya Raman")  # answered in the DM while the modal was open
    assert chat.node == "draft_company"
    await chat.send(InboundKind.FORM, opened, fields=FIELDS)
    assert chat.node == "draft"


async def test_a_closed_form_keeps_what_it_held_and_shows_it_again(engine: Engine, store) -> None:
    chat = await at_details(engine, "U-f-closed")
    await chat.send(
        InboundKind.FORM, form_id(chat, "_keep"), fields={"recipient": "Priya Raman", "company": ""}
    )
    assert chat.replies == []  # closing a modal says nothing
    saved = await store.load(chat.who)
    assert (
        saved is not None
        and saved.answers["recipient"] == "Priya Raman"
        and "company" not in saved.answers
    )
    assert saved.node == "draft_recipient"
    await chat.say("help")
    form = {f.id: f.value for f in chat.question.form}
    assert form["recipient"] == "Priya Raman" and form["company"] == ""


async def test_a_referral_typed_as_a_sentence_is_shown_back_and_can_be_changed(
    engine: Engine,
) -> None:
    chat = await at_details(engine, "U-f-ref", referral="named")
    sentence = (
        "my friend Alex Moreno, she's done enterprise sales for five years, who would be perfect"
    )
    await chat.send(InboundKind.FORM, form_id(chat), fields={**FIELDS, "referral_name": sentence})
    assert chat.node == "draft_referral_check"
    assert (
        "Alex Moreno" in chat.question.text and "she's done enterprise sales" in chat.question.text
    )
    await chat.click("yes")
    draft = [r.draft for r in chat.replies if r.draft][-1]
    assert draft is not None
    assert "introduce Alex Moreno (she's done enterprise sales for five years), who" in draft.body
    assert "my friend" not in draft.body and "perfect" not in draft.body
    await chat.click("change")
    await chat.click("referral")
    await chat.say("Jordan Lee")
    draft = [r.draft for r in chat.replies if r.draft][-1]
    assert (
        draft is not None and "introduce Jordan Lee, who" in draft.body and "Alex" not in draft.body
    )
