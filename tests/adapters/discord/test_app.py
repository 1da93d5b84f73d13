"""The Discord bot end to end: the real discord.py client inside the real adapter, over
loopback HTTP and a websocket against the fake Discord, the real engine on SQLite."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from adapters.discord.components import FORM_PREFIX
from bot.choice_ids import ChoiceId
from bot.conversation import TurnConfig
from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.models import Destination, Inbound, Outbound, Who
from bot.store import SQLiteStore

from ...helpers import Clock
from .driver import (
    EPHEMERAL,
    USER,
    Driver,
    components_of,
    conversation,
    outgoing,
    shown,
    walk_to_actions,
)

DEADLINE = 3.0  # seconds: Discord's bound on the first response to an interaction


def assert_fast_first_responses(bot: Driver) -> None:
    for iid in bot.interactions:
        delay = bot.fake.first_response_delay(iid)
        assert delay is not None and delay < DEADLINE, (iid, delay)


def is_id(custom_id: str, node: str, choice: str) -> bool:
    """Is `custom_id` the engine's id for `choice` on `node` (at any version)?"""
    parsed = ChoiceId.parse(custom_id)
    return parsed is not None and (parsed.node, parsed.choice) == (node, choice)


def drafts_in(messages: list[dict]) -> list[dict]:
    return [m for m in messages if "```" in (m.get("content") or "")]


async def test_command_in_a_guild_answers_ephemerally_first_and_opens_the_dm(
    bot: Driver, dialogs: Dialogs
) -> None:
    payload = await bot.command()
    first = bot.fake.callbacks_for(payload["id"])[0]
    assert (
        first.type == 5 and first.data["flags"] & EPHEMERAL
    )  # deferred, ephemeral, before the turn
    assert_fast_first_responses(bot)
    [pointer] = [m for m in bot.channel() if m["interaction_metadata"]["id"] == payload["id"]]
    assert pointer["flags"] & EPHEMERAL
    assert pointer["content"] == dialogs.locale("en").msg("channel_pointer")
    assert bot.fake.calls_to("POST", r"/users/@me/channels")  # the DM was opened
    dm = bot.dm()
    assert dm and "where are you in this process" in shown(dm[-1])
    assert [c["custom_id"] for c in components_of(dm[-1])] == [
        f"stage:{s}:1" for s in ("not_yet", "in_interview", "between_rounds", "offer")
    ]
    # Nothing but the ephemeral pointer in the channel; the DM came first, then the pointer.
    assert all(m["flags"] & EPHEMERAL for m in bot.channel())
    paths = [c.path for c in bot.fake.calls]
    first_dm = paths.index(f"/channels/{bot.fake.dm_channel_id(USER)}/messages")
    assert first_dm < max(i for i, p in enumerate(paths) if p.startswith("/webhooks/"))


