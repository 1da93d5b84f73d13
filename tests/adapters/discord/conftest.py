"""Fixtures for the Discord tests: the fake Discord and the real adapter, driven like Discord."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord.gateway
import discord.http
import pytest

from bot.engine import Engine

from ...fakes.fake_discord import FakeDiscord
from .driver import TOKEN, Driver


@pytest.fixture
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
async def fake(no_loop_errors: None, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    # The adapter points discord.py at the fake itself (DISCORD_API_URL / _GATEWAY_URL);
    # monkeypatch puts the class attributes back whatever happens.
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    async with FakeDiscord(token=TOKEN) as f:
        yield f
        assert f.internal_errors == []


@pytest.fixture
async def bot(fake: FakeDiscord, engine: Engine, tmp_path: Path) -> AsyncIterator[Driver]:
    driver = Driver(fake, engine, tmp_path / "discord-commands.json")
    await driver.start()
    yield driver
    await driver.stop()
