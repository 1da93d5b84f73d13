"""Slack payloads in: Bolt's listeners, each turning one payload into an `Inbound`.

    /should-i-withdraw [text]   -> START   (in a channel: place CHANNEL, so the engine answers
    @mention in a channel       -> START    with one pointer "here" and the rest to the DM)
    a message in the bot's DM   -> TEXT
    a button click              -> CHOICE  (the button's value is the engine's choice id)
    the App Home tab opened     -> engine.overview(), published with views.publish
    the form button, its modal  -> views.open, then FORM (forms.py)

Every listener acknowledges first and works after (Bolt answers Slack as soon as `ack()`
is called; events are acknowledged by Bolt before the listener runs), so no engine,
database or Web API call of ours stands between a payload and its acknowledgement.
Identity comes only from the payload's user and team ids, never from a button value.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.tracking import Lru, Tracker
from bot.choice_ids import choice_of
from bot.engine import Engine
from bot.logs import user_ref
from bot.models import Inbound, InboundKind, Place, Who

from . import render
from .delivery import Delivery, Source
from .errors import SEND_ERRORS, error_code

log = logging.getLogger(__name__)

PLATFORM = "slack"
COMMAND = "/should-i-withdraw"
ACTION = re.compile(r"^c:\d+$")
_USER_MESSAGES = (None, "file_share", "thread_broadcast")  # message subtypes a person typed
Ack = Callable[..., Awaitable[Any]]


def who(team: object, user: object) -> Who:
    return Who(platform=PLATFORM, workspace=str(team or ""), user=str(user))


class Listeners:
    """The listeners of one Slack app, and what they look up (after the ack)."""

    def __init__(
        self, engine: Engine, client: AsyncWebClient, tracker: Tracker, delivery: Delivery
    ):
        self.engine = engine
        self.client = client
        self.tracker = tracker
        self.delivery = delivery
        self.bot_user_id: str | None = None  # from auth.test, to strip our own mention
        self.locales: Lru[tuple[str, str, str], str | None] = Lru()
        self.zones: Lru[tuple[str, str, str], str | None] = Lru()  # users.info `tz`, beside it
        self._seen: Lru[str, bool] = Lru()

    def register(self, app: AsyncApp) -> None:
        app.middleware(well_formed)
        app.command(COMMAND)(self.on_command)
        app.action(ACTION)(self.on_action)
        app.event("message")(self.on_message)
        app.event("app_mention")(self.on_mention)
        app.event("app_home_opened")(self.on_home)
        from .forms import Modals  # (the form's listeners use this class's lookups)

        Modals(self).register(app)

    async def on_command(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()  # first, always: the 3-second budget is Slack's
        async with self.tracker.handling("command"):
            if not body.get("user_id"):
                return
            user = who(body.get("team_id"), body.get("user_id"))
            channel = body.get("channel_id") or None
            source = await self._source(user, channel, response_url=body.get("response_url"))
            text = render.from_slack(str(body.get("text") or ""))
            await self._turn(source, InboundKind.START, text, body.get("trigger_id"))

    async def on_action(self, ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        async with self.tracker.handling("click"):
            action = (body.get("actions") or [{}])[0]
            value, values = action.get("value"), []
            if action.get("type") == "checkboxes":  # the whole ticked set of a checklist
                value = action.get("block_id")
                values = [
                    choice_of(str(o.get("value"))) or ""
                    for o in action.get("selected_options") or []
                    if isinstance(o, dict)
                ]
            person = body.get("user") or {}
            if not value or not person.get("id"):
                return
            user = who(
                (body.get("team") or {}).get("id") or person.get("team_id"), person.get("id")
            )
            container = body.get("container") or {}
            channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
            if container.get("type") == "view":  # the App Home tab: the conversation is in the DM
                channel = None
            source = await self._source(user, channel, response_url=body.get("response_url"))
            if channel and container.get("message_ts"):
                source.clicked = (channel, container["message_ts"])
                source.clicked_ephemeral = bool(container.get("is_ephemeral"))
            event_id = f"{user.user}:{action.get('action_ts')}:{action.get('action_id')}"
            await self._turn(source, InboundKind.CHOICE, str(value), event_id, values)

    async def on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        # Events are acknowledged by Bolt before this runs.
        async with self.tracker.handling("message"):
            if (
                event.get("channel_type") != "im"
                or event.get("subtype") not in _USER_MESSAGES
                or event.get("bot_id")
                or not event.get("user")
            ):
                return  # edits, deletions, other bots, our own messages
            if not self._first_time(body.get("event_id")):
                return
            user = who(body.get("team_id") or event.get("team"), event.get("user"))
            channel = event.get("channel")
            if channel:
                self.delivery.dms.put(user.key, channel)
            source = Source(user, Place.DM, await self._locale(user), here=channel)
            text = render.from_slack(str(event.get("text") or ""))
            await self._turn(source, InboundKind.TEXT, text, body.get("event_id"))

    async def on_mention(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        async with self.tracker.handling("mention"):
            if (
                event.get("bot_id")
                or not event.get("user")
                or not self._first_time(body.get("event_id"))
            ):
                return
            user = who(body.get("team_id") or event.get("team"), event.get("user"))
            source = await self._source(
                user, event.get("channel"), thread_ts=event.get("thread_ts")
            )
            text = str(event.get("text") or "")
            if self.bot_user_id:
                text = re.sub(rf"<@{re.escape(self.bot_user_id)}(\|[^>]*)?>", " ", text)
            text = render.from_slack(text).strip()
            await self._turn(source, InboundKind.START, text, body.get("event_id"))

    async def on_home(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        async with self.tracker.handling("home"):
            if event.get("tab", "home") != "home" or not event.get("user"):
                return
            team = body.get("team_id") or (event.get("view") or {}).get("team_id")
            user = who(team, event.get("user"))
            locale = await self._locale(user)
            outs = await self.engine.overview(user, locale)
            await self.delivery.publish_home(user, outs, locale)

    def _first_time(self, event_id: str | None) -> bool:
        """Slack re-sends an event it thinks we missed (X-Slack-Retry-Num): handle it once."""
        if not event_id:
            return True
        if event_id in self._seen:
            log.info("slack: event retry dropped")
            return False
        self._seen.put(event_id, True)
        return True

    # --- one turn -----------------------------------------------------------------------

    async def _turn(
        self,
        source: Source,
        kind: InboundKind,
        text: str,
        event_id: str | None,
        values: list[str] | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        inbound = Inbound(
            who=source.who,
            kind=kind,
            text=text,
            values=values or [],
            fields=fields or {},
            event_id=(event_id or None) and event_id[:200],
            locale=source.locale,
            timezone=self.zones.get(source.who.key),
            place=source.place,
        )
        log.debug("slack: %s from %s (%s)", kind.value, user_ref(source.who), source.place.value)
        async with self.tracker.user_lock(source.who):  # one user's replies go out in order
            replies = await self.engine.handle(inbound)
            if any(o.kind == "forgotten" for o in replies):  # nothing about them stays here
                self.locales.pop(source.who.key, None)
                self.zones.pop(source.who.key, None)
                self.delivery.dms.pop(source.who.key, None)
            await self.delivery.deliver(source, replies)

    # --- lookups (all after the ack) ----------------------------------------------------

    async def _source(
        self,
        user: Who,
        channel: str | None,
        *,
        response_url: str | None = None,
        thread_ts: str | None = None,
    ) -> Source:
        """Where an event from `channel` (None: the App Home tab) came from."""
        source = Source(
            user,
            await self._place(user, channel),
            await self._locale(user),
            channel=channel,
            thread_ts=thread_ts,
            response_url=response_url,
        )
        if source.place is Place.DM:
            source.here = channel
        return source

    async def _place(self, user: Who, channel: str | None) -> Place:
        """The user's DM with the bot, or somewhere else (where nothing personal may go)."""
        if channel is None:
            return Place.DM
        try:
            return Place.DM if channel == await self.delivery.dm_channel(user) else Place.CHANNEL
        except SEND_ERRORS:
            return Place.CHANNEL  # no DM to be had: the engine's pointer, then our notice

    async def _locale(self, user: Who) -> str | None:
        """The user's Slack locale (e.g. de-DE), asked once per user (with their time zone)."""
        if user.key in self.locales:
            return self.locales[user.key]
        try:
            info = await self.client.users_info(user=user.user, include_locale=True)
        except SEND_ERRORS as e:
            log.warning("slack: users.info failed for %s (%s)", user_ref(user), error_code(e))
            return None
        profile = info.get("user") or {}
        locale, tz = profile.get("locale"), profile.get("tz")
        found = str(locale) if locale else None
        self.locales.put(user.key, found)
        self.zones.put(user.key, str(tz)[:64] if tz else None)
        return found


async def well_formed(body: dict[str, Any], next: Callable[[], Awaitable[Any]]) -> Any:
    """Refuse a payload whose shape Bolt's own listener matching would trip over (a signed
    but garbled request): a clean 400, before any listener or state is touched."""
    actions = body.get("actions")
    ok = (
        (
            actions is None
            or (
                isinstance(actions, list)
                and all(
                    isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions
                )
            )
        )
        and isinstance(body.get("event", {}), dict)
        and isinstance(body.get("user", {}), dict | str)
        and isinstance(body.get("team", {}), dict | str | None)
    )
    if not ok:
        return BoltResponse(status=400, body="malformed payload")
    return await next()
