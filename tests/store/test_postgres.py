"""What only the PostgreSQL store does: several processes on one database (claims, one
migration, one purge at a time), group commit, plain start-up errors, a server lost and
back. Each "process" here is a store of its own with its own connection pool."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.conversation import Conversation
from bot.models import ScheduledItem, Who
from bot.store import Outcome, StoreError, TurnWrite, make_store
from bot.store.base import OutboxRow
from bot.store.pg_schema import LATEST
from bot.store.postgres import PURGE_LOCK, PostgresStore

from .. import pg_server
from .. import store_queries as queries


def who(n: int) -> Who:
    return Who(platform="t", workspace="W", user=f"u{n}")


def first_write(w: Who, **kw: object) -> TurnWrite:
    conv = Conversation(who=w, node="stage", version=1, created_at=1.0, updated_at=1.0)
    return TurnWrite(who=w, expected_version=0, conversation=conv, now=1.0, **kw)  # type: ignore[arg-type]


async def opened(url: str, **kw: float) -> PostgresStore:
    store = PostgresStore(url, **kw)  # type: ignore[arg-type]
    await store.open()
    return store


async def test_two_processes_starting_together_migrate_once(pg_url: str) -> None:
    stores = [PostgresStore(pg_url) for _ in range(4)]
    await asyncio.gather(*(s.open() for s in stores))
    try:
        assert [await s.schema_version() for s in stores] == [LATEST] * 4
        rows = await queries.pg_fetch(stores[0], "SELECT version FROM schema_version")
        assert [r[0] for r in rows] == [LATEST]
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_group_commit_writes_waiting_turns_together(pg_url: str) -> None:
    store = await opened(pg_url)
    try:
        results = await asyncio.gather(*(store.commit(first_write(who(i))) for i in range(200)))
        assert {r.outcome for r in results} == {Outcome.OK}
        assert store.batches < 50, "turns waiting together share a transaction"
        assert (await store.load(who(199))).version == 1  # type: ignore[union-attr]
    finally:
        await store.close()


async def test_two_processes_never_claim_the_same_message_or_reminder(pg_url: str) -> None:
    a, b = await opened(pg_url), await opened(pg_url)
    try:
        for i in range(60):
            outbox = [OutboxRow(f"o{i}", who(i), "{}", 1.0)]
            items = [ScheduledItem(kind="reminder", due_at=5.0)]
            await a.commit(first_write(who(i), outbox=outbox, schedule=items))
        assert await b.undelivered() == [], "the committing process holds its messages"
        await queries.expire_claims(a)  # ... until its lease runs out (say it died)
        got = await asyncio.gather(a.undelivered(), b.undelivered(), a.undelivered())
        ids = [r.id for rows in got for r in rows]
        assert sorted(ids) == sorted(f"o{i}" for i in range(60)), "each claimed exactly once"
        due = await asyncio.gather(a.due(10.0, 25), b.due(10.0, 25), b.due(10.0, 25))
        item_ids = [d.id for items in due for d in items]
        assert len(item_ids) == len(set(item_ids)) == 60
        assert await a.due(10.0) == [] and await b.due(10.0) == []
    finally:
        await a.close()
        await b.close()


async def test_retention_runs_in_one_process_at_a_time(pg_url: str) -> None:
    store = await opened(pg_url)
    other = await asyncpg.connect(pg_url)  # another process, in the middle of its purge
    try:
        await store.commit(first_write(who(1)))
        await other.execute("SELECT pg_advisory_lock($1)", PURGE_LOCK)
        assert await store.purge(idle_before=100.0) == 0
        await other.execute("SELECT pg_advisory_unlock($1)", PURGE_LOCK)
        assert await store.purge(idle_before=100.0) == 1
        assert await store.load(who(1)) is None
    finally:
        await other.close()
        await store.close()


async def test_forget_in_one_process_is_seen_by_the_other(pg_url: str) -> None:
    a, b = await opened(pg_url), await opened(pg_url)
    try:
        await a.commit(first_write(who(1), outbox=[OutboxRow("o1", who(1), "{}", 1.0)]))
        assert (await b.load(who(1))) is not None
        forget = TurnWrite(who=who(1), expected_version=1, conversation=None, now=2.0, forget=True)
        assert (await a.commit(forget)).outcome is Outcome.OK
        assert await b.load(who(1)) is None
        assert set((await queries.counts(b, who(1))).values()) == {0}
        # B's next write from its stale copy cannot bring the conversation back.
        stale = Conversation(who=who(1), node="rounds", version=2, created_at=1.0, updated_at=2)
        write = TurnWrite(who=who(1), expected_version=1, conversation=stale, now=3.0)
        assert (await b.commit(write)).outcome is Outcome.CONFLICT
        assert await a.load(who(1)) is None
        # Nor once the user has begun again and reached that version: the copy is of the
        # conversation before `forget` (another created_at), so it still does not match.
        again = Conversation(who=who(1), node="stage", version=1, created_at=9.0, updated_at=9)
        await a.commit(TurnWrite(who=who(1), expected_version=0, conversation=again, now=9.0))
        assert (await b.commit(write)).outcome is Outcome.CONFLICT
        assert (await a.load(who(1))).created_at == 9.0  # type: ignore[union-attr]
    finally:
        await a.close()
        await b.close()


@pytest.mark.parametrize(
    "change, words",
    [
        ({"port": True}, "refused the connection"),
        ({"password": "wrong"}, "refused the user name or password"),
        ({"database": "no_such_db"}, "database does not exist"),
    ],
)
async def test_a_server_that_cannot_be_used_at_start_is_one_plain_line(
    pg_admin_url: str, change: dict[str, object], words: str
) -> None:
    url = pg_admin_url
    if "port" in change:
        url = "postgresql://coach:s3cret-pw@127.0.0.1:1/coach"
    if "password" in change:
        url = url.replace(f":{pg_server.PASSWORD}@", ":wrong-pw@")
    if "database" in change:
        url = pg_server.with_database(url, "no_such_db")
    store = make_store(url, connect_timeout=5)
    with pytest.raises(StoreError) as e:
        await store.open()
    message = str(e.value)
    assert words in message and "DATABASE_URL" in message, message
    assert "\n" not in message and "s3cret-pw" not in message and "wrong-pw" not in message
    assert pg_server.PASSWORD not in message


def test_a_malformed_url_names_the_setting() -> None:
    with pytest.raises(StoreError, match="DATABASE_URL"):
        make_store("postgresql://u:p@host:notaport/db")
    with pytest.raises(StoreError, match="DATABASE_URL"):
        make_store("postgresql://u:p@host:5432")  # no database


async def test_describe_never_shows_the_password(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    assert pg_server.PASSWORD not in store.describe() and "***" in store.describe()


async def test_doctor_finds_missing_privileges(pg_url: str) -> None:
    store = await opened(pg_url)
    admin = await asyncpg.connect(pg_url)
    reader = pg_server.new_database_name()  # roles are per server: a name of its own
    try:
        assert await store.missing_privileges() == []
        await admin.execute(f"CREATE ROLE {reader} LOGIN PASSWORD 'reader-pw'")
        await admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}")
        url = pg_url.replace(f"postgres:{pg_server.PASSWORD}@", f"{reader}:reader-pw@")
        limited = await opened(url)
        try:
            missing = await limited.missing_privileges()
            assert any("conversations" in m for m in missing), missing
            assert any(m.startswith("CREATE") for m in missing), missing
        finally:
            await limited.close()
    finally:
        await admin.execute(f"DROP OWNED BY {reader}")
        await admin.execute(f"DROP ROLE IF EXISTS {reader}")
        await admin.close()
        await store.close()


async def test_the_current_version_and_problems_for_doctor(pg_url: str) -> None:
    store = await opened(pg_url)
    try:
        assert await store.current_version(who(1)) is None
        await store.commit(first_write(who(1)))
        await store.commit(first_write(who(2)))
        assert await store.current_version(who(1)) == 1
        assert await store.problems() == []
        await queries.pg_fetch(
            store, "UPDATE conversations SET answers = '{not json' WHERE user_id = 'u2'"
        )
        assert await store.problems() == ["1 conversation row(s) cannot be read (damaged JSON)"]
    finally:
        await store.close()
