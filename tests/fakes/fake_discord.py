"""A small, faithful fake of Discord (REST API v10 + gateway) on loopback, for tests.

Why: the real discord.py client, not a mock, talks to this over HTTP and a websocket,
so adapter tests exercise the same wire protocol (shapes, status codes, error codes,
rate-limit headers, the 3-second interaction deadline) that production will meet.

Point discord.py at it with ``fake.patch_discord_py()`` (sets ``discord.http.Route.BASE``
and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``, restores them on exit).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import secrets
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from aiohttp import BodyPartReader, WSMsgType, web

__all__ = ["Call", "FakeDiscord", "InteractionCallback", "UploadedFile"]

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
EPHEMERAL = 1 << 6
LOADING = 1 << 7
SUPPRESS_EMBEDS = 1 << 2
SUPPRESS_NOTIFICATIONS = 1 << 12
COMPONENTS_V2 = 1 << 15
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
APP_PERMISSIONS = "562949953421311"
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
_DEFAULT: Any = object()  # "use the fake's default guild" (None means a DM)
_CALLBACK_TYPES = {1: {1}, 2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}
_APP_COMMAND_MESSAGE_TYPE = 20  # CHAT_INPUT_COMMAND


@dataclass
class UploadedFile:
    """One file part of a multipart request (discord.py names them ``files[N]``)."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Call:
    """One HTTP request the fake received; ``path`` is relative to /api/v10."""

    method: str
    path: str
    json: dict[str, Any] | list[Any] | None
    query: dict[str, str]
    headers: dict[str, str]
    files: list[UploadedFile] = field(default_factory=list)
    status: int = 0


@dataclass
class InteractionCallback:
    """An accepted interaction response (POST /interactions/{id}/{token}/callback)."""

    interaction_id: str
    token: str
    type: int
    data: dict[str, Any]
    delay: float | None


@dataclass
class _Interaction:
    payload: dict[str, Any]
    created_at: float
    dispatched_at: float | None = None
    first_callback_at: float | None = None
    callbacks: list[InteractionCallback] = field(default_factory=list)
    original_id: str | None = None
    loading: bool = False
    followup_ids: list[str] = field(default_factory=list)


@dataclass
class _Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    remaining: int


@dataclass
class _Session:
    session_id: str
    intents: int
    seq: int = 0
    frames: list[dict[str, Any]] = field(default_factory=list)
    conn: _Conn | None = None
    shard: tuple[int, int] | None = None  # (shard id, shard count) from IDENTIFY


class _Conn:
    """One gateway websocket; serialises sends so ``s`` order equals wire order."""

    def __init__(self, ws: web.WebSocketResponse, compress: bool) -> None:
        self.ws = ws
        self.session: _Session | None = None
        self.closed_by_server = False
        self._lock = asyncio.Lock()
        self._zlib = zlib.compressobj() if compress else None

    @property
    def open(self) -> bool:
        return not self.ws.closed

    async def send(self, frame: dict[str, Any]) -> None:
        async with self._lock:
            await self._send(frame)

    async def dispatch(self, session: _Session, event: str, data: Any) -> None:
        async with self._lock:
            session.seq += 1
            frame = {"op": 0, "t": event, "s": session.seq, "d": data}
            session.frames.append(frame)
            await self._send(frame)

    async def replay(self, frames: list[dict[str, Any]]) -> None:
        """Re-send dispatches the client missed (what Discord does before RESUMED)."""
        async with self._lock:
            for frame in frames:
                await self._send(frame)

    async def close(self, code: int, reason: bytes = b"") -> None:
        self.closed_by_server = True
        await self.ws.close(code=code, message=reason)

    async def _send(self, frame: dict[str, Any]) -> None:
        text = json.dumps(frame)
        if self._zlib is None:
            await self.ws.send_str(text)
        else:
            raw = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(raw)


