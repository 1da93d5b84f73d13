"""The Slack adapter: slack-bolt's AsyncApp as a thin translator over the engine.

It checks the credentials, builds the Bolt app with its listeners (`inbound`), connects
in Socket Mode or listens in HTTP mode (`setup`), and registers the engine's sender for
DMs nobody is waiting for (`delivery`). No coaching logic lives here; nothing a user
typed, and no token, is logged at INFO or above.
"""

from __future__ import annotations

import logging

import aiohttp
from aiohttp import web
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.tracking import Tracker
from bot.config import Settings
from bot.engine import Engine
from bot.models import Outbound, Who

from . import setup
from .delivery import Delivery
from .inbound import PLATFORM, Listeners
from .setup import EVENTS_PATH, RATE_LIMIT_RETRIES, STOP_GRACE, SocketConnection

log = logging.getLogger(__name__)

# Turns worked on at once. More wait (idle) for a slot, so a burst of payloads never
# starves the acknowledgements of new ones.
CONCURRENT_TURNS = 32


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
        setup.check_credentials(bot_token, app_token, signing_secret, api_url, http)
        self.engine = engine
        self.mode = "http" if http or not app_token else "socket"
        self.app_token = app_token
        self.host, self.port, self.path = host, port, path
        self.retry_handlers = setup.retry_handlers(rate_limit_retries)
        self.app = AsyncApp(
            token=bot_token,  # (with `client=` too, Bolt warns whenever SLACK_BOT_TOKEN is set)
            signing_secret=(signing_secret or "") if self.mode == "http" else "",
            request_verification_enabled=self.mode == "http",  # Socket Mode has no signatures
        )
        # Bolt's own client, pointed at SLACK_API_URL and retrying 429s; Bolt copies both
        # into the client it gives each request.
        self.client: AsyncWebClient = self.app.client
        self.client.base_url = setup.api_base(api_url)
        self.client.retry_handlers = self.retry_handlers
        self.tracker = Tracker(engine, PLATFORM, concurrency=CONCURRENT_TURNS)
        self.delivery = Delivery(engine, self.client, self.retry_handlers)
        self.listeners = Listeners(engine, self.client, self.tracker, self.delivery)
        self.listeners.register(self.app)
        self._socket: SocketConnection | None = None
        self._runner: web.AppRunner | None = None

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
            auth = await setup.auth_test(self.client)
            self.listeners.bot_user_id = auth.get("user_id")
            missing = setup.missing_scopes(auth)
            if missing:
                log.warning(
                    "slack: the bot token lacks the scopes %s; add them and reinstall the app",
                    ", ".join(missing),
                )
            if self.mode == "socket":
                assert self.app_token is not None  # (socket mode is chosen only with one)
                self._socket = await setup.socket_handler(self.app, self.client, self.app_token)
                await self._socket.connect_async()
                log.info("slack: connected in Socket Mode")
            else:
                self._runner = await setup.listen(self.app, self.host, self.port, self.path)
                log.info("slack: HTTP mode, listening on port %s at %s", self.bound_port, self.path)
        except BaseException:
            await self.stop()
            raise
        self.engine.register_sender(PLATFORM, self.send)

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

    async def send(self, who: Who, message: Outbound) -> None:
        """The engine's sender: reminders, check-ins and recovered messages, to the DM."""
        await self.delivery.send(who, message)

    @property
    def handled(self) -> int:
        """Inbound events fully handled so far (tests wait on it)."""
        return self.tracker.handled

    async def wait_handled(self, count: int, timeout: float = 5.0) -> None:
        await self.tracker.wait_handled(count, timeout)
