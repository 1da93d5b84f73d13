"""Moving through the flow: where an answer leads, and arriving at a node."""

from __future__ import annotations

from .state import Timers
from .steps import STEPS
from .turn import ENGINE_NODES, Turn

MAX_STEPS = 60  # nodes chained without input; the linter rejects cycles of them
QUESTIONS = ("choice", "checklist")


def enter(turn: Turn, node_id: str, *, prefilled: bool = False) -> None:
    """Arrive at a node: do what it does, and go on through nodes that need no input.

    Questions a story answered (`from_story`) are passed by their answer, once; with
    `prefilled` (right after the story) info nodes on the way say nothing again."""
    for _ in range(MAX_STEPS):
        node = turn.d.nodes[node_id]
        turn.node = node_id
        if prefilled and node.type == "info":
            node_id = turn.route(node)
            continue
        passed = prefilled or node.answer in turn.from_story
        if node.type in QUESTIONS and passed and node.answer in turn.answers:
            turn.from_story = [k for k in turn.from_story if k != node.answer]  # once
            option = node.option(str(turn.answers[node.answer]))
            node_id = (option.next if option else None) or turn.route(node)
            continue
        if STEPS[node.type].arrive(turn, node):
            return
        prefilled = False
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
    turn.from_story = []
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
        or (node is None and turn.node not in ENGINE_NODES)
        or (node is not None and node.type == "end")
    ):
        return begin(turn)
    turn.ask(turn.node, prefix=None if quiet else turn.msg("resumed"))
