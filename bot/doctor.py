"""`python -m bot doctor`: say plainly what is wrong with the set-up, if anything."""

from __future__ import annotations

import sys
from typing import TextIO

from . import dialogs as dialog_files
from .app import store_for
from .config import Settings
from .dialogs.lint import lint
from .platform import adapter_probe
from .store import Store, StoreError

# Each platform's adapter offers `async def probe(settings) -> str` (what it verified)
# and raises with a plain message when the credentials do not work.
PLATFORMS = ("slack", "discord")


async def doctor(settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    failures = 0

    def report(ok: bool, what: str, detail: str) -> None:
        nonlocal failures
        failures += not ok
        out.write(f"[{'ok' if ok else 'FAIL'}] {what}: {detail}\n")

    report(True, "configuration", "read from the environment and .env")
    try:
        d = dialog_files.load(settings.dialogs_dir)
        problems = lint(d).problems
        report(
            not problems,
            "dialogs",
            f"{len(d.nodes)} nodes, {len(d.locales)} languages"
            + (f"; {len(problems)} problem(s): run `python -m bot check`" if problems else ""),
        )
    except dialog_files.DialogError as e:
        report(False, "dialogs", f"{len(e.problems)} problem(s), e.g. {e.problems[0]}")
    try:
        store = store_for(settings)
        await store.open()
        try:
            version = await store.schema_version()
            missing = await postgres_problems(store)
        finally:
            await store.close()
        report(not missing, "database", _database_detail(store, version, missing))
    except StoreError as e:
        report(False, "database", str(e))
    configured = {"slack": settings.slack_configured, "discord": settings.discord_configured}
    for platform in PLATFORMS:
        if not configured[platform]:
            out.write(f"[--] {platform}: not configured\n")
            continue
        try:
            probe = adapter_probe(platform)
            report(True, platform, await probe(settings))
        except Exception as e:  # the message is for the operator, who asked
            report(False, platform, str(e) or type(e).__name__)
    out.write("all good\n" if not failures else f"{failures} problem(s) found\n")
    return 0 if not failures else 1


async def postgres_problems(store: Store) -> list[str]:
    """Privileges the database user lacks, rows that cannot be read (PostgreSQL: a SQLite
    file has no users, and its integrity check ran when it opened)."""
    from .store.postgres import PostgresStore

    return await store.problems() if isinstance(store, PostgresStore) else []


def _database_detail(store: Store, version: int, problems: list[str]) -> str:
    if problems:
        return f"{store.describe()}: {'; '.join(problems)}"
    if store.shared:
        return f"{store.describe()} connects, schema version {version}, privileges complete"
    return f"{store.describe()} opens, passes its integrity check, schema version {version}"
