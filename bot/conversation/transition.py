"""One turn of the conversation as a pure function.

`transition(conversation, inbound, dialogs, now, config)` returns the new conversation,
the replies and the effects to store with it. No I/O and no clock but `now`, so every
rule of the conversation can be tested by calling it, and the engine can retry it after
a compare-and-swap conflict without side effects.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dialogs import Dialogs
from ..models import Inbound, Outbound
from . import inputs, render
from .state import Conversation
from .turn import Ask, Effects, Turn, TurnConfig


@dataclass
class Result:
    conversation: Conversation | None  # None: the user asked to be forgotten
    replies: list[Outbound]
    effects: Effects
    changed: bool
    misses: int = 0  # questions not understood in a row (the engine keeps it in memory)


def transition(
    conversation: Conversation | None,
    inbound: Inbound,
    dialogs: Dialogs,
    now: float,
    config: TurnConfig,
    misses: int = 0,
) -> Result:
    turn = Turn(dialogs, config, now, inbound, conversation, misses=misses)
    inputs.run(turn)
    return finish(turn)


def finish(turn: Turn) -> Result:
    """The replies rendered at the new version, and the new state when anything changed."""
    turn.undo_record()
    if turn.forgotten:
        said = [o for o in turn.out if isinstance(o, Outbound)]
        for r in said:
            r.locale = turn.locale_code
        return Result(None, said, turn.effects, True)
    old = turn.old
    if old is not None and (turn.locale_code != old.locale or turn.timezone != old.timezone):
        turn.changed = True
    version = (old.version if old else 0) + (1 if turn.changed else 0)
    replies: list[Outbound] = []
    for item in turn.out:
        replies.extend(render.render(turn, item, version) if isinstance(item, Ask) else [item])
    for r in replies:
        r.locale = turn.locale_code
    if not turn.changed:
        return Result(old, replies, turn.effects, False, turn.misses + 1 if turn.missed else 0)
    conv = Conversation.model_construct(
        who=turn.inbound.who,
        node=turn.node,
        answers=turn.answers,
        history=turn.history,
        locale=turn.locale_code,
        locale_override=turn.override,
        timezone=turn.timezone,
        version=version,
        created_at=old.created_at if old else turn.now,
        updated_at=turn.now,
        ticked=turn.ticked,
        flags=turn.flags,
        drafts=turn.drafts,
        timers=turn.timers,
        pending=turn.pending,
        from_story=turn.from_story,
        last_event=None,  # the engine fills these three in
        last_replies="[]",
        recent_events=[],
    )
    return Result(conv, replies, turn.effects, True, turn.misses + 1 if turn.missed else 0)
