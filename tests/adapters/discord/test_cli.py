"""`python -m bot` with a Discord token: the real process against the fake Discord."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from ...fakes.fake_discord import FakeDiscord
from ...helpers import bot_env
from .driver import TOKEN, USER

pytestmark = pytest.mark.slow  # each test starts `python -m bot` in a subprocess


async def test_python_m_bot_serves_discord_and_stops_cleanly(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    env = bot_env(
        tmp_path,
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        LOG_LEVEL="INFO",
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_ready(timeout=30)
        await fake.dispatch_interaction(fake.slash_command(USER, options={"choice": "start"}))
        await fake.wait_for(
            "POST", rf"/channels/{fake.dm_channel_id(USER)}/messages", count=2, timeout=10
        )
        await fake.dispatch("MESSAGE_CREATE", fake.dm_message(USER, "my private words"))
        await fake.wait_for(
            "POST", rf"/channels/{fake.dm_channel_id(USER)}/messages", count=3, timeout=10
        )
        assert len(fake.command_syncs) == 1
        assert (tmp_path / "discord-commands.json").exists()  # beside the database
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    log = err.decode()
    assert proc.returncode == 0, log
    assert "running: discord" in log and "Traceback" not in log
    assert TOKEN not in log and "my private words" not in log and USER not in log


async def test_python_m_bot_discord_names_a_malformed_token(tmp_path: Path) -> None:
    env = bot_env(tmp_path, DISCORD_TOKEN="definitely-not-a-token")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "discord",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 2
    assert "DISCORD_TOKEN" in err.decode() and "definitely-not-a-token" not in err.decode()
    assert "Traceback" not in err.decode()
