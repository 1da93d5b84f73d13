"""One language's understanding, compiled from dialogs/<locale>/understanding.yaml (the
phrases, per answer key and choice id) and dialogs/understanding.yaml (what a story is
read for, how counts and durations map to choices).

Checked at load: every id must be one the flow can answer; a phrase claimed by two ids
of one question, an id without phrases, or an example that no longer reads as written
fail `python -m bot check` (see `bot/understanding/checks.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .numbers import NumberWords
from .patterns import Entry, Matcher, Pattern, compile_phrase
from .scope import ScopeWords
from .tokens import fold


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExamplesSpec(_Strict):
    match: list[str] = Field(default_factory=list)
    no_match: list[str] = Field(default_factory=list)


class ConceptSpec(_Strict):
    says: str | None = None  # how the confirmation names it ("between rounds")
    phrases: list[str] = Field(default_factory=list)  # in a story and as a typed answer
    at_question: list[str] = Field(default_factory=list)  # only as the answer to its question
    exclude: list[str] = Field(default_factory=list)  # near-misses that are not it
    negated: str | None = None  # the choice a negated phrase means ("not take it": no)
    hedged: str | None = None  # the choice a hedged phrase means ("maybe take it": unsure)
    examples: ExamplesSpec = Field(default_factory=ExamplesSpec)


class WordsSpec(_Strict):
    negation: list[str] = Field(default_factory=list)
    post_negation: list[str] = Field(
        default_factory=list
    )  # after the phrase: "brauche das Geld nicht"
    pseudo_negation: list[str] = Field(default_factory=list)
    terminators: list[str] = Field(default_factory=list)
    hedges: list[str] = Field(default_factory=list)
    others: list[str] = Field(default_factory=list)
    first_person: list[str] = Field(default_factory=list)
    fillers: list[str] = Field(default_factory=list)  # "the", "one", "option": around a number
    articles: list[str] = Field(default_factory=list)  # "a", "ein": a number only in a duration
    not_counts: list[str] = Field(default_factory=list)  # "one on one": no number of rounds
    numbers: dict[str, float] = Field(default_factory=dict)
    ordinals: dict[str, int] = Field(default_factory=dict)
    future: list[str] = Field(default_factory=list)
    past: list[str] = Field(default_factory=list)  # "had my first interview on Monday": done
    awaiting: list[str] = Field(default_factory=list)  # before "round two": that round is to come
    units: dict[str, list[str]] = Field(default_factory=dict)  # count key -> unit words
    durations: dict[str, list[str]] = Field(default_factory=dict)  # day/week/month/year
    duration_context: dict[str, list[str]] = Field(default_factory=dict)  # key -> words


class LocaleSpec(_Strict):
    words: WordsSpec = Field(default_factory=WordsSpec)
    concepts: dict[str, dict[str, ConceptSpec]] = Field(default_factory=dict)


class ImplySpec(_Strict):
    found: str  # when this answer was read ...
    missing: str  # ... and this one was not,
    set: dict[str, str]  # it implies these


class NeutralSpec(_Strict):
    """dialogs/understanding.yaml."""

    story: list[str] = Field(default_factory=list)  # answer keys a story is read for
    counts: dict[str, dict[str, tuple[float, float]]] = Field(default_factory=dict)
    none_so_far: dict[str, dict[str, str]] = Field(default_factory=dict)  # count 0 -> answers
    durations: dict[str, dict[str, tuple[float, float]]] = Field(default_factory=dict)  # days
    implies: list[ImplySpec] = Field(default_factory=list)
    # key -> {other key: its choices}: the key is kept only beside one of them
    only_with: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    on_conflict: dict[str, str] = Field(default_factory=dict)  # key -> choice when two are read
    long_answer: int = 7  # words from which a typed answer is also read as a story
    shown_with: dict[str, str] = Field(default_factory=dict)  # key -> the key it is shown beside


@dataclass(frozen=True)
class Concept:
    key: str
    value: str
    says: str | None
    patterns: tuple[Pattern, ...]
    typed: tuple[Pattern, ...]  # `at_question`
    negated: str | None
    hedged: str | None
    examples: ExamplesSpec


@dataclass
class Lexicon:
    code: str
    concepts: dict[str, dict[str, Concept]]
    matcher: Matcher  # story phrases
    typed: Matcher  # story phrases and `at_question` ones
    excluder: Matcher
    scope: ScopeWords
    nums: NumberWords
    fillers: frozenset[str]
    not_counts: Matcher
    units: dict[str, Matcher]
    duration_units: Matcher
    duration_context: dict[str, Matcher]
    neutral: NeutralSpec
    checklists: frozenset[str]  # answer keys that hold a list
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> ids, in order

    def fold(self, text: str) -> str:
        return fold(text, self.code)


def _matcher(code: str, phrases: Mapping[str, list[str]]) -> Matcher:
    """A word class (units, negations, hedges): matched exactly, no typos."""
    entries = (Entry(compile_phrase(p, code), key, key) for key, ps in phrases.items() for p in ps)
    return Matcher(entries, typos=False)


def build(
    code: str,
    spec: LocaleSpec,
    neutral: NeutralSpec,
    options: Mapping[str, tuple[str, ...]],
    checklists: frozenset[str],
) -> Lexicon:
    """The compiled lexicon (`options`: answer key or node id -> its choice ids)."""
    w = spec.words
    concepts: dict[str, dict[str, Concept]] = {}
    entries: list[Entry] = []
    typed: list[Entry] = []
    excludes: list[Entry] = []
    for key, per in spec.concepts.items():
        for value, c in per.items():
            pats = tuple(compile_phrase(p, code) for p in c.phrases)
            at = tuple(compile_phrase(p, code) for p in c.at_question)
            concepts.setdefault(key, {})[value] = Concept(
                key, value, c.says, pats, at, c.negated, c.hedged, c.examples
            )
            entries.extend(Entry(p, key, value) for p in pats)
            typed.extend(Entry(p, key, value) for p in (*pats, *at))
            excludes.extend(Entry(compile_phrase(p, code), key, value) for p in c.exclude)
    negation = frozenset(fold(x, code) for x in w.negation)
    scope = ScopeWords(
        negation=negation,
        post_negation=frozenset(fold(x, code) for x in w.post_negation),
        pseudo=_matcher(code, {"pseudo": w.pseudo_negation}),
        terminators=frozenset(fold(x, code) for x in w.terminators),
        hedges=_matcher(code, {"hedge": w.hedges}),
        others=_matcher(code, {"others": w.others}),
        first_person=frozenset(fold(x, code) for x in w.first_person),
    )
    nums = NumberWords(
        numbers={fold(k, code): v for k, v in w.numbers.items()},
        ordinals={fold(k, code): v for k, v in w.ordinals.items()},
        future=_matcher(code, {"future": w.future}),
        past=_matcher(code, {"past": w.past}),
        awaiting=_matcher(code, {"awaiting": w.awaiting}),
        articles=frozenset(fold(x, code) for x in w.articles),
    )
    durations = Matcher(
        (
            Entry(compile_phrase(p, code), "unit", unit)
            for unit, ps in w.durations.items()
            for p in ps
        ),
        typos=False,
    )
    return Lexicon(
        code=code,
        concepts=concepts,
        matcher=Matcher(entries, protected=negation),
        typed=Matcher(typed, protected=negation),
        excluder=Matcher(excludes, typos=False),  # a near-miss is excluded as written
        scope=scope,
        nums=nums,
        fillers=frozenset(fold(x, code) for x in w.fillers),
        not_counts=_matcher(code, {"not": w.not_counts}),
        units={k: _matcher(code, {k: v}) for k, v in w.units.items()},
        duration_units=durations,
        duration_context={k: _matcher(code, {k: v}) for k, v in w.duration_context.items()},
        neutral=neutral,
        checklists=checklists,
        options=dict(options),
    )


def parse(raw: Any) -> LocaleSpec:
    return LocaleSpec.model_validate(raw or {})
