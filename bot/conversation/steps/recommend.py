"""The coach's view: weigh the answers (dialogs/rules.yaml), show the card, and take
"that sounds right" or "I see it differently" like any choice."""

from __future__ import annotations

from ...dialogs import Node
from ..advice import recommendation_for
from ..turn import Turn
from . import Step, choice


def arrive(turn: Turn, node: Node) -> bool:
    rec = recommendation_for(turn)
    if node.answer:  # the path they are on, until they choose another
        turn.answers[node.answer] = rec.outcome
    turn.ask(node.id)
    return True


def typed(turn: Turn, node: Node, text: str, word: str) -> str | None:
    # The options ("that sounds right", "I see it differently") are not the answer: the
    # node's answer is the outcome, set on arrival.
    return choice.typed(turn, node, text, word, store=False)


def clicked(turn: Turn, node: Node, oid: str, values: list[str]) -> str | None:
    return choice.clicked(turn, node, oid, values, store=False)


STEP = Step(arrive, typed, clicked)
