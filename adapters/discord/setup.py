"""Setting Discord up: the token and URLs (checked before anything connects, named in
every message, never echoed), pointing discord.py at DISCORD_API_URL/_GATEWAY_URL, logging
in, and the doctor's probe."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import aiohttp
import discord
import discord.gateway
import discord.http
import yarl
from discord import app_commands

from bot.config import ConfigError, Settings

from .commands import COMMAND

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}$")
API_EXAMPLE = "http://127.0.0.1:8080/api/v10"
GATEWAY_EXAMPLE = "ws://127.0.0.1:8080/gateway"


def check_token(token: str | None) -> str:
    """Fail at start-up, naming the variable (never echoing its value)."""
    if not token or not token.strip():
        raise ConfigError(
            "DISCORD_TOKEN is not set (Developer Portal > your application > Bot > Reset Token)"
        )
    token = token.strip()
    if token.lower().startswith("bot "):
        raise ConfigError("DISCORD_TOKEN must be the bare bot token, without the 'Bot ' prefix")
    if not _TOKEN.match(token):
        raise ConfigError(
            "DISCORD_TOKEN does not look like a bot token (three dot-separated parts, from Developer Portal > Bot > Reset Token)"
        )
    return token


def check_url(url: str | None, schemes: tuple[str, ...], name: str, example: str) -> str | None:
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme not in schemes or not parsed.netloc:
        raise ConfigError(f"{name} must be a {'/'.join(schemes)} URL such as {example}")
    return url.strip()


def check_api_url(url: str | None) -> str | None:
    return check_url(url, ("http", "https"), "DISCORD_API_URL", API_EXAMPLE)


def check_gateway_url(url: str | None) -> str | None:
    return check_url(url, ("ws", "wss"), "DISCORD_GATEWAY_URL", GATEWAY_EXAMPLE)


class Endpoints:
    """DISCORD_API_URL / DISCORD_GATEWAY_URL: discord.py reads both from class attributes,
    so they are set while the adapter runs and put back when it stops."""

    def __init__(self, api_url: str | None, gateway_url: str | None):
        self.api_url = api_url
        self.gateway_url = gateway_url
        self._saved: tuple[str, yarl.URL] | None = None

    def point(self) -> None:
        if self._saved is None:
            self._saved = (
                discord.http.Route.BASE,
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            )
        if self.api_url:
            discord.http.Route.BASE = self.api_url.rstrip("/")
        if self.gateway_url:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def restore(self) -> None:
        if self._saved is not None:
            if self.api_url:
                discord.http.Route.BASE = self._saved[0]
            if self.gateway_url:
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved[1]
            self._saved = None


async def login(client: discord.Client, token: str) -> None:
    """Log in over REST (GET /users/@me); a refusal or no answer is a ConfigError."""
    try:
        await client.login(token)
    except discord.LoginFailure:
        raise ConfigError(
            "DISCORD_TOKEN was refused by Discord (Developer Portal > your application > Bot > Reset Token)"
        ) from None
    except (aiohttp.ClientError, OSError, discord.HTTPException) as e:
        raise ConfigError(
            f"cannot reach the Discord API at {discord.http.Route.BASE} (DISCORD_API_URL): {type(e).__name__}"
        ) from None


async def probe(settings: Settings) -> str:
    """For `python -m bot doctor`: does the Discord token work, is the command registered?
    Says what was verified; raises ConfigError with a plain message if not."""
    token = check_token(settings.discord_token)
    check_gateway_url(settings.discord_gateway_url)
    endpoints = Endpoints(check_api_url(settings.discord_api_url), None)
    endpoints.point()
    client = discord.Client(intents=discord.Intents.default())
    tree = app_commands.CommandTree(client)
    try:
        await login(client, token)
        guild = discord.Object(settings.discord_guild_id) if settings.discord_guild_id else None
        where = f"in server {settings.discord_guild_id} (DISCORD_GUILD_ID)" if guild else "globally"
        try:
            names = [c.name for c in await tree.fetch_commands(guild=guild)]
        except discord.HTTPException as e:
            raise ConfigError(
                f"cannot read the bot's commands {where} ({e.status}, code {e.code}): invite it with the scopes bot and applications.commands"
            ) from None
        registered = (
            f"/{COMMAND} registered {where}"
            if COMMAND in names
            else f"/{COMMAND} not registered {where} yet (the first start syncs it)"
        )
        return (
            f"token accepted for {client.user} (application {client.application_id}); {registered}"
        )
    finally:
        await client.close()
        endpoints.restore()
