"""The Discord adapter: discord.py 2.x as a thin translator over the engine.

It checks the token and URLs (`setup`), and on start logs in, adds the command with its
words from dialogs/ and syncs it if it changed (`commands`), connects to the gateway and
waits for READY; events go to `inbound`, replies out through `delivery`. Components are
persistent (`components.Control`), so clicks on messages from before a restart work.
No coaching logic lives here; nothing a user typed, and no token, is logged at INFO or
above.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import discord
import discord.gateway
import discord.http

from adapters.tracking import Tracker
from bot.config import ConfigError, Settings
from bot.engine import Engine
from bot.models import Outbound, Who

from . import commands, setup
from .client import Client, make_client
from .delivery import Delivery
from .inbound import PLATFORM, Interactions

log = logging.getLogger(__name__)

START_TIMEOUT = 60.0  # seconds for the first READY from the gateway
STOP_GRACE = 3.0


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
        shard_ids: list[int] | None = None,
        shard_count: int | None = None,
    ):
        self.token = setup.check_token(token)
        self.api_url = setup.check_api_url(api_url)
        self.gateway_url = setup.check_gateway_url(gateway_url)
        self.engine = engine
        self.guild_id = guild_id
        self.sync_state = Path(sync_state) if sync_state else None  # the sync's hash file
        self.force_sync = force_sync
        self.guild_ready_timeout = guild_ready_timeout
        self.start_timeout = start_timeout
        self.shard_ids, self.shard_count = shard_ids, shard_count
        self.client: Client | None = None
        self.synced = False  # whether the last start pushed the command definition
        self.tracker = Tracker(engine, PLATFORM)
        self.delivery = Delivery(engine)
        self.interactions = Interactions(engine, self.tracker, self.delivery)
        self._endpoints = setup.Endpoints(self.api_url, self.gateway_url)
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_settings(
        cls, engine: Engine, settings: Settings, *, force_sync: bool = False
    ) -> DiscordAdapter:
        return cls(
            engine,
            token=settings.discord_token,
            guild_id=settings.discord_guild_id,
            api_url=settings.discord_api_url,
            gateway_url=settings.discord_gateway_url,
            sync_state=commands.sync_state_path(settings.database_url),
            force_sync=force_sync,
            shard_ids=settings.discord_shard_ids,
            shard_count=settings.discord_shard_count,
        )

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Log in, sync the command if it changed, connect; return once READY arrived."""
        self._endpoints.point()
        client = self.client = make_client(
            self.interactions,
            guild_ready_timeout=self.guild_ready_timeout,
            shard_ids=self.shard_ids,
            shard_count=self.shard_count,
        )
        self.delivery.client = client
        await self._add_command(client)
        try:
            await setup.login(client, self.token)
        except ConfigError:
            await self._abort()
            raise
        self.synced = await commands.sync(
            client.tree,
            client.application_id,
            self.guild_id,
            self.sync_state,
            force=self.force_sync,
        )
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
        log.info("discord: connected as application %s%s", client.application_id, self._shards())

    def _shards(self) -> str:
        if self.shard_count is None:
            return ""
        ids = self.shard_ids if self.shard_ids is not None else range(self.shard_count)
        return f" (shards {', '.join(map(str, ids))} of {self.shard_count})"

    async def _add_command(self, client: Client) -> None:
        """The command (in the fallback locale's words) and the translator of the others."""
        await client.tree.set_translator(commands.Translator(self.engine.dialogs))
        command = commands.build(self.engine.dialogs, self.interactions.on_command)
        client.tree.add_command(
            command, guild=discord.Object(self.guild_id) if self.guild_id else None
        )

    async def _connect(self, client: Client) -> None:
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
        self.delivery.client = None
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
        self._endpoints.restore()

    async def send(self, who: Who, message: Outbound) -> None:
        """The engine's sender: reminders, check-ins, recovered messages, to the user's DM.
        Raises when Discord does not take it (the message then stays in the outbox)."""
        await self.delivery.send(who, message)

    @property
    def handled(self) -> int:
        """Inbound events fully handled so far (tests wait on it)."""
        return self.tracker.handled

    async def wait_handled(self, count: int, timeout: float = 5.0) -> None:
        await self.tracker.wait_handled(count, timeout)
