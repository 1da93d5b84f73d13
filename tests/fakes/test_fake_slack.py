"""Self-tests: the real slack_sdk / slack_bolt clients against FakeSlack over loopback.

If these pass, a bot adapter tested against the fake speaks the same wire protocol as with
Slack: same encodings, same error surfaces, same retry and ack behaviour.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from .fake_slack import (
    APP_ID,
    BOT_USER_ID,
    FakeSlack,
    block_actions,
    dm_channel_id,
    event_callback,
    form_body,
    interactive_body,
    message_im,
    signed_headers,
    slash_command,
)

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-A0001-test"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "Should you withdraw?"}}]
META = {"event_type": "coach_step", "event_payload": {"step": 1}}


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk routes everything (even 127.0.0.1) via HTTP(S)_PROXY and ignores NO_PROXY."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token=BOT_TOKEN, base_url=slack.api_url)


# ---------------------------------------------------------------------- Web API


async def test_auth_test_records_token_and_scopes(slack: FakeSlack, client: AsyncWebClient) -> None:
    resp = await client.auth_test()
    assert resp["user_id"] == BOT_USER_ID and resp["bot_id"] == "B0001"
    assert resp["team_id"] == "T0001" and resp["url"].startswith("https://")
    assert resp.headers["x-oauth-scopes"] == slack.scopes  # Bolt reads scopes from here
    (call,) = slack.calls_to("auth.test")
    assert call.token == BOT_TOKEN and not call.failed
    assert call.headers["Authorization"] == f"Bearer {BOT_TOKEN}"


async def test_missing_and_invalid_tokens(slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as no_token:
        await AsyncWebClient(base_url=slack.api_url).auth_test()
    assert no_token.value.response["error"] == "not_authed"
    slack.invalid_tokens.add("xoxb-revoked")
    with pytest.raises(SlackApiError) as revoked:
        await AsyncWebClient(token="xoxb-revoked", base_url=slack.api_url).auth_test()
    assert revoked.value.response["error"] == "invalid_auth"
    assert [c.failed for c in slack.calls_to("auth.test")] == [True, True]


async def test_dm_post_update_and_history(slack: FakeSlack, client: AsyncWebClient) -> None:
    opened = await client.conversations_open(users="U123")
    channel = opened["channel"]["id"]
    assert channel == dm_channel_id("U123") == "D123"
    assert (await client.conversations_open(users="U123"))["already_open"] is True

    posted = await client.chat_postMessage(
        channel=channel, text="Should you withdraw?", blocks=BLOCKS, metadata=META
    )
    assert posted["channel"] == channel and posted["message"]["blocks"] == BLOCKS
    post_call = slack.calls_to("chat.postMessage")[0]
    assert post_call.content_type == "application/json"  # blocks/metadata travel as JSON
    assert slack.calls_to("conversations.open")[0].body["users"] == "U123"  # query string

    updated = await client.chat_update(channel=channel, ts=posted["ts"], text="Decided.")
    assert updated["ts"] == posted["ts"] and updated["text"] == "Decided."
    second = await client.chat_postMessage(channel="U123", text="Second")  # user id as channel
    assert second["channel"] == channel and second["ts"] > posted["ts"]

    history = await client.conversations_history(channel=channel, limit=1)
    assert [m["text"] for m in history["messages"]] == ["Second"] and history["has_more"]
    full = await client.conversations_history(channel=channel, include_all_metadata=True)
    assert [m["text"] for m in full["messages"]] == ["Second", "Decided."]  # newest first
    assert full["messages"][1]["metadata"] == META
    assert "metadata" not in (await client.conversations_history(channel=channel))["messages"][1]
    assert slack.messages[channel][0]["text"] == "Decided."


async def test_block_dm_and_channel_errors(slack: FakeSlack, client: AsyncWebClient) -> None:
    slack.block_dm("U9")
    channel = (await client.conversations_open(users="U9"))["channel"]["id"]
    with pytest.raises(SlackApiError) as blocked:
        await client.chat_postMessage(channel=channel, text="hi")
    assert blocked.value.response["error"] == "messages_tab_disabled"
    slack.block_channel("C0001")
    with pytest.raises(SlackApiError) as not_member:
        await client.chat_postMessage(channel="C0001", text="hi")
    assert not_member.value.response["error"] == "not_in_channel"
    with pytest.raises(SlackApiError) as no_text, pytest.warns(UserWarning, match="`text`"):
        await client.chat_postMessage(channel="C0002", text="")
    assert no_text.value.response["error"] == "no_text"
    assert slack.messages == {}
    ephemeral = await client.chat_postEphemeral(channel="C0002", user="U9", text="only you")
    assert slack.ephemerals[0]["ts"] == ephemeral["message_ts"]


async def test_users_info_locale(slack: FakeSlack, client: AsyncWebClient) -> None:
    slack.set_locale("U1", "de-DE")
    with_locale = await client.users_info(user="U1", include_locale=True)
    assert with_locale["user"]["id"] == "U1" and with_locale["user"]["locale"] == "de-DE"
    assert (await client.users_info(user="U2", include_locale=True))["user"]["locale"] == "en-US"
    assert "locale" not in (await client.users_info(user="U1"))["user"]
    assert slack.calls_to("users.info")[0].body["include_locale"] == "1"  # bools become "1"/"0"


async def test_views_publish_json_and_form(slack: FakeSlack, client: AsyncWebClient) -> None:
    view = {"type": "home", "blocks": BLOCKS}
    published = await client.views_publish(user_id="U1", view=view)
    assert published["view"]["id"].startswith("V") and published["view"]["blocks"] == BLOCKS
    # A form-encoded body carries the view as a JSON string; the fake decodes it.
    form = await client.api_call("views.publish", data={"user_id": "U2", "view": json.dumps(view)})
    assert form["view"]["type"] == "home"
    assert slack.home_views["U1"]["blocks"] == slack.home_views["U2"]["blocks"] == BLOCKS
    assert slack.calls_to("views.publish")[1].content_type == "application/x-www-form-urlencoded"
    with pytest.raises(SlackApiError) as modal:
        await client.views_publish(user_id="U1", view={"type": "modal", "blocks": []})
    assert modal.value.response["error"] == "invalid_arguments"


@pytest.mark.slow  # seconds of retries or examples; `make test` runs it
async def test_rate_limit_is_retried_by_sdk_handler(slack: FakeSlack) -> None:
    client = AsyncWebClient(
        token=BOT_TOKEN,
        base_url=slack.api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)],
    )
    slack.fail_next("chat.postMessage", retry_after=0)  # handler sleeps Retry-After + rand(0..1)
    resp = await client.chat_postMessage(channel="C0001", text="once")
    assert resp["ok"]
    calls = slack.calls_to("chat.postMessage")
    assert [(c.status, c.failed) for c in calls] == [(429, True), (200, False)]
    assert len(slack.calls_to("chat.postMessage", failed=False)) == 1
    assert [m["text"] for m in slack.messages["C0001"]] == ["once"]


async def test_rate_limit_without_handler_and_injected_error(
    slack: FakeSlack, client: AsyncWebClient
) -> None:
    slack.fail_next("chat.postMessage", retry_after=30)
    with pytest.raises(SlackApiError) as limited:
        await client.chat_postMessage(channel="C0001", text="hi")
    assert limited.value.response.status_code == 429
    assert limited.value.response["error"] == "ratelimited"
    assert limited.value.response.headers["Retry-After"] == "30"

    slack.fail_next("users.info", error="user_not_found", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as injected:
            await client.users_info(user="U1")
        assert injected.value.response.status_code == 200
        assert injected.value.response["error"] == "user_not_found"
    assert (await client.users_info(user="U1"))["ok"]
    assert [c.failed for c in slack.calls_to("users.info")] == [True, True, False]


async def test_unknown_method(slack: FakeSlack, client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as unknown:
        await client.api_call("nope.nothing")
    assert unknown.value.response["error"] == "unknown_method"
    assert slack.calls_to("nope.nothing")[0].failed


async def test_wait_for_wakes_on_calls_and_times_out(
    slack: FakeSlack, client: AsyncWebClient
) -> None:
    waiter = asyncio.create_task(slack.wait_for("chat.postMessage", count=2, timeout=2))
    await client.chat_postMessage(channel="C0001", text="one")
    assert not waiter.done()
    await client.chat_postMessage(channel="C0001", text="two")
    assert [c.body["text"] for c in await waiter] == ["one", "two"]
    with pytest.raises(TimeoutError, match="3 call"):
        await slack.wait_for("chat.postMessage", count=3, timeout=0.05)


# ---------------------------------------------------------------------- response_url


async def test_response_url_post(slack: FakeSlack, client: AsyncWebClient) -> None:
    posted = await client.chat_postMessage(channel="C0001", text="Question?")
    url = slack.new_response_url(channel="C0001", message_ts=posted["ts"])
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"text": "only you", "response_type": "ephemeral"}) as r:
            assert (r.status, await r.text()) == (200, "ok")
        async with http.post(url, json={"text": "Answered.", "replace_original": True}) as r:
            assert r.status == 200
        async with http.post(url, json={}) as r:
            assert (r.status, await r.text()) == (400, "no_text")
    assert [b["text"] for b in slack.responses[url]] == ["only you", "Answered."]
    assert slack.messages["C0001"][0]["text"] == "Answered."
    assert slack.ephemerals[0]["text"] == "only you"
    assert [c.failed for c in slack.calls_to("response_url")] == [False, False, True]


# ---------------------------------------------------------------------- Socket Mode


class _Recorder:
    """Collects what a real SocketModeClient saw and acks every request with a payload."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.requests: list[SocketModeRequest] = []
        self.hello = asyncio.Event()

    async def on_message(self, _: Any, message: dict[str, Any], raw: str | None) -> None:
        self.messages.append(message)
        if message.get("type") == "hello":
            self.hello.set()

    async def on_request(self, client: Any, req: SocketModeRequest) -> None:
        self.requests.append(req)
        ack = SocketModeResponse(envelope_id=req.envelope_id, payload={"text": "thinking..."})
        await client.send_socket_mode_response(ack)


