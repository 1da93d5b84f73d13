"""Malformed and hostile payloads through the real Bolt app: no crash, a clean
rejection, and no state change."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.models import Who
from bot.store import SQLiteStore

from ...fakes.fake_slack import form_body, interactive_body, signed_headers
from .driver import SECRET, Driver

junk = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", "\x00", "{", "[]", "null", "x" * 100_000, "<!channel>", "%ZZ"]),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=40)),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _truncated(payload: dict[str, object], cut: int) -> str:
    text = json.dumps(payload)
    return text[: max(0, len(text) - cut)]


@pytest.mark.slow  # hypothesis over real HTTP: seconds
@FUZZ
@given(
    body=junk,
    kind=st.sampled_from(["form", "interactive", "json", "raw"]),
    cut=st.integers(0, 400),
    extra=json_values,
)
async def test_slack_survives_any_signed_body(
    bot: Driver,
    engine: Engine,
    store: SQLiteStore,
    body: str,
    kind: str,
    cut: int,
    extra: object,
) -> None:
    who = Who(platform="slack", workspace="T0001", user="UFUZZ")
    await bot.command("UFUZZ")
    before = await store.load(who)
    good = bot.fake.block_actions("UFUZZ", "c:0", body, channel_id="D1", message_ts="1.0")
    if kind == "form":
        raw = form_body(
            {"command": "/should-i-withdraw", "text": body, "user_id": body, "team_id": body}
        )
    elif kind == "interactive":
        raw = interactive_body(
            {"type": "block_actions", "user": extra, "actions": [extra], "team": body}
        )
    elif kind == "json":
        raw = _truncated(
            {
                "type": "event_callback",
                "event": {"type": "message", "channel_type": "im", "user": extra, "text": body},
            },
            cut,
        )
    else:
        raw = "payload=" + _truncated(good, cut)
    status, _ = await bot.post(raw, signed_headers(raw, SECRET))
    assert status < 500
    assert await store.load(who) == before  # garbage never changes a conversation
    status, _ = await bot.post("x=1", {})  # unsigned: still refused, the app still works
    assert status == 401
