"""`back` as an undo log: each step remembers only what it changed.

A snapshot of every answer per step would grow a stored row with each question; the
old values of the few answers a step changed are enough to put it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

MAX_HISTORY = 40  # steps `back` can undo; older ones are forgotten


class Undo(BaseModel):
    """One step: the node it was asked at and the answers it changed, with their old values
    (None: the answer was not set before)."""

    node: str
    answers: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def between(cls, node: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> Undo:
        changed = {
            k: before.get(k) for k in before.keys() | after.keys() if before.get(k) != after.get(k)
        }
        return cls.model_construct(node=node, answers=changed)

    def restore(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """`answers` as they were before this step."""
        out = dict(answers)
        for k, v in self.answers.items():
            if v is None:
                out.pop(k, None)
            else:
                out[k] = v
        return out


def push(history: list[Undo], entry: Undo) -> list[Undo]:
    return [*history[-(MAX_HISTORY - 1) :], entry]
