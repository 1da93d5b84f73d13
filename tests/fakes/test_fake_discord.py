"""Self-tests: the REAL discord.py client (no mocks) against FakeDiscord on loopback.

Why: if these pass, adapter tests built on the fake exercise the same requests,
responses and gateway frames discord.py produces and expects in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import json
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import discord
import discord.gateway
import discord.http
import pytest
import yarl
from discord import app_commands

from .fake_discord import FakeDiscord

USER = "111111111111111111"
Handler = Callable[[discord.Interaction, str | None], Awaitable[None]]


@pytest.fixture(autouse=True)
async def no_loop_errors() -> AsyncIterator[None]:
    """Fail on 'Unclosed client session', 'Task was destroyed but it is pending', etc."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, ctx: errors.append(ctx))
    yield
    gc.collect()
    loop.set_exception_handler(None)
    assert not errors, [e.get("message") for e in errors]


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A started fake with discord.py's class-level URLs pointed at it (monkeypatch restores)."""
    async with FakeDiscord() as f:
        monkeypatch.setattr(discord.http.Route, "BASE", f.api_base)
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f.gateway_url)
        )
        yield f
        assert f.internal_errors == []


class DecisionView(discord.ui.View):
    """Persistent: timeout=None and explicit custom_ids, so it survives a restart."""

    def __init__(self, clicks: asyncio.Queue[discord.Interaction]) -> None:
        super().__init__(timeout=None)
        self.clicks = clicks

    @discord.ui.button(
        label="Withdraw", style=discord.ButtonStyle.danger, custom_id="coach:withdraw"
    )
    async def withdraw(
        self, interaction: discord.Interaction, button: discord.ui.Button[DecisionView]
    ) -> None:
        await interaction.response.edit_message(content="Noted: withdraw.", view=None)
        self.clicks.put_nowait(interaction)


class ReasonModal(discord.ui.Modal, title="Why withdraw?"):
    reason: discord.ui.TextInput[ReasonModal] = discord.ui.TextInput(
        label="Reason", custom_id="reason"
    )

    def __init__(self, submitted: asyncio.Queue[str]) -> None:
        super().__init__(custom_id="coach:reason")
        self.submitted = submitted

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Thanks.", ephemeral=True)
        self.submitted.put_nowait(self.reason.value)


class CoachClient(discord.Client):
    """The smallest bot that has what the adapter needs: a tree, a persistent view, DMs."""

    def __init__(self) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.05,  # default 2 s: on_ready waits that long after the last GUILD_CREATE
        )
        self.tree = app_commands.CommandTree(self)
        self.ready = asyncio.Event()
        self.commands_seen: asyncio.Queue[str | None] = asyncio.Queue()
        self.clicks: asyncio.Queue[discord.Interaction] = asyncio.Queue()
        self.submitted: asyncio.Queue[str] = asyncio.Queue()
        self.dms: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.handler: Handler = self.reply_ephemeral

        @self.tree.command(name="should-i-withdraw", description="Think through withdrawing")
        @app_commands.describe(stage="Where you are in the process")
        @app_commands.choices(
            stage=[
                app_commands.Choice(name="Applied", value="applied"),
                app_commands.Choice(name="Onsite", value="onsite"),
            ]
        )
        async def should_i_withdraw(
            interaction: discord.Interaction, stage: app_commands.Choice[str] | None = None
        ) -> None:
            value = stage.value if stage else None
            self.commands_seen.put_nowait(value)
            await self.handler(interaction, value)

    async def setup_hook(self) -> None:
        self.add_view(DecisionView(self.clicks))

    async def on_ready(self) -> None:
        self.ready.set()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.id != self.user.id:  # type: ignore[union-attr]
            self.dms.put_nowait(message)

    async def reply_ephemeral(self, interaction: discord.Interaction, stage: str | None) -> None:
        await interaction.response.send_message(
            f"Let's think it through ({stage}).", ephemeral=True
        )


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord) -> AsyncIterator[CoachClient]:
    """login() + connect() as a task (not run()), then a clean close."""
    client = CoachClient()
    try:
        await client.login("token")
    except BaseException:
        await client.close()
        raise
    task = asyncio.create_task(client.connect())
    try:
        await asyncio.wait_for(client.ready.wait(), 5)
        yield client
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)


async def next_item(queue: asyncio.Queue[Any]) -> Any:
    return await asyncio.wait_for(queue.get(), 5)


