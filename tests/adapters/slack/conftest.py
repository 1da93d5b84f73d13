"""Fixtures for the Slack tests: the fake Slack and the real adapter, driven like Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from adapters.slack import SlackAdapter
from bot.engine import Engine

from ...fakes.fake_slack import FakeSlack
from .driver import APP_TOKEN, BOT_TOKEN, SCOPES, SECRET, Driver


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk routes everything (even 127.0.0.1) via HTTP(S)_PROXY and ignores NO_PROXY."""
    for name in (
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def fake(no_proxy: None) -> AsyncIterator[FakeSlack]:
    async with FakeSlack(scopes=SCOPES) as slack:
        yield slack


@pytest.fixture
async def bot(fake: FakeSlack, engine: Engine) -> AsyncIterator[Driver]:
    """The adapter in HTTP mode on a loopback port, and a driver posting signed requests."""
    adapter = SlackAdapter(
        engine,
        bot_token=BOT_TOKEN,
        signing_secret=SECRET,
        api_url=fake.api_url,
        http=True,
        host="127.0.0.1",
        port=0,
    )
    await adapter.start()
    async with aiohttp.ClientSession() as http:
        yield Driver(fake, adapter, http)
    await adapter.stop()


@pytest.fixture
async def socket_bot(fake: FakeSlack, engine: Engine) -> AsyncIterator[Driver]:
    """The adapter in Socket Mode, connected to the fake's websocket."""
    adapter = SlackAdapter(engine, bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=fake.api_url)
    await adapter.start()
    await fake.wait_socket_connected()
    async with aiohttp.ClientSession() as http:
        yield Driver(fake, adapter, http, socket=True)
    await adapter.stop()
