"""A route node: a fork in the flow that says nothing and goes on by its `next`."""

from __future__ import annotations

from ...dialogs import Node
from ..turn import Turn
from . import Step, info


def arrive(turn: Turn, node: Node) -> bool:
    return False


STEP = Step(arrive, info.stray, info.stray)
