"""`python -m bot` on PostgreSQL, as an operator runs it: the console chat, doctor, a server
that cannot be reached, and `migrate-store` from SQLite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.store.schema import LATEST

from .. import pg_server
from ..helpers import ROOT, bot_env


def bot(
    tmp_path: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=bot_env(tmp_path, **env),
        timeout=120,
    )


def test_the_console_chat_runs_on_postgresql_and_resumes(tmp_path: Path, pg_url: str) -> None:
    first = bot(tmp_path, "console", "--json", "--user", "sam", stdin="2\n", DATABASE_URL=pg_url)
    assert first.returncode == 0, first.stderr
    again = bot(tmp_path, "console", "--json", "--user", "sam", stdin="", DATABASE_URL=pg_url)
    assert again.returncode == 0, again.stderr
    texts = [json.loads(line).get("text", "") for line in again.stdout.splitlines()]
    assert any("Welcome back" in t for t in texts), texts


def test_doctor_checks_connection_schema_and_privileges(tmp_path: Path, pg_url: str) -> None:
    proc = bot(tmp_path, "doctor", DATABASE_URL=pg_url)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(x for x in proc.stdout.splitlines() if "database" in x)
    assert line.startswith("[ok] database: PostgreSQL at postgresql://postgres:***@127.0.0.1")
    assert f"schema version {LATEST}" in line and "privileges complete" in line
    assert pg_server.PASSWORD not in proc.stdout + proc.stderr


def test_an_unreachable_server_is_one_plain_line(tmp_path: Path) -> None:
    url = "postgresql://coach:hunter2-secret@127.0.0.1:1/coach"
    proc = bot(tmp_path, "console", DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="3s")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("cannot start: ") and "DATABASE_URL" in lines[0]
    assert "hunter2" not in proc.stderr + proc.stdout and "Traceback" not in proc.stderr
    doctor = bot(tmp_path, "doctor", DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="3s")
    assert doctor.returncode == 1 and "[FAIL] database" in doctor.stdout
    assert "hunter2" not in doctor.stdout + doctor.stderr


def test_migrate_store_copies_sqlite_into_postgresql(tmp_path: Path, pg_url: str) -> None:
    sqlite_url = f"sqlite:///{tmp_path}/old.db"
    chat = bot(tmp_path, "console", "--json", "--user", "kim", stdin="1\n", DATABASE_URL=sqlite_url)
    assert chat.returncode == 0, chat.stderr
    proc = bot(tmp_path, "migrate-store", "--from", sqlite_url, "--to", pg_url)
    assert proc.returncode == 0, proc.stderr
    assert "conversations" in proc.stdout and "verified" in proc.stdout
    assert pg_server.PASSWORD not in proc.stdout
    refused = bot(tmp_path, "migrate-store", "--from", sqlite_url, "--to", pg_url)
    assert refused.returncode == 2 and "--replace" in refused.stderr
    assert pg_server.PASSWORD not in refused.stderr
    resumed = bot(tmp_path, "console", "--json", "--user", "kim", stdin="", DATABASE_URL=pg_url)
    texts = [json.loads(line).get("text", "") for line in resumed.stdout.splitlines()]
    assert any("Welcome back" in t for t in texts), texts


def test_doctor_names_the_privileges_a_user_lacks(tmp_path: Path, pg_url: str) -> None:
    import asyncpg

    role = pg_server.new_database_name()  # roles are per server: a name of its own

    async def admin(*sql: str) -> None:
        db = await asyncpg.connect(pg_url)
        try:
            for statement in sql:
                await db.execute(statement)
        finally:
            await db.close()

    assert bot(tmp_path, "doctor", DATABASE_URL=pg_url).returncode == 0  # creates the tables
    pg_server.run_sync(
        admin(
            f"CREATE ROLE {role} LOGIN PASSWORD 'reader-pw'",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
        )
    )
    try:
        url = pg_url.replace(f"postgres:{pg_server.PASSWORD}@", f"{role}:reader-pw@")
        proc = bot(tmp_path, "doctor", DATABASE_URL=url)
        assert proc.returncode == 1, proc.stdout
        line = next(x for x in proc.stdout.splitlines() if "database" in x)
        assert line.startswith("[FAIL] database:") and "lacks" in line
        assert "INSERT on conversations" in line and "reader-pw" not in proc.stdout
    finally:
        pg_server.run_sync(admin(f"DROP OWNED BY {role}", f"DROP ROLE {role}"))
