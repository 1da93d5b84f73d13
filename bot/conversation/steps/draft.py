"""A draft node: compose the note (a new version when anything changed) and show it; its
options are revisions, taken like any choice."""

from __future__ import annotations

from ...dialogs import Node
from ...drafts import compose, note_kind
from ...models import Draft
from .. import render
from ..turn import Turn
from . import Step, choice


def arrive(turn: Turn, node: Node) -> bool:
    new_version(turn, node)
    if node.waits:
        turn.ask(node.id)
        return True
    turn.out.append(render.draft_message(turn, node, with_choices=False))
    return False


def new_version(turn: Turn, node: Node) -> None:
    kind = note_kind(turn.d, turn.answers, node.kind or "auto")
    state = turn.drafts
    last = state.latest.get(kind)
    number = (last.number or 1) + 1 if last else 1  # this kind's first version is 1
    view = compose(turn.d, kind, turn.facts, turn.loc, state.version + 1, number)
    if last and last.subject == view.subject and last.body == view.body:
        return  # nothing changed: keep the version they already have
    turn.drafts = state.model_copy(
        update={"version": view.version, "last_kind": kind, "latest": {**state.latest, kind: view}}
    )
    turn.effects.drafts.append(
        Draft(
            version=view.version,
            kind=kind,
            subject=view.subject,
            body=view.body,
            created_at=turn.now,
        )
    )
    turn.changed = True


STEP = Step(arrive, choice.typed, choice.clicked)
