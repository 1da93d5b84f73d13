"""The Slack test driver: it talks to the real adapter the way Slack does, and reads what
the fake Slack received. The fixtures that build it are in conftest.py.

The driver sends what Slack would send (signed HTTP requests, or Socket Mode envelopes)
and waits for the adapter to finish handling each payload (a condition, never a sleep).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import aiohttp

from adapters.slack import SlackAdapter
from bot.choice_ids import choice_of, node_of
from bot.conversation import Conversation
from bot.engine import Engine
from bot.models import Who

from ...fakes.fake_slack import (
    TEAM_ID,
    FakeSlack,
    app_home_opened,
    app_mention,
    dm_channel_id,
    event_callback,
    form_body,
    interactive_body,
    message_im,
    signed_headers,
)

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-A0001-test"
SECRET = "test-signing-secret"
CHANNEL = "C0001"
SCOPES = "commands,chat:write,im:write,im:history,users:read,app_mentions:read"  # the manifest's
# The Web API methods and the response_url: everything the bot sends that a person may see.
OUTGOING = (
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "views.publish",
    "response_url",
)


class Driver:
    """Talks to the bot the way Slack does, one payload at a time."""

    def __init__(
        self,
        fake: FakeSlack,
        adapter: SlackAdapter,
        http: aiohttp.ClientSession,
        socket: bool = False,
    ):
        self.fake = fake
        self.adapter = adapter
        self.http = http
        self.socket = socket
        self.last_ack_seconds = 0.0
        self.acks: list[float] = []  # every acknowledgement's latency, in seconds

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.bound_port}/slack/events"

    # --- transport ----------------------------------------------------------------------

    async def post(self, body: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        """One HTTP request to the bot; returns (status, body) and records the ack time."""
        started = time.monotonic()
        async with self.http.post(self.url, data=body.encode(), headers=headers or {}) as r:
            text = await r.text()
        self.last_ack_seconds = time.monotonic() - started
        self.acks.append(self.last_ack_seconds)
        return r.status, text

    async def deliver(
        self,
        envelope_type: str,
        payload: dict[str, Any],
        body: str,
        *,
        retry_num: int | None = None,
        wait: bool = True,
    ) -> int:
        """Send one payload (signed POST, or websocket envelope) and wait until it is handled."""
        before = self.adapter.handled
        if self.socket:
            started = time.monotonic()
            envelope_id = await self.fake.socket_push(
                envelope_type,
                payload,
                retry_attempt=retry_num or 0,
                retry_reason="timeout" if retry_num else "",
            )
            await self.fake.wait_socket_ack(envelope_id)
            self.last_ack_seconds = time.monotonic() - started
            self.acks.append(self.last_ack_seconds)
            status = 200
        else:
            status, _ = await self.post(body, signed_headers(body, SECRET, retry_num=retry_num))
        if wait and status == 200:
            await self.adapter.wait_handled(before + 1)
        return status

    # --- what a user does -----------------------------------------------------------------

    async def command(
        self, user: str, text: str = "", *, channel: str = CHANNEL, wait: bool = True
    ) -> int:
        payload = self.fake.slash_command(user, text, channel_id=channel)
        return await self.deliver("slash_commands", payload, form_body(payload), wait=wait)

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> int:
        payload = event_callback(event, event_id=event_id)
        return await self.deliver("events_api", payload, json.dumps(payload), retry_num=retry_num)

    async def say(self, user: str, text: str) -> int:
        """A DM to the bot; `text` as Slack sends it (typed &, <, > arrive as entities)."""
        return await self.event(message_im(user, text))

    async def mention(self, user: str, text: str, channel: str = CHANNEL) -> int:
        return await self.event(app_mention(user, text, channel))

    async def open_home(self, user: str) -> int:
        return await self.event(app_home_opened(user))

    async def press(
        self, user: str, button: dict[str, Any], message_ts: str, *, channel: str | None = None
    ) -> int:
        payload = self.fake.block_actions(
            user,
            button["action_id"],
            button["value"],
            channel_id=channel or dm_channel_id(user),
            message_ts=message_ts,
        )
        return await self.deliver("interactive", payload, interactive_body(payload))

    async def click(self, user: str, short_id: str) -> int:
        """Press the button `short_id` (the middle of node:choice:version) on the latest question."""
        message, button = self.button(user, short_id)
        return await self.press(user, button, message["ts"])

    async def tick(self, user: str, *short_ids: str) -> None:
        for s in short_ids:
            if self.checkboxes(user) is not None:
                await self.check(user, s)
            else:
                await self.click(user, s)
        await self.click(user, "_done")

    async def check(self, user: str, short_id: str) -> int:
        """Tick (or untick) `short_id` in the checkboxes of the latest question: Slack then
        sends every option now ticked."""
        found = self.checkboxes(user)
        assert found is not None, "no checkboxes in the latest question"
        message, block, element = found
        ticked = {o["value"] for o in element.get("initial_options") or []}
        option = next(o for o in element["options"] if choice_of(o["value"]) == short_id)
        ticked ^= {option["value"]}
        selected = [o for o in element["options"] if o["value"] in ticked]
        payload = self.fake.block_actions(
            user,
            element["action_id"],
            "",
            channel_id=dm_channel_id(user),
            message_ts=message["ts"],
            block_id=block["block_id"],
            action_type="checkboxes",
            selected=selected,
        )
        return await self.deliver("interactive", payload, interactive_body(payload))

    def checkboxes(self, user: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]] | None:
        message = self.question(user)
        for block in message.get("blocks") or []:
            for e in block.get("elements") or []:
                if block.get("type") == "actions" and e.get("type") == "checkboxes":
                    return message, block, e
        return None

    # --- what the user sees ---------------------------------------------------------------

    def dm(self, user: str) -> list[dict[str, Any]]:
        return self.fake.messages.get(dm_channel_id(user), [])

    def button(self, user: str, short_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        for message in reversed(self.dm(user)):
            for b in buttons_of(message):
                value = b.get("value", "")
                if choice_of(value) == short_id or value == short_id:
                    return message, b
        raise AssertionError(
            f"no button {short_id!r} in the DM; last: {[m['text'][:50] for m in self.dm(user)[-3:]]}"
        )

    def question(self, user: str) -> dict[str, Any]:
        """The latest DM message that has buttons."""
        for message in reversed(self.dm(user)):
            if buttons_of(message):
                return message
        raise AssertionError("no question in the DM")

    def node(self, user: str) -> str | None:
        return node_of(buttons_of(self.question(user))[-1]["value"])  # the last: a button


def buttons_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e for b in message.get("blocks") or [] if b.get("type") == "actions" for e in b["elements"]
    ]


def shown_text(message: dict[str, Any]) -> str:
    """All text of a message or view as Slack would show it (still escaped)."""
    return "\n".join(texts(message.get("blocks") or []) + [str(message.get("text") or "")])


def texts(obj: Any) -> list[str]:
    """Every string under a `text` key, recursively."""
    found: list[str] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "text" and isinstance(v, str):
                found.append(v)
            else:
                found += texts(v)
    elif isinstance(obj, list):
        for v in obj:
            found += texts(v)
    return found


_BARE_AMP = re.compile(r"&(?!amp;|lt;|gt;)")


def unescaped(fake: FakeSlack) -> Iterator[tuple[str, str]]:
    """(method, text) for every outgoing text that Slack would parse as markup."""
    for call in fake.calls:
        if call.method in OUTGOING:
            for t in texts(call.body):
                if "<" in t or ">" in t or _BARE_AMP.search(t):
                    yield call.method, t


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


async def conversation(engine: Engine, user: str) -> Conversation | None:
    return await engine.store.load(Who(platform="slack", workspace=TEAM_ID, user=user))


async def walk_to_recommendation(bot: Driver, user: str, start: str = "") -> None:
    """Start in a channel and answer by clicks (and a typed number) up to the coach's view."""
    await bot.command(user, start)
    await bot.click(user, "offer")
    await bot.tick(user, "late", "vague")
    await bot.click(user, "no")  # would not accept
    await bot.click(user, "yes")  # interest has drifted
    await bot.say(user, "3")  # reason: typed as the option's number
    await bot.tick(user)  # nothing argues for going on
    await bot.click(user, "short")
    await bot.click(user, "no")
    assert bot.node(user) == "recommend"