class _StrKeyed(defaultdict[str, list[dict[str, Any]]]):
    """``fake.messages[123]`` and ``fake.messages["123"]`` are the same channel."""

    def __init__(self) -> None:
        super().__init__(list)

    def __getitem__(self, key: Any) -> list[dict[str, Any]]:
        return super().__getitem__(str(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(str(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(str(key), default)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _on_shard(session: _Session, data: Any) -> bool:
    """Discord's routing: a guild's events go to shard (guild_id >> 22) % count; events
    without a guild (direct messages) to shard 0."""
    if session.shard is None:
        return True
    shard_id, count = session.shard
    guild = data.get("guild_id") if isinstance(data, dict) else None
    return (int(guild) >> 22) % count == shard_id if guild else shard_id == 0


def _json_response(obj: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": discord.py treats "; charset=utf-8" as plain text, and
    # aiohttp appends that charset whenever ``text=`` is used, so send bytes.
    resp = web.Response(
        body=json.dumps(obj).encode(), status=status, content_type="application/json"
    )
    resp.headers["Via"] = "1.1 google"
    return resp


def _no_content() -> web.Response:
    # No Content-Type: discord.py would try to JSON-decode an empty "application/json" body.
    return web.Response(status=204, headers={"Via": "1.1 google"})


def _error(
    status: int, message: str, code: int, errors: dict[str, Any] | None = None
) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json_response(body, status)


def _form_errors(problems: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Nest (dotted.path, code, message) the way Discord's 50035 "errors" object does."""
    root: dict[str, Any] = {}
    for path, code, message in problems:
        node = root
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return root


def _too_long(path: str, limit: int) -> tuple[str, str, str]:
    return (path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true"}


class FakeDiscord:
    """Discord's REST API and gateway, faithful enough for the real discord.py client."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_name: str = "Withdraw Coach",
        guild_name: str = "Test Guild",
        interaction_deadline: float = 3.0,
        heartbeat_interval_ms: int = 41250,
        compress_frames: bool = False,
    ) -> None:
        self.token = token
        self.interaction_deadline = interaction_deadline
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.compress_frames = compress_frames
        self._last_snowflake = 0
        self.application_id = self.snowflake()
        self.bot_user: dict[str, Any] = {
            "id": self.application_id,
            "username": bot_name,
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "public_flags": 0,
            "locale": "en-US",
            "email": None,
        }
        self.owner_id = self.snowflake()
        self._users: dict[str, dict[str, Any]] = {self.application_id: self.bot_user}
        self._channels: dict[str, dict[str, Any]] = {}
        self._guilds: dict[str, dict[str, Any]] = {}
        self._dm_by_user: dict[str, str] = {}
        self._closed_dms: set[str] = set()
        self._index: dict[str, dict[str, Any]] = {}
        self._interactions: dict[str, _Interaction] = {}
        self._failures: list[_Failure] = []
        self._sessions: dict[str, _Session] = {}
        self._conns: set[_Conn] = set()
        self._changed = asyncio.Condition()
        self.calls: list[Call] = []
        self.messages = _StrKeyed()
        self.commands: dict[str | None, list[dict[str, Any]]] = {}
        self.command_syncs: list[tuple[str | None, Any]] = []
        self.callbacks: list[InteractionCallback] = []
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.gateway_received: list[dict[str, Any]] = []
        self.recommended_shards = 1  # GET /gateway/bot's answer (AutoShardedClient asks)
        self.gateway_queries: list[dict[str, str]] = []
        self.ready_count = 0
        self.internal_errors: list[Exception] = []
        self.guild_id = self.add_guild(guild_name)
        self.channel_id = self._guilds[self.guild_id]["channels"][0]["id"]
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Listen on 127.0.0.1 with an ephemeral port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close gateway sockets first, so shutdown does not wait on live handlers."""
        for conn in list(self._conns):
            await conn.close(1001, b"fake shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @contextlib.contextmanager
    def patch_discord_py(self) -> Iterator[None]:
        """Point discord.py's class-level REST base and gateway URL here; restore on exit."""
        import discord.gateway
        import discord.http
        import yarl

        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    # ------------------------------------------------------------------ world state

    def snowflake(self) -> str:
        """A fresh, strictly increasing snowflake whose timestamp is now."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = max((ms << 22) | (1 << 17), self._last_snowflake + 1)
        self._last_snowflake = value
        return str(value)

    def add_user(
        self,
        user_id: int | str | None = None,
        *,
        username: str | None = None,
        global_name: str | None = None,
    ) -> str:
        """Create or update a (non-bot) user; returns its id."""
        uid = str(user_id) if user_id is not None else self.snowflake()
        user = self.user(uid)
        if username is not None:
            user["username"] = username
        if global_name is not None:
            user["global_name"] = global_name
        return uid

    def user(self, user_id: int | str) -> dict[str, Any]:
        """The user object for an id, created on first use (Discord users always exist)."""
        uid = str(user_id)
        if uid not in self._users:
            self._users[uid] = {
                "id": uid,
                "username": f"user{uid[-4:]}",
                "discriminator": "0",
                "global_name": None,
                "avatar": None,
                "public_flags": 0,
                "flags": 0,
                "primary_guild": None,
                "collectibles": None,
                "avatar_decoration_data": None,
            }
        return self._users[uid]

    def add_guild(
        self, name: str = "Guild", *, channel_names: tuple[str, ...] = ("general",)
    ) -> str:
        """A guild the bot is in (sent in READY + GUILD_CREATE); returns its id."""
        gid = self.snowflake()
        guild: dict[str, Any] = {"id": gid, "name": name, "channels": []}
        self._guilds[gid] = guild
        for cname in channel_names:
            self.add_channel(gid, cname)
        return gid

    def add_channel(
        self, guild_id: int | str, name: str = "channel", *, channel_id: int | str | None = None
    ) -> str:
        """A text channel in a guild; returns its id."""
        gid = str(guild_id)
        cid = str(channel_id) if channel_id is not None else self.snowflake()
        channel = {
            "id": cid,
            "type": 0,
            "guild_id": gid,
            "name": name,
            "position": len(self._guilds[gid]["channels"]),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }
        self._guilds[gid]["channels"].append(channel)
        self._channels[cid] = channel
        return cid

    def dm_channel_id(self, user_id: int | str) -> str:
        """The DM channel between the bot and a user: stable for the fake's lifetime."""
        uid = str(user_id)
        self.user(uid)
        if uid not in self._dm_by_user:
            self._register_dm(uid, self.snowflake())
        return self._dm_by_user[uid]

    def _register_dm(self, user_id: str, channel_id: str) -> None:
        self._dm_by_user.setdefault(user_id, channel_id)
        self._channels[channel_id] = {
            "id": channel_id,
            "type": 1,
            "last_message_id": None,
            "flags": 0,
            "recipient_id": user_id,
        }

    def close_dms(self, user_id: int | str) -> None:
        """The user blocks DMs: posting into their DM channel fails with 403 / 50007."""
        self._closed_dms.add(str(user_id))

    def open_dms(self, user_id: int | str) -> None:
        self._closed_dms.discard(str(user_id))

    def message(self, message_id: int | str) -> dict[str, Any] | None:
        """A bot-created message by id (latest state), or None."""
        return self._index.get(str(message_id))

    # ----------------------------------------------------------------- assertions

    def calls_to(self, method: str, path_regex: str) -> list[Call]:
        """Recorded calls whose method matches and whose path fully matches the regex."""
        pattern = re.compile(path_regex)
        return [c for c in self.calls if c.method == method.upper() and pattern.fullmatch(c.path)]

    async def wait_for(
        self, method: str, path_regex: str, count: int = 1, timeout: float = 5
    ) -> list[Call]:
        """Wait (on a condition, no polling) until ``count`` matching calls were answered."""
        try:
            await self._wait(lambda: len(self.calls_to(method, path_regex)) >= count, timeout)
        except TimeoutError:
            seen = [f"{c.method} {c.path} -> {c.status}" for c in self.calls[-15:]]
            raise TimeoutError(f"no {count}x {method} {path_regex}; recent calls: {seen}") from None
        return self.calls_to(method, path_regex)

    async def wait_ready(self, timeout: float = 5, *, count: int | None = None) -> None:
        """Wait for a live gateway session that got READY; ``count``: READYs sent in total."""
        if count is None:
            await self._wait(lambda: bool(self._live_sessions()), timeout)
        else:
            await self._wait(
                lambda: self.ready_count >= count and bool(self._live_sessions()), timeout
            )

    def callbacks_for(self, interaction_id: int | str) -> list[InteractionCallback]:
        return [c for c in self.callbacks if c.interaction_id == str(interaction_id)]

    def first_response_delay(self, interaction_id: int | str) -> float | None:
        """Seconds from dispatch to the first accepted callback (None if none yet)."""
        it = self._interactions.get(str(interaction_id))
        if it is None or it.first_callback_at is None:
            return None
        return it.first_callback_at - (it.dispatched_at or it.created_at)

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int = 429,
        body: Any = None,
        retry_after: float = 0.1,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with an error (429 by default)."""
        headers: dict[str, str] = {}
        if status == 429:
            if body is None:
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": False,
                }
            headers = {
                "Retry-After": str(max(1, math.ceil(retry_after))),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Bucket": secrets.token_hex(16),
                "X-RateLimit-Scope": "user",
            }
        elif body is None:
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = "Error"
            body = {"message": f"{status}: {phrase}", "code": 0}
        self._failures.append(
            _Failure(method.upper(), re.compile(path_regex), status, body, headers, times)
        )

    # ------------------------------------------------------------------ gateway API

    async def dispatch(self, event: str, data: Any, *, timeout: float = 5) -> int:
        """Send op 0 ``event`` to every live session that the event's intent reaches.

        Waits up to ``timeout`` for a live session; returns how many received it.
        """
        await self._wait(lambda: bool(self._live_sessions()), timeout)
        delivered = 0
        for session in self._live_sessions():
            if not _on_shard(session, data):
                continue
            payload = self._filter_for(session, event, data)
            if payload is None or session.conn is None:
                continue
            try:
                await session.conn.dispatch(session, event, payload)
            except ConnectionError:
                continue
            delivered += 1
        return delivered

    async def dispatch_interaction(self, payload: dict[str, Any], *, timeout: float = 5) -> int:
        """Dispatch INTERACTION_CREATE and start the interaction's 3-second clock."""
        it = self._interactions.setdefault(payload["id"], _Interaction(payload, time.monotonic()))
        await self._wait(lambda: bool(self._live_sessions()), timeout)
        it.dispatched_at = time.monotonic()  # before sending: the reply may beat our next line
        return await self.dispatch("INTERACTION_CREATE", payload, timeout=timeout)

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close every gateway socket from the server side (the client will RESUME)."""
        for conn in list(self._conns):
            await conn.close(code)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT to every live session (the client closes and RESUMEs)."""
        for session in self._live_sessions():
            if session.conn is not None:
                await session.conn.send({"op": 7, "d": None, "s": None, "t": None})

    # ------------------------------------------------------------ payload builders

    def slash_command(
        self,
        user_id: int | str,
        *,
        name: str = "should-i-withdraw",
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        guild_id: int | str | None = _DEFAULT,
        channel_id: int | str | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """INTERACTION_CREATE data for a chat-input command (guild_id=None: in the bot DM)."""
        payload = self._interaction_base(2, user_id, guild_id, channel_id, locale)
        command, command_guild = self._find_command(name, payload.get("guild_id"))
        data: dict[str, Any] = {
            "id": command["id"] if command else self.snowflake(),
            "name": name,
            "type": 1,
        }
        if command_guild is not None:
            data["guild_id"] = command_guild
        opts = self._build_options(options, command)
        if opts:
            data["options"] = opts
        payload["data"] = data
        return payload

    def component_click(
        self,
        user_id: int | str,
        custom_id: str,
        *,
        message: dict[str, Any],
        component_type: int = 2,
        values: list[str] | None = None,
        guild_id: int | str | None = None,
        channel_id: int | str | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """A button (2) or select (3, 5-8) use on a message the bot posted.

        The guild and channel follow the message unless given.
        """
        if message.get("components") and custom_id not in self._custom_ids(message["components"]):
            raise ValueError(
                f"message {message['id']} has no component with custom_id {custom_id!r}"
            )
        cid = str(channel_id or message["channel_id"])
        gid = guild_id if guild_id is not None else self._channels.get(cid, {}).get("guild_id")
        payload = self._interaction_base(3, user_id, gid, cid, locale)
        payload["message"] = message
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if component_type != 2:
            data["values"] = list(values or [])
        payload["data"] = data
        return payload

    def modal_submit(
        self,
        user_id: int | str,
        custom_id: str,
        fields: dict[str, str],
        *,
        message: dict[str, Any] | None = None,
        guild_id: int | str | None = _DEFAULT,
        channel_id: int | str | None = None,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """A modal submission; mirrors the layout of the modal the bot showed, if any."""
        if message is not None:
            channel_id = channel_id or message["channel_id"]
            guild_id = self._channels.get(str(channel_id), {}).get("guild_id")
        payload = self._interaction_base(5, user_id, guild_id, channel_id, locale)
        if message is not None:
            payload["message"] = message
        payload["data"] = {
            "custom_id": custom_id,
            "components": self._modal_components(custom_id, fields),
        }
        return payload

    def dm_message(
        self, user_id: int | str, content: str, *, channel_id: int | str | None = None
    ) -> dict[str, Any]:
        """MESSAGE_CREATE data for a user writing to the bot in their DM."""
        cid = str(channel_id) if channel_id is not None else self.dm_channel_id(user_id)
        if cid not in self._channels:
            self.user(user_id)
            self._register_dm(str(user_id), cid)
        return self._user_message(user_id, cid, content)

    def guild_message(
        self,
        user_id: int | str,
        content: str,
        *,
        channel_id: int | str | None = None,
        mention_bot: bool = False,
    ) -> dict[str, Any]:
        """MESSAGE_CREATE data for a guild message (content is blanked without the intent)."""
        cid = str(channel_id or self.channel_id)
        gid = self._channels[cid]["guild_id"]
        msg = self._user_message(user_id, cid, content)
        msg["guild_id"] = gid
        msg["member"] = {k: v for k, v in self._member(user_id).items() if k != "user"}
        if mention_bot:
            msg["mentions"] = [dict(self.bot_user, member=self._member(self.application_id))]
        return msg

    # -------------------------------------------------------------- builder helpers

    def _new_token(self) -> str:
        return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(60)

    def _resolve_channel(
        self, user_id: str, guild_id: int | str | None, channel_id: int | str | None
    ) -> tuple[str | None, dict[str, Any]]:
        if channel_id is not None and str(channel_id) in self._channels:
            channel = self._channels[str(channel_id)]
            return channel.get("guild_id"), channel
        if guild_id is None:
            if channel_id is not None:
                self._register_dm(user_id, str(channel_id))
                return None, self._channels[str(channel_id)]
            return None, self._channels[self.dm_channel_id(user_id)]
        gid = self.guild_id if guild_id is _DEFAULT else str(guild_id)
        if gid not in self._guilds:
            self._guilds[gid] = {"id": gid, "name": "Guild", "channels": []}
        if channel_id is not None:
            return gid, self._channels[self.add_channel(gid, channel_id=channel_id)]
        if not self._guilds[gid]["channels"]:
            self.add_channel(gid, "general")
        return gid, self._guilds[gid]["channels"][0]

    def _interaction_base(
        self,
        itype: int,
        user_id: int | str,
        guild_id: int | str | None,
        channel_id: int | str | None,
        locale: str,
    ) -> dict[str, Any]:
        uid = str(user_id)
        gid, channel = self._resolve_channel(uid, guild_id, channel_id)
        payload: dict[str, Any] = {
            "id": self.snowflake(),
            "application_id": self.application_id,
            "type": itype,
            "token": self._new_token(),
            "version": 1,
            "locale": locale,
            "app_permissions": APP_PERMISSIONS,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "authorizing_integration_owners": {"0": gid or "0"},
            "context": 0 if gid else 1,
            "channel_id": channel["id"],
        }
        if gid:
            payload["guild_id"] = gid
            payload["guild"] = {"id": gid, "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            payload["channel"] = dict(channel) | {"permissions": APP_PERMISSIONS}
            payload["member"] = self._member(uid)
        else:
            payload["channel"] = {
                "id": channel["id"],
                "type": 1,
                "last_message_id": channel.get("last_message_id"),
                "flags": 0,
                "recipients": [self.user(uid)],
            }
            payload["user"] = self.user(uid)
        self._interactions[payload["id"]] = _Interaction(payload, time.monotonic())
        return payload

    def _member(self, user_id: int | str) -> dict[str, Any]:
        return {
            "user": self.user(user_id),
            "roles": [],
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "banner": None,
            "communication_disabled_until": None,
            "unusual_dm_activity_until": None,
            "permissions": APP_PERMISSIONS,
        }

    def _user_message(self, user_id: int | str, channel_id: str, content: str) -> dict[str, Any]:
        return {
            "id": self.snowflake(),
            "channel_id": channel_id,
            "author": self.user(user_id),
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
            "nonce": str(secrets.randbits(60)),
        }

    def _find_command(
        self, name: str, guild_id: str | None
    ) -> tuple[dict[str, Any] | None, str | None]:
        for scope in ([guild_id] if guild_id else []) + [None]:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == 1:
                    return cmd, scope
        return None, None

    @staticmethod
    def _build_options(
        options: dict[str, Any] | list[dict[str, Any]] | None, command: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        if options is None:
            return []
        if isinstance(options, list):
            return options
        declared = {o["name"]: o.get("type", 3) for o in (command or {}).get("options", [])}
        built = []
        for name, value in options.items():
            if name in declared:
                otype = declared[name]
            elif isinstance(value, bool):
                otype = 5
            elif isinstance(value, int):
                otype = 4
            elif isinstance(value, float):
                otype = 10
            else:
                otype = 3
            built.append({"name": name, "type": otype, "value": value})
        return built

    @staticmethod
    def _custom_ids(components: list[dict[str, Any]]) -> list[str]:
        found: list[str] = []
        for comp in components:
            if "custom_id" in comp:
                found.append(comp["custom_id"])
            found += FakeDiscord._custom_ids(comp.get("components", []))
            if isinstance(comp.get("component"), dict):
                found += FakeDiscord._custom_ids([comp["component"]])
            if isinstance(comp.get("accessory"), dict):
                found += FakeDiscord._custom_ids([comp["accessory"]])
        return found

    def _shown_modal(self, custom_id: str) -> dict[str, Any] | None:
        for cb in reversed(self.callbacks):
            if cb.type == 9 and cb.data.get("custom_id") == custom_id:
                return cb.data
        return None

    def _modal_components(self, custom_id: str, fields: dict[str, str]) -> list[dict[str, Any]]:
        shown = self._shown_modal(custom_id)
        if shown is None:
            return [
                {
                    "type": 1,
                    "id": 2 * i + 1,
                    "components": [{"type": 4, "id": 2 * i + 2, "custom_id": k, "value": v}],
                }
                for i, (k, v) in enumerate(fields.items())
            ]
        unknown = set(fields) - set(self._custom_ids(shown.get("components", [])))
        if unknown:
            raise ValueError(f"modal {custom_id!r} has no inputs {sorted(unknown)}")
        out = []
        for n, comp in enumerate(shown.get("components", []), start=1):
            if comp["type"] == 1:
                inner = [
                    self._submitted(c, fields, n * 10 + i) for i, c in enumerate(comp["components"])
                ]
                out.append({"type": 1, "id": comp.get("id", n), "components": inner})
            elif comp["type"] == 18:
                out.append(
                    {
                        "type": 18,
                        "id": comp.get("id", n),
                        "component": self._submitted(comp["component"], fields, n * 10),
                    }
                )
        return out

    @staticmethod
    def _submitted(comp: dict[str, Any], fields: dict[str, str], cid: int) -> dict[str, Any]:
        base = {"type": comp["type"], "id": comp.get("id", cid), "custom_id": comp.get("custom_id")}
        if comp["type"] == 4:
            return base | {"value": fields.get(comp["custom_id"], "")}
        value = fields.get(comp.get("custom_id", ""), [])
        return base | {"values": value if isinstance(value, list) else [value]}

    # ------------------------------------------------------------ gateway internals

    async def _wait(self, predicate: Callable[[], bool], timeout: float) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _live_sessions(self) -> list[_Session]:
        return [s for s in self._sessions.values() if s.conn is not None and s.conn.open]

    def _filter_for(self, session: _Session, event: str, data: Any) -> Any:
        """Apply intents the way the gateway does: drop the event or blank message content."""
        intents = session.intents
        if event.startswith("MESSAGE_") and isinstance(data, dict):
            needed = INTENT_GUILD_MESSAGES if data.get("guild_id") else INTENT_DIRECT_MESSAGES
            if not intents & needed:
                return None
            mentioned = any(m.get("id") == self.application_id for m in data.get("mentions", []))
            if data.get("guild_id") and not intents & INTENT_MESSAGE_CONTENT and not mentioned:
                return data | {"content": "", "embeds": [], "attachments": [], "components": []}
        if event.startswith(("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "CHANNEL_")):
            if not intents & INTENT_GUILDS:
                return None
        return data

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return await self._rest(request)
        query = dict(request.query)
        self.gateway_queries.append(query)
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = _Conn(ws, compress=self.compress_frames and query.get("compress") == "zlib-stream")
        self._conns.add(conn)
        try:
            await conn.send(
                {
                    "op": 10,
                    "d": {"heartbeat_interval": self.heartbeat_interval_ms},
                    "s": None,
                    "t": None,
                }
            )
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
        finally:
            self._conns.discard(conn)
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                if not conn.closed_by_server and ws.close_code in (1000, 1001):
                    # A clean client close ends the session: it can no longer be resumed.
                    self._sessions.pop(session.session_id, None)
            await self._notify()
        return ws

    async def _on_frame(self, conn: _Conn, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        self.gateway_received.append(frame)
        if op == 1:
            await conn.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(conn, data or {})
        elif op == 6:
            await self._resume(conn, data or {})
        elif conn.session is None:
            await conn.close(4003, b"Not authenticated.")
        elif op not in (3, 4, 8):
            await conn.close(4001, b"Unknown opcode.")

    async def _identify(self, conn: _Conn, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        if conn.session is not None:
            await conn.close(4005, b"Already authenticated.")
            return
        if self.token is not None and data.get("token") != self.token:
            await conn.close(4004, b"Authentication failed.")
            return
        if "intents" not in data:
            await conn.close(4013, b"Invalid intent(s).")
            return
        session = _Session(secrets.token_hex(16), int(data["intents"]))
        if isinstance(data.get("shard"), list) and len(data["shard"]) == 2:
            shard_id, count = int(data["shard"][0]), int(data["shard"][1])
            if not 0 <= shard_id < count:
                await conn.close(4010, b"Invalid shard.")
                return
            session.shard = (shard_id, count)
        self._sessions[session.session_id] = session
        session.conn = conn
        conn.session = session
        ready: dict[str, Any] = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [
                {"id": gid, "unavailable": True}
                for gid in self._guilds
                if _on_shard(session, {"guild_id": gid})
            ],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": self.application_id, "flags": 0},
            "private_channels": [],
            "presences": [],
            "relationships": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "_trace": ['["fake-discord-gateway"]'],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await conn.dispatch(session, "READY", ready)
        if session.intents & INTENT_GUILDS:
            for gid in self._guilds:
                if _on_shard(session, {"guild_id": gid}):
                    await conn.dispatch(session, "GUILD_CREATE", self._guild_create(gid))
        self.ready_count += 1
        await self._notify()

    async def _resume(self, conn: _Conn, data: dict[str, Any]) -> None:
        self.resumes.append(data)
        session = self._sessions.get(str(data.get("session_id")))
        if session is None or (self.token is not None and data.get("token") != self.token):
            await conn.send({"op": 9, "d": False, "s": None, "t": None})
            return
        session.conn = conn
        conn.session = session
        await conn.replay([f for f in session.frames if f["s"] > (data.get("seq") or 0)])
        await conn.dispatch(session, "RESUMED", {"_trace": ["fake-discord-gateway"]})
        await self._notify()

    def _guild_create(self, guild_id: str) -> dict[str, Any]:
        guild = self._guilds[guild_id]
        everyone = {
            "id": guild_id,
            "name": "@everyone",
            "permissions": "2248473465835073",
            "position": 0,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        return {
            "id": guild_id,
            "name": guild["name"],
            "icon": None,
            "owner_id": self.owner_id,
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [
                {k: v for k, v in c.items() if k != "guild_id"} for c in guild["channels"]
            ],
            "threads": [],
            "members": [self._member(self.application_id)],
            "member_count": 2,
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "large": False,
            "unavailable": False,
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
            "afk_timeout": 300,
            "lazy": True,
        }

    # --------------------------------------------------------------- REST plumbing

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.path
        path = path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else path
        body, files = await self._read_body(request)
        call = Call(request.method, path, body, dict(request.query), dict(request.headers), files)
        try:
            response = await self._route(call, inside_api=request.path.startswith(API_PREFIX + "/"))
        except Exception as exc:  # a bug in the fake: 400 (discord.py retries 5xx for ~16 s)
            self.internal_errors.append(exc)
            response = _error(400, f"fake_discord crashed: {exc!r}", 0)
        call.status = response.status
        self.calls.append(call)
        await self._notify()
        return response

    @staticmethod
    async def _read_body(
        request: web.Request,
    ) -> tuple[dict[str, Any] | list[Any] | None, list[UploadedFile]]:
        if not request.can_read_body:
            return None, []
        if request.content_type.startswith("multipart/"):
            body: dict[str, Any] | list[Any] | None = None
            files: list[UploadedFile] = []
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                raw = await part.read()
                if part.name == "payload_json":
                    body = json.loads(raw)
                else:
                    files.append(
                        UploadedFile(
                            part.name or "", part.filename, part.headers.get("Content-Type"), raw
                        )
                    )
            return body, files
        raw_text = await request.text()
        if not raw_text:
            return None, []
        try:
            return json.loads(raw_text), []
        except ValueError:
            return {"_raw": raw_text}, []

    async def _route(self, call: Call, *, inside_api: bool) -> web.Response:
        for failure in self._failures:
            if (
                failure.remaining > 0
                and failure.method == call.method
                and failure.pattern.fullmatch(call.path)
            ):
                failure.remaining -= 1
                resp = _json_response(failure.body, failure.status)
                resp.headers.update(failure.headers)
                return resp
        if not inside_api:
            return _error(404, "404: Not Found", 0)
        path_matched = False
        for methods, regex, handler, needs_auth in self._routes():
            match = re.fullmatch(regex, call.path)
            if match is None:
                continue
            path_matched = True
            if call.method not in methods:
                continue
            if (
                needs_auth
                and self.token is not None
                and call.headers.get("Authorization") != f"Bot {self.token}"
            ):
                return _error(401, "401: Unauthorized", 0)
            return await handler(call, **match.groupdict())
        if path_matched:
            return _error(405, "405: Method Not Allowed", 0)
        return _error(404, "404: Not Found", 0)

    def _routes(self) -> list[tuple[set[str], str, Callable[..., Any], bool]]:
        return [
            ({"GET"}, r"/users/@me", self._get_me, True),
            ({"GET"}, r"/users/(?P<user_id>\d+)", self._get_user, True),
            ({"GET"}, r"/oauth2/applications/@me", self._get_application, True),
            ({"GET"}, r"/gateway", self._get_gateway, False),
            ({"GET"}, r"/gateway/bot", self._get_gateway_bot, True),
            ({"GET", "PUT"}, r"/applications/(?P<app_id>\d+)/commands", self._commands, True),
            (
                {"GET", "PUT"},
                r"/applications/(?P<app_id>\d+)/guilds/(?P<guild_id>\d+)/commands",
                self._commands,
                True,
            ),
            ({"POST"}, r"/users/@me/channels", self._open_dm, True),
            ({"GET"}, r"/channels/(?P<channel_id>\d+)", self._get_channel, True),
            ({"POST"}, r"/channels/(?P<channel_id>\d+)/messages", self._post_message, True),
            (
                {"GET", "PATCH", "DELETE"},
                r"/channels/(?P<channel_id>\d+)/messages/(?P<message_id>\d+)",
                self._channel_message,
                True,
            ),
            ({"POST"}, r"/channels/(?P<channel_id>\d+)/typing", self._typing, True),
            (
                {"POST"},
                r"/interactions/(?P<interaction_id>\d+)/(?P<token>[^/]+)/callback",
                self._callback,
                False,
            ),
            ({"POST"}, r"/webhooks/(?P<app_id>\d+)/(?P<token>[^/]+)", self._followup, False),
            (
                {"GET", "PATCH", "DELETE"},
                r"/webhooks/(?P<app_id>\d+)/(?P<token>[^/]+)/messages/(?P<message_id>@original|\d+)",
                self._webhook_message,
                False,
            ),
        ]

    # ---------------------------------------------------------------- REST handlers

    async def _get_me(self, call: Call) -> web.Response:
        return _json_response(self.bot_user)

    async def _get_user(self, call: Call, user_id: str) -> web.Response:
        return _json_response(self.user(user_id))

    async def _get_application(self, call: Call) -> web.Response:
        return _json_response(
            {
                "id": self.application_id,
                "name": self.bot_user["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "hook": True,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": secrets.token_hex(32),
                "owner": self.user(self.owner_id),
                "team": None,
                "flags": 0,
                "tags": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "approximate_guild_count": len(self._guilds),
                "integration_types_config": {"0": {}},
                "bot": self.bot_user,
            }
        )

    async def _get_gateway(self, call: Call) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, call: Call) -> web.Response:
        return _json_response(
            {
                "url": self.gateway_url,
                "shards": self.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _commands(self, call: Call, app_id: str, guild_id: str | None = None) -> web.Response:
        if app_id != self.application_id:
            return _error(403, "Missing Access", 50001)
        if call.method == "GET":
            return _json_response(self.commands.get(guild_id, []))
        payload = call.json if isinstance(call.json, list) else []
        problems = self._command_errors(payload)
        if problems:
            return _error(400, "Invalid Form Body", 50035, _form_errors(problems))
        previous = {(c["name"], c.get("type", 1)): c["id"] for c in self.commands.get(guild_id, [])}
        stored = []
        for cmd in payload:
            ctype = cmd.get("type", 1)
            echoed = {
                "id": previous.get((cmd["name"], ctype)) or self.snowflake(),
                "application_id": self.application_id,
                "version": self.snowflake(),
                "default_member_permissions": None,
                "type": ctype,
                "name_localizations": None,
                "description_localizations": None,
                "contexts": None,
                "integration_types": [0],
                "nsfw": False,
                "description": "",
            } | cmd
            if guild_id is not None:
                echoed["guild_id"] = guild_id
            stored.append(echoed)
        self.commands[guild_id] = stored
        self.command_syncs.append((guild_id, payload))
        return _json_response(stored)

    @staticmethod
    def _command_errors(payload: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        for i, cmd in enumerate(payload):
            name = str(cmd.get("name", ""))
            if cmd.get("type", 1) == 1:
                if not re.fullmatch(r"[-_\w]{1,32}", name) or name != name.lower():
                    problems.append(
                        (f"{i}.name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
                    )
                if not 1 <= len(cmd.get("description", "")) <= 100:
                    problems.append(
                        (
                            f"{i}.description",
                            "BASE_TYPE_BAD_LENGTH",
                            "Must be between 1 and 100 in length.",
                        )
                    )
            if len(cmd.get("options", [])) > 25:
                problems.append(_too_long(f"{i}.options", 25))
            for j, opt in enumerate(cmd.get("options", [])):
                if len(opt.get("choices", [])) > 25:
                    problems.append(_too_long(f"{i}.options.{j}.choices", 25))
        return problems

    async def _open_dm(self, call: Call) -> web.Response:
        body = call.json if isinstance(call.json, dict) else {}
        recipient = str(body.get("recipient_id", ""))
        if not recipient.isdigit():
            return _error(
                400,
                "Invalid Form Body",
                50035,
                _form_errors([("recipient_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")]),
            )
        return _json_response(self._dm_object(self.dm_channel_id(recipient)))

    def _dm_object(self, channel_id: str) -> dict[str, Any]:
        channel = self._channels[channel_id]
        return {
            "id": channel_id,
            "type": 1,
            "last_message_id": channel.get("last_message_id"),
            "flags": 0,
            "recipients": [self.user(channel["recipient_id"])],
        }

    async def _get_channel(self, call: Call, channel_id: str) -> web.Response:
        channel = self._channels.get(channel_id)
        if channel is None:
            return _error(404, "Unknown Channel", 10003)
        if channel["type"] == 1:
            return _json_response(self._dm_object(channel_id))
        return _json_response(channel)

    async def _post_message(self, call: Call, channel_id: str) -> web.Response:
        channel = self._channels.get(channel_id)
        if channel is None:
            return _error(404, "Unknown Channel", 10003)
        if channel["type"] == 1 and channel["recipient_id"] in self._closed_dms:
            return _error(403, "Cannot send messages to this user", 50007)
        body = call.json if isinstance(call.json, dict) else {}
        invalid = self._invalid_message(body, call.files, require_content=True)
        if invalid is not None:
            return invalid
        msg = self._create_message(channel_id, body, call.files)
        if "message_reference" in body:
            ref = body["message_reference"]
            msg["type"] = 19
            msg["message_reference"] = {"type": 0, "channel_id": channel_id, **ref}
            msg["referenced_message"] = self._index.get(str(ref.get("message_id")))
        return _json_response(msg)

    async def _channel_message(self, call: Call, channel_id: str, message_id: str) -> web.Response:
        msg = self._index.get(message_id)
        if msg is None or msg["channel_id"] != channel_id:
            return _error(404, "Unknown Message", 10008)
        if call.method == "GET":
            return _json_response(msg)
        if call.method == "DELETE":
            self._delete_message(msg)
            return _no_content()
        body = call.json if isinstance(call.json, dict) else {}
        invalid = self._invalid_message(body, call.files, require_content=False)
        if invalid is not None:
            return invalid
        return _json_response(self._edit_message(msg, body, call.files))

    async def _typing(self, call: Call, channel_id: str) -> web.Response:
        if channel_id not in self._channels:
            return _error(404, "Unknown Channel", 10003)
        return _no_content()

    async def _callback(self, call: Call, interaction_id: str, token: str) -> web.Response:
        it = self._interactions.get(interaction_id)
        if it is None or it.payload["token"] != token:
            return _error(404, "Unknown interaction", 10062)
        now = time.monotonic()
        if it.callbacks:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        if now - (it.dispatched_at or it.created_at) > self.interaction_deadline:
            return _error(404, "Unknown interaction", 10062)
        body = call.json if isinstance(call.json, dict) else {}
        rtype = body.get("type")
        data = body.get("data") or {}
        itype = it.payload["type"]
        allowed = _CALLBACK_TYPES.get(itype, set())
        if itype == 5 and "message" not in it.payload:
            allowed = allowed - {6, 7}
        if rtype not in allowed:
            return _error(
                400,
                "Invalid Form Body",
                50035,
                _form_errors(
                    [
                        (
                            "type",
                            "INTERACTION_RESPONSE_TYPE_INVALID",
                            f"Interaction response type {rtype} is invalid.",
                        )
                    ]
                ),
            )
        if rtype in (4, 7):
            invalid = self._invalid_message(data, call.files, require_content=rtype == 4)
            if invalid is not None:
                return invalid
        if rtype == 9:
            problems = self._modal_errors(data)
            if problems:
                return _error(400, "Invalid Form Body", 50035, _form_errors(problems))
        msg = self._apply_callback(it, rtype, data, call.files)
        record = InteractionCallback(
            interaction_id, token, rtype, data, now - (it.dispatched_at or it.created_at)
        )
        it.callbacks.append(record)
        it.first_callback_at = now
        self.callbacks.append(record)
        if not _truthy(call.query.get("with_response")):
            return _no_content()
        inter: dict[str, Any] = {"id": interaction_id, "type": itype}
        if msg is not None:
            inter |= {
                "response_message_id": msg["id"],
                "response_message_loading": rtype == 5,
                "response_message_ephemeral": bool(msg["flags"] & EPHEMERAL),
            }
        resource: dict[str, Any] = {"type": rtype}
        if msg is not None and rtype in (4, 5, 7):
            resource["message"] = msg
        return _json_response({"interaction": inter, "resource": resource})

    def _apply_callback(
        self, it: _Interaction, rtype: int, data: dict[str, Any], files: list[UploadedFile]
    ) -> dict[str, Any] | None:
        channel_id = it.payload["channel_id"]
        if rtype == 4:
            msg = self._create_message(channel_id, data, files, interaction=it)
            it.original_id = msg["id"]
            return msg
        if rtype == 5:
            flags = LOADING | (int(data.get("flags", 0)) & EPHEMERAL)
            msg = self._create_message(
                channel_id, {"content": "", "flags": flags}, [], interaction=it
            )
            it.original_id, it.loading = msg["id"], True
            return msg
        if rtype in (6, 7) and "message" in it.payload:
            target = self._index.get(it.payload["message"]["id"])
            if target is None:  # a message the fake did not create: adopt it
                target = dict(it.payload["message"])
                self._store(target)
            it.original_id = target["id"]
            return self._edit_message(target, data, files) if rtype == 7 else target
        return None

    def _interaction_for_webhook(self, app_id: str, token: str) -> _Interaction | None:
        if app_id != self.application_id:
            return None
        for it in self._interactions.values():
            if it.payload["token"] == token and it.callbacks:
                return it
        return None

    async def _followup(self, call: Call, app_id: str, token: str) -> web.Response:
        it = self._interaction_for_webhook(app_id, token)
        if it is None:
            return _error(404, "Unknown Webhook", 10015)
        body = call.json if isinstance(call.json, dict) else {}
        invalid = self._invalid_message(body, call.files, require_content=True)
        if invalid is not None:
            return invalid
        if it.loading and it.original_id is not None:
            # Discord turns the first follow-up after a deferral into the deferred message.
            msg = self._edit_message(self._index[it.original_id], body, call.files)
        else:
            flags = int(body.get("flags", 0)) & (
                EPHEMERAL | SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | COMPONENTS_V2
            )
            msg = self._create_message(
                it.payload["channel_id"],
                body | {"flags": flags},
                call.files,
                interaction=it,
                message_type=0,
            )
            it.followup_ids.append(msg["id"])
        if not _truthy(call.query.get("wait")):
            return _no_content()
        return _json_response(msg)

    async def _webhook_message(
        self, call: Call, app_id: str, token: str, message_id: str
    ) -> web.Response:
        it = self._interaction_for_webhook(app_id, token)
        if it is None:
            return _error(404, "Unknown Webhook", 10015)
        mid = it.original_id if message_id == "@original" else message_id
        if (
            mid is None
            or (mid != it.original_id and mid not in it.followup_ids)
            or mid not in self._index
        ):
            return _error(404, "Unknown Message", 10008)
        msg = self._index[mid]
        if call.method == "GET":
            return _json_response(msg)
        if call.method == "DELETE":
            self._delete_message(msg)
            return _no_content()
        body = call.json if isinstance(call.json, dict) else {}
        invalid = self._invalid_message(body, call.files, require_content=False)
        if invalid is not None:
            return invalid
        return _json_response(self._edit_message(msg, body, call.files))

    # ------------------------------------------------------------ message storage

    def _store(self, msg: dict[str, Any]) -> None:
        self._index[msg["id"]] = msg
        self.messages[msg["channel_id"]].append(msg)
        if msg["channel_id"] in self._channels:
            self._channels[msg["channel_id"]]["last_message_id"] = msg["id"]

    def _delete_message(self, msg: dict[str, Any]) -> None:
        self._index.pop(msg["id"], None)
        channel_msgs = self.messages[msg["channel_id"]]
        channel_msgs[:] = [m for m in channel_msgs if m["id"] != msg["id"]]

    def _create_message(
        self,
        channel_id: str,
        body: dict[str, Any],
        files: list[UploadedFile],
        *,
        interaction: _Interaction | None = None,
        message_type: int | None = None,
    ) -> dict[str, Any]:
        allowed_flags = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | COMPONENTS_V2
        if interaction is not None:
            allowed_flags |= EPHEMERAL | LOADING
        msg: dict[str, Any] = {
            "id": self.snowflake(),
            "channel_id": channel_id,
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(body, files),
            "embeds": [{"type": "rich"} | e for e in body.get("embeds") or []],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags", 0)) & allowed_flags,
            "components": self._with_ids(body.get("components") or []),
        }
        if "nonce" in body:
            msg["nonce"] = body["nonce"]
        if interaction is not None:
            payload = interaction.payload
            user = payload.get("user") or payload["member"]["user"]
            is_command = payload["type"] == 2
            msg["webhook_id"] = self.application_id
            msg["application_id"] = self.application_id
            msg["type"] = (
                message_type
                if message_type is not None
                else (_APP_COMMAND_MESSAGE_TYPE if is_command else 0)
            )
            metadata: dict[str, Any] = {
                "id": payload["id"],
                "type": payload["type"],
                "user": user,
                "authorizing_integration_owners": payload["authorizing_integration_owners"],
            }
            if payload["type"] == 3:
                metadata["interacted_message_id"] = payload["message"]["id"]
            if interaction.original_id is not None:
                metadata["original_response_message_id"] = interaction.original_id
            msg["interaction_metadata"] = metadata
            if is_command:
                msg["interaction"] = {
                    "id": payload["id"],
                    "type": 2,
                    "name": payload["data"]["name"],
                    "user": user,
                }
        self._store(msg)
        return msg

    def _edit_message(
        self, msg: dict[str, Any], body: dict[str, Any], files: list[UploadedFile]
    ) -> dict[str, Any]:
        if "content" in body:
            msg["content"] = body["content"] or ""
        if "embeds" in body:
            msg["embeds"] = [{"type": "rich"} | e for e in body["embeds"] or []]
        if "components" in body:
            msg["components"] = self._with_ids(body["components"] or [])
        if "attachments" in body or files:
            msg["attachments"] = self._attachments(body, files)
        if "flags" in body and body["flags"] is not None:
            keep = msg["flags"] & ~SUPPRESS_EMBEDS
            msg["flags"] = keep | (int(body["flags"]) & SUPPRESS_EMBEDS)
        if msg["flags"] & LOADING:
            msg["flags"] &= ~LOADING
            for it in self._interactions.values():
                if it.original_id == msg["id"]:
                    it.loading = False
        msg["edited_timestamp"] = _now_iso()
        return msg

    def _attachments(self, body: dict[str, Any], files: list[UploadedFile]) -> list[dict[str, Any]]:
        by_index = {f.name: f for f in files}
        out = []
        for att in body.get("attachments") or []:
            upload = by_index.get(f"files[{att.get('id')}]")
            if upload is None:
                existing = next(
                    (
                        a
                        for m in self._index.values()
                        for a in m.get("attachments", [])
                        if str(a["id"]) == str(att.get("id"))
                    ),
                    None,
                )
                if existing is not None:
                    out.append(existing)
                continue
            aid = self.snowflake()
            filename = att.get("filename") or upload.filename or "file"
            url = f"https://cdn.discordapp.com/attachments/0/{aid}/{filename}"
            out.append(
                {
                    "id": aid,
                    "filename": filename,
                    "size": len(upload.data),
                    "url": url,
                    "proxy_url": url,
                    "content_type": upload.content_type,
                    "description": att.get("description"),
                }
            )
        return out

    def _with_ids(self, components: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Discord numbers every component in a message (``id``) when storing it."""
        counter = iter(range(1, 10_000))

        def number(comp: dict[str, Any]) -> dict[str, Any]:
            comp = dict(comp)
            comp.setdefault("id", next(counter))
            if "components" in comp:
                comp["components"] = [number(c) for c in comp["components"]]
            return comp

        return [number(c) for c in components]

    # ---------------------------------------------------------------- validation

    def _invalid_message(
        self, body: dict[str, Any], files: list[UploadedFile], *, require_content: bool
    ) -> web.Response | None:
        """Discord's main checks: empty message (50006) and form limits (50035)."""
        has_body = (
            any(body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll"))
            or files
        )
        if require_content and not has_body:
            return _error(400, "Cannot send an empty message", 50006)
        problems = self._message_problems(body)
        if problems:
            return _error(400, "Invalid Form Body", 50035, _form_errors(problems))
        return None

    @staticmethod
    def _message_problems(body: dict[str, Any]) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        if len(body.get("content") or "") > 2000:
            problems.append(_too_long("content", 2000))
        embeds = body.get("embeds") or []
        if len(embeds) > 10:
            problems.append(_too_long("embeds", 10))
        for i, embed in enumerate(embeds):
            if len(embed.get("title") or "") > 256:
                problems.append(_too_long(f"embeds.{i}.title", 256))
            if len(embed.get("description") or "") > 4096:
                problems.append(_too_long(f"embeds.{i}.description", 4096))
            if len(embed.get("fields") or []) > 25:
                problems.append(_too_long(f"embeds.{i}.fields", 25))
        components = body.get("components") or []
        v2 = int(body.get("flags") or 0) & COMPONENTS_V2
        if not v2 and len(components) > 5:
            problems.append(_too_long("components", 5))
        seen: set[str] = set()
        for i, row in enumerate(components):
            children = row.get("components", []) if row.get("type") == 1 else []
            if len(children) > 5:
                problems.append(_too_long(f"components.{i}.components", 5))
            for j, comp in enumerate(children):
                where = f"components.{i}.components.{j}"
                if comp.get("type") == 2 and len(comp.get("label") or "") > 80:
                    problems.append(_too_long(f"{where}.label", 80))
                custom_id = comp.get("custom_id")
                if custom_id is not None:
                    if len(custom_id) > 100:
                        problems.append(_too_long(f"{where}.custom_id", 100))
                    if custom_id in seen:
                        problems.append(
                            (
                                f"{where}.custom_id",
                                "COMPONENT_CUSTOM_ID_DUPLICATED",
                                "Component custom id cannot be duplicated",
                            )
                        )
                    seen.add(custom_id)
                if len(comp.get("options") or []) > 25:
                    problems.append(_too_long(f"{where}.options", 25))
        return problems

    @staticmethod
    def _modal_problems_for(comp: dict[str, Any], where: str) -> list[tuple[str, str, str]]:
        problems = []
        if comp.get("type") == 4:
            if len(comp.get("label") or "") > 45:
                problems.append(_too_long(f"{where}.label", 45))
            if len(comp.get("value") or "") > 4000:
                problems.append(_too_long(f"{where}.value", 4000))
            if (comp.get("max_length") or 0) > 4000:
                problems.append(
                    (f"{where}.max_length", "NUMBER_TYPE_MAX", "Must be 4000 or fewer.")
                )
        return problems

    def _modal_errors(self, data: dict[str, Any]) -> list[tuple[str, str, str]]:
        problems: list[tuple[str, str, str]] = []
        if not 1 <= len(data.get("title") or "") <= 45:
            problems.append(
                ("data.title", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.")
            )
        if not data.get("custom_id") or len(data["custom_id"]) > 100:
            problems.append(
                ("data.custom_id", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            )
        components = data.get("components") or []
        if not 1 <= len(components) <= 5:
            problems.append(
                ("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
            )
        for i, comp in enumerate(components):
            inner = (
                comp.get("components", [])
                if comp.get("type") == 1
                else [comp.get("component") or {}]
            )
            for j, child in enumerate(inner):
                problems += self._modal_problems_for(child, f"data.components.{i}.components.{j}")
        return problems
