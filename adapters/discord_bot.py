"""The Discord bot: discord.py 2.x as a thin translator over the engine.

    /should-i-withdraw [choice] [language]  -> START   (in a server: place CHANNEL, so the
                                               engine answers with one pointer "here", shown
                                               ephemerally, and the rest to the user's DM)
    a message in the bot's DM               -> TEXT
    a button or select                      -> CHOICE  (custom_id = the engine's choice id;
                                               a checklist menu sends its Done id + values)
    the "fill in" button of a form question -> opens a modal (no engine call)
    the modal's submission                  -> FORM    (fields = {input id: text})

Three seconds: every interaction gets its first response (defer, or the modal) before
any engine, database or DM work. Then the turn runs and its replies go out: `edit` replaces
the clicked message, "here" replies become follow-ups (ephemeral in a server), "dm" replies
go to the user's DM and are confirmed with `engine.delivered`. When the DM is closed
(403 / 50007) the user gets an ephemeral explanation and the conversation, drafts
included, continues ephemerally in the channel.

Components are persistent (`discord_render.Control`, a DynamicItem over the custom_id),
so clicks on messages from before a restart work; ids carry only node and version, and
identity comes only from `interaction.user`. `AllowedMentions.none()` is set client-wide
and on every send. No coaching logic lives here; nothing a user typed, and no token, is
logged at INFO or above.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import aiohttp
import discord
import discord.gateway
import discord.http
import yarl
from discord import app_commands

from adapters.tracking import Lru, Tracker
from bot.config import ConfigError, Settings
from bot.dialogs import resolve_locale
from bot.engine import Engine
from bot.labels import Labels
from bot.logs import user_ref
from bot.models import Destination, FormField, Inbound, InboundKind, Outbound, Place, Who

from . import discord_render as render

log = logging.getLogger(__name__)

PLATFORM = "discord"
COMMAND = "should-i-withdraw"
DESCRIPTION = "Think through whether to back out of an interview process, in private"
CHOICES = (
    ("start", "start, or pick up where we left off"),
    ("restart", "start over"),
    ("forget", "delete everything stored about me"),
    ("help", "help"),
    ("language", "switch language (see the language option)"),
)
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
SYNC_FILE = "discord-commands.json"
START_TIMEOUT = 60.0  # seconds for the first READY from the gateway
STOP_GRACE = 3.0
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}$")
_USER_MESSAGES = (discord.MessageType.default, discord.MessageType.reply)
_SEND_ERRORS = (discord.HTTPException, aiohttp.ClientError, OSError)


@dataclass
class _Ctx:
    """Where one inbound event came from, so its replies go to the right places."""

    who: Who
    place: Place
    locale: str | None
    user: discord.abc.Snowflake
    interaction: discord.Interaction[Any] | None = None
    channel: discord.abc.Messageable | None = None  # the DM a message came from
    in_guild: bool = False
    clicked: str | None = None  # custom_id of the component used
    values: list[str] = field(default_factory=list)
    dm_failed: bool = False
    explained: bool = False
    answered: bool = False  # something was sent to the interaction (its deferral resolved)
    code: str | None = None  # the language of the turn's messages


class _Client(discord.Client):
    def __init__(self, adapter: DiscordAdapter, *, guild_ready_timeout: float) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
        )
        self.adapter = adapter
        self.tree = app_commands.CommandTree(self)
        self.connected = asyncio.Event()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(render.Control)

    async def on_connect(self) -> None:  # READY received: interactions can be answered
        self.connected.set()

    async def on_message(self, message: discord.Message) -> None:
        await self.adapter.on_message(message)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.adapter.on_modal(interaction)


class DiscordAdapter:
    platform = PLATFORM

    def __init__(
        self,
        engine: Engine,
        *,
        token: str | None,
        guild_id: int | None = None,
        api_url: str | None = None,
        gateway_url: str | None = None,
        sync_state: Path | str | None = None,
        force_sync: bool = False,
        guild_ready_timeout: float = 2.0,
        start_timeout: float = START_TIMEOUT,
    ):
        self.token = _check_token(token)
        self.api_url = _check_url(
            api_url, ("http", "https"), "DISCORD_API_URL", "http://127.0.0.1:8080/api/v10"
        )
        self.gateway_url = _check_url(
            gateway_url, ("ws", "wss"), "DISCORD_GATEWAY_URL", "ws://127.0.0.1:8080/gateway"
        )
        self.engine = engine
        self.guild_id = guild_id
        self.sync_state = Path(sync_state) if sync_state else None
        self.force_sync = force_sync
        self.guild_ready_timeout = guild_ready_timeout
        self.start_timeout = start_timeout
        self.client: _Client | None = None
        self.synced = False  # whether the last start pushed the command definition
        self.tracker = Tracker(engine, PLATFORM)
        self._task: asyncio.Task[None] | None = None
        self._forms: Lru = Lru()
        self._saved_urls: tuple[str, yarl.URL] | None = None

    @classmethod
    def from_settings(
        cls, engine: Engine, settings: Settings, *, force_sync: bool = False
    ) -> DiscordAdapter:
        from bot.store.sqlite import path_from_url

        return cls(
            engine,
            token=settings.discord_token,
            guild_id=settings.discord_guild_id,
            api_url=settings.discord_api_url,
            gateway_url=settings.discord_gateway_url,
            sync_state=path_from_url(settings.database_url).parent / SYNC_FILE,
            force_sync=force_sync,
        )

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Log in, sync the command if it changed, connect; return once READY arrived."""
        self._point_urls()
        client = self.client = _Client(self, guild_ready_timeout=self.guild_ready_timeout)
        self._add_command(client)
        try:
            await client.login(self.token)
        except discord.LoginFailure:
            await self._abort()
            raise ConfigError(
                "DISCORD_TOKEN was refused by Discord (Developer Portal > your application > Bot > Reset Token)"
            ) from None
        except (aiohttp.ClientError, OSError, discord.HTTPException) as e:
            await self._abort()
            raise ConfigError(
                f"cannot reach the Discord API at {discord.http.Route.BASE} (DISCORD_API_URL): {type(e).__name__}"
            ) from None
        await self._sync_commands(client)
        self._task = asyncio.create_task(self._connect(client), name="discord-gateway")
        ready = asyncio.ensure_future(client.connected.wait())
        done, _ = await asyncio.wait(
            {ready, self._task}, timeout=self.start_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
            await self._abort()
            raise ConfigError(
                f"no connection to the Discord gateway at {gateway} (DISCORD_GATEWAY_URL)"
            )
        self.engine.register_sender(PLATFORM, self.send)
        log.info("discord: connected as application %s", client.application_id)

    async def _connect(self, client: _Client) -> None:
        try:
            await client.connect(reconnect=True)
        except asyncio.CancelledError:
            raise
        except Exception as e:
            log.error("discord: the gateway connection ended (%s)", type(e).__name__)

    async def _abort(self) -> None:
        """A start that failed: nothing may stay running."""
        if self._task is not None:
            self._task.cancel()
        await self.stop()

    async def stop(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            await client.close()
        task, self._task = self._task, None
        if task is not None:
            done, _ = await asyncio.wait({task}, timeout=STOP_GRACE)
            if not done:  # still in a reconnect back-off
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.tracker.drain(STOP_GRACE)
        self._restore_urls()

    @property
    def handled(self) -> int:
        """Inbound events fully handled so far (tests wait on it)."""
        return self.tracker.handled

    async def wait_handled(self, count: int, timeout: float = 5.0) -> None:
        await self.tracker.wait_handled(count, timeout)

    def _point_urls(self) -> None:
        """DISCORD_API_URL / DISCORD_GATEWAY_URL: discord.py reads both from class attributes."""
        if self._saved_urls is None:
            self._saved_urls = (
                discord.http.Route.BASE,
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            )
        if self.api_url:
            discord.http.Route.BASE = self.api_url.rstrip("/")
        if self.gateway_url:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def _restore_urls(self) -> None:
        if self._saved_urls is not None:
            if self.api_url:
                discord.http.Route.BASE = self._saved_urls[0]
            if self.gateway_url:
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved_urls[1]
            self._saved_urls = None

    # --- the command and its sync -------------------------------------------------------

    def _add_command(self, client: _Client) -> None:
        adapter = self
        codes = sorted(self.engine.dialogs.locales)

        @app_commands.describe(
            choice="what to do (default: start, or pick up where we left off)",
            language="the language to talk in",
        )
        @app_commands.choices(
            choice=[app_commands.Choice(name=label, value=value) for value, label in CHOICES],
            language=[app_commands.Choice(name=LANGUAGE_NAMES.get(c, c), value=c) for c in codes],
        )
        async def should_i_withdraw(
            interaction: discord.Interaction,
            choice: app_commands.Choice[str] | None = None,
            language: app_commands.Choice[str] | None = None,
        ) -> None:
            await adapter.on_command(
                interaction, choice.value if choice else None, language.value if language else None
            )

        command = app_commands.Command(
            name=COMMAND, description=DESCRIPTION, callback=should_i_withdraw
        )
        client.tree.add_command(
            command, guild=discord.Object(self.guild_id) if self.guild_id else None
        )

    def command_payload(self, client: _Client) -> list[dict[str, Any]]:
        guild = discord.Object(self.guild_id) if self.guild_id else None
        return [c.to_dict(client.tree) for c in client.tree.get_commands(guild=guild)]

    async def _sync_commands(self, client: _Client) -> None:
        """Push the command only when its definition changed (or when asked: --sync).

        Discord allows 200 command creations a day per guild; a hash of the last pushed
        definition, per application and scope, sits in a small file beside the database.
        """
        self.synced = False
        scope = f"guild:{self.guild_id}" if self.guild_id else "global"
        key = f"{client.application_id}/{scope}"
        payload = self.command_payload(client)
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        state = self._read_sync_state()
        if not self.force_sync and state.get(key) == digest:
            log.info("discord: /%s unchanged (%s), not synced", COMMAND, scope)
            return
        try:
            await client.tree.sync(guild=discord.Object(self.guild_id) if self.guild_id else None)
        except discord.Forbidden as e:
            log.error(
                "discord: command sync refused (%s, code %s): invite the bot with the applications.commands scope%s",
                e.status,
                e.code,
                " to DISCORD_GUILD_ID" if self.guild_id else "",
            )
            return
        except discord.HTTPException as e:
            log.error("discord: command sync failed (%s, code %s)", e.status, e.code)
            return
        self.synced = True
        log.info("discord: /%s synced (%s)", COMMAND, scope)
        state[key] = digest
        self._write_sync_state(state)

    def _read_sync_state(self) -> dict[str, str]:
        if self.sync_state is None or not self.sync_state.exists():
            return {}
        try:
            data = json.loads(self.sync_state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_sync_state(self, state: dict[str, str]) -> None:
        if self.sync_state is None:
            return
        try:
            self.sync_state.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.sync_state.with_suffix(".tmp")
            tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.sync_state)
        except OSError as e:
            log.warning(
                "discord: could not record the command sync (%s): the next start syncs again",
                type(e).__name__,
            )

    # --- inbound ------------------------------------------------------------------------

    async def on_command(
        self, interaction: discord.Interaction[Any], choice: str | None, language: str | None
    ) -> None:
        async with self.tracker.handling("command"):
            in_guild = interaction.guild_id is not None
            if not await self._first(
                interaction, interaction.response.defer(ephemeral=in_guild, thinking=True)
            ):
                return
            ctx = self._ctx(interaction, Place.CHANNEL if in_guild else Place.DM)
            turns = command_texts(choice, language)
            event = str(interaction.id)
            async with self.tracker.user_lock(ctx.who):
                for n, text in enumerate(turns):
                    await self._turn(
                        ctx, InboundKind.START, text, event if n == 0 else f"{event}/{n}"
                    )
                await self._finish(ctx)

    async def on_component(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        async with self.tracker.handling("click"):
            if custom_id.startswith(render.FORM_PREFIX):
                return await self._open_form(interaction, custom_id)
            if not await self._first(interaction, interaction.response.defer()):
                return
            ctx = self._ctx(
                interaction, Place.DM
            )  # clicks answer where they happen (DM, or ephemerally)
            data: dict[str, Any] = dict(interaction.data or {})  # type: ignore[arg-type]
            values = [str(v) for v in data.get("values") or []]
            ctx.clicked, ctx.values = custom_id, values
            if custom_id.startswith(
                render.PICK_PREFIX
            ):  # a single-choice menu: the value is the choice id
                text, values = (values[0] if values else ""), []
            else:
                text = custom_id
            async with self.tracker.user_lock(ctx.who):
                await self._turn(ctx, InboundKind.CHOICE, text, str(interaction.id), values=values)
                await self._finish(ctx)

    async def on_modal(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})  # type: ignore[arg-type]
        custom_id = str(data.get("custom_id") or "")
        if not custom_id.startswith(render.FORM_PREFIX):
            return
        async with self.tracker.handling("form"):
            first = (
                interaction.response.defer()
                if interaction.message is not None
                else interaction.response.defer(
                    thinking=True, ephemeral=interaction.guild_id is not None
                )
            )
            if not await self._first(interaction, first):
                return
            ctx = self._ctx(interaction, Place.DM)
            node, _, version = custom_id[len(render.FORM_PREFIX) :].partition("/")
            fields = render.form_values(data)
            async with self.tracker.user_lock(ctx.who):
                await self._turn(
                    ctx,
                    InboundKind.FORM,
                    f"{node}:_form:{version}",
                    str(interaction.id),
                    fields=fields,
                )
                await self._finish(ctx)

    async def _open_form(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """The modal must be the first response: it is built from what the engine offered."""
        who = _who(interaction.user)
        known: tuple[str, list[FormField]] | None = self._forms.get((who.user, custom_id))
        if known is not None:
            modal = render.FormModal(custom_id, known[0], known[1])
            try:
                await self._first(interaction, interaction.response.send_modal(modal))
            finally:
                modal.stop()  # the submission is read from the raw interaction (on_modal)
            return
        # Not offered by this process (it restarted since): show the question afresh.
        if not await self._first(interaction, interaction.response.defer()):
            return
        ctx = self._ctx(interaction, Place.DM)
        async with self.tracker.user_lock(ctx.who):
            await self._turn(ctx, InboundKind.START, "", str(interaction.id))
            await self._finish(ctx)

    async def on_message(self, message: discord.Message) -> None:
        """A message in the bot's DM. Server messages are not ours to read."""
        if message.author.bot or message.guild is not None or message.type not in _USER_MESSAGES:
            return
        if not isinstance(message.channel, discord.DMChannel):
            return
        async with self.tracker.handling("message"):
            who = _who(message.author)
            ctx = _Ctx(
                who=who, place=Place.DM, locale=None, user=message.author, channel=message.channel
            )
            async with self.tracker.user_lock(who):
                await self._turn(ctx, InboundKind.TEXT, message.content or "", str(message.id))

    def _ctx(self, interaction: discord.Interaction[Any], place: Place) -> _Ctx:
        in_guild = interaction.guild_id is not None
        return _Ctx(
            who=_who(interaction.user),
            place=place,
            locale=_locale(interaction),
            user=interaction.user,
            interaction=interaction,
            channel=None if in_guild else interaction.channel,  # type: ignore[arg-type]
            in_guild=in_guild,
        )

    async def _first(self, interaction: discord.Interaction[Any], response: Any) -> bool:
        """Send the first response; without it there is no one to answer, so no turn runs."""
        try:
            await response
        except discord.HTTPException as e:
            log.warning(
                "discord: first response to an interaction failed (%s, code %s)", e.status, e.code
            )
            return False
        return True

    # --- one turn -----------------------------------------------------------------------

    async def _turn(
        self,
        ctx: _Ctx,
        kind: InboundKind,
        text: str,
        event_id: str,
        *,
        values: Sequence[str] = (),
        fields: dict[str, str] | None = None,
    ) -> None:
        inbound = Inbound(
            who=ctx.who,
            kind=kind,
            text=text,
            values=list(values),
            fields=fields or {},
            event_id=event_id[:200],
            locale=ctx.locale,
            place=ctx.place,
        )
        log.debug("discord: %s from %s (%s)", kind.value, user_ref(ctx.who), ctx.place.value)
        replies = await self.engine.handle(inbound)
        await self._deliver(ctx, replies)

    async def _deliver(self, ctx: _Ctx, replies: list[Outbound]) -> None:
        """In order: edits replace the clicked message, "dm" replies go to the DM (or, when
        it is closed, ephemerally here), "here" replies to where the event came from. The
        pointer of a server command waits until the DMs went out, and is dropped if they
        did not ("I've messaged you" would be untrue)."""
        later: list[Outbound] = []
        for o in replies:
            if o.edit and ctx.interaction is not None and ctx.interaction.message is not None:
                await self._edit(ctx, o)
            elif o.to is Destination.DM and ctx.in_guild:
                await self._to_dm(ctx, o)
            elif ctx.place is Place.CHANNEL:
                later.append(o)
            else:
                await self._here(ctx, o)
        for o in later:
            if ctx.dm_failed and o.kind != "error":
                continue
            await self._here(ctx, o)

    async def _finish(self, ctx: _Ctx) -> None:
        """A deferred command must not stay "thinking" when nothing was said in it."""
        i = ctx.interaction
        if i is None or ctx.answered or i.type is discord.InteractionType.component:
            return
        if i.type is discord.InteractionType.modal_submit and i.message is not None:
            return
        with contextlib.suppress(discord.HTTPException):
            await i.delete_original_response()

    async def _edit(self, ctx: _Ctx, o: Outbound) -> None:
        assert ctx.interaction is not None and ctx.interaction.message is not None
        labels = await self._labels_for(ctx, o)
        msg = render.render_edit(
            o, labels, ctx.interaction.message.components, ctx.clicked, ctx.values
        )
        try:
            await ctx.interaction.edit_original_response(**msg.edit_kwargs())
        except _SEND_ERRORS as e:
            log.warning(
                "discord: could not update a message for %s (%s)", user_ref(ctx.who), _why(e)
            )
            return
        self._remember_form(ctx.who, o, labels)

    async def _to_dm(self, ctx: _Ctx, o: Outbound) -> None:
        """A "dm" reply of an event in a server. A closed DM (403: 50007, or 50278 without
        a mutual server) gets the explanation once, then everything continues ephemerally."""
        if not ctx.dm_failed:
            try:
                channel = await self._dm_channel(ctx.user)
                await self._post(channel, o, await self._labels_for(ctx, o), ctx.who)
            except _SEND_ERRORS as e:
                ctx.dm_failed = True
                closed = isinstance(e, discord.Forbidden)
                log.warning(
                    "discord: could not send a direct message to %s (%s); continuing in the channel",
                    user_ref(ctx.who),
                    _why(e),
                )
                if closed and not ctx.explained:
                    ctx.explained = True
                    labels = await self._labels_for(ctx, None)
                    await self._here(ctx, Outbound(text=labels.dms_closed, kind="error"))
            else:
                if o.outbox_id:
                    await self.engine.delivered(o.outbox_id)
                return
        await self._here(ctx, o)

    async def _here(self, ctx: _Ctx, o: Outbound) -> None:
        """Where the event came from: the interaction's follow-ups (ephemeral in a server)
        or, for a DM message, its channel."""
        labels = await self._labels_for(ctx, o)
        try:
            if ctx.interaction is not None:
                for msg in render.render(o, labels):
                    await ctx.interaction.followup.send(**msg.send_kwargs(), ephemeral=ctx.in_guild)
                    ctx.answered = True
                self._remember_form(ctx.who, o, labels)
            elif ctx.channel is not None:
                await self._post(ctx.channel, o, labels, ctx.who)
            else:
                return
        except _SEND_ERRORS as e:
            log.warning("discord: could not answer %s (%s)", user_ref(ctx.who), _why(e))
            return
        if o.outbox_id:
            await self.engine.delivered(o.outbox_id)

    async def _post(
        self, channel: discord.abc.Messageable, o: Outbound, labels: Labels, who: Who
    ) -> None:
        for i, msg in enumerate(render.render(o, labels)):
            # A direct message's nonce comes from its outbox row: discord.py sets
            # enforce_nonce, so a resend after a crash is not shown twice (Discord keeps
            # nonces for a few minutes).
            extra = {"nonce": f"{o.outbox_id[:22]}{i}"} if o.outbox_id else {}
            await channel.send(**msg.send_kwargs(), **extra)
        self._remember_form(who, o, labels)

    async def send(self, who: Who, message: Outbound) -> None:
        """The engine's sender: reminders, check-ins, recovered messages, to the user's DM.
        Raises when Discord does not take it (the message then stays in the outbox)."""
        if self.client is None or self.client.is_closed():
            raise RuntimeError("the Discord client is not running")
        channel = await self._dm_channel(discord.Object(int(who.user)))
        await self._post(channel, message, self._labels(message.locale), who)

    async def _dm_channel(self, user: discord.abc.Snowflake) -> discord.DMChannel:
        assert self.client is not None
        return await self.client.create_dm(user)

    # --- words around the engine's content ---------------------------------------------

    def _remember_form(self, who: Who, o: Outbound, labels: Labels) -> None:
        fid = render.form_id(o)
        if fid is not None:
            self._forms.put((who.user, fid), (labels.form_title, list(o.form)))

    async def _labels_for(self, ctx: _Ctx, o: Outbound | None) -> Labels:
        """The adapter's own words, in the language of the engine's message (or, for a
        notice of ours, of the turn's last message)."""
        if o is not None:
            ctx.code = o.locale
        return self._labels(ctx.code or resolve_locale(ctx.locale))

    def _labels(self, code: str) -> Labels:
        return Labels.of(self.engine.dialogs.locale(code))


async def check(settings: Settings) -> str:
    """For `python -m bot doctor`: does the Discord token work? Raises ConfigError if not."""
    token = _check_token(settings.discord_token)
    api_url = _check_url(
        settings.discord_api_url,
        ("http", "https"),
        "DISCORD_API_URL",
        "http://127.0.0.1:8080/api/v10",
    )
    _check_url(
        settings.discord_gateway_url,
        ("ws", "wss"),
        "DISCORD_GATEWAY_URL",
        "ws://127.0.0.1:8080/gateway",
    )
    saved = discord.http.Route.BASE
    if api_url:
        discord.http.Route.BASE = api_url.rstrip("/")
    client = discord.Client(intents=discord.Intents.default())
    tree = app_commands.CommandTree(client)
    try:
        try:
            await client.login(token)
        except discord.LoginFailure:
            raise ConfigError(
                "DISCORD_TOKEN was refused by Discord (Developer Portal > your application > Bot > Reset Token)"
            ) from None
        except (aiohttp.ClientError, OSError, discord.HTTPException) as e:
            raise ConfigError(
                f"cannot reach the Discord API at {discord.http.Route.BASE} (DISCORD_API_URL): {type(e).__name__}"
            ) from None
        guild = discord.Object(settings.discord_guild_id) if settings.discord_guild_id else None
        where = f"in server {settings.discord_guild_id} (DISCORD_GUILD_ID)" if guild else "globally"
        try:
            names = [c.name for c in await tree.fetch_commands(guild=guild)]
        except discord.HTTPException as e:
            raise ConfigError(
                f"cannot read the bot's commands {where} ({e.status}, code {e.code}): invite it with the scopes bot and applications.commands"
            ) from None
        registered = (
            f"/{COMMAND} registered {where}"
            if COMMAND in names
            else f"/{COMMAND} not registered {where} yet (the first start syncs it)"
        )
        return (
            f"token accepted for {client.user} (application {client.application_id}); {registered}"
        )
    finally:
        await client.close()
        discord.http.Route.BASE = saved


# ---------------------------------------------------------------------- helpers


def command_texts(choice: str | None, language: str | None) -> list[str]:
    """The START texts for the command's options: a language switch first, then the choice."""
    texts: list[str] = []
    if language:
        texts.append(f"language {language}")
    if choice == "language":
        return texts or ["language"]
    if choice in ("restart", "forget", "help"):
        texts.append(choice)
    return texts or [""]


def _why(e: BaseException) -> str:
    """Status and Discord error code, never the message body (it may quote user text)."""
    if isinstance(e, discord.HTTPException):
        return f"{e.status}, code {e.code}"
    return type(e).__name__


def _who(user: discord.abc.Snowflake) -> Who:
    # A Discord user id is global: one conversation per user, in the DM and in every server.
    return Who(platform=PLATFORM, workspace="", user=str(user.id))


def _locale(interaction: discord.Interaction[Any]) -> str | None:
    loc = getattr(interaction, "locale", None)
    value = getattr(loc, "value", loc)
    return str(value)[:35] if value else None


def _check_token(token: str | None) -> str:
    """Fail at start-up, naming the variable (never echoing its value)."""
    if not token or not token.strip():
        raise ConfigError(
            "DISCORD_TOKEN is not set (Developer Portal > your application > Bot > Reset Token)"
        )
    token = token.strip()
    if token.lower().startswith("bot "):
        raise ConfigError("DISCORD_TOKEN must be the bare bot token, without the 'Bot ' prefix")
    if not _TOKEN.match(token):
        raise ConfigError(
            "DISCORD_TOKEN does not look like a bot token (three dot-separated parts, from Developer Portal > Bot > Reset Token)"
        )
    return token


def _check_url(url: str | None, schemes: tuple[str, ...], name: str, example: str) -> str | None:
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in schemes or not parsed.netloc:
        raise ConfigError(f"{name} must be a {'/'.join(schemes)} URL such as {example}")
    return url.strip()
