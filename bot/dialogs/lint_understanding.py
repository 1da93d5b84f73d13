"""The linter's check of dialogs/<locale>/understanding.yaml: no phrase claimed by two
choices of one question, and every example still reads as written."""

from __future__ import annotations

from functools import partial

from ..conversation.understand import question, question_key
from ..understanding import Question, read_answer
from ..understanding.checks import clashes, examples
from .compiled import Dialogs
from .locale import Locale


def problems(d: Dialogs) -> list[str]:
    out: list[str] = []
    for loc in d.locales.values():
        out += clashes(loc.lexicon)
        out += examples(loc.lexicon, partial(_question, d, loc), partial(read_answer, loc.lexicon))
    return out


def _question(d: Dialogs, loc: Locale, key: str) -> Question | None:
    if key == "confirm":
        return Question("confirm", ("yes", "no"), {}, False, loc.yes, loc.no)
    for node in d.nodes.values():
        if node.options and question_key(node) == key:
            return question(loc, node, [o.id for o in node.options])
    return None
