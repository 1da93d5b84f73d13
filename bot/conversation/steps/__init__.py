"""One handler per node type: what arriving at a node does, and what an input there does.

Each module offers a `Step`. `arrive` returns True when the conversation waits at the node
for input; `typed` and `clicked` handle an input at the node and return where to go on to
(None: stay; the handler has queued what to show). Moving on is `navigate`'s job, so a
step never calls back into the flow itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...dialogs import Node
from ..turn import Turn


@dataclass(frozen=True)
class Step:
    arrive: Callable[[Turn, Node], bool]
    typed: Callable[
        [Turn, Node, str, str], str | None
    ]  # (turn, node, cleaned text, normalised word)
    clicked: Callable[[Turn, Node, str, list[str]], str | None]  # (turn, node, option id, values)


def _registry() -> dict[str, Step]:
    from . import checklist, choice, draft, end, info, recommend, route, text

    return {
        "info": info.STEP,
        "route": route.STEP,
        "choice": choice.STEP,
        "checklist": checklist.STEP,
        "text": text.STEP,
        "recommend": recommend.STEP,
        "draft": draft.STEP,
        "end": end.STEP,
    }


STEPS = _registry()
