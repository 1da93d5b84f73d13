"""Modals for the fake Slack: `views.open` as Slack answers it, and the payloads Slack
sends when a user submits or closes one.

What Slack checks and this fake checks too (the Web API docs of views.open and the
limits in slack_sdk/models/views and blocks, as in /work/shared/PLATFORM-NOTES.md):
- a trigger_id is one the fake handed out with a click or a command, used once
  (`exchanged_trigger_id`), within about three seconds (`expired_trigger_id`), else
  `invalid_trigger_id`;
- the view: type `modal`; title 1-24 characters, submit and close at most 24, a submit
  button whenever there is an input; 1-100 blocks with unique block_ids (at most 255);
  callback_id 255, private_metadata 3,000, the whole view 250 kB (`view_too_large`);
- input blocks: a label (2,000), an element with an action_id (255):
  plain_text_input (max_length 1-3,000, initial_value within it, placeholder 150) or
  radio_buttons (1-10 options, text 75, value 150, initial_option one of them).
Problems are answered `invalid_arguments` with `response_metadata.messages`, as Slack does.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

TRIGGER_SECONDS = 3.0
TITLE = 24
BLOCKS = 100
METADATA = 3000
VIEW_BYTES = 250_000
INPUT_ELEMENTS = ("plain_text_input", "radio_buttons", "static_select", "checkboxes")


class ViewError(Exception):
    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)


@dataclass
class _Trigger:
    user: str
    at: float
    used: bool = False


@dataclass
class Views:
    """The modals one fake workspace has open, and the triggers it handed out."""

    team_id: str
    app_id: str
    bot_id: str
    trigger_seconds: float = TRIGGER_SECONDS
    opened: dict[str, dict[str, Any]] = field(default_factory=dict)  # view id -> view
    owners: dict[str, str] = field(default_factory=dict)  # view id -> user id
    _triggers: dict[str, _Trigger] = field(default_factory=dict)

    def issue(self, trigger_id: str, user_id: str) -> None:
        self._triggers[trigger_id] = _Trigger(user_id, time.monotonic())

    def open(self, params: dict[str, Any]) -> dict[str, Any]:
        trigger_id = str(params.get("trigger_id") or params.get("interactivity_pointer") or "")
        view = params.get("view")
        if not trigger_id:
            raise ViewError("invalid_arguments", "trigger_id or interactivity_pointer is required")
        trigger = self._triggers.get(trigger_id)
        if trigger is None:
            raise ViewError("invalid_trigger_id")
        if trigger.used:
            raise ViewError("exchanged_trigger_id")
        if time.monotonic() - trigger.at > self.trigger_seconds:
            raise ViewError("expired_trigger_id")
        if not isinstance(view, dict):
            raise ViewError("invalid_arguments", "view must be an object [json-pointer:/view]")
        if len(json.dumps(view)) > VIEW_BYTES:
            raise ViewError("view_too_large")
        problems = view_problems(view)
        if problems:
            raise ViewError("invalid_arguments", *problems)
        trigger.used = True
        view_id = "V" + uuid.uuid4().hex[:10].upper()
        shown = {
            "id": view_id,
            "team_id": self.team_id,
            "type": "modal",
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "state": {"values": {}},
            "clear_on_close": False,
            "notify_on_close": False,
            **view,
            "hash": f"{time.time():.6f}.{uuid.uuid4().hex[:8]}",
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        self.opened[view_id] = shown
        self.owners[view_id] = trigger.user
        return {"view": shown}

    # --- what Slack sends back ------------------------------------------------------------

    def submission(self, user_id: str, view_id: str, values: dict[str, str]) -> dict[str, Any]:
        """A `view_submission`: the user pressed the modal's submit button."""
        return self._payload("view_submission", user_id, view_id, values)

    def closed(self, user_id: str, view_id: str, values: dict[str, str]) -> dict[str, Any]:
        """A `view_closed`: sent only for views opened with `notify_on_close`."""
        if not self.opened[view_id].get("notify_on_close"):
            raise AssertionError("Slack sends view_closed only when notify_on_close is set")
        payload = self._payload("view_closed", user_id, view_id, values)
        payload["is_cleared"] = False
        return payload

    def _payload(
        self, kind: str, user_id: str, view_id: str, values: dict[str, str]
    ) -> dict[str, Any]:
        view = self.opened[view_id]  # (open until the app's ack closes it)
        if self.owners[view_id] != user_id:
            raise AssertionError("only the user a modal was opened for can send it")
        unknown = set(values) - {b.get("block_id") for b in view["blocks"]}
        if unknown:
            raise AssertionError(f"the modal has no inputs {sorted(unknown)}")
        state = {
            b["block_id"]: {
                b["element"]["action_id"]: _state(b["element"], values.get(b["block_id"]))
            }
            for b in view["blocks"]
            if b.get("type") == "input"
        }
        return {
            "type": kind,
            "team": {"id": self.team_id, "domain": "fake-workspace"},
            "user": {"id": user_id, "username": f"user-{user_id.lower()}", "team_id": self.team_id},
            "api_app_id": self.app_id,
            "token": "verification-token",
            "trigger_id": f"{int(time.time())}.1.{uuid.uuid4().hex[:20]}",
            "view": {**view, "state": {"values": state}},
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }


