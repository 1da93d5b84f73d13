"""The Slack app over real HTTP: the real Bolt app, the fake Slack, the real engine on SQLite."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time

import pytest

from bot.choice_ids import choice_of, node_of
from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.models import Inbound, Outbound
from bot.store import SQLiteStore

from ...fakes.fake_slack import (
    TEAM_ID,
    FakeSlack,
    dm_channel_id,
    event_callback,
    form_body,
    interactive_body,
    message_im,
    signed_headers,
)
from ...helpers import Clock
from .driver import (
    CHANNEL,
    SECRET,
    Driver,
    buttons_of,
    conversation,
    shown_text,
    slack_escape,
    texts,
    unescaped,
    walk_to_actions,
    walk_to_recommendation,
)


async def undelivered(engine: Engine) -> list[object]:
    await engine.store.flush()  # type: ignore[attr-defined]  # marks are written behind
    return list(await engine.store.undelivered())


def en(dialogs: Dialogs, key: str) -> str:
    return slack_escape(dialogs.locale("en").msg(key))


# ---------------------------------------------------------------------- entry points


async def test_channel_command_acks_fast_answers_ephemerally_and_opens_the_dm(
    bot: Driver, engine: Engine, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hold the engine until Slack has its ack: the ack must not wait for any turn.
    gate = asyncio.Event()
    real_handle = engine.handle

    async def held(inbound: Inbound) -> list[Outbound]:
        await gate.wait()
        return await real_handle(inbound)

    monkeypatch.setattr(engine, "handle", held)
    before = bot.adapter.handled
    status = await bot.command("U1", wait=False)
    assert status == 200 and bot.last_ack_seconds < 3.0
    assert await conversation(engine, "U1") is None  # acked before the engine ran
    gate.set()
    await bot.adapter.wait_handled(before + 1)

    (ack,) = [c for c in bot.fake.calls_to("response_url")]
    assert ack.body["response_type"] == "ephemeral"
    assert ack.body["text"] == en(dialogs, "channel_pointer")
    assert bot.fake.ephemerals[0]["channel"] == CHANNEL
    assert bot.fake.messages.get(CHANNEL) is None  # nothing public in the channel
    opened = bot.fake.calls_to("conversations.open")
    assert opened and opened[0].body["users"] == "U1"
    dm = bot.dm("U1")
    assert dm and bot.node("U1") == "stage"
    assert all(
        c.body["channel"] == dm_channel_id("U1") for c in bot.fake.calls_to("chat.postMessage")
    )
    assert await undelivered(engine) == []  # every DM confirmed to the engine
    assert "link_names" not in json.dumps([c.body for c in bot.fake.calls])


async def test_whole_conversation_by_clicks_and_dms_ends_with_the_draft_in_the_dm_only(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await walk_to_actions(bot, "U1")
    await bot.click("U1", "draft_note")
    await bot.click("U1", "yes")  # door open
    await bot.click("U1", "no")  # no referral
    await bot.click("U1", "no")  # other roles
    await bot.click("U1", "brief")
    for slot in ("Dana Smith", "Initech", "Data Analyst", "Robin Roe"):
        await bot.say("U1", slot)

    draft_messages = [m for m in bot.dm("U1") if "Dear Dana," in shown_text(m)]
    assert len(draft_messages) == 1
    draft = draft_messages[0]
    assert (
        "```" in shown_text(draft)
        and "Initech" in shown_text(draft)
        and "Robin Roe" in shown_text(draft)
    )
    labels = [b["text"]["text"] for b in buttons_of(draft)]
    assert dialogs.locale("en").nodes["draft"].choices["shorter"] in labels

    await bot.click("U1", "shorter")  # a revision: version 2, still only in the DM
    assert any("version 2" in shown_text(m) for m in bot.dm("U1"))

    # The draft went to the DM channel and nowhere else.
    for call in bot.fake.calls:
        if "Dana Smith" in json.dumps(call.body):
            assert call.method in ("chat.postMessage", "chat.update") and call.body[
                "channel"
            ] == dm_channel_id("U1"), call.method
    assert bot.fake.messages.keys() == {dm_channel_id("U1")}
    assert [e["text"] for e in bot.fake.ephemerals] == [en(dialogs, "channel_pointer")]

    # Each clicked question was replaced by its answer; only those answered by typing (and
    # the current one) keep buttons, which the engine treats as stale.
    with_buttons = [m for m in bot.dm("U1") if buttons_of(m)]
    assert with_buttons[-1] is bot.dm("U1")[-1]
    typed = {node_of(buttons_of(m)[-1]["value"]) for m in with_buttons[:-1]}
    assert typed == {
        "reason",
        "sure",
        "draft_recipient",
        "draft_company",
        "draft_role",
        "draft_sender",
    }
    assert any("✓" in shown_text(m) for m in bot.dm("U1"))
    assert await undelivered(engine) == []
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.answers["recipient"] == "Dana Smith" and conv.node == "draft"
    assert len(bot.acks) > 25 and max(bot.acks) < 3.0  # every payload acknowledged in time


async def test_checklist_toggles_edit_the_message_in_place(bot: Driver, engine: Engine) -> None:
    await bot.command("U1")
    await bot.click("U1", "offer")
    question = bot.question("U1")
    await bot.click("U1", "late")
    await bot.click("U1", "vague")
    updated = bot.question("U1")
    assert updated["ts"] == question["ts"]  # the same message, re-rendered
    ticked = {choice_of(b["value"]): b for b in buttons_of(updated)}
    assert (
        ticked["late"]["text"]["text"].startswith("☑") and ticked["late"].get("style") == "primary"
    )
    assert ticked["faded"]["text"]["text"].startswith("☐")
    await bot.click("U1", "_done")
    conv = await conversation(engine, "U1")
    assert (
        conv is not None and conv.answers["signals"] == ["late", "vague"] and conv.node == "accept"
    )


async def test_mention_in_a_channel_starts_privately(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await bot.mention("U1", "help")
    (ephemeral,) = bot.fake.calls_to("chat.postEphemeral")
    assert ephemeral.body["channel"] == CHANNEL and ephemeral.body["user"] == "U1"
    assert ephemeral.body["text"] == en(dialogs, "channel_pointer")
    assert bot.fake.messages.keys() == {dm_channel_id("U1")}
    assert en(dialogs, "help").split("\n")[0] in shown_text(bot.dm("U1")[0])
    assert bot.node("U1") == "stage"


async def test_command_in_the_bots_dm_answers_there(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await bot.command("U1", channel=dm_channel_id("U1"))
    assert bot.fake.calls_to("response_url") == []  # no pointer: we are already in private
    assert bot.node("U1") == "stage"


async def test_stop_and_restart_controls_are_the_engines(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await bot.command("U1")
    await bot.click("U1", "offer")
    await bot.say("U1", "back")
    assert bot.node("U1") == "stage"
    await bot.command("U1", "restart")
    assert en(dialogs, "restarted") in [m["text"] for m in bot.dm("U1")]


# ---------------------------------------------------------------------- safety


async def test_forged_unsigned_and_stale_requests_get_401_and_change_nothing(
    bot: Driver, engine: Engine
) -> None:
    calls_before = len(bot.fake.calls)
    body = form_body(bot.fake.slash_command("U1"))
    event = json.dumps(event_callback(message_im("U1", "hi")))
    cases = {
        "forged": (body, signed_headers(body, "not-the-secret")),
        "unsigned": (body, {"Content-Type": "application/x-www-form-urlencoded"}),
        "stale": (body, signed_headers(body, SECRET, timestamp=int(time.time()) - 6 * 60)),
        "forged event": (event, signed_headers(event, "not-the-secret")),
        "tampered": (body.replace("U1", "U2"), signed_headers(body, SECRET)),
    }
    for name, (data, headers) in cases.items():
        status, _ = await bot.post(data, headers)
        assert status == 401, name
    assert len(bot.fake.calls) == calls_before  # not even a users.info
    assert bot.adapter.handled == 0
    assert await conversation(engine, "U1") is None and await conversation(engine, "U2") is None


async def test_an_event_resent_with_retry_num_is_processed_once(
    bot: Driver, engine: Engine
) -> None:
    await bot.command("U1")
    version = (await conversation(engine, "U1")).version  # type: ignore[union-attr]
    posts = len(bot.fake.calls_to("chat.postMessage"))
    event = message_im("U1", "4")  # the stage question, answered by number: offer
    await bot.event(event, event_id="EvRETRY1")
    after_first = len(bot.fake.calls_to("chat.postMessage"))
    assert after_first > posts
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.version == version + 1 and conv.answers["stage"] == "offer"
    for n in (1, 2):
        assert await bot.event(event, event_id="EvRETRY1", retry_num=n) == 200
    assert len(bot.fake.calls_to("chat.postMessage")) == after_first
    assert (await conversation(engine, "U1")).version == version + 1  # type: ignore[union-attr]


async def test_rate_limited_post_is_retried_and_delivered_once(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    bot.fake.fail_next("chat.postMessage", status=429, retry_after=0)
    await bot.command("U1")
    posts = bot.fake.calls_to("chat.postMessage")
    assert [c.status for c in posts[:2]] == [429, 200]
    assert posts[0].body == posts[1].body
    welcome = [m for m in bot.dm("U1") if m["text"] == posts[0].body["text"]]
    assert len(welcome) == 1
    assert await undelivered(engine) == []


async def test_mentions_and_ampersands_typed_by_a_user_arrive_escaped_everywhere(
    bot: Driver, engine: Engine, clock: Clock
) -> None:
    await walk_to_actions(bot, "U1")
    await bot.click("U1", "draft_note")
    await bot.click("U1", "yes")
    await bot.click("U1", "no")
    await bot.click("U1", "no")
    await bot.click("U1", "specific")
    await bot.say("U1", "The team &amp; I &lt;@U123&gt; disagreed on scope")
    if bot.node("U1") == "tone_check":
        await bot.click("U1", "keep")
    # As Slack sends them: typed literally (&, <, > arrive as entities); a name with a
    # mention in it is no name, and is asked again ...
    await bot.say("U1", "&lt;!channel&gt; Dana &amp; &lt;@U123&gt;")
    assert bot.node("U1") == "draft_recipient"
    await bot.say("U1", "Dana Lee")
    # ... and as live mentions, which become plain text.
    await bot.say("U1", "<!channel> Initech &amp; Sons <@U123> <!here>")
    await bot.say("U1", "Data <Analyst>".replace("<", "&lt;").replace(">", "&gt;"))
    await bot.say("U1", "Robin &amp; <!everyone>")
    await bot.click("U1", "not_yet")  # schedules the reminder, which names the company
    clock.advance(24 * 3600)
    assert await engine.fire_due() == 1

    conv = await conversation(engine, "U1")
    assert conv is not None
    assert conv.answers["recipient"] == "Dana Lee"
    assert conv.answers["company"] == "@channel Initech & Sons @U123 @here"  # as plain text

    bad = list(unescaped(bot.fake))
    assert bad == [], bad[:3]
    sent = "\n".join(t for c in bot.fake.calls for t in texts(c.body))
    assert "Dear Dana," in sent and "Robin &amp; @everyone" in sent
    assert "Initech &amp; Sons" in sent and "the Data Analyst role" in sent  # no stray <>
    reminder = bot.dm("U1")[-1]
    assert "@channel Initech &amp; Sons @U123 @here" in shown_text(reminder) and buttons_of(
        reminder
    )
    for call in bot.fake.calls:
        assert "link_names" not in call.body and "parse" not in call.body


async def test_a_stale_button_changes_nothing_and_shows_the_current_question(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await bot.command("U1")
    first, old_button = bot.button("U1", "not_yet")
    await bot.click("U1", "offer")
    before = await conversation(engine, "U1")
    assert before is not None and before.node == "signals"
    await bot.press("U1", old_button, first["ts"])  # the first question's button, long gone
    after = await conversation(engine, "U1")
    assert after == before  # no state change
    shown = [m for m in bot.dm("U1") if m["text"] == en(dialogs, "stale")]
    assert len(shown) == 1
    assert bot.node("U1") == "signals" and bot.dm("U1")[-1] is bot.question("U1")


async def test_a_refused_dm_is_logged_and_told_in_the_channel(
    bot: Driver, engine: Engine, dialogs: Dialogs, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.block_dm("U9")  # messages_tab_disabled
    bot.fake.block_dm("U8", "cannot_dm_bot", at="conversations.open")
    bot.fake.block_dm("U7")
    bot.fake.set_locale("U7", "de-DE")
    with caplog.at_level(logging.INFO):
        await bot.command("U9", "my secret plan")
        await bot.command("U8")
        await bot.command("U7")
    notices = [c.body for c in bot.fake.calls_to("response_url")]
    assert len(notices) == 3 and all(n["response_type"] == "ephemeral" for n in notices)
    english = dialogs.locale("en").msg("dm_failed")
    german = dialogs.locale("de").msg("dm_failed")
    assert [n["text"] for n in notices] == [slack_escape(english)] * 2 + [slack_escape(german)]
    bot.fake.block_dm("U6")
    await bot.mention("U6", "hello")  # a mention has no response_url: chat.postEphemeral
    (notice,) = bot.fake.calls_to("chat.postEphemeral")
    assert (notice.body["channel"], notice.body["user"], notice.body["text"]) == (
        CHANNEL,
        "U6",
        slack_escape(english),
    )
    assert bot.fake.messages == {}  # in place of the pointer: nothing claims a DM was sent
    assert len(await undelivered(engine)) >= 4  # kept in the outbox, not lost
    ours = ("adapters", "bot", "slack_bolt", "slack_sdk")  # not the fake's own access log
    logged = [r for r in caplog.records if r.levelno >= logging.INFO and r.name.startswith(ours)]
    assert any("messages_tab_disabled" in r.getMessage() for r in logged)
    assert any("cannot_dm_bot" in r.getMessage() for r in logged)
    for r in logged:
        message = r.getMessage()
        assert "secret plan" not in message and "U9" not in message and "xoxb-" not in message


# ---------------------------------------------------------------------- locale and home


async def test_locale_comes_from_users_info_once_per_user(bot: Driver, engine: Engine) -> None:
    bot.fake.set_locale("U1", "en-GB")
    await bot.command("U1")
    await bot.click("U1", "offer")
    await bot.say("U1", "done")
    infos = bot.fake.calls_to("users.info")
    assert [c.body["user"] for c in infos] == ["U1"] and infos[0].body["include_locale"] in (
        "1",
        "true",
        True,
    )
    assert (await conversation(engine, "U1")).locale == "en"  # type: ignore[union-attr]


async def test_german_from_users_info(bot: Driver, engine: Engine, dialogs: Dialogs) -> None:
    de, english = dialogs.locale("de"), dialogs.locale("en")
    if de.msg("channel_pointer") == english.msg("channel_pointer"):
        pytest.fail(
            "the German dialogs are not there yet (dialogs/de is missing or a copy of English)"
        )
    bot.fake.set_locale("U1", "de-DE")
    await bot.command("U1")
    assert bot.fake.calls_to("response_url")[0].body["text"] == slack_escape(
        de.msg("channel_pointer")
    )
    assert shown_text(bot.question("U1")).startswith(slack_escape(de.nodes["stage"].text))
    assert (await conversation(engine, "U1")).locale == "de"  # type: ignore[union-attr]
    # `language` outranks Slack's locale: an en-US user switches to German, and the
    # headings the adapter adds to the coach's view follow the conversation's language.
    await walk_to_recommendation(bot, "U2", "language de")
    assert slack_escape(de.msg("language_set")) in [m["text"] for m in bot.dm("U2")]
    card = bot.question("U2")
    fields = [b for b in card["blocks"] if b.get("fields")][0]["fields"]
    assert fields[0]["text"].startswith(f"*{slack_escape(de.msg('against_heading'))}*")


async def test_app_home_shows_where_the_decision_stands_and_the_latest_draft(
    bot: Driver, engine: Engine, dialogs: Dialogs
) -> None:
    await bot.open_home("U1")
    view = bot.fake.home_views["U1"]
    assert en(dialogs, "home_none") in shown_text(view)
    (go,) = buttons_of(view)
    assert go["value"] == "_start"

    await walk_to_actions(bot, "U1")
    await bot.click("U1", "draft_note")
    for answer in ("yes", "no", "no", "brief"):
        await bot.click("U1", answer)
    for slot in ("Dana Smith", "Initech", "Data Analyst", "Robin Roe"):
        await bot.say("U1", slot)
    await bot.open_home("U1")
    view = bot.fake.home_views["U1"]
    shown = shown_text(view)
    assert en(dialogs, "home_title") in shown
    assert "Dear Dana," in shown and "```" in shown
    assert len(view["blocks"]) <= 100
    (go,) = buttons_of(view)

    # "Continue" in the Home tab goes on in the DM, where the draft question is re-shown.
    posts = len(bot.dm("U1"))
    payload = bot.fake.block_actions(
        "U1", go["action_id"], go["value"], channel_id=dm_channel_id("U1"), message_ts="0"
    )
    payload["container"] = {"type": "view", "view_id": view["id"]}
    payload.pop("channel")
    payload.pop("message")
    await bot.deliver("interactive", payload, interactive_body(payload))
    new = bot.dm("U1")[posts:]
    assert new and en(dialogs, "resumed") in [m["text"] for m in new]
    assert bot.node("U1") == "draft"
    assert bot.fake.calls_to("chat.update") and all(
        c.body["ts"] != "0" for c in bot.fake.calls_to("chat.update")
    )


async def test_reminders_go_through_the_registered_sender(
    bot: Driver, engine: Engine, clock: Clock, fake: FakeSlack
) -> None:
    await walk_to_actions(bot, "U1")
    await bot.click("U1", "draft_note")
    for answer in ("yes", "no", "no", "brief"):
        await bot.click("U1", answer)
    for slot in ("Dana Smith", "Initech", "Data Analyst", "Robin Roe"):
        await bot.say("U1", slot)
    await bot.click("U1", "not_yet")
    posts = len(bot.dm("U1"))
    clock.advance(24 * 3600)
    assert await engine.fire_due() == 1
    assert len(bot.dm("U1")) == posts + 1
    assert bot.node("U1") == "reminder"
    assert await undelivered(engine) == []
    assert fake.calls_to("chat.postMessage")[-1].body["channel"] == dm_channel_id("U1")
    assert TEAM_ID == (await conversation(engine, "U1")).who.workspace  # type: ignore[union-attr]


async def test_a_resend_after_a_crash_is_not_shown_twice(
    bot: Driver, engine: Engine, store: SQLiteStore
) -> None:
    """The crash fell between Slack accepting a DM and the bot recording it as delivered."""
    await bot.command("U1")
    dm_before = len(bot.dm("U1"))
    assert dm_before >= 2
    await store.flush()
    db = sqlite3.connect(store.path)
    ids = [r[0] for r in db.execute("SELECT id FROM outbox WHERE user_id = 'U1'")]
    db.execute(
        "UPDATE outbox SET delivered_at = NULL"
    )  # as if the process died right after posting
    db.commit()
    db.close()
    assert await engine.recover_outbox({"slack"}) == len(ids)
    assert len(bot.dm("U1")) == dm_before  # already in the DM: not posted again
    await store.flush()
    assert await store.undelivered() == []
    # A row Slack never got is posted, once.
    db = sqlite3.connect(store.path)
    db.execute(
        "UPDATE outbox SET delivered_at = NULL, id = 'never-posted' WHERE id = ?", (ids[-1],)
    )
    db.commit()
    db.close()
    assert await engine.recover_outbox({"slack"}) == 1
    assert len(bot.dm("U1")) == dm_before + 1


async def test_the_users_time_zone_from_users_info_reaches_the_conversation(
    bot: Driver, engine: Engine
) -> None:
    await bot.command("U1")
    await bot.click("U1", "offer")
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.timezone == "America/Los_Angeles"  # the fake's users.info


async def test_the_sure_test_is_one_set_of_checkboxes_whose_ticks_the_engine_keeps(
    bot: Driver, engine: Engine
) -> None:
    await walk_to_recommendation(bot, "U1")
    await bot.click("U1", "agree")
    found = bot.checkboxes("U1")
    assert found is not None and len(found[2]["options"]) == 4  # one control, four answers
    await bot.check("U1", "sure")
    await bot.check("U1", "values")
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.ticked == {"sure": ["sure", "values"]}
    updated = bot.checkboxes("U1")
    assert updated is not None and [
        choice_of(o["value"]) for o in updated[2]["initial_options"]
    ] == [
        "sure",
        "values",
    ]
    await bot.check("U1", "sure")  # unticked again
    await bot.click("U1", "_done")
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.answers["sure"] == ["values"] and conv.node == "conflict"
