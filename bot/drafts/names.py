"""A typed name read into its parts, so a greeting can use the right ones: the given name
for a warm note ("Hi Priya,"), title and family name for a formal one ("Dear Dr Vogel,",
"Sehr geehrte Frau Vogel,").

Rules (the word lists are dialogs/names.yaml):
- a form of address typed with the name ("Frau", "Mr") gives the address; titles ("Dr.",
  "Prof.") are kept apart; suffixes ("Jr.", "PhD") and a trailing "(HR)" are dropped;
- "Vogel, Kerstin" is read as "Kerstin Vogel";
- the family name is the last word, or starts at a particle ("van der Berg", "de la Cruz");
  hyphenated names stay whole ("Anna-Lena Schmidt-Weber");
- one word is a given name, unless a title or a form of address comes with it ("Frau Vogel");
- all lower or all upper case is capitalised ("kerstin vogel" -> "Kerstin Vogel");
- an e-mail address, digits, or more than five words are not a name (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dialogs.draft_words import NameTables
from ..text import normalise

MAX_WORDS = 5
_NOT_A_NAME = re.compile(r"[@\d]|https?:|www\.")
_CUT = re.compile(r"\s+[-–—/|]\s+|\s*\([^)]*\)\s*")  # "Kerstin Vogel - HR", "Sam (recruiter)"


@dataclass(frozen=True)
class Name:
    given: str = ""
    family: str = ""
    titles: tuple[str, ...] = ()  # title ids, highest first ("prof", "dr")
    address: str | None = None  # from a typed form of address: an id of the address question

    @property
    def known(self) -> bool:
        return bool(self.given or self.family)

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given, self.family) if p)


def parse_name(text: str, t: NameTables) -> Name | None:
    """The parts of a typed name; None when it is no name (see the module's rules)."""
    text = text.strip().strip("\"'“”„‚‘’«»").strip(" ,;:")
    if not text:
        return Name()
    if _NOT_A_NAME.search(text):
        return None
    text = _CUT.split(text, maxsplit=1)[0].strip(" ,;:") if _CUT.search(text) else text
    words = _reorder(text, t).split()
    address, titles, words = _leading(words, t)
    while words and normalise(words[-1]).strip(",") in t.suffixes:
        words = words[:-1]
    words = [w.strip(",") for w in words if w.strip(",")]
    if len(words) > MAX_WORDS or any(not any(c.isalpha() for c in w) for w in words):
        return None
    if _one_case(words):
        words = [_capitalise(w, t) for w in words]
    if not words:
        return Name(titles=titles, address=address)
    if len(words) == 1:
        if address or titles:
            return Name(family=words[0], titles=titles, address=address)
        return Name(given=words[0])
    at = _family_start(words, t)
    return Name(" ".join(words[:at]), " ".join(words[at:]), titles, address)


def _reorder(text: str, t: NameTables) -> str:
    """ "Vogel, Kerstin" -> "Kerstin Vogel" (but "Sam Lee, PhD" keeps its order)."""
    if text.count(",") != 1:
        return text
    left, right = (p.strip() for p in text.split(","))
    if not left or not right or normalise(right) in t.suffixes:
        return f"{left} {right}".strip()
    return f"{right} {left}"


def _leading(words: list[str], t: NameTables) -> tuple[str | None, tuple[str, ...], list[str]]:
    """Forms of address and titles before the name ("Frau Prof. Dr. med.")."""
    address: str | None = None
    found: list[str] = []
    while words:
        w = normalise(words[0])
        if w in t.honorifics and address is None and len(words) > 1:
            address = t.honorifics[w]
        elif w in t.titles and len(words) > 1:
            found.append(t.titles[w])
        elif w in t.title_parts and found:
            pass
        else:
            break
        words = words[1:]
    ranked = tuple(r for r in t.title_rank if r in found)
    return address, ranked, words


def _family_start(words: list[str], t: NameTables) -> int:
    if words[0] in t.particles:  # "da Silva", "van Dijk" typed without a given name
        return 0
    for i in range(1, len(words) - 1):
        if words[i].lower() in t.particles:
            return i
    return len(words) - 1


def _one_case(words: list[str]) -> bool:
    letters = "".join(words)
    return letters == letters.lower() or letters == letters.upper()


def _capitalise(word: str, t: NameTables) -> str:
    if word.lower() in t.particles:
        return word.lower()
    return "-".join(_cap(part) for part in word.split("-"))


def _cap(part: str) -> str:
    head, apostrophe, tail = part.partition("'")
    if apostrophe and len(head) <= 2:  # O'Neil, D'Angelo
        return head[:1].upper() + head[1:].lower() + "'" + tail[:1].upper() + tail[1:].lower()
    return part[:1].upper() + part[1:].lower()
