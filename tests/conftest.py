"""Shared fixtures: the real dialogs, a real SQLite file, a real PostgreSQL server (started
here, or TEST_DATABASE_URL's), the real engine."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot import dialogs as dialog_files
from bot.conversation import TurnConfig
from bot.engine import Engine
from bot.store import SQLiteStore

from . import pg_server
from .helpers import Clock, Conversation

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def dialogs() -> dialog_files.Dialogs:
    return dialog_files.load()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A PostgreSQL server for the whole run: TEST_DATABASE_URL's, or one started now in a
    temporary directory (each xdist worker starts its own)."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    with pg_server.throwaway() as server:
        yield server.url()


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty database of its own for one test."""
    url = pg_server.run_sync(pg_server.create_database(pg_admin_url))
    yield url
    pg_server.run_sync(pg_server.drop_database(pg_admin_url, url))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SQLiteStore]:
    s = SQLiteStore(db_path)
    await s.open()
    yield s
    await s.close()


@pytest.fixture
async def engine(dialogs: dialog_files.Dialogs, store: SQLiteStore, clock: Clock) -> Engine:
    return Engine(dialogs, store, config=TurnConfig(reminder_delay=90), clock=clock)


@pytest.fixture
def chat(engine: Engine) -> Conversation:
    return Conversation(engine, user="U1")