async def test_client_reaches_ready_and_identifies(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        assert client.user is not None and str(client.user.id) == fake.application_id
        assert client.application_id == int(fake.application_id)
        assert [c.path for c in fake.calls[:2]] == ["/users/@me", "/oauth2/applications/@me"]
        assert fake.identifies[0]["intents"] == discord.Intents.default().value
        assert fake.gateway_queries[0] == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
        assert client.get_guild(int(fake.guild_id)) is not None
        assert client.get_channel(int(fake.channel_id)) is not None


async def test_tree_sync_is_recorded_and_echoed(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        synced = await client.tree.sync()
        assert [c.name for c in synced] == ["should-i-withdraw"]
        guild, payload = fake.command_syncs[0]
        assert guild is None
        option = payload[0]["options"][0]
        assert option["name"] == "stage" and not option.get("required", False)
        assert [c["value"] for c in option["choices"]] == ["applied", "onsite"]
        fetched = await client.tree.fetch_commands()
        assert fetched[0].id == synced[0].id
        assert fake.slash_command(USER)["data"]["id"] == str(synced[0].id)


async def test_slash_command_gets_ephemeral_type_4_response(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        await client.tree.sync()
        payload = fake.slash_command(USER, options={"stage": "onsite"}, locale="de")
        await fake.dispatch_interaction(payload)
        assert await next_item(client.commands_seen) == "onsite"
        [call] = await fake.wait_for("POST", rf"/interactions/{payload['id']}/.+/callback")
        assert call.query == {"with_response": "1"}
        [callback] = fake.callbacks_for(payload["id"])
        assert callback.type == 4
        assert callback.data["flags"] & 64
        assert callback.data["content"] == "Let's think it through (onsite)."
        delay = fake.first_response_delay(payload["id"])
        assert delay is not None and 0 <= delay < 1


async def test_user_send_opens_dm_with_no_mentions(fake: FakeDiscord) -> None:
    async def dm_them(interaction: discord.Interaction, stage: str | None) -> None:
        await interaction.response.send_message("Check your DMs.", ephemeral=True)
        await interaction.user.send("Let's talk here.")

    async with running(fake) as client:
        client.handler = dm_them
        await fake.dispatch_interaction(fake.slash_command(USER))
        [opened] = await fake.wait_for("POST", r"/users/@me/channels")
        assert opened.json == {"recipient_id": int(USER)}  # discord.py sends an int
        dm = fake.dm_channel_id(USER)
        [posted] = await fake.wait_for("POST", rf"/channels/{dm}/messages")
        assert posted.json is not None and posted.json["allowed_mentions"] == {"parse": []}
        assert fake.messages[dm][-1]["content"] == "Let's talk here."


async def test_persistent_view_survives_restart(fake: FakeDiscord) -> None:
    async def post_buttons(interaction: discord.Interaction, stage: str | None) -> None:
        await interaction.response.send_message("Decide:", view=DecisionView(asyncio.Queue()))

    async with running(fake) as first:
        first.handler = post_buttons
        await fake.dispatch_interaction(fake.slash_command(USER))
        await fake.wait_for("POST", r"/interactions/.+/callback")
    posted = dict(fake.messages[fake.channel_id][-1])  # a snapshot: the fake edits in place
    assert posted["components"][0]["components"][0]["custom_id"] == "coach:withdraw"

    async with running(fake) as second:  # a new process: new client, same fake
        assert fake.ready_count == 2
        click = fake.component_click(USER, "coach:withdraw", message=posted)
        await fake.dispatch_interaction(click)
        interaction = await next_item(second.clicks)
        assert interaction.message is not None and str(interaction.message.id) == posted["id"]
        [callback] = fake.callbacks_for(click["id"])
        assert callback.type == 7
        edited = fake.message(posted["id"])
        assert edited is not None and edited["edited_timestamp"] is not None
        assert (edited["content"], edited["components"]) == ("Noted: withdraw.", [])


async def test_modal_round_trip(fake: FakeDiscord) -> None:
    async def ask_reason(interaction: discord.Interaction, stage: str | None) -> None:
        await interaction.response.send_modal(ReasonModal(client.submitted))

    async with running(fake) as client:
        client.handler = ask_reason
        opener = fake.slash_command(USER)
        await fake.dispatch_interaction(opener)
        await fake.wait_for("POST", rf"/interactions/{opener['id']}/.+/callback")
        [shown] = fake.callbacks_for(opener["id"])
        assert shown.type == 9 and shown.data["custom_id"] == "coach:reason"
        submit = fake.modal_submit(USER, "coach:reason", {"reason": "The salary is too low"})
        await fake.dispatch_interaction(submit)
        assert await next_item(client.submitted) == "The salary is too low"
        await fake.wait_for("POST", rf"/interactions/{submit['id']}/.+/callback")
        assert fake.callbacks_for(submit["id"])[0].type == 4


async def test_closed_dms_raise_forbidden_and_followup_fills_deferral(fake: FakeDiscord) -> None:
    codes: list[int] = []

    async def dm_or_fallback(interaction: discord.Interaction, stage: str | None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await interaction.user.send("Let's talk here.")
        except discord.Forbidden as exc:
            codes.append(exc.code)
            await interaction.followup.send("I can't DM you; let's continue here.", ephemeral=True)

    fake.close_dms(USER)
    async with running(fake) as client:
        client.handler = dm_or_fallback
        payload = fake.slash_command(USER)
        await fake.dispatch_interaction(payload)
        await fake.wait_for("POST", r"/webhooks/\d+/.+")
        assert codes == [50007]
        assert fake.callbacks_for(payload["id"])[0].type == 5
        [reply] = [
            m
            for m in fake.messages[fake.channel_id]
            if m["interaction_metadata"]["id"] == payload["id"]
        ]
        assert reply["content"] == "I can't DM you; let's continue here."
        assert reply["flags"] == 64  # ephemeral kept from the deferral, loading flag cleared


async def test_dm_message_reaches_on_message_with_default_intents(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        await fake.dispatch("MESSAGE_CREATE", fake.dm_message(USER, "should I withdraw?"))
        message = await next_item(client.dms)
        assert message.content == "should I withdraw?"
        assert isinstance(message.channel, discord.DMChannel)
        assert str(message.channel.id) == fake.dm_channel_id(USER)
        assert str(message.author.id) == USER


async def test_guild_message_content_is_blank_without_the_intent(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        await fake.dispatch("MESSAGE_CREATE", fake.guild_message(USER, "secret"))
        assert (await next_item(client.dms)).content == ""
        await fake.dispatch("MESSAGE_CREATE", fake.guild_message(USER, "hi bot", mention_bot=True))
        assert (await next_item(client.dms)).content == "hi bot"


async def test_resume_after_dropped_gateway_and_op_7(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        await fake.drop_gateway(code=4000)
        await fake.dispatch("MESSAGE_CREATE", fake.dm_message(USER, "still there?"))
        assert (await next_item(client.dms)).content == "still there?"
        await fake.request_reconnect()
        await fake.dispatch("MESSAGE_CREATE", fake.dm_message(USER, "and now?"))
        assert (await next_item(client.dms)).content == "and now?"
        assert len(fake.identifies) == 1 and len(fake.resumes) == 2


async def test_slash_command_in_the_bot_dm(fake: FakeDiscord) -> None:
    seen: asyncio.Queue[discord.Interaction] = asyncio.Queue()

    async def note(interaction: discord.Interaction, stage: str | None) -> None:
        seen.put_nowait(interaction)
        await interaction.response.send_message("Here in DM.")

    async with running(fake) as client:
        client.handler = note
        payload = fake.slash_command(USER, guild_id=None)
        await fake.dispatch_interaction(payload)
        interaction = await next_item(seen)
        assert interaction.guild_id is None
        assert isinstance(interaction.user, discord.User) and str(interaction.user.id) == USER
        assert isinstance(interaction.channel, discord.DMChannel)
        await fake.wait_for("POST", r"/interactions/.+/callback")
        assert fake.messages[fake.dm_channel_id(USER)][-1]["content"] == "Here in DM."


async def test_defer_then_edit_original(fake: FakeDiscord) -> None:
    async def slow_answer(interaction: discord.Interaction, stage: str | None) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="Done thinking.")

    async with running(fake) as client:
        client.handler = slow_answer
        payload = fake.slash_command(USER)
        await fake.dispatch_interaction(payload)
        [call] = await fake.wait_for("PATCH", r"/webhooks/\d+/.+/messages/@original")
        assert call.json is not None and call.json["content"] == "Done thinking."
        [msg] = fake.messages[fake.channel_id]
        assert (msg["content"], msg["flags"]) == ("Done thinking.", 0)


async def test_multipart_upload_and_form_errors(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        user = await client.fetch_user(int(USER))
        await user.send("Your notes", file=discord.File(io.BytesIO(b"pros/cons"), "notes.txt"))
        [call] = fake.calls_to("POST", r"/channels/\d+/messages")
        assert call.json is not None and call.json["content"] == "Your notes"
        assert [(f.name, f.filename, f.data) for f in call.files] == [
            ("files[0]", "notes.txt", b"pros/cons")
        ]
        assert fake.messages[fake.dm_channel_id(USER)][-1]["attachments"][0]["size"] == 9
        with pytest.raises(discord.HTTPException) as too_long:
            await user.send("x" * 2001)
        assert too_long.value.code == 50035 and "content" in too_long.value.text


async def test_rate_limit_is_retried(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        user = await client.fetch_user(int(USER))
        fake.fail_next("POST", r"/channels/\d+/messages", retry_after=0.05)
        await user.send("hello")
        assert [c.status for c in fake.calls_to("POST", r"/channels/\d+/messages")] == [429, 200]


async def test_late_first_response_is_unknown_interaction(fake: FakeDiscord) -> None:
    errors: asyncio.Queue[int] = asyncio.Queue()

    async def too_slow(interaction: discord.Interaction, stage: str | None) -> None:
        await asyncio.sleep(0.1)  # simulated slow work past the deadline, not synchronisation
        try:
            await interaction.response.send_message("late")
        except discord.NotFound as exc:
            errors.put_nowait(exc.code)

    fake.interaction_deadline = 0.05
    async with running(fake) as client:
        client.handler = too_slow
        await fake.dispatch_interaction(fake.slash_command(USER))
        assert await next_item(errors) == 10062
        assert fake.callbacks == []


async def test_rest_responses_are_exact_json_and_unknown_routes_404(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{fake.api_base}/users/@me") as resp:
            assert resp.headers["Content-Type"] == "application/json"
        async with http.get(f"{fake.api_base}/nope") as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
            assert await resp.json() == {"message": "404: Not Found", "code": 0}
    assert fake.calls_to("GET", "/nope")[0].status == 404


async def test_raw_gateway_protocol(fake: FakeDiscord) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(fake.gateway_url + "?v=10&encoding=json") as ws,
    ):
        assert (await ws.receive_json())["d"] == {"heartbeat_interval": 41250}
        await ws.send_json({"op": 1, "d": None})
        assert (await ws.receive_json())["op"] == 11
        await ws.send_json({"op": 6, "d": {"session_id": "nope", "seq": 3, "token": "t"}})
        assert await ws.receive_json() == {"op": 9, "d": False, "s": None, "t": None}
        await ws.send_json({"op": 2, "d": {"token": "t", "intents": 1, "properties": {}}})
        ready = await ws.receive_json()
        assert (ready["t"], ready["s"]) == ("READY", 1)
        assert ready["d"]["resume_gateway_url"] == fake.gateway_url
        guild = await ws.receive_json()
        assert (guild["t"], guild["s"], guild["d"]["id"]) == ("GUILD_CREATE", 2, fake.guild_id)


async def test_clean_close_ends_the_session(fake: FakeDiscord) -> None:
    identify = {"op": 2, "d": {"token": "t", "intents": 0, "properties": {}}}
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(fake.gateway_url) as ws:
            await ws.receive_json()  # HELLO
            await ws.send_json(identify)
            ready = await ws.receive_json()
            await ws.close(code=1000)
        async with http.ws_connect(fake.gateway_url) as ws:
            await ws.receive_json()
            resume = {"session_id": ready["d"]["session_id"], "seq": 1, "token": "t"}
            await ws.send_json({"op": 6, "d": resume})
            assert (await ws.receive_json())["op"] == 9


async def test_compressed_frames_when_asked(fake: FakeDiscord) -> None:
    fake.compress_frames = True
    inflate = zlib.decompressobj()
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(fake.gateway_url + "?compress=zlib-stream") as ws,
    ):
        frame = await ws.receive_bytes()
        assert frame.endswith(b"\x00\x00\xff\xff")
        assert json.loads(inflate.decompress(frame))["op"] == 10
    async with running(fake) as client:  # discord.py inflates zlib-stream itself
        assert client.is_ready()


async def test_patch_discord_py_restores() -> None:
    fake = FakeDiscord()
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    with fake.patch_discord_py():
        assert discord.http.Route.BASE == fake.api_base
        assert isinstance(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY, yarl.URL)
    assert (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == before
