"""Reading a text for answers: a whole story, or a typed answer to one question.

Both return a `Reading`: the answers (keys of dialogs/flow.yaml -> a choice id, or a list
for a checklist) with the evidence for each (the user's own words that matched), so the
bot can confirm what it took, and a coach can see why (`python -m bot understand`).
Only what the text states counts: a negated phrase is not a sign (or means the choice its
concept names as `negated`), someone else's experience is not theirs, and a hedge makes
a yes unsure where the concept says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .lexicon import Lexicon
from .numbers import counts, durations
from .patterns import Entry, Hit
from .scope import Context
from .tokens import Token, tokenize


@dataclass(frozen=True)
class Evidence:
    answer: str
    value: str
    phrase: str  # the words of the text that say it
    fuzzy: bool = False  # matched only with a typo tolerated

    def public(self) -> dict[str, str]:
        return {"answer": self.answer, "value": self.value, "phrase": self.phrase}


@dataclass
class Reading:
    answers: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    denied: dict[str, list[str]] = field(default_factory=dict)  # checklist items said not to be

    @property
    def fuzzy(self) -> bool:
        return any(e.fuzzy for e in self.evidence)

    def public(self) -> dict[str, Any]:
        return {"answers": self.answers, "evidence": [e.public() for e in self.evidence]}


def quote(text: str, tokens: Sequence[Token], start: int, end: int) -> str:
    return text[tokens[start].start : tokens[end - 1].end]


def phrase_hits(
    lex: Lexicon, tokens: Sequence[Token], keys: set[str] | None, *, typed: bool = False
) -> list[tuple[Entry, Hit]]:
    """The lexicon's phrases found (with `typed`, the answer-only ones too), near-misses
    (`exclude`) removed, and where two phrases of one question overlap only the longer."""
    matcher = lex.typed if typed else lex.matcher
    found = [(e, h) for e, h in matcher.scan(tokens) if keys is None or e.key in keys]
    blocked = [(e.key, e.value, h.start, h.end) for e, h in lex.excluder.scan(tokens)]
    kept = []
    for e, h in found:
        if any(k == e.key and v == e.value and s < h.end and h.start < t for k, v, s, t in blocked):
            continue
        kept.append((e, h))
    best: list[tuple[Entry, Hit]] = []
    for e, h in sorted(kept, key=lambda eh: (-eh[1].pattern.size, eh[1].fuzzy, eh[1].start)):
        if any(b.key == e.key and bh.start < h.end and h.start < bh.end for b, bh in best):
            continue
        best.append((e, h))
    return sorted(best, key=lambda eh: eh[1].start)


def interpret(
    lex: Lexicon, text: str, tokens: Sequence[Token], keys: set[str] | None, *, typed: bool = False
) -> tuple[list[Evidence], dict[str, list[str]]]:
    """Evidence from the phrases found, their context applied."""
    ctx = Context(tokens, lex.scope)
    out: list[Evidence] = []
    denied: dict[str, list[str]] = {}
    for e, h in phrase_hits(lex, tokens, keys, typed=typed):
        concept = lex.concepts[e.key][e.value]
        value: str | None = e.value
        if ctx.someone_else(h):
            continue
        if ctx.negated(h):
            value = concept.negated
            if value is None:
                if e.key in lex.checklists:
                    denied.setdefault(e.key, []).append(e.value)
                continue
        elif concept.hedged and ctx.hedged(h):
            value = concept.hedged
        if value is not None:
            out.append(Evidence(e.key, value, quote(text, tokens, h.start, h.end), h.fuzzy))
    return out, denied


def numbers_read(
    lex: Lexicon, text: str, tokens: Sequence[Token], keys: set[str], *, anywhere: bool
) -> list[Evidence]:
    """Counts ("two rounds") and durations ("three months") for the keys that take them.
    In a story a duration counts only beside its context ("searching for three months")."""
    out: list[Evidence] = []
    for key in keys & lex.units.keys():
        ranges = lex.neutral.counts.get(key, {})
        for c in counts(tokens, lex.units[key], lex.nums, lex.not_counts):
            said = quote(text, tokens, c.start, c.end)
            if c.value == 0:  # "my first interview is on Thursday"
                none = lex.neutral.none_so_far.get(key, {})
                out.extend(Evidence(k, v, said) for k, v in none.items() if k in keys)
                continue
            value = next((v for v, (lo, hi) in ranges.items() if lo <= c.value <= hi), None)
            if value is not None:
                out.append(Evidence(key, value, said))
    for key in keys & lex.neutral.durations.keys():
        context = lex.duration_context.get(key)
        if not anywhere and (context is None or not context.scan(tokens)):
            continue
        ranges = lex.neutral.durations[key]
        for days, s, t in durations(tokens, lex.duration_units, lex.nums):
            value = next((v for v, (lo, hi) in ranges.items() if lo <= days <= hi), None)
            if value is not None:
                out.append(Evidence(key, value, quote(text, tokens, s, t)))
    return out


LOWEST = "lowest"  # an `on_conflict` that takes the earliest choice said


def assemble(lex: Lexicon, evidence: list[Evidence], denied: dict[str, list[str]]) -> Reading:
    """One answer per key: a checklist's items in flow order; for a single choice the one
    read, or the key's `on_conflict` choice when two disagree (else nothing)."""
    reading = Reading(evidence=evidence, denied=denied)
    by_key: dict[str, list[str]] = {}
    for ev in evidence:
        by_key.setdefault(ev.answer, [])
        if ev.value not in by_key[ev.answer]:
            by_key[ev.answer].append(ev.value)
    for key, values in by_key.items():
        if key in lex.checklists:
            order = lex.options.get(key, ())
            reading.answers[key] = sorted(
                values, key=lambda v: order.index(v) if v in order else 99
            )
        elif len(values) == 1:
            reading.answers[key] = values[0]
        elif key in lex.neutral.on_conflict:
            pick = lex.neutral.on_conflict[key]
            if pick == LOWEST:  # "my first interview ... the second round": the lowest said
                order = lex.options.get(key, ())
                pick = min(values, key=lambda v: order.index(v) if v in order else 99)
            reading.answers[key] = pick
    for rule in lex.neutral.implies:
        if rule.found in reading.answers and rule.missing not in reading.answers:
            reading.answers.update(rule.set)
    for key, needs in lex.neutral.only_with.items():
        if key in reading.answers and any(
            other in reading.answers and reading.answers[other] not in allowed
            for other, allowed in needs.items()
        ):
            del reading.answers[key]
    reading.evidence = [
        e
        for e in evidence
        if reading.answers.get(e.answer) == e.value
        or e.value in (reading.answers.get(e.answer) or [])
    ]
    return reading


def read_story(lex: Lexicon, text: str) -> Reading:
    """Everything a story states, for the keys a story is read for."""
    tokens = tokenize(text, lex.code)
    keys = set(lex.neutral.story)
    evidence, denied = interpret(lex, text, tokens, keys)
    said = {e.answer for e in evidence}  # a phrase says more than a bare number
    evidence += numbers_read(lex, text, tokens, keys - said, anywhere=False)
    return assemble(lex, evidence, denied)
