"""The slash command: /should-i-withdraw [choice] [language], its words, and its sync.

Its description, option names and descriptions and the choices' names come from
dialogs/<locale>/messages.yaml (the `discord_*` keys): the fallback locale's (English) are
the command's own, every other locale's go to Discord as localizations through a
`Translator` (Discord shows each user their language). The name stays `should-i-withdraw`
in every language, and each language's choice is named in that language (`language_name`).

Discord allows 200 command creations a day per guild, so the command is pushed only when
what would be pushed changed (or when asked: `--sync`): a hash of the last pushed payload,
localizations included, per application and scope, sits in `discord-commands.json`
beside the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where
from discord.app_commands import TranslationContextTypes, locale_str

from bot.dialogs import FALLBACK, Dialogs, resolve_locale
from bot.store import StoreError, path_from_url

log = logging.getLogger(__name__)

COMMAND = "should-i-withdraw"
CHOICES = ("start", "restart", "forget", "help", "language")  # the `choice` option's values
SYNC_FILE = "discord-commands.json"
DEFAULT_STATE_DIR = Path("data")
# The messages.yaml keys of the command's words.
DESCRIPTION = "discord_command_description"
OPTIONS = {"choice": "discord_option_choice", "language": "discord_option_language"}
OPTION_DESCRIPTIONS = {
    "choice": "discord_option_choice_description",
    "language": "discord_option_language_description",
}
CHOICE_NAMES = {value: f"discord_choice_{value}" for value in CHOICES}
LANGUAGE_NAME = "language_name"  # a language's name for itself (Deutsch), not translated
KEYS = (DESCRIPTION, *OPTIONS.values(), *OPTION_DESCRIPTIONS.values(), *CHOICE_NAMES.values())
_NAME = re.compile(r"[-_\w]{1,32}")  # option names: lower case, no spaces
TEXT_LIMIT = 100  # descriptions and choice names

OnCommand = Callable[[discord.Interaction[Any], str | None, str | None], Awaitable[None]]


def command_texts(choice: str | None, language: str | None) -> list[str]:
    """The START texts for the command's options: a language switch first, then the choice."""
    texts: list[str] = []
    if language:
        texts.append(f"language {language}")
    if choice == "language":
        return texts or ["language"]
    if choice in ("restart", "forget", "help"):
        texts.append(choice)
    return texts or [""]


def build(dialogs: Dialogs, on_command: OnCommand) -> app_commands.Command[Any, ..., None]:
    """The command, in the fallback locale's words, each marked with its messages key."""
    words = dialogs.locale(FALLBACK)

    def text(key: str) -> locale_str:
        return locale_str(words.msg(key), key=key)

    @app_commands.describe(**{o: text(k) for o, k in OPTION_DESCRIPTIONS.items()})
    @app_commands.rename(**{o: text(k) for o, k in OPTIONS.items()})
    @app_commands.choices(
        choice=[app_commands.Choice(name=text(k), value=v) for v, k in CHOICE_NAMES.items()],
        language=[
            app_commands.Choice(name=dialogs.locales[c].msg(LANGUAGE_NAME), value=c)
            for c in sorted(dialogs.locales)
        ],
    )
    async def should_i_withdraw(
        interaction: discord.Interaction[Any],
        choice: app_commands.Choice[str] | None = None,
        language: app_commands.Choice[str] | None = None,
    ) -> None:
        await on_command(
            interaction, choice.value if choice else None, language.value if language else None
        )

    return app_commands.Command(
        name=COMMAND, description=text(DESCRIPTION), callback=should_i_withdraw
    )


class Translator(app_commands.Translator):
    """The command's words in the other locales of dialogs/, for Discord's localizations."""

    def __init__(self, dialogs: Dialogs):
        self.dialogs = dialogs

    async def translate(
        self, string: locale_str, locale: discord.Locale, context: TranslationContextTypes
    ) -> str | None:
        key = string.extras.get("key")
        code = resolve_locale(locale.value)
        if key is None or code == FALLBACK or code not in self.dialogs.locales:
            return None  # not ours to translate, or the command's own words
        text = self.dialogs.locales[code].messages.get(key)
        if text is None:
            return None
        if not fits(context.location, text):
            log.warning("discord: %s/messages.yaml: %s does not fit Discord's limits", code, key)
            return None  # Discord would refuse the whole command
        return text


def fits(where: Where, text: str) -> bool:
    """Discord's rules for a command's words (names: lower case, 1-32, no spaces)."""
    if where is Where.parameter_name:
        return bool(_NAME.fullmatch(text)) and text == text.lower()
    return 1 <= len(text) <= TEXT_LIMIT


def sync_state_path(database_url: str) -> Path:
    """Where the hash of the pushed command is kept: beside a SQLite database, else in data/."""
    try:
        return path_from_url(database_url).parent / SYNC_FILE
    except StoreError:  # another backend: no file of its own to sit beside
        return DEFAULT_STATE_DIR / SYNC_FILE


async def payload(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None
) -> list[dict[str, Any]]:
    """What `tree.sync(guild=...)` pushes: with the translator's localizations, if it has one."""
    commands = tree.get_commands(guild=guild)
    translator = tree.translator
    if translator is None:
        return [c.to_dict(tree) for c in commands]
    return [await c.get_translated_payload(tree, translator) for c in commands]


async def sync(
    tree: app_commands.CommandTree[Any],
    application_id: int | None,
    guild_id: int | None,
    state_file: Path | None,
    *,
    force: bool = False,
) -> bool:
    """Push the command if its payload changed since the last push (or `force`); whether
    it was pushed. A refusal is logged: the bot runs on with the command Discord has."""
    scope = f"guild:{guild_id}" if guild_id else "global"
    key = f"{application_id}/{scope}"
    guild = discord.Object(guild_id) if guild_id else None
    pushed = await payload(tree, guild)
    digest = hashlib.sha256(
        json.dumps(pushed, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    state = _read(state_file)
    if not force and state.get(key) == digest:
        log.info("discord: /%s unchanged (%s), not synced", COMMAND, scope)
        return False
    try:
        await tree.sync(guild=guild)
    except discord.Forbidden as e:
        log.error(
            "discord: command sync refused (%s, code %s): invite the bot with the applications.commands scope%s",
            e.status,
            e.code,
            " to DISCORD_GUILD_ID" if guild_id else "",
        )
        return False
    except discord.HTTPException as e:
        log.error("discord: command sync failed (%s, code %s)", e.status, e.code)
        return False
    log.info("discord: /%s synced (%s)", COMMAND, scope)
    state[key] = digest
    _write(state_file, state)
    return True


def _read(path: Path | None) -> dict[str, str]:
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write(path: Path | None, state: dict[str, str]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        log.warning(
            "discord: could not record the command sync (%s): the next start syncs again",
            type(e).__name__,
        )
