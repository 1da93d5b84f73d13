"""An info node: say something (and set or cancel a timer), then go straight on."""

from __future__ import annotations

from ...dialogs import Node
from .. import render, timers
from ..turn import Turn
from . import Step


def arrive(turn: Turn, node: Node) -> bool:
    timers.schedule_at(turn, node)
    turn.say(render.node_text(turn, node), kind="advice" if node.cites else "info")
    return False


def stray(turn: Turn, node: Node, *_: object) -> str | None:
    """Input can only land here after a dialog edit moved the node: ask again."""
    turn.reask(turn.msg("unknown"))
    return None


STEP = Step(arrive, stray, stray)
