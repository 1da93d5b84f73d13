"""What a phrase's context changes: a negation before it ("they weren't late"), a hedge
("maybe I'd take it"), or someone else's story ("my friend had a rude interviewer").

Modelled on NegEx: a trigger reaches a few words forward within its sentence and stops
at a terminator ("but", "aber", "sondern"); pseudo-triggers ("not only", "nicht nur")
negate nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .patterns import Hit, Matcher
from .tokens import Token

WINDOW = 4  # words a negation or a hedge reaches
OTHERS_WINDOW = 12  # words a side remark about someone else reaches


@dataclass(frozen=True)
class ScopeWords:
    negation: frozenset[str]
    post_negation: frozenset[str]
    pseudo: Matcher  # "not only": not a negation
    terminators: frozenset[str]
    hedges: Matcher
    others: Matcher  # "my friend", "ein Kollege": what follows is their experience
    first_person: frozenset[str]  # "i", "ich": the user speaking of themselves again

    def is_negation(self, word: str) -> bool:
        return word in self.negation or word.endswith("n't")


def _marks(m: Matcher, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    return [(h.start, h.end) for _, h in m.scan(tokens)]


@dataclass
class Context:
    """The context marks of one text, found once and asked per hit."""

    tokens: Sequence[Token]
    words: ScopeWords

    def __post_init__(self) -> None:
        self.pseudo = _marks(self.words.pseudo, self.tokens)
        self.hedge_spans = _marks(self.words.hedges, self.tokens)
        self.other_spans = _marks(self.words.others, self.tokens)

    def _back(self, hit: Hit, window: int) -> range:
        """Token indexes before the hit, nearest first, within its sentence and clause."""
        clause = self.tokens[hit.start].clause
        stop = hit.start
        for j in range(hit.start - 1, max(-1, hit.start - 1 - window), -1):
            t = self.tokens[j]
            if t.clause != clause or t.text in self.words.terminators:
                break
            stop = j
        return range(hit.start - 1, stop - 1, -1)

    def negated(self, hit: Hit) -> bool:
        for j in self._back(hit, WINDOW):
            word = self.tokens[j].text
            if not self.words.is_negation(word):
                continue
            if any(a <= j < b for a, b in (*self.pseudo, *self.hedge_spans)):
                continue  # "not only", or a hedge: "I don't think I'd take it" is unsure
            return True
        return self._negated_after(hit)

    def _negated_after(self, hit: Hit) -> bool:
        """German puts "nicht" after the object: "Ich brauche das Geld nicht"."""
        clause = self.tokens[hit.start].clause
        for j in range(hit.end, min(len(self.tokens), hit.end + 2)):
            t = self.tokens[j]
            if t.clause != clause:
                break
            if t.text in self.words.post_negation:
                return True
        return False

    def hedged(self, hit: Hit) -> bool:
        span = self._back(hit, WINDOW)
        return any(a in span or (a < hit.start <= b) for a, b in self.hedge_spans) or any(
            hit.start <= a < hit.end for a, _ in self.hedge_spans
        )

    def someone_else(self, hit: Hit) -> bool:
        """A side remark: someone else is the subject before the hit in its sentence, and
        the user has not come back in ("my friend had a rude interviewer")."""
        sentence = self.tokens[hit.start].sentence
        for a, b in self.other_spans:
            if (
                b > hit.start
                or self.tokens[a].sentence != sentence
                or hit.start - b > OTHERS_WINDOW
            ):
                continue
            between = self.tokens[b : hit.start]
            if not any(
                t.text in self.words.first_person or t.text in self.words.terminators
                for t in between
            ):
                return True
        return False
