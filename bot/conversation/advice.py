"""The recommendation for this turn's answers, worked out once per turn."""

from __future__ import annotations

from ..models import Recommendation
from ..recommend import recommendation
from .turn import Turn


def recommendation_for(turn: Turn) -> Recommendation:
    node = turn.d.nodes.get(turn.node)
    own = node.answer if node is not None and node.type == "recommend" else None
    key = (
        turn.locale_code,
        tuple(sorted((k, str(v)) for k, v in turn.answers.items() if k != own)),
    )
    if turn.rec_cache is None or turn.rec_cache[0] != key:
        turn.rec_cache = (key, recommendation(turn.d, turn.loc, turn.answers))
    return turn.rec_cache[1]
