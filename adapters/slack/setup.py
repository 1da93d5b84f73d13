"""Setting Slack up: the credentials (checked before anything connects, named in every
message, never echoed), the doctor's probe, and the two ways in: Socket Mode (an `xapp-`
token) or HTTP mode (signed requests at /slack/events)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from urllib.parse import urlparse

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import ConfigError, Settings

from .errors import error_code

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
RATE_LIMIT_RETRIES = 2
STOP_GRACE = 3.0  # seconds for requests in flight when the HTTP server stops
REQUIRED_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "users:read",
    "app_mentions:read",
)


def check_credentials(
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


def api_base(url: str | None) -> str:
    if not url:
        return "https://slack.com/api/"
    return url if url.endswith("/") else url + "/"  # urljoin drops a last segment without it


def retry_handlers(rate_limit_retries: int = RATE_LIMIT_RETRIES) -> list[AsyncRetryHandler]:
    """The SDK's own (connection errors), and 429s answered after their Retry-After."""
    return [
        *async_default_handlers(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
    ]


async def auth_test(client: AsyncWebClient) -> Any:
    try:
        return await client.auth_test()
    except SlackApiError as e:
        raise ConfigError(f"SLACK_BOT_TOKEN was refused by Slack ({error_code(e)})") from None
    except (aiohttp.ClientError, OSError) as e:
        raise _unreachable(client, e) from None


async def open_socket_url(client: AsyncWebClient, app_token: str) -> str:
    """A fresh websocket URL for Socket Mode (apps.connections.open with the app token)."""
    try:
        opened = await client.apps_connections_open(app_token=app_token)
    except SlackApiError as e:
        raise ConfigError(
            f"SLACK_APP_TOKEN was refused by Slack ({error_code(e)}); it needs the connections:write scope and Socket Mode turned on"
        ) from None
    except (aiohttp.ClientError, OSError) as e:
        raise _unreachable(client, e) from None
    return str(opened["url"])


def _unreachable(client: AsyncWebClient, e: BaseException) -> ConfigError:
    return ConfigError(
        f"cannot reach the Slack Web API at {client.base_url} (SLACK_API_URL): {type(e).__name__}"
    )


def missing_scopes(auth: Any) -> list[str]:
    headers = {k.lower(): v for k, v in (getattr(auth, "headers", None) or {}).items()}
    granted = headers.get("x-oauth-scopes")
    if isinstance(granted, list):
        granted = ",".join(granted)
    if granted is None:
        return []  # not reported (some proxies drop it): nothing to say
    have = {s.strip() for s in str(granted).split(",")}
    return [s for s in REQUIRED_SCOPES if s not in have]


async def probe(settings: Settings) -> str:
    """For `python -m bot doctor`: do Slack's credentials work? Says what was verified;
    raises ConfigError with a plain message if not."""
    app_token = settings.slack_app_token
    http = not app_token
    check_credentials(
        settings.slack_bot_token,
        app_token,
        settings.slack_signing_secret,
        settings.slack_api_url,
        http,
    )
    client = AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=api_base(settings.slack_api_url),
        retry_handlers=retry_handlers(),
    )
    auth = await auth_test(client)
    missing = missing_scopes(auth)
    if missing:
        raise ConfigError(
            f"the bot token (SLACK_BOT_TOKEN) lacks the scopes {', '.join(missing)}: add them under OAuth & Permissions and reinstall the app"
        )
    where = f"bot token accepted for workspace {auth.get('team') or auth.get('team_id')}"
    if not app_token:
        return f"{where}; HTTP mode (no SLACK_APP_TOKEN), signing secret set, port {settings.slack_port}"
    await open_socket_url(client, app_token)
    return f"{where}; app token accepted for Socket Mode"


# ---------------------------------------------------------------------- Socket Mode


class SocketConnection(Protocol):
    """What the adapter uses of Bolt's Socket Mode handler (whose methods are untyped)."""

    async def connect_async(self) -> None: ...

    async def close_async(self) -> None: ...


async def socket_handler(app: AsyncApp, client: AsyncWebClient, app_token: str) -> SocketConnection:
    """Bolt's Socket Mode handler, set to the URL just issued (connect() uses it); not yet
    connected. Bolt acknowledges each envelope when a listener calls ack()."""
    url = await open_socket_url(client, app_token)
    handler = AsyncSocketModeHandler(app, app_token)
    handler.client.wss_uri = url
    connection: SocketConnection = handler
    return connection


# ---------------------------------------------------------------------- HTTP mode


async def listen(app: AsyncApp, host: str, port: int, path: str) -> web.AppRunner:
    """Bolt's aiohttp app on host:port, sharing the running loop (app.start() would own it)."""
    web_app = app.web_app(path=path, port=port)
    web_app.middlewares.append(_unparseable_is_400)
    runner = web.AppRunner(web_app, shutdown_timeout=STOP_GRACE)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as e:
        await runner.cleanup()
        raise ConfigError(
            f"cannot listen on {host}:{port} (SLACK_PORT / --port): {e.strerror or e}"
        ) from None
    except BaseException:
        await runner.cleanup()
        raise
    return runner


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
