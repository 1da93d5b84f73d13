"""The Discord test driver: it does what a Discord user does and reads what the fake
Discord received. The fixtures that build it are in conftest.py.

The real discord.py client inside the real adapter talks to `tests/fakes/fake_discord.py`
over loopback HTTP and a websocket; the engine is the real one on a real SQLite file. The
driver dispatches what Discord would (INTERACTION_CREATE, MESSAGE_CREATE) and waits until
the adapter has handled each event (a condition, never a sleep).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from adapters.discord import DiscordAdapter
from bot.choice_ids import choice_of, node_of
from bot.conversation import Conversation
from bot.engine import Engine
from bot.models import Who

from ...fakes.fake_discord import FakeDiscord

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEs.test-token-that-only-the-fake-accepts-0123"
USER = "222222222222222222"
EPHEMERAL = 1 << 6
# Every request that carries something a person may read.
MESSAGE_CALLS = (
    ("POST", r"/channels/\d+/messages"),
    ("PATCH", r"/channels/\d+/messages/\d+"),
    ("POST", r"/webhooks/\d+/[^/]+"),
    ("PATCH", r"/webhooks/\d+/[^/]+/messages/[^/]+"),
)


class Driver:
    """Does what a Discord user does, one event at a time, and waits for the bot."""

    def __init__(self, fake: FakeDiscord, engine: Engine, sync_state: Path):
        self.fake = fake
        self.engine = engine
        self.sync_state = sync_state
        self.adapter: DiscordAdapter | None = None
        self.interactions: list[str] = []  # ids of every interaction dispatched

    def make(self, **kw: Any) -> DiscordAdapter:
        args: dict[str, Any] = {
            "token": TOKEN,
            "api_url": self.fake.api_base,
            "gateway_url": self.fake.gateway_url,
            "sync_state": self.sync_state,
            "guild_ready_timeout": 0.05,
            "start_timeout": 5.0,
        } | kw
        return DiscordAdapter(self.engine, **args)

    async def start(self, **kw: Any) -> DiscordAdapter:
        self.adapter = self.make(**kw)
        await self.adapter.start()
        return self.adapter

    async def stop(self) -> None:
        if self.adapter is not None:
            await self.adapter.stop()
            self.adapter = None

    async def restart(self, engine: Engine | None = None) -> None:
        """A new process: a new client (and, if given, an engine with empty memory)."""
        await self.stop()
        if engine is not None:
            self.engine = engine
        await self.start()

    # --- what a user does -----------------------------------------------------------------

    async def interact(self, payload: dict[str, Any]) -> dict[str, Any]:
        assert self.adapter is not None
        before = self.adapter.handled
        self.interactions.append(payload["id"])
        await self.fake.dispatch_interaction(payload)
        await self.adapter.wait_handled(before + 1)
        return payload

    async def command(
        self, user: str = USER, *, guild: bool = True, locale: str = "en-US", **options: str
    ) -> dict[str, Any]:
        kw: dict[str, Any] = {} if guild else {"guild_id": None}
        return await self.interact(
            self.fake.slash_command(user, options=options or None, locale=locale, **kw)
        )

    async def say(self, user: str, text: str) -> None:
        """A message the user writes to the bot in their DM."""
        assert self.adapter is not None
        before = self.adapter.handled
        await self.fake.dispatch("MESSAGE_CREATE", self.fake.dm_message(user, text))
        await self.adapter.wait_handled(before + 1)

    async def press(
        self,
        user: str,
        message: dict[str, Any],
        custom_id: str,
        *,
        values: list[str] | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        kind = 2 if values is None else 3
        return await self.interact(
            self.fake.component_click(
                user, custom_id, message=message, component_type=kind, values=values, locale=locale
            )
        )

    async def click(self, user: str, short_id: str, *, locale: str = "en-US") -> dict[str, Any]:
        """Press the enabled button `short_id` (the middle of node:choice:version) on the
        latest message that has it, in the DM or ephemerally in the channel."""
        message, custom_id = self.button(user, short_id)
        return await self.press(user, message, custom_id, locale=locale)

    async def tick(self, user: str, *short_ids: str) -> None:
        if self.menu(user) is not None and short_ids:  # a compact checklist: one select
            message, menu = self.menu(user)  # type: ignore[misc]
            await self.press(user, message, menu["custom_id"], values=list(short_ids))
        else:
            for s in short_ids:
                await self.click(user, s)
        await self.click(user, "_done")

    def menu(self, user: str = USER) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The multi-select of the latest question, if it has one."""
        message = self.question(user)
        for c in components_of(message):
            if c.get("type") == 3 and not c.get("disabled"):
                return message, c
        return None

    async def submit(
        self, user: str, custom_id: str, fields: dict[str, str], message: dict[str, Any]
    ) -> dict[str, Any]:
        return await self.interact(self.fake.modal_submit(user, custom_id, fields, message=message))

    # --- what the user sees ---------------------------------------------------------------

    def dm(self, user: str = USER) -> list[dict[str, Any]]:
        return self.fake.messages.get(self.fake.dm_channel_id(user), [])

    def channel(self) -> list[dict[str, Any]]:
        return self.fake.messages.get(self.fake.channel_id, [])

    def visible(self, user: str = USER) -> list[dict[str, Any]]:
        """Bot messages this user can see: their DM, and the channel (ephemeral included)."""
        return sorted(self.dm(user) + self.channel(), key=lambda m: int(m["id"]))

    def button(self, user: str, short_id: str) -> tuple[dict[str, Any], str]:
        for message in reversed(self.visible(user)):
            for b in components_of(message):
                cid = b.get("custom_id") or ""
                if b.get("disabled"):
                    continue
                if cid == short_id or choice_of(cid) == short_id:
                    return message, cid
        raise AssertionError(
            f"no button {short_id!r}; last messages: {[shown(m)[:60] for m in self.visible(user)[-3:]]}"
        )

    def question(self, user: str = USER) -> dict[str, Any]:
        """The latest message with enabled components."""
        for message in reversed(self.visible(user)):
            if any(not b.get("disabled") for b in components_of(message)):
                return message
        raise AssertionError("no question shown")

    def node(self, user: str = USER) -> str | None:
        """The node of the latest question (from its first engine choice id)."""
        nodes = [node_of(b.get("custom_id") or "") for b in components_of(self.question(user))]
        return next((n for n in nodes if n is not None), None)


