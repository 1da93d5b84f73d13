"""Malformed and hostile events through the real discord.py client: no crash, and no
state change from garbage."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.models import Who
from bot.store import SQLiteStore

from .driver import USER, Driver

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


@pytest.mark.slow  # seconds of retries or examples; `make test` runs it
@FUZZ
@given(custom_id=junk, values=st.lists(junk, max_size=3), content=junk, locale=st.text(max_size=12))
async def test_discord_survives_any_component_or_message(
    bot: Driver,
    store: SQLiteStore,
    custom_id: str,
    values: list[str],
    content: str,
    locale: str,
) -> None:
    who = Who(platform="discord", workspace="", user=USER)
    await bot.command()
    before = await store.load(who)
    message = bot.fake.messages[bot.fake.dm_channel_id(USER)][-1]
    payload = bot.fake.component_click(
        USER,
        message["components"][0]["components"][0]["custom_id"],
        message=message,
    )
    # A forged or garbled custom id, as if it stood on the clicked message (discord.py routes
    # only ids that do); Discord keeps them non-blank and at most 100 characters.
    forged = "".join("_" if c.isspace() else c for c in custom_id)[:100] or "x"
    payload["message"] = copy.deepcopy(payload["message"])
    payload["message"]["components"][0]["components"][0]["custom_id"] = forged
    payload["data"]["custom_id"] = forged
    payload["data"]["values"] = values
    payload["locale"] = locale or "en-US"
    await bot.interact(payload)
    after = await store.load(who)
    assert after is not None and before is not None and after.node == before.node
    await bot.say(USER, content[:2000] or ".")
