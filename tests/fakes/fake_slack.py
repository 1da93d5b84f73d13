"""A small, faithful fake of Slack for tests: Web API, response_url and Socket Mode on loopback.

The real slack_sdk / slack_bolt clients talk to it over real HTTP and websockets, so adapter
code is exercised exactly as in production (encodings, retries, acks), only without Slack.
Shapes follow the Slack docs, slack_sdk 3.48 and bolt-python's own test payloads.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web
from slack_sdk.signature import SignatureVerifier

from .fake_slack_views import ViewError, Views

TEAM_ID = "T0001"
TEAM_DOMAIN = "fake-workspace"
TEAM_NAME = "Fake Workspace"
BOT_USER_ID = "UBOT"
BOT_ID = "B0001"
APP_ID = "A0001"
BOT_NAME = "withdraw-coach"
DEFAULT_SCOPES = "commands,chat:write,im:write,im:history,users:read"
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_TEXT = 40_000
# Fields that form-encoded callers send as JSON strings; decoded so tests see dicts either way.
JSON_FIELDS = ("blocks", "attachments", "metadata", "view")

_ts_counter = itertools.count(1)
_trigger_counter = itertools.count(1)


def next_ts() -> str:
    """Slack-style message ts, strictly increasing across the process (ordering matters)."""
    micros = 1_700_000_000_000_000 + next(_ts_counter) * 100
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def dm_channel_id(user_id: str) -> str:
    """The bot's DM channel with a user: deterministic, so tests can predict it."""
    return "D" + (user_id[1:] if user_id[:1] in ("U", "W") else user_id)


def _trigger_id() -> str:
    return f"{next(_trigger_counter)}.1.{uuid.uuid4().hex[:20]}"


def _flag(value: Any) -> bool:
    """Slack booleans arrive as true/"true"/"1" (slack_sdk turns query bools into "1"/"0")."""
    return str(value).lower() in ("1", "true")


class SlackError(Exception):
    """An `{"ok": false, "error": ...}` answer from a method handler."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Call:
    """One request the fake received; `failed` is true when it was answered with an error."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float
    failed: bool = False
    token: str | None = None
    status: int = 200
    content_type: str = ""
    response: Any = None


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    error: str | None


@dataclass
class _ResponseTarget:
    channel: str | None
    message_ts: str | None


