"""The compiled, immutable form of dialogs/ that every turn reads.

Conditions are closures, labels are looked up by id, nothing is parsed on the hot path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .conditions import Predicate
from .draft_words import NameTables
from .schema import PointSpec, SourceSpec

if TYPE_CHECKING:
    from .locale import Locale

LOCALES = ("en", "de")
FALLBACK = "en"
DEFAULT_LENGTH = (1, 1500)


@dataclass(frozen=True)
class Option:
    """One option of a choice or checklist node (what a button offers, compiled)."""

    id: str
    next: str | None
    when: Predicate
    set: Mapping[str, str]
    cites: tuple[str, ...]


Variants = tuple[tuple[Predicate, str], ...]  # (condition, wording key), first match wins


def variant(variants: Variants, facts: Mapping[str, object]) -> str | None:
    for when, key in variants:
        if when(facts):
            return key
    return None


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    answer: str | None
    options: tuple[Option, ...]
    routes: tuple[tuple[Predicate, str], ...]
    cites: tuple[str, ...]
    parse: str | None
    max_length: int
    form: str | None
    tone_check: str | None
    kind: str | None
    schedule: str | None
    cancel: tuple[str, ...]
    variants: Variants = ()
    compact: bool = False
    flag: str | None = None  # the flag `parse` sets (a name: address_needed; a referral)
    detail: str | None = None  # where a referral's line about them goes
    clears: tuple[str, ...] = ()  # answers a new answer here makes stale

    @property
    def waits(self) -> bool:
        """Does the conversation stop here for the user's input?"""
        if self.type in ("info", "route"):
            return False
        if self.type == "draft":
            return bool(self.options)
        return True

    def option(self, oid: str) -> Option | None:
        for o in self.options:
            if o.id == oid:
                return o
        return None


@dataclass(frozen=True)
class Reason:
    id: str
    cites: tuple[str, ...]
    when: Predicate
    outcomes: frozenset[str] | None = None  # shared reasons: only with these outcomes


SHARED = "shared"  # in a rule's reasons: where the shared reasons go


@dataclass(frozen=True)
class Rule:
    outcome: str
    when: Predicate
    reasons: tuple[Reason | str, ...]  # a Reason, or SHARED


@dataclass(frozen=True)
class Weighed:
    """A line of the card's weighed lists: a checklist's ticked labels, or a sentence."""

    ticked: str | None  # a checklist node id
    when: Predicate
    say: str | None


@dataclass(frozen=True)
class Timer:
    node: str
    date: str | None  # the answer holding the date of the next step


@dataclass(frozen=True)
class NoteRules:
    """dialogs/notes.yaml compiled: which kind `auto` means, and the facts paragraphs see."""

    kinds: tuple[tuple[Predicate, str], ...]
    defaults: Mapping[str, str]
    derived: tuple[tuple[str, Predicate], ...]
    slots: tuple[str, ...]
    tone: str  # the answer naming the tone paragraphs are written in
    shorter: Mapping[str, str]  # facts that shorten a note that would be too long
    lengths: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def bounds(self, kind: str) -> tuple[int, int]:
        """How long the body of a note of `kind` must be (min, max characters)."""
        return self.lengths.get(kind, DEFAULT_LENGTH)

    def kind_for(self, answers: Mapping[str, object]) -> str:
        for when, kind in self.kinds:
            if when(answers):
                return kind
        raise AssertionError("notes.yaml has a fallback kind; the loader checks it")

    def facts(self, answers: Mapping[str, object]) -> dict[str, object]:
        """The values drafts.yaml conditions look at: answers with defaults, plus derived."""
        out: dict[str, object] = {
            **self.defaults,
            **{k: v for k, v in answers.items() if v is not None},
        }
        for name, when in self.derived:
            out[name] = "yes" if when(out) else "no"
        return out


@dataclass
class Dialogs:
    root: Path
    start: str
    nodes: dict[str, Node]
    timers: dict[str, Timer]
    moved: dict[str, str]  # node ids of older dialogs -> the node that replaced them
    rules: tuple[Rule, ...]
    outcomes: dict[str, tuple[str, ...]]
    outcome_variants: dict[str, Variants]
    shared: tuple[Reason, ...]
    weighed: dict[str, tuple[Weighed, ...]]
    notes: NoteRules
    sources: dict[str, SourceSpec]
    points: dict[str, PointSpec]
    locales: dict[str, Locale]
    names: NameTables = field(default_factory=NameTables)  # dialogs/names.yaml

    def locale(self, code: str | None) -> Locale:
        return self.locales.get(resolve_locale(code), self.locales[FALLBACK])

    def source_titles(self, cites: list[str] | tuple[str, ...]) -> list[str]:
        seen: list[str] = []
        for gid in cites:
            for sid in self.points[gid].sources:
                title = self.sources[sid].title
                if title not in seen:
                    seen.append(title)
        return seen

    def node_for_answer(self, answer: str) -> Node | None:
        """The question whose answer is stored under `answer` (the first one, by flow order)."""
        for node in self.nodes.values():
            if node.answer == answer:
                return node
        return None


def resolve_locale(code: str | None) -> str:
    """Platform locales ('de-DE', 'de', 'en-US') to ours; anything else is English."""
    if not code:
        return FALLBACK
    head = code.strip().lower().replace("_", "-").split("-")[0]
    return head if head in LOCALES else FALLBACK
