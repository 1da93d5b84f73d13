"""Reading a typed answer to the question being asked, against that question alone.

In order: a number or ordinal ("2", "the second one", "zweite"), a count or duration
where the question asks for one ("three", "about three months"), the question's phrases
from understanding.yaml (with negation and hedges), its labels and their parts ("between
rounds"), yes / no words. A typo on a longer word is tolerated but reported (`fuzzy`), so
the bot asks "Did you mean ...?" instead of taking it. A text that answers nothing takes
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .lexicon import Lexicon
from .numbers import LAST, bare_number, number_list
from .reading import Evidence, interpret, numbers_read
from .tokens import tokenize


@dataclass
class Answer:
    picked: list[str] = field(default_factory=list)  # choice ids the text names
    toggled: list[str] = field(default_factory=list)  # checklist items named by number
    removed: list[str] = field(default_factory=list)  # checklist items said not to be
    done: bool = False  # a checklist's "number after the last item"
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def fuzzy(self) -> bool:
        return bool(self.evidence) and all(e.fuzzy for e in self.evidence)

    @property
    def empty(self) -> bool:
        return not (self.picked or self.toggled or self.removed or self.done)


@dataclass(frozen=True)
class Question:
    key: str  # the answer key (or, for a node that stores none, its id)
    ids: tuple[str, ...]  # the choices offered now, in order
    labels: Mapping[str, str]
    checklist: bool
    yes: frozenset[str]  # normalised yes / no words of the locale
    no: frozenset[str]


def read_answer(lex: Lexicon, q: Question, text: str) -> Answer:
    tokens = tokenize(text, lex.code)
    if not tokens:
        return Answer()
    if q.checklist:
        numbers = number_list(tokens, lex.nums, lex.fillers)
        if numbers is not None:
            return _by_numbers(q, numbers)
    else:
        n = bare_number(tokens, lex.nums, lex.fillers)
        if n is not None:
            return _by_number(lex, q, n, text)
    evidence, denied = interpret(lex, text, tokens, {q.key}, typed=True)
    if not evidence:
        evidence = numbers_read(lex, text, tokens, {q.key}, anywhere=True)
    evidence = [e for e in evidence if e.value in q.ids]
    picked = list(dict.fromkeys(e.value for e in evidence))
    if q.checklist:
        return Answer(
            picked=picked,
            removed=[v for v in denied.get(q.key, []) if v in q.ids],
            evidence=evidence,
        )
    if len(picked) > 1:
        fallback = lex.neutral.on_conflict.get(q.key)
        picked = [fallback] if fallback in q.ids else []
    if picked:
        return Answer(picked=picked, evidence=[e for e in evidence if e.value == picked[0]])
    return _by_label(lex, q, text)


def _by_number(lex: Lexicon, q: Question, n: int, text: str) -> Answer:
    ranges = lex.neutral.counts.get(q.key)
    if ranges:  # a count question: the number is a count, not a position
        value = next((v for v, (lo, hi) in ranges.items() if lo <= n <= hi), None)
    elif n == LAST:
        value = q.ids[-1]
    else:
        value = q.ids[n - 1] if 1 <= n <= len(q.ids) else None
    if value is None or value not in q.ids:
        return Answer()
    return Answer(picked=[value], evidence=[Evidence(q.key, value, text.strip())])


def _by_numbers(q: Question, numbers: list[int]) -> Answer:
    if numbers == [len(q.ids) + 1]:
        return Answer(done=True)
    if not all(1 <= n <= len(q.ids) for n in numbers):
        return Answer()
    return Answer(toggled=[q.ids[n - 1] for n in dict.fromkeys(numbers)])


def _by_label(lex: Lexicon, q: Question, text: str) -> Answer:
    said = [w for w in (t.text for t in tokenize(text, lex.code)) if w not in lex.fillers]
    whole = " ".join(t.text for t in tokenize(text, lex.code))
    hits = []
    for oid in q.ids:
        label = [t.text for t in tokenize(q.labels.get(oid, ""), lex.code)]
        if whole == " ".join(label) or (said and set(said) <= set(label)):
            hits.append(oid)
    if len(hits) == 1:
        return Answer(picked=hits, evidence=[Evidence(q.key, hits[0], text.strip())])
    norm = " ".join(whole.split())
    if norm in q.yes and "yes" in q.ids:
        return Answer(picked=["yes"], evidence=[Evidence(q.key, "yes", text.strip())])
    if norm in q.no and "no" in q.ids:
        return Answer(picked=["no"], evidence=[Evidence(q.key, "no", text.strip())])
    return Answer()


def closest(lex: Lexicon, q: Question, text: str, limit: int = 3) -> list[str]:
    """The choices a text that was not understood comes closest to ("Did you mean ...?"):
    those sharing a word with it, typos allowed, best first. Nothing when none does."""
    said = {
        w
        for w in (t.text for t in tokenize(text, lex.code))
        if len(w) >= 4 and w not in lex.fillers
    }
    if not said:
        return []
    scores: dict[str, float] = {}
    for oid in q.ids:
        words = {t.text for t in tokenize(q.labels.get(oid, ""), lex.code)}
        concept = lex.concepts.get(q.key, {}).get(oid)
        for p in (*concept.patterns, *concept.typed) if concept else ():
            words.update(part.text for part in p.parts if part is not None)
        words = {w for w in words if len(w) >= 4}
        best = max((fuzz.ratio(s, w) for s in said for w in words), default=0.0)
        if best >= 85:
            scores[oid] = best
    return sorted(scores, key=lambda o: -scores[o])[:limit]
