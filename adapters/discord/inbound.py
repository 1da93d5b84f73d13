"""Discord events in: each interaction or DM message becomes an `Inbound`.

    /should-i-withdraw [choice] [language]  -> START   (in a server: place CHANNEL, so the
                                               engine answers with one pointer "here", shown
                                               ephemerally, and the rest to the user's DM)
    a message in the bot's DM               -> TEXT
    a button or select                      -> CHOICE  (custom_id = the engine's choice id;
                                               a checklist menu sends its Done id + values)
    the "fill in" button of a form question -> opens a modal (no engine call)
    the modal's submission                  -> FORM    (fields = {input id: text})

Three seconds: every interaction gets its first response (defer, or the modal) before
any engine, database or DM work. Identity comes only from `interaction.user` (or the
message's author), never from a custom_id.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from typing import Any

import discord

from adapters.tracking import Tracker
from bot.choice_ids import FORM, encode
from bot.engine import Engine
from bot.logs import user_ref
from bot.models import FormField, Inbound, InboundKind, Place, Who

from . import components
from .commands import command_texts
from .delivery import Delivery, Source

log = logging.getLogger(__name__)

PLATFORM = "discord"
_USER_MESSAGES = (discord.MessageType.default, discord.MessageType.reply)


def who(user: discord.abc.Snowflake) -> Who:
    # A Discord user id is global: one conversation per user, in the DM and in every server.
    return Who(platform=PLATFORM, workspace="", user=str(user.id))


def locale_of(interaction: discord.Interaction[Any]) -> str | None:
    loc = getattr(interaction, "locale", None)
    value = getattr(loc, "value", loc)
    return str(value)[:35] if value else None


def form_text(custom_id: str) -> str:
    """The FORM text for a modal `form/<node>/<version>`: the question it fills, as a choice
    id the engine checks for staleness ("" when the id is not one we gave out)."""
    node, _, version = custom_id[len(components.FORM_PREFIX) :].partition("/")
    return encode(node, FORM, int(version)) if version.isdigit() else ""


class Interactions:
    """What the client's events do: first response, then the turn, then the replies."""

    def __init__(self, engine: Engine, tracker: Tracker, delivery: Delivery):
        self.engine = engine
        self.tracker = tracker
        self.delivery = delivery

    async def on_command(
        self, interaction: discord.Interaction[Any], choice: str | None, language: str | None
    ) -> None:
        async with self.tracker.handling("command"):
            in_guild = interaction.guild_id is not None
            if not await self._first(
                interaction, interaction.response.defer(ephemeral=in_guild, thinking=True)
            ):
                return
            source = self._source(interaction, Place.CHANNEL if in_guild else Place.DM)
            event = str(interaction.id)
            async with self.tracker.user_lock(source.who):
                for n, text in enumerate(command_texts(choice, language)):
                    await self._turn(
                        source, InboundKind.START, text, event if n == 0 else f"{event}/{n}"
                    )
                await self.delivery.finish(source)

    async def on_component(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        async with self.tracker.handling("click"):
            if custom_id.startswith(components.FORM_PREFIX):
                return await self._open_form(interaction, custom_id)
            if not await self._first(interaction, interaction.response.defer()):
                return
            # Clicks answer where they happen (the DM, or ephemerally in the channel).
            source = self._source(interaction, Place.DM)
            data: dict[str, Any] = dict(interaction.data or {})
            values = [str(v) for v in data.get("values") or []]
            source.clicked, source.values = custom_id, values
            if custom_id.startswith(components.PICK_PREFIX):
                text, values = (values[0] if values else ""), []  # the value is the choice id
            else:
                text = custom_id
            async with self.tracker.user_lock(source.who):
                await self._turn(
                    source, InboundKind.CHOICE, text, str(interaction.id), values=values
                )
                await self.delivery.finish(source)

    async def on_modal(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id") or "")
        if not custom_id.startswith(components.FORM_PREFIX):
            return
        async with self.tracker.handling("form"):
            first = (
                interaction.response.defer()
                if interaction.message is not None
                else interaction.response.defer(
                    thinking=True, ephemeral=interaction.guild_id is not None
                )
            )
            if not await self._first(interaction, first):
                return
            source = self._source(interaction, Place.DM)
            fields = components.form_values(data)
            async with self.tracker.user_lock(source.who):
                await self._turn(
                    source,
                    InboundKind.FORM,
                    form_text(custom_id),
                    str(interaction.id),
                    fields=fields,
                )
                await self.delivery.finish(source)

    async def _open_form(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """The modal must be the first response: it is built from what the engine offered."""
        user = who(interaction.user)
        known: tuple[str, list[FormField]] | None = self.delivery.forms.get((user.user, custom_id))
        if known is not None:
            modal = components.FormModal(custom_id, known[0], known[1])
            try:
                await self._first(interaction, interaction.response.send_modal(modal))
            finally:
                modal.stop()  # the submission is read from the raw interaction (on_modal)
            return
        # Not offered by this process (it restarted since): show the question afresh.
        if not await self._first(interaction, interaction.response.defer()):
            return
        source = self._source(interaction, Place.DM)
        async with self.tracker.user_lock(source.who):
            await self._turn(source, InboundKind.START, "", str(interaction.id))
            await self.delivery.finish(source)

    async def on_message(self, message: discord.Message) -> None:
        """A message in the bot's DM. Server messages are not ours to read."""
        if message.author.bot or message.guild is not None or message.type not in _USER_MESSAGES:
            return
        if not isinstance(message.channel, discord.DMChannel):
            return
        async with self.tracker.handling("message"):
            author = who(message.author)
            source = Source(
                who=author,
                place=Place.DM,
                locale=None,
                user=message.author,
                channel=message.channel,
            )
            async with self.tracker.user_lock(author):
                await self._turn(source, InboundKind.TEXT, message.content or "", str(message.id))

    def _source(self, interaction: discord.Interaction[Any], place: Place) -> Source:
        in_guild = interaction.guild_id is not None
        channel = interaction.channel
        return Source(
            who=who(interaction.user),
            place=place,
            locale=locale_of(interaction),
            user=interaction.user,
            interaction=interaction,
            channel=channel
            if not in_guild and isinstance(channel, discord.abc.Messageable)
            else None,
            in_guild=in_guild,
        )

    async def _first(self, interaction: discord.Interaction[Any], response: Awaitable[Any]) -> bool:
        """Send the first response; without it there is no one to answer, so no turn runs."""
        try:
            await response
        except discord.HTTPException as e:
            log.warning(
                "discord: first response to an interaction failed (%s, code %s)", e.status, e.code
            )
            return False
        return True

    async def _turn(
        self,
        source: Source,
        kind: InboundKind,
        text: str,
        event_id: str,
        *,
        values: Sequence[str] = (),
        fields: dict[str, str] | None = None,
    ) -> None:
        inbound = Inbound(
            who=source.who,
            kind=kind,
            text=text,
            values=list(values),
            fields=fields or {},
            event_id=event_id[:200],
            locale=source.locale,
            place=source.place,
        )
        log.debug("discord: %s from %s (%s)", kind.value, user_ref(source.who), source.place.value)
        replies = await self.engine.handle(inbound)
        await self.delivery.deliver(source, replies)
