"""Understanding what people type, in English and German: deterministic and private
(nothing leaves the process; no model is downloaded).

    tokens.py    folding and word tokens that remember where they came from
    patterns.py  a coach's phrases as token patterns (endings, compounds, gaps, typos)
    scope.py     negation, hedges, someone else's experience
    numbers.py   numbers in words, ordinals, durations
    lexicon.py   dialogs/<locale>/understanding.yaml compiled, and its schema
    reading.py   a whole story read for every answer it states
    answer.py    a typed answer read against the question being asked
    checks.py    what `python -m bot check` verifies about the phrases and examples
"""

from __future__ import annotations

from .answer import Answer, Question, closest, read_answer
from .lexicon import Lexicon, LocaleSpec, NeutralSpec, build, parse
from .reading import Evidence, Reading, read_story

__all__ = [
    "Answer",
    "Evidence",
    "Lexicon",
    "LocaleSpec",
    "NeutralSpec",
    "Question",
    "Reading",
    "build",
    "closest",
    "parse",
    "read_answer",
    "read_story",
]
