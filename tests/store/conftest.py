"""Every store backend, for the contract tests: one suite, run over each (as aiogram runs
one storage suite over every backend). A new backend adds itself to BACKENDS."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.store import SQLiteStore, Store
from bot.store.postgres import PostgresStore


def _sqlite(request: pytest.FixtureRequest) -> Store:
    return SQLiteStore(request.getfixturevalue("tmp_path") / "contract.db")


def _postgres(request: pytest.FixtureRequest) -> Store:
    return PostgresStore(request.getfixturevalue("pg_url"), lease=60)


BACKENDS: dict[str, Callable[[pytest.FixtureRequest], Store]] = {
    "sqlite": _sqlite,
    "postgres": _postgres,
}


@pytest.fixture(params=sorted(BACKENDS))
async def any_store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    store = BACKENDS[request.param](request)
    await store.open()
    yield store
    await store.close()
