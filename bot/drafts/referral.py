"""A referral read from what was typed: the person's name and, optionally, one short line
about them, so the note can introduce them in its own words (G32) instead of pasting the
whole sentence.

"I'd be glad to introduce my friend Alex Moreno, she's done enterprise sales for five
years, who I think could be a strong fit" reads as the name "Alex Moreno" and the line
"she's done enterprise sales for five years": the phrases before the name, and what the
note says anyway ("who could be a strong fit"), are dropped (dialogs/names.yaml). When the
reading differs from what was typed, the conversation shows it back for confirmation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dialogs.draft_words import NameTables
from ..text import normalise
from .names import parse_name

MAX_NAME_WORDS = 5
MAX_SKIPPED = 4  # lower-case words before a name that no lead-in covers
_SEPARATOR = re.compile(r"\s*(?:[,;:(]|\s[-–—]\s)\s*")
_EDGES = " ,;:.!?-–—()\"'“”„"
_JOINERS = ("and", "und", "who", "which", "that", "der", "die")


@dataclass(frozen=True)
class Referral:
    name: str
    line: str = ""
    rewritten: bool = False  # the reading is not what was typed: show it back


def read_referral(text: str, t: NameTables) -> Referral | None:
    """The name and the line about them; None when no name can be found."""
    typed = text.strip().strip(_EDGES)
    if not typed:
        return None
    rest = _drop_lead_ins(typed, t)
    head, _, tail = _split_first(rest)
    words = head.split()
    name_words, after = _name_run(words, t)
    for skip in range(1, min(MAX_SKIPPED, len(words)) + 1):  # "my old boss Sam Okafor"
        if name_words or words[skip - 1][:1].isupper():
            break
        name_words, after = _name_run(words[skip:], t)
    if not name_words:
        parsed = parse_name(head, t)
        if parsed is None or not parsed.known or len(head.split()) > 3:
            return None
        name_words, after = parsed.full.split(), []
    line = _line(" ".join([*after, tail]).strip(), t)
    name = " ".join(name_words)
    if len(line) > t.line_max:
        line = ""
    shown = f"{name}, {line}" if line else name
    return Referral(name, line, rewritten=_plain(shown) != _plain(typed))


def _drop_lead_ins(text: str, t: NameTables) -> str:
    changed = True
    while changed:
        changed = False
        low = text.lower().replace("’", "'")
        for phrase in t.lead_ins:
            if low.startswith(phrase) and (
                len(low) == len(phrase) or not low[len(phrase)].isalnum()
            ):
                text = text[len(phrase) :].lstrip(_EDGES)
                changed = True
                break
    return text


def _split_first(text: str) -> tuple[str, str, str]:
    m = _SEPARATOR.search(text)
    if m is None:
        return text, "", ""
    return text[: m.start()], m.group(), text[m.end() :]


def _name_run(words: list[str], t: NameTables) -> tuple[list[str], list[str]]:
    """The leading capitalised words (particles inside a name allowed), and what follows."""
    run: list[str] = []
    for i, w in enumerate(words):
        low = normalise(w)
        particle = bool(run) and w in t.particles and i + 1 < len(words)  # "van der Berg"
        if (low in t.stops and not particle) or len(run) == MAX_NAME_WORDS:
            return run, words[i:]
        if not (w[:1].isupper() or particle):
            return run, words[i:]
        run.append(w)
    while run and run[-1].lower() in t.particles:
        run.pop()
    return run, words[len(run) :]


def _line(text: str, t: NameTables) -> str:
    low = text.lower().replace("’", "'")
    cut = len(text)
    for filler in t.fillers:
        m = re.search(r"(?<!\w)" + re.escape(filler) + r"(?!\w)", low)
        if m is not None:
            cut = min(cut, m.start())
    line = text[:cut].strip(_EDGES)
    for word in _JOINERS:  # "who has five years in sales" -> "has five years in sales"
        if line.lower().startswith(word + " "):
            line = line[len(word) + 1 :].strip(_EDGES)
        if line.lower().endswith(" " + word):
            line = line[: -len(word) - 1].strip(_EDGES)
    return line


def _plain(text: str) -> str:
    return re.sub(r"[^\w]+", " ", normalise(text)).strip()
