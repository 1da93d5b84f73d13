"""The Slack path: signed slash commands and button clicks over loopback HTTP into the
real Bolt app (HTTP mode, `python -m bot slack --http` in its own process) with the
project's fake Slack Web API. Measures acknowledgements per second and time to ack."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from tests.fakes.fake_slack import (
    FakeSlack,
    dm_channel_id,
    form_body,
    interactive_body,
    signed_headers,
)

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"
CONCURRENCY = 50  # requests in flight for the throughput phases
PACED_RATE = 500  # requests a second for the latency phase (the target rate)


def run(requests: int) -> dict[str, Any]:
    return asyncio.run(_run(requests))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _run(requests: int) -> dict[str, Any]:
    for name in (
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        os.environ.pop(name, None)
    users = max(1, requests // 2)
    async with FakeSlack() as fake:
        port = _free_port()
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
            env.update(
                SLACK_BOT_TOKEN="xoxb-bench",
                SLACK_SIGNING_SECRET=SECRET,
                SLACK_API_URL=fake.api_url,
                DATABASE_URL=f"sqlite:///{tmp}/slack.db",
                LOG_LEVEL="WARNING",
            )
            log = open(Path(tmp) / "bot.log", "w+b")  # noqa: SIM115 - read back on failure
            bot = subprocess.Popen(
                [sys.executable, "-m", "bot", "slack", "--http", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stderr=log,
            )
            try:
                url = f"http://127.0.0.1:{port}/slack/events"
                async with aiohttp.ClientSession() as http:
                    await _wait_up(http, url, bot)
                    gate = asyncio.Semaphore(CONCURRENCY)
                    acks: list[float] = []
                    # Acknowledgements are timed while they happen; between the two phases
                    # the bot finishes its work (posting each first question) untimed.
                    start = time.perf_counter()
                    await asyncio.gather(
                        *(_command(http, url, gate, acks, fake, f"UB{i:05d}") for i in range(users))
                    )
                    seconds = time.perf_counter() - start
                    await fake.wait_for("chat.postMessage", count=users * 2, timeout=120)
                    start = time.perf_counter()
                    await asyncio.gather(
                        *(_click(http, url, gate, acks, fake, f"UB{i:05d}") for i in range(users))
                    )
                    seconds += time.perf_counter() - start
                    # Latency at the target rate: commands sent on a fixed schedule (open loop).
                    paced: list[float] = []
                    await fake.wait_for("chat.postMessage", count=users * 3, timeout=120)
                    t0 = time.perf_counter()
                    await asyncio.gather(
                        *(
                            _paced(http, url, paced, fake, f"UP{i:05d}", t0 + i / PACED_RATE)
                            for i in range(users)
                        )
                    )
            except BaseException:
                log.seek(0)
                sys.stderr.write(log.read().decode()[-3000:])
                raise
            finally:
                bot.terminate()  # the fake must keep answering while the bot shuts down
                await asyncio.to_thread(bot.wait, 10)
                log.close()
    acks.sort()
    paced.sort()
    return {
        "requests": len(acks) + len(paced),
        "acks_per_s": round(len(acks) / seconds, 1),
        "throughput_p99_ms": round(_pct(acks, 99) * 1000, 2),
        "concurrency": CONCURRENCY,
        "paced_rate": PACED_RATE,
        "p50_ms": round(_pct(paced, 50) * 1000, 2),
        "p99_ms": round(_pct(paced, 99) * 1000, 2),
        "max_ms": round(paced[-1] * 1000, 2),
    }


def _pct(xs: list[float], p: float) -> float:
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


async def _paced(
    http: aiohttp.ClientSession, url: str, lat: list[float], fake: FakeSlack, user: str, at: float
) -> None:
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    body = form_body(fake.slash_command(user))
    t = time.perf_counter()
    async with http.post(url, data=body.encode(), headers=signed_headers(body, SECRET)) as r:
        await r.read()
        assert r.status == 200, r.status
    lat.append(time.perf_counter() - t)


async def _wait_up(http: aiohttp.ClientSession, url: str, bot: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if bot.poll() is not None:
            raise RuntimeError("the bot exited")
        try:
            async with http.post(url, data="") as r:
                if r.status in (401, 400, 404):
                    return
        except aiohttp.ClientError:
            await asyncio.sleep(0.05)
    raise RuntimeError("the bot did not start listening")


async def _post(
    http: aiohttp.ClientSession, url: str, body: str, gate: asyncio.Semaphore, acks: list[float]
) -> None:
    async with gate:
        t = time.perf_counter()
        async with http.post(url, data=body.encode(), headers=signed_headers(body, SECRET)) as r:
            await r.read()
            assert r.status == 200, r.status
        acks.append(time.perf_counter() - t)


async def _command(
    http: aiohttp.ClientSession,
    url: str,
    gate: asyncio.Semaphore,
    acks: list[float],
    fake: FakeSlack,
    user: str,
) -> None:
    await _post(http, url, form_body(fake.slash_command(user)), gate, acks)


async def _click(
    http: aiohttp.ClientSession,
    url: str,
    gate: asyncio.Semaphore,
    acks: list[float],
    fake: FakeSlack,
    user: str,
) -> None:
    channel = dm_channel_id(user)
    message = next(
        m
        for m in reversed(fake.messages[channel])
        if any(b.get("type") == "actions" for b in m.get("blocks") or [])
    )
    button = next(e for b in message["blocks"] if b.get("type") == "actions" for e in b["elements"])
    payload = fake.block_actions(
        user, button["action_id"], button["value"], channel_id=channel, message_ts=message["ts"]
    )
    await _post(http, url, interactive_body(payload), gate, acks)
