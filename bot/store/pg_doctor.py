"""What `doctor` asks of a PostgreSQL database: the privileges the bot needs, and rows it
could not read. Each check runs through the store's `_run` (a pooled connection, retried)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from .pg_errors import Conn
from .schema import USER_TABLES

Run = Callable[[Callable[[Conn], Awaitable[Any]]], Awaitable[Any]]
JSON_COLUMNS = ("answers", "history", "state", "recent_events", "last_replies")


async def problems(run: Run) -> list[str]:
    """Missing privileges, and rows whose JSON cannot be read (checked by the server itself
    from PostgreSQL 16 on). Empty when all is well."""
    found = [f"the database user lacks {m}" for m in await missing_privileges(run)]
    bad = int(await run(_unreadable_rows))
    if bad:
        found.append(f"{bad} conversation row(s) cannot be read (damaged JSON)")
    return found


async def missing_privileges(run: Run) -> list[str]:
    """SELECT, INSERT, UPDATE, DELETE on every table, and CREATE for future migrations."""
    tables = [*USER_TABLES, "schema_version"]
    # has_table_privilege is true when *any* listed privilege is held: ask one by one.
    rows = await run(
        lambda db: db.fetch(
            "SELECT t, p FROM unnest($1::text[]) AS t, unnest($2::text[]) AS p "
            "WHERE NOT has_table_privilege(current_user, t, p) ORDER BY t, p",
            tables,
            ["SELECT", "INSERT", "UPDATE", "DELETE"],
        )
    )
    missing = [f"{r['p']} on {r['t']}" for r in rows]
    create = await run(
        lambda db: db.fetchval(
            "SELECT has_schema_privilege(current_user, current_schema(), 'CREATE')"
        )
    )
    if not create:
        missing.append("CREATE in the schema (needed when a new bot version migrates)")
    return missing


async def _unreadable_rows(db: Conn) -> int:
    if int(await db.fetchval("SHOW server_version_num")) < 160000:
        return 0  # pg_input_is_valid is new in 16; older servers report nothing here
    valid = " AND ".join(f"pg_input_is_valid({c}, 'jsonb')" for c in JSON_COLUMNS)
    return int(await db.fetchval(f"SELECT COUNT(*) FROM conversations WHERE NOT ({valid})"))
