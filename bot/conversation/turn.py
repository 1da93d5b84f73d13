"""The working state of one turn: a copy of the conversation the handlers change, the
replies they queue and the effects to store. Nothing here does I/O or reads a clock."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import dates
from ..dialogs import Dialogs, Locale, Node, resolve_locale
from ..models import (
    Destination,
    Draft,
    Inbound,
    InboundKind,
    Outbound,
    Place,
    Recommendation,
    ScheduledItem,
)
from ..text import fill
from .state import Conversation, DraftState, Pending, TimerKind, Timers
from .undo import Undo, push

FORGET = "_forget"  # the confirmation step of `forget`: a node of the engine's, not the flow's
CONFIRM = "_confirm"  # "here's what I took from that: right?" after a story
ENGINE_NODES = (FORGET, CONFIRM)
MAX_TEXT = 2000


@dataclass(frozen=True)
class TurnConfig:
    reminder_delay: float = 86400.0


@dataclass
class Effects:
    """What a turn wants stored beside the new state, in the same transaction."""

    drafts: list[Draft] = field(default_factory=list)
    schedule: list[ScheduledItem] = field(default_factory=list)
    cancel_schedule: list[str] = field(default_factory=list)  # kinds to cancel
    schedule_done: list[int] = field(default_factory=list)  # ids that fired
    forget: bool = False  # delete everything about this user


@dataclass
class Ask:
    """A question to render once the turn's final version is known."""

    node: str
    edit: bool = False
    prefix: str | None = None


@dataclass
class Turn:
    d: Dialogs
    cfg: TurnConfig
    now: float
    inbound: Inbound
    old: Conversation | None
    node: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    ticked: dict[str, list[str]] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    drafts: DraftState = field(default_factory=DraftState)
    timers: Timers = field(default_factory=Timers)
    pending: Pending | None = None
    from_story: list[str] = field(default_factory=list)
    misses: int = 0  # questions not understood in a row here (kept by the engine, not stored)
    missed: bool = False  # this turn did not understand the answer to its question
    history: list[Undo] = field(default_factory=list)
    override: str | None = None
    timezone: str | None = None
    locale_code: str = "en"
    to: Destination = Destination.HERE
    out: list[Outbound | Ask] = field(default_factory=list)
    effects: Effects = field(default_factory=Effects)
    changed: bool = False
    forgotten: bool = False
    undo_from: dict[str, Any] | None = None
    rec_cache: tuple[Any, Recommendation] | None = None

    def __post_init__(self) -> None:
        old = self.old
        if old is not None:
            self.node = self.d.moved.get(old.node, old.node)
            self.answers = dict(old.answers)
            self.ticked = dict(old.ticked)
            self.flags = dict(old.flags)
            self.drafts = old.drafts.model_copy()
            self.timers = old.timers.model_copy()
            self.pending = old.pending
            self.from_story = list(old.from_story)
            self.history = list(old.history)
            self.override = old.locale_override
            self.timezone = old.timezone
        self.timezone = dates.zone_name(self.inbound.timezone) or self.timezone
        stored = old.locale if old else None
        self.locale_code = resolve_locale(self.override or self.inbound.locale or stored)
        # A conversation started from a channel moves to the user's direct messages.
        moved = self.inbound.place == Place.CHANNEL or self.inbound.kind == InboundKind.TIMER
        self.to = Destination.DM if moved else Destination.HERE

    # --- reading ------------------------------------------------------------------------

    @property
    def loc(self) -> Locale:
        return self.d.locales[self.locale_code]

    @property
    def facts(self) -> Mapping[str, Any]:
        """What the flow's conditions see: the answers, and the flags derived from them."""
        return ChainMap(self.flags, self.answers) if self.flags else self.answers

    @property
    def current(self) -> Node | None:
        return self.d.nodes.get(self.node)

    def msg(self, key: str, **values: str) -> str:
        return fill(self.loc.msg(key), values)

    def label(self, node: Node, oid: str) -> str:
        return self.loc.nodes[node.id].choices.get(oid, oid)

    def route(self, node: Node) -> str:
        """Where the node's `next` leads with the answers as they are now."""
        facts = self.facts
        for when, goto in node.routes:
            if when(facts):
                return goto
        raise AssertionError(f"node {node.id} has no way on; the linter reports dead ends")

    def available(self, node: Node) -> list[str]:
        """The option ids this node offers now (an option's `when` may hide it)."""
        facts = self.facts
        return [o.id for o in node.options if o.when(facts)]

    # --- writing ------------------------------------------------------------------------

    def say(self, text: str, kind: str = "info", to: Destination | None = None) -> None:
        self.out.append(Outbound(text=text, kind=kind, to=to or self.to))

    def ask(self, node: str, *, edit: bool = False, prefix: str | None = None) -> None:
        self.out.append(Ask(node, edit=edit, prefix=prefix))

    def reask(self, prefix: str | None = None) -> None:
        """The current question again (after a miss, help, a stale click)."""
        if self.old is None or (self.node not in ENGINE_NODES and self.node not in self.d.nodes):
            from .navigate import begin  # a conversation that cannot go on starts afresh

            return begin(self)
        self.ask(self.node, prefix=prefix)

    def push_history(self) -> None:
        """Remember the step for `back`; `undo_record` keeps only what it changed."""
        self.undo_from = dict(self.answers)
        self.history = push(self.history, Undo.model_construct(node=self.node, answers={}))

    def undo_record(self) -> None:
        if self.undo_from is None or not self.history:
            return
        last = self.history[-1]
        self.history[-1] = Undo.between(last.node, self.undo_from, self.answers)

    def schedule(self, kind: TimerKind, due: float) -> None:
        """One pending item of each kind: a new one replaces the old."""
        self.effects.cancel_schedule = [*self.effects.cancel_schedule, kind]
        self.effects.schedule.append(ScheduledItem(kind=kind, due_at=due))
        self.timers.pending = sorted({*self.timers.pending, kind})

    def cancel(self, kinds: tuple[str, ...] | list[str]) -> None:
        self.effects.cancel_schedule = [*self.effects.cancel_schedule, *kinds]
        self.timers.pending = [k for k in self.timers.pending if k not in kinds]
