"""The Discord modal asks the same details as Slack's: text inputs filled with what was
given, the form of address as a labelled select while the modal has room (5 components),
otherwise asked after it; the submission's next message is the draft."""

from __future__ import annotations

from typing import Any

from adapters.discord.components import FORM_PREFIX
from bot.engine import Engine

from .driver import USER, Driver, components_of, conversation, walk_to_actions


async def to_details(bot: Driver, referral: str = "no", language: str = "de") -> dict[str, Any]:
    await walk_to_actions(bot)
    await bot.say(USER, f"language {language}")
    await bot.click(USER, "draft_note")
    for answer in ("yes", referral, "no", "brief"):
        await bot.click(USER, answer)
    assert bot.node() == "draft_recipient"
    return bot.question()


def inputs(modal: Any) -> list[dict[str, Any]]:
    out = []
    for row in modal.data["components"]:
        out += row.get("components") or [row["component"]]
    return out


async def open_modal(bot: Driver, question: dict[str, Any]) -> tuple[str, Any]:
    [form] = [b for b in components_of(question) if b["custom_id"].startswith(FORM_PREFIX)]
    opened = await bot.press(USER, question, form["custom_id"])
    [modal] = bot.fake.callbacks_for(opened["id"])
    assert modal.type == 9
    return form["custom_id"], modal


async def test_the_german_modal_asks_the_form_of_address_and_the_next_message_is_the_draft(
    bot: Driver, engine: Engine
) -> None:
    question = await to_details(bot)
    custom_id, modal = await open_modal(bot, question)
    fields = inputs(modal)
    assert [f["custom_id"] for f in fields] == ["recipient", "company", "role", "sender", "address"]
    assert modal.data["components"][-1]["type"] == 18  # a label around the select
    assert [o["label"] for o in fields[-1]["options"]][:2] == ["Frau", "Herr"]
    posts = len(bot.dm())
    details = {
        "recipient": "Kerstin Vogel",
        "company": "Contoso GmbH",
        "role": "Teamleiterin Einkauf",
        "sender": "Sam Ortiz",
        "address": "female",
    }
    await bot.submit(USER, custom_id, details, question)
    new = bot.dm()[posts:]
    assert len(new) == 1 and "```" in new[0]["content"]
    assert "Guten Tag Frau Vogel," in new[0]["content"] and "Betreff:" in new[0]["content"]
    conv = await conversation(engine)
    assert conv is not None and conv.answers["address"] == "female" and conv.node == "draft"


async def test_with_no_room_left_the_form_of_address_is_asked_after(bot: Driver) -> None:
    question = await to_details(bot, referral="named")
    custom_id, modal = await open_modal(bot, question)
    ids = [f["custom_id"] for f in inputs(modal)]
    assert ids == ["recipient", "company", "role", "sender", "referral_name"]
    details = dict(
        zip(
            ids,
            ["Kerstin Vogel", "Contoso GmbH", "Data Analyst", "Sam", "Alex Moreno"],
            strict=True,
        )
    )
    await bot.submit(USER, custom_id, details, question)
    assert bot.node() == "draft_address"
    await bot.click(USER, "male")
    assert "Guten Tag Herr Vogel," in bot.dm()[-1]["content"]


async def test_the_modal_shows_what_was_given_so_far(bot: Driver) -> None:
    await to_details(bot, language="en")
    await bot.say(USER, "Priya Raman")
    _, modal = await open_modal(bot, bot.question())
    fields = {f["custom_id"]: f for f in inputs(modal)}
    assert list(fields) == ["company", "role", "sender"]  # from the question it was opened at
    assert fields["company"]["placeholder"] == "e.g. Initech" and "value" not in fields["company"]
    for text in ("Initech", "Data Analyst", "Sam Ortiz"):
        await bot.say(USER, text)
    for answer in ("not_yet", "sent", "back_to_menu", "draft_note", "yes", "no", "no", "brief"):
        await bot.click(USER, answer)  # a second note: the details are there already
    _, again = await open_modal(bot, bot.question())
    values = {f["custom_id"]: f.get("value") for f in inputs(again)}
    assert values == {
        "recipient": "Priya Raman",
        "company": "Initech",
        "role": "Data Analyst",
        "sender": "Sam Ortiz",
    }
