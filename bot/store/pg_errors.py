"""PostgreSQL URLs and failures in operators' words: one line, naming DATABASE_URL, never
the password."""

from __future__ import annotations

import socket
from typing import TypeAlias
from urllib.parse import SplitResult, urlsplit, urlunsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from .sqlite import StoreError

SCHEMES = ("postgresql", "postgres")

# A connection, pooled or not (the store's code runs on either).
Conn: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"

# Failures of the connection itself (the server went away, restarted, or is unreachable):
# the work can be tried again on a new connection, and is, once (see postgres.py).
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
)
# What opening a store can meet: the above, or the server's refusal (password, database).
OPEN_ERRORS: tuple[type[BaseException], ...] = (*CONNECTION_ERRORS, asyncpg.PostgresError)


def check_url(url: str) -> SplitResult:
    """The parsed URL, or a StoreError saying what is wrong with DATABASE_URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as e:
        raise StoreError(f"DATABASE_URL is not a valid PostgreSQL URL ({e})") from None
    if parts.scheme not in SCHEMES or not parts.path.strip("/"):
        raise StoreError(
            "DATABASE_URL must look like postgresql://user:password@host:5432/database"
        )
    return parts


def redact(url: str) -> str:
    """The URL with its password replaced, for messages and `describe()`."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return urlunsplit(parts._replace(query=""))
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc, query=""))
    except ValueError:
        return "postgresql://(unreadable URL)"


def explain(e: BaseException, url: str) -> str:
    """Why the server named by DATABASE_URL cannot be used, in one line."""
    where = f"the PostgreSQL server in DATABASE_URL ({redact(url)})"
    if isinstance(e, asyncpg.InvalidPasswordError):
        return f"{where} refused the user name or password"
    if isinstance(e, asyncpg.InvalidAuthorizationSpecificationError):
        return f"{where} does not let this user in: {_first_line(e)}"
    if isinstance(e, asyncpg.InvalidCatalogNameError):
        return f"{where}: the database does not exist (create it, or fix the name)"
    if isinstance(e, asyncpg.InsufficientPrivilegeError):
        return f"{where}: this user lacks a privilege the bot needs ({_first_line(e)})"
    if isinstance(e, socket.gaierror):
        return f"cannot find the host of {where}"
    if isinstance(e, TimeoutError):
        return f"{where} did not answer in time"
    if isinstance(e, ConnectionRefusedError):
        return f"{where} refused the connection (is it running, on that host and port?)"
    if isinstance(e, asyncpg.CannotConnectNowError):
        return f"{where} is starting up or shutting down"
    if isinstance(e, OSError):
        return f"cannot reach {where}: {e.strerror or type(e).__name__}"
    return f"cannot use {where}: {_first_line(e)}"


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__
