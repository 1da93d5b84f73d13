"""Discord components the adapter sends: buttons and selects (`Control`, a DynamicItem
over the custom_id) and the modal of a form, with the limits Discord sets on them.

A component's `custom_id` is the engine's choice id (`node:choice:version`) or one of the
adapter's own (`form/<node>/<version>` opens a modal, `pick/...` a single-choice menu), so
nothing is kept in memory per message and a click on a message sent before a restart still
reaches the adapter (discord.py dispatches it from the id alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import discord

from bot.models import FormField

LABEL = 80
CUSTOM_ID = 100
OPTIONS = 25
OPTION_LABEL = 100
MODAL_TITLE = 45
MODAL_INPUTS = 5
INPUT_LABEL = 45
INPUT_MAX = 4000
PLACEHOLDER = 100
FORM_PREFIX = "form/"
PICK_PREFIX = "pick/"


class Control(discord.ui.DynamicItem[discord.ui.Item[Any]], template=r"\S{1,100}"):
    """Any button or select the adapter sends. Dispatched by discord.py from the custom_id
    alone (no view kept in memory), so it works on messages from before a restart."""

    def __init__(self, item: discord.ui.Item[Any]) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Control:
        return cls(item)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handle = getattr(interaction.client, "handle_component", None)
        if handle is not None:  # the adapter's client (client.py)
            await handle(interaction, str(self.custom_id))


def button(
    custom_id: str,
    label: str,
    style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    *,
    row: int | None = None,
    disabled: bool = False,
) -> Control:
    return Control(
        discord.ui.Button(
            custom_id=custom_id[:CUSTOM_ID],
            label=cut(label, LABEL) or "…",
            style=style,
            row=row,
            disabled=disabled,
        )
    )


def select(
    custom_id: str,
    options: list[discord.SelectOption],
    *,
    multi: bool,
    row: int | None = None,
    disabled: bool = False,
    placeholder: str | None = None,
) -> Control:
    return Control(
        discord.ui.Select(
            custom_id=custom_id[:CUSTOM_ID],
            options=options[:OPTIONS],
            min_values=0 if multi else 1,
            max_values=min(len(options), OPTIONS) if multi else 1,
            row=row,
            disabled=disabled,
            placeholder=cut(placeholder, 150) if placeholder else None,
        )
    )


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class FormModal(discord.ui.Modal):
    """The modal for a question's form. Its submission is read by the adapter from the raw
    interaction (`form_values`), so it is never kept in memory and works across restarts.
    Text fields are text inputs, filled with what was given; a choice (the form of address)
    is a labelled select while the modal has room for it (5 components), else the
    conversation asks it after the modal."""

    def __init__(self, custom_id: str, title: str, fields: Sequence[FormField]) -> None:
        super().__init__(
            title=cut(title, MODAL_TITLE) or "…", custom_id=custom_id[:CUSTOM_ID], timeout=None
        )
        for f in modal_fields(fields):
            self.add_item(_choice(f) if f.choices else _text_input(f))


def modal_fields(fields: Sequence[FormField]) -> list[FormField]:
    """The fields one modal shows: every text field, choices while there is room."""
    texts = [f for f in fields if not f.choices]
    room = MODAL_INPUTS - len(texts)
    choices = {id(f) for f in [f for f in fields if f.choices][: max(room, 0)]}
    return [f for f in fields if not f.choices or id(f) in choices][:MODAL_INPUTS]


def _text_input(f: FormField) -> discord.ui.TextInput[Any]:
    limit = max(1, min(f.max_length, INPUT_MAX))
    return discord.ui.TextInput(
        label=cut(f.label, INPUT_LABEL) or f.id[:INPUT_LABEL],
        custom_id=f.id[:CUSTOM_ID],
        max_length=limit,
        required=False,
        default=f.value[:limit] or None,
        placeholder=cut(f.hint, PLACEHOLDER) or None,
        style=discord.TextStyle.paragraph if f.max_length > 200 else discord.TextStyle.short,
    )


def _choice(f: FormField) -> discord.ui.Label[Any]:
    options = [
        discord.SelectOption(
            label=cut(c.label, OPTION_LABEL), value=c.id[:100], default=c.id == f.value
        )
        for c in f.choices[:OPTIONS]
    ]
    menu: discord.ui.Select[Any] = discord.ui.Select(
        custom_id=f.id[:CUSTOM_ID], options=options, min_values=0, max_values=1, required=False
    )
    return discord.ui.Label(text=cut(f.label, INPUT_LABEL) or f.id[:INPUT_LABEL], component=menu)


def form_values(data: Mapping[str, Any] | None) -> dict[str, str]:
    """{input custom_id: text, or the option picked} from a modal submission (action rows
    or labels); a select left unpicked is left out."""
    out: dict[str, str] = {}

    def walk(comps: Iterable[Mapping[str, Any]]) -> None:
        for c in comps:
            if c.get("type") == 4 and c.get("custom_id"):
                out[str(c["custom_id"])] = str(c.get("value") or "")
            if c.get("type") == 3 and c.get("custom_id") and c.get("values"):
                out[str(c["custom_id"])] = str(c["values"][0])
            walk(c.get("components") or [])
            inner = c.get("component")
            if isinstance(inner, Mapping):
                walk([inner])

    walk((data or {}).get("components") or [])
    return out
