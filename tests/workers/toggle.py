"""A bot process for the two-process test: toggles one checklist item N times.

Usage: python -m tests.workers.toggle DB_PATH ITEM N
"""

from __future__ import annotations

import asyncio
import os
import sys

from bot import dialogs as dialog_files
from bot.engine import Engine
from bot.models import Inbound, InboundKind, Who
from bot.store import SQLiteStore


async def main(db: str, item: str, n: int) -> None:
    dialogs = dialog_files.load(os.environ.get("DIALOGS_DIR"))
    store = SQLiteStore(db)
    await store.open()
    try:
        engine = Engine(dialogs, store)
        who = Who(platform="test", workspace="T", user="shared")
        for i in range(n):
            await engine.handle(
                Inbound(who=who, kind=InboundKind.TEXT, text=item, event_id=f"{item}-{i}")
            )
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
