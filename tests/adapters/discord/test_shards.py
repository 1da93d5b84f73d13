"""Discord shards split over processes: each process runs its share of the shards
(`DISCORD_SHARD_IDS` of `DISCORD_SHARD_COUNT`, discord.py's AutoShardedClient) against the
fake gateway, which routes a guild's events to shard (guild_id >> 22) % count and direct
messages to shard 0. Two engines on one PostgreSQL database stand for two processes: a
conversation begun on one shard's process continues on the other's."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.store.postgres import PostgresStore

from ...fakes.fake_discord import FakeDiscord
from .driver import USER, Driver, conversation


def guild_on_shard(fake: FakeDiscord, shard: int, count: int) -> str:
    """A guild of the fake's whose events Discord would send to `shard`."""
    for _ in range(50):
        gid = fake.add_guild("Sharded")
        if (int(gid) >> 22) % count == shard:
            return gid
        time.sleep(0.002)  # a snowflake's shard comes from its millisecond
    raise AssertionError("no guild id on that shard")


@pytest.fixture
async def two_processes(
    fake: FakeDiscord, dialogs: Dialogs, pg_url: str, tmp_path: Path
) -> AsyncIterator[tuple[Driver, Driver]]:
    stores = [PostgresStore(pg_url), PostgresStore(pg_url)]
    drivers = []
    for n, store in enumerate(stores):
        await store.open()
        drivers.append(Driver(fake, Engine(dialogs, store), tmp_path / f"commands-{n}.json"))
    await drivers[0].start(shard_ids=[0], shard_count=2)
    await drivers[1].start(shard_ids=[1], shard_count=2)
    yield drivers[0], drivers[1]
    for d, s in zip(drivers, stores, strict=True):
        await d.stop()
        await s.close()


async def test_each_process_runs_its_shards_and_they_share_the_conversation(
    fake: FakeDiscord, two_processes: tuple[Driver, Driver]
) -> None:
    shard0, shard1 = two_processes
    assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
    assert shard0.adapter is not None and shard1.adapter is not None
    gid = guild_on_shard(fake, 1, 2)

    # The slash command in a guild on shard 1: only the second process gets it.
    await shard1.interact(fake.slash_command(USER, guild_id=gid))
    assert shard1.adapter.handled == 1 and shard0.adapter.handled == 0
    assert shard1.node() == "stage", "the first question arrived by DM"

    # A click on that DM's button is a DM interaction: shard 0, the first process, which
    # reads the conversation the second one stored.
    await shard0.click(USER, "offer")
    assert shard0.adapter.handled == 1 and shard1.adapter.handled == 1
    assert shard0.node() == "signals"
    stored = await conversation(shard1.engine)
    assert stored is not None and stored.node == "signals"


def test_shard_settings_are_checked() -> None:
    from bot.config import ConfigError, load_settings

    s = load_settings(discord_shard_ids="0-1", discord_shard_count=4)
    assert (s.discord_shard_ids, s.discord_shard_count) == ([0, 1], 4)
    with pytest.raises(ConfigError, match="DISCORD_SHARD_COUNT"):
        load_settings(discord_shard_ids="0")
    with pytest.raises(ConfigError, match="below DISCORD_SHARD_COUNT"):
        load_settings(discord_shard_ids="2", discord_shard_count=2)
