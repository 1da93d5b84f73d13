"""`forget`: confirm, then delete everything. The confirmation is a step of the engine's
own (node `_forget`), so `back` and a stale click treat it like any question."""

from __future__ import annotations

from ..models import Outbound
from .turn import FORGET, Turn


def ask(turn: Turn) -> None:
    if turn.old is None:
        turn.effects.forget = True  # stray rows (drafts, outbox) still go
        turn.forgotten = True
        return turn.say(turn.msg("forgotten"), kind="forgotten")
    if turn.node != FORGET:
        turn.push_history()
        turn.node = FORGET
        turn.changed = True
    turn.ask(FORGET)


def answer(turn: Turn, yes: bool | None) -> None:
    if yes is None:
        return turn.reask(turn.msg("unknown"))
    if yes:
        turn.effects.forget = True
        turn.forgotten = True
        turn.changed = True
        # kind "forgotten" tells adapters to drop what they cache about this user too
        turn.out = [Outbound(text=turn.msg("forgotten"), kind="forgotten", to=turn.to)]
        return None
    entry = turn.history[-1] if turn.history else None
    turn.history = turn.history[:-1]
    turn.node = entry.node if entry and entry.node in turn.d.nodes else turn.d.start
    turn.changed = True
    turn.ask(turn.node, prefix=turn.msg("forget_kept"))
    return None


def yes_no(turn: Turn, word: str) -> bool | None:
    if word in turn.loc.yes:
        return True
    if word in turn.loc.no:
        return False
    return None
