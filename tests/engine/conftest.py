"""Engine tests: the real engine on a real store (fixtures in tests/conftest.py), driven the
way a user would (tests/helpers.py), with a clock the test moves.

Modules marked `both_backends` (the reliability tests: exactly-once turns, persistence,
timers and the outbox) run twice, on SQLite and on PostgreSQL; the others on SQLite.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.store import SQLiteStore, Store
from bot.store.postgres import PostgresStore

StoreFactory = Callable[[], Store]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_backends") is not None
        metafunc.parametrize("backend", ["sqlite", "postgres"] if both else ["sqlite"])


@pytest.fixture
def store_factory(backend: str, request: pytest.FixtureRequest, db_path: Path) -> StoreFactory:
    """New (unopened) stores on one and the same database: a restart, or a second process."""
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        return lambda: PostgresStore(url)
    return lambda: SQLiteStore(db_path)


@pytest.fixture
async def store(store_factory: StoreFactory) -> AsyncIterator[Store]:
    s = store_factory()
    await s.open()
    yield s
    await s.close()
