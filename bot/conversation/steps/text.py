"""A free-text node (a name, a reason, a date); Skip is always offered."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ... import dates
from ...choice_ids import SKIP
from ...dialogs import Node
from ...text import clean
from .. import fields, forms
from ..turn import Turn
from . import Step


def arrive(turn: Turn, node: Node) -> bool:
    turn.ask(node.id)
    return True


def typed(turn: Turn, node: Node, text: str, word: str) -> str | None:
    if word in turn.loc.control.get("skip", ()):
        return answer(turn, node, "")
    if node.form and forms.is_line(text):  # "Priya Raman; Initech; Data Analyst"
        return forms.submit(turn, node, forms.from_line(turn, node, text))
    return answer(turn, node, text)


def clicked(turn: Turn, node: Node, oid: str, values: list[str]) -> str | None:
    if oid == SKIP:
        return answer(turn, node, "")
    turn.reask(turn.msg("unknown"))
    return None


def answer(turn: Turn, node: Node, text: str) -> str | None:
    assert node.answer is not None
    if node.parse == "date":
        parsed = _date(turn, clean(text, max_length=node.max_length))
        reading = fields.Reading(parsed) if parsed is not None else None
    else:
        reading = fields.read(turn.d, turn.loc, node, text)
    if reading is None:
        turn.reask(fields.invalid(turn, node))
        return None
    turn.push_history()
    fields.store(turn, node, reading)
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


STEP = Step(arrive, typed, clicked)
