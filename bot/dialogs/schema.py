"""The shape of the language-neutral files in dialogs/ (flow, rules, notes, guidance), as
pydantic models: a typo in a key or a wrong type fails at load with its file and place."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ID = r"^[a-z0-9][a-z0-9_]{0,29}$"  # `_`-prefixed ids are the engine's own (bot.choice_ids)
NodeType = Literal["info", "route", "choice", "checklist", "text", "recommend", "draft", "end"]
TimerKind = Literal["reminder", "checkin"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RouteSpec(_Strict):
    when: dict[str, Any] | None = None
    goto: str


class OptionSpec(_Strict):
    """One option of a choice or checklist node, as written in flow.yaml."""

    id: str = Field(pattern=ID)
    next: str | None = None
    when: dict[str, Any] | None = None
    set: dict[str, str] = Field(default_factory=dict)
    cites: list[str] = Field(default_factory=list)


class VariantSpec(_Strict):
    """Other wording when a condition holds: `use` names it in the locale files."""

    when: dict[str, Any]
    use: str = Field(pattern=ID)


class NodeSpec(_Strict):
    type: NodeType
    answer: str | None = Field(default=None, pattern=ID)
    choices: list[OptionSpec] = Field(default_factory=list)
    next: str | list[RouteSpec] | None = None
    cites: list[str] = Field(default_factory=list)
    # How a typed answer is read: a date, a name (given / family / title / form of address),
    # a referral (a name and one short line about them: `detail`).
    parse: Literal["date", "name", "referral"] | None = None
    flag: str | None = Field(default=None, pattern=ID)  # set by `parse` (build.PARSE_FLAGS)
    detail: str | None = Field(default=None, pattern=ID)  # a referral's line about them
    clears: list[str] = Field(default_factory=list)  # answers a new answer here makes stale
    max_length: int = Field(default=500, ge=1, le=2000)
    form: str | None = None
    tone_check: str | None = Field(default=None, pattern=ID)  # flag set to negative / ok
    kind: str | None = None
    schedule: TimerKind | None = None
    cancel: list[TimerKind] = Field(default_factory=list)
    variants: list[VariantSpec] = Field(default_factory=list)  # the text, by condition
    compact: bool = False  # a short checklist shown as one control (checkboxes, a select)


class TimerSpec(_Strict):
    node: str  # where the conversation goes when the timer falls due
    date: str | None = None  # the answer holding the date it is due the day before


class FlowSpec(_Strict):
    start: str
    nodes: dict[str, NodeSpec]
    timers: dict[TimerKind, TimerSpec] = Field(default_factory=dict)
    moved: dict[str, str] = Field(default_factory=dict)  # old node id -> where it went


class RuleReasonSpec(_Strict):
    id: str = Field(pattern=ID)
    cites: list[str] = Field(min_length=1)
    when: dict[str, Any] | None = None
    outcomes: list[str] | None = None  # shared reasons: only with these outcomes


class RuleSpec(_Strict):
    outcome: str
    when: dict[str, Any] | None = None
    # `shared` in the list marks where the shared reasons go (default: at the end)
    reasons: list[RuleReasonSpec | Literal["shared"]] = Field(min_length=1)


class WeighedSpec(_Strict):
    """One line of the card's "weighed for / against" lists: the labels of a checklist's
    ticked items, or a sentence (a key of <locale>/rules.yaml) when a condition holds."""

    ticked: str | None = None
    when: dict[str, Any] | None = None
    say: str | None = None


class OutcomeSpec(_Strict):
    cites: list[str] = Field(default_factory=list)
    variants: list[VariantSpec] = Field(default_factory=list)  # the summary, by condition


class RulesSpec(_Strict):
    outcomes: dict[str, OutcomeSpec]
    rules: list[RuleSpec] = Field(min_length=1)
    shared: list[RuleReasonSpec] = Field(default_factory=list)
    weighed: dict[Literal["against", "for"], list[WeighedSpec]] = Field(default_factory=dict)


class NoteKindSpec(_Strict):
    when: dict[str, Any] | None = None
    kind: str


class NotesSpec(_Strict):
    """dialogs/notes.yaml: which note `kind: auto` writes, and the facts paragraphs test."""

    kinds: list[NoteKindSpec] = Field(min_length=1)
    defaults: dict[str, str] = Field(default_factory=dict)
    derived: dict[str, dict[str, Any]] = Field(default_factory=dict)
    slots: list[str] = Field(default_factory=list)
    tone: str = "tone"
    # The answer holding the form of address (the ids names.yaml and salutations use).
    address: str = "address"
    shorter: dict[str, str] = Field(default_factory=dict)
    # The length a note of each kind must have, [min, max] characters of its body.
    lengths: dict[str, tuple[int, int]] = Field(default_factory=dict)


class SourceSpec(BaseModel):
    file: str
    title: str


class PointSpec(BaseModel):
    section: str
    sources: list[str]


class GuidanceSpec(BaseModel):
    sources: dict[str, SourceSpec]
    points: dict[str, PointSpec]
