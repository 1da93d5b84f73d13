"""Replies out to Discord, where `adapters.plan` routes them: an edit replaces the clicked
message (the interaction's original response), a DM goes to the user's DM (confirmed with
`engine.delivered`; its nonce comes from its outbox row), and answers "here" are the
interaction's follow-ups (ephemeral in a server) or, for a DM message, posts in that DM.

When the DM is closed (403: 50007, or 50278 without a mutual server) the user is told
once, ephemerally, and the conversation, drafts included, goes on ephemerally in the
channel (FALL_BACK). `AllowedMentions.none()` is on every send.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord

from adapters import plan
from adapters.plan import OnDmFailure, Origin, Plan, Sent
from adapters.tracking import Lru
from bot.dialogs import resolve_locale
from bot.engine import Engine
from bot.labels import Labels
from bot.logs import user_ref
from bot.models import FormField, Outbound, Place, Who

from . import render

log = logging.getLogger(__name__)

SEND_ERRORS = (discord.HTTPException, aiohttp.ClientError, OSError)


def why(e: BaseException) -> str:
    """Status and Discord error code, never the message body (it may quote user text)."""
    if isinstance(e, discord.HTTPException):
        return f"{e.status}, code {e.code}"
    return type(e).__name__


@dataclass
class Source:
    """Where one inbound event came from, so its replies go to the right places."""

    who: Who
    place: Place
    locale: str | None
    user: discord.abc.Snowflake
    interaction: discord.Interaction[Any] | None = None
    channel: discord.abc.Messageable | None = None  # the DM a message came from
    in_guild: bool = False
    clicked: str | None = None  # custom_id of the component used
    values: list[str] = field(default_factory=list)
    answered: bool = False  # something was sent to the interaction (its deferral resolved)
    code: str | None = None  # the language of the turn's messages
    plan: Plan = field(init=False)  # one for the event, across its turns

    def __post_init__(self) -> None:
        message = self.interaction is not None and self.interaction.message is not None
        origin = Origin(place=self.place, private=not self.in_guild, clicked=message)
        self.plan = Plan(origin, OnDmFailure.FALL_BACK)


class Delivery:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.client: discord.Client | None = None  # the running client (set by start)
        # The forms offered, so the "fill in" button can open the right modal.
        self.forms: Lru[tuple[str, str], tuple[str, list[FormField]]] = Lru()

    async def deliver(self, source: Source, replies: Sequence[Outbound]) -> None:
        await plan.deliver(source.plan, replies, _Turn(self, source))

    async def finish(self, source: Source) -> None:
        """A deferred command must not stay "thinking" when nothing was said in it."""
        i = source.interaction
        if i is None or source.answered or i.type is discord.InteractionType.component:
            return
        if i.type is discord.InteractionType.modal_submit and i.message is not None:
            return
        with contextlib.suppress(discord.HTTPException):
            await i.delete_original_response()

    async def send(self, who: Who, message: Outbound) -> None:
        """The engine's sender: reminders, check-ins, recovered messages, to the user's DM.
        Raises when Discord does not take it (the message then stays in the outbox)."""
        if self.client is None or self.client.is_closed():
            raise RuntimeError("the Discord client is not running")
        channel = await self.dm_channel(discord.Object(int(who.user)))
        await self.post(channel, message, self.labels(message.locale), who)

    async def dm_channel(self, user: discord.abc.Snowflake) -> discord.DMChannel:
        assert self.client is not None
        return await self.client.create_dm(user)

    async def post(
        self, channel: discord.abc.Messageable, o: Outbound, labels: Labels, who: Who
    ) -> None:
        for i, msg in enumerate(render.render(o, labels)):
            kwargs = msg.send_kwargs()
            if o.outbox_id:
                # A direct message's nonce comes from its outbox row: discord.py sets
                # enforce_nonce, so a resend after a crash is not shown twice (Discord
                # keeps nonces for a few minutes).
                kwargs["nonce"] = f"{o.outbox_id[:22]}{i}"
            await channel.send(**kwargs)
        self.remember_form(who, o, labels)

    def remember_form(self, who: Who, o: Outbound, labels: Labels) -> None:
        fid = render.form_id(o)
        if fid is not None:
            self.forms.put((who.user, fid), (labels.form_title, list(o.form)))

    def labels(self, code: str) -> Labels:
        return Labels.of(self.engine.dialogs.locale(code))


class _Turn:
    """One event's replies, sent where its plan routes them (an `adapters.plan.Outlet`)."""

    def __init__(self, delivery: Delivery, source: Source):
        self.d = delivery
        self.source = source

    def _labels(self, o: Outbound | None) -> Labels:
        """The adapter's own words, in the language of the engine's message (or, for a
        notice of ours, of the turn's last message)."""
        if o is not None:
            self.source.code = o.locale
        return self.d.labels(self.source.code or resolve_locale(self.source.locale))

    async def edit(self, o: Outbound) -> None:
        s = self.source
        assert s.interaction is not None and s.interaction.message is not None
        labels = self._labels(o)
        msg = render.render_edit(o, labels, s.interaction.message.components, s.clicked, s.values)
        try:
            await s.interaction.edit_original_response(**msg.edit_kwargs())
        except SEND_ERRORS as e:
            log.warning("discord: could not update a message for %s (%s)", user_ref(s.who), why(e))
            return
        self.d.remember_form(s.who, o, labels)

    async def dm(self, o: Outbound) -> Sent:
        s = self.source
        if not s.in_guild:  # the event came from the DM: answering it is the DM
            return Sent.OK if await self._answer(o) else Sent.FAILED
        try:
            channel = await self.d.dm_channel(s.user)
            await self.d.post(channel, o, self._labels(o), s.who)
        except SEND_ERRORS as e:
            log.warning(
                "discord: could not send a direct message to %s (%s); continuing in the channel",
                user_ref(s.who),
                why(e),
            )
            return Sent.CLOSED if isinstance(e, discord.Forbidden) else Sent.FAILED
        if o.outbox_id:
            await self.d.engine.delivered(o.outbox_id)
        return Sent.OK

    async def here(self, o: Outbound) -> None:
        await self._answer(o)

    async def notice(self) -> None:
        """The user's DMs are closed: how to open them (the conversation goes on here)."""
        await self._answer(Outbound(text=self._labels(None).dms_closed, kind="error"))

    async def _answer(self, o: Outbound) -> bool:
        """Where the event came from: the interaction's follow-ups (ephemeral in a server)
        or, for a DM message, its channel. Whether it was sent."""
        s = self.source
        labels = self._labels(o)
        try:
            if s.interaction is not None:
                for msg in render.render(o, labels):
                    await s.interaction.followup.send(**msg.send_kwargs(), ephemeral=s.in_guild)
                    s.answered = True
                self.d.remember_form(s.who, o, labels)
            elif s.channel is not None:
                await self.d.post(s.channel, o, labels, s.who)
            else:
                return False
        except SEND_ERRORS as e:
            log.warning("discord: could not answer %s (%s)", user_ref(s.who), why(e))
            return False
        if o.outbox_id:
            await self.d.engine.delivered(o.outbox_id)
        return True
