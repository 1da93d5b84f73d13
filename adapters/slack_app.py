"""The Slack app: slack-bolt's AsyncApp as a thin translator over the engine.

    /should-i-withdraw [text]   -> START   (in a channel: place CHANNEL, so the engine answers
    @mention in a channel       -> START    with one pointer "here" and the rest to the DM)
    a message in the bot's DM   -> TEXT
    a button click              -> CHOICE  (the button's value is the engine's choice id)
    the App Home tab opened     -> engine.overview(), published with views.publish

Every listener acknowledges first and works after (Bolt answers Slack as soon as `ack()`
is called; events are acknowledged by Bolt before the listener runs), so no engine,
database or Web API call of ours stands between a payload and its acknowledgement.
What the engine returns is rendered by `adapters.slack_render` and sent: "here" replies
of a channel command as ephemeral messages, everything else to the user's DM; an `edit`
replaces the clicked message. No coaching logic lives here.

Identity comes only from the payload's user and team ids, never from a button value.
Nothing a user typed, and no token, is logged at INFO or above.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import aiohttp
from aiohttp import web
from slack_bolt import BoltResponse
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.tracking import Lru, Tracker
from bot.config import ConfigError, Settings
from bot.dialogs import resolve_locale
from bot.engine import Engine
from bot.labels import Labels
from bot.logs import user_ref
from bot.models import Destination, Inbound, InboundKind, Outbound, Place, Who

from . import slack_render as render

log = logging.getLogger(__name__)

PLATFORM = "slack"
COMMAND = "/should-i-withdraw"
EVENTS_PATH = "/slack/events"
ACTION = re.compile(r"^c:\d+$")
RATE_LIMIT_RETRIES = 2
STOP_GRACE = 3.0  # seconds for turns in flight when stopping
OUTBOX_EVENT = "coach_outbox"  # message metadata naming the outbox row a DM came from
RECENT_HISTORY = 30  # DM messages looked at before resending one after a crash
# Turns worked on at once. More wait (idle) for a slot, so a burst of payloads never
# starves the acknowledgements of new ones.
CONCURRENT_TURNS = 32
# What a call to Slack can fail with: an API error, or the network (after the SDK's retries).
_SEND_ERRORS = (SlackApiError, aiohttp.ClientError, OSError, asyncio.TimeoutError)
_USER_MESSAGES = (None, "file_share", "thread_broadcast")  # message subtypes a person typed


@dataclass
class _Turn:
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


class SlackAdapter:
    platform = PLATFORM

    def __init__(
        self,
        engine: Engine,
        *,
        bot_token: str | None,
        app_token: str | None = None,
        signing_secret: str | None = None,
        api_url: str | None = None,
        http: bool = False,
        host: str = "0.0.0.0",
        port: int = 3000,
        path: str = EVENTS_PATH,
        rate_limit_retries: int = RATE_LIMIT_RETRIES,
    ):
        _check_credentials(bot_token, app_token, signing_secret, api_url, http)
        assert bot_token is not None
        self.engine = engine
        self.mode = "http" if http or not app_token else "socket"
        self.app_token = app_token
        self.host, self.port, self.path = host, port, path
        self.retry_handlers = [
            *async_default_handlers(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        ]
        self.app = AsyncApp(
            token=bot_token,  # (with `client=` too, Bolt warns whenever SLACK_BOT_TOKEN is set)
            signing_secret=(signing_secret or "") if self.mode == "http" else "",
            request_verification_enabled=self.mode == "http",  # Socket Mode has no signatures
        )
        # Bolt's own client, pointed at SLACK_API_URL and retrying 429s; Bolt copies both
        # into the client it gives each request.
        self.client: AsyncWebClient = self.app.client
        self.client.base_url = _api_base(api_url)
        self.client.retry_handlers = self.retry_handlers
        self.bot_user_id: str | None = None
        self.team_id: str | None = None
        self.tracker = Tracker(engine, PLATFORM, concurrency=CONCURRENT_TURNS)
        self._locales: Lru = Lru()
        self._dms: Lru = Lru()
        self._seen: Lru = Lru()
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self._register()

    @classmethod
    def from_settings(
        cls, engine: Engine, settings: Settings, *, http: bool = False, port: int | None = None
    ) -> SlackAdapter:
        return cls(
            engine,
            bot_token=settings.slack_bot_token,
            app_token=settings.slack_app_token,
            signing_secret=settings.slack_signing_secret,
            api_url=settings.slack_api_url,
            http=http,
            port=port if port is not None else settings.slack_port,
        )

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Check the bot token, then connect (Socket Mode) or listen (HTTP mode)."""
        if self.client.session is None:  # one connection pool for every Web API call
            self.client.session = aiohttp.ClientSession()
        try:
            auth = await _auth_test(self.client)
            self.bot_user_id, self.team_id = auth.get("user_id"), auth.get("team_id")
            missing = _missing_scopes(auth)
            if missing:
                log.warning(
                    "slack: the bot token lacks the scopes %s; add them and reinstall the app",
                    ", ".join(missing),
                )
            if self.mode == "socket":
                await self._connect_socket()
            else:
                await self._listen()
        except BaseException:
            await self.stop()
            raise
        self.engine.register_sender(PLATFORM, self.send)

    async def _connect_socket(self) -> None:
        opened = await _open_socket_url(self.client, self.app_token)
        self._socket = AsyncSocketModeHandler(self.app, self.app_token)
        self._socket.client.wss_uri = opened["url"]  # the URL just issued: connect() uses it
        await self._socket.connect_async()
        log.info("slack: connected in Socket Mode")

    async def _listen(self) -> None:
        web_app = self.app.web_app(path=self.path, port=self.port)
        web_app.middlewares.append(_unparseable_is_400)
        self._runner = web.AppRunner(web_app, shutdown_timeout=STOP_GRACE)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except OSError as e:
            await self._runner.cleanup()
            self._runner = None
            raise ConfigError(
                f"cannot listen on {self.host}:{self.port} (SLACK_PORT / --port): {e.strerror or e}"
            ) from None
        log.info("slack: HTTP mode, listening on port %s at %s", self.bound_port, self.path)

    @property
    def bound_port(self) -> int:
        """The port HTTP mode listens on (useful with port 0)."""
        assert self._runner is not None and self._runner.addresses
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.tracker.drain(STOP_GRACE)
        if self.client.session is not None:
            await self.client.session.close()
            self.client.session = None

    @property
    def handled(self) -> int:
        """Inbound events fully handled so far (tests wait on it)."""
        return self.tracker.handled

    async def wait_handled(self, count: int, timeout: float = 5.0) -> None:
        await self.tracker.wait_handled(count, timeout)

    # --- listeners ----------------------------------------------------------------------

    def _register(self) -> None:
        self.app.middleware(_well_formed)
        self.app.command(COMMAND)(self._on_command)
        self.app.action(ACTION)(self._on_action)
        self.app.event("message")(self._on_message)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("app_home_opened")(self._on_home)

    async def _on_command(self, ack: Callable[..., Awaitable[Any]], body: dict[str, Any]) -> None:
        await ack()  # first, always: the 3-second budget is Slack's
        async with self.tracker.handling("command"):
            if not body.get("user_id"):
                return
            who = _who(body.get("team_id"), body.get("user_id"))
            channel = body.get("channel_id") or None
            turn = _Turn(
                who,
                await self._place(who, channel),
                await self._locale(who),
                channel=channel,
                response_url=body.get("response_url"),
            )
            if turn.place is Place.DM:
                turn.here = channel
            text = render.from_slack(str(body.get("text") or ""))
            await self._turn(turn, InboundKind.START, text, body.get("trigger_id"))

    async def _on_action(self, ack: Callable[..., Awaitable[Any]], body: dict[str, Any]) -> None:
        await ack()
        async with self.tracker.handling("click"):
            action = (body.get("actions") or [{}])[0]
            value = action.get("value")
            user = body.get("user") or {}
            if not value or not user.get("id"):
                return
            who = _who((body.get("team") or {}).get("id") or user.get("team_id"), user.get("id"))
            container = body.get("container") or {}
            channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
            if container.get("type") == "view":  # the App Home tab: the conversation is in the DM
                channel = None
            turn = _Turn(
                who,
                await self._place(who, channel),
                await self._locale(who),
                channel=channel,
                response_url=body.get("response_url"),
            )
            if channel and container.get("message_ts"):
                turn.clicked = (channel, container["message_ts"])
                turn.clicked_ephemeral = bool(container.get("is_ephemeral"))
            if turn.place is Place.DM:
                turn.here = channel
            event_id = f"{who.user}:{action.get('action_ts')}:{action.get('action_id')}"
            await self._turn(turn, InboundKind.CHOICE, str(value), event_id)

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
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
            who = _who(body.get("team_id") or event.get("team"), event.get("user"))
            channel = event.get("channel")
            if channel:
                self._dms.put(who.key, channel)
            turn = _Turn(who, Place.DM, await self._locale(who), here=channel)
            await self._turn(
                turn,
                InboundKind.TEXT,
                render.from_slack(str(event.get("text") or "")),
                body.get("event_id"),
            )

    async def _on_mention(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        async with self.tracker.handling("mention"):
            if (
                event.get("bot_id")
                or not event.get("user")
                or not self._first_time(body.get("event_id"))
            ):
                return
            who = _who(body.get("team_id") or event.get("team"), event.get("user"))
            channel = event.get("channel")
            turn = _Turn(
                who,
                await self._place(who, channel),
                await self._locale(who),
                channel=channel,
                thread_ts=event.get("thread_ts"),
            )
            if turn.place is Place.DM:
                turn.here = channel
            text = str(event.get("text") or "")
            if self.bot_user_id:
                text = re.sub(rf"<@{re.escape(self.bot_user_id)}(\|[^>]*)?>", " ", text)
            await self._turn(
                turn, InboundKind.START, render.from_slack(text).strip(), body.get("event_id")
            )

    async def _on_home(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        async with self.tracker.handling("home"):
            if event.get("tab", "home") != "home" or not event.get("user"):
                return
            who = _who(
                body.get("team_id") or (event.get("view") or {}).get("team_id"), event.get("user")
            )
            locale = await self._locale(who)
            outs = await self.engine.overview(who, locale)
            view = render.home_view(outs, self._labels(outs[-1] if outs else None, locale))
            try:
                await self.client.views_publish(user_id=who.user, view=view)
            except _SEND_ERRORS as e:
                log.warning("slack: views.publish failed for %s (%s)", user_ref(who), _error(e))

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

    async def _turn(self, turn: _Turn, kind: InboundKind, text: str, event_id: str | None) -> None:
        inbound = Inbound(
            who=turn.who,
            kind=kind,
            text=text,
            event_id=(event_id or None) and event_id[:200],
            locale=turn.locale,
            place=turn.place,
        )
        log.debug("slack: %s from %s (%s)", kind.value, user_ref(turn.who), turn.place.value)
        async with self.tracker.user_lock(turn.who):  # one user's replies go out in order
            replies = await self.engine.handle(inbound)
            await self._deliver(turn, replies)

    async def _deliver(self, turn: _Turn, replies: list[Outbound]) -> None:
        """Edits replace the clicked message; private replies go to the DM, in order; "here"
        replies of a channel command go back as ephemerals (or, when the DM failed, the
        notice that it did)."""

        def public(o: Outbound) -> bool:
            return turn.place is Place.CHANNEL and o.to is Destination.HERE and not o.edit

        if any(o.kind == "forgotten" for o in replies):  # nothing about them stays here either
            self._locales.pop(turn.who.key, None)
            self._dms.pop(turn.who.key, None)

        failed = False
        for o in replies:
            if public(o):
                continue
            if o.edit:
                await self._edit(turn, o)
            elif not failed:  # after a failure the rest stay in the outbox, in order
                failed = not await self._post_private(turn, o)
        if failed and turn.place is Place.CHANNEL:
            code = replies[0].locale if replies else resolve_locale(turn.locale)
            text = Labels.of(self.engine.dialogs.locale(code)).dm_failed
            await self._ephemeral(turn, Outbound(text=text, kind="error", locale=code))
            return
        for o in replies:
            if public(o):
                await self._ephemeral(turn, o)

    async def _post_private(self, turn: _Turn, o: Outbound) -> bool:
        try:
            channel = (
                turn.here
                if turn.place is Place.DM and turn.here
                else await self._dm_channel(turn.who)
            )
            await self._post(channel, o, turn.locale)
        except _SEND_ERRORS as e:
            log.warning(
                "slack: could not send a direct message to %s (%s)", user_ref(turn.who), _error(e)
            )
            return False
        if o.outbox_id:
            await self.engine.delivered(o.outbox_id)
        return True

    async def _post(self, channel: str, o: Outbound, locale: str | None) -> None:
        # A direct message carries its outbox id, so that a resend after a crash can see
        # it already arrived (see send()).
        extra = (
            {"metadata": {"event_type": OUTBOX_EVENT, "event_payload": {"outbox_id": o.outbox_id}}}
            if o.outbox_id
            else {}
        )
        await self.client.chat_postMessage(
            channel=channel,
            **render.message(o, self._labels(o, locale)),
            unfurl_links=False,
            unfurl_media=False,
            **extra,
        )

    async def _edit(self, turn: _Turn, o: Outbound) -> None:
        if turn.clicked is None:
            return  # a click from the App Home tab: there is no message to replace
        payload = render.message(o, self._labels(o, turn.locale))
        try:
            if turn.clicked_ephemeral:
                if turn.response_url:
                    await self._respond(turn.response_url, {**payload, "replace_original": True})
                return
            channel, ts = turn.clicked
            await self.client.chat_update(channel=channel, ts=ts, **payload)
        except _SEND_ERRORS as e:
            log.warning(
                "slack: could not update a message for %s (%s)", user_ref(turn.who), _error(e)
            )

    async def _ephemeral(self, turn: _Turn, o: Outbound) -> None:
        payload = render.message(o, self._labels(o, turn.locale))
        try:
            if turn.response_url:
                await self._respond(turn.response_url, {**payload, "response_type": "ephemeral"})
            elif turn.channel:
                extra = {"thread_ts": turn.thread_ts} if turn.thread_ts else {}
                await self.client.chat_postEphemeral(
                    channel=turn.channel, user=turn.who.user, **payload, **extra
                )
        except _SEND_ERRORS as e:
            log.warning(
                "slack: could not answer %s in the channel (%s)", user_ref(turn.who), _error(e)
            )

    async def _respond(self, url: str, body: dict[str, Any]) -> None:
        resp = await AsyncWebhookClient(url, retry_handlers=self.retry_handlers).send_dict(body)
        if resp.status_code != 200:
            raise SlackApiError(
                f"response_url answered {resp.status_code}",
                {"ok": False, "error": str(resp.body)[:60]},
            )

    async def send(self, who: Who, message: Outbound) -> None:
        """The engine's sender: reminders, check-ins, recovered messages, to the user's DM.

        A message recovered from the outbox may have reached Slack just before a crash: if
        the DM's recent history already holds it, it is not posted a second time.
        """
        channel = await self._dm_channel(who)
        if message.outbox_id and await self._already_posted(channel, message.outbox_id):
            return
        await self._post(channel, message, self._locales.get(who.key))

    async def _already_posted(self, channel: str, outbox_id: str) -> bool:
        try:
            history = await self.client.conversations_history(
                channel=channel, limit=RECENT_HISTORY, include_all_metadata=True
            )
        except _SEND_ERRORS:
            return False  # better a rare duplicate than a lost message
        for m in history.get("messages") or []:
            meta = m.get("metadata") or {}
            if (
                meta.get("event_type") == OUTBOX_EVENT
                and (meta.get("event_payload") or {}).get("outbox_id") == outbox_id
            ):
                return True
        return False

    # --- lookups (all after the ack) ----------------------------------------------------

    async def _dm_channel(self, who: Who) -> str:
        channel = self._dms.get(who.key)
        if channel is None:
            opened = await self.client.conversations_open(users=who.user)
            channel = opened["channel"]["id"]
            self._dms.put(who.key, channel)
        return str(channel)

    async def _place(self, who: Who, channel: str | None) -> Place:
        """The user's DM with the bot, or somewhere else (where nothing personal may go)."""
        if channel is None:
            return Place.DM
        try:
            return Place.DM if channel == await self._dm_channel(who) else Place.CHANNEL
        except _SEND_ERRORS:
            return Place.CHANNEL  # no DM to be had: the engine's pointer, then our notice

    async def _locale(self, who: Who) -> str | None:
        """The user's Slack locale (e.g. de-DE), asked once per user."""
        if who.key in self._locales:
            return self._locales[who.key]  # type: ignore[no-any-return]
        try:
            info = await self.client.users_info(user=who.user, include_locale=True)
        except _SEND_ERRORS as e:
            log.warning("slack: users.info failed for %s (%s)", user_ref(who), _error(e))
            return None
        locale = (info.get("user") or {}).get("locale") or None
        self._locales.put(who.key, locale)
        return locale  # type: ignore[no-any-return]

    # --- words around the engine's content ---------------------------------------------

    def _labels(self, o: Outbound | None, locale: str | None) -> Labels:
        """The headings the adapter puts around the engine's content, in the message's language."""
        code = o.locale if o is not None else resolve_locale(locale)
        return Labels.of(self.engine.dialogs.locale(code))


# ---------------------------------------------------------------------- doctor


async def check(settings: Settings) -> str:
    """For `python -m bot doctor`: do Slack's credentials work? Raises ConfigError if not."""
    http = not settings.slack_app_token
    _check_credentials(
        settings.slack_bot_token,
        settings.slack_app_token,
        settings.slack_signing_secret,
        settings.slack_api_url,
        http,
    )
    handlers = [
        *async_default_handlers(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]
    client = AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=_api_base(settings.slack_api_url),
        retry_handlers=handlers,
    )
    auth = await _auth_test(client)
    missing = _missing_scopes(auth)
    if missing:
        raise ConfigError(
            f"the bot token (SLACK_BOT_TOKEN) lacks the scopes {', '.join(missing)}: add them under OAuth & Permissions and reinstall the app"
        )
    where = f"bot token accepted for workspace {auth.get('team') or auth.get('team_id')}"
    if http:
        return f"{where}; HTTP mode (no SLACK_APP_TOKEN), signing secret set, port {settings.slack_port}"
    await _open_socket_url(client, settings.slack_app_token)
    return f"{where}; app token accepted for Socket Mode"


# ---------------------------------------------------------------------- helpers

REQUIRED_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "users:read",
    "app_mentions:read",
)


async def _auth_test(client: AsyncWebClient) -> Any:
    try:
        return await client.auth_test()
    except SlackApiError as e:
        raise ConfigError(f"SLACK_BOT_TOKEN was refused by Slack ({_error(e)})") from None
    except (aiohttp.ClientError, OSError) as e:
        raise ConfigError(
            f"cannot reach the Slack Web API at {client.base_url} (SLACK_API_URL): {type(e).__name__}"
        ) from None


async def _open_socket_url(client: AsyncWebClient, app_token: str | None) -> Any:
    try:
        return await client.apps_connections_open(app_token=app_token)
    except SlackApiError as e:
        raise ConfigError(
            f"SLACK_APP_TOKEN was refused by Slack ({_error(e)}); it needs the connections:write scope and Socket Mode turned on"
        ) from None
    except (aiohttp.ClientError, OSError) as e:
        raise ConfigError(
            f"cannot reach the Slack Web API at {client.base_url} (SLACK_API_URL): {type(e).__name__}"
        ) from None


def _missing_scopes(auth: Any) -> list[str]:
    headers = {k.lower(): v for k, v in (getattr(auth, "headers", None) or {}).items()}
    granted = headers.get("x-oauth-scopes")
    if isinstance(granted, list):
        granted = ",".join(granted)
    if granted is None:
        return []  # not reported (some proxies drop it): nothing to say
    have = {s.strip() for s in str(granted).split(",")}
    return [s for s in REQUIRED_SCOPES if s not in have]


@web.middleware
async def _unparseable_is_400(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """A signed body Bolt cannot parse (truncated JSON, say) is the sender's fault: 400, not 500."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        log.warning("slack: refused a request Bolt could not parse (%s)", type(e).__name__)
        return web.Response(status=400, text="malformed request")


async def _well_formed(body: dict[str, Any], next: Callable[[], Awaitable[Any]]) -> Any:
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


def _who(team: object, user: object) -> Who:
    return Who(platform=PLATFORM, workspace=str(team or ""), user=str(user))


def _error(e: BaseException) -> str:
    """Slack's error code (or the exception's type): never a message that could hold text."""
    resp = getattr(e, "response", None)
    if not isinstance(e, SlackApiError):
        return type(e).__name__
    try:
        return str(resp["error"]) if resp is not None else "error"
    except (KeyError, TypeError):
        return "error"


def _api_base(url: str | None) -> str:
    if not url:
        return "https://slack.com/api/"
    return url if url.endswith("/") else url + "/"  # urljoin drops a last segment without it


def _check_credentials(
    bot: str | None, app: str | None, secret: str | None, api_url: str | None, http: bool
) -> None:
    """Fail at start-up, naming the variable (never echoing a value)."""
    if not bot:
        raise ConfigError("SLACK_BOT_TOKEN is not set (the Bot User OAuth Token, xoxb-...)")
    if not bot.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions > Bot User OAuth Token)"
        )
    if app and not app.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write)"
        )
    if (http or not app) and not (secret and secret.strip()):
        if http:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is required in HTTP mode (Basic Information > App Credentials > Signing Secret)"
            )
        raise ConfigError(
            "SLACK_APP_TOKEN is not set: set it for Socket Mode (xapp-...), or set SLACK_SIGNING_SECRET and run with --http"
        )
    if api_url:
        parsed = urlparse(api_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/")
