"""Two bot processes (Slack HTTP mode, the fake Slack Web API) on one PostgreSQL database.

A client spreads 200 users' whole conversations (slash command, buttons, checklists, typed
answers, the drafted note, "not yet", the reminder) over both processes, as a load balancer
would. Each process is killed with SIGKILL once, mid-load, and started again. A request
that finds its process dead goes to the other one; an answer that never shows is asked
again, as a person would click again (typed messages are re-sent with their event id, as
Slack retries). Then, from the database and from what the fake Slack received:

- no acknowledged answer lost: every user reached the end, with every answer stored, and
  the stored version is the latest one any message showed them;
- no direct message missing or doubled: every outbox row is delivered, and appears in the
  user's DM exactly once (Slack's message metadata carries the outbox id);
- no reminder doubled: each user's one reminder fired once and was shown once.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg

from bot.choice_ids import ChoiceId, choice_of

from ..adapters.slack.driver import buttons_of
from ..fakes.fake_slack import (
    TEAM_ID,
    FakeSlack,
    dm_channel_id,
    event_callback,
    form_body,
    interactive_body,
    message_im,
    signed_headers,
)
from ..helpers import ROOT, bot_env

USERS = int(os.environ.get("MULTIPROCESS_USERS", "200"))  # fewer, to debug
SECRET = "multi-process-secret"
KILL_AT = (0.3, 0.6)  # fractions of all steps done when process 0, then process 1, is killed
# The whole conversation: ("click", choice) or ("say", text). Ends at the drafted note's
# "not yet", which schedules the one reminder.
WALK: list[tuple[str, str]] = [
    ("click", "offer"),
    ("tick", "late"),
    ("tick", "vague"),
    ("click", "_done"),
    ("click", "no"),
    ("click", "yes"),
    ("say", "3"),
    ("click", "_done"),
    ("click", "short"),
    ("click", "no"),
    ("click", "agree"),
    ("tick", "sure"),  # the SURE test: checkboxes on Slack ...
    ("tick", "understand"),
    ("tick", "values"),
    ("say", "4"),  # ... one typed by its number
    ("say", "done"),
    ("click", "draft_note"),  # what the note says first, then the details
    ("click", "no"),
    ("click", "no"),
    ("click", "no"),
    ("click", "brief"),
    ("say", "Dana Smith"),
    ("say", "Initech"),
    ("say", "Data Analyst"),
    ("say", "Robin Roe"),
    ("click", "not_yet"),
]
EXPECTED = {"stage": "offer", "recipient": "Dana Smith", "company": "Initech"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Bot:
    """One `python -m bot slack --http` process on a fixed port (restarted on the same)."""

    def __init__(self, n: int, env: dict[str, str], log: Path):
        self.n, self.env, self.log = n, env, log
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    async def start(self, http: aiohttp.ClientSession) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "slack", "--http", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stderr=log,
            )
        for _ in range(400):
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                async with http.post(self.url, data="") as r:
                    if r.status in (400, 401, 404):
                        return
            except aiohttp.ClientError:
                await asyncio.sleep(0.05)
        raise AssertionError(f"bot {self.n} did not start listening")

    def kill(self) -> None:
        assert self.proc is not None and self.proc.poll() is None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    async def stop(self) -> None:
        """SIGTERM, waited for off the loop: the fake Slack must answer while it stops."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                await asyncio.to_thread(self.proc.wait, 15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise


