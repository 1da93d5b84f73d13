"""Discord settings, start-up failures and command sync (only when the definition changed)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import discord.gateway
import discord.http
import pytest

from adapters.discord import DiscordAdapter, probe
from adapters.discord.commands import COMMAND, command_texts
from bot.config import ConfigError, load_settings
from bot.engine import Engine

from ...fakes.fake_discord import FakeDiscord
from .driver import TOKEN, USER, Driver


@pytest.mark.parametrize(
    ("token", "hint"),
    [
        (None, "is not set"),
        ("   ", "is not set"),
        ("not-a-token", "does not look like a bot token"),
        (f"Bot {TOKEN}", "without the 'Bot ' prefix"),
    ],
)
def test_a_missing_or_malformed_token_names_the_variable(
    engine: Engine, token: str | None, hint: str
) -> None:
    with pytest.raises(ConfigError) as e:
        DiscordAdapter(engine, token=token)
    assert "DISCORD_TOKEN" in str(e.value) and hint in str(e.value)
    if token and token.strip():
        assert token.strip() not in str(e.value)  # never echoed


@pytest.mark.parametrize(
    ("kw", "name"),
    [
        ({"api_url": "127.0.0.1:8080/api/v10"}, "DISCORD_API_URL"),
        ({"api_url": "ws://127.0.0.1:8080/api/v10"}, "DISCORD_API_URL"),
        ({"gateway_url": "http://127.0.0.1:8080/gateway"}, "DISCORD_GATEWAY_URL"),
    ],
)
def test_bad_urls_name_the_variable(engine: Engine, kw: dict[str, str], name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        DiscordAdapter(engine, token=TOKEN, **kw)


def test_from_settings_reads_every_discord_setting(engine: Engine, tmp_path: Path) -> None:
    settings = load_settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path}/db/coach.db",
        discord_token=TOKEN,
        discord_guild_id="1234567890",
        discord_api_url="http://127.0.0.1:9/api/v10",
        discord_gateway_url="ws://127.0.0.1:9/gateway",
    )
    adapter = DiscordAdapter.from_settings(engine, settings, force_sync=True)
    assert (adapter.token, adapter.guild_id, adapter.force_sync) == (TOKEN, 1234567890, True)
    assert (adapter.api_url, adapter.gateway_url) == (
        "http://127.0.0.1:9/api/v10",
        "ws://127.0.0.1:9/gateway",
    )
    assert adapter.sync_state == tmp_path / "db" / "discord-commands.json"
    assert adapter.platform == "discord"


async def test_start_points_discord_py_at_the_configured_urls_and_stop_restores_them(
    fake: FakeDiscord, engine: Engine, tmp_path: Path
) -> None:
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    driver = Driver(fake, engine, tmp_path / "sync.json")
    await driver.start()
    assert discord.http.Route.BASE == fake.api_base
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == fake.gateway_url
    assert [c.path for c in fake.calls[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    assert fake.identifies[0]["intents"] == discord.Intents.default().value  # no privileged intents
    await driver.stop()
    assert (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == before


async def test_a_refused_token_is_a_config_error(
    fake: FakeDiscord, engine: Engine, tmp_path: Path
) -> None:
    other = TOKEN[:-4] + "XXXX"
    driver = Driver(fake, engine, tmp_path / "sync.json")
    with pytest.raises(ConfigError, match="DISCORD_TOKEN was refused"):
        await driver.start(token=other)
    assert other not in str(fake.calls[-1].json or "")


@pytest.mark.slow  # seconds of retries or examples; `make test` runs it
async def test_an_unreachable_gateway_is_a_config_error(
    fake: FakeDiscord, engine: Engine, tmp_path: Path
) -> None:
    driver = Driver(fake, engine, tmp_path / "sync.json")
    with pytest.raises(ConfigError, match="DISCORD_GATEWAY_URL"):
        await driver.start(gateway_url=fake.gateway_url + "-nowhere", start_timeout=0.3)


async def test_the_command_is_synced_once_and_again_only_when_changed_or_asked(
    fake: FakeDiscord,
    engine: Engine,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = tmp_path / "data" / "discord-commands.json"
    driver = Driver(fake, engine, state)
    await driver.start()
    assert len(fake.command_syncs) == 1
    scope, payload = fake.command_syncs[0]
    assert scope is None and [c["name"] for c in payload] == [COMMAND]
    options = {o["name"]: o for o in payload[0]["options"]}
    assert [c["value"] for c in options["choice"]["choices"]] == [
        "start",
        "restart",
        "forget",
        "help",
        "language",
    ]
    assert [c["value"] for c in options["language"]["choices"]] == ["de", "en"]
    assert not any(o.get("required") for o in options.values())
    assert json.loads(state.read_text())  # the hash of what was pushed

    with caplog.at_level(logging.INFO, logger="adapters.discord"):
        await driver.restart()
    assert len(fake.command_syncs) == 1  # unchanged: a restart does not burn the daily limit
    assert not driver.adapter.synced and "unchanged" in caplog.text  # type: ignore[union-attr]

    await driver.stop()
    await driver.start(force_sync=True)  # python -m bot discord --sync
    assert len(fake.command_syncs) == 2

    await driver.stop()
    await driver.start(guild_id=int(fake.guild_id))  # another scope: a definition not pushed yet
    assert len(fake.command_syncs) == 3 and fake.command_syncs[-1][0] == fake.guild_id
    await driver.restart()
    assert len(fake.command_syncs) == 3
    await driver.stop()


async def test_a_guild_command_works_in_that_guild(
    fake: FakeDiscord, engine: Engine, tmp_path: Path
) -> None:
    driver = Driver(fake, engine, tmp_path / "sync.json")
    await driver.start(guild_id=int(fake.guild_id))
    try:
        await driver.command(USER)
        assert driver.node() == "stage"
    finally:
        await driver.stop()


async def test_nothing_a_user_types_and_no_token_is_logged_at_info(
    bot: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "my secret reason 12345"
    with caplog.at_level(logging.INFO):
        await bot.command()
        await bot.say(USER, secret)
        await bot.restart()
    assert secret not in caplog.text and TOKEN not in caplog.text
    assert USER not in caplog.text


@pytest.mark.parametrize(
    ("choice", "language", "texts"),
    [
        (None, None, [""]),
        ("start", None, [""]),
        ("restart", None, ["restart"]),
        ("forget", None, ["forget"]),
        ("help", None, ["help"]),
        ("language", "de", ["language de"]),
        ("language", None, ["language"]),
        (None, "en", ["language en"]),
        ("restart", "de", ["language de", "restart"]),
    ],
)
def test_the_command_options_become_start_texts(
    choice: str | None, language: str | None, texts: list[str]
) -> None:
    assert command_texts(choice, language) == texts


async def test_doctor_probe_checks_the_token_and_the_command(
    bot: Driver, fake: FakeDiscord
) -> None:
    settings = load_settings(_env_file=None, discord_token=TOKEN, discord_api_url=fake.api_base)
    report = await probe(settings)
    assert (
        f"application {fake.application_id}" in report
        and f"/{COMMAND} registered globally" in report
    )
    assert TOKEN not in report
    with pytest.raises(ConfigError, match="DISCORD_TOKEN was refused"):
        await probe(
            load_settings(
                _env_file=None, discord_token=TOKEN[:-4] + "XXXX", discord_api_url=fake.api_base
            )
        )
    with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
        await probe(
            load_settings(_env_file=None, discord_token="nope", discord_api_url=fake.api_base)
        )
