"""Text as the reader sees it: folded (case, apostrophes, German umlauts) and split into
word tokens that remember where they came from, so evidence can quote the user's words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words, keeping inner apostrophes and hyphens ("didn't", "one-on-one"); digits are words.
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Where a sentence ends: negation and side remarks never reach across these.
_STOP = re.compile(r"[.!?;:\n]+")
_COMMA = re.compile(r"[,(—–]|\s-\s")  # a clause ends: "not rude, just late"
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # folded
    start: int  # character offsets in the original text
    end: int
    sentence: int
    clause: int


def fold(text: str, code: str) -> str:
    """The form words are compared in: case-folded, one kind of apostrophe, German umlauts
    spelled out (so "spät" and "spaet", typed on an English keyboard, are one word), and
    other accents dropped."""
    t = text.casefold().replace("’", "'").replace("`", "'")
    if code == "de":
        t = t.translate(_GERMAN)
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    return t


def tokenize(text: str, code: str) -> list[Token]:
    """Word tokens of `text` (folding keeps lengths for ASCII; offsets refer to the
    original, which is what evidence quotes)."""
    out: list[Token] = []
    sentence = clause = 0
    last = 0
    for m in _WORD.finditer(text):
        if _STOP.search(text, last, m.start()):
            sentence += 1
            clause += 1
        elif _COMMA.search(text, last, m.start()):
            clause += 1
        last = m.end()
        out.append(Token(fold(m.group(0), code), m.start(), m.end(), sentence, clause))
    return out


def words(text: str, code: str) -> list[str]:
    return [t.text for t in tokenize(text, code)]