async def test_the_first_response_goes_out_before_the_engine_is_asked(
    bot: Driver, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine is held until Discord has the first response: no turn, database or DM
    work stands between an interaction and its acknowledgement."""
    assert bot.adapter is not None
    await bot.command()
    question = bot.question()
    gate = asyncio.Event()
    real = engine.handle

    async def held(inbound: Inbound) -> list[Outbound]:
        await gate.wait()
        return await real(inbound)

    monkeypatch.setattr(engine, "handle", held)
    for payload in (
        bot.fake.slash_command(USER),
        bot.fake.component_click(USER, "stage:offer:1", message=question),
    ):
        before = bot.adapter.handled
        sent = len(bot.fake.calls)
        await bot.fake.dispatch_interaction(payload)
        [callback] = await bot.fake.wait_for(
            "POST", rf"/interactions/{payload['id']}/[^/]+/callback"
        )
        assert callback.status == 200
        assert bot.fake.calls[sent:] == [callback]  # nothing else yet: the engine has not answered
        gate.set()
        await bot.adapter.wait_handled(before + 1)
        gate.clear()
        assert bot.fake.first_response_delay(payload["id"]) < DEADLINE
    assert bot.node() == "signals"


async def test_a_whole_conversation_by_clicks_and_dm_messages_ends_with_a_draft_in_the_dm(
    bot: Driver, engine: Engine
) -> None:
    await walk_to_actions(bot)
    assert_fast_first_responses(bot)
    # The coach's view came as an embed card, and after "agree" it shows the answer, disabled.
    [card] = [
        m for m in bot.dm() if m["embeds"] and m["embeds"][0].get("title", "").startswith("My view")
    ]
    embed = card["embeds"][0]
    assert [f["name"] for f in embed["fields"]] == [
        "Weighed against going on",
        "Weighed for going on",
    ]
    assert "Sources:" in embed["description"] and "(G03)" in embed["description"]
    assert "✓ " in card["content"] and all(b["disabled"] for b in components_of(card))
    await bot.click(USER, "draft_note")
    for answer in ("no", "no", "no", "none"):
        await bot.click(USER, answer)
    for slot in ("Dana Smith", "Initech", "Data Analyst", "Robin Roe"):
        await bot.say(USER, slot)
    [draft] = drafts_in(bot.dm())
    assert (
        "Subject:" in draft["content"]
        and "Dear Dana," in draft["content"]
        and "Robin Roe" in draft["content"]
    )
    shown_ids = [ChoiceId.parse(c["custom_id"]) for c in components_of(draft)]
    assert {("draft", "shorter"), ("draft", "sent")} <= {
        (p.node, p.choice) for p in shown_ids if p is not None
    }
    assert not drafts_in(bot.channel())  # drafts go to the DM only
    assert all(m["flags"] & EPHEMERAL for m in bot.channel())
    # Every to-dm message was confirmed to the engine.
    await engine.store.flush()  # type: ignore[attr-defined]
    assert await engine.store.undelivered() == []
    await bot.click(USER, "shorter")
    assert len(drafts_in(bot.dm())) == 2
    assert_fast_first_responses(bot)
    # Persistent components keep nothing in memory per message sent.
    assert bot.adapter is not None and bot.adapter.client is not None
    views = bot.adapter.client._connection._view_store
    assert (views._views, views._synced_message_views, views._modals) == ({}, {}, {})


async def test_a_click_updates_the_message_to_show_the_answer_with_buttons_disabled(
    bot: Driver,
) -> None:
    await bot.command()
    question = bot.question()
    await bot.click(USER, "offer")
    edited = bot.fake.message(question["id"])
    assert edited is not None and edited["content"].endswith("✓ I have an offer")
    buttons = components_of(edited)
    assert all(b["disabled"] for b in buttons)
    assert [b["custom_id"] for b in buttons if b["style"] == 3] == ["stage:offer:1"]
    # The checklist: each tick edits the message in place; Done answers it.
    checklist = bot.question()
    await bot.click(USER, "late")
    ticked = bot.fake.message(checklist["id"])
    assert ticked is not None
    [late] = [b for b in components_of(ticked) if is_id(b["custom_id"], "signals", "late")]
    assert late["label"].startswith("✓ ") and late["style"] == 3 and not late["disabled"]
    await bot.click(USER, "_done")
    done = bot.fake.message(checklist["id"])
    assert done is not None and all(b["disabled"] for b in components_of(done))
    assert bot.node() == "accept"


async def test_the_modal_fills_the_draft_slots_in_one_go(bot: Driver, engine: Engine) -> None:
    await walk_to_actions(bot)
    await bot.click(USER, "draft_note")
    for answer in ("no", "no", "no", "none"):
        await bot.click(USER, answer)
    question = bot.question()
    [form] = [b for b in components_of(question) if b["custom_id"].startswith(FORM_PREFIX)]
    opened = await bot.press(USER, question, form["custom_id"])
    [modal] = bot.fake.callbacks_for(opened["id"])
    assert modal.type == 9  # the modal is the first response
    inputs = [c for row in modal.data["components"] for c in row["components"]]
    assert [i["custom_id"] for i in inputs] == ["recipient", "company", "role", "sender"]
    assert all(len(i["label"]) <= 45 for i in inputs) and len(modal.data["title"]) <= 45
    fields = {
        "recipient": "Dana Smith",
        "company": "Initech",
        "role": "Data Analyst",
        "sender": "Robin Roe",
    }
    submitted = await bot.submit(USER, form["custom_id"], fields, question)
    assert bot.fake.callbacks_for(submitted["id"])[0].type == 6
    conv = await conversation(engine)
    assert conv is not None and {k: conv.answers[k] for k in fields} == fields
    [draft] = drafts_in(bot.dm())  # the modal's submission: the next message is the draft
    assert "Initech" in draft["content"] and "Data Analyst" in draft["content"]
    assert_fast_first_responses(bot)
    assert bot.adapter is not None and bot.adapter.client is not None
    assert bot.adapter.client._connection._view_store._modals == {}  # the modal is not kept


async def test_the_form_button_after_a_restart_shows_the_question_again(
    bot: Driver, dialogs: Dialogs, store: SQLiteStore
) -> None:
    await walk_to_actions(bot)
    await bot.click(USER, "draft_note")
    for answer in ("no", "no", "no", "none"):
        await bot.click(USER, answer)
    question = bot.question()
    [form] = [b for b in components_of(question) if b["custom_id"].startswith(FORM_PREFIX)]
    await bot.restart(Engine(dialogs, store, config=TurnConfig(reminder_delay=90), clock=Clock()))
    opened = await bot.press(USER, question, form["custom_id"])
    assert bot.fake.callbacks_for(opened["id"])[0].type == 6  # no fields known: no modal
    fresh = bot.question()
    assert fresh["id"] != question["id"] and bot.node() == "draft_recipient"
    reopened = await bot.press(USER, fresh, form["custom_id"])
    assert bot.fake.callbacks_for(reopened["id"])[0].type == 9


async def test_closed_dms_continue_ephemerally_in_the_channel_with_the_draft(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    bot.fake.close_dms(USER)
    payload = await bot.command()
    shown_here = [m for m in bot.channel() if m["interaction_metadata"]["id"] == payload["id"]]
    assert shown_here[0]["content"] == dialogs.locale("en").msg("discord_dms_closed")
    assert "Privacy Settings" in shown_here[0]["content"]
    assert dialogs.locale("en").msg("channel_pointer") not in [
        m["content"] for m in shown_here
    ]  # it would be untrue
    assert "where are you in this process" in shown(shown_here[-1])
    assert all(m["flags"] & EPHEMERAL for m in bot.channel())
    # The whole conversation by clicks on ephemeral messages, up to the draft.
    await bot.click(USER, "offer")
    await bot.tick(USER, "late", "vague")
    for answer in ("no", "yes", "mismatch"):
        await bot.click(USER, answer)
    await bot.tick(USER)
    for answer in ("short", "no", "agree"):
        await bot.click(USER, answer)
    await bot.tick(USER, "sure", "understand", "values", "support")
    await bot.click(USER, "draft_note")
    for answer in ("no", "no", "no", "none"):
        await bot.click(USER, answer)
    for _ in range(4):
        await bot.click(USER, "_skip")
    [draft] = drafts_in(bot.channel())
    assert draft["flags"] & EPHEMERAL and "Subject:" in draft["content"]
    assert bot.dm() == []
    assert all(m["flags"] & EPHEMERAL for m in bot.channel())
    assert [c.status for c in bot.fake.calls_to("POST", r"/channels/\d+/messages")] and all(
        c.status == 403 for c in bot.fake.calls_to("POST", r"/channels/\d+/messages")
    )
    await engine.store.flush()  # type: ignore[attr-defined]
    assert await engine.store.undelivered() == []  # shown ephemerally counts as delivered
    assert_fast_first_responses(bot)


@pytest.mark.parametrize("typed", ["@everyone", "<@123>", "@here <@&456> @everyone <@123>"])
async def test_mentions_typed_by_a_user_never_ping(bot: Driver, typed: str) -> None:
    await walk_to_actions(bot)
    await bot.click(USER, "draft_note")
    for answer in ("no", "no", "no", "none"):
        await bot.click(USER, answer)
    await bot.say(USER, f"Dana {typed}")  # no name: asked again, quoting nothing
    for slot in ("Dana", typed, "Analyst", f"Robin {typed}"):
        await bot.say(USER, slot)
    await bot.say(USER, typed)  # not an answer: the bot says so
    sent = list(outgoing(bot.fake))
    shown = typed.replace("<", "").replace(">", "")  # a note drops stray angle brackets
    assert any(shown in str(body) for _, _, body in sent)  # the text did go out...
    for method, path, body in sent:  # ...and nothing the bot sends may ping anyone
        assert body.get("allowed_mentions") == {"parse": []}, (method, path)


async def test_a_click_on_a_message_from_before_a_restart_still_works(
    bot: Driver, dialogs: Dialogs, store: SQLiteStore
) -> None:
    await bot.command()
    await bot.click(USER, "offer")
    checklist = bot.question()
    before = await conversation(bot.engine)
    await bot.restart(Engine(dialogs, store, config=TurnConfig(reminder_delay=90), clock=Clock()))
    assert bot.fake.ready_count == 2
    custom_id = next(
        b["custom_id"] for b in components_of(checklist) if is_id(b["custom_id"], "signals", "late")
    )
    await bot.press(USER, checklist, custom_id)
    after = await conversation(bot.engine)
    assert before is not None and after is not None
    assert after.version == before.version + 1 and after.ticked["signals"] == ["late"]
    edited = bot.fake.message(checklist["id"])
    assert edited is not None and any(b["label"].startswith("✓ ") for b in components_of(edited))


async def test_a_stale_click_changes_nothing_and_shows_the_current_question(bot: Driver) -> None:
    await bot.command()
    old = bot.question()
    await bot.say(USER, "4")  # answered by typing: the buttons of the old question stay
    before = await conversation(bot.engine)
    assert before is not None and before.node == "signals"
    count = len(bot.dm())
    await bot.press(USER, old, "stage:not_yet:1")
    after = await conversation(bot.engine)
    assert after is not None and (after.version, after.node, after.answers) == (
        before.version,
        before.node,
        before.answers,
    )
    new = bot.dm()[count:]
    assert "That question has moved on" in shown(new[0])
    assert bot.node() == "signals" and bot.question()["id"] == new[-1]["id"]
    assert bot.fake.message(old["id"]) == old  # the old message is left as it was


async def test_german_from_the_interaction_locale(bot: Driver, dialogs: Dialogs) -> None:
    de = dialogs.locale("de")
    payload = await bot.command(locale="de")
    [pointer] = [m for m in bot.channel() if m["interaction_metadata"]["id"] == payload["id"]]
    assert pointer["content"] == de.msg("channel_pointer")
    assert bot.dm()[-1]["content"] == de.nodes["stage"].text
    assert [b["label"] for b in components_of(bot.dm()[-1])] == [
        de.nodes["stage"].choices[c] for c in ("not_yet", "in_interview", "between_rounds", "offer")
    ]
    # The adapter's own words around the engine's (the card's headings) follow suit.
    await bot.click(USER, "offer", locale="de")
    await bot.tick(USER, "late")
    for answer in ("no", "yes", "mismatch"):
        await bot.click(USER, answer, locale="de")
    await bot.tick(USER)
    for answer in ("short", "no"):
        await bot.click(USER, answer, locale="de")
    [card] = [m for m in bot.dm() if m["embeds"]]
    assert [f["name"] for f in card["embeds"][0]["fields"]] == [
        de.msg("against_heading"),
        de.msg("for_heading"),
    ]
    assert card["embeds"][0]["title"].startswith(de.msg("recommendation_heading").split("{")[0])
    assert card["content"] and card["content"] in "\n".join([de.nodes["recommend"].text])


async def test_the_language_option_outranks_the_locale(
    bot: Driver, dialogs: Dialogs, engine: Engine
) -> None:
    await bot.command(locale="en-US", language="de")
    assert bot.dm()[-1]["content"] == dialogs.locale("de").nodes["stage"].text
    conv = await conversation(engine)
    assert conv is not None and conv.locale_override == "de"
    await bot.command(locale="de", choice="language", language="en")
    assert bot.dm()[-1]["content"] == dialogs.locale("en").nodes["stage"].text


async def test_the_choice_option_restarts_forgets_and_helps(
    bot: Driver, dialogs: Dialogs, engine: Engine
) -> None:
    en = dialogs.locale("en")
    await bot.command()
    await bot.click(USER, "offer")
    await bot.command(choice="help")
    assert any(en.msg("help") in shown(m) for m in bot.dm())
    await bot.command(choice="restart")
    conv = await conversation(engine)
    assert conv is not None and conv.node == "stage" and "stage" not in conv.answers
    await bot.command(choice="forget")
    await bot.click(USER, "_yes")
    assert await conversation(engine) is None


async def test_the_command_in_the_bot_dm_answers_there(bot: Driver) -> None:
    payload = await bot.command(guild=False)
    assert bot.fake.callbacks_for(payload["id"])[0].type == 5
    assert bot.channel() == []
    dm = bot.dm()
    assert not any(m["flags"] & EPHEMERAL for m in dm)
    assert "where are you in this process" in shown(dm[-1])
    await bot.click(USER, "offer")
    assert bot.node() == "signals"


async def test_server_messages_and_the_bots_own_are_not_read(bot: Driver, engine: Engine) -> None:
    assert bot.adapter is not None
    await bot.fake.dispatch(
        "MESSAGE_CREATE", bot.fake.guild_message(USER, "should I withdraw?", mention_bot=True)
    )
    mine = bot.fake.dm_message(USER, "echo") | {"author": bot.fake.bot_user}
    await bot.fake.dispatch("MESSAGE_CREATE", mine)
    await bot.say(USER, "hello")  # the one message that counts
    assert bot.adapter.handled == 1
    assert await conversation(engine) is not None


async def test_reminders_and_recovered_messages_go_to_the_dm_through_the_sender(
    bot: Driver, engine: Engine
) -> None:
    who = Who(platform="discord", workspace="", user=USER)
    sent = await engine.deliver(
        who, [Outbound(text="A gentle reminder", kind="reminder", to=Destination.DM)]
    )
    assert sent == 1
    [posted] = bot.fake.calls_to("POST", r"/channels/\d+/messages")
    assert posted.json is not None and posted.json["allowed_mentions"] == {"parse": []}
    assert bot.dm()[-1]["content"] == "A gentle reminder"
    bot.fake.close_dms(USER)
    assert (
        await engine.deliver(who, [Outbound(text="Another", kind="reminder", to=Destination.DM)])
        == 0
    )


async def test_a_reminder_falls_due_and_arrives_in_the_dm(
    bot: Driver, engine: Engine, clock: Clock
) -> None:
    await walk_to_actions(bot)
    await bot.click(USER, "draft_note")
    for answer in ("no", "no", "no", "none"):
        await bot.click(USER, answer)
    for _ in range(4):
        await bot.click(USER, "_skip")
    await bot.click(USER, "not_yet")
    count = len(bot.dm())
    clock.advance(91)  # the engine's reminder delay in these tests is 90 s
    assert await engine.fire_due() == 1
    assert len(bot.dm()) > count and bot.dm()[-1]["components"]  # the reminder, with its buttons
    await engine.store.flush()  # type: ignore[attr-defined]
    assert await engine.store.undelivered() == []


async def test_direct_messages_left_undelivered_by_a_crash_are_sent_after_a_restart(
    bot: Driver, dialogs: Dialogs, store: SQLiteStore
) -> None:
    from bot.models import InboundKind, Place

    crashed = Engine(dialogs, store, config=TurnConfig(reminder_delay=90), clock=Clock())
    who = Who(platform="discord", workspace="", user=USER)
    replies = await crashed.handle(
        Inbound(who=who, kind=InboundKind.START, place=Place.CHANNEL, event_id="before-the-crash")
    )
    assert [r.to for r in replies if r.outbox_id] and bot.dm() == []  # committed, never sent
    await bot.restart(Engine(dialogs, store, config=TurnConfig(reminder_delay=90), clock=Clock()))
    assert await bot.engine.recover_outbox({"discord"}) == len([r for r in replies if r.outbox_id])
    # (Both arrive; their order within one turn is the store's: created_at, then a random id.)
    assert any("where are you in this process" in shown(m) for m in bot.dm())
    await bot.click(USER, "offer")  # and the recovered question works
    assert bot.node() == "signals"


async def test_a_rate_limited_direct_message_is_retried(bot: Driver) -> None:
    bot.fake.fail_next("POST", r"/channels/\d+/messages", retry_after=0.05)
    await bot.command()
    assert [c.status for c in bot.fake.calls_to("POST", r"/channels/\d+/messages")][:2] == [
        429,
        200,
    ]
    assert bot.node() == "stage"


async def test_a_resend_after_a_crash_carries_the_same_enforced_nonce(
    bot: Driver, engine: Engine, store: SQLiteStore
) -> None:
    """Discord drops a message whose enforced nonce it saw in the last minutes: the user sees
    a direct message once even when a crash fell between Discord accepting it and the bot
    recording that."""
    await bot.command()
    dm = bot.fake.dm_channel_id(USER)
    first = [c.json for c in bot.fake.calls_to("POST", rf"/channels/{dm}/messages")]
    assert first and all(b["enforce_nonce"] is True and b["nonce"] for b in first)
    await store.flush()
    db = sqlite3.connect(store.path)
    db.execute("UPDATE outbox SET delivered_at = NULL")
    db.commit()
    db.close()
    await engine.recover_outbox({"discord"})
    again = [c.json for c in bot.fake.calls_to("POST", rf"/channels/{dm}/messages")][len(first) :]
    assert [b["nonce"] for b in again] == [b["nonce"] for b in first]


async def test_the_sure_test_is_one_select_and_done(bot: Driver, engine: Engine) -> None:
    from .driver import walk_to_recommendation

    await walk_to_recommendation(bot)
    await bot.click(USER, "agree")
    found = bot.menu()
    assert found is not None and len(found[1]["options"]) == 4 and found[1]["max_values"] == 4
    message, menu = found
    await bot.press(USER, message, menu["custom_id"], values=["sure", "understand"])
    conv = await conversation(engine)
    assert conv is not None and conv.ticked == {"sure": ["sure", "understand"]}
    await bot.click(USER, "_done")
    conv = await conversation(engine)
    assert (
        conv is not None
        and conv.node == "conflict"
        and conv.answers["sure"] == ["sure", "understand"]
    )