def components_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components") or [] for c in row.get("components", [])]


def shown(message: dict[str, Any]) -> str:
    """All text of a message as Discord would show it."""
    parts = [message.get("content") or ""]
    for e in message.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        for f in e.get("fields") or []:
            parts += [f.get("name") or "", f.get("value") or ""]
    return "\n".join(p for p in parts if p)


def outgoing(fake: FakeDiscord) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, body) of every request the bot made that carries a message."""
    for method, pattern in MESSAGE_CALLS:
        for call in fake.calls_to(method, pattern):
            if isinstance(call.json, dict):
                yield call.method, call.path, call.json
    for cb in fake.callbacks:
        if cb.type in (4, 7):
            yield "POST", f"/interactions/{cb.interaction_id}/callback", cb.data


async def conversation(engine: Engine, user: str = USER) -> Conversation | None:
    return await engine.store.load(Who(platform="discord", workspace="", user=user))


async def walk_to_recommendation(bot: Driver, user: str = USER) -> None:
    """Start in the server and answer by clicks (and a typed number) up to the coach's view."""
    await bot.command(user)
    await bot.click(user, "offer")
    await bot.tick(user, "late", "vague")
    await bot.click(user, "no")  # would not accept
    await bot.click(user, "yes")  # interest has drifted
    await bot.say(user, "3")  # reason: typed as the option's number
    await bot.tick(user)  # nothing argues for going on
    await bot.click(user, "short")
    await bot.click(user, "no")
    assert bot.node(user) == "recommend"


async def walk_to_actions(bot: Driver, user: str = USER) -> None:
    await walk_to_recommendation(bot, user)
    await bot.click(user, "agree")
    await bot.tick(user, "sure", "understand", "values", "support")  # the SURE test: one select
    assert bot.node(user) == "actions"
