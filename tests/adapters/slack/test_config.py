"""Start-up: credentials checked with messages naming the variable; modes; clean stop."""

from __future__ import annotations

import socket

import pytest
import yaml
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from adapters.slack import SlackAdapter, probe
from adapters.slack.inbound import COMMAND
from adapters.slack.setup import REQUIRED_SCOPES
from bot.config import ConfigError, load_settings
from bot.engine import Engine

from ...fakes.fake_slack import FakeSlack
from ...helpers import ROOT
from .driver import APP_TOKEN, BOT_TOKEN, SCOPES, SECRET


@pytest.mark.parametrize(
    ("kwargs", "variable"),
    [
        ({"bot_token": None}, "SLACK_BOT_TOKEN"),
        ({"bot_token": "xoxp-user-token-value"}, "SLACK_BOT_TOKEN"),
        ({"app_token": "xoxb-not-an-app-token"}, "SLACK_APP_TOKEN"),
        ({"app_token": None, "http": True}, "SLACK_SIGNING_SECRET"),
        ({"app_token": None, "signing_secret": "  "}, "SLACK_APP_TOKEN"),
        ({"api_url": "slack.com/api"}, "SLACK_API_URL"),
    ],
)
def test_bad_credentials_fail_naming_the_variable(
    engine: Engine, kwargs: dict[str, object], variable: str
) -> None:
    args: dict[str, object] = {"bot_token": BOT_TOKEN, "app_token": APP_TOKEN, **kwargs}
    with pytest.raises(ConfigError) as e:
        SlackAdapter(engine, **args)  # type: ignore[arg-type]
    assert variable in str(e.value)
    for name, value in args.items():
        if name.endswith(("token", "secret")) and isinstance(value, str) and value.strip():
            assert value not in str(e.value)  # never echoes a secret


def test_modes_from_settings(engine: Engine) -> None:
    socket_mode = SlackAdapter.from_settings(
        engine, load_settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN)
    )
    assert socket_mode.mode == "socket" and socket_mode.platform == "slack"
    http = SlackAdapter.from_settings(
        engine,
        load_settings(
            slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_signing_secret=SECRET
        ),
        http=True,
        port=4321,
    )
    assert http.mode == "http" and http.port == 4321
    no_app_token = SlackAdapter.from_settings(
        engine,
        load_settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET, slack_port=3100),
    )
    assert no_app_token.mode == "http" and no_app_token.port == 3100
    assert any(isinstance(h, AsyncRateLimitErrorRetryHandler) for h in http.client.retry_handlers)
    gov = SlackAdapter.from_settings(
        engine,
        load_settings(
            slack_bot_token=BOT_TOKEN,
            slack_app_token=APP_TOKEN,
            slack_api_url="https://slack-gov.com/api",
        ),
    )
    assert gov.client.base_url == "https://slack-gov.com/api/"


async def test_a_refused_bot_token_fails_at_start(fake: FakeSlack, engine: Engine) -> None:
    fake.invalid_tokens.add(BOT_TOKEN)
    adapter = SlackAdapter(engine, bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=fake.api_url)
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN.*invalid_auth"):
        await adapter.start()
    assert fake.socket_connections == 0


async def test_a_refused_app_token_fails_at_start(fake: FakeSlack, engine: Engine) -> None:
    fake.invalid_tokens.add(APP_TOKEN)
    adapter = SlackAdapter(engine, bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=fake.api_url)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN.*invalid_auth"):
        await adapter.start()
    await adapter.stop()


@pytest.mark.slow  # seconds of retries or examples; `make test` runs it
async def test_an_unreachable_api_url_fails_at_start(engine: Engine, no_proxy: None) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    adapter = SlackAdapter(
        engine, bot_token=BOT_TOKEN, app_token=APP_TOKEN, api_url=f"http://127.0.0.1:{port}/api/"
    )
    with pytest.raises(ConfigError, match="SLACK_API_URL"):
        await adapter.start()


async def test_a_port_in_use_fails_at_start_and_stop_is_clean(
    fake: FakeSlack, engine: Engine
) -> None:
    first = SlackAdapter(
        engine,
        bot_token=BOT_TOKEN,
        signing_secret=SECRET,
        api_url=fake.api_url,
        http=True,
        host="127.0.0.1",
        port=0,
    )
    await first.start()
    second = SlackAdapter(
        engine,
        bot_token=BOT_TOKEN,
        signing_secret=SECRET,
        api_url=fake.api_url,
        http=True,
        host="127.0.0.1",
        port=first.bound_port,
    )
    with pytest.raises(ConfigError, match="SLACK_PORT"):
        await second.start()
    await first.stop()
    await first.stop()  # twice is fine
    assert engine.senders["slack"] == first.send


async def test_doctor_probe_says_what_works(fake: FakeSlack) -> None:
    socket_mode = load_settings(
        slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=fake.api_url
    )
    assert "Socket Mode" in await probe(socket_mode)
    http = load_settings(
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SECRET, slack_api_url=fake.api_url
    )
    assert "HTTP mode" in await probe(http)
    fake.scopes = "commands,chat:write"
    with pytest.raises(ConfigError, match="im:write, im:history, users:read, app_mentions:read"):
        await probe(http)
    fake.invalid_tokens.add(APP_TOKEN)
    fake.scopes = SCOPES
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        await probe(socket_mode)


def test_the_manifest_installs_what_the_adapter_needs() -> None:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yaml").read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == [COMMAND]
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert not features["app_home"]["messages_tab_read_only_enabled"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(REQUIRED_SCOPES)
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "message.im",
        "app_mention",
        "app_home_opened",
    }
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert len(manifest["display_information"]["description"]) <= 140