def _state(element: dict[str, Any], value: str | None) -> dict[str, Any]:
    """An input's state as Slack reports it: every input, typed into or not."""
    kind = element["type"]
    if kind == "radio_buttons":
        picked = next((o for o in element["options"] if o["value"] == value), None)
        if value is not None and picked is None:
            raise AssertionError(f"no option {value!r}")
        return {"type": kind, "selected_option": picked}
    if kind == "plain_text_input":
        if value is not None and len(value) > element.get("max_length", 3000):
            raise AssertionError("Slack does not let more than max_length be typed")
        return {"type": kind, "value": value or None}
    raise AssertionError(f"the fake does not type into {kind}")


def view_problems(view: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if view.get("type") != "modal":
        out.append("must be a valid view type [json-pointer:/view/type]")
    out += _text(view.get("title"), "/view/title", TITLE, required=True)
    for key in ("submit", "close"):
        out += _text(view.get(key), f"/view/{key}", TITLE, required=False)
    blocks = view.get("blocks")
    if not isinstance(blocks, list) or not 1 <= len(blocks) <= BLOCKS:
        return [*out, f"must provide between 1 and {BLOCKS} blocks [json-pointer:/view/blocks]"]
    if any(b.get("type") == "input" for b in blocks) and not view.get("submit"):
        out.append("must provide a submit property when using input blocks [json-pointer:/view]")
    if len(str(view.get("private_metadata") or "")) > METADATA:
        out.append(f"must be less than {METADATA} characters [json-pointer:/view/private_metadata]")
    if len(str(view.get("callback_id") or "")) > 255:
        out.append("must be less than 256 characters [json-pointer:/view/callback_id]")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"/view/blocks/{i}"
        bid = block.get("block_id")
        if bid is not None and (bid in seen or len(str(bid)) > 255):
            out.append(f"block_id must be unique and at most 255 characters [json-pointer:{where}]")
        seen.add(str(bid))
        if block.get("type") == "input":
            out += _input(block, where)
    return out


def _input(block: dict[str, Any], where: str) -> list[str]:
    out = _text(block.get("label"), f"{where}/label", 2000, required=True)
    out += _text(block.get("hint"), f"{where}/hint", 2000, required=False)
    element = block.get("element") or {}
    kind = element.get("type")
    if kind not in INPUT_ELEMENTS:
        return [*out, f"must be a valid element type [json-pointer:{where}/element/type]"]
    if not element.get("action_id") or len(element["action_id"]) > 255:
        out.append(f"action_id is required, at most 255 characters [json-pointer:{where}/element]")
    if kind == "plain_text_input":
        limit = element.get("max_length", 3000)
        if not 1 <= limit <= 3000:
            out.append(f"max_length must be 1-3000 [json-pointer:{where}/element/max_length]")
        if len(element.get("initial_value") or "") > limit:
            out.append(f"initial_value is over max_length [json-pointer:{where}/element]")
        out += _text(
            element.get("placeholder"), f"{where}/element/placeholder", 150, required=False
        )
    if kind == "radio_buttons":
        options = element.get("options") or []
        if not 1 <= len(options) <= 10:
            out.append(f"must provide 1-10 options [json-pointer:{where}/element/options]")
        for j, o in enumerate(options):
            out += _text(o.get("text"), f"{where}/element/options/{j}/text", 75, required=True)
            if not o.get("value") or len(o["value"]) > 150:
                out.append(
                    f"value must be 1-150 characters [json-pointer:{where}/element/options/{j}]"
                )
        initial = element.get("initial_option")
        if initial is not None and initial not in options:
            out.append(f"initial_option must be one of the options [json-pointer:{where}/element]")
    return out


def _text(obj: Any, where: str, limit: int, *, required: bool) -> list[str]:
    if obj is None:
        return [f"is required [json-pointer:{where}]"] if required else []
    if not isinstance(obj, dict) or obj.get("type") != "plain_text":
        return [f"must be a plain_text object [json-pointer:{where}]"]
    if not 1 <= len(obj.get("text") or "") <= limit:
        return [f"must be between 1 and {limit} characters [json-pointer:{where}/text]"]
    return []
