"""The platform adapters: thin translators between a chat platform and the engine.

    slack/       Slack (slack-bolt): Socket Mode or HTTP
    discord/     Discord (discord.py): interactions and DMs
    console.py   the engine in a terminal (or scripted, JSON lines)
    plan.py      where each reply goes, for every platform
    tracking.py  the per-event bookkeeping every adapter does

Each adapter offers `create(engine, settings, **options)`, which returns a
`bot.platform.PlatformAdapter`, and a platform with credentials `probe(settings)` for
`python -m bot doctor`. bot/ finds them by name, through `load` and `probe` here; an
adapter's SDK is imported only when that adapter is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from bot.platform import PlatformAdapter, Probe

if TYPE_CHECKING:  # (no SDK is imported at run time here)
    from bot.platform import Chat

    from .console import ConsoleChat
    from .discord import DiscordAdapter
    from .slack import SlackAdapter

NAMES = ("slack", "discord", "console")


def load(name: str) -> Callable[..., PlatformAdapter]:
    """The factory of the adapter `name`: `create(engine, settings, **options)`."""
    factory: Callable[..., PlatformAdapter] = _module(name).create
    return factory


def probe(name: str) -> Probe:
    """The credential probe of the adapter `name`."""
    found: Probe | None = getattr(_module(name), "probe", None)
    if found is None:
        raise LookupError(f"the {name} adapter has no credentials to probe")
    return found


def _module(name: str) -> ModuleType:
    if name not in NAMES:
        raise LookupError(f"no adapter named {name!r} (there are {', '.join(NAMES)})")
    return importlib.import_module(f"{__name__}.{name}")


if TYPE_CHECKING:

    def _each_adapter_is_a_platform_adapter(
        slack: SlackAdapter, discord: DiscordAdapter, console: ConsoleChat
    ) -> tuple[list[PlatformAdapter], Chat]:
        """Checked by mypy: the adapters match bot.platform's protocols."""
        return [slack, discord, console], console
