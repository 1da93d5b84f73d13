"""Discord: discord.py 2.x as a thin translator over the engine.

    app.py         DiscordAdapter: start (login, command sync, gateway) and stop, the sender
    client.py      the discord.py Client: gateway events to `inbound`
    commands.py    /should-i-withdraw: its words from dialogs/, its sync and hash file
    inbound.py     interactions and DM messages -> Inbound (first response within 3 s)
    delivery.py    replies out where adapters.plan routes them: edits, DMs, follow-ups
    render.py      messages, embeds and views for the engine's Outbound (pure)
    components.py  persistent buttons and selects, the form's modal
    setup.py       token and URL checks, discord.py's endpoints, login, the doctor's probe

A package named `adapters.discord` does not shadow discord.py: imports are absolute, so
`import discord` in these modules is the library.
"""

from __future__ import annotations

from bot.config import Settings
from bot.engine import Engine

from .app import DiscordAdapter
from .setup import probe

__all__ = ["DiscordAdapter", "create", "probe"]


def create(engine: Engine, settings: Settings, *, force_sync: bool = False) -> DiscordAdapter:
    """The adapter as configured (`python -m bot discord [--sync]`)."""
    return DiscordAdapter.from_settings(engine, settings, force_sync=force_sync)