@pytest.fixture
async def socket_client(
    slack: FakeSlack, client: AsyncWebClient
) -> AsyncIterator[tuple[SocketModeClient, _Recorder]]:
    sm = SocketModeClient(app_token=APP_TOKEN, web_client=client)
    recorder = _Recorder()
    sm.message_listeners.append(recorder.on_message)
    sm.socket_mode_request_listeners.append(recorder.on_request)
    await sm.connect()
    try:
        yield sm, recorder
    finally:
        await sm.close()


async def test_socket_mode_client_receives_and_acks(
    slack: FakeSlack, socket_client: tuple[SocketModeClient, _Recorder]
) -> None:
    _, recorder = socket_client
    await asyncio.wait_for(recorder.hello.wait(), 2)
    assert recorder.messages[0]["connection_info"] == {"app_id": APP_ID}
    (opened,) = slack.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN and opened.response["url"].startswith(slack.socket_url + "?")

    envelope_id = await slack.socket_push("slash_commands", slack.slash_command("U1", "help"))
    ack = await slack.wait_socket_ack(envelope_id)
    assert ack == {"envelope_id": envelope_id, "payload": {"text": "thinking..."}}
    (req,) = recorder.requests
    assert (req.type, req.accepts_response_payload) == ("slash_commands", True)
    assert req.payload["command"] == "/should-i-withdraw" and req.payload["text"] == "help"
    assert req.retry_attempt is None  # only events_api envelopes carry retry fields

    event_id = await slack.socket_push(
        "events_api",
        event_callback(message_im("U1", "hi")),
        retry_attempt=1,
        retry_reason="timeout",
    )
    await slack.wait_socket_ack(event_id)
    assert (recorder.requests[1].retry_attempt, recorder.requests[1].retry_reason) == (1, "timeout")


