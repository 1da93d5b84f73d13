"""Real processes: two bots on one database file, and a clean stop on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..helpers import ROOT, bot_env


def test_two_processes_on_one_file_never_lose_an_update(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    env = bot_env(tmp_path)
    prep = f"""
import asyncio
from bot import dialogs
from bot.engine import Engine
from bot.models import Inbound, InboundKind, Who
from bot.store import SQLiteStore
async def main():
    s = SQLiteStore({str(db)!r}); await s.open()
    e = Engine(dialogs.load(), s)
    who = Who(platform='test', workspace='T', user='shared')
    await e.handle(Inbound(who=who, kind=InboundKind.START))
    await e.handle(Inbound(who=who, kind=InboundKind.TEXT, text='4'))
    await s.close()
asyncio.run(main())
"""
    subprocess.run([sys.executable, "-c", prep], check=True, cwd=ROOT, env=env, timeout=60)
    n_a, n_b = 40, 41
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.workers.toggle", str(db), item, str(n)], cwd=ROOT, env=env
        )
        for item, n in (("1", n_a), ("2", n_b))
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0
    check = f"""
import asyncio, json
from bot.models import Who
from bot.store import SQLiteStore
async def main():
    s = SQLiteStore({str(db)!r}); await s.open()
    c = await s.load(Who(platform='test', workspace='T', user='shared'))
    print(json.dumps([c.version, c.ticked.get('signals', [])]))
    await s.close()
asyncio.run(main())
"""
    out = subprocess.run(
        [sys.executable, "-c", check],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    version, ticked = json.loads(out.stdout)
    assert version == 2 + n_a + n_b  # start, the stage answer, then every toggle of both processes
    assert ticked == ["oddball"]  # item 1 toggled an even number of times, item 2 odd


def test_sigterm_exits_cleanly_and_quickly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--json", "--user", "t"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=bot_env(tmp_path),
    )
    assert proc.stdout is not None
    while '"awaiting_input"' not in proc.stdout.readline():
        pass
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
