"""Logging set-up. What users type and who they are never reach logs in the clear."""

from __future__ import annotations

import hashlib
import logging
import sys

from .models import Who


def user_ref(who: Who) -> str:
    """A short, stable hash: enough to follow one user through the logs, not to name them."""
    digest = hashlib.sha256("\x1f".join(who.key).encode()).hexdigest()
    return f"u:{digest[:10]}"


def setup(level: str = "INFO") -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Library debug output can carry payloads (and so user text): keep it at WARNING
    # unless the operator asks for DEBUG explicitly.
    if level.upper() != "DEBUG":
        for name in ("slack_bolt", "slack_sdk", "discord", "aiohttp.access", "aiosqlite"):
            logging.getLogger(name).setLevel(logging.WARNING)
