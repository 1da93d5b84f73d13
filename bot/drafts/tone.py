"""Does a reason criticise the company or its people (G28)? Then it is quoted back with
neutral wordings to choose from, and enters the note only if the user keeps it.

More than a word list (the lists are `tone_check` in each <locale>/drafts.yaml):
- words and phrases that criticise on their own ("unprofessional", "waste of time",
  "Zeitverschwendung"); a trailing `*` matches any ending ("unprofessionell*");
- a negation shortly before a word that praises ("not an appropriate question", "wasn't
  very professional", "didn't bother", "nicht angemessen", "keine Rückmeldung").
Every language's lists are checked, whatever language the conversation is in: people
type in the language they think in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..dialogs.draft_words import ToneRules

_TOKEN = re.compile(r"\w[\w'’-]*")


@dataclass(frozen=True)
class _Token:
    word: str  # case-folded, straight apostrophes
    start: int
    end: int


def criticism(text: str, rules: Iterable[ToneRules]) -> str | None:
    """The words of `text` that read as criticism of them (as typed), or None."""
    tokens = [
        _Token(m.group().casefold().replace("’", "'"), m.start(), m.end())
        for m in _TOKEN.finditer(text)
    ]
    for r in rules:
        span = _phrase(tokens, r.words) or _negated(tokens, r)
        if span is not None:
            return text[tokens[span[0]].start : tokens[span[1]].end]
    return None


def _matches(word: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _phrase(tokens: list[_Token], phrases: tuple[str, ...]) -> tuple[int, int] | None:
    for phrase in phrases:
        parts = phrase.split()
        for i in range(len(tokens) - len(parts) + 1):
            if all(_matches(tokens[i + k].word, p) for k, p in enumerate(parts)):
                return i, i + len(parts) - 1
    return None


def _negated(tokens: list[_Token], r: ToneRules) -> tuple[int, int] | None:
    for i, tok in enumerate(tokens):
        if not (tok.word in r.negations or tok.word.endswith("n't")):
            continue
        for j in range(i + 1, min(len(tokens), i + 2 + r.gap)):
            if any(_matches(tokens[j].word, p) for p in r.negated):
                return i, j
    return None
