"""The pydantic models at the engine's boundary: what adapters send in and get back.

Adapters build an `Inbound` from a platform payload and render each `Outbound` they get
back. Nothing here knows about Slack or Discord; identity (`Who`) comes only from the
platform's payload, never from a choice value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Who(BaseModel):
    """Whose conversation this is: the key of every stored row."""

    model_config = ConfigDict(frozen=True)

    platform: str = Field(min_length=1, max_length=32)
    workspace: str = Field(default="", max_length=64)
    user: str = Field(min_length=1, max_length=64)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.platform, self.workspace, self.user)


class InboundKind(StrEnum):
    START = "start"  # /should-i-withdraw [text]
    TEXT = "text"  # anything typed in the conversation
    CHOICE = "choice"  # a button or select: the choice id the engine gave out
    CONTROL = "control"  # a control word sent by an adapter (e.g. from a Home tab button)
    FORM = "form"  # several free-text slots at once (`fields`), e.g. a Discord modal
    TIMER = "timer"  # a reminder or check-in falling due (sent by the scheduler)


class Place(StrEnum):
    """Where the inbound event happened, so replies to a channel stay private."""

    DM = "dm"
    CHANNEL = "channel"


class Inbound(BaseModel):
    who: Who
    kind: InboundKind
    text: str = ""
    # Several values at once, e.g. a Slack checkboxes element or a Discord multi-select.
    values: list[str] = Field(default_factory=list)
    fields: dict[str, str] = Field(default_factory=dict)
    event_id: str | None = Field(default=None, max_length=200)
    locale: str | None = Field(default=None, max_length=35)
    # The user's time zone when the platform tells it (Slack's users.info `tz`), so that
    # check-ins come in their morning.
    timezone: str | None = Field(default=None, max_length=64)
    place: Place = Place.DM


class Button(BaseModel):
    """A button (or select option) for the user: `id` is what the adapter sends back, a
    choice id from `bot.choice_ids` carrying node and version only."""

    id: str
    label: str
    selected: bool | None = None  # for checklists: ticked or not; None for plain buttons
    style: Literal["primary", "danger", "default"] = "default"


class FormField(BaseModel):
    """A slot an adapter may collect in one form (a Slack or Discord modal): free text, or
    one of `choices` (their ids are what the field sends back). `value` is what was given
    so far, so a form opened again shows it; `hint` is an example for an empty field."""

    id: str
    label: str
    max_length: int
    choices: list[Button] = Field(default_factory=list)
    value: str = ""
    hint: str = ""


class Reason(BaseModel):
    text: str
    cites: list[str]
    sources: list[str] = Field(default_factory=list)


class Recommendation(BaseModel):
    outcome: str
    title: str
    summary: str
    reasons: list[Reason]
    against: list[str] = Field(default_factory=list)  # what weighed against going on
    for_: list[str] = Field(default_factory=list, alias="for", serialization_alias="for")

    model_config = ConfigDict(populate_by_name=True)


class DraftView(BaseModel):
    kind: str
    subject: str
    body: str
    version: int  # unique across a user's drafts (the stored row's key)
    number: int = 0  # what the user is shown: the n-th version of this kind, from 1
    is_script: bool = False  # spoken words or questions, not an email


class Destination(StrEnum):
    HERE = "here"
    DM = "dm"


class Outbound(BaseModel):
    """One message for the user. `to: dm` messages pass through the outbox."""

    text: str
    kind: str = "info"  # question, info, recommendation, draft, answered, error, reminder
    to: Destination = Destination.HERE
    choices: list[Button] = Field(default_factory=list)
    multi: bool = False  # choices are a checklist (toggle several, then Done)
    # A short checklist best shown as one control (Slack checkboxes, a Discord select)
    compact: bool = False
    form: list[FormField] = Field(default_factory=list)  # slots that may be filled in one go
    # Replaces the message whose button was clicked (its buttons become the answer).
    edit: bool = False
    recommendation: Recommendation | None = None
    draft: DraftView | None = None
    outbox_id: str | None = None
    locale: str = "en"  # the language of `text`, for adapters' own labels

    def public(self) -> dict[str, object]:
        """The JSON the console prints: stable keys, no internals."""
        out: dict[str, object] = {
            "text": self.text,
            "kind": self.kind,
            "to": self.to.value,
            "choices": [
                {"id": c.id, "label": c.label}
                | ({"selected": c.selected} if c.selected is not None else {})
                for c in self.choices
            ],
        }
        if self.multi:
            out["multi"] = True
        if self.compact:
            out["compact"] = True
        if self.form:
            out["form"] = [f.model_dump() for f in self.form]
        if self.edit:
            out["edit"] = True
        if self.recommendation is not None:
            out["recommendation"] = self.recommendation.model_dump(by_alias=True)
        if self.draft is not None:
            out["draft"] = self.draft.model_dump()
        return out


class Draft(BaseModel):
    """A saved version of a note (every revision is kept)."""

    version: int
    kind: str
    subject: str
    body: str
    created_at: float


class ScheduledItem(BaseModel):
    kind: Literal["reminder", "checkin"]
    due_at: float
    payload: dict[str, object] = Field(default_factory=dict)
