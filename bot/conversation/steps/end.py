"""The end: the conversation is over; control words still work."""

from __future__ import annotations

from ...dialogs import Node
from ..turn import Turn
from . import Step


def arrive(turn: Turn, node: Node) -> bool:
    turn.ask(node.id)
    return True


def typed(turn: Turn, node: Node, text: str, word: str) -> str | None:
    turn.say(turn.msg("finished"))
    return None


def clicked(turn: Turn, node: Node, oid: str, values: list[str]) -> str | None:
    turn.reask(turn.msg("unknown"))
    return None


STEP = Step(arrive, typed, clicked)
