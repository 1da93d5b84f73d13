"""The slash command's words come from dialogs/: English as the command's own, the other
languages as Discord localizations, pushed again only when they change."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from adapters.discord import commands
from bot.conversation import TurnConfig
from bot.dialogs import Dialogs
from bot.engine import Engine
from bot.store import SQLiteStore

from ...fakes.fake_discord import FakeDiscord
from ...helpers import Clock
from .driver import Driver


def with_words(dialogs: Dialogs, code: str, **words: str) -> Dialogs:
    """The dialogs with some of `code`'s messages changed (as a coach's edit would)."""
    loc = dialogs.locales[code]
    changed = dataclasses.replace(loc, messages={**loc.messages, **words})
    return dataclasses.replace(dialogs, locales={**dialogs.locales, code: changed})


def engine_for(dialogs: Dialogs, store: SQLiteStore) -> Engine:
    return Engine(dialogs, store, config=TurnConfig(reminder_delay=90), clock=Clock())


def synced_command(fake: FakeDiscord, n: int = -1) -> dict[str, Any]:
    _, payload = fake.command_syncs[n]
    [command] = payload
    assert isinstance(command, dict)
    return command


async def test_the_synced_command_carries_the_german_words_as_localizations(
    bot: Driver, fake: FakeDiscord, dialogs: Dialogs
) -> None:
    en, de = dialogs.locale("en"), dialogs.locale("de")
    command = synced_command(fake)
    assert command["name"] == commands.COMMAND and not command.get("name_localizations")
    assert command["description"] == en.msg("discord_command_description")
    assert command["description_localizations"] == {"de": de.msg("discord_command_description")}
    options = {o["name"]: o for o in command["options"]}
    assert list(options) == ["choice", "language"]  # the English names stay the options' own
    for option, key in commands.OPTIONS.items():
        assert options[option]["name"] == en.msg(key)
        assert options[option]["name_localizations"] == {"de": de.msg(key)}
        described = commands.OPTION_DESCRIPTIONS[option]
        assert options[option]["description"] == en.msg(described)
        assert options[option]["description_localizations"] == {"de": de.msg(described)}
    assert options["choice"]["name_localizations"] == {"de": "auswahl"}
    for choice in options["choice"]["choices"]:
        key = commands.CHOICE_NAMES[choice["value"]]
        assert choice["name"] == en.msg(key)
        assert choice["name_localizations"] == {"de": de.msg(key)}
    # Each language is offered in its own name, in every language.
    assert [(c["name"], c["value"]) for c in options["language"]["choices"]] == [
        ("Deutsch", "de"),
        ("English", "en"),
    ]
    assert not any("name_localizations" in c for c in options["language"]["choices"])
    # The German words, as Discord would show them to a German user, fit Discord's rules.
    for key in commands.KEYS:
        text = de.msg(key)
        assert 1 <= len(text) <= 100, key
        if key in commands.OPTIONS.values():
            assert text == text.lower() and " " not in text and len(text) <= 32, key


async def test_changed_words_are_synced_again_and_unchanged_ones_are_not(
    bot: Driver, fake: FakeDiscord, dialogs: Dialogs, store: SQLiteStore
) -> None:
    state = json.loads(bot.sync_state.read_text())
    await bot.restart(engine_for(dialogs, store))
    assert len(fake.command_syncs) == 1  # the same words: nothing pushed
    reworded = with_words(dialogs, "de", discord_choice_help="Hilfe anzeigen")
    await bot.restart(engine_for(reworded, store))
    assert len(fake.command_syncs) == 2  # only a localization changed, and that counts
    [helps] = [
        c
        for o in synced_command(fake)["options"]
        for c in o.get("choices", [])
        if c["value"] == "help"
    ]
    assert helps["name_localizations"] == {"de": "Hilfe anzeigen"}
    assert json.loads(bot.sync_state.read_text()) != state  # the new hash is recorded
    await bot.restart(engine_for(reworded, store))
    assert len(fake.command_syncs) == 2


async def test_a_translation_discord_would_refuse_is_left_out_not_the_command(
    fake: FakeDiscord,
    dialogs: Dialogs,
    store: SQLiteStore,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = with_words(
        dialogs, "de", discord_option_choice="Meine Auswahl", discord_choice_help="x" * 101
    )
    driver = Driver(fake, engine_for(broken, store), tmp_path / "sync.json")
    with caplog.at_level(logging.WARNING, logger="adapters.discord"):
        await driver.start()
    try:
        assert driver.adapter is not None and driver.adapter.synced
        options = {o["name"]: o for o in synced_command(fake)["options"]}
        assert "name_localizations" not in options["choice"]  # English for everyone
        assert options["language"]["name_localizations"] == {"de": "sprache"}  # the rest stays
        [helps] = [c for c in options["choice"]["choices"] if c["value"] == "help"]
        assert "name_localizations" not in helps
        assert "discord_option_choice" in caplog.text and "discord_choice_help" in caplog.text
    finally:
        await driver.stop()


def test_the_sync_file_sits_beside_a_sqlite_database_and_in_data_otherwise() -> None:
    assert commands.sync_state_path("sqlite:////srv/coach/db/coach.db") == Path(
        "/srv/coach/db/discord-commands.json"
    )
    assert commands.sync_state_path("sqlite:///data/coach.db") == Path("data/discord-commands.json")
    assert commands.sync_state_path("postgresql://coach@db/coach") == Path(
        "data/discord-commands.json"
    )
