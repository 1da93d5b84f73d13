"""Shared fixtures: the real dialogs, a real SQLite file, the real engine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import dialogs as dialog_files
from bot.conversation import TurnConfig
from bot.engine import Engine
from bot.store import SQLiteStore

from .helpers import Clock, Conversation

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def dialogs() -> dialog_files.Dialogs:
    return dialog_files.load()


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
