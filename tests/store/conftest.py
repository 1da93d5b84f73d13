"""Every store backend, for the contract tests: one suite, run over each (as aiogram runs
one storage suite over every backend). A new backend adds itself to BACKENDS."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.store import SQLiteStore, Store


def _sqlite(tmp: Path) -> Store:
    return SQLiteStore(tmp / "contract.db")


BACKENDS: dict[str, Callable[[Path], Store]] = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(BACKENDS))
async def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    store = BACKENDS[request.param](tmp_path)
    await store.open()
    yield store
    await store.close()
