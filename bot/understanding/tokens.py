"""Text as the reader sees it: folded (case, apostrophes, German umlauts) and split into
word tokens that remember where they came from, so evidence can quote the user's words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# One pass over the text: a word (keeping inner apostrophes and hyphens: "didn't",
# "one-on-one"), a sentence end (negation and side remarks never reach across one), or a
# clause break ("not rude, just late").
_SCAN = re.compile(r"(?P<w>[^\W_]+(?:['’\-][^\W_]+)*)|(?P<stop>[.!?;:\n]+)|(?P<comma>[,(—–]|\s-\s)")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_FOLDED: dict[tuple[str, str], str] = {}  # words repeat: each is folded once (bounded)


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
    """Word tokens of `text`, their offsets in the original (what evidence quotes)."""
    out: list[Token] = []
    sentence = clause = 0
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        if kind == "w":
            raw = m.group(0)
            folded = _FOLDED.get((raw, code))
            if folded is None:
                if len(_FOLDED) > 50_000:
                    _FOLDED.clear()
                folded = _FOLDED[(raw, code)] = fold(raw, code)
            out.append(Token(folded, m.start(), m.end(), sentence, clause))
        elif out:  # punctuation before the first word ends nothing
            if kind == "stop":
                sentence += 1
            clause += 1
    return out


def words(text: str, code: str) -> list[str]:
    return [t.text for t in tokenize(text, code)]