class Client:
    """Sends each user's steps to one process or the other, and waits to see the answer."""

    def __init__(self, fake: FakeSlack, bots: list[Bot], http: aiohttp.ClientSession):
        self.fake, self.bots, self.http = fake, bots, http
        self.turn = itertools.count()
        self.events = itertools.count(1)
        self.done = 0
        self.resent = 0  # sent again after an answer did not show (a process died with it)
        self.refused = 0  # sent to the other process because this one was down

    def dm(self, user: str) -> list[dict[str, Any]]:
        return self.fake.messages.get(dm_channel_id(user), [])

    def shown_version(self, user: str) -> int:
        """The newest conversation version any control in the user's DM carries."""
        versions = [
            parsed.version
            for m in self.dm(user)
            for value in _values(m)
            if (parsed := ChoiceId.parse(value)) is not None
        ]
        return max(versions, default=0)

    async def step(self, user: str, body_for: Callable[[], tuple[str, dict[str, str]]]) -> None:
        """One user action, sent until its answer shows (a newer question version). Before
        each retry the user looks again: a kill may have cut the answer off after its turn
        was stored (the question is marked answered, the next one missing); then they do
        what a person would, and run the command again to see where they are."""
        before = self.shown_version(user)
        for attempt in range(15):
            if attempt and self.shown_version(user) > before:
                break
            try:
                body, headers = body_for()
            except LookupError:  # no such button any more: "where was I?"
                body, headers = self.command(user)()
            if attempt:
                headers = headers | {
                    "X-Slack-Retry-Num": str(attempt),
                    "X-Slack-Retry-Reason": "timeout",
                }
            bot = self.bots[next(self.turn) % 2]
            try:
                async with self.http.post(bot.url, data=body.encode(), headers=headers) as r:
                    status = r.status
            except aiohttp.ClientError:
                self.refused += 1
                await asyncio.sleep(0.05)
                continue
            if status == 200 and await self._shows_after(user, before, timeout=4.0):
                break
            self.resent += 1
        else:
            raise AssertionError(f"{user}: no answer after 15 tries; DM: {self.brief(user)}")
        self.done += 1

    async def _shows_after(self, user: str, before: int, timeout: float) -> bool:
        """Polled: the fake notifies when a call arrives, before it stores the message."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if self.shown_version(user) > before:
                return True
            await asyncio.sleep(0.02)
        return False

    def command(self, user: str) -> Callable[[], tuple[str, dict[str, str]]]:
        def body() -> tuple[str, dict[str, str]]:
            b = form_body(self.fake.slash_command(user))
            return b, signed_headers(b, SECRET)

        return body

    def click(self, user: str, short_id: str) -> Callable[[], tuple[str, dict[str, str]]]:
        def body() -> tuple[str, dict[str, str]]:
            message, button = self._button(user, short_id)
            payload = self.fake.block_actions(
                user,
                button["action_id"],
                button["value"],
                channel_id=dm_channel_id(user),
                message_ts=message["ts"],
            )
            b = interactive_body(payload)
            return b, signed_headers(b, SECRET)

        return body

    def tick(self, user: str, short_id: str) -> Callable[[], tuple[str, dict[str, str]]]:
        """A checklist item: a checkbox where the question has them (Slack then sends every
        option now ticked), else its button."""

        def body() -> tuple[str, dict[str, str]]:
            found = self._checkboxes(user)
            if found is None:
                return self.click(user, short_id)()
            message, block, element = found
            ticked = {o["value"] for o in element.get("initial_options") or []}
            option = next(
                (o for o in element["options"] if choice_of(o["value"]) == short_id), None
            )
            if option is None:
                raise LookupError(f"{user}: no checkbox {short_id}")
            ticked ^= {option["value"]}
            payload = self.fake.block_actions(
                user,
                element["action_id"],
                "",
                channel_id=dm_channel_id(user),
                message_ts=message["ts"],
                block_id=block["block_id"],
                action_type="checkboxes",
                selected=[o for o in element["options"] if o["value"] in ticked],
            )
            b = interactive_body(payload)
            return b, signed_headers(b, SECRET)

        return body

    def _checkboxes(self, user: str) -> tuple[dict[str, Any], ...] | None:
        for message in reversed(self.dm(user)):
            for block in message.get("blocks") or []:
                for e in block.get("elements") or []:
                    if block.get("type") == "actions" and e.get("type") == "checkboxes":
                        return message, block, e
            if buttons_of(message):
                return None  # the latest question has buttons only
        return None

    def say(self, user: str, text: str) -> Callable[[], tuple[str, dict[str, str]]]:
        event_id = f"Ev{next(self.events):08d}"  # the same id on every retry, as Slack does

        def body() -> tuple[str, dict[str, str]]:
            b = json.dumps(event_callback(message_im(user, text), event_id=event_id))
            return b, signed_headers(b, SECRET)

        return body

    def _button(self, user: str, short_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        for message in reversed(self.dm(user)):
            for b in buttons_of(message):
                if b.get("type") == "button" and choice_of(str(b.get("value"))) == short_id:
                    return message, b
        raise LookupError(f"{user}: no button {short_id}")

    def brief(self, user: str, last: int = 6) -> list[tuple[str, list[str]]]:
        """The DM's latest messages, short: what a failure shows."""
        return [
            (str(m.get("text"))[:50], [str(b.get("value")) for b in buttons_of(m)][:3])
            for m in self.dm(user)[-last:]
        ]

    async def walk(self, user: str) -> None:
        await self.step(user, self.command(user))
        actions = {"click": self.click, "tick": self.tick, "say": self.say}
        for kind, what in WALK:
            await self.step(user, actions[kind](user, what))


