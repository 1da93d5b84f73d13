"""`python -m bot` with Slack credentials: the real process, in Socket Mode, against the fake."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from ...fakes.fake_slack import FakeSlack, dm_channel_id
from ...helpers import bot_env
from .driver import APP_TOKEN, BOT_TOKEN

pytestmark = pytest.mark.slow  # each test starts `python -m bot` in a subprocess


async def test_python_m_bot_serves_slack_and_stops_cleanly(fake: FakeSlack, tmp_path: Path) -> None:
    env = bot_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=fake.api_url,
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
        await fake.wait_socket_connected(timeout=30)
        envelope_id = await fake.socket_push(
            "slash_commands", fake.slash_command("U1", "my private words")
        )
        await fake.wait_socket_ack(envelope_id, timeout=10)
        await fake.wait_for("response_url", timeout=10)
        assert fake.messages[dm_channel_id("U1")]  # the conversation opened in the DM
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    log = err.decode()
    assert proc.returncode == 0, log
    assert "running: slack" in log and "Traceback" not in log
    assert (
        BOT_TOKEN not in log
        and APP_TOKEN not in log
        and "my private words" not in log
        and "U1" not in log
    )


async def test_python_m_bot_slack_names_a_malformed_token(tmp_path: Path) -> None:
    env = bot_env(tmp_path, SLACK_BOT_TOKEN="xoxp-a-user-token")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "slack",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 2
    assert "SLACK_BOT_TOKEN" in err.decode() and "xoxp-a-user-token" not in err.decode()
    assert "Traceback" not in err.decode()
