"""One user's conversation as stored: the answers they gave, and the engine's own typed
bookkeeping beside them (never mixed into the answers)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..models import DraftView, Who
from .undo import Undo

TimerKind = Literal["reminder", "checkin"]


class DraftState(BaseModel):
    """The notes drafted so far. Versions count across kinds, so "version 3" is unique."""

    version: int = 0  # the last version number given out
    last_kind: str | None = None  # the kind shown last (what `show my draft` shows)
    latest: dict[str, DraftView] = Field(default_factory=dict)  # the newest version per kind

    @property
    def last(self) -> DraftView | None:
        return self.latest.get(self.last_kind) if self.last_kind else None


class Timers(BaseModel):
    """Reminders and check-ins this conversation is waiting for."""

    pending: list[TimerKind] = Field(default_factory=list)
    reminded: bool = False  # one reminder per note, never two
    reminder_due: float | None = None
    checkin_due: float | None = None  # None: no check-in (unknown, or too close to the day)
    checkin_date: str | None = None  # ISO date of the next step; None when they don't know


class Pending(BaseModel):
    """What a story said, shown back and waiting for "that's right" (or a fix)."""

    answers: dict[str, Any] = Field(default_factory=dict)
    at: str = ""  # the node the story came at: where `back` and the walk return to


class Conversation(BaseModel):
    """One user's place in the decision. Stored as one row; `version` guards every write."""

    who: Who
    node: str
    # The user's answers, under the answer keys of dialogs/flow.yaml (and nothing else).
    answers: dict[str, Any] = Field(default_factory=dict)
    history: list[Undo] = Field(default_factory=list)
    locale: str = "en"
    locale_override: str | None = None
    timezone: str | None = None  # IANA name, when the platform told us; else UTC
    version: int = 0
    created_at: float = 0.0
    updated_at: float = 0.0
    # Checklist items ticked but not yet confirmed with Done, per checklist node.
    ticked: dict[str, list[str]] = Field(default_factory=dict)
    # Facts the engine derived from answers that the flow routes on (a reason's tone).
    flags: dict[str, str] = Field(default_factory=dict)
    drafts: DraftState = Field(default_factory=DraftState)
    timers: Timers = Field(default_factory=Timers)
    pending: Pending | None = None  # a story read, awaiting confirmation
    from_story: list[str] = Field(default_factory=list)  # answers a story gave: passed over
    # The platform event that produced this version and what was answered, so that a
    # retry of it gets the same answer again without a second lookup.
    last_event: str | None = None
    last_replies: str = "[]"
    # Recent platform event ids with when they were seen: de-duplication records, kept in
    # the conversation's own row (one write per turn) and expired by age and count.
    recent_events: list[tuple[str, float]] = Field(default_factory=list)

    def has_seen(self, event_id: str) -> bool:
        return any(e == event_id for e, _ in self.recent_events)

    def engine_state(self) -> dict[str, Any]:
        """What the store keeps beside the answers, as plain data (one JSON column)."""
        return {
            "ticked": self.ticked,
            "flags": self.flags,
            "drafts": self.drafts.model_dump(exclude_defaults=True),
            "timers": self.timers.model_dump(exclude_defaults=True),
            "timezone": self.timezone,
            "pending": self.pending.model_dump() if self.pending else None,
            "from_story": self.from_story,
        }
