"""Work beside the turns: reminders and check-ins, retention, outbox recovery.

Each goes through the engine and the store, never around them.
"""

from __future__ import annotations

import asyncio
import logging

from .engine import Engine
from .store import Store

log = logging.getLogger(__name__)


async def run_scheduler(engine: Engine, interval: float) -> None:
    while True:
        try:
            await engine.fire_due()
        except Exception:
            log.exception("scheduler pass failed")
        await asyncio.sleep(interval)


async def run_retention(
    engine: Engine, store: Store, retention_days: int, interval: float = 3600
) -> None:
    while True:
        try:
            now = engine.clock()
            cutoff = now - retention_days * 86400
            purged = await store.purge(cutoff)
            engine.evict_idle(cutoff)
            if purged:
                log.info("retention: forgot %d idle conversation(s)", purged)
        except Exception:
            log.exception("retention pass failed")
        await asyncio.sleep(interval)


async def run_outbox_recovery(engine: Engine, interval: float) -> None:
    """On a shared database: deliver what another process claimed and never confirmed
    (it died), once its claim runs out. Each pass claims, so each message goes out once."""
    while True:
        await asyncio.sleep(interval)
        try:
            await engine.recover_outbox()
        except Exception as e:
            log.warning("outbox pass failed: %s", type(e).__name__)
