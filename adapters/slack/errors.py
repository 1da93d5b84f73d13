"""What a call to Slack can fail with, and how a failure may be logged (never its text)."""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError


class ResponseUrlError(Exception):
    """A response_url answered with something other than 200 (its body is Slack's code)."""

    def __init__(self, status: int, code: str):
        super().__init__(f"response_url answered {status}")
        self.code = code


# An API error, a response_url refusal, or the network (after the SDK's retries).
SEND_ERRORS = (
    SlackApiError,
    ResponseUrlError,
    aiohttp.ClientError,
    OSError,
    asyncio.TimeoutError,
)


def error_code(e: BaseException) -> str:
    """Slack's error code (or the exception's type): never a message that could hold text."""
    if isinstance(e, ResponseUrlError):
        return e.code
    if not isinstance(e, SlackApiError):
        return type(e).__name__
    try:
        return str(e.response["error"]) if e.response is not None else "error"
    except (KeyError, TypeError):
        return "error"
