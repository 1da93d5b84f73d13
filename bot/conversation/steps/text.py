"""A free-text node (a name, a reason, a date); Skip is always offered."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ... import dates
from ...choice_ids import SKIP
from ...dialogs import Node
from ...text import clean, contains_phrase, normalise
from ..turn import Turn
from . import Step


def arrive(turn: Turn, node: Node) -> bool:
    turn.ask(node.id)
    return True


def typed(turn: Turn, node: Node, text: str, word: str) -> str | None:
    if word in turn.loc.control.get("skip", ()):
        return answer(turn, node, "")
    return answer(turn, node, text)


def clicked(turn: Turn, node: Node, oid: str, values: list[str]) -> str | None:
    if oid == SKIP:
        return answer(turn, node, "")
    turn.reask(turn.msg("unknown"))
    return None


def answer(turn: Turn, node: Node, text: str) -> str | None:
    assert node.answer is not None
    value = clean(text, max_length=node.max_length)
    if node.parse == "date":
        parsed = _date(turn, value)
        if parsed is None:
            turn.reask(turn.loc.nodes[node.id].invalid or turn.msg("unknown"))
            return None
        value = parsed
    turn.push_history()
    turn.answers[node.answer] = value
    if node.tone_check:
        turn.flags[node.tone_check] = "negative" if value and is_negative(turn, value) else "ok"
    return turn.route(node)


def _date(turn: Turn, value: str) -> str | None:
    """An ISO date, `dates.UNKNOWN`, or None when the text is not a date we can read."""
    if not value:
        return dates.UNKNOWN
    today = datetime.fromtimestamp(turn.now, UTC).date()
    try:
        when = dates.parse_when(value, turn.loc, today)
    except dates.BadDate:
        return None
    return when.isoformat() if isinstance(when, date) else dates.UNKNOWN


def is_negative(turn: Turn, text: str) -> bool:
    t = normalise(text)
    return any(contains_phrase(t, w) for w in turn.loc.negative)


STEP = Step(arrive, typed, clicked)
