"""Slack: slack-bolt's AsyncApp as a thin translator over the engine.

app.py       SlackAdapter: the Bolt app, start/stop (Socket Mode or HTTP), the sender
inbound.py   listeners: a command, click, DM, mention or App Home visit -> Inbound
delivery.py  replies out where adapters.plan routes them: DMs, edits, ephemerals
render.py    Block Kit for the engine's messages (pure)
setup.py     credentials, the doctor's probe, Socket Mode / HTTP mode set-up
errors.py    what a Slack call can fail with, logged without text
"""

from __future__ import annotations

from bot.config import Settings
from bot.engine import Engine

from .app import SlackAdapter
from .setup import probe

__all__ = ["SlackAdapter", "create", "probe"]


def create(
    engine: Engine, settings: Settings, *, http: bool = False, port: int | None = None
) -> SlackAdapter:
    """The adapter as configured (`python -m bot slack [--http] [--port N]`)."""
    return SlackAdapter.from_settings(engine, settings, http=http, port=port)
