"""When a typed answer is not understood: one line and the closest choices ("Did you
mean: Between interview rounds?") instead of the whole question again; the whole question
comes back on `help` or after a second miss in a row."""

from __future__ import annotations

from .. import choice_ids as ids
from ..dialogs import Node
from ..models import Button, Outbound
from ..text import fill
from . import understand
from .turn import Turn


def miss(turn: Turn, node: Node, text: str) -> None:
    turn.missed = True
    if turn.misses >= 1:  # the second miss in a row: the whole question
        return turn.reask(turn.msg("unknown"))
    close = understand.suggestions(turn.loc, node, turn.available(node), text)
    if close:
        return did_you_mean(turn, node, close)
    turn.say(turn.msg("unknown_short"), kind="question")
    return None


def did_you_mean(turn: Turn, node: Node, oids: list[str]) -> None:
    """Ask before taking an answer read only with a typo tolerated, or offer the closest."""
    version = turn.old.version if turn.old else 0
    labels = [turn.label(node, o) for o in oids]
    text = fill(turn.msg("did_you_mean"), {"options": turn.msg("or").join(labels)})
    buttons = [Button(id=ids.encode(node.id, o, version), label=turn.label(node, o)) for o in oids]
    turn.out.append(Outbound(text=text, kind="question", to=turn.to, choices=buttons))
