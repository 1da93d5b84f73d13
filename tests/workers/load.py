"""A bot process under scripted load, for the crash test (killed with SIGKILL at random).

Usage: python -m tests.workers.load DB_PATH JOURNAL PLATFORM_LOG USERS TURNS

Each simulated user answers whatever question the engine shows (a seeded random pick of
its buttons, sometimes `back` or typed text). After a turn returns, the acknowledgement
(user, version) is appended to JOURNAL; every direct message is appended to PLATFORM_LOG
(the platform accepting it, keyed by its outbox id) before the engine hears it was
delivered. On start the process first re-sends what the outbox still holds.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys

from bot import dialogs as dialog_files
from bot.engine import Engine
from bot.models import Inbound, InboundKind, Outbound, Who
from bot.store import SQLiteStore

PLATFORM = "load"


def append(fd: int, record: dict[str, object]) -> None:
    os.write(fd, (json.dumps(record) + "\n").encode())


async def user_walk(engine: Engine, who: Who, turns: int, journal: int, platform: int) -> None:
    rng = random.Random(who.user)
    replies = await engine.handle(Inbound(who=who, kind=InboundKind.START))
    for _ in range(turns):
        await deliver(engine, replies, platform)
        question = next((r for r in reversed(replies) if r.choices and not r.edit), None)
        roll = rng.random()
        if question is None or roll < 0.05:
            inbound = Inbound(
                who=who,
                kind=InboundKind.TEXT,
                text=rng.choice(["back", "Acme Ltd", "restart" if roll < 0.01 else "help"]),
            )
        else:
            inbound = Inbound(
                who=who, kind=InboundKind.CHOICE, text=rng.choice(question.choices).id
            )
        replies = await engine.handle(inbound)
        conv = await engine.store.load(who)
        append(journal, {"user": who.user, "version": conv.version if conv else 0})
    await deliver(engine, replies, platform)


async def deliver(engine: Engine, replies: list[Outbound], platform: int) -> None:
    for r in replies:
        if r.outbox_id:
            append(platform, {"outbox": r.outbox_id})
            await engine.delivered(r.outbox_id)


async def main(db: str, journal_path: str, log_path: str, users: int, turns: int) -> None:
    dialogs = dialog_files.load(os.environ.get("DIALOGS_DIR"))
    journal = os.open(journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    platform = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    store = SQLiteStore(db)
    await store.open()
    try:
        engine = Engine(dialogs, store)

        async def sender(who: Who, message: Outbound) -> None:
            append(platform, {"outbox": message.outbox_id})

        engine.register_sender(PLATFORM, sender)
        await engine.recover_outbox()
        await asyncio.gather(
            *(
                user_walk(
                    engine,
                    Who(platform=PLATFORM, workspace="T", user=f"user{i}"),
                    turns,
                    journal,
                    platform,
                )
                for i in range(users)
            )
        )
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