async def kill_and_restart(client: Client, bots: list[Bot], http: aiohttp.ClientSession) -> int:
    total = USERS * (len(WALK) + 1)
    kills = 0
    for bot, at in zip(bots, KILL_AT, strict=True):
        while client.done < at * total:
            await asyncio.sleep(0.02)
        bot.kill()
        kills += 1
        await asyncio.sleep(0.5)
        await bot.start(http)
    return kills


async def wait_for(check: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.2)


async def test_two_processes_on_postgresql_with_a_kill_each(tmp_path: Path, pg_url: str) -> None:
    async with FakeSlack() as fake, aiohttp.ClientSession() as http:
        env = bot_env(
            tmp_path,
            DATABASE_URL=pg_url,
            SLACK_BOT_TOKEN="xoxb-multi",
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=fake.api_url,
            REMINDER_DELAY="2s",
            SCHEDULER_INTERVAL="0.3s",
            CLAIM_LEASE="2s",
        )
        bots = [Bot(n, env, tmp_path / f"bot{n}.log") for n in range(2)]
        try:
            for b in bots:
                await b.start(http)
            client = Client(fake, bots, http)
            users = [f"U{n:05d}" for n in range(USERS)]
            killer = asyncio.create_task(kill_and_restart(client, bots, http))
            await asyncio.gather(*(client.walk(u) for u in users))
            assert await killer == 2
            db = await asyncpg.connect(pg_url)
            try:

                async def settled() -> bool:
                    pending = await db.fetchval(
                        "SELECT (SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL)"
                        " + (SELECT COUNT(*) FROM schedule WHERE done_at IS NULL)"
                    )
                    return bool(pending == 0)

                await wait_for(settled, 60, "every reminder fired and every DM delivered")
                await asyncio.sleep(0.5)  # a last mark in flight
                await verify(db, fake, client, users)
            finally:
                await db.close()
        finally:
            for b in bots:
                await b.stop()
        logs = "".join(b.log.read_text(errors="replace") for b in bots)
        assert "Traceback" not in logs, logs[-3000:]  # no turn failed, no error logged


async def verify(db: asyncpg.Connection, fake: FakeSlack, client: Client, users: list[str]) -> None:
    convs = {
        r["user_id"]: r
        for r in await db.fetch("SELECT user_id, version, answers, state FROM conversations")
    }
    assert sorted(convs) == users
    for user in users:
        row = convs[user]
        answers = json.loads(row["answers"])
        assert {k: answers.get(k) for k in EXPECTED} == EXPECTED, (user, answers)
        assert json.loads(row["state"])["timers"].get("reminded") is True, user
        assert row["version"] == client.shown_version(user), (
            f"{user}: stored version {row['version']}, shown {client.shown_version(user)}"
        )
    # Direct messages: each outbox row delivered, and in the user's DM exactly once.
    outbox = await db.fetch("SELECT id, user_id, delivered_at FROM outbox")
    assert outbox and all(r["delivered_at"] is not None for r in outbox)
    posted: dict[str, int] = {}
    for user in users:
        for m in client.dm(user):
            oid = ((m.get("metadata") or {}).get("event_payload") or {}).get("outbox_id")
            if oid:
                posted[oid] = posted.get(oid, 0) + 1
    assert set(posted) == {r["id"] for r in outbox}, "a DM missing, or one never recorded"
    assert all(n == 1 for n in posted.values()), {k: n for k, n in posted.items() if n > 1}
    # Reminders: one per user, fired once, shown once.
    reminders = await db.fetch("SELECT user_id, done_at FROM schedule WHERE kind = 'reminder'")
    assert sorted(r["user_id"] for r in reminders) == users
    for user in users:
        shown = [m for m in client.dm(user) if _node(m) == "reminder"]
        assert len(shown) == 1, f"{user}: the reminder shown {len(shown)} times"
    assert await db.fetchval("SELECT COUNT(DISTINCT workspace) FROM conversations") == 1
    assert TEAM_ID == (await db.fetchval("SELECT workspace FROM conversations LIMIT 1"))
    print(
        f"{len(users)} users, {client.done} steps, {client.resent} sent again after no answer, "
        f"{client.refused} refused by a dead process, {len(outbox)} DMs"
    )


def _values(message: dict[str, Any]) -> list[str]:
    """The choice ids of a message's controls: buttons' values, checkboxes' options."""
    out = []
    for e in buttons_of(message):
        out.append(str(e.get("value")))
        out += [str(o.get("value")) for o in e.get("options") or []]
    return out


def _node(message: dict[str, Any]) -> str | None:
    for value in _values(message):
        parsed = ChoiceId.parse(value)
        if parsed is not None:
            return parsed.node
    return None