@pytest.mark.parametrize("how", ["disconnect_message", "server_close"])
async def test_socket_mode_client_reconnects(
    slack: FakeSlack, socket_client: tuple[SocketModeClient, _Recorder], how: str
) -> None:
    await slack.wait_socket_connected()
    if how == "disconnect_message":
        await slack.socket_disconnect()
    else:
        await slack.socket_close()
    await slack.wait_socket_connected(connections=2)
    assert len(slack.calls_to("apps.connections.open")) == 2  # a fresh URL per connection
    envelope_id = await slack.socket_push("interactive", {"type": "block_actions", "actions": []})
    assert (await slack.wait_socket_ack(envelope_id))["envelope_id"] == envelope_id


# ---------------------------------------------------------------------- Bolt, both modes


async def test_bolt_socket_mode_slash_command_and_dm(
    slack: FakeSlack, client: AsyncWebClient
) -> None:
    app = AsyncApp(client=client)

    @app.command("/should-i-withdraw")
    async def command(ack: Any, respond: Any, command: dict[str, Any]) -> None:
        await ack("on it")
        await respond(text=f"you said {command['text']}", response_type="in_channel")

    @app.event("message")
    async def dm(say: Any, event: dict[str, Any]) -> None:
        await say(f"echo {event['text']}")

    handler = AsyncSocketModeHandler(app, APP_TOKEN)
    await handler.connect_async()
    try:
        envelope_id = await slack.socket_push("slash_commands", slack.slash_command("U1", "hello"))
        assert (await slack.wait_socket_ack(envelope_id))["payload"] == {"text": "on it"}
        await slack.wait_for("response_url")
        assert slack.messages["C0001"][-1]["text"] == "you said hello"

        await slack.socket_push("events_api", event_callback(message_im("U1", "ping")))
        (posted,) = await slack.wait_for("chat.postMessage")
        # Bolt's per-request client adds team_id to every call it makes.
        assert posted.body == {"channel": "D1", "text": "echo ping", "team_id": "T0001"}
        assert len(slack.calls_to("auth.test")) == 1  # Bolt caches its token check
    finally:
        await handler.close_async()


