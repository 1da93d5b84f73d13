"""The one codec for choice ids: `node:choice:version`.

A button's id names the question it answers and the version of the conversation it was
shown at, never a user: identity comes from the platform payload alone, so a forged or
replayed id can at most act on the clicker's own conversation, and a click on an old
question is recognised as stale. The engine, the adapters and the tests all build and read
ids here, so the format lives in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Engine-own choices (not in dialogs/flow.yaml): they start with `_`, which YAML ids cannot.
DONE = "_done"  # a checklist is finished
EXPLAIN = "_explain"  # "what do these mean?" on a checklist
SKIP = "_skip"  # a free-text question left empty
YES = "_yes"  # confirming `forget`
NO = "_no"
FORM = "_form"  # a form submission naming the question it fills (`node:_form:7`)
KEEP = "_keep"  # a form closed unsent: keep what it held, stay at the question
SET = "_set"  # a checklist's ticks set all at once (Slack checkboxes send the whole set)
START = "_start"  # "Continue" on an overview page (Slack's App Home): not tied to a question

_PATTERN = re.compile(r"^(?P<node>[^:\s]{1,40}):(?P<choice>[^:\s]{1,40}):(?P<version>\d{1,12})$")


@dataclass(frozen=True, slots=True)
class ChoiceId:
    node: str
    choice: str
    version: int

    def __str__(self) -> str:
        return f"{self.node}:{self.choice}:{self.version}"

    @classmethod
    def parse(cls, text: str) -> ChoiceId | None:
        """The id's parts, or None for anything that is not an id we could have given out."""
        m = _PATTERN.match(text)
        if m is None:
            return None
        return cls(m["node"], m["choice"], int(m["version"]))


def encode(node: str, choice: str, version: int) -> str:
    return f"{node}:{choice}:{version}"


def choice_of(text: str) -> str | None:
    """Just the choice part of an id (what tests and adapters usually compare)."""
    parsed = ChoiceId.parse(text)
    return parsed.choice if parsed else None


def node_of(text: str) -> str | None:
    parsed = ChoiceId.parse(text)
    return parsed.node if parsed else None