async def walk_to_actions(bot: Driver, user: str) -> None:
    """... and on, through the SURE test, to the next-actions menu."""
    await walk_to_recommendation(bot, user)
    await bot.click(user, "agree")
    for item in ("sure", "understand", "values"):  # the SURE test: three checkboxes ...
        await bot.check(user, item)
    await bot.say(user, "4")  # ... one typed by its number
    await bot.say(user, "done")
    assert bot.node(user) == "actions"


async def open_form(bot: Driver, user: str) -> dict[str, Any]:
    """Press the latest question's form button; the view Slack then shows."""
    message = bot.question(user)
    [button] = [b for b in buttons_of(message) if b["action_id"] == "open_form"]
    before = len(bot.fake.calls_to("views.open"))
    await bot.press(user, button, message["ts"])
    opened = bot.fake.calls_to("views.open")[before:]
    assert opened and not opened[-1].failed, opened[-1].response if opened else "no views.open"
    return dict(opened[-1].response["view"])


async def send_view(bot: Driver, payload: dict[str, Any]) -> dict[str, Any]:
    """A view_submission or view_closed, signed as Slack sends it; the ack's body."""
    body = interactive_body(payload)
    before = bot.adapter.handled
    if bot.socket:
        envelope = await bot.fake.socket_push("interactive", payload)
        ack = await bot.fake.wait_socket_ack(envelope)
        answer = ack.get("payload") or {}
    else:
        status, text = await bot.post(body, signed_headers(body, SECRET))
        assert status == 200, (status, text)
        answer = json.loads(text) if text.strip().startswith("{") else {}
    if not answer:  # acked: the turn runs after the ack
        await bot.adapter.wait_handled(before + 1)
    return dict(answer)
