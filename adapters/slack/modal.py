"""A question's form as a Slack modal, and what its submission holds: pure functions.

The view has one `input` block per field (its block_id is the field's id, so the errors
of `response_action: errors` land on the right field): a plain text input, or radio
buttons for a choice (the form of address). Fields given before are filled in. The
private metadata carries the form's id, the language and the message the button was on,
so the submission can be checked and answered without a lookup. Limits of
slack_sdk/models/views and blocks are kept: title, submit and close 24 characters,
100 blocks, private_metadata 3,000, labels 2,000, placeholders 150, inputs 3,000, radio
options 10 (text 75, value 150).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.labels import Labels
from bot.models import FormField, Outbound

from .render import Block

CALLBACK_ID = "coach_form"
ACTION = "value"
TITLE = 24
LABEL = 2000
PLACEHOLDER = 150
INPUT_MAX = 3000
RADIO_OPTIONS = 10
OPTION_TEXT = 75
OPTION_VALUE = 150
METADATA = 3000
MULTILINE_FROM = 150  # fields that may hold more than this are a multi-line input


@dataclass(frozen=True)
class Opened:
    """What a modal's private metadata remembers."""

    form_id: str  # node:_form:version of the question it was opened from
    locale: str
    channel: str | None = None  # the question's message, to mark it answered
    ts: str | None = None

    def encode(self) -> str:
        data = {"id": self.form_id, "locale": self.locale, "channel": self.channel, "ts": self.ts}
        return json.dumps(data, separators=(",", ":"))[:METADATA]

    @classmethod
    def decode(cls, raw: object) -> Opened | None:
        try:
            data = json.loads(str(raw or ""))
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return None
        text = {k: v if isinstance(v, str) else None for k, v in data.items()}
        return cls(data["id"], text.get("locale") or "en", text.get("channel"), text.get("ts"))


def _plain(text: str, limit: int) -> dict[str, Any]:
    # plain_text is shown as typed (no mrkdwn, no mentions): only kept within its limit.
    return {"type": "plain_text", "text": _cut(text, limit) or "…", "emoji": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def field_block(f: FormField) -> Block:
    element: Block
    if f.choices:
        options = [
            {"text": _plain(c.label, OPTION_TEXT), "value": c.id[:OPTION_VALUE]}
            for c in f.choices[:RADIO_OPTIONS]
        ]
        element = {"type": "radio_buttons", "action_id": ACTION, "options": options}
        chosen = [o for o in options if o["value"] == f.value]
        if chosen:
            element["initial_option"] = chosen[0]
    else:
        limit = max(1, min(f.max_length, INPUT_MAX))
        element = {
            "type": "plain_text_input",
            "action_id": ACTION,
            "max_length": limit,
            "multiline": f.max_length > MULTILINE_FROM,
        }
        if f.value:
            element["initial_value"] = f.value[:limit]
        if f.hint:
            element["placeholder"] = _plain(f.hint, PLACEHOLDER)
    return {
        "type": "input",
        "block_id": f.id[:255],
        "optional": True,
        "label": _plain(f.label, LABEL),
        "element": element,
    }


def form_view(question: Outbound, labels: Labels, opened: Opened) -> dict[str, Any]:
    """views.open's `view` for the form of `question` (an Outbound with `form`)."""
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": _plain(labels.form_title, TITLE),
        "submit": _plain(labels.form_submit, TITLE),
        "close": _plain(labels.form_close, TITLE),
        "notify_on_close": True,  # a closed modal still tells us what it held
        "private_metadata": opened.encode(),
        "blocks": [field_block(f) for f in question.form][:100],
    }


def submitted(view: dict[str, Any]) -> dict[str, str]:
    """{field id: text or choice id} from `view.state.values` (a submission, or a closed
    modal); a field left empty is "" (a skipped detail), an unpicked choice is left out."""
    out: dict[str, str] = {}
    values = (view.get("state") or {}).get("values") or {}
    for block_id, actions in values.items():
        state = (actions or {}).get(ACTION) if isinstance(actions, dict) else None
        if not isinstance(state, dict):
            continue
        if state.get("type") == "radio_buttons":
            picked = state.get("selected_option") or {}
            if isinstance(picked, dict) and picked.get("value"):
                out[str(block_id)] = str(picked["value"])
        else:
            out[str(block_id)] = str(state.get("value") or "")
    return out
