"""SIGKILL at random moments under load: nothing acknowledged is lost, nothing is shown twice."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.dialogs import Dialogs

from ..helpers import ROOT, bot_env

USERS, TURNS, KILLS = 40, 60, 5


def test_killed_at_random_moments_under_load(tmp_path: Path, dialogs: Dialogs) -> None:
    db, journal, platform = (
        tmp_path / "load.db",
        tmp_path / "journal.jsonl",
        tmp_path / "platform.jsonl",
    )
    env = bot_env(tmp_path)
    rng = random.Random(20261202)
    cmd = [
        sys.executable,
        "-m",
        "tests.workers.load",
        str(db),
        str(journal),
        str(platform),
        str(USERS),
        str(TURNS),
    ]
    kills = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, 1.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
    # A last run that is not killed: it recovers the outbox and finishes the walks.
    final = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert final.returncode == 0, final.stderr.decode()[-2000:]
    assert kills >= 3, "the load ran too fast to be killed mid-way; raise TURNS"

    acked: dict[str, int] = {}
    for line in journal.read_text().splitlines():
        rec = json.loads(line)
        acked[rec["user"]] = max(acked.get(rec["user"], 0), rec["version"])
    con = sqlite3.connect(db)
    rows = {
        u: (v, node, json.loads(h))
        for u, v, node, h in con.execute(
            "SELECT user_id, version, node, history FROM conversations"
        )
    }
    assert len(acked) == USERS
    for user, version in acked.items():
        stored_version, node, history = rows[user]
        assert stored_version >= version, (
            f"{user}: acknowledged version {version} lost (stored {stored_version})"
        )
        assert node in dialogs.nodes or node == "_forget", f"{user}: inconsistent node {node}"
        assert all(h["node"] in dialogs.nodes for h in history)
    outbox = {i: d for i, d in con.execute("SELECT id, delivered_at FROM outbox")}
    assert outbox and all(d is not None for d in outbox.values()), (
        "a recorded direct message was never delivered"
    )
    sent = [
        json.loads(line)["outbox"] for line in platform.read_text().splitlines() if line.strip()
    ]
    assert set(sent) == set(outbox), (
        "a message was delivered that was never recorded, or one recorded was lost"
    )
    # Seen by the user once: the platform keeps one message per outbox id (Discord's
    # enforced nonce, Slack's metadata check); resends after a kill carry the same id.
    resent = len(sent) - len(set(sent))
    print(
        f"{kills} kills, {sum(acked.values())} acknowledged versions, {len(outbox)} DMs, {resent} resent after a kill"
    )
