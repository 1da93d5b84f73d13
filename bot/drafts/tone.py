"""Does a reason criticise the company or its people (G28)? Then it is quoted back with
neutral wordings to choose from, and enters the note only if the user keeps it.

More than a word list (the lists are `tone_check` in each <locale>/drafts.yaml):
- words and phrases that criticise on their own ("unprofessional", "waste of time",
  "Zeitverschwendung"); a trailing `*` matches any ending ("unprofessionell*");
- a negation shortly before a word that praises ("not an appropriate question", "wasn't
  very professional", "didn't bother", "nicht angemessen", "keine Rückmeldung").
Every language's lists are checked, whatever language the conversation is in: people
type in the language they think in. Each list is compiled once into one expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..dialogs.draft_words import ToneRules

_APOSTROPHE = "['’]"


def criticism(text: str, rules: Iterable[ToneRules]) -> str | None:
    """The words of `text` that read as criticism of them (as typed), or None."""
    for r in rules:
        words, negated = _compiled(r)
        m = (words.search(text) if words else None) or (negated.search(text) if negated else None)
        if m is not None:
            return m.group()
    return None


def _word(pattern: str) -> str:
    """One listed word as an expression: `*` for any ending, either apostrophe."""
    stem = re.escape(pattern.rstrip("*")).replace("'", _APOSTROPHE)
    return stem + (r"\w*" if pattern.endswith("*") else "")


@lru_cache(maxsize=8)
def _compiled(r: ToneRules) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    phrases = [r"\W+".join(_word(w) for w in p.split()) for p in r.words]
    words = re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)", re.I) if phrases else None
    if not (r.negations and r.negated):
        return words, None
    negation = "|".join([*(re.escape(n) for n in r.negations), r"\w+n" + _APOSTROPHE + "t"])
    praise = "|".join(_word(p) for p in r.negated)
    gap = r"(?:\W+\w+){0," + str(r.gap) + "}?"
    negated = re.compile(rf"(?<!\w)(?:{negation}){gap}\W+(?:{praise})(?!\w)", re.I)
    return words, negated
