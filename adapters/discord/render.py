"""Discord messages for the engine's Outbound: pure functions, no I/O, no coaching logic.

An Outbound becomes one or more `Message`s (content, embeds, a view). What each kind looks
like:

- questions, info, advice, errors: the text as content (split at line breaks into
  several messages when it is over 2,000 characters), the choices as buttons;
- a checklist (`multi`): one toggle button per item (ticked ones green with a ✓) and the
  engine's Done / explain buttons on their own row; a select menu only when the buttons
  would not fit in 5 rows of 5;
- the recommendation: the node's text as content and an embed card (the coach's view,
  the summary, what weighed against and for going on, the reasons with their sources);
- a draft: the text, then the note in copyable code blocks, then the revision buttons;
- a question that may be answered in one form: a "fill in" button first (`form/<node>/<v>`),
  which opens a modal (`components.FormModal`).

Every component is a `components.Control`, a `DynamicItem` whose `custom_id` is the engine's choice id
(`node:choice:version`) or one of the adapter's own (`form/...`, `pick/...`): nothing is
kept in memory per message, and a click on a message sent before a restart still reaches
the adapter. Identity never travels in an id: the adapter takes it from the interaction.

Limits respected here: content 2,000; embed title 256, description 4,096, field 1,024,
6,000 in all; 5 rows of 5 buttons; button labels 80; custom_id 100; 25 select options
(labels 100); modal title 45, 5 text inputs, labels 45, 4,000 characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.choice_ids import DONE, SET, ChoiceId, choice_of, encode
from bot.labels import Labels
from bot.models import Button, Outbound

from .components import (
    CUSTOM_ID,
    FORM_PREFIX,
    MODAL_INPUTS,
    OPTION_LABEL,
    OPTIONS,
    PICK_PREFIX,
    Control,
    button,
    cut,
    select,
)

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD = 1024
EMBED_TOTAL = 6000
ROWS = 5
PER_ROW = 5
TICK = "✓ "
NO_MENTIONS = discord.AllowedMentions.none()
COLOUR = discord.Colour.blurple()
_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "default": discord.ButtonStyle.secondary,
}


# ---------------------------------------------------------------------- messages


@dataclass
class Message:
    content: str = ""
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None

    def send_kwargs(self) -> dict[str, Any]:
        """For `Messageable.send` and `Webhook.send`: no mentions, ever."""
        kw: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
        if self.content:
            kw["content"] = self.content
        if self.embeds:
            kw["embeds"] = self.embeds
        if self.view is not None and self.view.children:
            kw["view"] = self.view
        if "content" not in kw and "embeds" not in kw:
            kw["content"] = "…"  # Discord refuses an empty message
        return kw

    def edit_kwargs(self) -> dict[str, Any]:
        """For editing a message in place: what is not given is removed."""
        view = self.view if self.view is not None and self.view.children else None
        return {
            "content": self.content or None,
            "embeds": self.embeds,
            "view": view,
            "allowed_mentions": NO_MENTIONS,
        }


def render(o: Outbound, labels: Labels) -> list[Message]:
    """One Outbound as the messages to post (usually one; the components on the last)."""
    view = question_view(o, labels)
    if o.recommendation is not None:
        return [recommendation_message(o, labels, view)]
    if o.draft is not None:
        pieces = [p for p in split(o.text, CONTENT)] + code_blocks(draft_text(o, labels))
    else:
        pieces = split(o.text, CONTENT)
    messages = [Message(content=c) for c in pack(pieces, CONTENT)] or [Message()]
    messages[-1].view = view
    return messages


def render_edit(
    o: Outbound,
    labels: Labels,
    old: Sequence[discord.Component] = (),
    clicked: str | None = None,
    values: Sequence[str] = (),
) -> Message:
    """The clicked message as it should now read, in one message.

    An "answered" edit (no choices) keeps the old components, disabled, the clicked one
    green, so the message shows what was chosen; a checklist toggle gets its new buttons.
    """
    view = question_view(o, labels) if o.choices else answered_view(old, clicked, values)
    if o.recommendation is not None:
        return recommendation_message(o, labels, view)
    text = o.text
    if o.draft is not None:
        text = "\n".join([o.text, *code_blocks(draft_text(o, labels))])
    if len(text) <= CONTENT:
        return Message(content=text, view=view)
    return Message(
        embeds=[discord.Embed(description=cut(text, EMBED_DESCRIPTION), colour=COLOUR)], view=view
    )


# ---------------------------------------------------------------------- questions


def form_id(o: Outbound) -> str | None:
    """The custom_id of the "fill in" button for a question the engine offers as a form
    (`form/<node>/<version>`, from the question's first choice id)."""
    if not o.form or sum(1 for f in o.form if not f.choices) > MODAL_INPUTS or not o.choices:
        return None
    parsed = ChoiceId.parse(o.choices[0].id)
    if parsed is None:
        return None
    cid = f"{FORM_PREFIX}{parsed.node}/{parsed.version}"
    return cid if len(cid) <= CUSTOM_ID else None


def question_view(o: Outbound, labels: Labels) -> discord.ui.View | None:
    if not o.choices:
        return None
    view = discord.ui.View(timeout=None)
    lead: list[Control] = []
    fid = form_id(o)
    if fid is not None:
        lead.append(button(fid, labels.form_open, discord.ButtonStyle.primary))
    items = [c for c in o.choices if c.selected is not None] if o.multi else []
    controls = [c for c in o.choices if c not in items]
    rows = (
        _rows(lead + [_choice_button(c) for c in items])
        + _rows([_choice_button(c) for c in controls])
        if o.multi
        else _rows(lead + [_choice_button(c) for c in o.choices])
    )
    if o.multi and o.compact and 0 < len(items) <= OPTIONS:
        rows = _compact_rows(lead, items, controls)
    elif len(rows) > ROWS:
        rows = _menu_rows(o, lead, items, controls)
    for r, row in enumerate(rows[:ROWS]):
        for item in row:
            item.row = r
            view.add_item(item)
    return view


def _choice_button(c: Button) -> Control:
    if c.selected is None:
        return button(c.id, c.label, _STYLES.get(c.style, discord.ButtonStyle.secondary))
    style = discord.ButtonStyle.success if c.selected else discord.ButtonStyle.secondary
    return button(c.id, (TICK + c.label) if c.selected else c.label, style)


def _rows(items: list[Control]) -> list[list[Control]]:
    return [items[i : i + PER_ROW] for i in range(0, len(items), PER_ROW)]


def _compact_rows(
    lead: list[Control], items: list[Button], controls: list[Button]
) -> list[list[Control]]:
    """A short checklist as one multi-select whose changes set the ticks (the engine's
    `node:_set:version`), with Done and the other buttons below it."""
    first = ChoiceId.parse(items[0].id)
    assert first is not None
    options = [
        discord.SelectOption(
            label=cut(c.label, OPTION_LABEL), value=short_id(c.id), default=bool(c.selected)
        )
        for c in items
    ]
    menu = select(encode(first.node, SET, first.version), options, multi=True)
    return [*([lead] if lead else []), [menu], *_rows([_choice_button(c) for c in controls])]


def _menu_rows(
    o: Outbound, lead: list[Control], items: list[Button], controls: list[Button]
) -> list[list[Control]]:
    """Too many choices for 25 buttons: select menus instead (never in today's dialogs)."""
    rows: list[list[Control]] = [lead] if lead else []
    if o.multi:
        done = next((c for c in controls if choice_of(c.id) == DONE), None)
        if done is not None:
            options = [
                discord.SelectOption(
                    label=cut(c.label, OPTION_LABEL), value=short_id(c.id), default=bool(c.selected)
                )
                for c in items
            ]
            rows.append([select(done.id, options, multi=True, placeholder=done.label)])
            controls = [c for c in controls if c is not done]
        rows += _rows([_choice_button(c) for c in controls])
    else:
        parsed = ChoiceId.parse(o.choices[0].id)
        key = f"{parsed.node}/{parsed.version}" if parsed else "x"
        for n in range(0, len(o.choices), OPTIONS):
            options = [
                discord.SelectOption(label=cut(c.label, OPTION_LABEL), value=c.id[:100])
                for c in o.choices[n : n + OPTIONS]
            ]
            rows.append([select(f"{PICK_PREFIX}{key}/{n // OPTIONS}", options, multi=False)])
    return rows[:ROWS]


def short_id(choice_id: str) -> str:
    """A checklist item's value in a select menu: the choice part of its id."""
    return choice_of(choice_id) or choice_id


def answered_view(
    old: Sequence[discord.Component], clicked: str | None, values: Sequence[str] = ()
) -> discord.ui.View | None:
    """The old components, disabled; the one clicked (and ticked items) shown green."""
    view = discord.ui.View(timeout=None)
    for r, row in enumerate(old[:ROWS]):
        for comp in getattr(row, "children", []):
            cid = getattr(comp, "custom_id", None)
            if not cid:
                continue
            if isinstance(comp, discord.Button):
                on = cid == clicked or comp.style is discord.ButtonStyle.success
                style = discord.ButtonStyle.success if on else discord.ButtonStyle.secondary
                view.add_item(button(cid, comp.label or "…", style, row=r, disabled=True))
            elif isinstance(comp, discord.SelectMenu) and comp.options:
                chosen = set(values) if cid == clicked else set()
                options = [
                    discord.SelectOption(label=o.label, value=o.value, default=o.value in chosen)
                    for o in comp.options
                ]
                view.add_item(select(cid, options, multi=comp.max_values > 1, row=r, disabled=True))
    return view if view.children else None


# ---------------------------------------------------------------------- the card


def recommendation_message(o: Outbound, labels: Labels, view: discord.ui.View | None) -> Message:
    rec = o.recommendation
    assert rec is not None
    heading = labels.heading.replace("{title}", rec.title)
    intro = o.text.split(heading)[0].strip() if heading in o.text else ""
    tail = (
        o.text.rsplit("\n", 1)[-1] if o.edit and not o.choices else ""
    )  # "✓ <answer>", once clicked
    embed = discord.Embed(title=cut(heading, EMBED_TITLE), colour=COLOUR)
    nothing = f"*{labels.nothing}*"
    embed.add_field(
        name=cut(labels.against, 256),
        value=cut(bullets(rec.against) or nothing, EMBED_FIELD),
        inline=False,
    )
    embed.add_field(
        name=cut(labels.for_, 256),
        value=cut(bullets(rec.for_) or nothing, EMBED_FIELD),
        inline=False,
    )
    lines = [rec.summary]
    if rec.reasons:
        lines += ["", f"**{labels.reasons}**"]
    for r in rec.reasons:
        lines.append(f"• {r.text}")
        where = ", ".join(r.cites)
        if r.sources:
            where = (
                f"{labels.sources}: {'; '.join(r.sources)} ({where})"
                if where
                else f"{labels.sources}: {'; '.join(r.sources)}"
            )
        if where:
            lines.append(f"  *{where}*")
    used = len(embed.title or "") + sum(
        len(f.name or "") + len(f.value or "") for f in embed.fields
    )
    embed.description = cut("\n".join(lines), min(EMBED_DESCRIPTION, EMBED_TOTAL - used))
    content = "\n\n".join(x for x in (intro, tail) if x)
    return Message(content=cut(content, CONTENT), embeds=[embed], view=view)


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {x}" for x in items)


# ---------------------------------------------------------------------- drafts


def draft_text(o: Outbound, labels: Labels) -> str:
    d = o.draft
    assert d is not None
    head = f"{d.subject} {labels.script}" if d.is_script else f"{labels.subject}: {d.subject}"
    return f"{head}\n\n{d.body}"


def code_blocks(text: str, limit: int = CONTENT) -> list[str]:
    """Copyable blocks; a ``` typed into a slot cannot close one early."""
    safe = text.replace("```", "`\u200b``")
    return [f"```\n{piece}\n```" for piece in split(safe, limit - 8)]


# ---------------------------------------------------------------------- text


def split(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, broken at line ends where possible."""
    if not text.strip():
        return []
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        out.append(current)
    return [p for p in out if p.strip()]


def pack(pieces: list[str], limit: int) -> list[str]:
    """Join pieces (each within `limit`) into as few messages as fit."""
    out: list[str] = []
    for p in pieces:
        if out and len(out[-1]) + 1 + len(p) <= limit:
            out[-1] = f"{out[-1]}\n{p}"
        else:
            out.append(p)
    return out
