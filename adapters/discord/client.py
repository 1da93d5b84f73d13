"""The discord.py client: gateway events handed to the adapter's `Interactions`."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands

from .components import Control
from .inbound import Interactions


class Client(discord.Client):
    """A plain Client (one shard: DMs arrive on shard 0) with no privileged intents, and
    no mentions parsed in anything it sends."""

    def __init__(
        self, interactions: Interactions, *, guild_ready_timeout: float, **shards: Any
    ) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
            **shards,
        )
        self.interactions = interactions
        self.tree = app_commands.CommandTree(self)
        self.connected = asyncio.Event()

    async def setup_hook(self) -> None:
        # Every button and select, on any message ever sent, dispatched by its custom_id.
        self.add_dynamic_items(Control)

    async def on_connect(self) -> None:  # READY received: interactions can be answered
        self.connected.set()

    async def on_message(self, message: discord.Message) -> None:
        await self.interactions.on_message(message)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.interactions.on_modal(interaction)

    async def handle_component(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """Called by `Control.callback` for every button or select (not a gateway event)."""
        await self.interactions.on_component(interaction, custom_id)


class ShardedClient(Client, discord.AutoShardedClient):
    """The same client over several shards in one process (`DISCORD_SHARD_COUNT`, and
    `DISCORD_SHARD_IDS` for this process's share): each shard is a gateway connection;
    Discord sends a guild's events to shard (guild_id >> 22) % count, and DMs to shard 0."""


def make_client(
    interactions: Interactions,
    *,
    guild_ready_timeout: float,
    shard_ids: list[int] | None = None,
    shard_count: int | None = None,
) -> Client:
    """A plain client unless sharding is asked for."""
    if shard_count is None:
        return Client(interactions, guild_ready_timeout=guild_ready_timeout)
    return ShardedClient(
        interactions,
        guild_ready_timeout=guild_ready_timeout,
        shard_ids=shard_ids,
        shard_count=shard_count,
    )