async def test_bolt_http_mode_signed_block_actions(
    slack: FakeSlack, client: AsyncWebClient
) -> None:
    secret = "s3cret"
    app = AsyncApp(client=client, signing_secret=secret)

    @app.action("withdraw")
    async def clicked(ack: Any, respond: Any, action: dict[str, Any]) -> None:
        await ack()
        await respond(text=f"chose {action['value']}", replace_original=True)

    runner = web.AppRunner(app.web_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    try:
        posted = await client.chat_postMessage(channel="D1", text="Withdraw?", blocks=BLOCKS)
        payload = slack.block_actions(
            "U1", "withdraw", "yes", channel_id="D1", message_ts=posted["ts"]
        )
        body = interactive_body(payload)
        async with aiohttp.ClientSession() as http:
            async with http.post(url, data=body, headers=signed_headers(body, "wrong")) as r:
                assert r.status == 401
            async with http.post(url, data=body, headers=signed_headers(body, secret)) as r:
                assert r.status == 200
        await slack.wait_for("response_url")
        assert slack.messages["D1"][0]["text"] == "chose yes"
    finally:
        await runner.cleanup()


# ---------------------------------------------------------------------- builders and signing


def test_builders_and_signatures() -> None:
    command = slash_command("U1", "why?", response_url="http://x/response/1")
    assert command["command"] == "/should-i-withdraw" and "locale" not in command
    assert {"trigger_id", "api_app_id", "team_id", "channel_id"} <= command.keys()
    body = form_body(command)
    assert {k: v[0] for k, v in parse_qs(body).items()} == command

    action = block_actions("U1", "a", "v", channel_id="C1", message_ts="1.2")
    assert action["container"] == {
        "type": "message",
        "message_ts": "1.2",
        "channel_id": "C1",
        "is_ephemeral": False,
    }
    assert action["actions"][0]["action_id"] == "a" and action["user"]["team_id"] == "T0001"
    assert json.loads(parse_qs(interactive_body(action))["payload"][0]) == action

    envelope = event_callback(message_im("U1", "hi"), event_id="Ev1")
    assert envelope["event"]["channel_type"] == "im" and envelope["event_id"] == "Ev1"
    assert envelope["authorizations"][0]["user_id"] == BOT_USER_ID

    headers = signed_headers(body, "secret")
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert SignatureVerifier("secret").is_valid_request(body, headers)
    assert not SignatureVerifier("secret").is_valid_request(body, signed_headers(body, "other"))
    stale = signed_headers(body, "secret", timestamp=1_000_000_000)
    assert not SignatureVerifier("secret").is_valid_request(body, stale)
