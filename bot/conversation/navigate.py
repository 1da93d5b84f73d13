"""Moving through the flow: where an answer leads, and arriving at a node."""

from __future__ import annotations

from .state import Timers
from .steps import STEPS
from .turn import FORGET, Turn

MAX_STEPS = 25  # nodes chained without input; the linter rejects cycles of them


def enter(turn: Turn, node_id: str) -> None:
    """Arrive at a node: do what it does, and go on through nodes that need no input."""
    for _ in range(MAX_STEPS):
        node = turn.d.nodes[node_id]
        turn.node = node_id
        if STEPS[node.type].arrive(turn, node):
            return
        node_id = turn.route(node)
    raise AssertionError("too many steps without input")


def go_on(turn: Turn, target: str | None) -> None:
    """After an input: on to `target` when the handler named one (it recorded an answer)."""
    if target is not None:
        turn.changed = True
        enter(turn, target)


def begin(turn: Turn, prefix: str | None = None) -> None:
    """A fresh start; the drafts and the language survive it, pending timers do not."""
    turn.answers, turn.history, turn.ticked, turn.flags = {}, [], {}, {}
    turn.timers = Timers()
    turn.changed = True
    if prefix:
        turn.say(prefix)
    enter(turn, turn.d.start)


def restart(turn: Turn) -> None:
    turn.cancel(["reminder", "checkin"])
    begin(turn, turn.msg("restarted"))


def resume(turn: Turn, *, quiet: bool = False) -> None:
    """Where they left off, or a fresh start when there is nothing to pick up."""
    node = turn.current
    if (
        turn.old is None
        or (node is None and turn.node != FORGET)
        or (node is not None and node.type == "end")
    ):
        return begin(turn)
    turn.ask(turn.node, prefix=None if quiet else turn.msg("resumed"))
