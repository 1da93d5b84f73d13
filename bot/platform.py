"""What bot/ knows of a chat platform's adapter: the `PlatformAdapter` protocol, and how
to find one by name.

Adapters (adapters/) import bot/, never the other way round: the CLI and the doctor find
an adapter package by its name at run time (`adapter_factory("slack")`), through
`adapters.load` / `adapters.probe`, and only then is its SDK imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from typing import Literal, Protocol, overload

from .config import Settings
from .models import Outbound, Who

ADAPTERS = "adapters"  # the package holding the adapters, imported by name


class PlatformAdapter(Protocol):
    """A running connection to one platform, made by its package's `create(engine,
    settings, **options)`."""

    platform: str  # the `Who.platform` of its users, and the engine's sender key

    async def start(self) -> None:
        """Connect (credentials were checked when it was made); register the sender."""

    async def stop(self) -> None:
        """Finish the turns in flight (briefly), disconnect. Safe to call twice."""

    async def send(self, who: Who, message: Outbound) -> None:
        """Send a message nobody is waiting for (a reminder, a recovered DM) to the user's
        DM; raise if the platform does not take it (it then stays in the outbox)."""


class Chat(PlatformAdapter, Protocol):
    """An adapter that is the conversation itself (the console): it runs until its input
    ends, then returns the exit status."""

    async def run(self) -> int: ...


Probe = Callable[[Settings], Awaitable[str]]


@overload
def adapter_factory(name: Literal["console"]) -> Callable[..., Chat]: ...
@overload
def adapter_factory(name: str) -> Callable[..., PlatformAdapter]: ...
def adapter_factory(name: str) -> Callable[..., PlatformAdapter]:
    """The `create` of the adapter package `name` ("slack", "discord", "console")."""
    factory: Callable[..., PlatformAdapter] = importlib.import_module(ADAPTERS).load(name)
    return factory


def adapter_probe(name: str) -> Probe:
    """The credential probe of the adapter package `name`, for `python -m bot doctor`:
    `await probe(settings)` says what was verified, or raises ConfigError."""
    probe: Probe = importlib.import_module(ADAPTERS).probe(name)
    return probe
