"""Upgrading a database written by the schema-4 bot: its engine bookkeeping (inside
`answers` then) moves to the typed state, and both conversations carry on.

`schema4_rows.json` holds rows the schema-4 code wrote (a user halfway through the
checklist, and a German user whose note is drafted and whose reminder is pending).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.models import Who
from bot.store import SQLiteStore, Store, pg_schema
from bot.store.postgres import PostgresStore
from bot.store.schema import LATEST, MIGRATIONS

from ..helpers import Clock, Conversation

ROWS = Path(__file__).with_name("schema4_rows.json")


def write_schema4(db_path: Path) -> dict[str, list[dict[str, object]]]:
    data = json.loads(ROWS.read_text(encoding="utf-8"))
    assert data["schema_version"] == 4
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for step in MIGRATIONS[:4]:
        assert isinstance(step, str)
        db.executescript(step)
    db.execute("INSERT INTO schema_version VALUES (4)")
    for table in ("conversations", "drafts", "schedule"):
        for row in data[table]:
            cols = ", ".join(row)
            db.execute(
                f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
    db.commit()
    db.close()
    return data


async def write_schema4_pg(url: str) -> None:
    """The same rows, in a PostgreSQL database at schema 4 (its own migrations 1-4)."""
    data = json.loads(ROWS.read_text(encoding="utf-8"))
    db = await asyncpg.connect(url)
    try:
        await db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for step in pg_schema.MIGRATIONS[:4]:
            assert isinstance(step, str)
            await db.execute(step)
        await db.execute("INSERT INTO schema_version VALUES (4)")
        for table in ("conversations", "drafts", "schedule"):
            for row in data[table]:
                cols = ", ".join(row)
                marks = ", ".join(f"${i + 1}" for i in range(len(row)))
                await db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", *row.values())
    finally:
        await db.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def schema4_store(request: pytest.FixtureRequest, db_path: Path) -> Store:
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
        await write_schema4_pg(url)
        return PostgresStore(url)
    write_schema4(db_path)
    return SQLiteStore(db_path)


async def test_a_schema4_database_is_upgraded_and_conversations_continue(
    dialogs: Dialogs, schema4_store: Store
) -> None:
    store = schema4_store
    await store.open()
    assert await store.schema_version() == LATEST
    ticking = await store.load(Who(platform="slack", workspace="T1", user="U-ticking"))
    drafted = await store.load(Who(platform="slack", workspace="T1", user="U-drafted"))
    assert ticking is not None and drafted is not None
    for conv in (ticking, drafted):
        assert not [k for k in conv.answers if k.startswith("_")], conv.answers
        assert all(not k.startswith("_") for h in conv.history for k in h.answers)
    assert ticking.ticked == {"signals": ["late", "vague"]}
    assert drafted.drafts.last is not None and drafted.drafts.last.kind == "withdraw"
    assert drafted.drafts.version == 1 and drafted.timers.pending == ["reminder"]
    assert drafted.flags == {"reason_text_tone": "negative"} and "outcome" not in drafted.answers

    clock = Clock(start=1_796_198_400.0)
    engine = Engine(dialogs, store, clock=clock)
    # The half-ticked checklist: Done keeps the two ticks given before the upgrade.
    a = Conversation(engine, user="U-ticking", platform="slack", workspace="T1")
    await a.start()
    assert a.node == "signals" and [c.label for c in a.question.choices if c.selected] == [
        "Interviewers came late or unprepared",
        "The job description is vague",
    ]
    await a.click("_done")
    assert a.node == "accept"
    assert (await store.load(a.who)).answers["signals"] == ["late", "vague"]  # type: ignore[union-attr]

    # The German user with a draft: it is still there, and the pending reminder still fires.
    b = Conversation(engine, user="U-drafted", platform="slack", workspace="T1", locale="de")
    got: list[str] = []

    async def inbox(who: Who, message: object) -> None:
        got.append(getattr(message, "text", ""))

    engine.register_sender("slack", inbox)
    await b.say("zeig meinen entwurf")
    shown = [r for r in b.replies if r.draft]
    assert shown and "Initech" in shown[0].draft.body and shown[0].draft.version == 1  # type: ignore[union-attr]
    clock.advance(120)
    assert await engine.fire_due() == 1
    assert got and "Initech" in got[0]
    await b.say("1")  # "Ja, ist verschickt", answered to the reminder
    assert b.node == "after"
    await store.close()
