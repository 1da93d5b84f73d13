"""The details of a note in one Slack modal, over real HTTP (and Socket Mode) against the
fake Web API: the form button opens it with views.open from the click's trigger_id, its
submission fills every slot and the next message is the draft; problems are shown in the
modal (`response_action: errors`); a closed modal keeps what it held."""

from __future__ import annotations

import pytest

from bot.dialogs import Dialogs
from bot.engine import Engine

from .driver import (
    Driver,
    buttons_of,
    conversation,
    open_form,
    send_view,
    shown_text,
    slack_escape,
    unescaped,
    walk_to_actions,
)

DETAILS = {
    "recipient": "Kerstin Vogel",
    "company": "Müller & Söhne GmbH",
    "role": "Teamleiterin Einkauf (m/w/d)",
    "sender": "Sam Ortiz",
    "referral_name": "Alex Moreno",
    "address": "female",
}


async def to_details(bot: Driver, user: str, locale: str = "de-DE") -> None:
    bot.fake.set_locale(user, locale)
    await walk_to_actions(bot, user)
    await bot.click(user, "draft_note")
    for answer in ("yes", "named", "no", "brief"):  # door, referral, other roles, reason
        await bot.click(user, answer)
    assert bot.node(user) == "draft_recipient"


@pytest.fixture(params=["http", "socket"])
def either(request: pytest.FixtureRequest) -> Driver:
    return request.getfixturevalue("bot" if request.param == "http" else "socket_bot")


async def test_one_button_opens_a_modal_whose_submission_fills_every_slot(
    either: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    bot = either
    await to_details(bot, "U1")
    question = bot.question("U1")
    [click] = bot.fake.calls_to("views.open") or [None]  # none yet
    assert click is None
    view = await open_form(bot, "U1")
    [call] = bot.fake.calls_to("views.open")
    pressed = [c for c in bot.fake.calls if c.method != "views.open"]  # the click's trigger
    assert call.body["trigger_id"] and not call.failed and pressed
    de = dialogs.locale("de")
    assert view["title"]["text"] == de.msg("form_title") and len(view["title"]["text"]) <= 24
    assert view["submit"]["text"] == de.msg("form_submit") and view["notify_on_close"] is True
    blocks = view["blocks"]
    assert [b["block_id"] for b in blocks] == list(DETAILS)
    assert all(b["type"] == "input" and b["optional"] for b in blocks)
    radio = blocks[-1]["element"]
    assert radio["type"] == "radio_buttons"
    assert [o["text"]["text"] for o in radio["options"]][:2] == ["Frau", "Herr"]
    posts = len(bot.dm("U1"))

    payload = bot.fake.views.submission("U1", view["id"], DETAILS)
    assert await send_view(bot, payload) == {}  # acked: the modal closes

    conv = await conversation(engine, "U1")
    assert conv is not None and conv.node == "draft"
    assert {k: conv.answers[k] for k in DETAILS} == DETAILS
    new = bot.dm("U1")[posts:]
    assert len(new) == 1, [m["text"][:40] for m in new]  # the next message is the draft
    draft = shown_text(new[0])
    assert "Guten Tag Frau Vogel," in draft
    assert "für die Stelle als Teamleiterin Einkauf bei der Müller &amp; Söhne GmbH" in draft
    assert "den Kontakt zu Alex Moreno her" in draft and "Betreff:" in draft
    answered = next(m for m in bot.dm("U1") if m["ts"] == question["ts"])
    assert "✓ Kerstin Vogel" in shown_text(answered) and not buttons_of(answered)
    assert "Alex Moreno, Frau" in shown_text(answered)  # a choice by its label
    assert list(unescaped(bot.fake)) == []


async def test_problems_are_shown_in_the_modal_and_nothing_is_stored(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await to_details(bot, "U1")
    view = await open_form(bot, "U1")
    before = await conversation(engine, "U1")
    posts = len(bot.dm("U1"))
    bad = {**DETAILS, "recipient": "kerstin.vogel@contoso.de"}
    answer = await send_view(bot, bot.fake.views.submission("U1", view["id"], bad))
    invalid = dialogs.locale("de").nodes["draft_recipient"].invalid
    assert answer == {"response_action": "errors", "errors": {"recipient": invalid}}
    assert await conversation(engine, "U1") == before and len(bot.dm("U1")) == posts
    # Corrected in the same modal, it goes through.
    assert await send_view(bot, bot.fake.views.submission("U1", view["id"], DETAILS)) == {}
    assert bot.node("U1") == "draft"


async def test_a_closed_modal_keeps_what_it_held_and_shows_it_again(
    bot: Driver, engine: Engine
) -> None:
    await to_details(bot, "U1", "en-US")
    view = await open_form(bot, "U1")
    assert [b["block_id"] for b in view["blocks"]] == [*list(DETAILS)[:-1]]  # no address in English
    posts = len(bot.dm("U1"))
    typed = {"recipient": "Priya Raman", "company": "Initech"}
    await send_view(bot, bot.fake.views.closed("U1", view["id"], typed))
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.node == "draft_recipient"
    assert conv.answers["recipient"] == "Priya Raman" and conv.answers["company"] == "Initech"
    assert len(bot.dm("U1")) == posts  # closing says nothing
    again = await open_form(bot, "U1")
    filled = {b["block_id"]: b["element"].get("initial_value") for b in again["blocks"]}
    assert filled["recipient"] == "Priya Raman" and filled["company"] == "Initech"
    assert filled["role"] is None


async def test_a_modal_that_cannot_open_in_time_is_explained_and_the_question_stays(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await to_details(bot, "U1", "en-US")
    bot.fake.views.trigger_seconds = 0.0  # the click's trigger has expired
    message = bot.question("U1")
    [button] = [b for b in buttons_of(message) if b["action_id"] == "open_form"]
    await bot.press("U1", button, message["ts"])
    [call] = bot.fake.calls_to("views.open")
    assert call.failed and call.response["error"] == "expired_trigger_id"
    assert bot.dm("U1")[-1]["text"] == slack_escape(dialogs.locale("en").msg("form_failed"))
    assert bot.node("U1") == "draft_recipient"
    await bot.say("U1", "Priya Raman; Initech; Data Analyst; Sam Ortiz; Alex Moreno")
    assert bot.node("U1") == "draft"  # typed answers still work


async def test_a_form_button_after_the_conversation_moved_on_opens_nothing(
    bot: Driver, dialogs: Dialogs
) -> None:
    await to_details(bot, "U1", "en-US")
    message = bot.question("U1")
    [button] = [b for b in buttons_of(message) if b["action_id"] == "open_form"]
    await bot.say("U1", "Priya Raman; Initech; Data Analyst; Sam Ortiz; Alex Moreno")
    await bot.press("U1", button, message["ts"])
    assert bot.fake.calls_to("views.open") == []
    assert slack_escape(dialogs.locale("en").msg("stale")) in shown_text(bot.dm("U1")[-2])