@dataclass(eq=False, repr=False)
class FakeSlack:
    """Fake Slack server; use `async with FakeSlack() as slack:` or start()/stop()."""

    host: str = "127.0.0.1"
    scopes: str = DEFAULT_SCOPES
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    invalid_tokens: set[str] = field(default_factory=set)
    socket_sent: list[dict[str, Any]] = field(default_factory=list)
    socket_received: list[dict[str, Any]] = field(default_factory=list)
    socket_acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    socket_connections: int = 0

    def __post_init__(self) -> None:
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._cond = asyncio.Condition()
        self._failures: dict[str, list[_Failure]] = {}
        self._blocked: dict[tuple[str, str], str] = {}
        self._locales: dict[str, str] = {}
        self._users: dict[str, dict[str, Any]] = {}
        self._opened: set[str] = set()
        self._view_ids = itertools.count(1)
        self._response_ids = itertools.count(1)
        self._response_targets: dict[str, _ResponseTarget] = {}
        self._sockets: list[web.WebSocketResponse] = []
        # Modals (fake_slack_views.py): views.open, and the triggers clicks hand out.
        self.views = Views(TEAM_ID, APP_ID, BOT_ID)
        self._methods: dict[str, Callable[[dict[str, Any], str | None], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "apps.connections.open": self._apps_connections_open,
            "conversations.open": self._conversations_open,
            "conversations.history": self._conversations_history,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "users.info": self._users_info,
            "views.publish": self._views_publish,
            "views.open": self._views_open,
        }

    def __repr__(self) -> str:  # the default would dump every call into assertion output
        return f"FakeSlack({self.base_url}, calls={len(self.calls)}, sockets={self.socket_connections})"

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listen on an ephemeral loopback port so parallel tests never collide."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{n}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close websockets first: aiohttp's graceful shutdown would wait on them."""
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"server shutdown")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """For `AsyncWebClient(base_url=slack.api_url)` (trailing slash matters to urljoin)."""
        return f"{self.base_url}/api/"

    @property
    def socket_url(self) -> str:
        return f"ws://{self.host}:{self.port}/socket"

    # ------------------------------------------------------------------ configuration

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        error: str | None = None,
        times: int = 1,
    ) -> None:
        """Fail the next `times` calls: HTTP `status` (+Retry-After on 429), or 200 + `error`."""
        failure = _Failure(status=200 if error else status, retry_after=retry_after, error=error)
        self._failures.setdefault(method, []).extend([failure] * times)

    def block_channel(self, channel: str, error: str = "not_in_channel") -> None:
        """Make chat.postMessage/postEphemeral into `channel` fail, like a channel the bot left."""
        self._blocked[("chat.postMessage", channel)] = error
        self._blocked[("chat.postEphemeral", channel)] = error

    def block_dm(
        self, user_id: str, error: str = "messages_tab_disabled", *, at: str = "chat.postMessage"
    ) -> None:
        """Refuse DMs to a user: at chat.postMessage (default) or already at conversations.open."""
        target = user_id if at == "conversations.open" else dm_channel_id(user_id)
        self._blocked[(at, target)] = error

    def set_locale(self, user_id: str, locale: str) -> None:
        self._locales[user_id] = locale

    def set_user(self, user_id: str, **fields: Any) -> None:
        """Override users.info fields (tz, real_name, deleted, ...) for one user."""
        self._users.setdefault(user_id, {}).update(fields)

    def new_response_url(self, *, channel: str | None = None, message_ts: str | None = None) -> str:
        """A response_url; bound to a message so replace_original/delete_original act on it."""
        url = f"{self.base_url}/response/{next(self._response_ids)}"
        self._response_targets[url] = _ResponseTarget(channel, message_ts)
        self.responses.setdefault(url, [])
        return url

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str, *, failed: bool | None = None) -> list[Call]:
        return [
            c for c in self.calls if c.method == method and (failed is None or c.failed is failed)
        ]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5) -> list[Call]:
        """Wait (on a condition, no polling) until `count` calls of `method` were recorded."""
        await self._wait_until(
            lambda: len(self.calls_to(method)) >= count,
            timeout,
            lambda: f"{count} call(s) to {method}; recorded: {[c.method for c in self.calls]}",
        )
        return self.calls_to(method)

    async def wait_socket_connected(self, timeout: float = 5, *, connections: int = 1) -> None:
        """Wait until `connections` sockets have connected in total and one is open now."""
        await self._wait_until(
            lambda: self.socket_connections >= connections and bool(self._open_sockets()),
            timeout,
            lambda: f"{connections} socket connection(s); got {self.socket_connections}",
        )

    async def wait_socket_ack(self, envelope_id: str, timeout: float = 5) -> dict[str, Any]:
        """The client's ack `{"envelope_id": ..., "payload"?: ...}` for one pushed envelope."""
        await self._wait_until(
            lambda: envelope_id in self.socket_acks,
            timeout,
            lambda: f"an ack for {envelope_id}; received: {self.socket_received}",
        )
        return self.socket_acks[envelope_id]

    async def _wait_until(
        self, predicate: Callable[[], bool], timeout: float, what: Callable[[], str]
    ) -> None:
        try:
            async with asyncio.timeout(timeout):
                async with self._cond:
                    await self._cond.wait_for(predicate)
        except TimeoutError:
            raise TimeoutError(
                f"FakeSlack: timed out after {timeout}s waiting for {what()}"
            ) from None

    async def _changed(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    # ------------------------------------------------------------------ socket mode

    async def socket_push(
        self,
        envelope_type: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        accepts_response_payload: bool | None = None,
        timeout: float = 5,
    ) -> str:
        """Send an envelope to the connected client (waiting for one) and return its envelope_id.

        Like Slack, only events_api envelopes carry retry_attempt/retry_reason (Bolt turns them
        into x-slack-retry-* headers), unless a retry is asked for explicitly.
        """
        await self.wait_socket_connected(timeout)
        if accepts_response_payload is None:
            accepts_response_payload = envelope_type == "slash_commands" or (
                envelope_type == "interactive"
                and payload.get("type") in ("view_submission", "block_suggestion")
            )
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "type": envelope_type,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
        }
        if envelope_type == "events_api" or retry_attempt or retry_reason:
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        self.socket_sent.append(envelope)
        await self._open_sockets()[-1].send_json(envelope)
        return envelope["envelope_id"]

    async def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's `disconnect` message; slack_sdk then opens a fresh connection."""
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        for ws in self._open_sockets():
            await ws.send_json(message)

    async def socket_close(self) -> None:
        """Drop the connections server-side, as when Slack recycles a websocket host."""
        for ws in self._open_sockets():
            await ws.close(code=1001, message=b"going away")

    def _open_sockets(self) -> list[web.WebSocketResponse]:
        return [ws for ws in self._sockets if not ws.closed]

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        self.socket_connections += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self._open_sockets()),
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": APP_ID},
            }
        )
        await self._changed()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    data = json.loads(msg.data)
                except ValueError:
                    data = {"raw": msg.data}
                self.socket_received.append(data)
                if isinstance(data, dict) and "envelope_id" in data:
                    self.socket_acks[data["envelope_id"]] = data
                await self._changed()
        finally:
            self._sockets.remove(ws)
            await self._changed()
        return ws

    # ------------------------------------------------------------------ HTTP plumbing

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        headers = dict(request.headers)
        params, content_type, bad_json = await _read_params(request)
        token = _bearer(headers.get("Authorization"))
        if token is None and content_type != "application/json":
            token = params.pop("token", None) or None  # Slack also takes form/query tokens
        params.pop("token", None)

        status, extra_headers = 200, {"x-oauth-scopes": self.scopes}
        failure = self._pop_failure(method)
        if failure is not None:
            status, body = failure.status, {"ok": False, "error": failure.error or "ratelimited"}
            if failure.status == 429 and failure.retry_after is not None:
                extra_headers["Retry-After"] = str(failure.retry_after)
            elif failure.status >= 500:
                body["error"] = "internal_error"
        elif bad_json:
            body = {"ok": False, "error": "invalid_json"}
        elif not token:
            body = {"ok": False, "error": "not_authed"}
        elif token in self.invalid_tokens:
            body = {"ok": False, "error": "invalid_auth"}
        elif method not in self._methods:
            body = {"ok": False, "error": "unknown_method", "req_method": method}
        else:
            try:
                body = {"ok": True, **self._methods[method](params, token)}
            except SlackError as e:
                body = {"ok": False, "error": e.error, **e.extra}
        if (
            body.get("ok")
            and content_type == "application/json"
            and "charset" not in headers.get("Content-Type", "")
        ):
            body["warning"] = "missing_charset"
            body["response_metadata"] = {"warnings": ["missing_charset"]}

        await self._record(
            Call(
                method=method,
                body=params,
                headers=headers,
                at=time.monotonic(),
                failed=status != 200 or not body.get("ok"),
                token=token,
                status=status,
                content_type=content_type,
                response=body,
            )
        )
        return web.json_response(body, status=status, headers=extra_headers)

    def _pop_failure(self, method: str) -> _Failure | None:
        queue = self._failures.get(method)
        return queue.pop(0) if queue else None

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        await self._changed()

    async def _response_url(self, request: web.Request) -> web.Response:
        """Like hooks.slack.com: JSON in, plain `ok` out; errors are 404 text, not exceptions."""
        url = f"{self.base_url}/response/{request.match_info['n']}"
        try:
            body = await request.json()
        except ValueError:
            body = {}
        status, text, headers = 200, "ok", {}
        failure = self._pop_failure("response_url")
        if failure is not None:
            status = 404 if failure.error else failure.status
            text = failure.error or "rate_limited"
            if failure.status == 429 and failure.retry_after is not None:
                headers["Retry-After"] = str(failure.retry_after)
        elif not _valid_response(body):
            status, text = 400, "no_text"
        else:
            self.responses.setdefault(url, []).append(body)
            self._apply_response(url, body)
        await self._record(
            Call(
                method="response_url",
                body=body if isinstance(body, dict) else {"raw": body},
                headers=dict(request.headers),
                at=time.monotonic(),
                failed=status != 200,
                status=status,
                content_type=request.content_type,
                response=text,
            )
        )
        return web.Response(text=text, status=status, headers=headers)

    def _apply_response(self, url: str, body: dict[str, Any]) -> None:
        """Mirror what Slack shows: replaced/deleted originals, in_channel posts, ephemerals."""
        target = self._response_targets.get(url, _ResponseTarget(None, None))
        original = self._find_message(target.channel, target.message_ts)
        if _flag(body.get("delete_original")) and original is not None and target.channel:
            self.messages[target.channel].remove(original)
        elif _flag(body.get("replace_original")) and original is not None:
            original.update(text=body.get("text", ""), blocks=body.get("blocks", []))
        elif body.get("response_type") == "in_channel" and target.channel:
            self._store_message(target.channel, body)
        else:
            self.ephemerals.append(
                {"channel": target.channel, "user": None, "ts": next_ts(), **_content(body)}
            )

    # ------------------------------------------------------------------ Web API methods

    def _auth_test(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": TEAM_NAME,
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _apps_connections_open(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        if not (token or "").startswith("xapp-"):
            raise SlackError("not_allowed_token_type")
        return {"url": f"{self.socket_url}?ticket={uuid.uuid4()}&app_id={APP_ID}"}

    def _conversations_open(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if not users:
            if params.get("channel"):
                return {"channel": {"id": params["channel"]}, "no_op": True, "already_open": True}
            raise SlackError("users_list_not_supplied")
        for user in users:
            if error := self._blocked.get(("conversations.open", user)):
                raise SlackError(error)
        if len(users) == 1:
            channel_id = dm_channel_id(users[0])
        else:
            channel_id = "G" + uuid.uuid5(uuid.NAMESPACE_OID, ",".join(sorted(users))).hex[:10]
        channel: dict[str, Any] = {"id": channel_id}
        if _flag(params.get("return_im")):
            channel.update(is_im=len(users) == 1, user=users[0], created=1700000000)
        already = channel_id in self._opened
        self._opened.add(channel_id)
        return {"channel": channel, **({"no_op": True, "already_open": True} if already else {})}

    def _conversations_history(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = params.get("channel")
        if not channel:
            raise SlackError("channel_not_found")
        limit = int(params.get("limit") or 100)
        offset = int(params.get("cursor") or 0)
        newest_first = [
            m
            for m in reversed(self.messages.get(channel, []))
            if m.get("thread_ts") in (None, m["ts"])  # replies live in conversations.replies
            and (not params.get("oldest") or m["ts"] > str(params["oldest"]))
            and (not params.get("latest") or m["ts"] < str(params["latest"]))
        ]
        page = newest_first[offset : offset + limit]
        with_metadata = _flag(params.get("include_all_metadata"))
        has_more = offset + limit < len(newest_first)
        return {
            "messages": [_public_message(m, with_metadata) for m in page],
            "has_more": has_more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": str(offset + limit) if has_more else ""},
        }

    def _chat_post_message(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = self._resolve_channel(params, "chat.postMessage")
        _check_message(params, required=True)
        message = self._store_message(channel, params)
        return {"channel": channel, "ts": message["ts"], "message": _public_message(message, True)}

    def _chat_post_ephemeral(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = self._resolve_channel(params, "chat.postEphemeral")
        if not params.get("user"):
            raise SlackError("user_not_in_channel")
        _check_message(params, required=True)
        ts = next_ts()
        self.ephemerals.append(
            {"channel": channel, "user": params["user"], "ts": ts, **_content(params)}
        )
        return {"message_ts": ts}

    def _chat_update(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = self._resolve_channel(params, "chat.update")
        message = self._find_message(channel, params.get("ts"))
        if message is None:
            raise SlackError("message_not_found")
        _check_message(params, required=False)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in params:
                message[key] = params[key][:MAX_TEXT] if key == "text" else params[key]
        message["edited"] = {"user": BOT_USER_ID, "ts": next_ts()}
        return {
            "channel": channel,
            "ts": message["ts"],
            "text": message["text"],
            "message": _public_message(message, True),
        }

    def _users_info(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        user_id = params.get("user")
        if not user_id:
            raise SlackError("user_not_found")
        name = "withdraw-coach" if user_id == BOT_USER_ID else f"user-{user_id.lower()}"
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "deleted": False,
            "real_name": name.title(),
            "tz": "America/Los_Angeles",
            "tz_label": "Pacific Standard Time",
            "tz_offset": -28800,
            "profile": {
                "real_name": name.title(),
                "display_name": name,
                "real_name_normalized": name.title(),
                "display_name_normalized": name,
                "team": TEAM_ID,
            },
            "is_admin": False,
            "is_owner": False,
            "is_bot": user_id == BOT_USER_ID,
            "is_app_user": False,
            "updated": 1700000000,
        }
        user.update(self._users.get(user_id, {}))
        if _flag(params.get("include_locale")):
            user["locale"] = self._locales.get(user_id, "en-US")
        return {"user": user}

    def _views_publish(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        user_id, view = params.get("user_id"), params.get("view")
        if not user_id:
            raise SlackError("invalid_arguments", response_metadata=_msgs("user_id is required"))
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackError("invalid_arguments", response_metadata=_msgs("view.type must be home"))
        if len(view.get("blocks", [])) > MAX_VIEW_BLOCKS:
            raise SlackError("invalid_arguments", response_metadata=_msgs("too many blocks"))
        current = self.home_views.get(user_id)
        if params.get("hash") and current is not None and params["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        view_id = current["id"] if current else f"V{next(self._view_ids):04d}"
        published = {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": "home",
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "state": {"values": {}},
            **view,
            "hash": f"{time.time():.6f}.{uuid.uuid4().hex[:8]}",
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": APP_ID,
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
        self.home_views[user_id] = published
        return {"view": published}

    def _views_open(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        try:
            return self.views.open(params)
        except ViewError as e:
            extra = {"response_metadata": _msgs(*e.messages)} if e.messages else {}
            raise SlackError(e.error, **extra) from None

    # ------------------------------------------------------------------ helpers

    def _resolve_channel(self, params: dict[str, Any], method: str) -> str:
        """A user ID as channel means the bot's DM with that user, as on real Slack."""
        channel = str(params.get("channel") or "")
        if not channel:
            raise SlackError("channel_not_found")
        if channel[:1] in ("U", "W"):
            channel = dm_channel_id(channel)
        if error := self._blocked.get((method, channel)):
            raise SlackError(error)
        return channel

    def _store_message(self, channel: str, params: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "ts": next_ts(),
            **_content(params),
        }
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
        self.messages.setdefault(channel, []).append(message)
        return message

    def _find_message(self, channel: str | None, ts: Any) -> dict[str, Any] | None:
        for message in self.messages.get(channel or "", []):
            if message["ts"] == ts:
                return message
        return None

    # ------------------------------------------------------------------ payload shortcuts

    def slash_command(self, user_id: str, text: str = "", **kwargs: Any) -> dict[str, str]:
        """`slash_command()` whose response_url points at this fake."""
        kwargs.setdefault(
            "response_url", self.new_response_url(channel=kwargs.get("channel_id", "C0001"))
        )
        payload = slash_command(user_id, text, **kwargs)
        self.views.issue(payload["trigger_id"], user_id)  # a command may open a modal
        return payload

    def block_actions(
        self,
        user_id: str,
        action_id: str,
        value: str,
        *,
        channel_id: str,
        message_ts: str,
        **kw: Any,
    ) -> dict[str, Any]:
        """`block_actions()` carrying the stored message and a response_url bound to it."""
        kw.setdefault(
            "response_url", self.new_response_url(channel=channel_id, message_ts=message_ts)
        )
        kw.setdefault("message", self._find_message(channel_id, message_ts))
        payload = block_actions(
            user_id, action_id, value, channel_id=channel_id, message_ts=message_ts, **kw
        )
        self.views.issue(payload["trigger_id"], user_id)  # a click may open a modal
        return payload


# ---------------------------------------------------------------------- module helpers


async def _read_params(request: web.Request) -> tuple[dict[str, Any], str, bool]:
    """Merge query string and body (JSON, urlencoded or multipart), as Slack does."""
    params: dict[str, Any] = dict(request.query)
    content_type = request.content_type
    bad_json = False
    if request.can_read_body:
        if content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body, bad_json = None, True
            if isinstance(body, dict):
                params.update(body)
            else:
                bad_json = True
        else:
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
    for key in JSON_FIELDS:
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params, content_type, bad_json


def _valid_response(body: Any) -> bool:
    """Slack refuses a response_url POST with nothing to show (unless it deletes)."""
    if not isinstance(body, dict):
        return False
    return bool(body.get("text") or body.get("blocks") or _flag(body.get("delete_original")))


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def _msgs(*messages: str) -> dict[str, list[str]]:
    return {"messages": [f"[ERROR] {m}" for m in messages]}


def _content(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": str(params.get("text") or "")[:MAX_TEXT],
        "blocks": params.get("blocks") or [],
        "attachments": params.get("attachments") or [],
        "metadata": params.get("metadata"),
    }


def _check_message(params: dict[str, Any], *, required: bool) -> None:
    """The validation errors adapters actually hit: no_text, invalid_blocks, bad metadata."""
    if required and not (params.get("text") or params.get("blocks") or params.get("attachments")):
        raise SlackError("no_text")
    blocks = params.get("blocks")
    if blocks is not None and (not isinstance(blocks, list) or len(blocks) > MAX_MESSAGE_BLOCKS):
        raise SlackError(
            "invalid_blocks",
            response_metadata=_msgs(f"must be less than {MAX_MESSAGE_BLOCKS + 1} items"),
        )
    metadata = params.get("metadata")
    if metadata is not None and not (
        isinstance(metadata, dict) and "event_type" in metadata and "event_payload" in metadata
    ):
        raise SlackError("invalid_metadata_format")


def _public_message(message: dict[str, Any], with_metadata: bool) -> dict[str, Any]:
    """A stored message as the API returns it: empty fields dropped, metadata only on request."""
    out = {k: v for k, v in message.items() if v not in (None, []) and k != "metadata"}
    if with_metadata and message.get("metadata"):
        out["metadata"] = message["metadata"]
    return out


# ---------------------------------------------------------------------- payload builders


def slash_command(
    user_id: str,
    text: str = "",
    *,
    team_id: str = TEAM_ID,
    channel_id: str = "C0001",
    channel_name: str = "general",
    command: str = "/should-i-withdraw",
    response_url: str | None = None,
    enterprise_id: str | None = None,
) -> dict[str, str]:
    """The form fields of a slash command (all strings, no locale), as Slack POSTs them."""
    fields = {
        "token": "verification-token",
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": "directmessage" if channel_id.startswith("D") else channel_name,
        "user_id": user_id,
        "user_name": f"user-{user_id.lower()}",
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url
        or f"https://hooks.slack.com/commands/{team_id}/1/{uuid.uuid4().hex[:24]}",
        "trigger_id": _trigger_id(),
    }
    if enterprise_id:
        fields.update(enterprise_id=enterprise_id, enterprise_name="Fake Org")
    return fields


def block_actions(
    user_id: str,
    action_id: str,
    value: str,
    *,
    channel_id: str,
    message_ts: str,
    team_id: str = TEAM_ID,
    block_id: str = "b",
    action_type: str = "button",
    response_url: str | None = None,
    message: dict[str, Any] | None = None,
    selected: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A `block_actions` payload for a button click on a (non-ephemeral) bot message, or,
    with `action_type="checkboxes"`, a change of a checkboxes element: no `value`, the
    options now ticked in `selected_options`."""
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": next_ts(),
    }
    if action_type == "checkboxes":
        action["selected_options"] = selected or []
    else:
        action["value"] = value
    if action_type == "button":
        action["text"] = {"type": "plain_text", "text": value, "emoji": True}
    msg = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "team": team_id}
    msg.update(message or {"ts": message_ts, "text": "", "blocks": []})
    return {
        "type": "block_actions",
        "user": {
            "id": user_id,
            "username": f"user-{user_id.lower()}",
            "name": f"user-{user_id.lower()}",
            "team_id": team_id,
        },
        "api_app_id": APP_ID,
        "token": "verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "trigger_id": _trigger_id(),
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {
            "id": channel_id,
            "name": "directmessage" if channel_id.startswith("D") else "general",
        },
        "message": msg,
        "state": {"values": {}},
        "response_url": response_url
        or f"https://hooks.slack.com/actions/{team_id}/1/{uuid.uuid4().hex[:24]}",
        "actions": [action],
    }


def event_callback(
    event: dict[str, Any], *, team_id: str = TEAM_ID, event_id: str | None = None
) -> dict[str, Any]:
    """The Events API outer envelope; `event_id` is what to de-duplicate retries on."""
    return {
        "token": "verification-token",
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def _rich_text(text: str) -> list[dict[str, Any]]:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return [{"type": "rich_text", "block_id": uuid.uuid4().hex[:4], "elements": [section]}]


def message_im(
    user_id: str, text: str, *, channel: str | None = None, ts: str | None = None
) -> dict[str, Any]:
    """A `message` event in the user's DM with the bot (needs the message.im subscription)."""
    ts = ts or next_ts()
    return {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user_id,
        "ts": ts,
        "blocks": _rich_text(text),
        "team": TEAM_ID,
        "channel": channel or dm_channel_id(user_id),
        "event_ts": ts,
        "channel_type": "im",
    }


def app_mention(user_id: str, text: str, channel: str) -> dict[str, Any]:
    """An `app_mention` event; the text always contains the bot's `<@UBOT>`, as on Slack."""
    if f"<@{BOT_USER_ID}>" not in text:
        text = f"<@{BOT_USER_ID}> {text}"
    ts = next_ts()
    return {
        "client_msg_id": str(uuid.uuid4()),
        "type": "app_mention",
        "text": text,
        "user": user_id,
        "ts": ts,
        "blocks": _rich_text(text),
        "team": TEAM_ID,
        "channel": channel,
        "event_ts": ts,
    }


def app_home_opened(
    user_id: str, *, tab: str = "home", view: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An `app_home_opened` event; `view` is present only once a home view was published."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": dm_channel_id(user_id),
        "tab": tab,
        "event_ts": next_ts(),
    }
    if view is not None:
        event["view"] = view
    return event


# ---------------------------------------------------------------------- HTTP mode signing


def signed_headers(
    body: str,
    secret: str,
    *,
    timestamp: int | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
) -> dict[str, str]:
    """Headers Bolt's HTTP mode verifies: v0 HMAC over `v0:{ts}:{raw body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        or "",
        "X-Slack-Request-Timestamp": ts,
        "Content-Type": "application/json"
        if body.lstrip().startswith("{")
        else "application/x-www-form-urlencoded",
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return headers


def form_body(fields: dict[str, Any]) -> str:
    """A slash command body: `application/x-www-form-urlencoded`."""
    return urlencode(fields)


def interactive_body(payload: dict[str, Any]) -> str:
    """An interactivity body: one form field `payload` holding the JSON."""
    return urlencode({"payload": json.dumps(payload)})


__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_USER_ID",
    "TEAM_ID",
    "Call",
    "FakeSlack",
    "SlackError",
    "app_home_opened",
    "app_mention",
    "block_actions",
    "dm_channel_id",
    "event_callback",
    "form_body",
    "interactive_body",
    "message_im",
    "next_ts",
    "signed_headers",
    "slash_command",
]
