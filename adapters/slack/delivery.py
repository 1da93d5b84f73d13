"""Replies out to Slack, where `adapters.plan` routes them: edits replace the clicked
message (chat.update, or the response_url for an ephemeral one), DMs go to the user's DM
channel (conversations.open, cached) carrying their outbox id as message metadata, and
answers "here" in a channel are ephemeral (the response_url, else chat.postEphemeral).
When a DM fails the rest stay in the outbox and the channel is told once (HOLD)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters import plan
from adapters.plan import OnDmFailure, Origin, Plan, Sent
from adapters.tracking import Lru
from bot.dialogs import resolve_locale
from bot.engine import Engine
from bot.labels import Labels
from bot.logs import user_ref
from bot.models import Outbound, Place, Who

from . import render
from .errors import SEND_ERRORS, ResponseUrlError, error_code

log = logging.getLogger(__name__)

OUTBOX_EVENT = "coach_outbox"  # message metadata naming the outbox row a DM came from
RECENT_HISTORY = 30  # DM messages looked at before resending one after a crash


@dataclass
class Source:
    """Where one inbound event came from, so its replies go to the right places."""

    who: Who
    place: Place
    locale: str | None
    here: str | None = None  # the DM channel the event came from, when it came from the DM
    channel: str | None = None  # the channel of a command or mention (for ephemerals)
    thread_ts: str | None = None
    response_url: str | None = None
    clicked: tuple[str, str] | None = None  # (channel, ts) of the message whose button was clicked
    clicked_ephemeral: bool = False

    def plan(self) -> Plan:
        origin = Origin(
            place=self.place, private=self.place is Place.DM, clicked=self.clicked is not None
        )
        return Plan(origin, OnDmFailure.HOLD)


class Delivery:
    def __init__(
        self, engine: Engine, client: AsyncWebClient, retry_handlers: list[AsyncRetryHandler]
    ):
        self.engine = engine
        self.client = client
        self.retry_handlers = retry_handlers
        self.dms: Lru[tuple[str, str, str], str] = Lru()  # who.key -> DM channel id

    async def deliver(self, source: Source, replies: Sequence[Outbound]) -> None:
        await plan.deliver(source.plan(), replies, _Turn(self, source, replies))

    # --- the DM ---------------------------------------------------------------------------

    async def dm_channel(self, who: Who) -> str:
        channel = self.dms.get(who.key)
        if channel is None:
            opened = await self.client.conversations_open(users=who.user)
            channel = str(opened["channel"]["id"])
            self.dms.put(who.key, channel)
        return channel

    async def post(self, channel: str, o: Outbound, labels: Labels) -> None:
        # A direct message carries its outbox id, so that a resend after a crash can see
        # it already arrived (see send()).
        metadata = (
            {"event_type": OUTBOX_EVENT, "event_payload": {"outbox_id": o.outbox_id}}
            if o.outbox_id
            else None
        )
        await self.client.chat_postMessage(
            channel=channel,
            **render.message(o, labels),
            unfurl_links=False,
            unfurl_media=False,
            metadata=metadata,
        )

    async def send(self, who: Who, message: Outbound) -> None:
        """The engine's sender: reminders, check-ins, recovered messages, to the user's DM.

        A message recovered from the outbox may have reached Slack just before a crash: if
        the DM's recent history already holds it, it is not posted a second time.
        """
        channel = await self.dm_channel(who)
        if message.outbox_id and await self._already_posted(channel, message.outbox_id):
            return
        await self.post(channel, message, self.labels(message, None))

    async def _already_posted(self, channel: str, outbox_id: str) -> bool:
        try:
            history = await self.client.conversations_history(
                channel=channel, limit=RECENT_HISTORY, include_all_metadata=True
            )
        except SEND_ERRORS:
            return False  # better a rare duplicate than a lost message
        for m in history.get("messages") or []:
            meta = m.get("metadata") or {}
            if (
                meta.get("event_type") == OUTBOX_EVENT
                and (meta.get("event_payload") or {}).get("outbox_id") == outbox_id
            ):
                return True
        return False

    # --- elsewhere ------------------------------------------------------------------------

    async def respond(self, url: str, body: dict[str, Any]) -> None:
        """Post to a response_url (ephemerals, and edits of an ephemeral message)."""
        resp = await AsyncWebhookClient(url, retry_handlers=self.retry_handlers).send_dict(body)
        if resp.status_code != 200:
            raise ResponseUrlError(resp.status_code, str(resp.body)[:60])

    async def publish_home(self, who: Who, outs: list[Outbound], locale: str | None) -> None:
        """The App Home tab: the engine's overview, published with views.publish."""
        view = render.home_view(outs, self.labels(outs[-1] if outs else None, locale))
        try:
            await self.client.views_publish(user_id=who.user, view=view)
        except SEND_ERRORS as e:
            log.warning("slack: views.publish failed for %s (%s)", user_ref(who), error_code(e))

    def labels(self, o: Outbound | None, locale: str | None) -> Labels:
        """The headings the adapter puts around the engine's content, in the message's language."""
        code = o.locale if o is not None else resolve_locale(locale)
        return Labels.of(self.engine.dialogs.locale(code))


class _Turn:
    """One turn's replies, sent where the plan routes them (an `adapters.plan.Outlet`)."""

    def __init__(self, delivery: Delivery, source: Source, replies: Sequence[Outbound]):
        self.d = delivery
        self.source = source
        self.replies = replies

    async def edit(self, o: Outbound) -> None:
        s = self.source
        assert s.clicked is not None  # the plan edits only a clicked message
        payload = render.message(o, self.d.labels(o, s.locale))
        try:
            if s.clicked_ephemeral:
                if s.response_url:
                    await self.d.respond(s.response_url, {**payload, "replace_original": True})
                return
            channel, ts = s.clicked
            await self.d.client.chat_update(channel=channel, ts=ts, **payload)
        except SEND_ERRORS as e:
            log.warning(
                "slack: could not update a message for %s (%s)", user_ref(s.who), error_code(e)
            )

    async def dm(self, o: Outbound) -> Sent:
        s = self.source
        try:
            channel = s.here if s.place is Place.DM and s.here else await self.d.dm_channel(s.who)
            await self.d.post(channel, o, self.d.labels(o, s.locale))
        except SEND_ERRORS as e:
            log.warning(
                "slack: could not send a direct message to %s (%s)", user_ref(s.who), error_code(e)
            )
            return Sent.FAILED
        if o.outbox_id:
            await self.d.engine.delivered(o.outbox_id)
        return Sent.OK

    async def here(self, o: Outbound) -> None:
        """Ephemeral in the channel: only the user sees it."""
        s = self.source
        payload = render.message(o, self.d.labels(o, s.locale))
        try:
            if s.response_url:
                await self.d.respond(s.response_url, {**payload, "response_type": "ephemeral"})
            elif s.channel:
                await self.d.client.chat_postEphemeral(
                    channel=s.channel, user=s.who.user, thread_ts=s.thread_ts, **payload
                )
        except SEND_ERRORS as e:
            log.warning(
                "slack: could not answer %s in the channel (%s)", user_ref(s.who), error_code(e)
            )

    async def notice(self) -> None:
        """The DM failed: say so here, in the turn's language, in place of the pointer."""
        code = self.replies[0].locale if self.replies else resolve_locale(self.source.locale)
        text = Labels.of(self.d.engine.dialogs.locale(code)).dm_failed
        await self.here(Outbound(text=text, kind="error", locale=code))
