"""The Slack app in Socket Mode: envelopes over the fake's loopback websocket, acks recorded."""

from __future__ import annotations

import asyncio

import pytest

from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.models import Inbound, Outbound

from ...fakes.fake_slack import APP_ID, dm_channel_id, event_callback, message_im
from .driver import (
    APP_TOKEN,
    CHANNEL,
    Driver,
    buttons_of,
    conversation,
    shown_text,
    slack_escape,
    unescaped,
)


async def test_slash_command_and_clicks_over_socket_mode(
    socket_bot: Driver, engine: Engine, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = socket_bot.fake
    (opened,) = fake.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN

    gate = asyncio.Event()
    real_handle = engine.handle

    async def held(inbound: Inbound) -> list[Outbound]:
        await gate.wait()
        return await real_handle(inbound)

    monkeypatch.setattr(engine, "handle", held)
    before = socket_bot.adapter.handled
    envelope_id = await fake.socket_push("slash_commands", fake.slash_command("U1"))
    started = asyncio.get_running_loop().time()
    ack = await fake.wait_socket_ack(envelope_id)
    assert asyncio.get_running_loop().time() - started < 3.0
    assert ack["envelope_id"] == envelope_id and not ack.get("payload")  # an empty ack
    assert await conversation(engine, "U1") is None  # acked before the engine ran
    gate.set()
    await socket_bot.adapter.wait_handled(before + 1)

    (pointer,) = fake.calls_to("response_url")
    assert pointer.body == {
        **pointer.body,
        "response_type": "ephemeral",
        "text": slack_escape(dialogs.locale("en").msg("channel_pointer")),
    }
    assert socket_bot.node("U1") == "stage"

    question = socket_bot.question("U1")
    await socket_bot.click("U1", "between_rounds")
    assert socket_bot.last_ack_seconds < 3.0
    answered = [m for m in socket_bot.dm("U1") if m["ts"] == question["ts"]][0]
    assert not buttons_of(answered) and "✓" in shown_text(answered)  # updated in place
    assert socket_bot.node("U1") == "rounds"
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.answers["stage"] == "between_rounds"
    assert len(fake.socket_acks) == 2 and max(socket_bot.acks) < 3.0
    assert list(unescaped(fake)) == []


async def test_socket_mode_event_retry_is_processed_once(
    socket_bot: Driver, engine: Engine
) -> None:
    fake = socket_bot.fake
    await socket_bot.command("U1", channel=dm_channel_id("U1"))
    payload = event_callback(message_im("U1", "2"), event_id="EvSOCKET1")  # stage: in an interview
    for attempt in (0, 1):
        before = socket_bot.adapter.handled
        envelope_id = await fake.socket_push(
            "events_api", payload, retry_attempt=attempt, retry_reason="timeout" if attempt else ""
        )
        await fake.wait_socket_ack(envelope_id)
        await socket_bot.adapter.wait_handled(before + 1)
        if attempt == 0:
            posts = len(fake.calls_to("chat.postMessage"))
            version = (await conversation(engine, "U1")).version  # type: ignore[union-attr]
    assert len(fake.calls_to("chat.postMessage")) == posts
    conv = await conversation(engine, "U1")
    assert conv is not None and conv.version == version and conv.answers["stage"] == "in_interview"


async def test_app_home_over_socket_mode(socket_bot: Driver, dialogs: Dialogs) -> None:
    await socket_bot.open_home("U1")
    view = socket_bot.fake.home_views["U1"]
    assert view["app_id"] == APP_ID and view["type"] == "home"
    assert slack_escape(dialogs.locale("en").msg("home_none")) in shown_text(view)
    assert [b["value"] for b in buttons_of(view)] == ["_start"]
    assert socket_bot.fake.messages.get(CHANNEL) is None
